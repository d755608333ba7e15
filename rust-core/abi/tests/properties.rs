//! Properties of every C ABI export and of the rules behind them, tested with generated
//! inputs (proptest, in process: no fork, no timeout):
//! - every output form of any 16 bytes converts back to the same bytes, through every
//!   source form ConvertTo reads; CloudAnchors round-trip likewise;
//! - any value the core calls valid (no Invalid reason of its own) re-encodes to itself;
//! - arbitrary UTF-16 (lone surrogates included), bytes, value descriptions, enum values,
//!   short or null buffers and null answers, given to every export (the validator's and
//!   the reconciler's through their whole lifecycle), give OK or INVALID_ARGUMENT, never
//!   PANIC, with well-formed answers and every out-parameter reset;
//! - the validator takes arbitrary records in any number of calls, and its summary is the
//!   tally of its results;
//! - packed GUIDs (`iid_guids_to_immutable_ids`) with any count, lengths, null pointers
//!   and overlapping buffers give OK with the Base64 of each 16 bytes, or INVALID_ARGUMENT
//!   with nothing written;
//! - CSV files of arbitrary bytes (through `validate::add_csv_reader`) never panic and
//!   take back all their records when they fail;
//! - an output (an out array or the answer) anywhere over an input (the `IidInput`, its
//!   text, bytes or values, an object type or name) is refused with INVALID_ARGUMENT, every
//!   byte of the input kept, the other output reset; the same call with its outputs apart
//!   is OK.
//!
//! A few plain tests name the cases the properties found (see each one's comment).
//!
//! Everyday `cargo test` runs a few hundred cases per property, from a fixed seed. The
//! long mode (build.ps1 Fuzz) takes IID_FUZZ_CASES cases in total, split across the
//! properties by their cost, from a random seed, and prints how many each ran:
//!
//!     IID_FUZZ_CASES=1000000 cargo test --release -p immutableid --test properties

mod common;

use std::collections::BTreeMap;
use std::io::Write;

use common::*;
use immutableid::*;
use immutableid_rules::csv::{CsvErrorCode, CsvFailure, CsvOptions};
use immutableid_rules::validate::{self as rules, CsvColumns, Mode, Outcome, Validator};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use strum::IntoEnumIterator;

// ---- Running a property with its share of the cases.

/// Each property's share of IID_FUZZ_CASES (its weight, about its cost per case) and its
/// everyday number of cases.
struct Budget {
    name: &'static str,
    weight: u64,
    everyday: u32,
}

const BUDGETS: [Budget; 8] = [
    Budget { name: "guid_forms_round_trip", weight: 20, everyday: 256 },
    Budget { name: "packed_guids_take_any_arguments", weight: 5, everyday: 512 },
    Budget { name: "cloud_anchors_round_trip", weight: 15, everyday: 256 },
    Budget { name: "valid_values_re_encode_to_themselves", weight: 15, everyday: 256 },
    Budget { name: "hostile_calls_give_defined_statuses", weight: 35, everyday: 512 },
    Budget { name: "validator_takes_arbitrary_records", weight: 7, everyday: 128 },
    Budget { name: "csv_files_of_arbitrary_bytes", weight: 8, everyday: 128 },
    Budget { name: "outputs_over_inputs_are_refused", weight: 5, everyday: 256 },
];

/// The long mode's total, when IID_FUZZ_CASES is set.
fn fuzz_total() -> Option<u64> {
    let raw = std::env::var("IID_FUZZ_CASES").ok()?;
    Some(raw.trim().parse().unwrap_or_else(|_| panic!("IID_FUZZ_CASES={raw:?} is not a number")))
}

/// Runs `test` on the cases of property `name`; in long mode, prints their number (to the
/// process's stderr, which cargo's output capture does not hold back).
fn run<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let budget = BUDGETS.iter().find(|b| b.name == name).expect("a budget per property");
    let total = fuzz_total();
    let cases = match total {
        Some(total) => {
            let weights: u64 = BUDGETS.iter().map(|b| b.weight).sum();
            u32::try_from(total.div_ceil(weights) * budget.weight).unwrap_or(u32::MAX).max(budget.everyday)
        }
        None => budget.everyday,
    };
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = match total {
        Some(_) => TestRunner::new(config),
        None => TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha)),
    };
    let started = std::time::Instant::now();
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
    if total.is_some() {
        let _ = writeln!(std::io::stderr(), "{name}: {cases} cases passed in {:.1} s", started.elapsed().as_secs_f64());
    }
}

/// `prop_assert!` for conditions built in helpers.
fn ensure(condition: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if condition {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

// ---- Oracles: encodings computed here, not taken from the library.

/// Base64 from the `base64` crate itself, not the library's wrappers around it (the
/// library's byte order and forms are what is tested; the alphabet is the crate's).
fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn upper_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex from the library")).collect()
}

fn d_form(bytes: [u8; 16]) -> String {
    uuid::Uuid::from_bytes_le(bytes).hyphenated().to_string()
}

fn units(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

// ---- Calls and answers.

fn status_name(s: IidStatus) -> &'static str {
    match s {
        IidStatus::Ok => "OK",
        IidStatus::InvalidArgument => "INVALID_ARGUMENT",
        IidStatus::Panic => "PANIC",
        IidStatus::Interrupted => "INTERRUPTED",
    }
}

/// OK or INVALID_ARGUMENT; a PANIC names the panic the library caught.
fn defined(status: IidStatus, what: &dyn Fn() -> String) -> Result<(), TestCaseError> {
    if status == IidStatus::Panic {
        let mut answer = IidAnswer::EMPTY;
        unsafe { iid_panic_message(&mut answer) };
        let message = notes(&answer).first().map(|n| n.message.clone()).unwrap_or_default();
        free(&mut answer);
        return Err(TestCaseError::fail(format!("PANIC ({message}) for {}", what())));
    }
    ensure(matches!(status, IidStatus::Ok | IidStatus::InvalidArgument), || format!("{} for {}", status_name(status), what()))
}

fn is_empty(a: &IidAnswer) -> bool {
    a.text.is_null()
        && a.text_len == 0
        && a.notes.is_null()
        && a.notes_len == 0
        && a.lists.is_null()
        && a.lists_len == 0
        && a.numbers.is_null()
        && a.numbers_len == 0
        && a.owner.is_null()
}

/// Pointers null exactly when empty, owner null exactly when all are; notes about items
/// below `items`, in item order, inside the text; list items inside the text.
fn well_formed(a: &IidAnswer, items: usize) -> Result<(), String> {
    let any = a.text_len + a.notes_len + a.lists_len + a.numbers_len > 0;
    let shapes = [
        (a.text.is_null(), a.text_len),
        (a.notes.is_null(), a.notes_len),
        (a.lists.is_null(), a.lists_len),
        (a.numbers.is_null(), a.numbers_len),
    ];
    if shapes.iter().any(|&(null, len)| null != (len == 0)) || a.owner.is_null() == any {
        return Err(format!("answer pointers and lengths disagree: {a:?}"));
    }
    let inside = |t: IidText| t.offset != IID_NO_TEXT && t.offset <= a.text_len && t.len <= a.text_len - t.offset;
    let raw = if a.notes_len == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(a.notes, a.notes_len) } };
    for (i, n) in raw.iter().enumerate() {
        if !inside(n.code) || !inside(n.message) || n.severity > 1 || n.item >= items.max(1) || (i > 0 && raw[i - 1].item > n.item) {
            return Err(format!("note {i} is malformed or out of order: {n:?} ({items} items)"));
        }
    }
    let lists = if a.lists_len == 0 { &[][..] } else { unsafe { std::slice::from_raw_parts(a.lists, a.lists_len) } };
    if let Some(t) = lists.iter().find(|&&t| !inside(t)) {
        return Err(format!("a list item outside the text: {t:?}"));
    }
    Ok(())
}

fn error_items(a: &IidAnswer) -> Vec<usize> {
    notes(a).iter().filter(|n| !n.warning).map(|n| n.item).collect()
}

/// Reason number -> is it an error (Invalid) reason.
fn reason_is_error() -> Vec<bool> {
    let mut a = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_reason_names(&mut a) }, IidStatus::Ok);
    let severities = numbers(&a, IidSpan { start: 0, len: a.numbers_len });
    free(&mut a);
    severities.iter().map(|&s| s == IidSeverity::Error as u64).collect()
}

fn reason_number(name: &str) -> usize {
    let mut a = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_reason_names(&mut a) }, IidStatus::Ok);
    let n = all_list(&a).iter().position(|r| r == name).unwrap_or_else(|| panic!("{name}"));
    free(&mut a);
    n
}

// ---- 1. Every output form of any 16 bytes converts back to them.

fn forms_round_trip(bytes: [u8; 16]) -> Result<(), TestCaseError> {
    let id = base64(&bytes);
    let guid = d_form(bytes);
    let hex = upper_hex(&bytes);
    let ldap: String = bytes.iter().map(|b| format!("\\{b:02x}")).collect();
    let dn = format!("CN={{{}}}", upper_hex(id.as_bytes()));
    let what = || format!("bytes {hex}");

    // ConvertTo: the GUID, its bytes, and every source form.
    let nil = bytes == [0; 16];
    let g = uuid::Uuid::from_bytes_le(bytes).to_string();
    let sources = values_of(IidSchema::ConvertTo, &[V::Guid(&g), V::Bytes(&bytes)]);
    let (ids, warnings) = to_immutable_id(&sources, IidSourceFormat::Auto);
    prop_assert_eq!(&ids, &vec![Ok(id.clone()), Ok(id.clone())], "{}", what());
    prop_assert_eq!(warnings.len(), if nil { 2 } else { 0 }, "the nil GUID, and only it, warns: {}", what());
    let spaced: String = bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" ");
    let filter = format!("(objectGUID={ldap})");
    let braced = format!("{{{}}}", guid.to_uppercase());
    let by_format: [(&str, IidSourceFormat); 10] = [
        (&guid, IidSourceFormat::Guid),
        (&guid, IidSourceFormat::Auto),
        (&braced, IidSourceFormat::Auto),
        (&hex, IidSourceFormat::Hex),
        (&spaced, IidSourceFormat::Auto),
        (&spaced, IidSourceFormat::Hex),
        (&ldap, IidSourceFormat::LdapFilter),
        (&filter, IidSourceFormat::Auto),
        (&dn, IidSourceFormat::DistinguishedName),
        (&dn, IidSourceFormat::Auto),
    ];
    for (text, format) in by_format {
        let (out, _) = to_immutable_id(&values_of(IidSchema::ConvertTo, &[V::Text(text)]), format);
        prop_assert_eq!(&out[0], &Ok(id.clone()), "{} read as {:?}: {}", text, format, what());
    }
    // Bare hex under Auto is ambiguous, unless both readings are the same GUID: bytes whose
    // first three groups read the same either way round (the nil GUID).
    let (ambiguous, _) = to_immutable_id(&values_of(IidSchema::ConvertTo, &[V::Text(&hex)]), IidSourceFormat::Auto);
    let one_reading = bytes[0] == bytes[3] && bytes[1] == bytes[2] && bytes[4] == bytes[5] && bytes[6] == bytes[7];
    let expected = if one_reading { Ok(id.as_str()) } else { Err("AmbiguousHex") };
    prop_assert_eq!(ambiguous[0].as_ref().map(String::as_str).map_err(|e| e.0.as_str()), expected, "bare hex under Auto: {}", what());

    // ConvertFrom: every form of the ImmutableId and of its DN.
    let from = values_of(IidSchema::ConvertFrom, &[V::Text(&id), V::Text(&dn)]);
    for (form, expected) in [
        (IidOutputForm::Guid, guid.clone()),
        (IidOutputForm::Hex, hex.clone()),
        (IidOutputForm::LdapFilter, ldap.clone()),
        (IidOutputForm::DistinguishedName, dn.clone()),
        (IidOutputForm::Bytes, hex.clone()),
        (IidOutputForm::ImmutableId, id.clone()),
    ] {
        let (out, warnings) = from_immutable_id(&from, form);
        prop_assert_eq!(&out, &vec![Ok(expected.clone()), Ok(expected)], "{:?}: {}", form, what());
        // The nil GUID warns on both; an ImmutableId whose letters happen to be all one case
        // (about 1 in 50,000) warns that it may have been case-mangled.
        let codes: Vec<(usize, &str)> = warnings.iter().map(|w| (w.item, w.code.as_str())).collect();
        let expected_codes = if nil { vec![(0, "NilGuid"), (1, "NilGuid")] } else { vec![] };
        prop_assert!(codes == expected_codes || (!nil && codes == [(0, "MaybeCaseMangled")]), "{:?}: {:?}: {}", form, codes, what());
    }

    // Describe: every form at once, and the bytes.
    let b = values_of(IidSchema::ConvertFrom, &[V::Text(&id)]);
    let mut out = [unsafe { std::mem::zeroed::<IidForms>() }];
    let mut answer = IidAnswer::EMPTY;
    prop_assert_eq!(unsafe { iid_describe(&b.input(), out.as_mut_ptr(), 1, &mut answer) }, IidStatus::Ok);
    let described = (
        text(&answer, out[0].immutable_id),
        text(&answer, out[0].hex),
        text(&answer, out[0].ldap_filter),
        text(&answer, out[0].distinguished_name),
    );
    free(&mut answer);
    prop_assert_eq!(described, (Some(id), Some(hex.clone()), Some(ldap), Some(dn)), "{}", what());
    prop_assert_eq!((out[0].ok, out[0].has_guid, out[0].guid, out[0].byte_count), (1, 1, bytes, 16));
    Ok(())
}

#[test]
fn guid_forms_round_trip() {
    run("guid_forms_round_trip", prop_oneof![any::<[u8; 16]>(), Just([0u8; 16]), Just([0xFF; 16])], forms_round_trip);
}

// ---- 2. CloudAnchors round-trip.

fn cloud_round_trip((bytes, kind, case): ([u8; 16], usize, bool)) -> Result<(), TestCaseError> {
    const KINDS: [&str; 4] = ["User", "Group", "Device", "Contact"];
    let id = d_form(bytes);
    let typed = if case { KINDS[kind].to_lowercase() } else { KINDS[kind].to_string() };
    let name = format!("{}_{id}", KINDS[kind]);
    let encode_batch = values_of(IidSchema::CloudAnchorTo, &[V::Text(&id.to_uppercase()), V::Text(&format!("{typed}_{{{id}}}"))]);
    let type_units = units(&typed);
    let blank = unsafe { std::mem::zeroed::<IidCloudAnchor>() };
    let mut out = [blank; 2];
    let mut answer = IidAnswer::EMPTY;
    prop_assert_eq!(
        unsafe { iid_cloud_anchor_encode(&encode_batch.input(), type_units.as_ptr(), type_units.len(), out.as_mut_ptr(), 2, &mut answer) },
        IidStatus::Ok
    );
    let mut encoded = Vec::new();
    for o in &out {
        prop_assert_eq!((o.ok, o.object_id), (1, bytes));
        prop_assert_eq!(text(&answer, o.name), Some(name.clone()));
        encoded.push((text(&answer, o.cloud_anchor).unwrap(), text(&answer, o.distinguished_name).unwrap()));
    }
    free(&mut answer);
    let (anchor, dn) = encoded[0].clone();
    prop_assert_eq!(&encoded[1], &encoded[0], "a bare id and a typed name encode alike");
    prop_assert_eq!(dn.clone(), format!("CN={{{}}}", upper_hex(name.as_bytes())));

    let decode_batch = values_of(IidSchema::CloudAnchorFrom, &[V::Text(&anchor), V::Text(&dn)]);
    prop_assert_eq!(unsafe { iid_cloud_anchor_decode(&decode_batch.input(), out.as_mut_ptr(), 2, &mut answer) }, IidStatus::Ok);
    for o in &out {
        prop_assert_eq!((o.ok, o.object_id), (1, bytes));
        prop_assert_eq!((text(&answer, o.name), text(&answer, o.object_type)), (Some(name.clone()), Some(KINDS[kind].to_string())));
        prop_assert_eq!((text(&answer, o.cloud_anchor), text(&answer, o.distinguished_name)), (Some(anchor.clone()), Some(dn.clone())));
    }
    free(&mut answer);
    Ok(())
}

#[test]
fn cloud_anchors_round_trip() {
    run("cloud_anchors_round_trip", (any::<[u8; 16]>(), 0..4usize, any::<bool>()), cloud_round_trip);
}

// ---- Values that look like anchors, and their near misses.

/// A change a value suffers on its way through copy and paste, Excel or a script.
fn mangle(value: String, how: u8, at: usize, c: char) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let at = if chars.is_empty() { 0 } else { at % chars.len() };
    match how % 12 {
        0 => chars.get_mut(at).map_or((), |ch| *ch = c),
        1 => chars.insert(at, c),
        2 => {
            if !chars.is_empty() {
                chars.remove(at);
            }
        }
        3 => return format!(" {value}\t"),
        4 => return format!("\"{value}\""),
        5 => return value.replace('=', ""),
        6 => return value.replace('+', "-").replace('/', "_"),
        7 => return value.to_uppercase(),
        8 => return value.to_lowercase(),
        9 => chars.insert(at, '\u{200B}'),
        10 => return format!("\u{FEFF}{value}"),
        _ => {
            chars.get_mut(at).map_or((), |ch| *ch = if ch.is_ascii_uppercase() { ch.to_ascii_lowercase() } else { ch.to_ascii_uppercase() })
        }
    }
    chars.into_iter().collect()
}

fn anchor_like() -> BoxedStrategy<String> {
    let guid_text = any::<[u8; 16]>().prop_map(d_form);
    prop_oneof![
        4 => any::<[u8; 16]>().prop_map(|b| base64(&b)),
        2 => proptest::collection::vec(any::<u8>(), 0..40).prop_map(|b| base64(&b)),
        4 => (any::<[u8; 16]>(), any::<u8>(), any::<usize>(), any::<char>()).prop_map(|(b, how, at, c)| mangle(base64(&b), how, at, c)),
        1 => guid_text.clone(),
        1 => guid_text.prop_map(|g| base64(g.as_bytes())),
        1 => any::<[u8; 16]>().prop_map(|b| b.iter().map(|x| format!("{x:02X}")).collect::<Vec<_>>().join(" ")),
        2 => "[A-Za-z0-9+/=_$ '\"-]{0,30}",
        1 => "[A-Z]{2,5}[0-9]{1,6}",
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
    .boxed()
}

// ---- 3. Values the core calls valid re-encode to themselves.

/// One validator result, read out.
struct Verdict {
    status: u32,
    reasons: u64,
    guid: Option<[u8; 16]>,
}

/// Every result of a results-mode validator given `batch`.
fn results_of(batch: &Batch) -> Vec<Verdict> {
    let mut v = std::ptr::null_mut();
    assert_eq!(unsafe { iid_validator_new(IidValidatorMode::Results as u32, std::ptr::null(), 0, &mut v) }, IidStatus::Ok);
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_validator_add(v, &batch.input(), &mut answer) }, IidStatus::Ok);
    free(&mut answer);
    let mut summary = unsafe { std::mem::zeroed::<IidSummary>() };
    assert_eq!(unsafe { iid_validator_finish(v, std::ptr::null(), &mut summary) }, IidStatus::Ok);
    let mut out = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; 7];
    let mut all = Vec::new();
    loop {
        let mut written = 0;
        assert_eq!(unsafe { iid_validator_next(v, out.as_mut_ptr(), out.len(), &mut written, &mut answer) }, IidStatus::Ok);
        if written == 0 {
            break;
        }
        all.extend(out[..written].iter().map(|r| Verdict {
            status: r.status,
            reasons: r.reasons,
            guid: (r.flags & IID_HAS_GUID != 0).then_some(r.guid),
        }));
        free(&mut answer);
    }
    unsafe { iid_validator_free(v) };
    all
}

fn re_encodes(values: Vec<String>) -> Result<(), TestCaseError> {
    let errors = reason_is_error();
    let batch_reasons = (1u64 << reason_number("Duplicate")) | (1u64 << reason_number("CaseOnlyDuplicate"));
    let as_v: Vec<V> = values.iter().map(|s| V::Text(s)).collect();
    let results = results_of(&values_of(IidSchema::Test, &as_v));
    let from = values_of(IidSchema::ConvertFrom, &as_v);
    let mut forms = vec![unsafe { std::mem::zeroed::<IidForms>() }; values.len()];
    let mut answer = IidAnswer::EMPTY;
    prop_assert_eq!(unsafe { iid_describe(&from.input(), forms.as_mut_ptr(), forms.len(), &mut answer) }, IidStatus::Ok);
    let (ids, _) = from_immutable_id(&from, IidOutputForm::ImmutableId);
    for (i, (value, r)) in values.iter().zip(&results).enumerate() {
        let own = r.reasons & !batch_reasons;
        let invalid = (0..64).any(|n| own & (1 << n) != 0 && errors.get(n).copied().unwrap_or(true));
        if invalid || r.status == IidTestStatus::NoAnchor as u32 {
            continue;
        }
        let what = || format!("{value:?}, reasons {own:#x}");
        prop_assert_eq!(forms[i].ok, 1, "valid but not described: {}", what());
        prop_assert_eq!(text(&answer, forms[i].immutable_id), Some(value.clone()), "{}", what());
        let bytes = from_hex(&text(&answer, forms[i].hex).unwrap());
        prop_assert_eq!(bytes.len(), forms[i].byte_count);
        prop_assert_eq!(text(&answer, forms[i].distinguished_name), Some(format!("CN={{{}}}", upper_hex(value.as_bytes()))), "{}", what());
        match r.guid {
            Some(guid) => {
                prop_assert_eq!((forms[i].has_guid, forms[i].guid), (1, guid), "{}", what());
                prop_assert_eq!(&base64(&guid), value, "the GUID's ImmutableId is the value: {}", what());
                prop_assert_eq!(&ids[i], &Ok(value.clone()), "ConvertFrom -Format ImmutableId gives it back: {}", what());
                let (back, _) = to_immutable_id(&values_of(IidSchema::ConvertTo, &[V::Text(&d_form(guid))]), IidSourceFormat::Guid);
                prop_assert_eq!(&back[0], &Ok(value.clone()), "ConvertTo gives it back: {}", what());
            }
            // Not GUID-based: Base64 of its bytes, or a plain string whose bytes are its characters.
            None => {
                prop_assert!(base64(&bytes) == *value || bytes == value.as_bytes(), "{}: its bytes {:?} do not give it back", what(), bytes)
            }
        }
    }
    free(&mut answer);
    Ok(())
}

#[test]
fn valid_values_re_encode_to_themselves() {
    run("valid_values_re_encode_to_themselves", proptest::collection::vec(anchor_like(), 1..8), re_encodes);
}

// ---- 4. Hostile calls: arbitrary descriptions, buffers, enum values and pointers.

/// One value description within the buffers: a kind, and a chunk of the text or any range.
#[derive(Debug, Clone)]
struct RawValue {
    kind: u32,
    chunk: Option<usize>,
    a: u64,
    b: u64,
}

/// What is wrong with one value description of a call (most calls have nothing wrong).
#[derive(Debug, Clone)]
enum Defect {
    /// Any numbers as offset and length.
    Wild { at: usize, offset: usize, len: usize },
    /// A kind that is not an `IidValueKind`.
    Kind { at: usize, kind: u32 },
    /// Absent or null with a place, or a GUID not 16 bytes long.
    Shape { at: usize, kind: u32, len: usize },
}

#[derive(Debug, Clone, Copy)]
enum OutChoice {
    Enough,
    OneShort,
    Empty,
    NullWithLength,
    Huge,
}

#[derive(Debug, Clone)]
struct HostileCall {
    export: u8,
    /// The text buffer in chunks: anchor-like text, or arbitrary code units.
    chunks: Vec<Vec<u16>>,
    bytes: Vec<u8>,
    values: Vec<RawValue>,
    defect: Option<Defect>,
    /// Values left off the end (a count that is not whole records).
    drop_values: usize,
    /// Which of text, bytes, values is null, and which length is SIZE_MAX or 2^40.
    null_buffer: Option<u8>,
    huge_length: Option<(u8, usize)>,
    parameter: u32,
    out: OutChoice,
    null_answer: bool,
    page: usize,
    /// The `source_anchor` of the calls that take one.
    source_anchor: AnchorArg,
}

/// A `source_anchor` argument: null (the default), null with a length, or code units.
#[derive(Debug, Clone)]
enum AnchorArg {
    Null,
    NullWithLength(usize),
    Units(Vec<u16>),
}

impl AnchorArg {
    fn ptr(&self) -> *const u16 {
        match self {
            AnchorArg::Units(u) => u.as_ptr(),
            _ => std::ptr::null(),
        }
    }

    fn len(&self) -> usize {
        match self {
            AnchorArg::Null => 0,
            AnchorArg::NullWithLength(n) => *n,
            AnchorArg::Units(u) => u.len(),
        }
    }

    /// What the calls that take a `source_anchor` must make of it (an oracle written here):
    /// its `IidSourceAnchorKind`, or `None` when it must be `INVALID_ARGUMENT`.
    fn kind(&self) -> Option<u32> {
        let units = match self {
            AnchorArg::Null => return Some(IidSourceAnchorKind::ConsistencyGuid as u32),
            AnchorArg::NullWithLength(_) => return None,
            AnchorArg::Units(u) => u,
        };
        let name = String::from_utf16(units).ok()?;
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        if name.is_empty() || is("ConsistencyGuid") || is("mS-DS-ConsistencyGuid") {
            return Some(IidSourceAnchorKind::ConsistencyGuid as u32);
        }
        if is("ObjectGUID") {
            return Some(IidSourceAnchorKind::ObjectGuid as u32);
        }
        let bytes = name.as_bytes();
        let ldap = bytes[0].is_ascii_alphabetic() && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') && bytes.len() <= 256;
        ldap.then_some(IidSourceAnchorKind::Attribute as u32)
    }
}

fn anchor_arg() -> BoxedStrategy<AnchorArg> {
    let known = ["ConsistencyGuid", "objectguid", "mS-DS-ConsistencyGuid", "employeeID", "msDS-SourceAnchor", "ImmutableId", "x-1", ""];
    prop_oneof![
        4 => Just(AnchorArg::Null),
        1 => prop_oneof![Just(1usize), Just(usize::MAX), Just(isize::MAX as usize + 1)].prop_map(AnchorArg::NullWithLength),
        3 => proptest::sample::select(known.to_vec()).prop_map(|s| AnchorArg::Units(units(s))),
        2 => code_units().prop_map(AnchorArg::Units),
    ]
    .boxed()
}

fn code_units() -> BoxedStrategy<Vec<u16>> {
    prop_oneof![
        4 => anchor_like().prop_map(|s| units(&s)),
        2 => proptest::collection::vec(any::<u16>(), 0..12),
        1 => proptest::collection::vec(prop_oneof![0xD800u16..0xDC00, 0xDC00u16..0xE000, 0x20u16..0x7F], 1..6),
    ]
    .boxed()
}

fn hostile_call() -> impl Strategy<Value = HostileCall> {
    // Absent, null, text, GUID, bytes, unrolled bytes.
    let kind = prop_oneof![3 => Just(0u32), 1 => Just(1u32), 5 => Just(2u32), 1 => Just(3u32), 1 => Just(4u32), 1 => Just(5u32)];
    let raw_value = (kind, proptest::option::weighted(0.8, 0usize..10), any::<u64>(), any::<u64>())
        .prop_map(|(kind, chunk, a, b)| RawValue { kind, chunk, a, b });
    let defect = proptest::option::weighted(
        0.15,
        prop_oneof![
            (
                any::<usize>(),
                prop_oneof![any::<usize>(), Just(usize::MAX), 0usize..100],
                prop_oneof![any::<usize>(), Just(1usize << 40), 0usize..100]
            )
                .prop_map(|(at, offset, len)| Defect::Wild { at, offset, len }),
            (any::<usize>(), prop_oneof![6u32..10, any::<u32>()]).prop_map(|(at, kind)| Defect::Kind { at, kind }),
            (any::<usize>(), 0u32..4, 1usize..20).prop_map(|(at, kind, len)| Defect::Shape { at, kind, len }),
        ],
    );
    let out = prop_oneof![8 => Just(OutChoice::Enough), 1 => Just(OutChoice::OneShort), 1 => Just(OutChoice::Empty), 1 => Just(OutChoice::NullWithLength), 1 => Just(OutChoice::Huge)];
    (
        (
            0u8..13,
            proptest::collection::vec(code_units(), 0..8),
            proptest::collection::vec(any::<u8>(), 0..40),
            proptest::collection::vec(raw_value, 0..55),
            defect,
        ),
        (
            prop_oneof![9 => Just(0usize), 1 => 1usize..3],
            proptest::option::weighted(0.05, 0u8..3),
            proptest::option::weighted(0.05, (0u8..4, prop_oneof![Just(usize::MAX), Just(1usize << 40), Just(isize::MAX as usize + 1)])),
            prop_oneof![8 => 0u32..12, 1 => any::<u32>()],
            out,
            proptest::bool::weighted(0.03),
            1usize..5,
            anchor_arg(),
        ),
    )
        .prop_map(
            |(
                (export, chunks, bytes, values, defect),
                (drop_values, null_buffer, huge_length, parameter, out, null_answer, page, source_anchor),
            )| {
                HostileCall {
                    export,
                    chunks,
                    bytes,
                    values,
                    defect,
                    drop_values,
                    null_buffer,
                    huge_length,
                    parameter,
                    out,
                    null_answer,
                    page,
                    source_anchor,
                }
            },
        )
}

/// The buffers a hostile call describes: real memory, whatever the lengths claim (a
/// length only ever exceeds its buffer with a null pointer, or past PTRDIFF_MAX).
struct Laid {
    text: Vec<u16>,
    bytes: Vec<u8>,
    values: Vec<IidValue>,
    input: IidInput,
}

fn lay_out(call: &HostileCall, fields: usize) -> Laid {
    let mut text = Vec::new();
    let mut spans = Vec::new();
    for chunk in &call.chunks {
        spans.push((text.len(), chunk.len()));
        text.extend_from_slice(chunk);
    }
    let values: Vec<IidValue> = call
        .values
        .iter()
        .enumerate()
        .map(|(i, r)| {
            // Properties mostly hold text or nothing; the input itself is anything.
            let kind = if i % fields == 0 || r.a % 3 == 0 { r.kind } else { r.kind % 3 };
            let (buffer, place) = match kind {
                2 => (text.len(), r.chunk.and_then(|c| spans.get(c).copied())),
                3 => (call.bytes.len(), Some((0, 16)).filter(|_| call.bytes.len() >= 16)),
                4 | 5 => (call.bytes.len(), None),
                _ => return IidValue { kind, offset: 0, len: 0 },
            };
            let (offset, len) = place.unwrap_or_else(|| {
                let offset = (r.a % (buffer as u64 + 1)) as usize;
                (offset, (r.b % ((buffer - offset) as u64 + 1)) as usize)
            });
            IidValue { kind, offset, len }
        })
        .collect();
    let mut laid = Laid {
        text,
        bytes: call.bytes.clone(),
        values,
        input: IidInput {
            text: std::ptr::null(),
            text_len: 0,
            bytes: std::ptr::null(),
            bytes_len: 0,
            values: std::ptr::null(),
            values_len: 0,
        },
    };
    // Whole records, less the values the call drops (then not whole records).
    laid.values.truncate(laid.values.len() / fields * fields);
    let n = laid.values.len();
    match call.defect.clone() {
        Some(Defect::Wild { at, offset, len }) if n > 0 => {
            let v = &mut laid.values[at % n];
            (v.offset, v.len) = (offset, len);
        }
        Some(Defect::Kind { at, kind }) if n > 0 => laid.values[at % n].kind = kind,
        Some(Defect::Shape { at, kind, len }) if n > 0 => {
            let kind = [0, 1, 3, 3][kind as usize];
            laid.values[at % n] = IidValue { kind, offset: 0, len: if kind == 3 { 16 + len } else { len } };
        }
        _ => {}
    }
    let values_len = laid.values.len().saturating_sub(call.drop_values);
    let ptr = |empty: bool, p: *const u8| if empty { std::ptr::null() } else { p };
    laid.input = IidInput {
        text: ptr(laid.text.is_empty(), laid.text.as_ptr().cast()).cast(),
        text_len: laid.text.len(),
        bytes: ptr(laid.bytes.is_empty(), laid.bytes.as_ptr()),
        bytes_len: laid.bytes.len(),
        values: ptr(laid.values.is_empty(), laid.values.as_ptr().cast()).cast(),
        values_len,
    };
    match call.null_buffer {
        Some(0) => laid.input.text = std::ptr::null(),
        Some(1) => laid.input.bytes = std::ptr::null(),
        Some(_) => laid.input.values = std::ptr::null(),
        None => {}
    }
    match call.huge_length {
        Some((0, n)) => laid.input.text_len = n,
        Some((1, n)) => laid.input.bytes_len = n,
        Some((2, n)) => laid.input.values_len = n,
        _ => {}
    }
    // A length of 2^40 over real memory would be a lie; it is only ever given with a null pointer.
    if laid.input.text_len == 1 << 40 {
        laid.input.text = std::ptr::null();
    }
    if laid.input.bytes_len == 1 << 40 {
        laid.input.bytes = std::ptr::null();
    }
    if laid.input.values_len == 1 << 40 {
        laid.input.values = std::ptr::null();
    }
    laid
}

/// A batch export's out array: element size, reset check, and whether record `i` succeeded.
trait OutElement: Copy {
    fn sentinel() -> Self;
    fn is_reset(&self) -> bool;
    fn ok(&self) -> Option<bool>;
}

impl OutElement for IidConverted {
    fn sentinel() -> Self {
        IidConverted { immutable_id: [7; 24], guid: [7; 16], field: 7, ok: 7, anchor: IidText { offset: 7, len: 7 } }
    }
    fn is_reset(&self) -> bool {
        self.ok == 0 && self.field == IID_NO_FIELD && self.immutable_id == [0; 24] && self.guid == [0; 16] && self.anchor == IidText::NONE
    }
    fn ok(&self) -> Option<bool> {
        (self.ok <= 1).then_some(self.ok == 1)
    }
}

impl OutElement for IidForms {
    fn sentinel() -> Self {
        let t = IidText { offset: 7, len: 7 };
        IidForms {
            immutable_id: t,
            hex: t,
            ldap_filter: t,
            distinguished_name: t,
            guid: [7; 16],
            has_guid: 7,
            field: 7,
            byte_count: 7,
            ok: 7,
        }
    }
    fn is_reset(&self) -> bool {
        let none = |t: IidText| t == IidText::NONE;
        self.ok == 0
            && self.has_guid == 0
            && self.field == IID_NO_FIELD
            && self.byte_count == 0
            && self.guid == [0; 16]
            && none(self.immutable_id)
            && none(self.hex)
            && none(self.ldap_filter)
            && none(self.distinguished_name)
    }
    fn ok(&self) -> Option<bool> {
        (self.ok <= 1).then_some(self.ok == 1)
    }
}

impl OutElement for IidCloudAnchor {
    fn sentinel() -> Self {
        let t = IidText { offset: 7, len: 7 };
        IidCloudAnchor { name: t, object_type: t, cloud_anchor: t, distinguished_name: t, object_id: [7; 16], ok: 7 }
    }
    fn is_reset(&self) -> bool {
        let none = |t: IidText| t == IidText::NONE;
        self.ok == 0
            && self.object_id == [0; 16]
            && none(self.name)
            && none(self.object_type)
            && none(self.cloud_anchor)
            && none(self.distinguished_name)
    }
    fn ok(&self) -> Option<bool> {
        (self.ok <= 1).then_some(self.ok == 1)
    }
}

impl OutElement for u8 {
    fn sentinel() -> Self {
        7
    }
    fn is_reset(&self) -> bool {
        *self == 0
    }
    fn ok(&self) -> Option<bool> {
        None
    }
}

/// Calls a batch export with the call's out and answer choices and checks the contract.
fn check_batch<T: OutElement>(
    call: &HostileCall,
    laid: &Laid,
    fields: usize,
    per_record: usize,
    export: impl Fn(*const IidInput, *mut T, usize, *mut IidAnswer) -> IidStatus,
) -> Result<(), TestCaseError> {
    let records = laid.input.values_len.min(laid.values.len()) / fields;
    let enough = records * per_record;
    let (allocated, out_len, null_out) = match call.out {
        OutChoice::Enough => (enough, enough, false),
        OutChoice::OneShort => (enough.saturating_sub(1), enough.saturating_sub(1), false),
        OutChoice::Empty => (0, 0, false),
        OutChoice::NullWithLength => (0, enough.max(1), true),
        OutChoice::Huge => (enough, usize::MAX, false),
    };
    let mut out = vec![T::sentinel(); allocated.max(1)];
    let out_ptr = if null_out { std::ptr::null_mut() } else { out.as_mut_ptr() };
    let mut answer = IidAnswer { owner: 8 as *mut std::ffi::c_void, text_len: 3, ..IidAnswer::EMPTY };
    let answer_ptr: *mut IidAnswer = if call.null_answer { std::ptr::null_mut() } else { &mut answer };
    let status = export(&laid.input, out_ptr, out_len, answer_ptr);
    let what = || format!("{call:?}");
    defined(status, &what)?;
    if call.null_answer {
        return ensure(status == IidStatus::InvalidArgument, || format!("a null answer was taken: {}", what()));
    }
    if status == IidStatus::InvalidArgument {
        ensure(is_empty(&answer), || format!("answer not reset: {}", what()))?;
        // An out array the library could not take (null, past PTRDIFF_MAX) stays as it was.
        let taken = !null_out && !matches!(call.out, OutChoice::Huge);
        return ensure(!taken || out[..allocated].iter().all(T::is_reset), || format!("out not reset: {}", what()));
    }
    well_formed(&answer, records).map_err(|e| TestCaseError::fail(format!("{e}: {}", what())))?;
    let failed = error_items(&answer);
    ensure(failed.windows(2).all(|w| w[0] < w[1]), || format!("more than one error note for a record: {}", what()))?;
    for i in 0..records {
        let slot = &out[i * per_record..(i + 1) * per_record];
        let has_error = failed.contains(&i);
        match slot[0].ok() {
            Some(ok) => ensure(ok != has_error, || format!("record {i}: ok={ok} but error note={has_error}: {}", what()))?,
            None => {
                ensure(!has_error || slot.iter().all(T::is_reset), || format!("record {i} failed but its slot is written: {}", what()))?
            }
        }
        if has_error {
            ensure(slot.iter().all(T::is_reset), || format!("record {i} failed but holds output: {}", what()))?;
        }
    }
    free(&mut answer);
    Ok(())
}

fn hostile(call: HostileCall) -> Result<(), TestCaseError> {
    let schema = match call.export {
        0 => Some(IidSchema::ConvertTo),
        1 | 2 => Some(IidSchema::ConvertFrom),
        3 => Some(IidSchema::CloudAnchorFrom),
        4 => Some(IidSchema::CloudAnchorTo),
        10 | 11 => IidSchema::from_repr(call.parameter),
        _ => Some(IidSchema::Test),
    };
    let fields = schema.map_or(1, passed_count);
    let laid = lay_out(&call, fields);
    let what = || format!("{call:?}");
    // Mostly a known format or form (one in six or seven is not), sometimes any number.
    let enumerated = |known: u32| if call.parameter < 12 { call.parameter % (known + 1) } else { call.parameter };
    match call.export {
        0 => {
            let status = std::cell::Cell::new(IidStatus::Ok);
            let anchor = &call.source_anchor;
            check_batch::<IidConverted>(&call, &laid, fields, 1, |i, o, n, a| {
                status.set(unsafe { iid_to_immutable_id(i, enumerated(5), anchor.ptr(), anchor.len(), o, n, a) });
                status.get()
            })?;
            ensure(status.get() != IidStatus::Ok || anchor.kind().is_some(), || format!("a bad source_anchor was taken: {}", what()))
        }
        1 => {
            let form = enumerated(7);
            let width = iid_output_width(form);
            prop_assert!(width <= 89, "the widest form is the [byte[]] literal");
            check_batch::<u8>(&call, &laid, fields, width.max(1), |i, o, n, a| unsafe { iid_from_immutable_id(i, form, o, n, a) })
        }
        2 => check_batch::<IidForms>(&call, &laid, fields, 1, |i, o, n, a| unsafe { iid_describe(i, o, n, a) }),
        3 => check_batch::<IidCloudAnchor>(&call, &laid, fields, 1, |i, o, n, a| unsafe { iid_cloud_anchor_decode(i, o, n, a) }),
        4 => {
            let known = ["User", "group", "DEVICE", "Contact"];
            let kind = match call.parameter as usize {
                p if p < 8 => units(known[p % 4]),
                _ => call.chunks.first().cloned().unwrap_or_default(),
            };
            check_batch::<IidCloudAnchor>(&call, &laid, fields, 1, |i, o, n, a| unsafe {
                iid_cloud_anchor_encode(i, kind.as_ptr(), kind.len(), o, n, a)
            })
        }
        5 | 6 => hostile_validator(&call, &laid, fields),
        10 | 11 => hostile_reconciler(&call, &laid, fields),
        7 => {
            let name = call.chunks.first().cloned().unwrap_or_default();
            let mut answer = IidAnswer::EMPTY;
            let status =
                unsafe { iid_cloud_object_type(if name.is_empty() { std::ptr::null() } else { name.as_ptr() }, name.len(), &mut answer) };
            defined(status, &what)?;
            ensure(status == IidStatus::InvalidArgument || answer.lists_len + answer.notes_len == 1, || {
                format!("one type or one note: {}", what())
            })?;
            ensure(String::from_utf16(&name).is_ok() || status == IidStatus::InvalidArgument, || {
                format!("a name that is not UTF-16 was taken: {}", what())
            })?;
            free(&mut answer);
            Ok(())
        }
        8 => {
            let mut fields = vec![IidField { name: IidText::NONE, role: 0, passed: 0 }; call.page * 3];
            let mut count = 99;
            let mut answer = IidAnswer::EMPTY;
            let status = unsafe { iid_schema(call.parameter, fields.as_mut_ptr(), fields.len(), &mut count, &mut answer) };
            defined(status, &what)?;
            if status == IidStatus::Ok {
                well_formed(&answer, 1).map_err(TestCaseError::fail)?;
                prop_assert!(
                    count <= fields.len()
                        && fields[..count].iter().all(|f| text(&answer, f.name).is_some() && f.role <= IidRole::SourceAnchor as u32)
                );
            } else {
                prop_assert!(count == 0 && is_empty(&answer));
            }
            free(&mut answer);
            Ok(())
        }
        12 => {
            let mut answer = IidAnswer { owner: 8 as *mut std::ffi::c_void, text_len: 3, ..IidAnswer::EMPTY };
            let mut kind = 9u32;
            let answer_ptr: *mut IidAnswer = if call.null_answer { std::ptr::null_mut() } else { &mut answer };
            let anchor = &call.source_anchor;
            let status = unsafe { iid_source_anchor(anchor.ptr(), anchor.len(), &mut kind, answer_ptr) };
            defined(status, &what)?;
            ensure(kind == 0 || status == IidStatus::Ok, || format!("kind not reset: {}", what()))?;
            if call.null_answer {
                return ensure(status == IidStatus::InvalidArgument, || format!("a null answer was taken: {}", what()));
            }
            let utf16 = match anchor {
                AnchorArg::Units(u) => String::from_utf16(u).is_ok(),
                AnchorArg::Null => true,
                AnchorArg::NullWithLength(_) => false,
            };
            ensure((status == IidStatus::Ok) == utf16, || format!("status {status:?}: {}", what()))?;
            if status == IidStatus::Ok {
                well_formed(&answer, 1).map_err(TestCaseError::fail)?;
                // What a person typed: empty is refused here, though the calls take it as the default.
                let expected = anchor.kind().filter(|_| anchor.len() > 0);
                match expected {
                    Some(k) => ensure(kind == k && answer.lists_len == 1 && answer.notes_len == 0, || format!("kind {kind}: {}", what()))?,
                    None => ensure(
                        kind == 0 && answer.lists_len == 0 && notes(&answer).iter().map(|n| n.code.as_str()).eq(["InvalidSourceAnchor"]),
                        || format!("one InvalidSourceAnchor note: {}", what()),
                    )?,
                }
            } else {
                ensure(is_empty(&answer), || format!("answer not reset: {}", what()))?;
            }
            free(&mut answer);
            Ok(())
        }
        _ => {
            let mut answer = IidAnswer::EMPTY;
            prop_assert_eq!(unsafe { iid_panic_message(&mut answer) }, IidStatus::Ok);
            let n = notes(&answer);
            prop_assert!(n.len() == 1 && n[0].message.is_empty(), "no panic happened, so no message: {:?}", n);
            free(&mut answer);
            Ok(())
        }
    }
}

/// `iid_validator_add` with a hostile call, then finish and every page of results.
fn hostile_validator(call: &HostileCall, laid: &Laid, fields: usize) -> Result<(), TestCaseError> {
    let what = || format!("{call:?}");
    let mut v = std::ptr::null_mut();
    let mode = match call.export {
        5 => IidValidatorMode::Results,
        _ if call.parameter.is_multiple_of(2) => IidValidatorMode::Summary,
        _ => IidValidatorMode::Problems,
    };
    let anchor = &call.source_anchor;
    let status = unsafe { iid_validator_new(mode as u32, anchor.ptr(), anchor.len(), &mut v) };
    if anchor.kind().is_none() {
        prop_assert!(status == IidStatus::InvalidArgument && v.is_null(), "a bad source_anchor was taken: {}", what());
        return Ok(());
    }
    prop_assert_eq!(status, IidStatus::Ok);
    let mut answer = IidAnswer::EMPTY;
    let answer_ptr: *mut IidAnswer = if call.null_answer { std::ptr::null_mut() } else { &mut answer };
    let status = unsafe { iid_validator_add(v, &laid.input, answer_ptr) };
    let checked = (|| {
        defined(status, &what)?;
        let records = if status == IidStatus::Ok { laid.input.values_len / fields } else { 0 };
        if status == IidStatus::Ok {
            well_formed(&answer, records).map_err(|e| TestCaseError::fail(format!("{e}: {}", what())))?;
        } else if !call.null_answer {
            ensure(is_empty(&answer), || format!("answer not reset: {}", what()))?;
        }
        free(&mut answer);
        let mut summary = unsafe { std::mem::zeroed::<IidSummary>() };
        prop_assert_eq!(unsafe { iid_validator_finish(v, std::ptr::null(), &mut summary) }, IidStatus::Ok);
        if mode == IidValidatorMode::Problems {
            prop_assert!(summary.total <= records as u64, "{}", what());
        } else {
            prop_assert_eq!(summary.total, records as u64, "a refused add adds nothing: {}", what());
        }
        let mut out = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; call.page];
        let (mut seen, mut next_index) = (0u64, 0u64);
        loop {
            let mut written = 9;
            prop_assert_eq!(unsafe { iid_validator_next(v, out.as_mut_ptr(), out.len(), &mut written, &mut answer) }, IidStatus::Ok);
            if written == 0 {
                break;
            }
            well_formed(&answer, 1).map_err(TestCaseError::fail)?;
            for r in &out[..written] {
                // Problems mode passes over valid records: indexes rise, with gaps.
                if mode == IidValidatorMode::Problems {
                    prop_assert!(
                        r.index >= next_index && r.index < records as u64 && r.status != IidTestStatus::Valid as u32,
                        "{}",
                        what()
                    );
                } else {
                    prop_assert_eq!(r.index, seen);
                }
                prop_assert!(r.status <= IidTestStatus::NotChecked as u32 && text(&answer, r.value).is_some());
                next_index = r.index + 1;
                seen += 1;
            }
            free(&mut answer);
        }
        let expected = match mode {
            IidValidatorMode::Results => records as u64,
            IidValidatorMode::Problems => summary.total,
            IidValidatorMode::Summary => 0,
        };
        prop_assert_eq!(seen, expected, "{}", what());
        Ok(())
    })();
    unsafe { iid_validator_free(v) };
    checked
}

/// `iid_reconciler_add` with a hostile call (`parameter` is the schema), then every later
/// step: finish, results, mapping errors, plan, steps and script.
fn hostile_reconciler(call: &HostileCall, laid: &Laid, fields: usize) -> Result<(), TestCaseError> {
    let what = || format!("{call:?}");
    let mut r = std::ptr::null_mut();
    let anchor = &call.source_anchor;
    let status = unsafe { iid_reconciler_new(anchor.ptr(), anchor.len(), &mut r) };
    if anchor.kind().is_none() {
        prop_assert!(status == IidStatus::InvalidArgument && r.is_null(), "a bad source_anchor was taken: {}", what());
        return Ok(());
    }
    prop_assert_eq!(status, IidStatus::Ok);
    let checked = (|| {
        let mut answer = IidAnswer::EMPTY;
        let answer_ptr: *mut IidAnswer = if call.null_answer { std::ptr::null_mut() } else { &mut answer };
        let status = unsafe { iid_reconciler_add(r, call.parameter, &laid.input, answer_ptr) };
        defined(status, &what)?;
        let records = if status == IidStatus::Ok { laid.input.values_len / fields } else { 0 };
        let mut unusable = 0;
        if status == IidStatus::Ok {
            well_formed(&answer, records).map_err(|e| TestCaseError::fail(format!("{e}: {}", what())))?;
            unusable = error_items(&answer).len();
        } else if !call.null_answer {
            ensure(is_empty(&answer), || format!("answer not reset: {}", what()))?;
        }
        free(&mut answer);
        let mut counts = IidReconcileCounts { results: 9, pairs: 9, mapping_errors: 9 };
        prop_assert_eq!(unsafe { iid_reconciler_finish(r, std::ptr::null(), &mut counts) }, IidStatus::Ok);
        // One result per account: every usable record of an input of users, none of the others.
        let accounts = if matches!(call.parameter, 5..=7) { records - unusable } else { 0 };
        prop_assert_eq!(counts.results, accounts, "results of schema {}: {}", call.parameter, what());
        let mut results = vec![unsafe { std::mem::zeroed::<IidAccountResult>() }; call.page];
        let mut seen = 0;
        loop {
            let mut written = 9;
            let status = unsafe { iid_reconciler_next(r, results.as_mut_ptr(), results.len(), &mut written, &mut answer) };
            defined(status, &what)?;
            prop_assert_eq!(status, IidStatus::Ok);
            if written == 0 {
                break;
            }
            well_formed(&answer, 1).map_err(TestCaseError::fail)?;
            for a in &results[..written] {
                prop_assert!(
                    a.side <= IidSide::Deleted as u32
                        && a.status <= IidAccountStatus::SoftDeleted as u32
                        && text(&answer, a.label).is_some()
                );
                prop_assert_eq!(list(&answer, a.findings).len(), list(&answer, a.messages).len());
            }
            seen += written;
            free(&mut answer);
        }
        prop_assert_eq!(seen, counts.results);
        let status = unsafe { iid_reconciler_mapping_errors(r, &mut answer) };
        defined(status, &what)?;
        // Errors about mapping rows, then warnings about the input as a whole.
        let notes: &[IidNote] =
            if answer.notes_len == 0 { &[] } else { unsafe { std::slice::from_raw_parts(answer.notes, answer.notes_len) } };
        prop_assert_eq!(notes.iter().filter(|n| n.severity == IidSeverity::Error as u32).count(), counts.mapping_errors);
        prop_assert!(notes.iter().skip(counts.mapping_errors).all(|n| n.severity == IidSeverity::Warning as u32 && n.item == 0));
        free(&mut answer);
        let ou = call.chunks.get(1).cloned().unwrap_or_default();
        let options = IidPlanOptions {
            out_of_scope_ou: ou.as_ptr(),
            out_of_scope_ou_len: ou.len(),
            sync_engine: call.parameter % 3,
            free_anchor: (call.parameter / 3) % 3,
            server: call.chunks.get(2).map_or(std::ptr::null(), |s| s.as_ptr()),
            server_len: call.chunks.get(2).map_or(0, |s| s.len()),
            route: 0,
            pairs: call.chunks.get(3).map_or(std::ptr::null(), |s| s.as_ptr()),
            pairs_len: call.chunks.get(3).map_or(0, |s| s.len()),
        };
        let mut steps = 9;
        let status = unsafe { iid_reconciler_plan(r, &options, &mut steps) };
        defined(status, &what)?;
        let text_or_none = |i: usize| call.chunks.get(i).is_none_or(|s| String::from_utf16(s).is_ok());
        let valid_options =
            options.sync_engine < 2 && options.free_anchor < 2 && String::from_utf16(&ou).is_ok() && text_or_none(2) && text_or_none(3);
        prop_assert_eq!(status == IidStatus::Ok, valid_options, "plan options {:?}: {}", options, what());
        if status == IidStatus::Ok {
            let mut out = vec![unsafe { std::mem::zeroed::<IidPlanStep>() }; call.page];
            let mut read = 0;
            loop {
                let mut written = 9;
                prop_assert_eq!(unsafe { iid_reconciler_steps(r, out.as_mut_ptr(), out.len(), &mut written, &mut answer) }, IidStatus::Ok);
                if written == 0 {
                    break;
                }
                well_formed(&answer, 1).map_err(TestCaseError::fail)?;
                prop_assert!(out[..written].iter().all(|s| s.reversible <= 1 && text(&answer, s.action).is_some()));
                read += written;
                free(&mut answer);
            }
            prop_assert_eq!(read, steps);
            let version = call.chunks.first().cloned().unwrap_or_default();
            let status = unsafe { iid_reconciler_script(r, version.as_ptr(), version.len(), &mut answer) };
            defined(status, &what)?;
            prop_assert_eq!(status == IidStatus::Ok, String::from_utf16(&version).is_ok());
            free(&mut answer);
        } else {
            prop_assert_eq!(steps, 0);
        }
        Ok(())
    })();
    unsafe { iid_reconciler_free(r) };
    checked
}

#[test]
fn hostile_calls_give_defined_statuses() {
    run("hostile_calls_give_defined_statuses", hostile_call(), hostile);
}

/// Every out-parameter is reset on every path, each whatever is wrong with the others: a
/// null answer must not leave the output array as it was, nor an unusable output array
/// (null with a length, past PTRDIFF_MAX) the answer. `hostile_calls_give_defined_statuses`
/// checks the same on generated calls; these two name the cases.
#[test]
fn a_null_answer_still_resets_the_output_array() {
    let b = values_of(IidSchema::ConvertTo, &[V::Text("874bcd2b-148d-47ca-b309-91df64f05bf5")]);
    let mut out = [IidConverted::sentinel()];
    let status = unsafe { iid_to_immutable_id(&b.input(), 0, std::ptr::null(), 0, out.as_mut_ptr(), 1, std::ptr::null_mut()) };
    assert_eq!(status, IidStatus::InvalidArgument);
    assert!(out[0].is_reset(), "iid_to_immutable_id left its out array as it was: {:?}", out[0]);
    let mut bytes = [7u8; 36];
    assert_eq!(unsafe { iid_from_immutable_id(&b.input(), 0, bytes.as_mut_ptr(), 36, std::ptr::null_mut()) }, IidStatus::InvalidArgument);
    assert!(bytes.iter().all(|&b| b == 0), "iid_from_immutable_id left its out array as it was");
}

#[test]
fn an_unusable_output_array_still_resets_the_answer() {
    let b = values_of(IidSchema::ConvertFrom, &[V::Text("K81Lh40UykezCZHfZPBb9Q==")]);
    let dirty = || IidAnswer { owner: 8 as *mut std::ffi::c_void, text_len: 3, ..IidAnswer::EMPTY };
    type Call<'a> = (&'a str, &'a dyn Fn(&mut IidAnswer) -> IidStatus);
    let calls: [Call; 4] = [
        ("iid_to_immutable_id, null out with a length", &|a| unsafe {
            iid_to_immutable_id(&b.input(), 0, std::ptr::null(), 0, std::ptr::null_mut(), 1, a)
        }),
        ("iid_from_immutable_id, out length SIZE_MAX", &|a| unsafe {
            iid_from_immutable_id(&b.input(), 0, [0u8; 36].as_mut_ptr(), usize::MAX, a)
        }),
        ("iid_describe, null out with a length", &|a| unsafe { iid_describe(&b.input(), std::ptr::null_mut(), 1, a) }),
        ("iid_cloud_anchor_decode, null out with a length", &|a| unsafe {
            iid_cloud_anchor_decode(&b.input(), std::ptr::null_mut(), 1, a)
        }),
    ];
    for (what, call) in calls {
        let mut answer = dirty();
        assert_eq!(call(&mut answer), IidStatus::InvalidArgument, "{what}");
        assert!(is_empty(&answer), "{what}: the answer was left as it was: {answer:?}");
    }
}

/// An answer inside the output array must be refused without writing the array over it:
/// the answer stays reset (EMPTY), so a caller that frees it frees nothing. Writing both
/// would also be two `&mut` to one place inside the library.
#[test]
fn an_answer_inside_the_output_array_is_refused_and_stays_reset() {
    let b = values_of(IidSchema::ConvertTo, &[V::Text("874bcd2b-148d-47ca-b309-91df64f05bf5")]);
    let mut out = [IidConverted::sentinel(); 8];
    let inside = unsafe { out.as_mut_ptr().add(1) }.cast::<IidAnswer>();
    assert_eq!(unsafe { iid_to_immutable_id(&b.input(), 0, std::ptr::null(), 0, out.as_mut_ptr(), 8, inside) }, IidStatus::InvalidArgument);
    let answer = unsafe { std::ptr::read(inside) };
    assert!(is_empty(&answer), "the answer holds what the output array was reset to: {answer:?}");
}

/// A proxy address whose fifth byte falls inside a character (`sip:ü...`): slicing it as a
/// str at byte 5 panicked in the rules crate's `smtp_addresses`, and the export returned
/// PANIC instead of reading the record (found by `hostile_calls_give_defined_statuses`).
#[test]
fn a_proxy_address_with_a_character_across_its_fifth_byte_is_read() {
    let fields = passed_count(IidSchema::OnPremisesUser);
    let mut b = Batch::default();
    b.record(
        fields,
        &[
            (field(IidSchema::OnPremisesUser, "ObjectGUID"), V::Text("874bcd2b-148d-47ca-b309-91df64f05bf5")),
            (field(IidSchema::OnPremisesUser, "ProxyAddresses"), V::Text("SMTP:ana@contoso.com\nsip:ü@contoso.com")),
        ],
    );
    let mut r = std::ptr::null_mut();
    assert_eq!(unsafe { iid_reconciler_new(std::ptr::null(), 0, &mut r) }, IidStatus::Ok);
    let mut answer = IidAnswer::EMPTY;
    let status = unsafe { iid_reconciler_add(r, IidSchema::OnPremisesUser as u32, &b.input(), &mut answer) };
    free(&mut answer);
    let mut message = IidAnswer::EMPTY;
    unsafe { iid_panic_message(&mut message) };
    let panic = notes(&message).first().map(|n| n.message.clone()).unwrap_or_default();
    free(&mut message);
    unsafe { iid_reconciler_free(r) };
    assert_eq!(status, IidStatus::Ok, "{panic}");
}

// ---- 5. The validator with arbitrary records.

/// One field's value for a record of the Test schema.
#[derive(Debug, Clone)]
enum FieldValue {
    Absent,
    Null,
    Text(String),
    Units(Vec<u16>),
    Guid([u8; 16]),
    Bytes(Vec<u8>),
}

fn field_value(anchor_field: bool) -> BoxedStrategy<FieldValue> {
    let text_weight = if anchor_field { 2 } else { 6 };
    prop_oneof![
        6 => Just(FieldValue::Absent),
        1 => Just(FieldValue::Null),
        text_weight => anchor_like().prop_map(FieldValue::Text),
        1 => proptest::collection::vec(any::<u16>(), 0..6).prop_map(FieldValue::Units),
        2 => any::<[u8; 16]>().prop_map(|b| FieldValue::Text(d_form(b))),
        1 => any::<[u8; 16]>().prop_map(FieldValue::Guid),
        1 => proptest::collection::vec(any::<u8>(), 0..20).prop_map(FieldValue::Bytes),
    ]
    .boxed()
}

fn test_record() -> impl Strategy<Value = Vec<FieldValue>> {
    // InputObject, ImmutableId, OnPremisesImmutableId, SourceAnchor, ExpectedGuid, then the
    // anchors, then the attribute a source_anchor names.
    let anchor = |a| field_value(a);
    (
        prop_oneof![3 => Just(FieldValue::Absent), 1 => field_value(false)],
        field_value(false),
        anchor(false),
        anchor(false),
        prop_oneof![3 => Just(FieldValue::Absent), 1 => field_value(true)],
        anchor(true),
        anchor(true),
        anchor(true),
        anchor(true),
        anchor(true),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| vec![a, b, c, d, e, f, g, h, i, j])
}

/// Records from a pool of a few values each, so that duplicates and case twins happen, and
/// the tenant's sourceAnchor they are read with.
fn records_with_repeats() -> impl Strategy<Value = (Vec<Vec<FieldValue>>, Vec<usize>, usize, &'static str)> {
    (
        proptest::collection::vec(test_record(), 1..10),
        proptest::collection::vec(0usize..64, 1..40),
        proptest::collection::vec(1usize..6, 0..4),
        1usize..9,
        proptest::sample::select(vec!["", "ObjectGUID", "employeeID"]),
    )
        .prop_map(|(pool, picks, splits, page, anchor)| {
            (picks.iter().map(|&p| pool[p % pool.len()].clone()).collect(), splits, page, anchor)
        })
}

fn batch_of(records: &[Vec<FieldValue>]) -> Batch {
    let fields = passed_count(IidSchema::Test);
    let mut b = Batch::default();
    for record in records {
        assert_eq!(record.len(), fields, "the Test schema passes {fields} fields");
        let given: Vec<(usize, V)> = record
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                Some((
                    i,
                    match f {
                        FieldValue::Absent => return None,
                        FieldValue::Null => V::Null,
                        FieldValue::Text(s) => V::Text(s),
                        FieldValue::Units(u) => V::Units(u),
                        FieldValue::Guid(_) | FieldValue::Bytes(_) => V::Absent,
                    },
                ))
            })
            .collect();
        b.record(fields, &given);
        let start = b.values.len() - fields;
        for (i, f) in record.iter().enumerate() {
            let (kind, bytes) = match f {
                FieldValue::Guid(g) => (IidValueKind::Guid, &g[..]),
                FieldValue::Bytes(bytes) => (IidValueKind::Bytes, &bytes[..]),
                _ => continue,
            };
            b.values[start + i] = IidValue { kind: kind as u32, offset: b.bytes.len(), len: bytes.len() };
            b.bytes.extend_from_slice(bytes);
        }
    }
    b
}

/// Counts per status and per reason, as `IidSummary` holds them.
fn tally(results: &[Verdict]) -> (Vec<u64>, BTreeMap<usize, u64>) {
    let mut statuses = vec![0u64; 5];
    let mut reasons = BTreeMap::new();
    for r in results {
        statuses[r.status as usize] += 1;
        for n in (0..64).filter(|n| r.reasons & (1 << n) != 0) {
            *reasons.entry(n).or_default() += 1;
        }
    }
    (statuses, reasons)
}

fn summary_counts(s: &IidSummary) -> (Vec<u64>, BTreeMap<usize, u64>) {
    (
        vec![s.valid, s.warning, s.invalid, s.no_anchor, s.not_checked],
        s.reasons.iter().enumerate().filter(|(_, &n)| n > 0).map(|(i, &n)| (i, n)).collect(),
    )
}

fn validator_records((records, splits, page, anchor): (Vec<Vec<FieldValue>>, Vec<usize>, usize, &str)) -> Result<(), TestCaseError> {
    let errors = reason_is_error();
    let n = records.len();
    let anchor = units(anchor);
    // Added in several calls: the records are numbered on.
    let mut results_v = std::ptr::null_mut();
    let mut summary_v = std::ptr::null_mut();
    let new =
        |mode: IidValidatorMode, v: &mut *mut IidValidator| unsafe { iid_validator_new(mode as u32, anchor.as_ptr(), anchor.len(), v) };
    prop_assert_eq!(new(IidValidatorMode::Results, &mut results_v), IidStatus::Ok);
    prop_assert_eq!(new(IidValidatorMode::Summary, &mut summary_v), IidStatus::Ok);
    let mut noted = Vec::new();
    let mut start = 0;
    for split in splits.iter().chain(std::iter::once(&n)) {
        let end = (start + split).min(n);
        let b = batch_of(&records[start..end]);
        for v in [results_v, summary_v] {
            let mut answer = IidAnswer::EMPTY;
            prop_assert_eq!(unsafe { iid_validator_add(v, &b.input(), &mut answer) }, IidStatus::Ok);
            well_formed(&answer, end - start).map_err(TestCaseError::fail)?;
            if v == results_v {
                noted.extend(notes(&answer).into_iter().map(|note| (start + note.item, note.code)));
            }
            free(&mut answer);
        }
        start = end;
    }
    let mut summary = unsafe { std::mem::zeroed::<IidSummary>() };
    prop_assert_eq!(unsafe { iid_validator_finish(summary_v, std::ptr::null(), &mut summary) }, IidStatus::Ok);
    unsafe { iid_validator_free(summary_v) };
    let mut header = unsafe { std::mem::zeroed::<IidSummary>() };
    prop_assert_eq!(unsafe { iid_validator_finish(results_v, std::ptr::null(), &mut header) }, IidStatus::Ok);
    prop_assert_eq!(header.total, n as u64);
    let mut out = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; page];
    let mut verdicts = Vec::new();
    let mut not_checked = Vec::new();
    loop {
        let mut written = 0;
        let mut answer = IidAnswer::EMPTY;
        prop_assert_eq!(unsafe { iid_validator_next(results_v, out.as_mut_ptr(), page, &mut written, &mut answer) }, IidStatus::Ok);
        if written == 0 {
            break;
        }
        well_formed(&answer, 1).map_err(TestCaseError::fail)?;
        for r in &out[..written] {
            let i = verdicts.len();
            prop_assert_eq!(r.index, i as u64);
            let invalid = (0..64).any(|b| r.reasons & (1 << b) != 0 && errors.get(b).copied().unwrap_or(true));
            let expected_status = match r.status {
                s if s == IidTestStatus::NoAnchor as u32 || s == IidTestStatus::NotChecked as u32 => s,
                _ if invalid => IidTestStatus::Invalid as u32,
                _ if r.reasons != 0 => IidTestStatus::Warning as u32,
                _ => IidTestStatus::Valid as u32,
            };
            prop_assert_eq!(r.status, expected_status, "record {}: status and reasons {:#x} disagree", i, r.reasons);
            prop_assert!(r.reasons >> errors.len() == 0, "unknown reason bits {:#x}", r.reasons);
            let duplicates = numbers(&answer, r.duplicates);
            prop_assert!(
                duplicates.len() as u64 <= r.duplicate_count
                    && duplicates.len() <= 100
                    && duplicates.iter().all(|&d| d < n as u64 && d != i as u64)
            );
            prop_assert!(list(&answer, r.messages).len() >= usize::from(r.status != IidTestStatus::Valid as u32));
            if r.status == IidTestStatus::NotChecked as u32 {
                not_checked.push((i, text(&answer, r.error_code).unwrap_or_default()));
            }
            verdicts.push(Verdict { status: r.status, reasons: r.reasons, guid: None });
        }
        free(&mut answer);
    }
    unsafe { iid_validator_free(results_v) };
    prop_assert_eq!(verdicts.len(), n);
    prop_assert_eq!(&noted, &not_checked, "add's error notes are the NOT_CHECKED results, in their places");
    prop_assert_eq!(summary.total, n as u64);
    prop_assert_eq!(summary_counts(&summary), tally(&verdicts), "the summary is the tally of the results");
    Ok(())
}

#[test]
fn validator_takes_arbitrary_records() {
    run("validator_takes_arbitrary_records", records_with_repeats(), validator_records);
}

// ---- 6. CSV files of arbitrary bytes.

#[derive(Debug, Clone)]
struct CsvCase {
    bytes: Vec<u8>,
    delimiter: u8,
    max_record_bytes: u64,
    column: Option<String>,
    expected: Option<String>,
    /// The reconciler's input the file is read as: on-premises, cloud, deleted users or mappings.
    reconciler_schema: IidSchema,
}

fn csv_cell() -> BoxedStrategy<String> {
    prop_oneof![
        4 => anchor_like(),
        1 => "[\",;\t\r\n a-z]{0,6}",
        1 => any::<[u8; 16]>().prop_map(d_form),
        1 => Just(String::new()),
    ]
    .boxed()
}

fn csv_text() -> impl Strategy<Value = (Vec<u8>, u8)> {
    let header = prop_oneof![
        Just("ImmutableId".to_string()),
        Just("UserPrincipalName,ObjectGUID,ImmutableId".to_string()),
        Just("\"OnPremisesImmutableId\",\"mS-DS-ConsistencyGuid\",Note".to_string()),
        Just("#TYPE System.Management.Automation.PSCustomObject\r\nSourceAnchor,Guid".to_string()),
        Just("immutableid,IMMUTABLEID".to_string()),
        Just("ObjectGUID,SamAccountName,UserPrincipalName,ProxyAddresses".to_string()),
        Just("Id,UserPrincipalName,OnPremisesImmutableId,Mail".to_string()),
        Just("OnPremises,Cloud".to_string()),
        "[A-Za-z,;\t\" ]{0,20}",
    ];
    let rows = proptest::collection::vec(proptest::collection::vec(csv_cell(), 0..5), 0..12);
    let ending = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    let encoding = 0u8..5;
    let delimiter = prop_oneof![4 => Just(b','), 1 => Just(b';'), 1 => Just(b'\t'), 1 => Just(b'|')];
    (header, rows, ending, encoding, delimiter, any::<bool>()).prop_map(|(header, rows, ending, encoding, delimiter, quote)| {
        let d = delimiter as char;
        let header = if delimiter == b',' { header } else { header.replace(',', &d.to_string()) };
        let mut text = header + ending;
        for row in rows {
            let cells: Vec<String> =
                row.iter().map(|c| if quote { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() }).collect();
            text.push_str(&cells.join(&d.to_string()));
            text.push_str(ending);
        }
        let bytes = match encoding {
            0 | 1 => text.into_bytes(),
            2 => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            3 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            _ => [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        };
        (bytes, delimiter)
    })
}

fn csv_case() -> impl Strategy<Value = CsvCase> {
    let bytes = prop_oneof![
        4 => csv_text(),
        1 => (proptest::collection::vec(any::<u8>(), 0..300), Just(b',')),
        1 => (csv_text(), proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4)).prop_map(|((mut bytes, d), flips)| {
            for (at, byte) in flips {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = byte;
                }
            }
            (bytes, d)
        }),
    ];
    let column = proptest::option::weighted(
        0.2,
        prop_oneof![Just("ImmutableId".to_string()), Just("Note".to_string()), Just("missing".to_string()), "[a-zA-Z]{1,8}"],
    );
    let expected = proptest::option::weighted(
        0.2,
        prop_oneof![Just("ObjectGUID".to_string()), Just("UserPrincipalName".to_string()), Just("Guid".to_string())],
    );
    let reconciler_schema =
        proptest::sample::select(vec![IidSchema::OnPremisesUser, IidSchema::CloudUser, IidSchema::DeletedUser, IidSchema::Mapping]);
    (bytes, prop_oneof![4 => Just(1u64 << 20), 1 => 1u64..64], column, expected, reconciler_schema).prop_map(
        |((bytes, delimiter), max_record_bytes, column, expected, reconciler_schema)| CsvCase {
            bytes,
            delimiter,
            max_record_bytes,
            column,
            expected,
            reconciler_schema,
        },
    )
}

/// One result as (index, status, reasons).
type Listed = (u64, u32, u64);

fn csv_files(case: CsvCase) -> Result<(), TestCaseError> {
    let columns = CsvColumns { value: case.column.clone(), expected: case.expected.clone() };
    let options = CsvOptions { delimiter: case.delimiter, max_record_bytes: case.max_record_bytes };
    let mut tallies = Vec::new();
    // Each mode's results as (index, status, reasons): problems mode gives those of
    // results mode that are not Valid.
    let mut listed: Vec<(Mode, Vec<Listed>)> = Vec::new();
    for mode in Mode::iter() {
        let mut v = Validator::new(mode);
        let read = rules::add_csv_reader(&mut v, case.bytes.as_slice(), "fuzz.csv", &columns, &options, &|| false);
        let count = match read {
            Ok(n) => n,
            Err(CsvFailure::File(e)) => {
                prop_assert!(CsvErrorCode::iter().any(|c| c == e.code));
                prop_assert!(e.message.contains("fuzz.csv"), "the message names the file: {}", e.message);
                0
            }
            Err(CsvFailure::Interrupted) => return Err(TestCaseError::fail("interrupted without an interrupt")),
        };
        prop_assert_eq!(v.len(), count, "a failed file takes back every record");
        let outcome = v.finish(&|| false).map_err(|_| TestCaseError::fail("interrupted"))?;
        tallies.push(match outcome {
            Outcome::Results(results) if mode == Mode::Problems => {
                let remaining = results.remaining();
                let some: Vec<_> = results.map(|r| (r.index, r.status as u32, r.reasons.bits())).collect();
                prop_assert_eq!(some.len(), remaining);
                listed.push((mode, some));
                continue;
            }
            Outcome::Results(results) => {
                let all: Vec<_> = results.collect();
                prop_assert_eq!(all.len() as u64, count);
                let verdicts: Vec<Verdict> =
                    all.iter().map(|r| Verdict { status: r.status as u32, reasons: r.reasons.bits(), guid: None }).collect();
                prop_assert!(all.iter().enumerate().all(|(i, r)| r.index == i as u64 && r.source.is_some_and(|(_, line)| line >= 2)));
                listed.push((mode, all.iter().map(|r| (r.index, r.status as u32, r.reasons.bits())).collect()));
                tally(&verdicts)
            }
            Outcome::Summary(s) => {
                prop_assert_eq!(s.total, count);
                let reasons = s.reasons.present().map(|(r, n)| (r as usize, n)).collect();
                (vec![s.valid, s.warning, s.invalid, s.no_anchor, s.not_checked], reasons)
            }
        });
    }
    prop_assert_eq!(&tallies[0], &tallies[1], "the summary of a file is the tally of its results");
    let of = |wanted: Mode| listed.iter().find(|(mode, _)| *mode == wanted).map(|(_, l)| l.clone()).unwrap_or_default();
    let not_valid: Vec<_> = of(Mode::Results).into_iter().filter(|r| r.1 != IidTestStatus::Valid as u32).collect();
    prop_assert_eq!(of(Mode::Problems), not_valid, "problems mode gives the results that are not Valid");
    reconciler_reads(&case)
}

/// The same bytes as a file of the reconciler's: OK, with one note for the file or one per
/// unusable row (on its line, after the header's), and its accounts all readable.
fn reconciler_reads(case: &CsvCase) -> Result<(), TestCaseError> {
    let mut file = tempfile::Builder::new().suffix(".csv").tempfile().map_err(|e| TestCaseError::fail(e.to_string()))?;
    file.write_all(&case.bytes).and_then(|()| file.flush()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let path = units(file.path().to_str().expect("a UTF-8 temporary path"));
    let request = csv_request(&path, u16::from(case.delimiter));
    let mut r = std::ptr::null_mut();
    prop_assert_eq!(unsafe { iid_reconciler_new(std::ptr::null(), 0, &mut r) }, IidStatus::Ok);
    let checked = (|| {
        let mut answer = IidAnswer::EMPTY;
        let status = unsafe { iid_reconciler_add_csv(r, case.reconciler_schema as u32, &request, std::ptr::null(), &mut answer) };
        defined(status, &|| format!("{case:?}"))?;
        prop_assert_eq!(status, IidStatus::Ok);
        well_formed(&answer, usize::MAX).map_err(TestCaseError::fail)?;
        let noted = notes(&answer);
        free(&mut answer);
        let file_error = noted.iter().any(|n| n.item == 0);
        prop_assert!(!file_error || noted.len() == 1, "a file-level error is the only note: {:?}", noted);
        let mut counts = IidReconcileCounts { results: 9, pairs: 9, mapping_errors: 9 };
        prop_assert_eq!(unsafe { iid_reconciler_finish(r, std::ptr::null(), &mut counts) }, IidStatus::Ok);
        if file_error {
            prop_assert_eq!(counts.results, 0, "a failed file leaves no account");
        }
        let mut out = vec![unsafe { std::mem::zeroed::<IidAccountResult>() }; 16];
        let mut read = 0;
        loop {
            let mut written = 0;
            prop_assert_eq!(unsafe { iid_reconciler_next(r, out.as_mut_ptr(), out.len(), &mut written, &mut answer) }, IidStatus::Ok);
            free(&mut answer);
            if written == 0 {
                break;
            }
            read += written;
        }
        prop_assert_eq!(read, counts.results);
        Ok(())
    })();
    unsafe { iid_reconciler_free(r) };
    checked
}

#[test]
fn csv_files_of_arbitrary_bytes() {
    run("csv_files_of_arbitrary_bytes", csv_case(), csv_files);
}

// ---- Packed GUIDs: any count, lengths, null pointers and places.

/// How a packed call's `out` is given.
#[derive(Debug, Clone, Copy)]
enum PackedOut {
    /// A buffer of `count * 24 + extra` bytes (or fewer, `short` bytes less).
    Room {
        extra: usize,
        short: usize,
    },
    NullWithLength(usize),
    Null,
    /// A real buffer said to be over PTRDIFF_MAX bytes: refused before it is touched.
    Huge(usize),
    /// In the same buffer as the GUIDs, at this offset from their start (negative: before).
    Shared {
        at: isize,
        len: usize,
    },
}

#[derive(Debug, Clone)]
struct PackedCall {
    guids: Vec<u8>,
    /// The count given: at most the GUIDs held, or a count whose byte counts overflow or
    /// pass PTRDIFF_MAX (refused before any memory is read).
    count: usize,
    null_guids: bool,
    out: PackedOut,
}

fn packed_call() -> impl Strategy<Value = PackedCall> {
    let huge_count = prop_oneof![
        Just(usize::MAX),
        Just(usize::MAX / 16 + 1),
        Just(usize::MAX / 24 + 1),
        Just(isize::MAX as usize / 16 + 1),
        Just(isize::MAX as usize / 24 + 1)
    ];
    let out = prop_oneof![
        6 => (0usize..40, prop_oneof![4 => Just(0usize), 1 => 1usize..30]).prop_map(|(extra, short)| PackedOut::Room { extra, short }),
        1 => (1usize..100).prop_map(PackedOut::NullWithLength),
        1 => Just(PackedOut::Null),
        1 => prop_oneof![Just(usize::MAX), Just(isize::MAX as usize + 1)].prop_map(PackedOut::Huge),
        3 => (-200isize..200, 0usize..300).prop_map(|(at, len)| PackedOut::Shared { at, len }),
    ];
    (
        proptest::collection::vec(any::<u8>(), 0..16 * 12),
        prop_oneof![8 => any::<usize>(), 1 => huge_count],
        proptest::bool::weighted(0.05),
        out,
    )
        .prop_map(|(guids, count, null_guids, out)| {
            let held = guids.len() / 16;
            let count = if count > isize::MAX as usize / 32 { count } else { count % (held + 1) };
            PackedCall { guids, count, null_guids, out }
        })
}

/// The status the contract gives: every argument checked before anything is written.
fn packed_status(count: usize, guids: (usize, bool), out: (usize, usize, bool)) -> IidStatus {
    let (guids_at, null_guids) = guids;
    let (out_at, out_len, null_out) = out;
    let (Some(stored), Some(ids)) = (count.checked_mul(16), count.checked_mul(24)) else { return IidStatus::InvalidArgument };
    let overlap = stored > 0
        && out_len > 0
        && !null_guids
        && !null_out
        && guids_at < out_at.saturating_add(out_len)
        && out_at < guids_at.saturating_add(stored);
    let refused = stored > isize::MAX as usize
        || out_len > isize::MAX as usize
        || (null_guids && stored > 0)
        || (null_out && out_len > 0)
        || overlap
        || out_len < ids;
    if refused {
        IidStatus::InvalidArgument
    } else {
        IidStatus::Ok
    }
}

fn packed_guids(call: PackedCall) -> Result<(), TestCaseError> {
    let what = || format!("{call:?}");
    let ids_wanted = call.count.saturating_mul(24).min(1 << 16);
    // One buffer holds everything the call may touch: the GUIDs at `guids_at`, `out` at
    // `out_at`; every byte not written must keep its 0x77 (or the GUIDs' bytes).
    let (guids_at, out_at, out_len, null_out) = match call.out {
        PackedOut::Room { extra, short } => (0, call.guids.len(), (ids_wanted + extra).saturating_sub(short), false),
        PackedOut::NullWithLength(len) => (0, 0, len, true),
        PackedOut::Null => (0, 0, 0, true),
        PackedOut::Huge(len) => (0, call.guids.len(), len, false),
        PackedOut::Shared { at, len } => {
            let guids_at = 200usize;
            (guids_at, guids_at.checked_add_signed(at).expect("200 + at >= 0"), len, false)
        }
    };
    let room = if matches!(call.out, PackedOut::Huge(_)) { 64 } else { out_len };
    let size = (guids_at + call.guids.len()).max(out_at + if null_out { 0 } else { room }) + 8;
    let mut buffer = vec![0x77u8; size];
    buffer[guids_at..guids_at + call.guids.len()].copy_from_slice(&call.guids);
    let before = buffer.clone();
    let base = buffer.as_mut_ptr();
    let guids_ptr = if call.null_guids { std::ptr::null() } else { unsafe { base.add(guids_at) }.cast_const() };
    let out_ptr = if null_out { std::ptr::null_mut() } else { unsafe { base.add(out_at) } };
    let status = unsafe { iid_guids_to_immutable_ids(guids_ptr, call.count, out_ptr, out_len) };
    let expected = packed_status(call.count, (base as usize + guids_at, call.null_guids), (base as usize + out_at, out_len, null_out));
    prop_assert_eq!(status, expected, "{}", what());
    let mut written = before.clone();
    if status == IidStatus::Ok {
        let ids: String = call.guids.chunks_exact(16).take(call.count).map(base64).collect();
        written[out_at..out_at + ids.len()].copy_from_slice(ids.as_bytes());
    }
    prop_assert!(buffer == written, "OK writes count * 24 bytes of Base64 and nothing else; a refusal writes nothing: {}", what());
    Ok(())
}

#[test]
fn packed_guids_take_any_arguments() {
    run("packed_guids_take_any_arguments", packed_call(), packed_guids);
}

// ---- Outputs over inputs: refused, the input kept.

#[derive(Debug, Clone)]
struct OverInputCall {
    /// 0 `iid_to_immutable_id`, 1 `iid_from_immutable_id`, 2 `iid_describe`, 3
    /// `iid_cloud_anchor_decode`, 4 `iid_cloud_anchor_encode`, 5 `iid_cloud_object_type`, 6
    /// `iid_validator_add`, 7 `iid_reconciler_add`.
    export: u8,
    /// The input the output lies over: 0 the `IidInput`, 1 its text, 2 its bytes, 3 its
    /// values, 4 the object type or name.
    part: u8,
    /// 0 the out array, 1 the answer.
    output: u8,
    /// Where in the input the output starts, as a fraction of the input's size.
    at: u8,
    /// Values given themselves: text (anchor-like) or GUIDs.
    values: Vec<Result<String, [u8; 16]>>,
}

fn over_input_call() -> impl Strategy<Value = OverInputCall> {
    let value = prop_oneof![3 => anchor_like().prop_map(Ok), 1 => any::<[u8; 16]>().prop_map(Err)];
    (0u8..8, 0u8..5, 0u8..2, any::<u8>(), proptest::collection::vec(value, 1..4)).prop_map(|(export, part, output, at, values)| {
        // Only the exports with a name have one; only those with an out array can put it there.
        let (part, output) = match export {
            5 => (4, 1),
            6 | 7 => (part % 4, 1),
            4 => (part, output),
            _ => (part % 4, output),
        };
        OverInputCall { export, part, output, at, values }
    })
}

/// Bytes per slot of the arena a call lays everything out in: room for any input part, and
/// for an output that starts inside one.
const SLOT: usize = 4096;

fn outputs_over_inputs(mut call: OverInputCall) -> Result<(), TestCaseError> {
    let schema = match call.export {
        0 => IidSchema::ConvertTo,
        1 | 2 => IidSchema::ConvertFrom,
        3 => IidSchema::CloudAnchorFrom,
        4 => IidSchema::CloudAnchorTo,
        6 => IidSchema::Test,
        _ => IidSchema::OnPremisesUser,
    };
    let fields = passed_count(schema);
    // The part the output lies over must hold something.
    match call.part {
        1 if !call.values.iter().any(|v| v.as_ref().is_ok_and(|t| !t.is_empty())) => {
            call.values[0] = Ok("K81Lh40UykezCZHfZPBb9Q==".to_string())
        }
        2 if call.values.iter().all(Result::is_ok) => call.values[0] = Err([0x2b; 16]),
        _ => {}
    }
    let what = || format!("{call:?}");
    let mut batch = Batch::default();
    for v in &call.values {
        let value = match v {
            Ok(text) => V::Text(text),
            Err(bytes) => V::Bytes(bytes),
        };
        batch.itself(fields, value);
    }
    for (v, value) in batch.values.iter_mut().step_by(fields).zip(&call.values) {
        if value.is_err() {
            v.kind = IidValueKind::Guid as u32;
        }
    }
    let records = call.values.len();
    let name: Vec<u16> = units("User");
    // The arena: slot 0 the IidInput, 1 the text, 2 the bytes, 3 the values, 4 the name, 5
    // and 6 the outputs when they lie apart.
    let mut arena = vec![0u64; 7 * SLOT / 8];
    let base = arena.as_mut_ptr().cast::<u8>();
    let at = |slot: usize| unsafe { base.add(slot * SLOT) };
    let lay = |slot: usize, bytes: &[u8]| unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at(slot), bytes.len()) };
    let as_bytes = |p: *const u8, n: usize| unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
    lay(1, &as_bytes(batch.text.as_ptr().cast(), batch.text.len() * 2));
    lay(2, &batch.bytes);
    lay(3, &as_bytes(batch.values.as_ptr().cast(), batch.values.len() * std::mem::size_of::<IidValue>()));
    lay(4, &as_bytes(name.as_ptr().cast(), name.len() * 2));
    let input = IidInput {
        text: at(1).cast_const().cast(),
        text_len: batch.text.len(),
        bytes: if batch.bytes.is_empty() { std::ptr::null() } else { at(2).cast_const() },
        bytes_len: batch.bytes.len(),
        values: at(3).cast_const().cast(),
        values_len: batch.values.len(),
    };
    lay(0, &as_bytes((&input as *const IidInput).cast(), std::mem::size_of::<IidInput>()));
    let part_len = [
        std::mem::size_of::<IidInput>(),
        batch.text.len() * 2,
        batch.bytes.len(),
        batch.values.len() * std::mem::size_of::<IidValue>(),
        name.len() * 2,
    ][call.part as usize];
    prop_assert!(part_len > 0 && part_len < SLOT / 2, "{}", what());
    // Somewhere inside the part, aligned for any output.
    let inside = (call.at as usize * part_len / 256) / 8 * 8;
    let width = iid_output_width(0);
    let inputs_before = as_bytes(base, 5 * SLOT);

    // Calls the export with its out array and answer at these places.
    let call_at = |out: *mut u8, answer: *mut IidAnswer| -> IidStatus {
        let input = at(0).cast_const().cast::<IidInput>();
        let kind = at(4).cast_const().cast::<u16>();
        unsafe {
            match call.export {
                0 => iid_to_immutable_id(input, 0, std::ptr::null(), 0, out.cast(), records, answer),
                1 => iid_from_immutable_id(input, 0, out, records * width, answer),
                2 => iid_describe(input, out.cast(), records, answer),
                3 => iid_cloud_anchor_decode(input, out.cast(), records, answer),
                4 => iid_cloud_anchor_encode(input, kind, name.len(), out.cast(), records, answer),
                5 => iid_cloud_object_type(kind, name.len(), answer),
                6 => {
                    let mut v = std::ptr::null_mut();
                    assert_eq!(iid_validator_new(IidValidatorMode::Results as u32, std::ptr::null(), 0, &mut v), IidStatus::Ok);
                    let status = iid_validator_add(v, input, answer);
                    iid_validator_free(v);
                    status
                }
                _ => {
                    let mut r = std::ptr::null_mut();
                    assert_eq!(iid_reconciler_new(std::ptr::null(), 0, &mut r), IidStatus::Ok);
                    let status = iid_reconciler_add(r, IidSchema::OnPremisesUser as u32, input, answer);
                    iid_reconciler_free(r);
                    status
                }
            }
        }
    };
    // Apart: OK, and the input as it was.
    let apart_status = call_at(at(5), at(6).cast());
    prop_assert_eq!(apart_status, IidStatus::Ok, "apart: {}", what());
    free(unsafe { &mut *at(6).cast::<IidAnswer>() });
    prop_assert!(as_bytes(base, 5 * SLOT) == inputs_before, "apart, the input changed: {}", what());

    // Over the input: refused, the input as it was, the other output reset.
    let over = unsafe { at(call.part as usize).add(inside) };
    let sentinel = 0x77u8;
    unsafe { std::ptr::write_bytes(at(5), sentinel, SLOT) };
    let dirty = IidAnswer { owner: 8 as *mut std::ffi::c_void, text_len: 3, ..IidAnswer::EMPTY };
    unsafe { std::ptr::write(at(6).cast::<IidAnswer>(), dirty) };
    let (out, answer) = match call.output {
        0 => (over, at(6).cast::<IidAnswer>()),
        _ => (at(5), over.cast::<IidAnswer>()),
    };
    let status = call_at(out, answer);
    prop_assert_eq!(status, IidStatus::InvalidArgument, "over the input: {}", what());
    prop_assert!(as_bytes(base, 5 * SLOT) == inputs_before, "the input changed: {}", what());
    if call.output == 0 {
        prop_assert!(is_empty(unsafe { &*at(6).cast::<IidAnswer>() }), "the answer apart was not reset: {}", what());
    } else {
        fn reset<T: OutElement>(p: *const u8, n: usize) -> bool {
            (0..n).all(|i| unsafe { std::ptr::read(p.cast::<T>().add(i)) }.is_reset())
        }
        let out = at(5).cast_const();
        let was_reset = match call.export {
            0 => reset::<IidConverted>(out, records),
            1 => reset::<u8>(out, records * width),
            2 => reset::<IidForms>(out, records),
            3 | 4 => reset::<IidCloudAnchor>(out, records),
            _ => true,
        };
        prop_assert!(was_reset, "the out array apart was not reset: {}", what());
    }
    Ok(())
}

#[test]
fn outputs_over_inputs_are_refused() {
    run("outputs_over_inputs_are_refused", over_input_call(), outputs_over_inputs);
}
