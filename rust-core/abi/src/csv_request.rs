//! A CSV file for the core to read: its path and delimiter, and for `Test-ImmutableId` the
//! columns to read. Shared by the validator's and the reconciler's file exports.

use std::path::PathBuf;

use immutableid_rules::csv::CsvOptions;

use crate::memory::{region, slice_in, struct_regions};
use crate::status::IidStatus;

/// A CSV file to read.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidCsvRequest {
    /// The file, as an absolute path (UTF-16): the library's working directory is the process's.
    pub path: *const u16,
    pub path_len: usize,
    /// `iid_validator_add_csv` only: the value column; null or empty for the first of
    /// `ImmutableId`, `OnPremisesImmutableId`, `SourceAnchor`.
    pub column: *const u16,
    pub column_len: usize,
    /// `iid_validator_add_csv` only: the expected GUID column; null or empty for each
    /// record's own `mS-DS-ConsistencyGuid` (when set) or `ObjectGUID`.
    pub expected_column: *const u16,
    pub expected_column_len: usize,
    /// The delimiter, an ASCII character; 0 for a comma.
    pub delimiter: u16,
}

impl IidCsvRequest {
    /// The memory a request covers: itself, its path and its column names.
    ///
    /// # Safety
    /// `request` must be null or, when aligned, valid for reads of an `IidCsvRequest`.
    pub(crate) unsafe fn regions(request: *const IidCsvRequest) -> Vec<(usize, usize)> {
        struct_regions(request, |r| {
            [region(r.path, r.path_len), region(r.column, r.column_len), region(r.expected_column, r.expected_column_len)]
        })
    }

    /// The path and the reading options; `INVALID_ARGUMENT` for an empty path, a path that
    /// is not UTF-16 (outside Windows), or a delimiter that cannot delimit.
    ///
    /// # Safety
    /// `path` must be valid for `path_len` units.
    pub(crate) unsafe fn file(&self) -> Result<(PathBuf, CsvOptions), IidStatus> {
        let units = slice_in(self.path, self.path_len)?;
        if units.is_empty() {
            return Err(IidStatus::InvalidArgument);
        }
        let delimiter = match self.delimiter {
            0 => b',',
            d if d < 0x80 && ![b'"', b'\n', b'\r'].contains(&(d as u8)) => d as u8,
            _ => return Err(IidStatus::InvalidArgument),
        };
        Ok((path_from_utf16(units)?, CsvOptions { delimiter, ..CsvOptions::default() }))
    }
}

#[cfg(windows)]
fn path_from_utf16(units: &[u16]) -> Result<PathBuf, IidStatus> {
    use std::os::windows::ffi::OsStringExt;
    Ok(PathBuf::from(std::ffi::OsString::from_wide(units)))
}

#[cfg(not(windows))]
fn path_from_utf16(units: &[u16]) -> Result<PathBuf, IidStatus> {
    String::from_utf16(units).map(PathBuf::from).map_err(|_| IidStatus::InvalidArgument)
}
