//! The public names in tests/data/reconcile-names.json (read by Pester too) are the core's.

use immutableid_rules::plan::Action;
use immutableid_rules::reconcile::{AccountStatus, Check, Finding};
use strum::IntoEnumIterator;

fn listed(key: &str) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/reconcile-names.json");
    let names: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("tests/data/reconcile-names.json")).expect("valid JSON");
    names[key].as_array().expect(key).iter().map(|n| n.as_str().unwrap().to_string()).collect()
}

fn names<T: IntoEnumIterator + Into<&'static str>>() -> Vec<String> {
    T::iter().map(|v| v.into().to_string()).collect()
}

#[test]
fn the_listed_names_are_the_cores_in_order() {
    assert_eq!(listed("statuses"), names::<AccountStatus>());
    assert_eq!(listed("findings"), names::<Finding>());
    assert_eq!(listed("checks"), names::<Check>());
    assert_eq!(listed("actions"), names::<Action>());
}
