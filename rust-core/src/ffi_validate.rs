//! The C ABI of `Test-ImmutableId`: an opaque [`IidValidator`] fed with batches
//! ([`iid_validator_add_many`]) and CSV files ([`iid_validator_add_csv`]), then asked for
//! its verdicts as JSON ([`iid_validator_finish`]). Conventions as in [`crate::ffi`].

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use uuid::Uuid;

use crate::anchor::{guid_from_stored_bytes, parse_guid_text};
use crate::csv_source::{self, CsvOptions};
use crate::ffi::{batch, guard, out_buffer, slice_in, write_json, Batch, IidBuffer, IidStatus, IidValue, Source};
use crate::validate::{Mode, Record, Validator};

/// `iid_validator_new` mode: one result per record.
pub const IID_VALIDATOR_RESULTS: u32 = 0;
/// `iid_validator_new` mode: counts only, memory proportional to distinct values.
pub const IID_VALIDATOR_SUMMARY: u32 = 1;

/// Checks ImmutableIds as a batch (`Test-ImmutableId`). Opaque; create with
/// [`iid_validator_new`], release with [`iid_validator_free`]. Not thread-safe: use one
/// validator from one thread at a time.
pub struct IidValidator {
    validator: Validator,
}

/// A new, empty validator. `mode` is `IID_VALIDATOR_RESULTS` (0: `iid_validator_finish`
/// gives one result per record) or `IID_VALIDATOR_SUMMARY` (1: it gives counts only).
/// Returns null for an unknown mode.
#[no_mangle]
pub extern "C" fn iid_validator_new(mode: u32) -> *mut IidValidator {
    let mode = match mode {
        IID_VALIDATOR_RESULTS => Mode::Results,
        IID_VALIDATOR_SUMMARY => Mode::Summary,
        _ => return std::ptr::null_mut(),
    };
    catch_unwind(|| Box::into_raw(Box::new(IidValidator { validator: Validator::new(mode) }))).unwrap_or(std::ptr::null_mut())
}

/// The GUID an expected value names; anything unreadable is "no expected GUID".
fn expected_guid(source: Source) -> Option<Uuid> {
    match source {
        Source::None => None,
        Source::Text(s) | Source::Guid(s) => parse_guid_text(s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')),
        Source::Bytes(b) => <[u8; 16]>::try_from(b.as_slice()).ok().map(guid_from_stored_bytes),
    }
}

fn read_value(batch: &Batch, text: &[u16], v: &IidValue) -> Result<String, IidStatus> {
    Ok(match batch.read(v)? {
        Ok(Source::None) => String::new(),
        Ok(Source::Text(s) | Source::Guid(s)) => s,
        Ok(Source::Bytes(_)) => return Err(IidStatus::InvalidArgument),
        // Not valid UTF-16: check what it shows as (U+FFFD), which the checks flag.
        Err(_) => String::from_utf16_lossy(&text[v.offset..v.offset + v.len]),
    })
}

/// Adds `count` records. Record `i` is the ImmutableId `values[i]` (`IID_VALUE_TEXT`, or
/// `IID_VALUE_NONE` for a null value, checked as empty; `IID_VALUE_GUID` is read as text)
/// with, when `expected` is not null, the `objectGUID` it should stand for: `expected[i]`
/// is `IID_VALUE_NONE` (not known), `IID_VALUE_TEXT` or `IID_VALUE_GUID` (GUID text in N,
/// D, B or P form) or `IID_VALUE_BYTES` (the 16 bytes in stored order). An expected value
/// that is not a GUID counts as not known. Records are numbered on from the records
/// already added (`index` in the results).
///
/// Returns `IID_STATUS_INVALID_ARGUMENT`, having added nothing, for a null validator, a
/// range outside `text`/`bytes`, an unknown kind, or a value given as `IID_VALUE_BYTES`.
///
/// # Safety
/// `validator` must come from [`iid_validator_new`]; every pointer must be valid for the
/// length given with it (or null with length 0); `values`, and `expected` unless null,
/// must hold `count` items.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_add_many(
    validator: *mut IidValidator,
    text: *const u16,
    text_len: usize,
    bytes: *const u8,
    bytes_len: usize,
    values: *const IidValue,
    expected: *const IidValue,
    count: usize,
) -> IidStatus {
    guard(|| {
        let validator = &mut validator.as_mut().ok_or(IidStatus::InvalidArgument)?.validator;
        let units = slice_in(text, text_len)?;
        let batch = batch(text, text_len, bytes, bytes_len)?;
        let values = slice_in(values, count)?;
        let expected = if expected.is_null() { None } else { Some(slice_in(expected, count)?) };
        // Read everything first, so a bad argument adds nothing.
        let mut records = Vec::with_capacity(count);
        for i in 0..count {
            let value = read_value(&batch, units, &values[i])?;
            let guid = match expected {
                Some(expected) => batch.read(&expected[i])?.ok().and_then(expected_guid),
                None => None,
            };
            records.push((value, guid));
        }
        for (value, guid) in &records {
            validator.add(Record::new(value, *guid));
        }
        Ok(())
    })
}

/// Optional UTF-16 text: null or empty is `None`; text that is not UTF-16 is an argument error.
unsafe fn optional_text(ptr: *const u16, len: usize) -> Result<Option<String>, IidStatus> {
    let units = slice_in(ptr, len)?;
    if units.is_empty() {
        return Ok(None);
    }
    String::from_utf16(units).map(Some).map_err(|_| IidStatus::InvalidArgument)
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

/// Reads the CSV file at `path` (UTF-16, `path_len` units; an absolute path, since the
/// library's working directory is the process's) record by record into the validator.
///
/// The file is UTF-8 (BOM optional) or UTF-16 with a BOM and has a header row. `column`
/// names the value column (null or empty: the first of `ImmutableId`,
/// `OnPremisesImmutableId`); `expected_column` names the `objectGUID` column (null or
/// empty: `ObjectGUID` when the file has one). Names match ignoring case. Each record's
/// `line` is the line it starts on; in results mode its other cells are kept as `columns`.
///
/// A problem with the file as a whole leaves `error` holding `{"code","message"}` JSON and
/// takes back every record of the file already added; the status is still
/// `IID_STATUS_OK`. Codes: `FileNotFound`, `FileUnreadable`, `EmptyFile`, `NotCsv`,
/// `ColumnNotFound`, `BinaryFile`, `LineTooLong`, `RaggedRow`. `error` stays empty (null
/// pointer) when the file was read.
///
/// # Safety
/// `validator` must come from [`iid_validator_new`]; each pointer must be valid for the
/// length given with it (`column` and `expected_column` may be null); `error` must point
/// to an `IidBuffer` the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_add_csv(
    validator: *mut IidValidator,
    path: *const u16,
    path_len: usize,
    column: *const u16,
    column_len: usize,
    expected_column: *const u16,
    expected_column_len: usize,
    error: *mut IidBuffer,
) -> IidStatus {
    guard(|| {
        let error = out_buffer(error)?;
        let validator = &mut validator.as_mut().ok_or(IidStatus::InvalidArgument)?.validator;
        let path = slice_in(path, path_len)?;
        if path.is_empty() {
            return Err(IidStatus::InvalidArgument);
        }
        let path = path_from_utf16(path)?;
        let options = CsvOptions {
            column: optional_text(column, column_len)?,
            expected_column: optional_text(expected_column, expected_column_len)?,
            ..CsvOptions::default()
        };
        match csv_source::add_csv_file(validator, &path, &options) {
            Ok(_) => Ok(()),
            Err(e) => write_json(error, &e),
        }
    })
}

/// The verdicts on every record added so far, as UTF-8 JSON in `out_json`; the validator
/// then starts over, empty.
///
/// Results mode: an array, one object per record in input order, with the fields `index`
/// (0-based), `line` (CSV records; else null), `value`, `status` (`Valid`, `Warning` or
/// `Invalid`), `reasons` (codes in a fixed order), `messages` (one per reason), `guid`
/// (D form, or null), `expectedGuid` (or null), `suggestion` (or null), `duplicates` (the
/// lines, or indexes for records not from a file, of other records with the same value
/// exactly or ignoring case; at most 100), `duplicateCount` (all of them) and `columns`
/// (CSV records: the other cells by column name, in file order; else null).
///
/// Summary mode: `{"total","valid","warning","invalid","reasons":{code:count,...}}`,
/// listing only the reasons some record has.
///
/// # Safety
/// `validator` must come from [`iid_validator_new`]; `out_json` must point to an
/// `IidBuffer` the caller owns (free it with `iid_buffer_free`).
#[no_mangle]
pub unsafe extern "C" fn iid_validator_finish(validator: *mut IidValidator, out_json: *mut IidBuffer) -> IidStatus {
    guard(|| {
        let out_json = out_buffer(out_json)?;
        let validator = &mut validator.as_mut().ok_or(IidStatus::InvalidArgument)?.validator;
        *out_json = IidBuffer::from_vec(validator.finish_json());
        Ok(())
    })
}

/// Releases a validator. Null is ignored.
///
/// # Safety
/// `validator` must come from [`iid_validator_new`] and be freed once.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_free(validator: *mut IidValidator) {
    if !validator.is_null() {
        let _ = catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(validator))));
    }
}
