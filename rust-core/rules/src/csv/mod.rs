//! CSV files read by the core (`Test-ImmutableId -Path`): record by record, with the line
//! each record starts on, in bounded memory whatever the file holds. This module knows
//! CSV, not anchors: [`crate::validate`] picks the columns it needs.
//!
//! Rules:
//! - Encoding: UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM (what `Export-Csv`
//!   writes in Windows PowerShell and PowerShell 7). Bytes that are not UTF-8 (an ANSI
//!   file from Excel, UTF-16 without a BOM, a workbook) are a `BinaryFile` error naming
//!   the line, never a silent replacement character.
//! - Line breaks are LF, CRLF or a lone CR (old Mac files), as `Import-Csv` reads them.
//! - A header row is required. A first line starting with `#TYPE` (Windows PowerShell's
//!   type information) is skipped, as are blank lines and lines of only white space, as
//!   `Import-Csv` does. Empty header cells are named `H1`, `H2`... in turn, as `Import-Csv`
//!   names them; two columns with the same name (ignoring case) are a `NotCsv` error.
//! - Ragged rows: missing cells are empty (as `Import-Csv` makes them). Extra cells are
//!   ignored when empty (trailing delimiters); an extra cell with something in it is a
//!   `RaggedRow` error, because it usually means an unquoted delimiter has shifted the
//!   columns, and silently reading the wrong column would be worse than stopping.
//! - A quote opened and never closed is an `UnclosedQuote` error naming the line of the
//!   record it opens in: `Import-Csv` silently makes the rest of the file one value.
//! - A line, or a record (quoted fields can span lines), longer than
//!   [`MAX_RECORD_BYTES`] is a `LineTooLong` error, found after reading at most that much
//!   of it: a 2 GB line fails fast with bounded memory.

mod lines;
mod reader;

pub use reader::{read_csv, read_csv_file, Chunk, Header};

use std::fmt;

use strum::{EnumIter, IntoStaticStr};

/// The longest line or record read, in bytes of UTF-8.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Why a file could not be read. The names are public (PowerShell ErrorIds): add, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr)]
pub enum CsvErrorCode {
    /// No file at the path.
    FileNotFound,
    /// The path is a directory, a pipe or a device, access is denied, or reading failed.
    FileUnreadable,
    /// No header row: the file is empty, or holds only blank lines or a `#TYPE` line.
    EmptyFile,
    /// The header row names a column twice, or the CSV cannot be parsed.
    NotCsv,
    /// A column asked for is not in the header.
    ColumnNotFound,
    /// NUL bytes or bytes that are not UTF-8.
    BinaryFile,
    /// A line or record longer than [`MAX_RECORD_BYTES`].
    LineTooLong,
    /// A row with more (non-empty) cells than the header has columns.
    RaggedRow,
    /// A quote opened and never closed.
    UnclosedQuote,
}

impl CsvErrorCode {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A file-level failure; the message names the file and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub code: CsvErrorCode,
    pub message: String,
}

impl CsvError {
    pub fn new(code: CsvErrorCode, message: String) -> CsvError {
        CsvError { code, message }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for CsvError {}

/// Why reading stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvFailure {
    File(CsvError),
    Interrupted,
}

impl From<CsvError> for CsvFailure {
    fn from(e: CsvError) -> Self {
        CsvFailure::File(e)
    }
}

/// How to read a file.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    /// The field delimiter: `,` (the default), `;` (Excel in many locales) or tab.
    pub delimiter: u8,
    /// The longest line or record accepted, in bytes ([`MAX_RECORD_BYTES`]; lower in tests).
    pub max_record_bytes: u64,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { delimiter: b',', max_record_bytes: MAX_RECORD_BYTES }
    }
}
