//! The conversion exports, called the way the module calls them, and the C ABI contract:
//! hostile arguments give statuses, out-parameters are reset on every path, nothing is
//! written for a bad batch.

mod common;
use common::*;
use immutableid::*;

const GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";
const ID: &str = "K81Lh40UykezCZHfZPBb9Q==";
const MOVED: &str = "30475e40-e7ae-4af3-af75-8b143c81daf5";
const MOVED_ID: &str = "QF5HMK7n80qvdYsUPIHa9Q==";

fn ok(s: &str) -> Outcome {
    Ok(s.to_string())
}

fn code(o: &Outcome) -> &str {
    &o.as_ref().unwrap_err().0
}

#[test]
fn converts_every_kind_in_order() {
    let stored = uuid::Uuid::parse_str(GUID).unwrap().to_bytes_le();
    let b = values_of(
        IidSchema::ConvertTo,
        &[
            V::Guid(GUID),
            V::Text("not a guid"),
            V::Bytes(&stored),
            V::Null,
            V::Bytes(&stored[..3]),
            V::Text("{30475E40-E7AE-4AF3-AF75-8B143C81DAF5}"),
        ],
    );
    let (ids, warnings) = to_immutable_id(&b, IidSourceFormat::Auto);
    assert_eq!(ids[0], ok(ID));
    assert_eq!(code(&ids[1]), "UnrecognizedFormat");
    assert!(ids[1].as_ref().unwrap_err().1.contains("'not a guid'"));
    assert_eq!(ids[2], ok(ID));
    assert_eq!(code(&ids[3]), "EmptyValue");
    assert_eq!(code(&ids[4]), "WrongByteCount");
    assert_eq!(ids[5], ok(MOVED_ID));
    assert!(warnings.is_empty());
}

#[test]
fn a_set_consistency_guid_wins_over_object_guid_and_errors_name_it() {
    let fields = passed_count(IidSchema::ConvertTo);
    let (cg, og) = (field(IidSchema::ConvertTo, "mS-DS-ConsistencyGuid"), field(IidSchema::ConvertTo, "ObjectGUID"));
    let moved = uuid::Uuid::parse_str(MOVED).unwrap().to_bytes_le();
    let mut b = Batch::default();
    b.record(fields, &[(cg, V::Bytes(&moved)), (og, V::Guid(GUID))]);
    b.record(fields, &[(cg, V::Null), (og, V::Guid(GUID))]);
    b.record(fields, &[(cg, V::Bytes(&[])), (og, V::Guid(GUID))]);
    b.record(fields, &[(cg, V::Text("  ")), (og, V::Guid(GUID))]);
    b.record(fields, &[(cg, V::Bytes(&[1, 2, 3])), (og, V::Guid(GUID))]);
    b.record(fields, &[]);
    b.record(fields, &[(cg, V::Text(MOVED))]);
    let (ids, _) = to_immutable_id(&b, IidSourceFormat::Auto);
    assert_eq!(ids[..4], [ok(MOVED_ID), ok(ID), ok(ID), ok(ID)]);
    let (code4, message4) = ids[4].clone().unwrap_err();
    assert_eq!(code4, "WrongByteCount");
    assert!(message4.starts_with("mS-DS-ConsistencyGuid: "), "{message4}");
    let (code5, message5) = ids[5].clone().unwrap_err();
    assert_eq!(code5, "NoAnchorProperty");
    assert!(message5.contains("mS-DS-ConsistencyGuid") && message5.contains("ObjectGUID"), "{message5}");
    assert_eq!(ids[6], ok(MOVED_ID), "GUID text in a CSV column is read whatever -InputFormat says");
}

#[test]
fn says_which_field_supplied_the_guid() {
    let fields = passed_count(IidSchema::ConvertTo);
    let og = field(IidSchema::ConvertTo, "ObjectGUID");
    let mut b = Batch::default();
    b.record(fields, &[(og, V::Guid(GUID))]);
    b.itself(fields, V::Guid(GUID));
    let mut out = vec![IidConverted { immutable_id: [0; 24], guid: [0; 16], field: 0, ok: 0, anchor: IidText::NONE }; 2];
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_to_immutable_id(&b.input(), 0, std::ptr::null(), 0, out.as_mut_ptr(), 2, &mut answer) }, IidStatus::Ok);
    assert_eq!((out[0].field as usize, out[1].field), (og, 0));
    assert_eq!(out[0].guid, uuid::Uuid::parse_str(GUID).unwrap().to_bytes_le());
    assert!(answer.owner.is_null(), "an answer with nothing to say owns nothing");
}

#[test]
fn the_source_anchor_says_which_property_makes_the_anchor() {
    let fields = passed_count(IidSchema::ConvertTo);
    let schema = schema_fields(IidSchema::ConvertTo);
    let (cg, og) = (field(IidSchema::ConvertTo, "mS-DS-ConsistencyGuid"), field(IidSchema::ConvertTo, "ObjectGUID"));
    let attribute = schema.iter().find(|f| f.1 == IidRole::SourceAnchor as u32).map(|f| f.2 as usize).expect("a SOURCE_ANCHOR field");
    let moved = uuid::Uuid::parse_str(MOVED).unwrap().to_bytes_le();
    let mut b = Batch::default();
    b.record(fields, &[(cg, V::Bytes(&moved)), (og, V::Guid(GUID)), (attribute, V::Text("E1234"))]);
    b.record(fields, &[(cg, V::Bytes(&moved)), (og, V::Guid(GUID)), (attribute, V::Bytes(&[0xde, 0xad, 0xbe, 0xef]))]);
    b.record(fields, &[(og, V::Guid(GUID)), (attribute, V::Bytes(&moved))]);
    b.record(fields, &[(og, V::Guid(GUID)), (attribute, V::Text(""))]);
    let (default, _) = to_anchor(&b, IidSourceFormat::Auto, "");
    assert_eq!(default[..3], [ok(MOVED_ID), ok(MOVED_ID), ok(ID)]);
    let (object_guid, _) = to_anchor(&b, IidSourceFormat::Auto, "objectGUID");
    assert_eq!(object_guid[..2], [ok(ID), ok(ID)], "mS-DS-ConsistencyGuid is ignored");
    let (employee, _) = to_anchor(&b, IidSourceFormat::Auto, "employeeID");
    assert_eq!(employee[..3], [ok("E1234"), ok("3q2+7w=="), ok(MOVED_ID)], "as is; Base64 of bytes; 16 bytes are a GUID");
    assert_eq!(code(&employee[3]), "EmptyValue");
    // A name that is none of these is refused, out reset.
    for bad in ["employee ID", "a_b", "1x"] {
        let choice: Vec<u16> = bad.encode_utf16().collect();
        let mut out =
            vec![IidConverted { immutable_id: [7; 24], guid: [7; 16], field: 7, ok: 7, anchor: IidText { offset: 7, len: 7 } }; 4];
        let mut answer = IidAnswer::EMPTY;
        let status = unsafe { iid_to_immutable_id(&b.input(), 0, choice.as_ptr(), choice.len(), out.as_mut_ptr(), 4, &mut answer) };
        assert_eq!(status, IidStatus::InvalidArgument, "{bad}");
        assert!(out.iter().all(|c| c.ok == 0 && c.anchor == IidText::NONE && c.field == IID_NO_FIELD), "{bad}");
    }
    // Null with a length, and text that is not UTF-16, are refused too.
    let mut out = vec![IidConverted { immutable_id: [0; 24], guid: [0; 16], field: 0, ok: 0, anchor: IidText::NONE }; 4];
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(
        unsafe { iid_to_immutable_id(&b.input(), 0, std::ptr::null(), 3, out.as_mut_ptr(), 4, &mut answer) },
        IidStatus::InvalidArgument
    );
    let lone = [0xD800u16];
    assert_eq!(
        unsafe { iid_to_immutable_id(&b.input(), 0, lone.as_ptr(), 1, out.as_mut_ptr(), 4, &mut answer) },
        IidStatus::InvalidArgument
    );
}

#[test]
fn iid_source_anchor_names_the_choice_or_says_why_not() {
    let read = |name: &str| {
        let units: Vec<u16> = name.encode_utf16().collect();
        let (mut kind, mut answer) = (9u32, IidAnswer::EMPTY);
        assert_eq!(unsafe { iid_source_anchor(units.as_ptr(), units.len(), &mut kind, &mut answer) }, IidStatus::Ok);
        let said = (
            kind,
            list(&answer, IidSpan { start: 0, len: answer.lists_len }),
            notes(&answer).into_iter().map(|n| n.code).collect::<Vec<_>>(),
        );
        free(&mut answer);
        said
    };
    assert_eq!(read("consistencyGUID"), (IidSourceAnchorKind::ConsistencyGuid as u32, vec!["ConsistencyGuid".to_string()], vec![]));
    assert_eq!(read("OBJECTGUID"), (IidSourceAnchorKind::ObjectGuid as u32, vec!["ObjectGUID".to_string()], vec![]));
    assert_eq!(read("msDS-SourceAnchor"), (IidSourceAnchorKind::Attribute as u32, vec!["msDS-SourceAnchor".to_string()], vec![]));
    for bad in ["", "employee ID", "é"] {
        assert_eq!(read(bad), (0, vec![], vec!["InvalidSourceAnchor".to_string()]), "{bad:?}");
    }
    let (mut kind, mut answer) = (9u32, IidAnswer::EMPTY);
    let lone = [0xDC00u16];
    assert_eq!(unsafe { iid_source_anchor(lone.as_ptr(), 1, &mut kind, &mut answer) }, IidStatus::InvalidArgument);
    assert_eq!((kind, answer.owner.is_null()), (0, true));
    assert_eq!(unsafe { iid_source_anchor(std::ptr::null(), 0, std::ptr::null_mut(), &mut answer) }, IidStatus::InvalidArgument);
    assert_eq!(unsafe { iid_source_anchor(std::ptr::null(), 0, &mut kind, std::ptr::null_mut()) }, IidStatus::InvalidArgument);
    // `kind` inside the answer: refused, the answer reset.
    let mut shared = IidAnswer { owner: 8 as *mut std::ffi::c_void, text_len: 3, ..IidAnswer::EMPTY };
    let inside = std::ptr::addr_of_mut!(shared.text_len).cast::<u32>();
    let name: Vec<u16> = "employeeID".encode_utf16().collect();
    assert_eq!(unsafe { iid_source_anchor(name.as_ptr(), name.len(), inside, &mut shared) }, IidStatus::InvalidArgument);
    assert!(shared.owner.is_null() && shared.text_len == 0);
}

/// `iid_guids_to_immutable_ids` into `out`, which holds 0x77 where nothing was written.
fn packed(guids: &[u8], count: usize, out: &mut [u8]) -> IidStatus {
    out.fill(0x77);
    unsafe { iid_guids_to_immutable_ids(guids.as_ptr(), count, out.as_mut_ptr(), out.len()) }
}

#[test]
fn packed_guids_convert_and_bad_arguments_write_nothing() {
    let mut guids = uuid::Uuid::parse_str(GUID).unwrap().to_bytes_le().to_vec();
    guids.extend(uuid::Uuid::parse_str(MOVED).unwrap().to_bytes_le());
    guids.extend([0u8; 16]);
    let mut out = vec![0u8; 3 * 24 + 4];
    assert_eq!(packed(&guids, 3, &mut out), IidStatus::Ok);
    assert_eq!(&out[..72], format!("{ID}{MOVED_ID}AAAAAAAAAAAAAAAAAAAAAA==").as_bytes(), "no NUL, no warning for the nil GUID");
    assert_eq!(out[72..], [0x77; 4], "bytes after count * 24 are left alone");
    assert_eq!(packed(&guids, 0, &mut out), IidStatus::Ok);
    assert!(out.iter().all(|&b| b == 0x77), "a count of 0 writes nothing");
    assert_eq!(unsafe { iid_guids_to_immutable_ids(std::ptr::null(), 0, std::ptr::null_mut(), 0) }, IidStatus::Ok);

    let refused = |what: &str, status: IidStatus, out: &[u8]| {
        assert_eq!(status, IidStatus::InvalidArgument, "{what}");
        assert!(out.iter().all(|&b| b == 0x77), "{what}: nothing written");
    };
    let mut short = vec![0u8; 3 * 24 - 1];
    refused("an out one byte short", packed(&guids, 3, &mut short), &short);
    refused("a count past the GUIDs' bytes overflowing", packed(&guids, usize::MAX / 16 + 1, &mut out), &out);
    refused("a count whose ImmutableIds' bytes overflow", packed(&guids, usize::MAX / 24 + 1, &mut out), &out);
    refused("GUID bytes past PTRDIFF_MAX", packed(&guids, isize::MAX as usize / 16 + 1, &mut out), &out);
    out.fill(0x77);
    refused("null GUIDs with a count", unsafe { iid_guids_to_immutable_ids(std::ptr::null(), 1, out.as_mut_ptr(), out.len()) }, &out);
    assert_eq!(unsafe { iid_guids_to_immutable_ids(guids.as_ptr(), 1, std::ptr::null_mut(), 24) }, IidStatus::InvalidArgument);
    assert_eq!(unsafe { iid_guids_to_immutable_ids(guids.as_ptr(), 1, std::ptr::null_mut(), 0) }, IidStatus::InvalidArgument);
    assert_eq!(
        unsafe { iid_guids_to_immutable_ids(guids.as_ptr(), 1, out.as_mut_ptr(), usize::MAX) },
        IidStatus::InvalidArgument,
        "an out_len past PTRDIFF_MAX"
    );

    // GUIDs and ImmutableIds in one buffer: apart is fine, sharing a byte is refused.
    let mut shared = vec![0x77u8; 3 * 24 + 3 * 16];
    shared[72..].copy_from_slice(&guids);
    let base = shared.as_mut_ptr();
    assert_eq!(unsafe { iid_guids_to_immutable_ids(base.add(72), 3, base, 72) }, IidStatus::Ok);
    assert_eq!(&shared[..24], ID.as_bytes());
    for (out_at, out_len) in [(0, 73), (80, 24), (72, 24), (64, 24)] {
        shared[..72].fill(0x77);
        let base = shared.as_mut_ptr();
        let status = unsafe { iid_guids_to_immutable_ids(base.add(72), 1, base.add(out_at), out_len) };
        assert_eq!(status, IidStatus::InvalidArgument, "out at {out_at}, {out_len} bytes");
        assert_eq!(shared[72..], guids[..], "out at {out_at}: the GUIDs are untouched");
        assert!(shared[..72].iter().all(|&b| b == 0x77), "out at {out_at}: nothing written");
    }
}

#[test]
fn the_nil_guid_converts_with_a_warning() {
    let nil = "00000000-0000-0000-0000-000000000000";
    let (ids, warnings) = to_immutable_id(&values_of(IidSchema::ConvertTo, &[V::Guid(nil)]), IidSourceFormat::Auto);
    assert_eq!(ids, [ok("AAAAAAAAAAAAAAAAAAAAAA==")]);
    assert_eq!((warnings.len(), warnings[0].code.as_str()), (1, "NilGuid"));
    let (guids, warnings) =
        from_immutable_id(&values_of(IidSchema::ConvertFrom, &[V::Text("AAAAAAAAAAAAAAAAAAAAAA==")]), IidOutputForm::Guid);
    assert_eq!(guids, [ok(nil)]);
    assert_eq!(warnings[0].code, "NilGuid");
}

#[test]
fn format_hint_resolves_bare_hex() {
    let b = values_of(IidSchema::ConvertTo, &[V::Text("874bcd2b148d47cab30991df64f05bf5")]);
    assert_eq!(code(&to_immutable_id(&b, IidSourceFormat::Auto).0[0]), "AmbiguousHex");
    assert_eq!(to_immutable_id(&b, IidSourceFormat::Guid).0[0], ok(ID));
    assert_eq!(to_immutable_id(&b, IidSourceFormat::Hex).0[0], ok("h0vNKxSNR8qzCZHfZPBb9Q=="));
}

#[test]
fn unpaired_surrogates_and_huge_values_are_per_item_errors() {
    let huge = "A".repeat(10 * 1024 * 1024);
    for schema in [IidSchema::ConvertTo, IidSchema::ConvertFrom] {
        let b = values_of(schema, &[V::Units(&[0xD800, 0x41]), V::Text(&huge), V::Text(ID)]);
        let outcomes = if schema == IidSchema::ConvertTo {
            to_immutable_id(&b, IidSourceFormat::Auto).0
        } else {
            from_immutable_id(&b, IidOutputForm::Guid).0
        };
        assert_eq!(code(&outcomes[0]), "InvalidCharacter");
        assert_eq!(code(&outcomes[1]), "ValueTooLong");
        assert!(outcomes[1].as_ref().unwrap_err().1.len() < 300);
    }
}

#[test]
fn from_immutable_id_renders_every_form_and_names_properties() {
    let fields = passed_count(IidSchema::ConvertFrom);
    let on_prem = field(IidSchema::ConvertFrom, "OnPremisesImmutableId");
    let mut b = values_of(
        IidSchema::ConvertFrom,
        &[V::Text(ID), V::Text("AAAA"), V::Text("CN={514635484D4B376E38307176645973555049486139513D3D}")],
    );
    b.record(fields, &[(on_prem, V::Null)]);
    b.record(fields, &[(on_prem, V::Text(" QF5HMK7n80qvdYsUPIHa9Q=="))]);
    let (guids, _) = from_immutable_id(&b, IidOutputForm::Guid);
    assert_eq!(guids[0], ok(GUID));
    assert_eq!(code(&guids[1]), "NotGuidBased");
    assert_eq!(guids[2], ok(MOVED));
    let (code3, message3) = guids[3].clone().unwrap_err();
    assert_eq!(code3, "EmptyValue");
    assert!(message3.contains("OnPremisesImmutableId") && message3.contains("cloud-only"), "{message3}");
    let (code4, message4) = guids[4].clone().unwrap_err();
    assert_eq!(code4, "SurroundingWhiteSpace");
    assert!(message4.starts_with("OnPremisesImmutableId: ") && message4.contains(MOVED), "{message4}");
    assert_eq!(iid_output_width(IidOutputForm::Bytes as u32), 16);
    assert_eq!(iid_output_width(77), 0);
}

#[test]
fn describe_gives_every_form() {
    let b = values_of(IidSchema::ConvertFrom, &[V::Text(ID), V::Text("AAAA"), V::Text("K81Lh40UykezCZHfZPBb9R==")]);
    let blank = IidForms {
        immutable_id: IidText::NONE,
        hex: IidText::NONE,
        ldap_filter: IidText::NONE,
        distinguished_name: IidText::NONE,
        guid: [0; 16],
        has_guid: 0,
        field: 0,
        byte_count: 0,
        ok: 0,
    };
    let mut out = vec![blank; 3];
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_describe(&b.input(), out.as_mut_ptr(), 3, &mut answer) }, IidStatus::Ok);
    assert_eq!((out[0].ok, out[0].has_guid, out[0].byte_count), (1, 1, 16));
    assert_eq!(text(&answer, out[0].hex).unwrap(), "2BCD4B878D14CA47B30991DF64F05BF5");
    assert_eq!(text(&answer, out[0].distinguished_name).unwrap(), "CN={4B38314C68343055796B657A435A48665A50426239513D3D}");
    assert_eq!((out[1].ok, out[1].has_guid, out[1].byte_count), (1, 0, 3));
    assert_eq!(out[2].ok, 0);
    assert_eq!(notes(&answer).iter().map(|n| (n.item, n.code.as_str())).collect::<Vec<_>>(), [(2, "NonCanonicalPadding")]);
    free(&mut answer);
}

#[test]
fn schemas_reason_names_error_codes_and_version() {
    let fields = schema_fields(IidSchema::Test);
    assert_eq!(fields[0].1, IidRole::Itself as u32);
    assert!(fields.iter().any(|f| f.0 == "mS-DS-ConsistencyGuid" && f.1 == IidRole::Anchor as u32));
    let identity = schema_fields(IidSchema::ConvertTo).into_iter().filter(|f| f.2 == IID_NO_FIELD).map(|f| f.0).collect::<Vec<_>>();
    assert_eq!(identity, ["SamAccountName", "UserPrincipalName", "DistinguishedName", "Id"]);
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_reason_names(&mut answer) }, IidStatus::Ok);
    let names = all_list(&answer);
    assert_eq!((names[0].as_str(), names[16].as_str()), ("Empty", "Duplicate"));
    assert_eq!(numbers(&answer, IidSpan { start: 0, len: names.len() })[15], IidSeverity::Warning as u64);
    free(&mut answer);
    assert_eq!(unsafe { iid_error_codes(&mut answer) }, IidStatus::Ok);
    let codes = all_list(&answer);
    for expected in ["EmptyValue", "NoAnchorProperty", "GuidMismatch", "UnclosedQuote"] {
        assert!(codes.iter().any(|c| c == expected), "{expected}");
    }
    free(&mut answer);
    let version = unsafe { std::ffi::CStr::from_ptr(iid_version()) };
    assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}

#[test]
fn cloud_object_types_are_checked() {
    let mut answer = IidAnswer::EMPTY;
    let banana: Vec<u16> = "Banana".encode_utf16().collect();
    assert_eq!(unsafe { iid_cloud_object_type(banana.as_ptr(), banana.len(), &mut answer) }, IidStatus::Ok);
    let n = notes(&answer);
    assert_eq!(n[0].code, "InvalidObjectType");
    assert!(n[0].message.contains("User, Group, Device or Contact"), "{}", n[0].message);
    free(&mut answer);
    let device: Vec<u16> = "device".encode_utf16().collect();
    assert_eq!(unsafe { iid_cloud_object_type(device.as_ptr(), device.len(), &mut answer) }, IidStatus::Ok);
    assert_eq!(all_list(&answer), ["Device"]);
    free(&mut answer);
    assert_eq!(unsafe { iid_cloud_object_types(&mut answer) }, IidStatus::Ok);
    assert_eq!(all_list(&answer), ["User", "Group", "Device", "Contact"]);
    free(&mut answer);
}

/// A sentinel the library must overwrite with EMPTY on every path.
fn dirty_answer() -> IidAnswer {
    IidAnswer {
        text: 8 as *const u16,
        text_len: 3,
        notes: std::ptr::dangling::<IidNote>(),
        notes_len: 1,
        lists: std::ptr::null(),
        lists_len: 0,
        numbers: std::ptr::null(),
        numbers_len: 0,
        owner: 8 as *mut std::ffi::c_void,
    }
}

fn is_reset(answer: &IidAnswer) -> bool {
    answer.owner.is_null() && answer.text.is_null() && answer.notes_len == 0
}

#[test]
fn hostile_arguments_give_statuses_and_reset_every_out_parameter() {
    let fields = passed_count(IidSchema::ConvertTo);
    let b = values_of(IidSchema::ConvertTo, &[V::Text(GUID), V::Text(MOVED)]);
    let good = b.input();
    let blank = IidConverted { immutable_id: [7; 24], guid: [7; 16], field: 7, ok: 7, anchor: IidText { offset: 7, len: 7 } };
    let call = |input: &IidInput, format: u32, out_len: usize| {
        let mut out = vec![blank; 4];
        let mut answer = dirty_answer();
        let status = unsafe { iid_to_immutable_id(input, format, std::ptr::null(), 0, out.as_mut_ptr(), out_len, &mut answer) };
        (status, out, answer)
    };
    // Each case: the status, and nothing written but the reset.
    let mut cases: Vec<(&str, IidInput, u32, usize)> = vec![
        ("output too short", good, 0, 1),
        ("unknown format", good, 99, 4),
        ("values not whole records", IidInput { values_len: fields + 1, ..good }, 0, 4),
        ("null values with a length", IidInput { values: std::ptr::null(), ..good }, 0, 4),
        ("null text with a length", IidInput { text: std::ptr::null(), ..good }, 0, 4),
        ("a length past PTRDIFF_MAX", IidInput { text_len: usize::MAX, ..good }, 0, 4),
        ("values_len of 2^40", IidInput { values_len: 1 << 40, ..good }, 0, 4),
    ];
    // The second record's value points past the text: the first must not be written either.
    let mut beyond = b.clone();
    beyond.values[fields].offset = 1000;
    let beyond_input = beyond.input();
    cases.push(("an offset past the text in item 1", beyond_input, 0, 4));
    let mut odd_kind = b.clone();
    odd_kind.values[fields + 1].kind = 42;
    let odd_input = odd_kind.input();
    cases.push(("an unknown kind in an unused field of item 1", odd_input, 0, 4));
    let mut guid_len = b.clone();
    guid_len.values[0] = IidValue { kind: IidValueKind::Guid as u32, offset: 0, len: 3 };
    guid_len.bytes = vec![0; 16];
    let guid_input = guid_len.input();
    cases.push(("a GUID that is not 16 bytes", guid_input, 0, 4));
    for (name, input, format, out_len) in cases {
        let (status, out, answer) = call(&input, format, out_len);
        assert_eq!(status, IidStatus::InvalidArgument, "{name}");
        assert!(is_reset(&answer), "{name}: answer not reset");
        assert!(out[..out_len.min(4)].iter().all(|o| o.ok == 0 && o.immutable_id == [0; 24]), "{name}: output written or not reset");
    }
    unsafe {
        let mut out = [blank; 1];
        assert_eq!(
            iid_to_immutable_id(std::ptr::null(), 0, std::ptr::null(), 0, out.as_mut_ptr(), 1, &mut dirty_answer()),
            IidStatus::InvalidArgument
        );
        assert_eq!(
            iid_to_immutable_id(&good, 0, std::ptr::null(), 0, out.as_mut_ptr(), 1, std::ptr::null_mut()),
            IidStatus::InvalidArgument
        );
        assert_eq!(
            iid_to_immutable_id(&good, 0, std::ptr::null(), 0, std::ptr::null_mut(), 4, &mut dirty_answer()),
            IidStatus::InvalidArgument
        );
        assert_eq!(
            iid_to_immutable_id(&good, 0, std::ptr::null(), 0, std::ptr::null_mut(), usize::MAX, &mut dirty_answer()),
            IidStatus::InvalidArgument
        );
        // The answer inside the output array: two writers of one place.
        let mut shared = vec![blank; 8];
        let inside = shared.as_mut_ptr().add(1).cast::<IidAnswer>();
        assert_eq!(iid_to_immutable_id(&good, 0, std::ptr::null(), 0, shared.as_mut_ptr(), 8, inside), IidStatus::InvalidArgument);
        // An empty batch is fine, with or without buffers.
        let empty = IidInput {
            text: std::ptr::null(),
            text_len: 0,
            bytes: std::ptr::null(),
            bytes_len: 0,
            values: std::ptr::null(),
            values_len: 0,
        };
        let mut answer = dirty_answer();
        assert_eq!(iid_to_immutable_id(&empty, 0, std::ptr::null(), 0, std::ptr::null_mut(), 0, &mut answer), IidStatus::Ok);
        assert!(is_reset(&answer));
    }
}

#[test]
fn every_json_free_export_resets_its_answer_on_a_bad_argument() {
    let b = values_of(IidSchema::CloudAnchorFrom, &[V::Text("x")]);
    let mut bad = b.input();
    bad.values_len = usize::MAX;
    unsafe {
        let mut answer = dirty_answer();
        let mut forms = [0u8; 0];
        assert_eq!(iid_from_immutable_id(&bad, 0, forms.as_mut_ptr(), 0, &mut answer), IidStatus::InvalidArgument);
        assert!(is_reset(&answer));
        let mut answer = dirty_answer();
        assert_eq!(iid_describe(&bad, std::ptr::null_mut(), 0, &mut answer), IidStatus::InvalidArgument);
        assert!(is_reset(&answer));
        let mut answer = dirty_answer();
        assert_eq!(iid_cloud_anchor_decode(&bad, std::ptr::null_mut(), 0, &mut answer), IidStatus::InvalidArgument);
        assert!(is_reset(&answer));
        let mut answer = dirty_answer();
        let user: Vec<u16> = "User".encode_utf16().collect();
        assert_eq!(
            iid_cloud_anchor_encode(&b.input(), std::ptr::null(), 4, std::ptr::null_mut(), 0, &mut answer),
            IidStatus::InvalidArgument
        );
        assert!(is_reset(&answer));
        let mut answer = dirty_answer();
        let banana: Vec<u16> = "Banana".encode_utf16().collect();
        assert_eq!(
            iid_cloud_anchor_encode(&b.input(), banana.as_ptr(), banana.len(), std::ptr::null_mut(), 0, &mut answer),
            IidStatus::InvalidArgument
        );
        assert!(is_reset(&answer));
        let _ = user;
        let mut answer = dirty_answer();
        let mut count = 99usize;
        assert_eq!(iid_schema(77, std::ptr::null_mut(), 0, &mut count, &mut answer), IidStatus::InvalidArgument);
        assert!(is_reset(&answer) && count == 0);
        // Freeing a reset answer, twice, and a null one, is fine.
        iid_answer_free(&mut answer);
        iid_answer_free(&mut answer);
        iid_answer_free(std::ptr::null_mut());
    }
}

/// The reconciler's out-parameters over its inputs are refused and left alone, the inputs
/// kept: the answer over the records, the counts over the interrupt flag, the step count
/// over the plan's options, the script's answer over the version text.
#[test]
fn reconciler_outputs_over_inputs_are_refused() {
    let mut r = std::ptr::null_mut();
    assert_eq!(unsafe { iid_reconciler_new(std::ptr::null(), 0, &mut r) }, IidStatus::Ok);
    let mut b = Batch::default();
    b.record(passed_count(IidSchema::Mapping), &[]);
    let mut input = b.input();
    let kept = b.values.clone();
    let over_values = b.values.as_mut_ptr().cast::<IidAnswer>();
    assert_eq!(unsafe { iid_reconciler_add(r, IidSchema::Mapping as u32, &input, over_values) }, IidStatus::InvalidArgument);
    assert_eq!(b.values, kept, "the records were left as they were");
    let over_input = (&mut input as *mut IidInput).cast::<IidAnswer>();
    assert_eq!(
        unsafe { iid_reconciler_add(r, IidSchema::Mapping as u32, over_input.cast_const().cast(), over_input) },
        IidStatus::InvalidArgument
    );
    let mut block = [0u64; 4];
    let flag = block.as_mut_ptr().cast::<i32>();
    assert_eq!(unsafe { iid_reconciler_finish(r, flag, block.as_mut_ptr().cast()) }, IidStatus::InvalidArgument);
    let mut counts = IidReconcileCounts { results: 9, pairs: 9, mapping_errors: 9 };
    assert_eq!(unsafe { iid_reconciler_finish(r, std::ptr::null(), &mut counts) }, IidStatus::Ok, "the refused finish took nothing");
    let ou: Vec<u16> = "OU=Unsynced,DC=contoso,DC=com".encode_utf16().collect();
    let mut options = IidPlanOptions {
        out_of_scope_ou: ou.as_ptr(),
        out_of_scope_ou_len: ou.len(),
        sync_engine: 0,
        free_anchor: 0,
        server: std::ptr::null(),
        server_len: 0,
        route: 0,
        pairs: std::ptr::null(),
        pairs_len: 0,
    };
    let before = (options.out_of_scope_ou, options.out_of_scope_ou_len);
    let over_options = (&mut options as *mut IidPlanOptions).cast::<usize>();
    assert_eq!(unsafe { iid_reconciler_plan(r, over_options.cast_const().cast(), over_options) }, IidStatus::InvalidArgument);
    assert_eq!((options.out_of_scope_ou, options.out_of_scope_ou_len), before, "the options were left as they were");
    let mut text = vec![0u64; 16];
    let version = text.as_mut_ptr().cast::<u16>();
    unsafe { version.write(u16::from(b'1')) };
    let mut steps = 9;
    assert_eq!(unsafe { iid_reconciler_plan(r, &options, &mut steps) }, IidStatus::Ok);
    assert_eq!(unsafe { iid_reconciler_script(r, version, 8, version.cast()) }, IidStatus::InvalidArgument);
    assert_eq!(text[1..], [0; 15], "the version was left as it was");
    unsafe { iid_reconciler_free(r) };
}
