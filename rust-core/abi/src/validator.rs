//! `Test-ImmutableId`: an opaque validator fed with records and CSV files, then asked for
//! a summary or for its results, a page at a time.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use immutableid_rules::codec::stored_bytes;
use immutableid_rules::csv::CsvFailure;
use immutableid_rules::inspect::Reason;
use immutableid_rules::records::Schema;
use immutableid_rules::validate::{add_csv_file, item_from_record, CsvColumns, Item, Outcome, Results, Subject, Summary, Validator};

use crate::answer::{out_answer_apart, page_outputs, AnswerBuilder, IidAnswer, IidSpan, IidText};
use crate::boundary::ffi_boundary;
use crate::csv_request::IidCsvRequest;
use crate::enums::{IidSeverity, IidTestStatus, IidValidatorMode};
use crate::input::{parameter_text, source_anchor_parameter, IidInput, Input};
use crate::memory::{in_ref, interrupt_flag, out_ref, region, touches};
use crate::status::IidStatus;

/// Slots in `IidSummary.reasons`: one per possible reason number.
pub const IID_REASON_SLOTS: usize = 64;
/// `IidTestRecord.flags`: `guid` holds the GUID the value stands for.
pub const IID_HAS_GUID: u32 = 1;
/// `IidTestRecord.flags`: `expected_guid` holds the GUID the record says it should be.
pub const IID_HAS_EXPECTED_GUID: u32 = 2;

/// Checks ImmutableIds as a batch. Opaque; create with `iid_validator_new`, release with
/// `iid_validator_free`. One thread at a time. A validator whose `iid_validator_finish`
/// returned `INTERRUPTED` is spent: its records are gone, and every later call on it but
/// `iid_validator_free` is `INVALID_ARGUMENT` (it never answers an empty batch in their place).
pub struct IidValidator {
    validator: Validator,
    results: Option<Results>,
    /// `iid_validator_finish` was interrupted: the records it took are gone.
    spent: bool,
}

impl IidValidator {
    /// The validator, unless it is spent.
    fn usable(&mut self) -> Result<&mut IidValidator, IidStatus> {
        if self.spent {
            return Err(IidStatus::InvalidArgument);
        }
        Ok(self)
    }
}

/// Counts per status and reason.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidSummary {
    pub total: u64,
    pub valid: u64,
    pub warning: u64,
    pub invalid: u64,
    pub no_anchor: u64,
    pub not_checked: u64,
    /// Records per reason, by reason number (`iid_reason_names`).
    pub reasons: [u64; IID_REASON_SLOTS],
}

impl IidSummary {
    const ZERO: IidSummary =
        IidSummary { total: 0, valid: 0, warning: 0, invalid: 0, no_anchor: 0, not_checked: 0, reasons: [0; IID_REASON_SLOTS] };

    fn of(s: &Summary) -> IidSummary {
        let mut out = IidSummary {
            total: s.total,
            valid: s.valid,
            warning: s.warning,
            invalid: s.invalid,
            no_anchor: s.no_anchor,
            not_checked: s.not_checked,
            reasons: [0; IID_REASON_SLOTS],
        };
        for (reason, n) in s.reasons.present() {
            out.reasons[reason as usize] = n;
        }
        out
    }
}

/// One result of `iid_validator_next`. Texts and spans point into the call's answer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct IidTestRecord {
    /// 0-based position among every record given to the validator.
    pub index: u64,
    /// The line the record starts on in its CSV file; 0 for records not read from a file.
    pub line: u64,
    /// An `IidTestStatus`.
    pub status: u32,
    /// `IID_HAS_GUID`, `IID_HAS_EXPECTED_GUID`.
    pub flags: u32,
    /// Bit `n` set for reason number `n`.
    pub reasons: u64,
    /// The GUID the value stands for or most likely meant (`Guid.ToByteArray()` order).
    pub guid: [u8; 16],
    /// The GUID the record says it should stand for.
    pub expected_guid: [u8; 16],
    /// The value checked, as written.
    pub value: IidText,
    /// The property the value came from; none for a value given itself.
    pub property: IidText,
    /// The property (or parameter) the expected GUID came from.
    pub expected_property: IidText,
    /// The value to write instead, when one can be worked out.
    pub suggestion: IidText,
    /// The CSV file's name; none for records not read from a file.
    pub file: IidText,
    /// For `NOT_CHECKED`: the ErrorId to report in the record's place.
    pub error_code: IidText,
    /// One sentence per reason (or the one sentence of `NO_ANCHOR` / `NOT_CHECKED`), in `lists`.
    pub messages: IidSpan,
    /// Lines (records of one file) or indexes of other records with the value, in `numbers`.
    pub duplicates: IidSpan,
    pub duplicate_count: u64,
    /// The record's other CSV columns: names and values, in `lists`.
    pub column_names: IidSpan,
    pub column_values: IidSpan,
}

/// A new, empty validator in `out`. `mode` is an `IidValidatorMode`. `source_anchor`
/// (UTF-16, `source_anchor_len` units) is the tenant's sourceAnchor, which says what each
/// record's value must stand for: `ConsistencyGuid` (its `mS-DS-ConsistencyGuid` when set,
/// else its `objectGUID`; also when null or empty), `ObjectGUID`, or the name of another
/// attribute (the schema's `SOURCE_ANCHOR` field, and the CSV column of that name); anything
/// else is `INVALID_ARGUMENT` (`iid_source_anchor` says why).
///
/// # Safety
/// `source_anchor` must be valid for `source_anchor_len` reads; `out` must point to a
/// pointer the caller owns.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_new(
    mode: u32,
    source_anchor: *const u16,
    source_anchor_len: usize,
    out: *mut *mut IidValidator,
) -> IidStatus {
    ffi_boundary! {
        let out = out_ref(out)?;
        *out = std::ptr::null_mut();
        let mode = IidValidatorMode::from_repr(mode).ok_or(IidStatus::InvalidArgument)?;
        let choice = source_anchor_parameter(source_anchor, source_anchor_len)?;
        *out = Box::into_raw(Box::new(IidValidator { validator: Validator::new(mode.into()).anchored_on(choice), results: None, spent: false }));
        Ok(())
    }
}

/// Adds the records of `input` (schema `Test`: the value itself, its ImmutableId
/// properties, the `-ExpectedGuid` parameter, its anchor GUID properties and the attribute
/// the validator's `source_anchor` names). Records are
/// numbered on from those already added. A bad argument adds nothing. `answer` receives an
/// error note for each record that cannot be checked at all (no ImmutableId property, a
/// byte array...): in summary mode that note is all the caller hears of it; in results
/// and problems modes the same error also comes, in its place, from `iid_validator_next`.
/// `INVALID_ARGUMENT` for a spent validator.
///
/// # Safety
/// `validator` must come from `iid_validator_new`; `input` as for `iid_to_immutable_id`;
/// `answer` must point to an `IidAnswer` the caller owns, apart from the input.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_add(validator: *mut IidValidator, input: *const IidInput, answer: *mut IidAnswer) -> IidStatus {
    ffi_boundary! {
        let read = Input::read(input, Schema::Test);
        let answer = out_answer_apart(answer, &Input::regions_of(&read))?;
        let handle = out_ref(validator)?.usable()?;
        let input = read?;
        let validator = &mut handle.validator;
        let choice = validator.source_anchor();
        let mut built = AnswerBuilder::default();
        for i in 0..input.records() {
            let added = input.with_record(i, |record| {
                let item = item_from_record(record, choice);
                if let Subject::NotChecked(e) = &item.subject {
                    built.note(i, IidSeverity::Error, e.code, &e.message);
                }
                validator.add(item);
            });
            if let Err(e) = added {
                built.note(i, IidSeverity::Error, e.code, &e.message);
                validator.add(Item::not_checked(e));
            }
        }
        built.finish(answer);
        Ok(())
    }
}

/// Reads the CSV file `request` names, record by record, into the validator. A problem
/// with the file as a whole is an error note in `answer` (code `FileNotFound`,
/// `FileUnreadable`, `EmptyFile`, `NotCsv`, `ColumnNotFound`, `BinaryFile`, `LineTooLong`,
/// `RaggedRow` or `UnclosedQuote`) and takes back every record of the file; the status is
/// still `OK`. When `*interrupt` turns non-zero the read stops between chunks with
/// `INTERRUPTED`, the file's records taken back (the validator stays usable).
/// `INVALID_ARGUMENT` for a spent validator.
///
/// # Safety
/// `validator` must come from `iid_validator_new`; `request`'s pointers must be valid for
/// their lengths; `interrupt` must be null or point to an aligned `int32_t`; `answer` must
/// point to an `IidAnswer` the caller owns, apart from the request, its texts and the flag.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_add_csv(
    validator: *mut IidValidator,
    request: *const IidCsvRequest,
    interrupt: *const i32,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let mut inputs = IidCsvRequest::regions(request);
        inputs.push(region(interrupt, 1));
        let answer = out_answer_apart(answer, &inputs)?;
        let handle = out_ref(validator)?.usable()?;
        let request = in_ref(request)?;
        let flag = interrupt_flag(interrupt)?;
        let (path, options) = request.file()?;
        let columns = CsvColumns {
            value: parameter_text(request.column, request.column_len)?,
            expected: parameter_text(request.expected_column, request.expected_column_len)?,
        };
        let stop = || flag.is_some_and(|f| f.load(Ordering::Relaxed) != 0);
        match add_csv_file(&mut handle.validator, &path, &columns, &options, &stop) {
            Ok(_) => Ok(()),
            Err(CsvFailure::Interrupted) => Err(IidStatus::Interrupted),
            Err(CsvFailure::File(e)) => {
                let mut built = AnswerBuilder::default();
                built.note(0, IidSeverity::Error, e.code.as_str(), &e.message);
                built.finish(answer);
                Ok(())
            }
        }
    }
}

/// The verdicts on every record added so far; the validator then starts over, empty.
/// Summary mode: `summary` holds the counts. Results mode: `summary.total` holds the
/// number of results, which `iid_validator_next` then gives in input order. Problems
/// mode: the same, counting and giving only the results whose status is not `VALID`
/// (every other field of `summary` is 0 in both). Grouping a million values takes a
/// moment: it stops with `INTERRUPTED` when `*interrupt` turns non-zero, and the validator
/// is then spent (its records are gone): free it. Any later call on it, this one included,
/// is `INVALID_ARGUMENT`, never an empty total in place of the records it lost.
///
/// # Safety
/// `validator` must come from `iid_validator_new`; `interrupt` as for
/// `iid_validator_add_csv`; `summary` must point to an `IidSummary` the caller owns, apart
/// from the flag.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_finish(validator: *mut IidValidator, interrupt: *const i32, summary: *mut IidSummary) -> IidStatus {
    ffi_boundary! {
        if touches(region(summary.cast_const(), 1), &[region(interrupt, 1)]) {
            return Err(IidStatus::InvalidArgument);
        }
        let summary = out_ref(summary)?;
        *summary = IidSummary::ZERO;
        let handle = out_ref(validator)?.usable()?;
        let flag = interrupt_flag(interrupt)?;
        handle.results = None;
        let stop = || flag.is_some_and(|f| f.load(Ordering::Relaxed) != 0);
        let outcome = handle.validator.finish(&stop).map_err(|_| {
            handle.spent = true;
            IidStatus::Interrupted
        })?;
        match outcome {
            Outcome::Summary(s) => *summary = IidSummary::of(&s),
            Outcome::Results(results) => {
                summary.total = results.remaining() as u64;
                handle.results = Some(results);
            }
        }
        Ok(())
    }
}

/// The next results, at most `out_len`, into `out`; `written` says how many (0 when
/// there are no more). Their texts and lists are in `answer`, valid until it is freed.
/// In problems mode only results whose status is not `VALID` come, their `index` still
/// their record's place among all those added. `INVALID_ARGUMENT` for a spent validator.
///
/// # Safety
/// `validator` must come from `iid_validator_new`; `out` must be valid for `out_len`
/// writes; `written` and `answer` must point to values the caller owns; none may overlap.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_next(
    validator: *mut IidValidator,
    out: *mut IidTestRecord,
    out_len: usize,
    written: *mut usize,
    answer: *mut IidAnswer,
) -> IidStatus {
    ffi_boundary! {
        let (out, written, answer) = page_outputs(out, out_len, written, answer)?;
        let handle = out_ref(validator)?.usable()?;
        let Some(results) = handle.results.as_mut() else { return Ok(()) };
        let mut built = AnswerBuilder::default();
        let mut names: Vec<(Arc<[String]>, IidSpan)> = Vec::new();
        let mut files: Vec<(u32, IidText)> = Vec::new();
        let mut count = 0;
        while count < out.len() {
            let Some(r) = results.next() else { break };
            let guid = |g: Option<immutableid_rules::codec::Guid>| g.map(|g| stored_bytes(&g)).unwrap_or_default();
            let (column_names, column_values) = match &r.columns {
                Some(columns) => {
                    let names_span = match names.iter().find(|(n, _)| Arc::ptr_eq(n, &columns.names)) {
                        Some((_, span)) => *span,
                        None => {
                            let span = built.list(columns.names.iter().map(String::as_str));
                            names.push((columns.names.clone(), span));
                            span
                        }
                    };
                    (names_span, built.list(columns.values()))
                }
                None => (IidSpan::default(), IidSpan::default()),
            };
            let file = match r.source {
                Some((n, _)) => match files.iter().find(|(f, _)| *f == n) {
                    Some((_, text)) => *text,
                    None => {
                        let text = built.text(results.file_name(n));
                        files.push((n, text));
                        text
                    }
                },
                None => IidText::NONE,
            };
            out[count] = IidTestRecord {
                index: r.index,
                line: r.source.map_or(0, |(_, line)| line),
                status: IidTestStatus::from(r.status) as u32,
                flags: if r.guid.is_some() { IID_HAS_GUID } else { 0 } | if r.expected_guid.is_some() { IID_HAS_EXPECTED_GUID } else { 0 },
                reasons: r.reasons.bits(),
                guid: guid(r.guid),
                expected_guid: guid(r.expected_guid),
                value: built.text(&r.value),
                property: built.optional_text(r.property),
                expected_property: built.optional_text(r.expected_property),
                suggestion: built.optional_text(r.suggestion.as_deref()),
                file,
                error_code: built.optional_text(r.error.as_ref().map(|e| e.code)),
                messages: built.list(r.messages.iter().map(String::as_str)),
                duplicates: built.numbers(&r.duplicates),
                duplicate_count: r.duplicate_count,
                column_names,
                column_values,
            };
            count += 1;
        }
        *written = count;
        built.finish(answer);
        Ok(())
    }
}

/// Releases a validator. Null is ignored.
///
/// # Safety
/// `validator` must come from `iid_validator_new` and be freed once.
#[no_mangle]
pub unsafe extern "C" fn iid_validator_free(validator: *mut IidValidator) {
    let _ = ffi_boundary! {
        if !validator.is_null() {
            drop(Box::from_raw(validator));
        }
        Ok(())
    };
}

const _: () = assert!(Reason::COUNT <= IID_REASON_SLOTS);
