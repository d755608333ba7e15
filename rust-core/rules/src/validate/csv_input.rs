//! `Test-ImmutableId -Path`: a CSV file read into a validator. Its columns are the
//! record's properties, found by the names [`Schema::Test`] reads, so a file and the same
//! rows piped from `Import-Csv` are judged alike. A file-level error takes back every
//! record of the file already added, so a result never silently covers half a file.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use crate::csv::{read_csv, read_csv_file, Chunk, CsvError, CsvFailure, CsvOptions, Header};
use crate::records::{Record, Role, Schema, SourceAnchor, Value};
use crate::text::quote;
use crate::Interrupt;

use super::item::{item_from_record, Columns};
use super::validator::Validator;
use super::Mode;

/// Columns named by the caller instead of the defaults.
#[derive(Debug, Clone, Default)]
pub struct CsvColumns {
    /// The value column (`-Column`); by default the first of the schema's value columns.
    pub value: Option<String>,
    /// The expected GUID column (`-ExpectedGuidColumn`); by default the record's own
    /// `mS-DS-ConsistencyGuid` (when set) or `ObjectGUID` columns.
    pub expected: Option<String>,
}

/// Where each field of [`Schema::Test`] and each carried column is among the cells read.
struct Layout {
    /// Per passed field: its position among the chosen cells.
    fields: Vec<Option<usize>>,
    /// Carried columns: their names, and the position of the first among the chosen cells.
    carried: Option<(Arc<[String]>, usize)>,
}

/// `choice`: the tenant's sourceAnchor; when it names an attribute, the column of that name
/// (if the file has one) says what each value must be.
fn plan(header: &Header, columns: &CsvColumns, keep_others: bool, choice: SourceAnchor) -> Result<(Vec<usize>, Layout), CsvError> {
    let named = |wanted: &Option<String>| -> Result<Option<usize>, CsvError> {
        match wanted.as_deref().filter(|c| !c.is_empty()) {
            Some(name) => header
                .find(name)
                .map(Some)
                .ok_or_else(|| header.column_not_found(&format!("no {} column", quote(name)), "Name the column to read.")),
            None => Ok(None),
        }
    };
    let value_column = named(&columns.value)?;
    let expected_column = named(&columns.expected)?;
    let mut chosen = Vec::new();
    let mut fields = Vec::new();
    let mut first_value = true;
    for field in Schema::Test.passed() {
        let column = match field.role {
            Role::Itself => None,
            Role::Value if value_column.is_some() => std::mem::take(&mut first_value).then_some(value_column).flatten(),
            Role::Parameter => expected_column,
            Role::SourceAnchor => choice.attribute().and_then(|name| header.find(name)),
            _ => header.find(field.name),
        };
        fields.push(column.map(|c| {
            chosen.push(c);
            chosen.len() - 1
        }));
    }
    let value_found = Schema::Test.passed().zip(&fields).any(|(f, c)| f.role == Role::Value && c.is_some());
    if !value_found {
        return Err(header.column_not_found(&format!("no {} column", Schema::Test.wanted()), "Name the column to read with -Column."));
    }
    let used_value: Vec<usize> =
        Schema::Test.passed().zip(&fields).filter(|(f, _)| f.role == Role::Value).filter_map(|(_, c)| c.map(|c| chosen[c])).collect();
    let carried = keep_others.then(|| {
        let others: Vec<usize> = (0..header.names.len()).filter(|c| !used_value.contains(c)).collect();
        let names: Arc<[String]> = others.iter().map(|&c| header.names[c].clone()).collect();
        let first = chosen.len();
        chosen.extend(others);
        (names, first)
    });
    Ok((chosen, Layout { fields, carried }))
}

fn add_chunk(validator: &mut Validator, file: u32, layout: &Layout, chunk: &Chunk) {
    let choice = validator.source_anchor();
    let mut values = vec![Value::Absent; layout.fields.len()];
    for row in 0..chunk.rows() {
        for (value, at) in values.iter_mut().zip(&layout.fields) {
            *value = at.map_or(Value::Absent, |c| Value::Text(chunk.cell(row, c)));
        }
        let record = Record::new(Schema::Test, &values).expect("one value per field");
        let mut item = item_from_record(&record, choice);
        item.source = Some((file, chunk.line(row)));
        item.columns =
            layout.carried.as_ref().map(|(names, first)| Columns::new(names.clone(), (0..names.len()).map(|i| chunk.cell(row, first + i))));
        validator.add(item);
    }
}

/// Reads the CSV file at `path` into `validator`; returns the number of records read.
/// On an error nothing from the file stays in the validator.
pub fn add_csv_file(
    validator: &mut Validator,
    path: &Path,
    columns: &CsvColumns,
    options: &CsvOptions,
    interrupt: Interrupt,
) -> Result<u64, CsvFailure> {
    let name = path.display().to_string();
    add_with(validator, &name, columns, |select, consume| read_csv_file(path, options, interrupt, select, consume))
}

/// [`add_csv_file`] for CSV text from `reader`; `name` is the file name messages use.
pub fn add_csv_reader(
    validator: &mut Validator,
    reader: impl Read + Send,
    name: &str,
    columns: &CsvColumns,
    options: &CsvOptions,
    interrupt: Interrupt,
) -> Result<u64, CsvFailure> {
    add_with(validator, name, columns, |select, consume| read_csv(reader, name, options, interrupt, select, consume))
}

type Select<'s> = &'s mut dyn FnMut(&Header) -> Result<Vec<usize>, CsvError>;
type Consume<'s> = &'s mut dyn FnMut(&Chunk);

fn add_with(
    validator: &mut Validator,
    name: &str,
    columns: &CsvColumns,
    read: impl FnOnce(Select, Consume) -> Result<u64, CsvFailure>,
) -> Result<u64, CsvFailure> {
    let keep_others = validator.mode() != Mode::Summary;
    let choice = validator.source_anchor();
    let file = validator.add_file(name);
    validator.begin();
    let layout = std::cell::OnceCell::new();
    let result = read(
        &mut |header| {
            let (chosen, planned) = plan(header, columns, keep_others, choice)?;
            let _ = layout.set(planned);
            Ok(chosen)
        },
        &mut |chunk| add_chunk(validator, file, layout.get().expect("the header comes first"), chunk),
    );
    match result {
        Ok(_) => validator.commit(),
        Err(_) => validator.rollback(),
    }
    result
}
