//! The validator's rules, on small batches.

use super::*;
use crate::codec::Guid;
use crate::inspect::Reason;
use crate::never_interrupted;
use crate::records::{Record, SourceAnchor, Value};

const ID: &str = "K81Lh40UykezCZHfZPBb9Q==";
const GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";

fn expected(guid: Option<&str>) -> Expected {
    match guid {
        Some(g) => Expected::Guid { guid: Guid::parse_str(g).unwrap(), property: "ObjectGUID" },
        None => Expected::None,
    }
}

fn run(mode: Mode, values: &[(&str, Option<&str>)]) -> Outcome {
    let mut v = Validator::new(mode);
    for (value, guid) in values {
        v.add(Item::value(value).expecting(expected(*guid)));
    }
    v.finish(&never_interrupted).unwrap()
}

fn results(values: &[(&str, Option<&str>)]) -> Vec<RecordResult> {
    match run(Mode::Results, values) {
        Outcome::Results(r) => r.collect(),
        Outcome::Summary(_) => unreachable!(),
    }
}

fn summary(values: &[(&str, Option<&str>)]) -> Summary {
    match run(Mode::Summary, values) {
        Outcome::Summary(s) => s,
        Outcome::Results(_) => unreachable!(),
    }
}

fn codes(r: &RecordResult) -> Vec<&'static str> {
    r.reasons.reasons().map(Reason::code).collect()
}

#[test]
fn stray_characters_come_out_in_reason_order() {
    let r = &results(&[(" \u{FEFF}'K81Lh40UykezCZHfZPBb9Q==' ", None)])[0];
    assert_eq!(codes(r), ["SurroundingWhiteSpace", "Quotes", "ByteOrderMark"]);
    assert_eq!(r.messages.len(), 3);
    assert!(r.messages[1].contains("quote"), "{:?}", r.messages);
}

#[test]
fn duplicates_and_case_only_duplicates() {
    let values = [(ID, None), ("abc", None), (ID, None), ("ABC", None), ("", None), ("", None), ("aBc", None), ("aBc", None)];
    let r = results(&values);
    assert_eq!(codes(&r[0]), ["Duplicate"]);
    assert_eq!(r[0].duplicates, [2]);
    assert_eq!(r[0].status, Status::Invalid);
    assert_eq!(codes(&r[1]), ["PlainString", "CaseOnlyDuplicate"]);
    assert_eq!(r[1].status, Status::Warning);
    assert_eq!(r[1].duplicates, [3, 6, 7]);
    assert_eq!(codes(&r[4]), ["Empty"]);
    assert!(r[4].duplicates.is_empty());
    assert_eq!(codes(&r[6]), ["PlainString", "Duplicate", "CaseOnlyDuplicate"]);
    assert_eq!(r[6].duplicates, [1, 3, 7]);
    assert_eq!(r[6].duplicate_count, 3);
    assert!(r[6].messages[1].contains("item 7"), "{}", r[6].messages[1]);
    assert!(r[6].messages[2].contains("'abc' (item 1 and 1 more record)"), "{}", r[6].messages[2]);

    let s = summary(&values);
    assert_eq!((s.total, s.valid, s.warning, s.invalid), (8, 0, 2, 6));
    assert_eq!(s.reasons.get(Reason::Duplicate), 4);
    assert_eq!(s.reasons.get(Reason::CaseOnlyDuplicate), 4);
    assert_eq!(s.reasons.get(Reason::Empty), 2);
    assert_eq!(s.reasons.get(Reason::PlainString), 4);
}

#[test]
fn guid_checks() {
    let other = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let r =
        results(&[(ID, Some(GUID)), (ID, Some(other)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(GUID)), ("K81Lh40Uyk!zCZHfZPBb9Q==", Some(GUID))]);
    assert_eq!(r[0].status, Status::Invalid); // a duplicate
    assert_eq!(codes(&r[1]), ["Duplicate", "GuidMismatch"]);
    assert_eq!(r[1].suggestion.as_deref(), Some("QF5HMK7n80qvdYsUPIHa9Q=="));
    assert!(r[1].messages[1].contains(GUID) && r[1].messages[1].contains(other) && r[1].messages[1].contains("ObjectGUID"));
    assert_eq!(codes(&r[2]), ["BigEndianByteOrder"]);
    assert_eq!(r[2].suggestion.as_deref(), Some(ID));
    assert_eq!(r[2].guid.map(|g| g.to_string()).as_deref(), Some(GUID));
    assert_eq!(codes(&r[3]), ["NotBase64Character"]);
    assert_eq!(r[3].suggestion.as_deref(), Some(ID));
    let s = summary(&[(ID, Some(GUID)), ("QF5HMK7n80qvdYsUPIHa9Q==", Some(GUID)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(GUID))]);
    assert_eq!((s.valid, s.invalid), (1, 2));
    assert_eq!(s.reasons.get(Reason::GuidMismatch), 1);
    assert_eq!(s.reasons.get(Reason::BigEndianByteOrder), 1);
}

#[test]
fn an_unreadable_expected_guid_is_a_finding() {
    let mut v = Validator::new(Mode::Results);
    let unreadable = Expected::Unreadable { shown: "'alice@contoso.com'".into(), property: "ObjectGUID", why: "it is not a GUID".into() };
    v.add(Item::value(ID).expecting(unreadable.clone()));
    let Outcome::Results(mut r) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
    let r = r.next().unwrap();
    assert_eq!(codes(&r), ["ExpectedGuidUnreadable"]);
    assert_eq!(r.status, Status::Invalid);
    assert!(r.messages[0].contains("alice@contoso.com") && r.messages[0].contains("ObjectGUID"), "{}", r.messages[0]);
    let mut v = Validator::new(Mode::Summary);
    v.add(Item::value(ID).expecting(unreadable));
    let Outcome::Summary(s) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
    assert_eq!((s.invalid, s.reasons.get(Reason::ExpectedGuidUnreadable)), (1, 1));
}

#[test]
fn no_anchor_and_not_checked_are_counted_apart() {
    for mode in [Mode::Results, Mode::Summary] {
        let mut v = Validator::new(mode);
        v.add(Item::value(ID));
        v.add(Item { subject: Subject::NoAnchor { text: "", property: "OnPremisesImmutableId" }, ..Item::value("") });
        let error = crate::error::ConvertError::new(crate::error::ErrorCode::NoAnchorProperty, "none");
        v.add(Item { subject: Subject::NotChecked(error), ..Item::value("") });
        match v.finish(&never_interrupted).unwrap() {
            Outcome::Results(r) => {
                let r: Vec<RecordResult> = r.collect();
                assert_eq!(r.iter().map(|r| r.status).collect::<Vec<_>>(), [Status::Valid, Status::NoAnchor, Status::NotChecked]);
                assert!(r[1].messages[0].contains("cloud-only"));
                assert_eq!(r[2].error.as_ref().unwrap().code, "NoAnchorProperty");
            }
            Outcome::Summary(s) => assert_eq!((s.total, s.valid, s.no_anchor, s.not_checked), (3, 1, 1, 1)),
        }
    }
}

#[test]
fn a_matching_guid_answers_the_case_warning() {
    let lowered = "k81lh40uykezczhfzpbb9g==";
    let guid = crate::inspect::inspect(lowered).guid.unwrap().to_string();
    let r = results(&[(lowered, Some(&guid)), (lowered, None)]);
    assert!(!r[0].reasons.has(Reason::MaybeCaseMangled));
    assert!(r[1].reasons.has(Reason::MaybeCaseMangled));
    let s = summary(&[(lowered, Some(&guid))]);
    assert_eq!((s.valid, s.warning), (1, 0));
}

#[test]
fn rollback_forgets_a_part() {
    for mode in [Mode::Results, Mode::Summary] {
        let mut v = Validator::new(mode);
        v.add(Item::value(ID).expecting(expected(Some(GUID))));
        v.begin();
        v.add(Item::value(ID).expecting(expected(Some("00000000-0000-0000-0000-000000000001"))));
        v.add(Item::value("abc"));
        v.add(Item::value(""));
        v.rollback();
        v.add(Item::value("ABC"));
        match v.finish(&never_interrupted).unwrap() {
            Outcome::Results(r) => {
                let r: Vec<RecordResult> = r.collect();
                assert_eq!(r[0].status, Status::Valid);
                assert_eq!(r[1].index, 1);
                assert_eq!(codes(&r[1]), ["PlainString"]);
            }
            Outcome::Summary(s) => assert_eq!((s.total, s.valid, s.warning, s.invalid), (2, 1, 1, 0)),
        }
    }
}

#[test]
fn finish_starts_over() {
    let mut v = Validator::new(Mode::Summary);
    v.add(Item::value(ID));
    v.finish(&never_interrupted).unwrap();
    v.add(Item::value(ID));
    let Outcome::Summary(s) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
    assert_eq!(s.valid, 1);
}

#[test]
fn duplicate_lists_are_capped() {
    let values: Vec<(&str, Option<&str>)> = vec![("TBD", None); 1000];
    let r = results(&values);
    assert_eq!(r[0].duplicates.len(), MAX_DUPLICATES_LISTED);
    assert_eq!(r[0].duplicate_count, 999);
    assert!(r[0].messages[1].contains("item 1, item 2, item 3, item 4, item 5 and 994 more"), "{}", r[0].messages[1]);
}

#[test]
fn an_interrupt_stops_finish() {
    let mut v = Validator::new(Mode::Results);
    v.add(Item::value(ID));
    assert!(v.finish(&|| true).is_err());
}

/// Every kind of record once: valid, own reasons, duplicates, case-only twins, GUID
/// findings, a confirmed case warning, no anchor and not checked.
fn mixed_items() -> Vec<Item<'static>> {
    let other = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let lowered = "k81lh40uykezczhfzpbb9g==";
    let lowered_guid = crate::inspect::inspect(lowered).guid.unwrap().to_string();
    let mut items: Vec<Item> = [
        (ID, Some(GUID)),
        ("QF5HMK7n80qvdYsUPIHa9Q==", None),
        ("QF5HMK7n80qvdYsUPIHa9Q==", Some(other)),
        ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(GUID)),
        ("abc", None),
        ("ABC", None),
        ("", None),
        (" K81Lh40UykezCZHfZPBb9Q==", None),
        ("oBTiNNtEn0q1rBxZUg3IAw==", Some(GUID)),
        ("yqXhPaPUCkSOx8RhWcdXvg==", None),
    ]
    .into_iter()
    .map(|(value, guid)| Item::value(value).expecting(expected(guid)))
    .collect();
    items.push(Item::value(lowered).expecting(Expected::Guid { guid: Guid::parse_str(&lowered_guid).unwrap(), property: "ObjectGUID" }));
    items.push(Item { subject: Subject::NoAnchor { text: "", property: "OnPremisesImmutableId" }, ..Item::value("") });
    let error = crate::error::ConvertError::new(crate::error::ErrorCode::NoAnchorProperty, "none");
    items.push(Item { subject: Subject::NotChecked(error), ..Item::value("") });
    items
}

#[test]
fn problems_mode_gives_the_results_that_are_not_valid() {
    let by_mode = |mode| {
        let mut v = Validator::new(mode);
        mixed_items().into_iter().for_each(|item| v.add(item));
        let Outcome::Results(r) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
        let remaining = r.remaining();
        let r: Vec<String> = r.map(|r| format!("{r:?}")).collect();
        assert_eq!(remaining, r.len(), "{mode:?}");
        r
    };
    let all = by_mode(Mode::Results);
    let problems = by_mode(Mode::Problems);
    let expected: Vec<String> = all.iter().filter(|r| !r.contains("status: Valid")).cloned().collect();
    assert_eq!(problems, expected);
    assert!(problems.len() >= 8 && problems.len() < all.len(), "{problems:#?}");
    let mut v = Validator::new(Mode::Problems);
    v.add(Item::value(ID));
    let Outcome::Results(mut r) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
    assert_eq!((r.remaining(), r.next().is_none()), (0, true), "a batch of valid records has no problems");
}

/// A `Test` record: its OnPremisesImmutableId, mS-DS-ConsistencyGuid, objectGUID and the
/// attribute -SourceAnchor names, each absent when `None`.
fn test_record<'a>(
    value: &'a str,
    consistency: Option<&'a str>,
    object_guid: Option<&'a str>,
    attribute: Option<&'a str>,
) -> Vec<Value<'a>> {
    let text = |v: Option<&'a str>| v.map_or(Value::Absent, Value::Text);
    let mut values = vec![Value::Absent; crate::records::Schema::Test.passed_count()];
    values[2] = Value::Text(value);
    values[5] = text(consistency);
    values[7] = text(object_guid);
    values[9] = text(attribute);
    values
}

fn by_choice(mode: Mode, choice: SourceAnchor, records: &[Vec<Value>]) -> Outcome {
    let mut v = Validator::new(mode).anchored_on(choice);
    for values in records {
        v.add(item_from_record(&Record::new(crate::records::Schema::Test, values).unwrap(), choice));
    }
    v.finish(&never_interrupted).unwrap()
}

#[test]
fn an_object_guid_tenant_expects_the_object_guid_whatever_the_consistency_guid() {
    let stray = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let records = [test_record(ID, Some(stray), Some(GUID), None)];
    let Outcome::Results(r) = by_choice(Mode::Results, SourceAnchor::ConsistencyGuid, &records) else { unreachable!() };
    let r: Vec<RecordResult> = r.collect();
    assert_eq!((codes(&r[0]).as_slice(), r[0].expected_property), (["GuidMismatch"].as_slice(), Some("mS-DS-ConsistencyGuid")));
    let Outcome::Results(r) = by_choice(Mode::Results, SourceAnchor::ObjectGuid, &records) else { unreachable!() };
    let r: Vec<RecordResult> = r.collect();
    assert_eq!((r[0].status, r[0].expected_property), (Status::Valid, Some("ObjectGUID")));
    assert_eq!(r[0].expected_guid.map(|g| g.to_string()).as_deref(), Some(GUID));
    let Outcome::Summary(s) = by_choice(Mode::Summary, SourceAnchor::ObjectGuid, &records) else { unreachable!() };
    assert_eq!((s.valid, s.invalid), (1, 0));
}

#[test]
fn an_attribute_tenant_expects_the_attribute_exactly() {
    let employee = SourceAnchor::parse("employeeID").unwrap();
    let records = [
        test_record("E1234", None, Some(GUID), Some("E1234")),
        test_record("E9999", None, Some(GUID), Some("E1234")),
        test_record(ID, None, Some(GUID), Some("E1234")),
        test_record("E5", None, Some(GUID), Some("")),
    ];
    let Outcome::Results(r) = by_choice(Mode::Results, employee, &records) else { unreachable!() };
    let r: Vec<RecordResult> = r.collect();
    // Its own value: a plain string is legitimate, and no mismatch.
    assert_eq!((codes(&r[0]).as_slice(), r[0].expected_property), (["PlainString"].as_slice(), Some("employeeID")));
    assert_eq!(codes(&r[1]), ["PlainString", "GuidMismatch"]);
    assert_eq!(r[1].suggestion.as_deref(), Some("E1234"));
    assert!(r[1].messages[1].contains("(-SourceAnchor employeeID)") && r[1].messages[1].contains("'E1234'"), "{}", r[1].messages[1]);
    // The objectGUID is not the anchor: its ImmutableId is a mismatch here.
    assert_eq!((codes(&r[2]).as_slice(), r[2].suggestion.as_deref()), (["GuidMismatch"].as_slice(), Some("E1234")));
    // An empty attribute says nothing about the value.
    assert_eq!((codes(&r[3]).as_slice(), r[3].expected_property), (["PlainString"].as_slice(), None));
    let Outcome::Summary(s) = by_choice(Mode::Summary, employee, &records) else { unreachable!() };
    assert_eq!((s.warning, s.invalid, s.reasons.get(Reason::GuidMismatch)), (2, 2, 2));
}

#[test]
fn a_file_is_read_with_the_validator_s_choice_and_finish_keeps_it() {
    let employee = SourceAnchor::parse("employeeID").unwrap();
    let csv = "OnPremisesImmutableId,EmployeeId,ObjectGUID\nE1,E1,874bcd2b-148d-47ca-b309-91df64f05bf5\nE2,E3,874bcd2b-148d-47ca-b309-91df64f05bf5\n";
    let mut v = Validator::new(Mode::Summary).anchored_on(employee);
    let options = crate::csv::CsvOptions::default();
    add_csv_reader(&mut v, csv.as_bytes(), "t.csv", &CsvColumns::default(), &options, &never_interrupted).unwrap();
    let Outcome::Summary(s) = v.finish(&never_interrupted).unwrap() else { unreachable!() };
    assert_eq!((s.warning, s.invalid, s.reasons.get(Reason::GuidMismatch)), (1, 1, 1));
    assert_eq!(v.source_anchor(), employee);
}

#[test]
fn bare_hex_is_settled_only_by_the_expected_guid() {
    const HEX: &str = "2BCD4B878D14CA47B30991DF64F05BF5";
    const N_FORM: &str = "874bcd2b148d47cab30991df64f05bf5";
    let values =
        [(HEX, None), (HEX, Some(GUID)), (N_FORM, Some(GUID)), (HEX, Some("30475e40-e7ae-4af3-af75-8b143c81daf5")), (N_FORM, None)];
    // One record a batch: the same string twice would be a Duplicate.
    let r: Vec<RecordResult> = values.iter().map(|v| results(&[*v]).remove(0)).collect();
    // Alone: both readings named, neither suggested.
    assert_eq!(codes(&r[0]), ["AmbiguousHex"]);
    assert_eq!((r[0].suggestion.as_deref(), r[0].guid), (None, None));
    assert!(r[0].messages[0].contains(ID) && r[0].messages[0].contains("h0vNKxSNR8qzCZHfZPBb9Q=="), "{}", r[0].messages[0]);
    // The expected GUID is the stored-order reading: the hex of its bytes, not a mismatch.
    assert_eq!(codes(&r[1]), ["HexInsteadOfImmutableId"]);
    assert_eq!((r[1].suggestion.as_deref(), r[1].guid.map(|g| g.to_string())), (Some(ID), Some(GUID.to_string())));
    // The expected GUID is the N-form reading.
    assert_eq!(codes(&r[2]), ["GuidInsteadOfImmutableId"]);
    assert_eq!(r[2].suggestion.as_deref(), Some(ID));
    // Neither reading: a mismatch that names both.
    assert_eq!(codes(&r[3]), ["GuidMismatch", "AmbiguousHex"]);
    assert!(r[3].messages.iter().any(|m| m.contains("neither")), "{:?}", r[3].messages);
    assert_eq!(codes(&r[4]), ["AmbiguousHex"]);
    assert_eq!(r[4].suggestion, None);
    assert!(r.iter().all(|r| r.status == Status::Invalid));

    // Summaries count the same reasons (duplicates aside).
    let s = summary(&values);
    assert_eq!((s.total, s.invalid), (5, 5));
    assert_eq!(s.reasons.get(Reason::AmbiguousHex), 3);
    assert_eq!(s.reasons.get(Reason::HexInsteadOfImmutableId), 1);
    assert_eq!(s.reasons.get(Reason::GuidInsteadOfImmutableId), 1);
    assert_eq!(s.reasons.get(Reason::GuidMismatch), 1);
}
