//! `Test-ImmutableId -Path file.csv`: a CSV file read record by record into a
//! [`Validator`], with bounded memory whatever the file holds.
//!
//! Rules:
//! - Encoding: UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM (what `Export-Csv`
//!   writes in Windows PowerShell and PowerShell 7). Bytes that are not UTF-8 (an ANSI
//!   file from Excel, UTF-16 without a BOM, a workbook) are a `BinaryFile` error naming
//!   the line, never a silent replacement character. Unpaired surrogates in UTF-16 become
//!   U+FFFD, which the value checks then flag.
//! - A header row is required. A first line starting with `#TYPE` (Windows PowerShell's
//!   type information) is skipped, as `Import-Csv` does. Blank lines are skipped. An empty
//!   header cell is named `H<column number>`, as `Import-Csv` names it; two columns with
//!   the same name (ignoring case) are a `NotCsv` error, as they are for `Import-Csv`.
//! - Column names match ignoring case and surrounding white space. The value column is the
//!   one asked for, else the first of `ImmutableId`, `OnPremisesImmutableId`. The expected
//!   GUID column is the one asked for (which must exist), else `ObjectGUID` when present.
//!   An empty or non-GUID cell in it means "no expected GUID" for that record; GUIDs in
//!   N, D, B or P form are accepted.
//! - Values are taken exactly as written, white space and quotes included: those are
//!   findings, not noise.
//! - Ragged rows: missing cells are empty (as `Import-Csv` makes them). Extra cells are
//!   ignored when empty (trailing commas); an extra cell with something in it is a
//!   `RaggedRow` error, because it usually means an unquoted comma has shifted the
//!   columns, and silently reading the wrong column would be worse than stopping.
//! - A line, or a record (quoted fields can span lines), longer than
//!   [`MAX_RECORD_BYTES`] is a `LineTooLong` error, found after reading at most that much
//!   of it: a 2 GB line fails fast with bounded memory.
//! - A file-level error takes back every record of the file already given to the
//!   validator, so a result never silently covers half a file.

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use csv::ByteRecord;
use encoding_rs_io::DecodeReaderBytesBuilder;
use serde::Serialize;
use uuid::Uuid;

use crate::anchor::parse_guid_text;
use crate::quote::quote;
use crate::validate::{Columns, Mode, Record, Validator};

/// The longest line or record read, in bytes of UTF-8.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;
/// The value column when none is named: the first of these the file has.
pub const DEFAULT_VALUE_COLUMNS: [&str; 2] = ["ImmutableId", "OnPremisesImmutableId"];
/// The expected GUID column when none is named, used when the file has it.
pub const DEFAULT_EXPECTED_COLUMN: &str = "ObjectGUID";
const BUFFER_BYTES: usize = 64 * 1024;
const COLUMNS_LISTED: usize = 30;

/// Why a file could not be read. The names are public (PowerShell ErrorIds): add, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CsvErrorCode {
    /// No file at the path.
    FileNotFound,
    /// The path is a directory, access is denied, or reading failed.
    FileUnreadable,
    /// No header row: the file is empty, or holds only blank lines or a `#TYPE` line.
    EmptyFile,
    /// The header row names a column twice, or the CSV cannot be parsed.
    NotCsv,
    /// The value column (or a named expected GUID column) is not in the header.
    ColumnNotFound,
    /// NUL bytes or bytes that are not UTF-8.
    BinaryFile,
    /// A line or record longer than [`MAX_RECORD_BYTES`].
    LineTooLong,
    /// A row with more (non-empty) cells than the header has columns.
    RaggedRow,
}

/// A file-level failure: `{"code", "message"}`; the message names the file and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CsvError {
    pub code: CsvErrorCode,
    pub message: String,
}

impl CsvError {
    fn new(code: CsvErrorCode, message: String) -> CsvError {
        CsvError { code, message }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for CsvError {}

/// Which columns to read.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// The value column; `None` (or empty) for the defaults, [`DEFAULT_VALUE_COLUMNS`].
    pub column: Option<String>,
    /// The expected GUID column; `None` (or empty) for [`DEFAULT_EXPECTED_COLUMN`] if present.
    pub expected_column: Option<String>,
    /// The longest line or record accepted, in bytes ([`MAX_RECORD_BYTES`]; lower in tests).
    pub max_record_bytes: u64,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { column: None, expected_column: None, max_record_bytes: MAX_RECORD_BYTES }
    }
}

/// Reads the CSV file at `path` into `validator`; returns the number of records read.
/// On an error nothing from the file stays in the validator.
pub fn add_csv_file(validator: &mut Validator, path: &Path, options: &CsvOptions) -> Result<u64, CsvError> {
    let shown = path.display().to_string();
    let file = open(path, &shown)?;
    add_csv_reader(validator, file, &shown, options)
}

/// Reads CSV text (any of the encodings above) from `reader`; `name` is the file name
/// messages use. On an error nothing from the reader stays in the validator.
pub fn add_csv_reader(validator: &mut Validator, reader: impl Read + Send, name: &str, options: &CsvOptions) -> Result<u64, CsvError> {
    validator.begin();
    let result = read_records(validator, reader, name, options);
    match result {
        Ok(_) => validator.commit(),
        Err(_) => validator.rollback(),
    }
    result
}

fn open(path: &Path, shown: &str) -> Result<File, CsvError> {
    let failed = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => CsvError::new(CsvErrorCode::FileNotFound, format!("The file '{shown}' does not exist.")),
        io::ErrorKind::PermissionDenied => {
            CsvError::new(CsvErrorCode::FileUnreadable, format!("The file '{shown}' cannot be read: access is denied."))
        }
        _ => CsvError::new(CsvErrorCode::FileUnreadable, format!("The file '{shown}' cannot be read: {e}.")),
    };
    let meta = std::fs::metadata(path).map_err(failed)?;
    if meta.is_dir() {
        return Err(CsvError::new(CsvErrorCode::FileUnreadable, format!("'{shown}' is a directory, not a CSV file.")));
    }
    // A pipe or device could block the read forever, inside a call PowerShell cannot interrupt.
    if !meta.is_file() {
        return Err(CsvError::new(CsvErrorCode::FileUnreadable, format!("'{shown}' is not a regular file (a pipe, socket or device); copy it to a file first.")));
    }
    File::open(path).map_err(failed)
}

/// A line or record over the cap, carried through `csv` inside an `io::Error`.
#[derive(Debug, Clone, Copy)]
struct TooLong {
    line: u64,
    /// A record spanning lines (an unclosed quote), not a single line.
    record: bool,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} is too long", self.line)
    }
}

impl std::error::Error for TooLong {}

/// The decoded text on its way to the CSV parser: stops a line or record at the cap, and
/// remembers where line breaks are, because `csv`'s own line numbers skip blank lines
/// and count CRLF oddly.
struct Guarded<R> {
    inner: R,
    cap: u64,
    /// How far the parser may read ahead of the record it is on (its buffer).
    slack: u64,
    read: u64,
    since_newline: u64,
    newlines_read: u64,
    /// Offsets of line breaks read but not yet behind a finished record.
    newlines_ahead: VecDeque<u64>,
    newlines_behind: u64,
    record_start: u64,
    record_line: u64,
    tripped: Option<TooLong>,
}

impl<R: Read> Guarded<R> {
    fn new(inner: R, cap: u64, slack: u64) -> Self {
        Guarded {
            inner,
            cap,
            slack,
            read: 0,
            since_newline: 0,
            newlines_read: 0,
            newlines_ahead: VecDeque::new(),
            newlines_behind: 0,
            record_start: 0,
            record_line: 1,
            tripped: None,
        }
    }

    fn trip(&mut self, too_long: TooLong) -> io::Result<usize> {
        self.tripped = Some(too_long);
        Err(io::Error::new(io::ErrorKind::InvalidData, too_long))
    }

    /// The line a record started on, given the byte where it ended (after its line break,
    /// or its CR of a CRLF, or the end of the file) and the line breaks inside its fields.
    fn finish_record(&mut self, end: u64, inner_newlines: u64) -> u64 {
        let mut ends_with_newline = false;
        while let Some(&at) = self.newlines_ahead.front() {
            if at >= end {
                break;
            }
            ends_with_newline = at + 1 == end;
            self.newlines_ahead.pop_front();
            self.newlines_behind += 1;
        }
        let last_line = self.newlines_behind + u64::from(!ends_with_newline);
        self.record_start = end;
        self.record_line = last_line + 1;
        last_line.saturating_sub(inner_newlines).max(1)
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(too_long) = self.tripped {
            return Err(io::Error::new(io::ErrorKind::InvalidData, too_long));
        }
        let n = self.inner.read(buf)?;
        let mut line_start = 0;
        for at in memchr::memchr_iter(b'\n', &buf[..n]) {
            if self.since_newline + (at - line_start) as u64 > self.cap {
                return self.trip(TooLong { line: self.newlines_read + 1, record: false });
            }
            self.since_newline = 0;
            self.newlines_read += 1;
            self.newlines_ahead.push_back(self.read + at as u64);
            line_start = at + 1;
        }
        self.since_newline += (n - line_start) as u64;
        self.read += n as u64;
        if self.since_newline > self.cap {
            return self.trip(TooLong { line: self.newlines_read + 1, record: false });
        }
        if self.read - self.record_start > self.cap + self.slack {
            return self.trip(TooLong { line: self.record_line, record: true });
        }
        Ok(n)
    }
}

type CsvReader<R> = csv::Reader<Guarded<R>>;

fn size_text(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// The next record and the line it starts on.
fn next_record<R: Read>(rdr: &mut CsvReader<R>, record: &mut ByteRecord, name: &str) -> Result<Option<u64>, CsvError> {
    match rdr.read_byte_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let end = rdr.position().byte();
            let inner = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
            Ok(Some(rdr.get_mut().finish_record(end, inner)))
        }
        Err(e) => {
            let cap = size_text(rdr.get_ref().cap);
            let near = rdr.get_ref().record_line;
            Err(match e.kind() {
                csv::ErrorKind::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>()) {
                    Some(TooLong { line, record: false }) => CsvError::new(
                        CsvErrorCode::LineTooLong,
                        format!("Line {line} of '{name}' is longer than {cap}; a CSV file of anchors has no such line. The file is probably not CSV text (or uses bare CR line breaks)."),
                    ),
                    Some(TooLong { line, record: true }) => CsvError::new(
                        CsvErrorCode::LineTooLong,
                        format!("The record starting at line {line} of '{name}' runs on for more than {cap}, usually because a quote (\") opened in it is never closed, which makes the rest of the file one field. Check the quotes on that line."),
                    ),
                    None => CsvError::new(CsvErrorCode::FileUnreadable, format!("Reading '{name}' failed near line {near}: {io}.")),
                },
                _ => CsvError::new(CsvErrorCode::NotCsv, format!("'{name}' cannot be read as CSV near line {near}: {e}.")),
            })
        }
    }
}

/// NUL bytes and bytes that are not UTF-8 mean the file is not CSV text.
fn check_text(record: &ByteRecord, line: u64, name: &str, names: Option<&[String]>) -> Result<(), CsvError> {
    let column = |i: usize| match names.and_then(|n| n.get(i)) {
        Some(n) => format!("column '{n}'"),
        None => format!("field {}", i + 1),
    };
    if memchr::memchr(0, record.as_slice()).is_some() {
        let i = record.iter().position(|f| f.contains(&0)).unwrap_or(0);
        return Err(CsvError::new(
            CsvErrorCode::BinaryFile,
            format!("Line {line} of '{name}' holds NUL bytes ({}), so it is not CSV text: the file is binary (such as an Excel workbook) or UTF-16 text saved without a byte-order mark. Save it as CSV in UTF-8.", column(i)),
        ));
    }
    for (i, field) in record.iter().enumerate() {
        if let Err(e) = std::str::from_utf8(field) {
            let byte = field[e.valid_up_to()];
            return Err(CsvError::new(
                CsvErrorCode::BinaryFile,
                format!("Line {line} of '{name}' is not UTF-8 text (byte 0x{byte:02X} in {}). The file is binary, or was saved in an ANSI code page (Excel's plain 'CSV'); save it as UTF-8 ('CSV UTF-8'), or read it with Import-Csv -Encoding and pipe the objects in.", column(i)),
            ));
        }
    }
    Ok(())
}

fn field(record: &ByteRecord, i: usize) -> &str {
    record.get(i).and_then(|f| std::str::from_utf8(f).ok()).unwrap_or("")
}

fn clean(name: &str) -> &str {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
}

fn find_column(names: &[String], wanted: &str) -> Option<usize> {
    let wanted = clean(wanted).to_lowercase();
    names.iter().position(|n| clean(n).to_lowercase() == wanted)
}

fn column_not_found(name: &str, names: &[String], what: String) -> CsvError {
    let mut listed: Vec<String> = names.iter().take(COLUMNS_LISTED).map(|n| quote(n)).collect();
    if names.len() > COLUMNS_LISTED {
        listed.push(format!("and {} more", names.len() - COLUMNS_LISTED));
    }
    let hint = match names {
        [only] if only.contains(';') || only.contains('\t') => {
            " The header is one column holding ';' or tabs: the file uses another delimiter; export it with commas (Export-Csv without -UseCulture)."
        }
        _ => "",
    };
    CsvError::new(
        CsvErrorCode::ColumnNotFound,
        format!("'{name}' has no {what} column. Its columns are: {}. Name the column to read.{hint}", listed.join(", ")),
    )
}

fn read_records(validator: &mut Validator, reader: impl Read + Send, name: &str, options: &CsvOptions) -> Result<u64, CsvError> {
    let decoded = DecodeReaderBytesBuilder::new().bom_sniffing(true).utf8_passthru(true).strip_bom(true).build(reader);
    let cap = options.max_record_bytes.max(1);
    let buffer = (BUFFER_BYTES as u64).min(cap).max(64);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(buffer as usize)
        .from_reader(Guarded::new(decoded, cap, buffer));
    let mut record = ByteRecord::new();

    let mut first = true;
    let header_line = loop {
        let Some(line) = next_record(&mut rdr, &mut record, name)? else {
            return Err(CsvError::new(
                CsvErrorCode::EmptyFile,
                format!("'{name}' is empty: a CSV file needs a header row naming its columns, such as ImmutableId."),
            ));
        };
        let type_line = first && record.len() == 1 && record[0].starts_with(b"#TYPE");
        first = false;
        if !type_line {
            break line;
        }
    };
    check_text(&record, header_line, name, None)?;
    let names: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(i, f)| match String::from_utf8_lossy(f) {
            n if clean(&n).is_empty() => format!("H{}", i + 1),
            n => n.into_owned(),
        })
        .collect();
    for (i, n) in names.iter().enumerate() {
        if find_column(&names[..i], n).is_some() {
            return Err(CsvError::new(
                CsvErrorCode::NotCsv,
                format!("The header (line {header_line}) of '{name}' names the column {} twice (ignoring case); column names must be unique.", quote(n)),
            ));
        }
    }

    let value_column = match options.column.as_deref().filter(|c| !c.is_empty()) {
        Some(wanted) => find_column(&names, wanted).ok_or_else(|| column_not_found(name, &names, quote(wanted)))?,
        None => DEFAULT_VALUE_COLUMNS
            .iter()
            .find_map(|wanted| find_column(&names, wanted))
            .ok_or_else(|| column_not_found(name, &names, "ImmutableId or OnPremisesImmutableId".to_string()))?,
    };
    let expected_column = match options.expected_column.as_deref().filter(|c| !c.is_empty()) {
        Some(wanted) => Some(find_column(&names, wanted).ok_or_else(|| column_not_found(name, &names, quote(wanted)))?),
        None => find_column(&names, DEFAULT_EXPECTED_COLUMN),
    };
    let others: Vec<usize> = (0..names.len()).filter(|&i| i != value_column).collect();
    let other_names: Arc<[String]> = others.iter().map(|&i| names[i].clone()).collect();
    let keep_columns = validator.mode() == Mode::Results;

    let layout = RowLayout { value_column, expected_column, others, other_names, keep_columns, columns: names.len() };
    // Two cores' worth: this thread parses the CSV into chunks while the caller's thread
    // validates the chunk before, so neither waits for the other (tests/bench CsvSummary).
    std::thread::scope(|scope| {
        let (chunks, received) = std::sync::mpsc::sync_channel::<Result<Chunk, CsvError>>(CHUNKS_IN_FLIGHT);
        scope.spawn(move || parse_rows(rdr, record, &layout, &names, name, &chunks));
        let mut count = 0;
        for chunk in received {
            let Chunk { text, rows } = chunk?;
            for row in rows {
                validator.add(Record { value: &text[row.value], expected: row.expected, line: Some(row.line), columns: row.columns });
                count += 1;
            }
        }
        Ok(count)
    })
}

/// Records handed from the parsing thread to the validating one per message.
const ROWS_PER_CHUNK: usize = 4096;
/// Chunks parsed ahead of the validator: bounds memory whatever the file's size.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Where a row's parts are.
struct RowLayout {
    value_column: usize,
    expected_column: Option<usize>,
    others: Vec<usize>,
    other_names: Arc<[String]>,
    keep_columns: bool,
    columns: usize,
}

/// Parsed rows, their values end to end in one string.
#[derive(Default)]
struct Chunk {
    text: String,
    rows: Vec<Row>,
}

struct Row {
    value: std::ops::Range<usize>,
    expected: Option<Uuid>,
    line: u64,
    columns: Option<Columns>,
}

/// The parsing thread: reads every row after the header, checks it, and sends chunks.
/// Stops at the first error (sent as the last message) or when the receiver is gone.
fn parse_rows<R: Read>(
    mut rdr: CsvReader<R>,
    mut record: ByteRecord,
    layout: &RowLayout,
    names: &[String],
    name: &str,
    chunks: &std::sync::mpsc::SyncSender<Result<Chunk, CsvError>>,
) {
    let mut chunk = Chunk::default();
    let parse_row = |record: &ByteRecord, line: u64, chunk: &mut Chunk| -> Result<(), CsvError> {
        check_text(record, line, name, Some(names))?;
        if record.len() > layout.columns && record.iter().skip(layout.columns).any(|f| !f.is_empty()) {
            return Err(CsvError::new(
                CsvErrorCode::RaggedRow,
                format!("Line {line} of '{name}' has {} fields but the header has {} columns, so its cells may be in the wrong columns (often an unquoted comma in a value). Quote that value, or fix the line.", record.len(), layout.columns),
            ));
        }
        let expected = layout.expected_column.and_then(|i| parse_guid_text(clean(field(record, i))));
        let columns = layout
            .keep_columns
            .then(|| Columns::new(layout.other_names.clone(), layout.others.iter().map(|&i| field(record, i).to_string()).collect()));
        let start = chunk.text.len();
        chunk.text.push_str(field(record, layout.value_column));
        chunk.rows.push(Row { value: start..chunk.text.len(), expected, line, columns });
        Ok(())
    };
    loop {
        let step = next_record(&mut rdr, &mut record, name).and_then(|line| match line {
            Some(line) => parse_row(&record, line, &mut chunk).map(|()| true),
            None => Ok(false),
        });
        let more = match step {
            Ok(more) => more,
            Err(e) => {
                let _ = chunks.send(Err(e));
                return;
            }
        };
        if !more || chunk.rows.len() == ROWS_PER_CHUNK {
            if chunks.send(Ok(std::mem::take(&mut chunk))).is_err() || !more {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Outcome;

    fn lines_of(text: &str) -> Vec<u64> {
        let mut v = Validator::new(Mode::Results);
        add_csv_reader(&mut v, text.as_bytes(), "t.csv", &CsvOptions::default()).unwrap();
        match v.finish() {
            Outcome::Results(r) => r.iter().map(|r| r.line.unwrap()).collect(),
            Outcome::Summary(_) => unreachable!(),
        }
    }

    #[test]
    fn line_numbers_count_blank_lines_crlf_and_multi_line_fields() {
        assert_eq!(lines_of("ImmutableId\n\n\na\n\"b\nc\"\nd"), [4, 5, 7]);
        assert_eq!(lines_of("ImmutableId\r\n\r\na\r\nb\r\n\r\n"), [3, 4]);
        assert_eq!(lines_of("#TYPE System.Management.Automation.PSCustomObject\n\"ImmutableId\"\n\"a\"\n"), [3]);
    }

    #[test]
    fn guarded_reader_trips_on_a_long_line_and_a_long_record() {
        let mut v = Validator::new(Mode::Summary);
        let options = CsvOptions { max_record_bytes: 100, ..CsvOptions::default() };
        let long_line = format!("ImmutableId\na\n{}\n", "x".repeat(101));
        let e = add_csv_reader(&mut v, long_line.as_bytes(), "t.csv", &options).unwrap_err();
        assert_eq!((e.code, e.message.starts_with("Line 3 ")), (CsvErrorCode::LineTooLong, true), "{e}");
        let long_record = format!("ImmutableId\na\n\"{}\n", "x\n".repeat(200));
        let e = add_csv_reader(&mut v, long_record.as_bytes(), "t.csv", &options).unwrap_err();
        assert_eq!(e.code, CsvErrorCode::LineTooLong);
        assert!(e.message.contains("starting at line 3"), "{e}");
        let exactly = format!("ImmutableId\n{}\n", "x".repeat(100));
        assert_eq!(add_csv_reader(&mut v, exactly.as_bytes(), "t.csv", &options), Ok(1));
    }
}
