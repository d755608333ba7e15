//! Reading a CSV file: the header, then every row's chosen cells, parsed on a second thread
//! while the caller's thread uses the chunk before.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

use csv::ByteRecord;
use encoding_rs_io::DecodeReaderBytesBuilder;

use super::lines::{Guarded, TooLong};
use super::{CsvError, CsvErrorCode, CsvFailure, CsvOptions};
use crate::text::{is_blank, quote, trim_value};
use crate::worker::{join_worker, spawn_worker};
use crate::Interrupt;

const BUFFER_BYTES: usize = 64 * 1024;
const COLUMNS_LISTED: usize = 30;
/// Rows handed from the parsing thread to the caller's per message.
const ROWS_PER_CHUNK: usize = 4096;
/// Chunks parsed ahead of the caller: bounds memory whatever the file's size.
const CHUNKS_IN_FLIGHT: usize = 4;

/// The header row.
#[derive(Debug, Clone)]
pub struct Header {
    /// Column names in file order (empty cells named `H1`, `H2`...).
    pub names: Vec<String>,
    pub line: u64,
    /// The file's name, as messages show it.
    pub file: String,
    /// Cells in the header row, named or not: a row with more non-empty cells is ragged.
    pub width: usize,
}

impl Header {
    /// The column named `wanted`, ignoring case and the white space around names.
    pub fn find(&self, wanted: &str) -> Option<usize> {
        find_column(&self.names, wanted)
    }

    /// "'users.csv' has no ImmutableId column. Its columns are: ... Name the column to read."
    /// `missing` says what the file lacks ("no 'X' column", "none of the columns ..."), `fix`
    /// what to do about it.
    pub fn column_not_found(&self, missing: &str, fix: &str) -> CsvError {
        let mut listed: Vec<String> = self.names.iter().take(COLUMNS_LISTED).map(|n| quote(n)).collect();
        if self.names.len() > COLUMNS_LISTED {
            listed.push(format!("and {} more", self.names.len() - COLUMNS_LISTED));
        }
        let hint = match self.names.as_slice() {
            [only] if only.contains([';', '\t', ',']) => {
                " The header is one column holding ';', ',' or tabs: the file uses another delimiter; name it with -Delimiter."
            }
            _ => "",
        };
        CsvError::new(
            CsvErrorCode::ColumnNotFound,
            format!("'{}' has {missing}. Its columns are: {}. {fix}{hint}", self.file, listed.join(", ")),
        )
    }
}

fn find_column(names: &[String], wanted: &str) -> Option<usize> {
    let wanted = trim_value(wanted).to_lowercase();
    names.iter().position(|n| trim_value(n).to_lowercase() == wanted)
}

/// Parsed rows: for each, its line and its chosen cells, all text end to end in one string.
#[derive(Default)]
pub struct Chunk {
    text: String,
    cells: Vec<(u32, u32)>,
    lines: Vec<u64>,
    width: usize,
}

impl Chunk {
    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// Cell `column` of `row`, `column` counting the chosen columns in the order chosen.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        let (start, end) = self.cells[row * self.width + column];
        &self.text[start as usize..end as usize]
    }
}

/// Reads the CSV file at `path`: `select` picks the columns to keep from the header,
/// `consume` gets every chunk of rows, on the caller's thread, in file order. Returns the
/// number of rows.
pub fn read_csv_file(
    path: &Path,
    options: &CsvOptions,
    interrupt: Interrupt,
    select: impl FnOnce(&Header) -> Result<Vec<usize>, CsvError>,
    consume: impl FnMut(&Chunk),
) -> Result<u64, CsvFailure> {
    let shown = path.display().to_string();
    let file = open(path, &shown)?;
    read_csv(file, &shown, options, interrupt, select, consume)
}

fn open(path: &Path, shown: &str) -> Result<File, CsvError> {
    let failed = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => CsvError::new(CsvErrorCode::FileNotFound, format!("The file '{shown}' does not exist.")),
        io::ErrorKind::PermissionDenied => {
            CsvError::new(CsvErrorCode::FileUnreadable, format!("The file '{shown}' cannot be read: access is denied."))
        }
        _ => CsvError::new(CsvErrorCode::FileUnreadable, format!("The file '{shown}' cannot be read: {e}.")),
    };
    // Open first, then look at what was opened: a path checked and then opened could be
    // swapped for a pipe in between, whose read would block inside a call PowerShell
    // cannot interrupt. Opening without blocking keeps a pipe's open from waiting too.
    let mut opening = std::fs::OpenOptions::new();
    opening.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opening.custom_flags(libc::O_NONBLOCK);
    }
    let file = match opening.open(path) {
        Ok(file) => file,
        Err(e) if path.is_dir() => {
            let _ = e;
            return Err(CsvError::new(CsvErrorCode::FileUnreadable, format!("'{shown}' is a directory, not a CSV file.")));
        }
        Err(e) => return Err(failed(e)),
    };
    let meta = file.metadata().map_err(failed)?;
    if meta.is_dir() {
        return Err(CsvError::new(CsvErrorCode::FileUnreadable, format!("'{shown}' is a directory, not a CSV file.")));
    }
    if !meta.is_file() {
        return Err(CsvError::new(
            CsvErrorCode::FileUnreadable,
            format!("'{shown}' is not a regular file (a pipe, socket or device); copy it to a file first."),
        ));
    }
    Ok(file)
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
        Ok(false) => {
            if let Some(line) = rdr.get_ref().unclosed_quote() {
                return Err(unclosed_quote(name, line));
            }
            Ok(None)
        }
        Ok(true) => {
            let end = rdr.position().byte();
            Ok(Some(rdr.get_mut().finish_record(end)))
        }
        Err(e) => {
            let cap = size_text(rdr.get_ref().cap());
            let near = rdr.get_ref().current_record_line();
            Err(match e.kind() {
                csv::ErrorKind::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<TooLong>()) {
                    Some(TooLong { line, record: false }) => CsvError::new(
                        CsvErrorCode::LineTooLong,
                        format!("Line {line} of '{name}' is longer than {cap}; a CSV file of anchors has no such line. The file is probably not CSV text."),
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

fn unclosed_quote(name: &str, line: u64) -> CsvError {
    CsvError::new(
        CsvErrorCode::UnclosedQuote,
        format!("The record starting at line {line} of '{name}' opens a quote (\") that is never closed, so everything after it up to the end of the file would be one value. Close the quote on that line (a quote inside a quoted value is written twice: \"\")."),
    )
}

/// NUL bytes and bytes that are not UTF-8 mean the file is not CSV text. Returns the
/// record's fields end to end as text, each field a slice of it (`ByteRecord::range`).
fn check_text<'r>(record: &'r ByteRecord, line: u64, name: &str, names: Option<&[String]>) -> Result<&'r str, CsvError> {
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
    // One check of the whole row: its fields are text when it is, and no field starts or
    // ends inside a character.
    if let Ok(text) = std::str::from_utf8(record.as_slice()) {
        let on_boundaries =
            (0..record.len()).filter_map(|i| record.range(i)).all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        if on_boundaries {
            return Ok(text);
        }
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
    unreachable!("a row whose fields are each UTF-8 is UTF-8 with fields on character boundaries")
}

/// A line of only white space, which `Import-Csv` skips. (Bytes that are not text are not
/// blank: they are a `BinaryFile` error.)
fn is_blank_line(record: &ByteRecord) -> bool {
    record.len() == 1 && std::str::from_utf8(&record[0]).is_ok_and(is_blank)
}

/// Reads CSV text (any of the encodings above) from `reader`; `name` is the file name
/// messages use. See [`read_csv_file`].
pub fn read_csv(
    reader: impl Read + Send,
    name: &str,
    options: &CsvOptions,
    interrupt: Interrupt,
    select: impl FnOnce(&Header) -> Result<Vec<usize>, CsvError>,
    mut consume: impl FnMut(&Chunk),
) -> Result<u64, CsvFailure> {
    let decoded = DecodeReaderBytesBuilder::new().bom_sniffing(true).utf8_passthru(true).strip_bom(true).build(reader);
    let cap = options.max_record_bytes.max(1);
    let buffer = (BUFFER_BYTES as u64).min(cap).max(64);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(options.delimiter)
        .buffer_capacity(buffer as usize)
        .from_reader(Guarded::new(decoded, cap, buffer, options.delimiter));
    let mut record = ByteRecord::new();

    let header = read_header(&mut rdr, &mut record, name)?;
    let chosen = select(&header)?;
    let columns = header.width;
    // Two cores' worth: this thread parses the CSV into chunks while the caller's thread
    // uses the chunk before, so neither waits for the other (tests/bench CsvSummary).
    std::thread::scope(|scope| {
        let (chunks, received) = sync_channel::<Result<Chunk, CsvError>>(CHUNKS_IN_FLIGHT);
        let names = &header.names;
        let chosen = &chosen;
        let parser = spawn_worker(scope, move || parse_rows(rdr, record, names, columns, chosen, name, &chunks))
            .expect("a thread to parse the CSV on");
        let mut count = 0;
        for chunk in received {
            if interrupt() {
                return Err(CsvFailure::Interrupted);
            }
            let chunk = chunk?;
            count += chunk.rows() as u64;
            consume(&chunk);
        }
        join_worker(parser);
        Ok(count)
    })
}

fn read_header<R: Read>(rdr: &mut CsvReader<R>, record: &mut ByteRecord, name: &str) -> Result<Header, CsvError> {
    let mut first = true;
    let line = loop {
        let Some(line) = next_record(rdr, record, name)? else {
            return Err(CsvError::new(
                CsvErrorCode::EmptyFile,
                format!("'{name}' is empty: a CSV file needs a header row naming its columns, such as ImmutableId."),
            ));
        };
        let type_line = first && record.len() == 1 && record[0].starts_with(b"#TYPE");
        first = false;
        if !type_line && !is_blank_line(record) {
            break line;
        }
    };
    check_text(record, line, name, None)?;
    // Empty cells at the end of the header name no column (Import-Csv drops them and what
    // rows hold under them); empty cells before a named one are H1, H2... in turn.
    let named = record.iter().rposition(|f| !std::str::from_utf8(f).is_ok_and(is_blank)).map_or(0, |last| last + 1);
    let mut unnamed = 0;
    let names: Vec<String> = record
        .iter()
        .take(named)
        .map(|f| match String::from_utf8_lossy(f) {
            n if is_blank(&n) => {
                unnamed += 1;
                format!("H{unnamed}")
            }
            n => n.into_owned(),
        })
        .collect();
    for (i, n) in names.iter().enumerate() {
        if find_column(&names[..i], n).is_some() {
            return Err(CsvError::new(
                CsvErrorCode::NotCsv,
                format!(
                    "The header (line {line}) of '{name}' names the column {} twice (ignoring case); column names must be unique.",
                    quote(n)
                ),
            ));
        }
    }
    Ok(Header { names, line, file: name.to_string(), width: record.len() })
}

/// The parsing thread: reads every row after the header, checks it, and sends chunks.
/// Stops at the first error (sent as the last message) or when the receiver is gone.
fn parse_rows<R: Read>(
    mut rdr: CsvReader<R>,
    mut record: ByteRecord,
    names: &[String],
    columns: usize,
    chosen: &[usize],
    name: &str,
    chunks: &SyncSender<Result<Chunk, CsvError>>,
) {
    let new_chunk = || Chunk { width: chosen.len(), ..Chunk::default() };
    let mut chunk = new_chunk();
    let parse_row = |record: &ByteRecord, line: u64, chunk: &mut Chunk| -> Result<(), CsvError> {
        if is_blank_line(record) {
            return Ok(());
        }
        let text = check_text(record, line, name, Some(names))?;
        if record.len() > columns && record.iter().skip(columns).any(|f| !f.is_empty()) {
            return Err(CsvError::new(
                CsvErrorCode::RaggedRow,
                format!("Line {line} of '{name}' has {} fields but the header has {columns} columns, so its cells may be in the wrong columns (often an unquoted delimiter in a value). Quote that value, or fix the line.", record.len()),
            ));
        }
        for &i in chosen {
            let start = chunk.text.len() as u32;
            chunk.text.push_str(record.range(i).map_or("", |r| &text[r]));
            chunk.cells.push((start, chunk.text.len() as u32));
        }
        chunk.lines.push(line);
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
        // A chunk's text stays far below 4 GiB: 4096 rows of at most 1 MiB each is under that.
        if more && chunk.rows() < ROWS_PER_CHUNK {
            continue;
        }
        let sent = chunks.send(Ok(std::mem::replace(&mut chunk, new_chunk()))).is_ok();
        if !sent || !more {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::never_interrupted;

    /// The header's names, and each row's line with its first cell.
    type ReadBack = (Vec<String>, Vec<(u64, String)>);

    fn read(text: &str, options: &CsvOptions) -> Result<ReadBack, CsvFailure> {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        read_csv(
            text.as_bytes(),
            "t.csv",
            options,
            &never_interrupted,
            |h| {
                header = h.names.clone();
                Ok(vec![0])
            },
            |chunk| {
                for r in 0..chunk.rows() {
                    rows.push((chunk.line(r), chunk.cell(r, 0).to_string()));
                }
            },
        )?;
        Ok((header, rows))
    }

    fn lines_of(text: &str) -> Vec<u64> {
        read(text, &CsvOptions::default()).unwrap().1.into_iter().map(|(line, _)| line).collect()
    }

    fn error_of(text: &str, options: &CsvOptions) -> CsvError {
        match read(text, options) {
            Err(CsvFailure::File(e)) => e,
            other => panic!("expected a file error, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn line_numbers_count_blank_lines_crlf_lone_cr_and_multi_line_fields() {
        assert_eq!(lines_of("ImmutableId\n\n\na\n\"b\nc\"\nd"), [4, 5, 7]);
        assert_eq!(lines_of("ImmutableId\r\n\r\na\r\nb\r\n\r\n"), [3, 4]);
        assert_eq!(lines_of("ImmutableId\ra\r\rb\r"), [2, 4]);
        assert_eq!(lines_of("ImmutableId\r\"a\rb\"\rc"), [2, 4]);
        assert_eq!(lines_of("#TYPE System.Management.Automation.PSCustomObject\n\"ImmutableId\"\n\"a\"\n"), [3]);
        assert_eq!(lines_of("ImmutableId\na\"b\nc\n"), [2, 3]);
        assert_eq!(lines_of("ImmutableId\n\"a\"\"\nb\"\nc\n"), [2, 4]);
    }

    #[test]
    fn line_numbers_hold_across_buffer_boundaries() {
        let mut text = String::from("ImmutableId\r\n");
        let mut expected = Vec::new();
        for i in 0..20_000 {
            text.push_str(if i % 3 == 0 { "\"x\r\ny\"\r\n" } else { "v\r\n" });
            expected.push(expected.last().map_or(2, |&l: &u64| l + if (i - 1) % 3 == 0 { 2 } else { 1 }));
        }
        assert_eq!(lines_of(&text), expected);
    }

    #[test]
    fn lines_of_white_space_make_no_record_and_empty_headers_are_named_in_turn() {
        let (header, rows) = read("ImmutableId,,X,,Y,,\na,b,c,d,e,f\n   \n\t\n", &CsvOptions::default()).unwrap();
        assert_eq!(header, ["ImmutableId", "H1", "X", "H2", "Y"], "trailing empty header cells name nothing");
        assert_eq!(rows, [(2, "a".to_string())]);
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_its_line() {
        let e = error_of("ImmutableId,B\na,x\nb,\"c\nd,e\n", &CsvOptions::default());
        assert_eq!(e.code, CsvErrorCode::UnclosedQuote);
        assert!(e.message.contains("line 3 "), "{e}");
        assert_eq!(read("ImmutableId\n\"a\"", &CsvOptions::default()).unwrap().1, [(2, "a".to_string())]);
    }

    #[test]
    fn reads_other_delimiters() {
        let options = CsvOptions { delimiter: b';', ..CsvOptions::default() };
        assert_eq!(read("ImmutableId;B\na;b\n", &options).unwrap().1, [(2, "a".to_string())]);
        let options = CsvOptions { delimiter: b'\t', ..CsvOptions::default() };
        assert_eq!(read("ImmutableId\tB\n\"a\"\tb\n", &options).unwrap().1, [(2, "a".to_string())]);
    }

    #[test]
    fn guarded_reader_trips_on_a_long_line_and_a_long_record() {
        let options = CsvOptions { max_record_bytes: 100, ..CsvOptions::default() };
        let e = error_of(&format!("ImmutableId\na\n{}\n", "x".repeat(101)), &options);
        assert_eq!((e.code, e.message.starts_with("Line 3 ")), (CsvErrorCode::LineTooLong, true), "{e}");
        let e = error_of(&format!("ImmutableId\na\n\"{}\n", "x\n".repeat(200)), &options);
        assert_eq!(e.code, CsvErrorCode::LineTooLong);
        assert!(e.message.contains("starting at line 3"), "{e}");
        let exactly = format!("ImmutableId\n{}\n", "x".repeat(100));
        assert_eq!(read(&exactly, &options).unwrap().1.len(), 1);
    }

    #[test]
    fn an_interrupt_stops_between_chunks() {
        let text = format!("ImmutableId\n{}", "a\n".repeat(10_000));
        let result = read_csv(text.as_bytes(), "t.csv", &CsvOptions::default(), &|| true, |_| Ok(vec![0]), |_| {});
        assert_eq!(result, Err(CsvFailure::Interrupted));
    }
}
