//! The C ABI, called the way the PowerShell module calls it.

mod common;
use common::Batch;
use immutableid::ffi::*;

fn errors_json(buffer: &IidBuffer) -> serde_json::Value {
    let text = unsafe { buffer.as_str() };
    if text.is_empty() {
        serde_json::json!([])
    } else {
        serde_json::from_str(text).unwrap()
    }
}

fn take(buffer: IidBuffer) -> serde_json::Value {
    let value = errors_json(&buffer);
    unsafe { iid_buffer_free(buffer) };
    value
}

fn to_ids(batch: &Batch, preferred: &[IidValue], fallback: Option<&[IidValue]>, format: u32) -> (Vec<Option<String>>, serde_json::Value) {
    let mut out = vec![0u8; preferred.len() * 24];
    let mut errors = IidBuffer::EMPTY;
    let status = unsafe {
        iid_to_immutable_id_many(
            batch.text.as_ptr(), batch.text.len(), batch.bytes.as_ptr(), batch.bytes.len(),
            preferred.as_ptr(), fallback.map_or(std::ptr::null(), |f| f.as_ptr()), preferred.len(),
            format, out.as_mut_ptr(), out.len(), &mut errors,
        )
    };
    assert_eq!(status, IidStatus::Ok);
    let errors = take(errors);
    let failed: Vec<u64> = errors.as_array().unwrap().iter().map(|e| e["index"].as_u64().unwrap()).collect();
    let ids = (0..preferred.len())
        .map(|i| (!failed.contains(&(i as u64))).then(|| String::from_utf8(out[i * 24..i * 24 + 24].to_vec()).unwrap()))
        .collect();
    (ids, errors)
}

#[test]
fn to_immutable_id_many_converts_every_kind_in_order() {
    let mut b = Batch::default();
    let guid_bytes = [0x2b, 0xcd, 0x4b, 0x87, 0x8d, 0x14, 0xca, 0x47, 0xb3, 0x09, 0x91, 0xdf, 0x64, 0xf0, 0x5b, 0xf5];
    let items = vec![
        b.guid("874bcd2b-148d-47ca-b309-91df64f05bf5"),
        b.text("not a guid"),
        b.bytes(&guid_bytes),
        Batch::none(),
        b.bytes(&guid_bytes[..3]),
        b.text("{30475E40-E7AE-4AF3-AF75-8B143C81DAF5}"),
    ];
    let (ids, errors) = to_ids(&b, &items, None, 0);
    assert_eq!(ids[0].as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
    assert_eq!(ids[1], None);
    assert_eq!(ids[2].as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
    assert_eq!(ids[5].as_deref(), Some("QF5HMK7n80qvdYsUPIHa9Q=="));
    let codes: Vec<&str> = errors.as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["UnrecognizedFormat", "EmptyValue", "WrongByteCount"]);
    assert!(errors[0]["message"].as_str().unwrap().contains("'not a guid'"));
}

#[test]
fn consistency_guid_wins_when_set() {
    let mut b = Batch::default();
    let object_guid = b.guid("874bcd2b-148d-47ca-b309-91df64f05bf5");
    let moved = b.bytes(&uuid::Uuid::parse_str("30475e40-e7ae-4af3-af75-8b143c81daf5").unwrap().to_bytes_le());
    let empty_bytes = b.bytes(&[]);
    let blank_text = b.text("  ");
    let preferred = [moved, Batch::none(), empty_bytes, blank_text];
    let fallback = [object_guid; 4];
    let (ids, _) = to_ids(&b, &preferred, Some(&fallback), 0);
    assert_eq!(ids[0].as_deref(), Some("QF5HMK7n80qvdYsUPIHa9Q=="));
    for id in &ids[1..] {
        assert_eq!(id.as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
    }
}

#[test]
fn a_set_but_bad_consistency_guid_is_an_error_not_a_fallback() {
    let mut b = Batch::default();
    let object_guid = b.guid("874bcd2b-148d-47ca-b309-91df64f05bf5");
    let bad = b.bytes(&[1, 2, 3]);
    let (ids, errors) = to_ids(&b, &[bad], Some(&[object_guid]), 0);
    assert_eq!(ids[0], None);
    assert_eq!(errors[0]["code"], "WrongByteCount");
}

#[test]
fn format_hint_resolves_bare_hex() {
    let mut b = Batch::default();
    let hex = b.text("874bcd2b148d47cab30991df64f05bf5");
    assert_eq!(to_ids(&b, &[hex], None, 0).1[0]["code"], "AmbiguousHex");
    assert_eq!(to_ids(&b, &[hex], None, 1).0[0].as_deref(), Some("K81Lh40UykezCZHfZPBb9Q=="));
    assert_eq!(to_ids(&b, &[hex], None, 2).0[0].as_deref(), Some("h0vNKxSNR8qzCZHfZPBb9Q=="));
}

#[test]
fn bad_arguments_are_statuses_not_crashes() {
    let mut b = Batch::default();
    let v = b.text("874bcd2b-148d-47ca-b309-91df64f05bf5");
    let mut out = [0u8; 24];
    let mut errors = IidBuffer::EMPTY;
    unsafe {
        // output too short
        let status = iid_to_immutable_id_many(b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &v, std::ptr::null(), 1, 0, out.as_mut_ptr(), 23, &mut errors);
        assert_eq!(status, IidStatus::InvalidArgument);
        // unknown format
        let status = iid_to_immutable_id_many(b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &v, std::ptr::null(), 1, 99, out.as_mut_ptr(), 24, &mut errors);
        assert_eq!(status, IidStatus::InvalidArgument);
        // offset beyond the text buffer
        let beyond = IidValue { offset: 1000, ..v };
        let status = iid_to_immutable_id_many(b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &beyond, std::ptr::null(), 1, 0, out.as_mut_ptr(), 24, &mut errors);
        assert_eq!(status, IidStatus::InvalidArgument);
        // null values with a count
        let status = iid_to_immutable_id_many(std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), std::ptr::null(), 1, 0, out.as_mut_ptr(), 24, &mut errors);
        assert_eq!(status, IidStatus::InvalidArgument);
        // null errors pointer
        let status = iid_to_immutable_id_many(b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &v, std::ptr::null(), 1, 0, out.as_mut_ptr(), 24, std::ptr::null_mut());
        assert_eq!(status, IidStatus::InvalidArgument);
        // unknown value kind
        let odd = IidValue { kind: 42, ..v };
        let status = iid_to_immutable_id_many(b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &odd, std::ptr::null(), 1, 0, out.as_mut_ptr(), 24, &mut errors);
        assert_eq!(status, IidStatus::InvalidArgument);
        // an empty batch is fine
        let status = iid_to_immutable_id_many(std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), std::ptr::null(), 0, 0, std::ptr::null_mut(), 0, &mut errors);
        assert_eq!(status, IidStatus::Ok);
    }
}

#[test]
fn unpaired_surrogates_and_huge_values_are_per_value_errors() {
    let mut b = Batch::default();
    b.text.extend_from_slice(&[0xD800, 0x41]);
    let lone = IidValue { kind: IID_VALUE_TEXT, offset: 0, len: 2 };
    let huge = b.text(&"A".repeat(10 * 1024 * 1024));
    let (ids, errors) = to_ids(&b, &[lone, huge], None, 0);
    assert_eq!(ids, [None, None]);
    assert_eq!(errors[0]["code"], "InvalidCharacter");
    assert_eq!(errors[1]["code"], "ValueTooLong");
    assert!(errors[1]["message"].as_str().unwrap().len() < 300);
}

#[test]
fn from_immutable_id_many_renders_every_form() {
    let mut b = Batch::default();
    b.push_text("K81Lh40UykezCZHfZPBb9Q==");
    b.push_text("AAAA");
    b.push_text("CN={514635484D4B376E38307176645973555049486139513D3D}");
    let expected: [(u32, [&str; 2]); 4] = [
        (0, ["874bcd2b-148d-47ca-b309-91df64f05bf5", "30475e40-e7ae-4af3-af75-8b143c81daf5"]),
        (1, ["2BCD4B878D14CA47B30991DF64F05BF5", "405E4730AEE7F34AAF758B143C81DAF5"]),
        (2, ["\\2b\\cd\\4b\\87\\8d\\14\\ca\\47\\b3\\09\\91\\df\\64\\f0\\5b\\f5", "\\40\\5e\\47\\30\\ae\\e7\\f3\\4a\\af\\75\\8b\\14\\3c\\81\\da\\f5"]),
        (3, ["CN={4B38314C68343055796B657A435A48665A50426239513D3D}", "CN={514635484D4B376E38307176645973555049486139513D3D}"]),
    ];
    for (form, [first, third]) in expected {
        let width = iid_output_width(form);
        let mut out = vec![0u8; width * 3];
        let mut errors = IidBuffer::EMPTY;
        let status = unsafe {
            iid_from_immutable_id_many(b.text.as_ptr(), b.text.len(), b.values.as_ptr(), 3, form, out.as_mut_ptr(), out.len(), &mut errors)
        };
        assert_eq!(status, IidStatus::Ok);
        assert_eq!(&out[..width], first.as_bytes());
        assert_eq!(&out[2 * width..], third.as_bytes());
        let errors = take(errors);
        assert_eq!(errors[0]["index"], 1);
        assert_eq!(errors[0]["code"], "NotGuidBased");
    }
    assert_eq!(iid_output_width(4), 16);
    assert_eq!(iid_output_width(77), 0);
}

#[test]
fn json_calls_answer_one_entry_per_value() {
    let mut b = Batch::default();
    b.push_text("VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==");
    b.push_text("K81Lh40UykezCZHfZPBb9Q==");
    let (mut json, mut errors) = (IidBuffer::EMPTY, IidBuffer::EMPTY);
    let status = unsafe { iid_cloud_anchor_decode_many(b.text.as_ptr(), b.text.len(), b.values.as_ptr(), 2, &mut json, &mut errors) };
    assert_eq!(status, IidStatus::Ok);
    assert_eq!(take(json), serde_json::json!(["User_c72903ed-7816-41cd-9066-eac33d171d77", null]));
    assert_eq!(take(errors)[0]["code"], "InvalidCloudAnchor");

    let mut ids = Batch::default();
    ids.push_text("c72903ed-7816-41cd-9066-eac33d171d77");
    let kind: Vec<u16> = "User".encode_utf16().collect();
    let (mut json, mut errors) = (IidBuffer::EMPTY, IidBuffer::EMPTY);
    let status = unsafe {
        iid_cloud_anchor_encode_many(ids.text.as_ptr(), ids.text.len(), ids.values.as_ptr(), 1, kind.as_ptr(), kind.len(), &mut json, &mut errors)
    };
    assert_eq!(status, IidStatus::Ok);
    assert_eq!(take(json)[0], "VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==");
    assert!(errors.ptr.is_null());

    let (mut json, mut errors) = (IidBuffer::EMPTY, IidBuffer::EMPTY);
    let status = unsafe { iid_describe_many(b.text.as_ptr(), b.text.len(), b.values.as_ptr(), 2, &mut json, &mut errors) };
    assert_eq!(status, IidStatus::Ok);
    let described = take(json);
    assert_eq!(described[1]["Guid"], "874bcd2b-148d-47ca-b309-91df64f05bf5");
    assert_eq!(described[1]["IsGuidBased"], true);
    unsafe { iid_buffer_free(errors) };
}

#[test]
fn version_is_a_c_string() {
    let version = unsafe { std::ffi::CStr::from_ptr(iid_version()) };
    assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}
