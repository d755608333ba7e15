//! `Test-ImmutableId` through its C ABI (`iid_validator_*`), the way the module calls it:
//! every rule on both routes (records and CSV files), summaries, duplicate lists, pages,
//! interrupts, the encodings `Export-Csv` writes, and every file-level error.

mod common;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::Path;

use common::*;
use immutableid::*;
use immutableid_rules::csv::{CsvErrorCode, CsvFailure, CsvOptions, MAX_RECORD_BYTES};
use immutableid_rules::validate::{self as rules, CsvColumns, Mode, Validator};

const G1: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";
const I1: &str = "K81Lh40UykezCZHfZPBb9Q==";
const G2: &str = "30475e40-e7ae-4af3-af75-8b143c81daf5";
const I2: &str = "QF5HMK7n80qvdYsUPIHa9Q==";

/// One result, read out of an `IidTestRecord` and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct R {
    index: u64,
    line: u64,
    file: Option<String>,
    value: String,
    property: Option<String>,
    status: String,
    reasons: Vec<String>,
    messages: Vec<String>,
    guid: Option<String>,
    expected: Option<String>,
    expected_property: Option<String>,
    suggestion: Option<String>,
    duplicates: Vec<u64>,
    duplicate_count: u64,
    columns: BTreeMap<String, String>,
    column_order: Vec<String>,
    error: Option<String>,
}

/// Counts, as `IidSummary` gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct S {
    total: u64,
    valid: u64,
    warning: u64,
    invalid: u64,
    no_anchor: u64,
    not_checked: u64,
    reasons: BTreeMap<String, u64>,
}

fn reason_names() -> Vec<String> {
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_reason_names(&mut answer) }, IidStatus::Ok);
    let names = all_list(&answer);
    free(&mut answer);
    names
}

fn status_name(n: u32) -> String {
    ["Valid", "Warning", "Invalid", "NoAnchor", "NotChecked"][n as usize].to_string()
}

/// Owns a validator for one test.
struct VH(*mut IidValidator);

impl VH {
    fn new(mode: IidValidatorMode) -> VH {
        VH::anchored(mode, "")
    }

    /// A validator for a tenant anchored on `source_anchor` ("" for the default).
    fn anchored(mode: IidValidatorMode, source_anchor: &str) -> VH {
        let mut v = std::ptr::null_mut();
        let choice: Vec<u16> = source_anchor.encode_utf16().collect();
        assert_eq!(unsafe { iid_validator_new(mode as u32, choice.as_ptr(), choice.len(), &mut v) }, IidStatus::Ok);
        VH(v)
    }

    fn add(&self, batch: &Batch) -> IidStatus {
        let mut answer = IidAnswer::EMPTY;
        let status = unsafe { iid_validator_add(self.0, &batch.input(), &mut answer) };
        free(&mut answer);
        status
    }

    /// The error notes of an add: (record, code).
    fn add_noting(&self, batch: &Batch) -> Vec<(usize, String)> {
        let mut answer = IidAnswer::EMPTY;
        assert_eq!(unsafe { iid_validator_add(self.0, &batch.input(), &mut answer) }, IidStatus::Ok);
        let n = notes(&answer).into_iter().map(|n| (n.item, n.code)).collect();
        free(&mut answer);
        n
    }

    /// Ok, or the file-level error (code, message).
    fn add_csv(&self, path: &Path, column: Option<&str>, expected: Option<&str>, delimiter: u16) -> Result<(), (String, String)> {
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        let path = utf16(path.to_str().unwrap());
        let (column, expected) = (column.map(utf16), expected.map(utf16));
        let ptr = |s: &Option<Vec<u16>>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
        let len = |s: &Option<Vec<u16>>| s.as_ref().map_or(0, Vec::len);
        let request = IidCsvRequest {
            path: path.as_ptr(),
            path_len: path.len(),
            column: ptr(&column),
            column_len: len(&column),
            expected_column: ptr(&expected),
            expected_column_len: len(&expected),
            delimiter,
        };
        let mut answer = IidAnswer::EMPTY;
        assert_eq!(unsafe { iid_validator_add_csv(self.0, &request, std::ptr::null(), &mut answer) }, IidStatus::Ok);
        let n = notes(&answer);
        free(&mut answer);
        match n.first() {
            Some(note) => Err((note.code.clone(), note.message.clone())),
            None => Ok(()),
        }
    }

    fn csv(&self, path: &Path) -> Result<(), (String, String)> {
        self.add_csv(path, None, None, 0)
    }

    fn summary(&self) -> S {
        let mut s = IidSummary { total: 9, valid: 9, warning: 9, invalid: 9, no_anchor: 9, not_checked: 9, reasons: [9; IID_REASON_SLOTS] };
        assert_eq!(unsafe { iid_validator_finish(self.0, std::ptr::null(), &mut s) }, IidStatus::Ok);
        let names = reason_names();
        S {
            total: s.total,
            valid: s.valid,
            warning: s.warning,
            invalid: s.invalid,
            no_anchor: s.no_anchor,
            not_checked: s.not_checked,
            reasons: names.iter().enumerate().filter(|(i, _)| s.reasons[*i] > 0).map(|(i, n)| (n.clone(), s.reasons[i])).collect(),
        }
    }

    /// Every result, read in pages of `page`.
    fn results_in_pages(&self, page: usize) -> Vec<R> {
        let mut s = IidSummary { total: 0, valid: 0, warning: 0, invalid: 0, no_anchor: 0, not_checked: 0, reasons: [0; IID_REASON_SLOTS] };
        assert_eq!(unsafe { iid_validator_finish(self.0, std::ptr::null(), &mut s) }, IidStatus::Ok);
        let names = reason_names();
        let blank = unsafe { std::mem::zeroed::<IidTestRecord>() };
        let mut out = vec![blank; page];
        let mut all = Vec::new();
        loop {
            let mut written = 99;
            let mut answer = IidAnswer::EMPTY;
            assert_eq!(unsafe { iid_validator_next(self.0, out.as_mut_ptr(), page, &mut written, &mut answer) }, IidStatus::Ok);
            if written == 0 {
                assert!(answer.owner.is_null());
                break;
            }
            for r in &out[..written] {
                let guid = |flag: u32, bytes: [u8; 16]| (r.flags & flag != 0).then(|| uuid::Uuid::from_bytes_le(bytes).to_string());
                let column_order = list(&answer, r.column_names);
                all.push(R {
                    index: r.index,
                    line: r.line,
                    file: text(&answer, r.file),
                    value: text(&answer, r.value).unwrap(),
                    property: text(&answer, r.property),
                    status: status_name(r.status),
                    reasons: names.iter().enumerate().filter(|(i, _)| r.reasons & (1 << i) != 0).map(|(_, n)| n.clone()).collect(),
                    messages: list(&answer, r.messages),
                    guid: guid(IID_HAS_GUID, r.guid),
                    expected: guid(IID_HAS_EXPECTED_GUID, r.expected_guid),
                    expected_property: text(&answer, r.expected_property),
                    suggestion: text(&answer, r.suggestion),
                    duplicates: numbers(&answer, r.duplicates),
                    duplicate_count: r.duplicate_count,
                    columns: column_order.iter().cloned().zip(list(&answer, r.column_values)).collect(),
                    column_order,
                    error: text(&answer, r.error_code),
                });
            }
            free(&mut answer);
        }
        assert_eq!(all.len() as u64, s.total);
        all
    }

    fn results(&self) -> Vec<R> {
        self.results_in_pages(1000)
    }
}

impl Drop for VH {
    fn drop(&mut self) {
        unsafe { iid_validator_free(self.0) }
    }
}

/// A record of the Test schema.
struct Rec<'a> {
    value: Option<V<'a>>,
    property: &'static str,
    object_guid: Option<V<'a>>,
    consistency_guid: Option<V<'a>>,
    parameter: Option<V<'a>>,
}

fn rec(value: &str) -> Rec<'_> {
    Rec { value: Some(V::Text(value)), property: "ImmutableId", object_guid: None, consistency_guid: None, parameter: None }
}

fn batch(records: &[Rec]) -> Batch {
    let fields = passed_count(IidSchema::Test);
    let at = |name| field(IidSchema::Test, name);
    let mut b = Batch::default();
    for r in records {
        let mut given = Vec::new();
        if let Some(v) = r.value {
            given.push((if r.property == "InputObject" { 0 } else { at(r.property) }, v));
        }
        if let Some(v) = r.object_guid {
            given.push((at("ObjectGUID"), v));
        }
        if let Some(v) = r.consistency_guid {
            given.push((at("mS-DS-ConsistencyGuid"), v));
        }
        if let Some(v) = r.parameter {
            given.push((at("ExpectedGuid"), v));
        }
        b.record(fields, &given);
    }
    b
}

/// Plain (value, ObjectGUID) records.
fn items<'a>(items: &[(&'a str, Option<&'a str>)]) -> Batch {
    let records: Vec<Rec> = items.iter().map(|(v, g)| Rec { object_guid: g.map(V::Text), ..rec(v) }).collect();
    batch(&records)
}

/// A CSV file as `Export-Csv -NoTypeInformation` writes it (every field quoted).
fn csv_text(header: &[&str], rows: &[Vec<&str>]) -> String {
    let mut w = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always).terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    f
}

/// UserPrincipalName,ObjectGUID,ImmutableId rows; data starts on line 2.
fn anchor_csv(items: &[(&str, Option<&str>)]) -> tempfile::NamedTempFile {
    let upns: Vec<String> = (0..items.len()).map(|i| format!("user{i}@contoso.com")).collect();
    let rows: Vec<Vec<&str>> = items.iter().zip(&upns).map(|((v, e), upn)| vec![upn.as_str(), e.unwrap_or(""), v]).collect();
    temp_file(csv_text(&["UserPrincipalName", "ObjectGUID", "ImmutableId"], &rows).as_bytes())
}

fn results_by_records(b: &Batch) -> Vec<R> {
    let v = VH::new(IidValidatorMode::Results);
    assert_eq!(v.add(b), IidStatus::Ok);
    v.results()
}

fn summary_by_records(b: &Batch) -> S {
    let v = VH::new(IidValidatorMode::Summary);
    assert_eq!(v.add(b), IidStatus::Ok);
    v.summary()
}

fn by_csv(file: &Path, mode: IidValidatorMode) -> VH {
    let v = VH::new(mode);
    v.csv(file).unwrap();
    v
}

fn error_of(path: &Path) -> (String, String) {
    VH::new(IidValidatorMode::Results).csv(path).unwrap_err()
}

/// The summary the results add up to.
fn tally(results: &[R]) -> S {
    let mut s = S { total: results.len() as u64, valid: 0, warning: 0, invalid: 0, no_anchor: 0, not_checked: 0, reasons: BTreeMap::new() };
    for r in results {
        *match r.status.as_str() {
            "Valid" => &mut s.valid,
            "Warning" => &mut s.warning,
            "Invalid" => &mut s.invalid,
            "NoAnchor" => &mut s.no_anchor,
            _ => &mut s.not_checked,
        } += 1;
        for code in &r.reasons {
            *s.reasons.entry(code.clone()).or_default() += 1;
        }
    }
    s
}

#[test]
fn validation_vectors_hold_on_both_routes() {
    let vectors = vectors()["validation"].as_array().unwrap().clone();
    let get = |v: &serde_json::Value, k: &str| v[k].as_str().map(str::to_string);
    let rows: Vec<(String, Option<String>, Option<String>)> =
        vectors.iter().map(|v| (get(v, "value").unwrap(), get(v, "expectedGuid"), get(v, "consistencyGuid"))).collect();
    let records: Vec<Rec> = rows
        .iter()
        .map(|(v, og, cg)| Rec { object_guid: og.as_deref().map(V::Text), consistency_guid: cg.as_deref().map(V::Text), ..rec(v) })
        .collect();
    let upns: Vec<String> = (0..rows.len()).map(|i| format!("user{i}@contoso.com")).collect();
    let csv_rows: Vec<Vec<&str>> = rows
        .iter()
        .zip(&upns)
        .map(|((v, og, cg), upn)| vec![upn.as_str(), og.as_deref().unwrap_or(""), cg.as_deref().unwrap_or(""), v.as_str()])
        .collect();
    let file = temp_file(csv_text(&["UserPrincipalName", "ObjectGUID", "mS-DS-ConsistencyGuid", "ImmutableId"], &csv_rows).as_bytes());

    let by_records = results_by_records(&batch(&records));
    let by_file = by_csv(file.path(), IidValidatorMode::Results).results();
    for (route, results) in [("records", &by_records), ("csv", &by_file)] {
        assert_eq!(results.len(), vectors.len());
        for (i, (vector, r)) in vectors.iter().zip(results).enumerate() {
            let what = format!("{route} {r:?}");
            let reasons: Vec<String> = vector["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
            assert_eq!(r.index, i as u64, "{what}");
            assert_eq!(r.line, if route == "csv" { i as u64 + 2 } else { 0 }, "{what}");
            assert_eq!(r.value, rows[i].0, "{what}");
            assert_eq!(r.reasons, reasons, "{what}");
            assert_eq!(r.status, vector["status"].as_str().unwrap(), "{what}");
            assert_eq!(r.suggestion, get(vector, "suggestion"), "{what}");
            let messages = if r.status == "NoAnchor" { 1 } else { reasons.len() };
            assert_eq!(r.messages.len(), messages, "{what}");
            assert!(r.duplicates.is_empty(), "{what}");
            if route == "csv" {
                let columns = ["UserPrincipalName", "ObjectGUID", "mS-DS-ConsistencyGuid"];
                assert_eq!(r.column_order, columns, "{what}");
                assert_eq!(r.columns["UserPrincipalName"], upns[i]);
            } else {
                assert!(r.columns.is_empty());
            }
        }
        assert_eq!(summary_by_records(&batch(&records)), tally(results), "{route}");
        assert_eq!(by_csv(file.path(), IidValidatorMode::Summary).summary(), tally(results), "{route}");
    }
    assert_eq!(
        by_records.iter().map(|r| (&r.status, &r.reasons)).collect::<Vec<_>>(),
        by_file.iter().map(|r| (&r.status, &r.reasons)).collect::<Vec<_>>()
    );
    let seen: std::collections::BTreeSet<&String> = by_records.iter().flat_map(|r| &r.reasons).collect();
    for reason in reason_names() {
        if !["Empty", "Duplicate", "CaseOnlyDuplicate"].contains(&reason.as_str()) {
            assert!(seen.contains(&reason), "no validation vector has {reason}");
        }
    }
}

#[test]
fn problems_mode_gives_the_results_that_are_not_valid_on_both_routes() {
    let get = |v: &serde_json::Value, k: &str| v[k].as_str().map(str::to_string);
    let vectors = vectors()["validation"].as_array().unwrap().clone();
    let mut rows: Vec<(String, Option<String>)> = vectors.iter().map(|v| (get(v, "value").unwrap(), get(v, "expectedGuid"))).collect();
    // Valid records among duplicates and case-only twins, so every batch rule is in play.
    for (value, guid) in
        [(I1, Some(G1)), ("EMP001", None), (I1, None), ("emp001", None), ("", None), (I2, Some(G2)), ("yqXhPaPUCkSOx8RhWcdXvg==", None)]
    {
        rows.push((value.to_string(), guid.map(str::to_string)));
    }
    let data: Vec<(&str, Option<&str>)> = rows.iter().map(|(v, g)| (v.as_str(), g.as_deref())).collect();
    let file = anchor_csv(&data);
    let by_records = |mode| {
        let v = VH::new(mode);
        assert_eq!(v.add(&items(&data)), IidStatus::Ok);
        v
    };
    for route in ["records", "csv"] {
        let run = |mode| if route == "csv" { by_csv(file.path(), mode) } else { by_records(mode) };
        let all = run(IidValidatorMode::Results).results();
        let expected: Vec<R> = all.iter().filter(|r| r.status != "Valid").cloned().collect();
        assert!(!expected.is_empty() && expected.len() < all.len(), "{route}: the batch has valid and other records");
        for page in [1, 3, 1000] {
            // results_in_pages checks summary.total against the results given.
            assert_eq!(run(IidValidatorMode::Problems).results_in_pages(page), expected, "{route}, pages of {page}");
        }
        assert_eq!(run(IidValidatorMode::Summary).summary(), tally(&all), "{route}");
    }
    let v = VH::new(IidValidatorMode::Problems);
    assert_eq!(v.add(&items(&[(I1, Some(G1)), (I2, None)])), IidStatus::Ok);
    assert!(v.results().is_empty(), "a batch of valid records has no problems");
}

#[test]
fn a_set_consistency_guid_is_the_anchor_checked() {
    let moved_bytes = uuid::Uuid::parse_str(G2).unwrap().to_bytes_le();
    let records = [
        Rec { object_guid: Some(V::Guid(G1)), consistency_guid: Some(V::Bytes(&moved_bytes)), ..rec(I2) },
        Rec { object_guid: Some(V::Guid(G1)), consistency_guid: Some(V::Bytes(&[])), ..rec(I1) },
        Rec { object_guid: Some(V::Guid(G1)), consistency_guid: Some(V::Bytes(&moved_bytes)), ..rec(I1) },
        Rec { object_guid: Some(V::Guid(G1)), consistency_guid: Some(V::Bytes(&moved_bytes)), parameter: Some(V::Text(G1)), ..rec(I1) },
    ];
    // One validator each: the values repeat.
    let r: Vec<R> = records.iter().map(|record| results_by_records(&batch(std::slice::from_ref(record))).remove(0)).collect();
    assert_eq!((r[0].status.as_str(), r[0].expected_property.as_deref()), ("Valid", Some("mS-DS-ConsistencyGuid")));
    assert_eq!((r[1].status.as_str(), r[1].expected_property.as_deref()), ("Valid", Some("ObjectGUID")));
    assert_eq!(r[2].reasons, ["GuidMismatch"]);
    assert_eq!(r[2].suggestion.as_deref(), Some(I2), "the ConsistencyGuid's ImmutableId, not the objectGUID's");
    assert!(r[2].messages[0].contains("mS-DS-ConsistencyGuid"), "{}", r[2].messages[0]);
    assert_eq!(r[3].expected_property.as_deref(), Some("ExpectedGuid"), "the parameter wins");
}

#[test]
fn the_source_anchor_says_what_a_value_must_stand_for_on_both_routes() {
    let moved_bytes = uuid::Uuid::parse_str(G2).unwrap().to_bytes_le();
    let fields = passed_count(IidSchema::Test);
    let attribute = schema_fields(IidSchema::Test).iter().find(|f| f.1 == IidRole::SourceAnchor as u32).map(|f| f.2 as usize).unwrap();
    let (value, cg, og) =
        (field(IidSchema::Test, "ImmutableId"), field(IidSchema::Test, "mS-DS-ConsistencyGuid"), field(IidSchema::Test, "ObjectGUID"));
    let mut b = Batch::default();
    // The objectGUID's ImmutableId, with a stray ConsistencyGuid; then an employeeID anchor, right and wrong.
    b.record(fields, &[(value, V::Text(I1)), (og, V::Guid(G1)), (cg, V::Bytes(&moved_bytes))]);
    b.record(fields, &[(value, V::Text("E1234")), (og, V::Guid(G1)), (attribute, V::Text("E1234"))]);
    b.record(fields, &[(value, V::Text("E9999")), (og, V::Guid(G1)), (attribute, V::Text("E1234"))]);
    let results = |choice: &str| {
        let v = VH::anchored(IidValidatorMode::Results, choice);
        assert_eq!(v.add(&b), IidStatus::Ok);
        v.results()
    };
    let r = results("");
    assert_eq!(
        (r[0].reasons.as_slice(), r[0].expected_property.as_deref()),
        (["GuidMismatch".to_string()].as_slice(), Some("mS-DS-ConsistencyGuid"))
    );
    let r = results("ObjectGUID");
    assert_eq!((r[0].status.as_str(), r[0].expected_property.as_deref()), ("Valid", Some("ObjectGUID")));
    let r = results("employeeID");
    assert_eq!((r[1].reasons.as_slice(), r[1].expected_property.as_deref()), (["PlainString".to_string()].as_slice(), Some("employeeID")));
    assert_eq!((r[2].reasons.last().map(String::as_str), r[2].suggestion.as_deref()), (Some("GuidMismatch"), Some("E1234")));
    assert_eq!(r[0].expected_property, None, "without employeeID there is nothing to check against: the objectGUID is no anchor there");
    // From a file, the column named like the attribute.
    let file = temp_file(csv_text(&["ImmutableId", "EmployeeID"], &[vec!["E1234", "E1234"], vec!["E9999", "E1234"]]).as_bytes());
    let v = VH::anchored(IidValidatorMode::Results, "employeeID");
    v.csv(file.path()).unwrap();
    let r = v.results();
    assert_eq!((r[0].status.as_str(), r[1].suggestion.as_deref()), ("Warning", Some("E1234")));
    // A bad choice makes no validator.
    let mut out = std::ptr::dangling_mut::<IidValidator>();
    let bad: Vec<u16> = "not an attribute".encode_utf16().collect();
    assert_eq!(unsafe { iid_validator_new(0, bad.as_ptr(), bad.len(), &mut out) }, IidStatus::InvalidArgument);
    assert!(out.is_null());
}

#[test]
fn messages_name_the_value_and_the_fix() {
    let r = results_by_records(&items(&[(I2, Some(G1)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(G1))]));
    let mismatch = &r[0].messages[0];
    assert!(mismatch.contains(I2) && mismatch.contains(G1) && mismatch.contains(G2) && mismatch.contains(I1), "{mismatch}");
    assert_eq!(r[0].guid.as_deref(), Some(G2));
    let big_endian = &r[1].messages[0];
    assert!(big_endian.contains("big-endian") && big_endian.contains(I1) && big_endian.contains(G1), "{big_endian}");
    assert_eq!(r[1].guid.as_deref(), Some(G1));
}

#[test]
fn duplicates_and_case_only_duplicates_on_both_routes() {
    let data = [(I1, Some(G1)), ("EMP001", None), (I1, None), ("emp001", None), ("", None), ("", None), ("Emp001", None), (I1, None)];
    let file = anchor_csv(&data);
    for (route, results) in
        [("records", results_by_records(&items(&data))), ("csv", by_csv(file.path(), IidValidatorMode::Results).results())]
    {
        // Records of one file are numbered by line (data starts on line 2), others by index.
        let n = |i: u64| if route == "csv" { i + 2 } else { i };
        assert_eq!(results[0].reasons, ["Duplicate"], "{route}");
        assert_eq!(results[0].status, "Invalid");
        assert_eq!(results[0].duplicates, [n(2), n(7)], "{route}");
        assert_eq!(results[0].duplicate_count, 2);
        let place = if route == "csv" { "line" } else { "item" };
        let message = &results[0].messages[0];
        assert!(message.contains(I1) && message.contains(&format!("{place} {} and {place} {}", n(2), n(7))), "{message}");
        assert_eq!(results[1].reasons, ["PlainString", "CaseOnlyDuplicate"], "{route}");
        assert_eq!(results[1].status, "Warning");
        assert_eq!(results[1].duplicates, [n(3), n(6)]);
        assert!(results[1].messages[1].contains("'EMP001' differs only in letter case from 'emp001'"), "{}", results[1].messages[1]);
        assert_eq!(results[4].status, "NoAnchor", "an empty property is a record without an anchor, never a duplicate");
        assert!(results[4].duplicates.is_empty());
        assert_eq!(results[6].reasons, ["PlainString", "CaseOnlyDuplicate"]);
        let summary = S {
            total: 8,
            valid: 0,
            warning: 3,
            invalid: 3,
            no_anchor: 2,
            not_checked: 0,
            reasons: [("PlainString", 3), ("Duplicate", 3), ("CaseOnlyDuplicate", 3)].map(|(k, v)| (k.to_string(), v)).into(),
        };
        assert_eq!(tally(&results), summary, "{route}");
        assert_eq!(summary_by_records(&items(&data)), summary);
        assert_eq!(by_csv(file.path(), IidValidatorMode::Summary).summary(), summary);
    }
}

#[test]
fn values_given_themselves_and_records_that_cannot_be_checked() {
    let fields = passed_count(IidSchema::Test);
    let mut b = Batch::default();
    b.itself(fields, V::Text(""));
    b.itself(fields, V::Null);
    b.itself(fields, V::Bytes(&[1; 16]));
    b.itself(fields, V::Units(&[0xD800, 0x41]));
    b.record(fields, &[(field(IidSchema::Test, "ObjectGUID"), V::Text(G1))]);
    b.record(fields, &[]);
    b.itself(fields, V::Guid(G1));
    let r = results_by_records(&b);
    assert_eq!(r[0].reasons, ["Empty"]);
    assert_eq!(r[1].reasons, ["Empty"]);
    assert_eq!((r[2].status.as_str(), r[2].error.as_deref()), ("NotChecked", Some("ByteArrayNotImmutableId")));
    assert_eq!((r[3].status.as_str(), r[3].error.as_deref()), ("NotChecked", Some("InvalidCharacter")), "one rule for unpaired surrogates");
    assert_eq!(
        (r[4].status.as_str(), r[4].error.as_deref()),
        ("NotChecked", Some("NoAnchorProperty")),
        "a GUID alone is not a value to check"
    );
    assert_eq!((r[5].status.as_str(), r[5].error.as_deref()), ("NotChecked", Some("NoAnchorProperty")));
    assert!(r[5].messages[0].contains("ImmutableId, OnPremisesImmutableId or SourceAnchor"), "{:?}", r[5].messages);
    assert_eq!(r[6].error.as_deref(), Some("UnsupportedType"));
    let s = summary_by_records(&b);
    assert_eq!((s.total, s.invalid, s.not_checked), (7, 2, 5));
    let v = VH::new(IidValidatorMode::Summary);
    let noted: Vec<usize> = v.add_noting(&b).into_iter().map(|(i, _)| i).collect();
    assert_eq!(noted, [2, 3, 4, 5, 6], "the add names every record it could not check");
}

#[test]
fn summary_final_status_rules() {
    // Exact duplicates are Invalid; a case-only pair lifts Valid to Warning; a GUID
    // mismatch on one record of a value does not spill onto the value's other records.
    let data = [
        (I1, None),
        (I1, None),
        ("AAAAAAAAAAAAAAAAAAAAAg==", None),
        ("aaaaaaaaaaaaaaaaaaaaag==", None),
        (I2, Some(G1)),
        ("K81Lh40Uyk!zCZHfZPBb9Q==", None),
        ("260051", None),
        ("", None),
    ];
    let expected = S {
        total: 8,
        valid: 0,
        warning: 3,
        invalid: 4,
        no_anchor: 1,
        not_checked: 0,
        reasons: [("NotBase64Character", 1), ("PlainString", 1), ("Duplicate", 2), ("CaseOnlyDuplicate", 2), ("GuidMismatch", 1)]
            .map(|(k, v)| (k.to_string(), v))
            .into(),
    };
    assert_eq!(summary_by_records(&items(&data)), expected);
    assert_eq!(by_csv(anchor_csv(&data).path(), IidValidatorMode::Summary).summary(), expected);
    assert_eq!(tally(&results_by_records(&items(&data))), expected);
}

#[test]
fn index_continues_across_calls_files_are_named_and_finish_starts_over() {
    let v = VH::new(IidValidatorMode::Results);
    assert_eq!(v.add(&items(&[(I1, None)])), IidStatus::Ok);
    let file = anchor_csv(&[(I2, None), (I1, None)]);
    v.csv(file.path()).unwrap();
    assert_eq!(v.add(&items(&[(I2, None)])), IidStatus::Ok);
    let r = v.results_in_pages(1);
    assert_eq!(r.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert_eq!(r[0].duplicates, [2], "with records from several sources, duplicates are indexes");
    assert_eq!(r[1].file.as_deref(), file.path().to_str());
    assert!(r[0].messages[0].contains(&format!("line 3 of '{}'", file.path().display())), "{}", r[0].messages[0]);
    assert!(v.results().is_empty());
    assert_eq!(v.add(&items(&[(I1, None)])), IidStatus::Ok);
    assert_eq!(v.results()[0].index, 0);
}

#[test]
fn expected_guid_in_every_kind() {
    let stored = uuid::Uuid::parse_str(G1).unwrap().to_bytes_le();
    let records = [
        Rec { object_guid: Some(V::Text(G1)), ..rec(I1) },
        Rec { object_guid: Some(V::Guid(G1)), ..rec(I1) },
        Rec { object_guid: Some(V::Bytes(&stored)), ..rec(I1) },
        Rec { object_guid: Some(V::Null), ..rec(I1) },
        Rec { object_guid: Some(V::Text("not a GUID")), ..rec(I1) },
        Rec { object_guid: Some(V::Bytes(&[1, 2, 3])), ..rec(I1) },
        Rec { consistency_guid: Some(V::Text("2B-CD-4B-87-8D-14-CA-47-B3-09-91-DF-64-F0-5B-F5")), ..rec(I1) },
        Rec { consistency_guid: Some(V::Text(I1)), ..rec(I1) },
    ];
    let r = results_by_records(&batch(&records));
    let expected: Vec<Option<&str>> = r.iter().map(|r| r.expected.as_deref()).collect();
    assert_eq!(expected, [Some(G1), Some(G1), Some(G1), None, None, None, Some(G1), Some(G1)]);
    assert_eq!(r[4].reasons, ["Duplicate", "ExpectedGuidUnreadable"], "never silently unchecked");
    assert_eq!(r[5].reasons, ["Duplicate", "ExpectedGuidUnreadable"]);
}

#[test]
fn bad_arguments_add_nothing_and_reset_out_parameters() {
    let mut out = std::ptr::dangling_mut::<IidValidator>();
    assert_eq!(unsafe { iid_validator_new(3, std::ptr::null(), 0, &mut out) }, IidStatus::InvalidArgument);
    assert!(out.is_null(), "reset");
    assert_eq!(unsafe { iid_validator_new(0, std::ptr::null(), 0, std::ptr::null_mut()) }, IidStatus::InvalidArgument);
    unsafe { iid_validator_free(std::ptr::null_mut()) };
    let v = VH::new(IidValidatorMode::Results);
    let mut b = items(&[(I1, None), (I2, None)]);
    let last = b.values.len() - 1;
    b.values[last].offset = 1000;
    b.values[last].kind = IidValueKind::Text as u32;
    b.values[last].len = 1;
    assert_eq!(v.add(&b), IidStatus::InvalidArgument);
    assert!(v.results().is_empty(), "a failed call adds nothing");
    let mut refused = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_validator_add(std::ptr::null_mut(), &items(&[(I1, None)]).input(), &mut refused) }, IidStatus::InvalidArgument);
    assert_eq!(unsafe { iid_validator_finish(v.0, std::ptr::null(), std::ptr::null_mut()) }, IidStatus::InvalidArgument);
    let misaligned = unsafe { (&[0u8; 8] as *const u8).add(1) } as *const i32;
    let mut s = unsafe { std::mem::zeroed::<IidSummary>() };
    assert_eq!(unsafe { iid_validator_finish(v.0, misaligned, &mut s) }, IidStatus::InvalidArgument);
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_validator_add_csv(v.0, std::ptr::null(), std::ptr::null(), &mut answer) }, IidStatus::InvalidArgument);
    let empty_path = IidCsvRequest { path: std::ptr::null(), ..csv_request(&[], 0) };
    assert_eq!(unsafe { iid_validator_add_csv(v.0, &empty_path, std::ptr::null(), &mut answer) }, IidStatus::InvalidArgument);
    let path: Vec<u16> = "x.csv".encode_utf16().collect();
    let quote_delimiter = IidCsvRequest { path: path.as_ptr(), path_len: path.len(), delimiter: u16::from(b'"'), ..empty_path };
    assert_eq!(unsafe { iid_validator_add_csv(v.0, &quote_delimiter, std::ptr::null(), &mut answer) }, IidStatus::InvalidArgument);
    // Out-parameters that share memory.
    let mut records = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; 4];
    let written = records.as_mut_ptr().cast::<usize>();
    assert_eq!(unsafe { iid_validator_next(v.0, records.as_mut_ptr(), 4, written, &mut answer) }, IidStatus::InvalidArgument);
}

#[test]
fn an_interrupt_stops_a_file_and_a_finish() {
    let rows: Vec<(&str, Option<&str>)> = vec![(I1, None); 20_000];
    let file = anchor_csv(&rows);
    let v = VH::new(IidValidatorMode::Results);
    let path: Vec<u16> = file.path().to_str().unwrap().encode_utf16().collect();
    let request = csv_request(&path, 0);
    let stop: i32 = 1;
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_validator_add_csv(v.0, &request, &stop, &mut answer) }, IidStatus::Interrupted);
    // An interrupted file leaves the validator as it was, and usable.
    assert_eq!(v.add(&items(&[(I1, None)])), IidStatus::Ok);
    let mut s = unsafe { std::mem::zeroed::<IidSummary>() };
    assert_eq!(unsafe { iid_validator_finish(v.0, std::ptr::null(), &mut s) }, IidStatus::Ok);
    assert_eq!(s.total, 1, "the interrupted file left nothing behind");
    // An interrupted finish spends the validator: its records are gone, so every later call
    // is refused rather than answering an empty batch.
    assert_eq!(v.add(&items(&[(I1, None), (I2, None)])), IidStatus::Ok);
    assert_eq!(unsafe { iid_validator_finish(v.0, &stop, &mut s) }, IidStatus::Interrupted);
    s.total = 99;
    assert_eq!(unsafe { iid_validator_finish(v.0, std::ptr::null(), &mut s) }, IidStatus::InvalidArgument);
    assert_eq!(s.total, 0, "the summary is reset");
    assert_eq!(v.add(&items(&[(I1, None)])), IidStatus::InvalidArgument);
    assert_eq!(unsafe { iid_validator_add_csv(v.0, &request, std::ptr::null(), &mut answer) }, IidStatus::InvalidArgument);
    let mut records = vec![unsafe { std::mem::zeroed::<IidTestRecord>() }; 2];
    let mut written = 9;
    assert_eq!(unsafe { iid_validator_next(v.0, records.as_mut_ptr(), 2, &mut written, &mut answer) }, IidStatus::InvalidArgument);
    assert_eq!(written, 0);
}

/// An out-parameter over an input is refused and left alone, the input kept: the answer
/// over a CSV request or its path, a summary over the interrupt flag.
#[test]
fn outputs_over_a_request_or_a_flag_are_refused() {
    let file = anchor_csv(&[(I1, None)]);
    let v = VH::new(IidValidatorMode::Summary);
    let path: Vec<u16> = file.path().to_str().unwrap().encode_utf16().collect();
    // The request and the answer in one block of memory, the answer over the request.
    let mut block = vec![0u64; 32];
    let request = block.as_mut_ptr().cast::<IidCsvRequest>();
    unsafe { request.write(csv_request(&path, 0)) };
    let before = block.clone();
    assert_eq!(unsafe { iid_validator_add_csv(v.0, request, std::ptr::null(), request.cast()) }, IidStatus::InvalidArgument);
    assert_eq!(block, before, "the request was left as it was");
    // The answer over the path.
    let mut units = path.clone();
    units.resize(path.len() + 64, 0);
    let request = csv_request(&units[..path.len()], 0);
    let kept = units.clone();
    let over_path = units.as_mut_ptr().cast::<IidAnswer>();
    if over_path.is_aligned() {
        assert_eq!(unsafe { iid_validator_add_csv(v.0, &request, std::ptr::null(), over_path) }, IidStatus::InvalidArgument);
        assert_eq!(units, kept, "the path was left as it was");
    }
    // The summary over the interrupt flag.
    let mut summary = unsafe { std::mem::zeroed::<IidSummary>() };
    let flag = (&mut summary.total as *mut u64).cast::<i32>();
    assert_eq!(unsafe { iid_validator_finish(v.0, flag, &mut summary) }, IidStatus::InvalidArgument);
    let mut s = unsafe { std::mem::zeroed::<IidSummary>() };
    assert_eq!(unsafe { iid_validator_finish(v.0, std::ptr::null(), &mut s) }, IidStatus::Ok);
    assert_eq!(s.total, 0, "nothing was added");
}

#[test]
fn csv_encodings_that_export_csv_writes() {
    let text = csv_text(
        &["UserPrincipalName", "ObjectGUID", "ImmutableId", "DisplayName"],
        &[vec!["jose@contoso.com", G1, I1, "José Ñúñez"], vec!["ann@contoso.com", G1, I2, "Ann"]],
    );
    let utf16 = |le: bool| {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    };
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    let mut outputs = Vec::new();
    for bytes in [text.as_bytes().to_vec(), with_bom, utf16(true), utf16(false)] {
        let file = temp_file(&bytes);
        outputs.push(
            by_csv(file.path(), IidValidatorMode::Results)
                .results()
                .into_iter()
                .map(|r| (r.status, r.reasons, r.columns, r.line))
                .collect::<Vec<_>>(),
        );
    }
    for out in &outputs {
        assert_eq!(out, &outputs[0]);
    }
    let typed = temp_file(format!("#TYPE System.Management.Automation.PSCustomObject\r\n{text}").as_bytes());
    let typed = by_csv(typed.path(), IidValidatorMode::Results).results();
    assert_eq!(typed[0].line, 3);
    assert_eq!(typed[0].columns["DisplayName"], "José Ñúñez");
    assert_eq!(outputs[0][0].0, "Valid");
    assert_eq!(outputs[0][1].1, ["GuidMismatch"]);
}

#[test]
fn csv_column_choice_and_delimiters() {
    let text = "upn,OBJECTguid,onpremisesimmutableid,Anchor,SourceGuid\na,,K81Lh40UykezCZHfZPBb9Q==,QF5HMK7n80qvdYsUPIHa9Q==,874bcd2b-148d-47ca-b309-91df64f05bf5\n";
    let file = temp_file(text.as_bytes());
    // One validator each: the rows repeat.
    let read = |column: Option<&str>, expected: Option<&str>| {
        let v = VH::new(IidValidatorMode::Results);
        v.add_csv(file.path(), column, expected, 0).unwrap();
        v.results().remove(0)
    };
    let r = [read(None, None), read(Some(" anchor "), Some("SOURCEGUID")), read(Some("Anchor"), Some("upn"))];
    assert_eq!(r[0].column_order, ["upn", "OBJECTguid", "Anchor", "SourceGuid"], "columns in file order, without the value's");
    assert_eq!((r[0].value.as_str(), r[0].expected.as_deref(), r[0].property.as_deref()), (I1, None, Some("OnPremisesImmutableId")));
    assert_eq!((r[1].value.as_str(), r[1].expected.as_deref()), (I2, Some(G1)));
    assert_eq!(r[1].reasons, ["GuidMismatch"]);
    assert_eq!(r[2].reasons, ["ExpectedGuidUnreadable"], "a column of UPNs named by mistake is a finding, never silence");
    let semicolons = temp_file(b"UserPrincipalName;ImmutableId\na;K81Lh40UykezCZHfZPBb9Q==\n");
    let v = VH::new(IidValidatorMode::Results);
    v.add_csv(semicolons.path(), None, None, u16::from(b';')).unwrap();
    assert_eq!(v.results()[0].status, "Valid");
    let tabs = temp_file(b"UserPrincipalName\tImmutableId\na\tK81Lh40UykezCZHfZPBb9Q==\n");
    let v = VH::new(IidValidatorMode::Results);
    v.add_csv(tabs.path(), None, None, u16::from(b'\t')).unwrap();
    assert_eq!(v.results()[0].status, "Valid");
}

#[test]
fn ragged_rows() {
    let file = temp_file(b"UserPrincipalName,ImmutableId,Note\na,K81Lh40UykezCZHfZPBb9Q==\nb\nc,QF5HMK7n80qvdYsUPIHa9Q==,x,,\n");
    let r = by_csv(file.path(), IidValidatorMode::Results).results();
    assert_eq!(r[0].columns["Note"], "", "missing cells are empty");
    assert_eq!(r[1].status, "NoAnchor");
    assert_eq!(r[2].status, "Valid", "empty extra cells (trailing commas) are ignored");
    let file = temp_file(b"UserPrincipalName,ImmutableId\na,K81Lh40UykezCZHfZPBb9Q==\nSmith, John,QF5HMK7n80qvdYsUPIHa9Q==\n");
    let (code, message) = error_of(file.path());
    assert_eq!(code, "RaggedRow");
    assert!(message.starts_with("Line 3 of "), "{message}");
}

fn assert_error((code, message): &(String, String), expected: &str, path: &Path, says: &str) {
    assert_eq!(code, expected, "{message}");
    assert!(message.contains(path.to_str().unwrap()), "the message names the file: {message}");
    assert!(message.contains(says), "{message} should say {says:?}");
}

#[test]
fn every_file_level_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    assert_error(&error_of(&missing), "FileNotFound", &missing, "does not exist");
    assert_error(&error_of(dir.path()), "FileUnreadable", dir.path(), "directory");
    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\r\n\n", b"\xFF\xFE", b"#TYPE System.Management.Automation.PSCustomObject\r\n", b"   \n"] {
        let file = temp_file(empty);
        assert_error(&error_of(file.path()), "EmptyFile", file.path(), "header row");
    }
    let file = temp_file(b"ImmutableId,UPN,immutableid\nx,y,z\n");
    assert_error(&error_of(file.path()), "NotCsv", file.path(), "'immutableid' twice");
    let file = temp_file(b"UserPrincipalName,ObjectGUID,Anchor\na,b,c\n");
    assert_error(&error_of(file.path()), "ColumnNotFound", file.path(), "'UserPrincipalName', 'ObjectGUID', 'Anchor'");
    let v = VH::new(IidValidatorMode::Results);
    assert_error(
        &v.add_csv(file.path(), Some("SourceAnchor"), None, 0).unwrap_err(),
        "ColumnNotFound",
        file.path(),
        "no 'SourceAnchor' column",
    );
    assert_error(&v.add_csv(file.path(), Some("Anchor"), Some("Guid"), 0).unwrap_err(), "ColumnNotFound", file.path(), "no 'Guid' column");
    let file = temp_file(b"UserPrincipalName;ImmutableId\na;K81Lh40UykezCZHfZPBb9Q==\n");
    assert_error(&error_of(file.path()), "ColumnNotFound", file.path(), "-Delimiter");
    let file = temp_file(b"ImmutableId,Name\nK81Lh40UykezCZHfZPBb9Q==,a\nQF5HMK7n80qvdYsUPIHa9Q==,b\x00c\n");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 3 of");
    let file = temp_file(b"ImmutableId,Name\nK81Lh40UykezCZHfZPBb9Q==,a\n\nQF5HMK7n80qvdYsUPIHa9Q==,Jos\xE9\n");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 4 of");
    let file = temp_file(b"I\x00m\x00m\x00u\x00t\x00a\x00b\x00l\x00e\x00I\x00d\x00\r\x00\n\x00");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "without a byte-order mark");
    let file = temp_file(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 1 of");
    let file = temp_file(b"ImmutableId,Note\nK81Lh40UykezCZHfZPBb9Q==,\"fine\"\nQF5HMK7n80qvdYsUPIHa9Q==,\"open\nx,y\n");
    assert_error(&error_of(file.path()), "UnclosedQuote", file.path(), "line 3 of");
    // A 3 MiB line, over the 1 MiB cap: fails at the cap, whatever follows.
    let mut long = b"ImmutableId\nK81Lh40UykezCZHfZPBb9Q==\n".to_vec();
    long.extend(std::iter::repeat_n(b'A', 3 << 20));
    let file = temp_file(&long);
    assert_error(&error_of(file.path()), "LineTooLong", file.path(), "Line 3 of");
}

#[test]
fn bare_cr_files_have_their_line_numbers() {
    let file = temp_file(b"UserPrincipalName,ImmutableId\ra,K81Lh40UykezCZHfZPBb9Q==\r\rb,QF5HMK7n80qvdYsUPIHa9Q==\r");
    let r = by_csv(file.path(), IidValidatorMode::Results).results();
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
}

#[test]
fn a_failed_file_takes_back_its_records() {
    let good = anchor_csv(&[(I1, None)]);
    let bad = temp_file(format!("ImmutableId\n{I1}\n{I2}\nok\n\"x,\x00\n").as_bytes());
    let results = VH::new(IidValidatorMode::Results);
    results.csv(good.path()).unwrap();
    assert_eq!(results.csv(bad.path()).unwrap_err().0, "BinaryFile");
    assert_eq!(results.add(&items(&[(I2, None)])), IidStatus::Ok);
    let out = results.results();
    assert_eq!(out.len(), 2);
    assert_eq!(out[1].index, 1);
    assert!(out.iter().all(|r| r.status == "Valid"), "{out:?}");
    let summary = VH::new(IidValidatorMode::Summary);
    summary.csv(good.path()).unwrap();
    assert_eq!(summary.csv(bad.path()).unwrap_err().0, "BinaryFile");
    assert_eq!(summary.add(&items(&[(I2, None)])), IidStatus::Ok);
    let s = summary.summary();
    assert_eq!((s.total, s.valid), (2, 2));
}

/// Bytes from an endless generator, counted, never stored.
struct Counted<R> {
    inner: R,
    read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

#[test]
fn a_2_gb_line_fails_fast_after_reading_about_the_cap() {
    const TWO_GB: u64 = 2 << 30;
    let streams: [(&str, Box<dyn Read + Send>); 3] = [
        ("one line", Box::new(io::repeat(b'A').take(TWO_GB))),
        // An unclosed quote: short lines, one endless record.
        ("one record", Box::new(io::Read::chain(&b"\""[..], io::repeat(b'\n').take(TWO_GB)))),
        ("UTF-16", Box::new(io::repeat(0x41).take(TWO_GB))),
    ];
    for (what, body) in streams {
        let read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let header: &[u8] = if what == "UTF-16" { b"\xFF\xFEI\x00d\x00\n\x00" } else { b"ImmutableId\nK81Lh40UykezCZHfZPBb9Q==\n" };
        let stream = Counted { inner: io::Read::chain(header, body), read: read.clone() };
        let mut v = Validator::new(Mode::Summary);
        let columns = if what == "UTF-16" { CsvColumns { value: Some("Id".into()), expected: None } } else { CsvColumns::default() };
        let e = rules::add_csv_reader(&mut v, stream, "huge.csv", &columns, &CsvOptions::default(), &|| false).unwrap_err();
        let CsvFailure::File(e) = e else { panic!("{what}: interrupted") };
        assert_eq!(e.code, CsvErrorCode::LineTooLong, "{what}: {e}");
        let read = read.load(std::sync::atomic::Ordering::Relaxed);
        assert!(read < 3 * MAX_RECORD_BYTES, "{what}: read {read} bytes");
        assert!(v.is_empty(), "{what}: nothing stays");
    }
}

#[test]
fn pipes_and_devices_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("anchors.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let mut targets = vec![std::path::PathBuf::from("/dev/zero")];
    if made {
        targets.push(fifo);
    }
    for path in targets {
        if !path.exists() {
            continue;
        }
        let (code, message) = error_of(&path);
        assert_eq!(code, "FileUnreadable", "{}: {message}", path.display());
    }
}
