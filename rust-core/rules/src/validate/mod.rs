//! `Test-ImmutableId`: many ImmutableIds checked together before a hard match.
//!
//! Every value gets [`crate::inspect`]'s verdict, and the batch adds its own reasons:
//! - `Duplicate` (Invalid): the exact string is also another record's value.
//! - `CaseOnlyDuplicate` (Warning): another record's value equals it ignoring case but is
//!   not identical. Entra compares anchors case-sensitively, but Microsoft warns against
//!   anchors that differ only in case.
//! - `GuidMismatch` (Invalid): the record carries its on-premises GUID (its
//!   `mS-DS-ConsistencyGuid` when set, else its `objectGUID`, or `-ExpectedGuid`) and the
//!   value stands for another GUID.
//! - `BigEndianByteOrder` (Invalid, instead of `GuidMismatch`): the value holds the expected
//!   GUID's bytes in RFC 4122 (big-endian) order, as Python's `uuid.bytes` or MySQL's
//!   `UNHEX` give them. Big-endian bytes are only ever compared, never produced.
//! - `ExpectedGuidUnreadable` (Invalid): the record's expected GUID is not a GUID, so the
//!   value could not be checked against it; never silently skipped.
//!
//! A record whose anchor property is empty (a cloud-only account) is `NoAnchor`, not a bad
//! value; an input that could not be checked at all (no such property, a byte array) is
//! `NotChecked` and counts as such. Empty values are never duplicates of each other.
//!
//! [`Mode::Results`] gives one [`RecordResult`] per record, in input order, through a
//! [`Results`] cursor; [`Mode::Problems`] gives only those that are not `Valid`.
//! [`Mode::Summary`] only counts: its memory grows with the number of
//! DISTINCT values, not of records. Every step is linear (or n log n) in the records,
//! whatever the mix of values.

mod csv_input;
mod distinct;
mod expected;
mod item;
mod outcome;
mod reason_counts;
mod results;
mod summary;
mod validator;

pub use csv_input::{add_csv_file, add_csv_reader, CsvColumns};
pub use expected::Expected;
pub use item::{item_from_record, Item, Subject};
pub use outcome::Outcome;
pub use reason_counts::ReasonCounts;
pub use results::{RecordResult, Results};
pub use summary::Summary;
pub use validator::Validator;

use strum::{EnumCount, EnumIter, FromRepr, IntoStaticStr};

use crate::inspect::{Reasons, Severity};

/// What [`Validator::finish`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, FromRepr)]
#[repr(u32)]
pub enum Mode {
    /// One [`RecordResult`] per record, in input order.
    Results = 0,
    /// Only a [`Summary`]; memory proportional to distinct values.
    Summary = 1,
    /// The [`RecordResult`]s of [`Mode::Results`] whose status is not `Valid`, in input
    /// order; the valid ones are never built.
    Problems = 2,
}

/// The verdict on a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, EnumCount, IntoStaticStr, FromRepr)]
#[repr(u32)]
pub enum Status {
    /// Nothing wrong.
    Valid = 0,
    /// Legitimate but worth a look (a non-GUID anchor, a case-only twin).
    Warning = 1,
    /// Must not be written as it is.
    Invalid = 2,
    /// The record's anchor property is empty: a cloud-only account, or one never synced.
    NoAnchor = 3,
    /// Not checked: the input had no anchor property, or was not a value that can be one.
    NotChecked = 4,
}

impl Status {
    /// The status a set of reasons makes.
    pub fn of(reasons: Reasons) -> Status {
        match reasons.worst() {
            None => Status::Valid,
            Some(Severity::Warning) => Status::Warning,
            Some(Severity::Invalid) => Status::Invalid,
        }
    }
}

/// The most records a result lists in `duplicates`; `duplicate_count` has them all.
/// Without a cap, 20,000 records holding the same placeholder ("TBD", "0") would list
/// 400 million numbers.
pub const MAX_DUPLICATES_LISTED: usize = 100;

#[cfg(test)]
mod tests;
