//! Shared by every cargo test file of the project: the vectors file the Pester tests read
//! too, batches laid out as a C caller lays them out, and answers read back.
#![allow(dead_code)]

use immutableid::*;

/// A request for the CSV file at `path` (UTF-16) with the default columns; a `delimiter` of
/// 0 is a comma.
pub fn csv_request(path: &[u16], delimiter: u16) -> IidCsvRequest {
    IidCsvRequest {
        path: path.as_ptr(),
        path_len: path.len(),
        column: std::ptr::null(),
        column_len: 0,
        expected_column: std::ptr::null(),
        expected_column_len: 0,
        delimiter,
    }
}

/// tests/data/vectors.json.
pub fn vectors() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/vectors.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("tests/data/vectors.json")).expect("valid JSON")
}

pub fn str_field<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// What a C caller lays out for one call: buffers, and values record after record.
#[derive(Default, Clone)]
pub struct Batch {
    pub text: Vec<u16>,
    pub bytes: Vec<u8>,
    pub values: Vec<IidValue>,
}

/// One field's value, as a caller describes it.
#[derive(Clone, Copy)]
pub enum V<'a> {
    Absent,
    Null,
    Text(&'a str),
    Guid(&'a str),
    Bytes(&'a [u8]),
    /// Raw UTF-16, for text that is not valid.
    Units(&'a [u16]),
}

impl Batch {
    pub fn value(&mut self, v: V) -> IidValue {
        let text = |b: &mut Batch, units: Vec<u16>, kind: IidValueKind| {
            let v = IidValue { kind: kind as u32, offset: b.text.len(), len: units.len() };
            b.text.extend(units);
            v
        };
        match v {
            V::Absent => IidValue { kind: IidValueKind::Absent as u32, offset: 0, len: 0 },
            V::Null => IidValue { kind: IidValueKind::Null as u32, offset: 0, len: 0 },
            V::Text(s) => text(self, s.encode_utf16().collect(), IidValueKind::Text),
            V::Units(u) => text(self, u.to_vec(), IidValueKind::Text),
            V::Guid(s) => {
                let bytes = uuid::Uuid::parse_str(s).unwrap().to_bytes_le();
                let v = IidValue { kind: IidValueKind::Guid as u32, offset: self.bytes.len(), len: 16 };
                self.bytes.extend_from_slice(&bytes);
                v
            }
            V::Bytes(b) => {
                let v = IidValue { kind: IidValueKind::Bytes as u32, offset: self.bytes.len(), len: b.len() };
                self.bytes.extend_from_slice(b);
                v
            }
        }
    }

    /// Adds a record: `fields` values, `given` set at their positions, the rest absent.
    pub fn record(&mut self, fields: usize, given: &[(usize, V)]) -> &mut Self {
        let start = self.values.len();
        self.values.extend(std::iter::repeat_n(IidValue { kind: IidValueKind::Absent as u32, offset: 0, len: 0 }, fields));
        for &(at, v) in given {
            let value = self.value(v);
            self.values[start + at] = value;
        }
        self
    }

    /// Adds a value given itself (field 0) to a schema of `fields` fields.
    pub fn itself(&mut self, fields: usize, v: V) -> &mut Self {
        self.record(fields, &[(0, v)])
    }

    pub fn input(&self) -> IidInput {
        IidInput {
            text: if self.text.is_empty() { std::ptr::null() } else { self.text.as_ptr() },
            text_len: self.text.len(),
            bytes: if self.bytes.is_empty() { std::ptr::null() } else { self.bytes.as_ptr() },
            bytes_len: self.bytes.len(),
            values: if self.values.is_empty() { std::ptr::null() } else { self.values.as_ptr() },
            values_len: self.values.len(),
        }
    }
}

/// The passed-field count of a schema and the position of a named field.
pub fn schema_fields(schema: IidSchema) -> Vec<(String, u32, u32)> {
    let mut fields = [IidField { name: IidText::NONE, role: 0, passed: 0 }; 64];
    let mut count = 0;
    let mut answer = IidAnswer::EMPTY;
    assert_eq!(unsafe { iid_schema(schema as u32, fields.as_mut_ptr(), 64, &mut count, &mut answer) }, IidStatus::Ok);
    let out = fields[..count].iter().map(|f| (text(&answer, f.name).unwrap(), f.role, f.passed)).collect();
    free(&mut answer);
    out
}

pub fn passed_count(schema: IidSchema) -> usize {
    schema_fields(schema).iter().filter(|f| f.2 != IID_NO_FIELD).count()
}

/// The passed position of field `name` in `schema`.
pub fn field(schema: IidSchema, name: &str) -> usize {
    schema_fields(schema).iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("{name}")).2 as usize
}

pub fn text(answer: &IidAnswer, t: IidText) -> Option<String> {
    if t.offset == IID_NO_TEXT {
        return None;
    }
    assert!(t.offset + t.len <= answer.text_len, "text inside the answer");
    let units = unsafe { std::slice::from_raw_parts(answer.text.add(t.offset), t.len) };
    Some(String::from_utf16(units).expect("UTF-16"))
}

pub fn list(answer: &IidAnswer, span: IidSpan) -> Vec<String> {
    if span.len == 0 {
        return Vec::new();
    }
    assert!(span.start + span.len <= answer.lists_len);
    let items = unsafe { std::slice::from_raw_parts(answer.lists.add(span.start), span.len) };
    items.iter().map(|&t| text(answer, t).unwrap()).collect()
}

pub fn numbers(answer: &IidAnswer, span: IidSpan) -> Vec<u64> {
    if span.len == 0 {
        return Vec::new();
    }
    assert!(span.start + span.len <= answer.numbers_len);
    unsafe { std::slice::from_raw_parts(answer.numbers.add(span.start), span.len) }.to_vec()
}

/// Every list item of an answer, in order.
pub fn all_list(answer: &IidAnswer) -> Vec<String> {
    list(answer, IidSpan { start: 0, len: answer.lists_len })
}

/// A note, read out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub item: usize,
    pub warning: bool,
    pub code: String,
    pub message: String,
}

pub fn notes(answer: &IidAnswer) -> Vec<Note> {
    if answer.notes_len == 0 {
        return Vec::new();
    }
    let raw = unsafe { std::slice::from_raw_parts(answer.notes, answer.notes_len) };
    raw.iter()
        .map(|n| Note {
            item: n.item,
            warning: n.severity == IidSeverity::Warning as u32,
            code: text(answer, n.code).unwrap(),
            message: text(answer, n.message).unwrap(),
        })
        .collect()
}

pub fn free(answer: &mut IidAnswer) {
    unsafe { iid_answer_free(answer) };
}

/// The result of one record of a conversion.
pub type Outcome = Result<String, (String, String)>;

/// `iid_to_immutable_id` over a batch: per record, the ImmutableId or (code, message),
/// and the warnings.
pub fn to_immutable_id(batch: &Batch, format: IidSourceFormat) -> (Vec<Outcome>, Vec<Note>) {
    to_anchor(batch, format, "")
}

/// [`to_immutable_id`] for a tenant anchored on `source_anchor` ("" for the default): an
/// anchor that is not a GUID's ImmutableId comes as its text.
pub fn to_anchor(batch: &Batch, format: IidSourceFormat, source_anchor: &str) -> (Vec<Outcome>, Vec<Note>) {
    let fields = passed_count(IidSchema::ConvertTo);
    let records = batch.values.len() / fields;
    let mut out = vec![IidConverted { immutable_id: [0; 24], guid: [0; 16], field: 0, ok: 0, anchor: IidText::NONE }; records.max(1)];
    let mut answer = IidAnswer::EMPTY;
    let choice: Vec<u16> = source_anchor.encode_utf16().collect();
    let status = unsafe {
        iid_to_immutable_id(&batch.input(), format as u32, choice.as_ptr(), choice.len(), out.as_mut_ptr(), records, &mut answer)
    };
    assert_eq!(status, IidStatus::Ok);
    let all = notes(&answer);
    let outcomes = (0..records)
        .map(|i| match all.iter().find(|n| n.item == i && !n.warning) {
            Some(n) => {
                assert_eq!(out[i].ok, 0);
                Err((n.code.clone(), n.message.clone()))
            }
            None if out[i].anchor != IidText::NONE => {
                assert_eq!((out[i].ok, out[i].immutable_id, out[i].guid), (1, [0; 24], [0; 16]));
                Ok(text(&answer, out[i].anchor).unwrap())
            }
            None => {
                assert_eq!(out[i].ok, 1);
                assert_eq!(uuid::Uuid::from_bytes_le(out[i].guid).to_bytes_le(), out[i].guid);
                Ok(String::from_utf8(out[i].immutable_id.to_vec()).unwrap())
            }
        })
        .collect();
    free(&mut answer);
    (outcomes, all.into_iter().filter(|n| n.warning).collect())
}

/// `iid_from_immutable_id` over a batch in `form`.
pub fn from_immutable_id(batch: &Batch, form: IidOutputForm) -> (Vec<Outcome>, Vec<Note>) {
    let fields = passed_count(IidSchema::ConvertFrom);
    let records = batch.values.len() / fields;
    let width = iid_output_width(form as u32);
    let mut out = vec![0u8; records * width];
    let mut answer = IidAnswer::EMPTY;
    let status = unsafe { iid_from_immutable_id(&batch.input(), form as u32, out.as_mut_ptr(), out.len(), &mut answer) };
    assert_eq!(status, IidStatus::Ok);
    let all = notes(&answer);
    free(&mut answer);
    let outcomes = (0..records)
        .map(|i| match all.iter().find(|n| n.item == i && !n.warning) {
            Some(n) => Err((n.code.clone(), n.message.clone())),
            None => Ok(out[i * width..(i + 1) * width]
                .iter()
                .map(|&b| if form == IidOutputForm::Bytes { format!("{b:02X}") } else { (b as char).to_string() })
                .collect()),
        })
        .collect();
    (outcomes, all.into_iter().filter(|n| n.warning).collect())
}

/// A batch of values given themselves, for a schema.
pub fn values_of(schema: IidSchema, values: &[V]) -> Batch {
    let fields = passed_count(schema);
    let mut b = Batch::default();
    for &v in values {
        b.itself(fields, v);
    }
    b
}
