//! Shared by the integration tests: the vectors file and batch builders for the C ABI.
#![allow(dead_code)]

use immutableid::ffi::{IidValue, IID_VALUE_BYTES, IID_VALUE_GUID, IID_VALUE_NONE, IID_VALUE_TEXT};

/// tests/vectors.json, which the Pester tests read too.
pub fn vectors() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("tests/vectors.json")).expect("valid JSON")
}

pub fn str_field<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// What a C caller lays out for one batch call.
#[derive(Default)]
pub struct Batch {
    pub text: Vec<u16>,
    pub bytes: Vec<u8>,
    pub values: Vec<IidValue>,
}

impl Batch {
    pub fn text(&mut self, s: &str) -> IidValue {
        let units: Vec<u16> = s.encode_utf16().collect();
        let v = IidValue { kind: IID_VALUE_TEXT, offset: self.text.len(), len: units.len() };
        self.text.extend(units);
        v
    }
    pub fn guid(&mut self, s: &str) -> IidValue {
        IidValue { kind: IID_VALUE_GUID, ..self.text(s) }
    }
    pub fn bytes(&mut self, b: &[u8]) -> IidValue {
        let v = IidValue { kind: IID_VALUE_BYTES, offset: self.bytes.len(), len: b.len() };
        self.bytes.extend_from_slice(b);
        v
    }
    pub fn none() -> IidValue {
        IidValue { kind: IID_VALUE_NONE, offset: 0, len: 0 }
    }
    pub fn push_text(&mut self, s: &str) {
        let v = self.text(s);
        self.values.push(v);
    }
}
