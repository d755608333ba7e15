//! `Test-ImmutableId` through its C ABI (`iid_validator_*`), the way the module calls it:
//! every rule on both routes (batches and CSV files), summaries, duplicate lists, the
//! encodings `Export-Csv` writes, and every file-level error.

mod common;

use std::io::{self, Read, Write};
use std::path::Path;

use common::{vectors, Batch};
use immutableid::csv_source::{self, CsvErrorCode, CsvOptions};
use immutableid::ffi::{iid_buffer_free, IidBuffer, IidStatus, IidValue};
use immutableid::ffi_validate::*;
use immutableid::inspect::Reason;
use immutableid::{Mode, Validator};
use serde_json::{json, Value};

const G1: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";
const I1: &str = "K81Lh40UykezCZHfZPBb9Q==";
const G2: &str = "30475e40-e7ae-4af3-af75-8b143c81daf5";
const I2: &str = "QF5HMK7n80qvdYsUPIHa9Q==";

/// Owns a validator for one test.
struct V(*mut IidValidator);

impl V {
    fn new(mode: u32) -> V {
        let v = iid_validator_new(mode);
        assert!(!v.is_null());
        V(v)
    }

    /// Values with expected GUIDs given as text (None: IID_VALUE_NONE).
    fn add(&self, items: &[(&str, Option<&str>)]) -> IidStatus {
        let mut b = Batch::default();
        let values: Vec<IidValue> = items.iter().map(|(v, _)| b.text(v)).collect();
        let expected: Vec<IidValue> = items.iter().map(|(_, e)| e.map_or(Batch::none(), |g| b.text(g))).collect();
        self.add_raw(&b, &values, Some(&expected))
    }

    fn add_raw(&self, b: &Batch, values: &[IidValue], expected: Option<&[IidValue]>) -> IidStatus {
        unsafe {
            iid_validator_add_many(
                self.0,
                b.text.as_ptr(),
                b.text.len(),
                b.bytes.as_ptr(),
                b.bytes.len(),
                values.as_ptr(),
                expected.map_or(std::ptr::null(), |e| e.as_ptr()),
                values.len(),
            )
        }
    }

    /// Ok, or the file-level error JSON.
    fn add_csv(&self, path: &Path, column: Option<&str>, expected_column: Option<&str>) -> Result<(), Value> {
        let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
        let path = utf16(path.to_str().unwrap());
        let column = column.map(utf16);
        let expected_column = expected_column.map(utf16);
        let ptr = |s: &Option<Vec<u16>>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
        let len = |s: &Option<Vec<u16>>| s.as_ref().map_or(0, Vec::len);
        let mut error = IidBuffer::EMPTY;
        let status = unsafe {
            iid_validator_add_csv(
                self.0,
                path.as_ptr(),
                path.len(),
                ptr(&column),
                len(&column),
                ptr(&expected_column),
                len(&expected_column),
                &mut error,
            )
        };
        assert_eq!(status, IidStatus::Ok);
        take(error).map_or(Ok(()), Err)
    }

    fn finish(&self) -> Value {
        serde_json::from_str(&self.finish_text()).unwrap()
    }

    fn finish_text(&self) -> String {
        let mut out = IidBuffer::EMPTY;
        assert_eq!(unsafe { iid_validator_finish(self.0, &mut out) }, IidStatus::Ok);
        let text = unsafe { out.as_str() }.to_string();
        unsafe { iid_buffer_free(out) };
        text
    }
}

impl Drop for V {
    fn drop(&mut self) {
        unsafe { iid_validator_free(self.0) }
    }
}

fn take(buffer: IidBuffer) -> Option<Value> {
    let json = if buffer.ptr.is_null() { None } else { Some(serde_json::from_str(unsafe { buffer.as_str() }).expect("JSON")) };
    unsafe { iid_buffer_free(buffer) };
    json
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

fn results_by_add_many(items: &[(&str, Option<&str>)]) -> Vec<Value> {
    let v = V::new(IID_VALIDATOR_RESULTS);
    assert_eq!(v.add(items), IidStatus::Ok);
    v.finish().as_array().unwrap().clone()
}

fn results_by_csv(items: &[(&str, Option<&str>)]) -> Vec<Value> {
    let v = V::new(IID_VALIDATOR_RESULTS);
    let file = anchor_csv(items);
    v.add_csv(file.path(), None, None).unwrap();
    v.finish().as_array().unwrap().clone()
}

fn summary_by_add_many(items: &[(&str, Option<&str>)]) -> Value {
    let v = V::new(IID_VALIDATOR_SUMMARY);
    assert_eq!(v.add(items), IidStatus::Ok);
    v.finish()
}

fn summary_by_csv(items: &[(&str, Option<&str>)]) -> Value {
    let v = V::new(IID_VALIDATOR_SUMMARY);
    let file = anchor_csv(items);
    v.add_csv(file.path(), None, None).unwrap();
    v.finish()
}

fn error_of(path: &Path) -> Value {
    let v = V::new(IID_VALIDATOR_RESULTS);
    v.add_csv(path, None, None).unwrap_err()
}

fn codes(result: &Value) -> Vec<String> {
    result["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect()
}

/// The summary the results add up to.
fn tally(results: &[Value]) -> Value {
    let mut counts = json!({"total": results.len(), "valid": 0, "warning": 0, "invalid": 0, "reasons": {}});
    for r in results {
        let status = r["status"].as_str().unwrap().to_lowercase();
        counts[&status] = json!(counts[&status].as_u64().unwrap() + 1);
        for code in codes(r) {
            let n = counts["reasons"][&code].as_u64().unwrap_or(0);
            counts["reasons"][&code] = json!(n + 1);
        }
    }
    counts
}

fn validation_vectors() -> Vec<(String, Option<String>, Value)> {
    vectors()["validation"]
        .as_array()
        .expect("validation vectors")
        .iter()
        .map(|v| (v["value"].as_str().unwrap().to_string(), v["expectedGuid"].as_str().map(str::to_string), v.clone()))
        .collect()
}

#[test]
fn validation_vectors_hold_on_both_routes() {
    let vectors = validation_vectors();
    let items: Vec<(&str, Option<&str>)> = vectors.iter().map(|(v, e, _)| (v.as_str(), e.as_deref())).collect();
    let folded: std::collections::HashSet<String> = items.iter().map(|(v, _)| v.to_lowercase()).collect();
    assert_eq!(folded.len(), items.len(), "validation values must differ even ignoring case");

    let mut seen = std::collections::HashSet::new();
    for (route, results) in [("add_many", results_by_add_many(&items)), ("csv", results_by_csv(&items))] {
        assert_eq!(results.len(), vectors.len());
        for (i, ((value, expected, vector), r)) in vectors.iter().zip(&results).enumerate() {
            let what = format!("{route} {value:?}: {r}");
            assert_eq!(r["index"], json!(i), "{what}");
            assert_eq!(r["line"], if route == "csv" { json!(i + 2) } else { Value::Null }, "{what}");
            assert_eq!(&r["value"], value, "{what}");
            assert_eq!(r["reasons"], vector["reasons"], "{what}");
            assert_eq!(r["status"], vector["status"], "{what}");
            assert_eq!(r["suggestion"], vector.get("suggestion").cloned().unwrap_or(Value::Null), "{what}");
            assert_eq!(r["expectedGuid"], expected.as_deref().map_or(Value::Null, |g| json!(g)), "{what}");
            assert_eq!(r["messages"].as_array().unwrap().len(), codes(r).len(), "{what}");
            assert_eq!(r["duplicates"], json!([]), "{what}");
            if route == "csv" {
                let upn = format!("user{i}@contoso.com");
                assert_eq!(r["columns"], json!({"UserPrincipalName": upn, "ObjectGUID": expected.as_deref().unwrap_or("")}), "{what}");
            } else {
                assert_eq!(r["columns"], Value::Null);
            }
            seen.extend(codes(r));
        }
        assert_eq!(summary_by_add_many(&items), tally(&results), "{route}");
        assert_eq!(summary_by_csv(&items), tally(&results), "{route}");
    }
    for reason in Reason::ALL {
        if !matches!(reason, Reason::Duplicate | Reason::CaseOnlyDuplicate) {
            assert!(seen.contains(reason.code()), "no validation vector has {}", reason.code());
        }
    }
}

#[test]
fn messages_name_the_value_and_the_fix() {
    let r = &results_by_add_many(&[(I2, Some(G1)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(G1))]);
    let mismatch = r[0]["messages"][0].as_str().unwrap();
    assert!(mismatch.contains(I2) && mismatch.contains(G1) && mismatch.contains(G2) && mismatch.contains(I1), "{mismatch}");
    assert_eq!(r[0]["guid"], G2);
    let big_endian = r[1]["messages"][0].as_str().unwrap();
    assert!(big_endian.contains("big-endian") && big_endian.contains(I1) && big_endian.contains(G1), "{big_endian}");
    assert_eq!(r[1]["guid"], G1);
}

#[test]
fn duplicates_and_case_only_duplicates_on_both_routes() {
    let items = [(I1, Some(G1)), ("EMP001", None), (I1, None), ("emp001", None), ("", None), ("", None), ("Emp001", None), (I1, None)];
    for (route, results) in [("add_many", results_by_add_many(&items)), ("csv", results_by_csv(&items))] {
        // CSV records are numbered by line (data starts on line 2), others by index.
        let n = |i: u64| if route == "csv" { i + 2 } else { i };
        let r = |i: usize| &results[i];
        assert_eq!(codes(r(0)), ["Duplicate"], "{route}");
        assert_eq!(r(0)["status"], "Invalid");
        assert_eq!(r(0)["duplicates"], json!([n(2), n(7)]), "{route}");
        assert_eq!(r(0)["duplicateCount"], 2);
        let message = r(0)["messages"][0].as_str().unwrap();
        let place = if route == "csv" { "line" } else { "item" };
        assert!(message.contains(I1) && message.contains(&format!("{place} {} and {place} {}", n(2), n(7))), "{message}");
        assert_eq!(codes(r(1)), ["PlainString", "CaseOnlyDuplicate"], "{route}");
        assert_eq!(r(1)["status"], "Warning");
        assert_eq!(r(1)["duplicates"], json!([n(3), n(6)]));
        let message = r(1)["messages"][1].as_str().unwrap();
        assert!(message.contains("'EMP001' differs only in letter case from 'emp001'"), "{message}");
        assert_eq!(codes(r(4)), ["Empty"], "empty values are never duplicates");
        assert_eq!(r(4)["duplicates"], json!([]));
        assert_eq!(codes(r(6)), ["PlainString", "CaseOnlyDuplicate"]);
        assert_eq!(results.iter().filter(|r| r["status"] == "Valid").count(), 0);
        let summary = json!({"total": 8, "valid": 0, "warning": 3, "invalid": 5,
            "reasons": {"Empty": 2, "PlainString": 3, "Duplicate": 3, "CaseOnlyDuplicate": 3}});
        assert_eq!(tally(&results), summary, "{route}");
        assert_eq!(summary_by_add_many(&items), summary);
        assert_eq!(summary_by_csv(&items), summary);
    }
}

#[test]
fn summary_final_status_rules() {
    // exact duplicates are Invalid; a case-only pair lifts Valid to Warning; a GUID
    // mismatch on one record of a value does not spill onto the value's other records.
    let items = [
        (I1, None),
        (I1, None),
        ("AAAAAAAAAAAAAAAAAAAAAg==", None),
        ("aaaaaaaaaaaaaaaaaaaaag==", None),
        (I2, Some(G1)),
        ("K81Lh40Uyk!zCZHfZPBb9Q==", None),
        ("260051", None),
        ("", None),
    ];
    let expected = json!({"total": 8, "valid": 0, "warning": 3, "invalid": 5,
        "reasons": {"Empty": 1, "NotBase64Character": 1, "PlainString": 1, "Duplicate": 2, "CaseOnlyDuplicate": 2, "GuidMismatch": 1}});
    assert_eq!(summary_by_add_many(&items), expected);
    assert_eq!(summary_by_csv(&items), expected);
    assert_eq!(tally(&results_by_add_many(&items)), expected);
}

#[test]
fn index_continues_across_calls_and_finish_starts_over() {
    let v = V::new(IID_VALIDATOR_RESULTS);
    assert_eq!(v.add(&[(I1, None)]), IidStatus::Ok);
    let file = anchor_csv(&[(I2, None), (I1, None)]);
    v.add_csv(file.path(), None, None).unwrap();
    assert_eq!(v.add(&[(I2, None)]), IidStatus::Ok);
    let r = v.finish();
    assert_eq!(r.as_array().unwrap().iter().map(|r| r["index"].as_u64().unwrap()).collect::<Vec<_>>(), [0, 1, 2, 3]);
    assert_eq!(r[0]["duplicates"], json!([3]), "a CSV record is named by its line");
    assert_eq!(r[1]["duplicates"], json!([3]), "a batch record by its index");
    assert_eq!(v.finish(), json!([]));
    assert_eq!(v.add(&[(I1, None)]), IidStatus::Ok);
    assert_eq!(v.finish()[0]["index"], 0);
}

#[test]
fn expected_guid_in_every_kind() {
    let mut b = Batch::default();
    let stored = uuid::Uuid::parse_str(G1).unwrap().to_bytes_le();
    let values: Vec<IidValue> = (0..6).map(|_| b.text(I1)).collect();
    let expected = [b.text(G1), b.guid(&format!("{{{}}}", G1.to_uppercase())), b.bytes(&stored), Batch::none(), b.text("not a GUID"), b.bytes(&[1, 2, 3])];
    let v = V::new(IID_VALIDATOR_RESULTS);
    assert_eq!(v.add_raw(&b, &values, Some(&expected)), IidStatus::Ok);
    let r = v.finish();
    let guids: Vec<&Value> = r.as_array().unwrap().iter().map(|r| &r["expectedGuid"]).collect();
    assert_eq!(guids, [&json!(G1), &json!(G1), &json!(G1), &Value::Null, &Value::Null, &Value::Null]);
    // A value as IID_VALUE_NONE is an empty value.
    let mut b = Batch::default();
    let v = V::new(IID_VALIDATOR_RESULTS);
    let values = [Batch::none(), b.guid(G1)];
    assert_eq!(v.add_raw(&b, &values, None), IidStatus::Ok);
    let r = v.finish();
    assert_eq!(codes(&r[0]), ["Empty"]);
    assert_eq!(codes(&r[1]), ["GuidInsteadOfImmutableId"]);
}

#[test]
fn bad_arguments_add_nothing() {
    assert!(iid_validator_new(2).is_null());
    unsafe { iid_validator_free(std::ptr::null_mut()) };
    let v = V::new(IID_VALIDATOR_RESULTS);
    let mut b = Batch::default();
    let good = b.text(I1);
    let outside = IidValue { offset: 1000, ..good };
    assert_eq!(v.add_raw(&b, &[good, outside], None), IidStatus::InvalidArgument);
    let bytes = b.bytes(&[0; 16]);
    assert_eq!(v.add_raw(&b, &[good, bytes], None), IidStatus::InvalidArgument);
    assert_eq!(v.add_raw(&b, &[good, IidValue { kind: 9, ..good }], None), IidStatus::InvalidArgument);
    assert_eq!(v.finish(), json!([]), "a failed call adds nothing");
    let status = unsafe { iid_validator_add_many(std::ptr::null_mut(), b.text.as_ptr(), b.text.len(), std::ptr::null(), 0, &good, std::ptr::null(), 1) };
    assert_eq!(status, IidStatus::InvalidArgument);
    assert_eq!(unsafe { iid_validator_finish(v.0, std::ptr::null_mut()) }, IidStatus::InvalidArgument);
    let mut error = IidBuffer::EMPTY;
    let status = unsafe { iid_validator_add_csv(v.0, std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), 0, &mut error) };
    assert_eq!(status, IidStatus::InvalidArgument);
    // Text that is not UTF-16 is checked as what it shows (U+FFFD), not refused.
    let mut b = Batch::default();
    b.text.extend([0xD800, 0x41]);
    let lone = IidValue { kind: immutableid::ffi::IID_VALUE_TEXT, offset: 0, len: 2 };
    assert_eq!(v.add_raw(&b, &[lone], None), IidStatus::Ok);
    assert_eq!(v.finish()[0]["value"], "\u{FFFD}A");
}

#[test]
fn csv_encodings_that_export_csv_writes() {
    let text = csv_text(&["UserPrincipalName", "ObjectGUID", "ImmutableId", "DisplayName"], &[
        vec!["jose@contoso.com", G1, I1, "José Ñúñez"],
        vec!["ann@contoso.com", G1, I2, "Ann"],
    ]);
    let utf16 = |le: bool| {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        out
    };
    let with_bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
    let windows_powershell = format!("#TYPE System.Management.Automation.PSCustomObject\r\n{text}");
    let mut outputs = Vec::new();
    for bytes in [text.as_bytes().to_vec(), with_bom, utf16(true), utf16(false)] {
        let file = temp_file(&bytes);
        let v = V::new(IID_VALIDATOR_RESULTS);
        v.add_csv(file.path(), None, None).unwrap();
        outputs.push(v.finish());
    }
    let file = temp_file(windows_powershell.as_bytes());
    let v = V::new(IID_VALIDATOR_RESULTS);
    v.add_csv(file.path(), None, None).unwrap();
    let typed = v.finish();
    assert_eq!(typed[0]["line"], 3);
    assert_eq!(typed[0]["columns"], outputs[0][0]["columns"]);
    for out in &outputs {
        assert_eq!(out, &outputs[0]);
    }
    let r = &outputs[0];
    assert_eq!(r[0]["status"], "Valid");
    assert_eq!(r[0]["columns"], json!({"UserPrincipalName": "jose@contoso.com", "ObjectGUID": G1, "DisplayName": "José Ñúñez"}));
    assert_eq!(codes(&r[1]), ["GuidMismatch"]);
    assert_eq!(r[1]["line"], 3);
}

#[test]
fn csv_column_choice() {
    let text = "upn,OBJECTguid,onpremisesimmutableid,Anchor,SourceGuid\na,,K81Lh40UykezCZHfZPBb9Q==,QF5HMK7n80qvdYsUPIHa9Q==,874bcd2b-148d-47ca-b309-91df64f05bf5\n";
    let file = temp_file(text.as_bytes());
    let v = V::new(IID_VALIDATOR_RESULTS);
    v.add_csv(file.path(), None, None).unwrap();
    v.add_csv(file.path(), Some(" anchor "), Some("SOURCEGUID")).unwrap();
    let text = v.finish_text();
    let columns = format!(r#""columns":{{"upn":"a","OBJECTguid":"","onpremisesimmutableid":"{I1}","SourceGuid":"{G1}"}}"#);
    assert!(text.contains(&columns), "columns in file order: {text}");
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!((&r[0]["value"], &r[0]["expectedGuid"]), (&json!(I1), &Value::Null), "OnPremisesImmutableId; an empty ObjectGUID");
    assert_eq!((&r[1]["value"], &r[1]["expectedGuid"]), (&json!(I2), &json!(G1)));
    assert_eq!(codes(&r[1]), ["GuidMismatch"]);
    // A column that is not a GUID is simply no expected GUID.
    let v = V::new(IID_VALIDATOR_SUMMARY);
    v.add_csv(file.path(), Some("Anchor"), Some("upn")).unwrap();
    assert_eq!(v.finish()["valid"], 1);
}

#[test]
fn ragged_rows() {
    let file = temp_file(b"UserPrincipalName,ImmutableId,Note\na,K81Lh40UykezCZHfZPBb9Q==\nb\nc,QF5HMK7n80qvdYsUPIHa9Q==,x,,\n");
    let v = V::new(IID_VALIDATOR_RESULTS);
    v.add_csv(file.path(), None, None).unwrap();
    let r = v.finish();
    assert_eq!(r[0]["columns"], json!({"UserPrincipalName": "a", "Note": ""}), "missing cells are empty");
    assert_eq!(codes(&r[1]), ["Empty"]);
    assert_eq!(r[2]["status"], "Valid", "empty extra cells (trailing commas) are ignored");

    let file = temp_file(b"UserPrincipalName,ImmutableId\na,K81Lh40UykezCZHfZPBb9Q==\nSmith, John,QF5HMK7n80qvdYsUPIHa9Q==\n");
    let e = error_of(file.path());
    assert_eq!(e["code"], "RaggedRow");
    assert!(e["message"].as_str().unwrap().starts_with("Line 3 of "), "{e}");
}

fn assert_error(e: &Value, code: &str, path: &Path, says: &str) {
    let message = e["message"].as_str().unwrap();
    assert_eq!(e["code"], code, "{e}");
    assert!(message.contains(path.to_str().unwrap()), "the message names the file: {message}");
    assert!(message.contains(says), "{message} should say {says:?}");
    assert_eq!(e.as_object().unwrap().len(), 2, "just code and message: {e}");
}

#[test]
fn every_file_level_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    assert_error(&error_of(&missing), "FileNotFound", &missing, "does not exist");
    assert_error(&error_of(dir.path()), "FileUnreadable", dir.path(), "directory");

    for empty in [&b""[..], b"\xEF\xBB\xBF", b"\n\r\n\n", b"\xFF\xFE", b"#TYPE System.Management.Automation.PSCustomObject\r\n"] {
        let file = temp_file(empty);
        assert_error(&error_of(file.path()), "EmptyFile", file.path(), "header row");
    }

    let file = temp_file(b"ImmutableId,UPN,immutableid\nx,y,z\n");
    assert_error(&error_of(file.path()), "NotCsv", file.path(), "'immutableid' twice");

    let file = temp_file(b"UserPrincipalName,ObjectGUID,Anchor\na,b,c\n");
    let e = error_of(file.path());
    assert_error(&e, "ColumnNotFound", file.path(), "'UserPrincipalName', 'ObjectGUID', 'Anchor'");
    let v = V::new(IID_VALIDATOR_RESULTS);
    let e = v.add_csv(file.path(), Some("SourceAnchor"), None).unwrap_err();
    assert_error(&e, "ColumnNotFound", file.path(), "no 'SourceAnchor' column");
    let e = v.add_csv(file.path(), Some("Anchor"), Some("Guid")).unwrap_err();
    assert_error(&e, "ColumnNotFound", file.path(), "no 'Guid' column");
    let file = temp_file(b"UserPrincipalName;ImmutableId\na;K81Lh40UykezCZHfZPBb9Q==\n");
    assert_error(&error_of(file.path()), "ColumnNotFound", file.path(), "another delimiter");

    let file = temp_file(b"ImmutableId,Name\nK81Lh40UykezCZHfZPBb9Q==,a\nQF5HMK7n80qvdYsUPIHa9Q==,b\x00c\n");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 3 of");
    let file = temp_file(b"ImmutableId,Name\nK81Lh40UykezCZHfZPBb9Q==,a\n\nQF5HMK7n80qvdYsUPIHa9Q==,Jos\xE9\n");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 4 of");
    let file = temp_file(b"I\x00m\x00m\x00u\x00t\x00a\x00b\x00l\x00e\x00I\x00d\x00\r\x00\n\x00");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "without a byte-order mark");
    let file = temp_file(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00");
    assert_error(&error_of(file.path()), "BinaryFile", file.path(), "Line 1 of");

    // A 3 MiB line, over the 1 MiB cap: fails at the cap, whatever follows.
    let mut long = b"ImmutableId\nK81Lh40UykezCZHfZPBb9Q==\n".to_vec();
    long.extend(std::iter::repeat_n(b'A', 3 << 20));
    let file = temp_file(&long);
    assert_error(&error_of(file.path()), "LineTooLong", file.path(), "Line 3 of");
}

#[test]
fn a_failed_file_takes_back_its_records() {
    let good = anchor_csv(&[(I1, None)]);
    let bad = temp_file(format!("ImmutableId\n{I1}\n{I2}\nok\n\"x,\x00\n").as_bytes());
    for mode in [IID_VALIDATOR_RESULTS, IID_VALIDATOR_SUMMARY] {
        let v = V::new(mode);
        v.add_csv(good.path(), None, None).unwrap();
        assert_eq!(v.add_csv(bad.path(), None, None).unwrap_err()["code"], "BinaryFile");
        assert_eq!(v.add(&[(I2, None)]), IidStatus::Ok);
        let out = v.finish();
        if mode == IID_VALIDATOR_RESULTS {
            assert_eq!(out.as_array().unwrap().len(), 2);
            assert_eq!(out[1]["index"], 1);
            assert!(out.as_array().unwrap().iter().all(|r| r["status"] == "Valid"), "{out}");
        } else {
            assert_eq!(out, json!({"total": 2, "valid": 2, "warning": 0, "invalid": 0, "reasons": {}}));
        }
    }
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
        let options = CsvOptions { column: Some("Id".into()), ..CsvOptions::default() };
        let options = if what == "UTF-16" { options } else { CsvOptions::default() };
        let e = csv_source::add_csv_reader(&mut v, stream, "huge.csv", &options).unwrap_err();
        assert_eq!(e.code, CsvErrorCode::LineTooLong, "{what}: {e}");
        let read = read.load(std::sync::atomic::Ordering::Relaxed);
        assert!(read < 3 * csv_source::MAX_RECORD_BYTES, "{what}: read {read} bytes");
        assert!(v.is_empty(), "{what}: nothing stays");
    }
}

#[test]
fn a_lower_cap_applies_to_lines_and_records() {
    let options = CsvOptions { max_record_bytes: 1000, ..CsvOptions::default() };
    let mut v = Validator::new(Mode::Results);
    let fits = format!("ImmutableId\n{}\n", "A".repeat(1000));
    assert_eq!(csv_source::add_csv_reader(&mut v, fits.as_bytes(), "t.csv", &options), Ok(1));
    let over = format!("ImmutableId\n{I1}\n{}\n", "A".repeat(1001));
    let e = csv_source::add_csv_reader(&mut v, over.as_bytes(), "t.csv", &options).unwrap_err();
    assert_eq!(e.code, CsvErrorCode::LineTooLong);
    assert!(e.message.starts_with("Line 3 of 't.csv' is longer than 1000 bytes"), "{e}");
    let unclosed = format!("ImmutableId\n{I1}\n\"{}", "A\n".repeat(100_000));
    let e = csv_source::add_csv_reader(&mut v, unclosed.as_bytes(), "t.csv", &options).unwrap_err();
    assert_eq!(e.code, CsvErrorCode::LineTooLong);
    assert!(e.message.contains("record starting at line 3") && e.message.contains("quote"), "{e}");
    assert_eq!(v.len(), 1);
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
        let mut v = Validator::new(Mode::Summary);
        let e = csv_source::add_csv_file(&mut v, &path, &CsvOptions::default()).unwrap_err();
        assert_eq!(e.code, CsvErrorCode::FileUnreadable, "{}: {e}", path.display());
    }
}
