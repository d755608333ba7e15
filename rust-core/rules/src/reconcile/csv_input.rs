//! `-OnPremisesPath`, `-CloudPath`, `-DeletedPath`, `-MappingPath`, `-MailboxPath`: exports saved as CSV,
//! read by the core instead of through `Import-Csv`. The columns are found by the names the
//! schema reads (ignoring case), so a file and the same rows piped from `Import-Csv` give
//! the same accounts. A file-level error takes back every record of the file already added.

use std::path::Path;

use crate::csv::{read_csv_file, CsvFailure, CsvOptions, Header};
use crate::error::ConvertError;
use crate::records::{Record, Role, Schema, SourceAnchor, Value};
use crate::Interrupt;

use super::{Reconciler, RowOrigin};

/// A record of the file that could not be used: its line and why (the message names the
/// file and the line).
pub type RowError = (u64, ConvertError);

/// `choice`: the tenant's sourceAnchor; when it names an attribute, a file of on-premises
/// users must have a column of that name.
fn layout(header: &Header, schema: Schema, choice: SourceAnchor) -> Result<(Vec<usize>, Vec<Option<usize>>), crate::csv::CsvError> {
    let mut chosen = Vec::new();
    let fields: Vec<Option<usize>> = schema
        .passed()
        .map(|f| {
            let column = match f.role {
                // The input itself is never a column: a row is a record.
                Role::Itself => None,
                Role::SourceAnchor => choice.attribute().and_then(|name| header.find(name)),
                _ => header.find(f.name),
            };
            column.map(|c| {
                chosen.push(c);
                chosen.len() - 1
            })
        })
        .collect();
    let parameter = format!("{}Path", schema.parameter());
    // A mapping row needs both of its columns; the others any of theirs.
    let missing = match schema {
        Schema::Mapping if !(header.find("OnPremises").is_some() && header.find("Cloud").is_some()) => {
            Some(format!("not the columns {parameter} reads, OnPremises and Cloud"))
        }
        _ if chosen.is_empty() => Some(format!("none of the columns {parameter} reads ({})", schema.properties())),
        _ => None,
    };
    if let Some(missing) = missing {
        return Err(header.column_not_found(&missing, "Export the records with those properties, or rename the columns."));
    }
    if let Some(name) = choice.attribute().filter(|_| schema == Schema::OnPremisesUser) {
        if header.find(name).is_none() {
            return Err(header.column_not_found(&format!("no column {name} (-SourceAnchor {name})"), "Export that attribute too."));
        }
    }
    Ok((chosen, fields))
}

impl Reconciler {
    /// Reads the CSV file at `path` as records of `schema` (`OnPremisesUser`, `CloudUser`,
    /// `DeletedUser` or `Mapping`). Returns the records that could not be used, by line; on
    /// a file error nothing of the file stays.
    pub fn add_csv_file(
        &mut self,
        schema: Schema,
        path: &Path,
        options: &CsvOptions,
        interrupt: Interrupt,
    ) -> Result<Vec<RowError>, CsvFailure> {
        assert!(
            matches!(schema, Schema::OnPremisesUser | Schema::CloudUser | Schema::DeletedUser | Schema::Mapping | Schema::Mailbox),
            "a schema of accounts or mappings"
        );
        let mark = self.mark();
        let choice = self.source_anchor;
        let mut errors = Vec::new();
        let shown: std::sync::Arc<str> = path.display().to_string().into();
        let fields: std::cell::OnceCell<Vec<Option<usize>>> = std::cell::OnceCell::new();
        let result = read_csv_file(
            path,
            options,
            interrupt,
            |header| {
                let (chosen, planned) = layout(header, schema, choice)?;
                let _ = fields.set(planned);
                Ok(chosen)
            },
            |chunk| {
                let fields = fields.get().expect("the header comes first");
                let mut values = vec![Value::Absent; fields.len()];
                for row in 0..chunk.rows() {
                    for (value, at) in values.iter_mut().zip(fields) {
                        *value = at.map_or(Value::Absent, |c| Value::Text(chunk.cell(row, c)));
                    }
                    let record = Record::new(schema, &values).expect("one value per field");
                    let line = chunk.line(row);
                    let added = match schema {
                        Schema::OnPremisesUser => self.add_on_prem(&record),
                        Schema::CloudUser => self.add_cloud(&record, false),
                        Schema::DeletedUser => self.add_cloud(&record, true),
                        Schema::Mailbox => self.add_mailbox(&record),
                        _ => self.add_mapping_from(&record, RowOrigin::File { path: shown.clone(), line }),
                    };
                    // The file and line, as a -...Path message names them.
                    if let Err(mut e) = added {
                        e.message = format!("'{shown}', line {line}: {}", e.message);
                        errors.push((line, e));
                    }
                }
            },
        );
        match result {
            Ok(_) => {
                match schema {
                    Schema::DeletedUser => self.deleted_given(),
                    Schema::Mapping => self.mapping_given(),
                    Schema::Mailbox => self.mailboxes_given(),
                    _ => {}
                }
                Ok(errors)
            }
            Err(failure) => {
                self.rollback(mark);
                Err(failure)
            }
        }
    }
}
