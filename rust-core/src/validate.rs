//! `Test-ImmutableId`: many values checked together before a hard match.
//!
//! Every value gets [`inspect`]'s verdict, and the batch adds four reasons:
//! - `Duplicate` (Invalid): the exact string is also another record's value. Empty
//!   values never count.
//! - `CaseOnlyDuplicate` (Warning): another record's value equals it ignoring case but is
//!   not identical. Entra compares anchors case-sensitively, but Microsoft warns against
//!   anchors that differ only in case.
//! - `GuidMismatch` (Invalid): the record comes with the object's `objectGUID` and the
//!   value stands for another GUID.
//! - `BigEndianByteOrder` (Invalid, reported instead of `GuidMismatch`): the value decodes
//!   to the expected GUID's bytes in RFC 4122 (big-endian) order, as Python's `uuid.bytes`
//!   or MySQL's `UNHEX` give them. Big-endian bytes are only ever compared, never produced.
//!
//! [`Mode::Results`] keeps one result per record. [`Mode::Summary`] only counts: its
//! memory grows with the number of DISTINCT values (one arena copy of each value and a
//! 24-byte counter), not with the number of records, and the batch reasons and final
//! statuses are worked out in [`Validator::finish`].

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use uuid::Uuid;

use crate::anchor::immutable_id;
use crate::inspect::{inspect, Inspection, Reason};
use crate::quote::quote;

/// The most record numbers a result lists in `duplicates`; `duplicateCount` has them all.
/// Without a cap, 20,000 records holding the same placeholder ("TBD", "0") would list
/// 400 million numbers.
pub const MAX_DUPLICATES_LISTED: usize = 100;
/// How many other records a message names before saying "and N more".
const NAMED_IN_MESSAGE: usize = 5;
const NONE: u32 = u32::MAX;
const REASON_COUNT: usize = Reason::ALL.len();

/// What [`Validator::finish`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One [`RecordResult`] per record, in input order.
    Results,
    /// Only a [`Summary`]; memory proportional to distinct values.
    Summary,
}

/// The verdict on a record: the worst of its reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    Valid,
    Warning,
    Invalid,
}

/// A set of reasons; iterates in [`Reason`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reasons(u32);

impl Reasons {
    fn bit(reason: Reason) -> u32 {
        1 << reason as u32
    }

    pub fn insert(&mut self, reason: Reason) {
        self.0 |= Self::bit(reason);
    }

    pub fn contains(self, reason: Reason) -> bool {
        self.0 & Self::bit(reason) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |&r| self.contains(r))
    }

    pub fn status(self) -> Status {
        match self.iter().map(|r| r.is_warning()).min() {
            None => Status::Valid,
            Some(true) => Status::Warning,
            Some(false) => Status::Invalid,
        }
    }

    fn has_invalid(self) -> bool {
        self.status() == Status::Invalid
    }
}

/// A CSV record's other columns, in file order (names shared by every record of a file).
#[derive(Debug, Clone)]
pub struct Columns {
    names: Arc<[String]>,
    values: Box<[String]>,
}

impl Columns {
    /// `values[i]` belongs to `names[i]`; extra values are dropped, missing ones are "".
    pub fn new(names: Arc<[String]>, mut values: Vec<String>) -> Columns {
        values.resize(names.len(), String::new());
        Columns { names, values: values.into_boxed_slice() }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.names.iter().position(|n| n == name).map(|i| self.values[i].as_str())
    }
}

impl Serialize for Columns {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, value) in self.names.iter().zip(self.values.iter()) {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One record to check.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    /// The ImmutableId exactly as it would be written to the cloud.
    pub value: &'a str,
    /// The on-premises `objectGUID` the value should stand for, when known.
    pub expected: Option<Uuid>,
    /// The record's line in its CSV file (where the record starts), 1-based.
    pub line: Option<u64>,
    /// The record's other CSV columns (kept only in [`Mode::Results`]).
    pub columns: Option<Columns>,
}

impl<'a> Record<'a> {
    pub fn new(value: &'a str, expected: Option<Uuid>) -> Record<'a> {
        Record { value, expected, line: None, columns: None }
    }
}

/// The verdict on one record (`Test-ImmutableId` output). JSON field names are camelCase.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordResult {
    /// 0-based position among every record given to the validator.
    pub index: u64,
    /// The CSV line the record starts on; null for records not read from a file.
    pub line: Option<u64>,
    pub value: String,
    pub status: Status,
    /// Reason codes, in [`Reason`] order, no repeats.
    pub reasons: Vec<Reason>,
    /// One sentence per reason, in the same order.
    pub messages: Vec<String>,
    /// The GUID the value stands for or most likely meant (D form, lower case).
    pub guid: Option<String>,
    /// The `objectGUID` the record came with, if any (D form, lower case).
    pub expected_guid: Option<String>,
    /// The value to write instead, when one can be worked out.
    pub suggestion: Option<String>,
    /// For `Duplicate` / `CaseOnlyDuplicate`: the line (CSV records) or index (others) of
    /// every other record sharing the value exactly or ignoring case, in input order, at
    /// most [`MAX_DUPLICATES_LISTED`].
    pub duplicates: Vec<u64>,
    /// How many other records share the value, listed or not.
    pub duplicate_count: u64,
    /// The record's other CSV columns; null for records not read from a file.
    pub columns: Option<Columns>,
}

/// Reason code -> number of records with it; serializes as a JSON object in [`Reason`]
/// order, without the reasons no record has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonCounts(pub [u64; REASON_COUNT]);

impl Default for ReasonCounts {
    fn default() -> Self {
        ReasonCounts([0; REASON_COUNT])
    }
}

impl ReasonCounts {
    pub fn get(&self, reason: Reason) -> u64 {
        self.0[reason as usize]
    }

    fn add(&mut self, reasons: Reasons, n: u64) {
        for r in reasons.iter() {
            self.0[r as usize] += n;
        }
    }
}

impl Serialize for ReasonCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for r in Reason::ALL {
            if self.get(r) > 0 {
                map.serialize_entry(r.code(), &self.get(r))?;
            }
        }
        map.end()
    }
}

/// `Test-ImmutableId -Summary`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: u64,
    pub valid: u64,
    pub warning: u64,
    pub invalid: u64,
    pub reasons: ReasonCounts,
}

impl Summary {
    fn count(&mut self, status: Status, n: u64) {
        match status {
            Status::Valid => self.valid += n,
            Status::Warning => self.warning += n,
            Status::Invalid => self.invalid += n,
        }
    }
}

/// What [`Validator::finish`] returns; serializes as a JSON array or object.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Results(Vec<RecordResult>),
    Summary(Summary),
}

/// How a record's expected GUID disagrees with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GuidIssue {
    /// The value stands for this other GUID, or (None) is a legitimate anchor that is not GUID-based.
    Mismatch(Option<Uuid>),
    BigEndian,
}

impl GuidIssue {
    fn reason(self) -> Reason {
        match self {
            GuidIssue::Mismatch(_) => Reason::GuidMismatch,
            GuidIssue::BigEndian => Reason::BigEndianByteOrder,
        }
    }
}

fn check_guid(ins: &Inspection, expected: Option<Uuid>) -> Option<GuidIssue> {
    let expected = expected?;
    if ins.guid == Some(expected) {
        None
    } else if ins.bytes.as_deref() == Some(expected.as_bytes().as_slice()) {
        Some(GuidIssue::BigEndian)
    } else if ins.guid.is_some() {
        Some(GuidIssue::Mismatch(ins.guid))
    } else if ins.problems.iter().all(|p| p.reason.is_warning()) {
        // A non-GUID anchor on an object whose GUID is known cannot hard-match that object.
        Some(GuidIssue::Mismatch(None))
    } else {
        None
    }
}

fn reasons_of(ins: &Inspection) -> Reasons {
    let mut reasons = Reasons::default();
    for p in &ins.problems {
        reasons.insert(p.reason);
    }
    reasons
}

/// A fixed seed: the same input gives the same table, run after run.
const HASHER: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x1D_A7C4_0B5E);

fn hash_str(s: &str) -> u64 {
    HASHER.hash_one(s)
}

/// The 32 bits of a value's hash kept in the table, so growing the table never goes back
/// to the arena (that was most of the time on a million distinct values).
fn hash32(s: &str) -> u32 {
    let h = hash_str(s);
    (h ^ (h >> 32)) as u32
}

/// The table's 64-bit hash of a kept `hash32`: low bits pick the bucket, high bits tag it.
fn spread(h: u32) -> u64 {
    u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Lower case, for "equal ignoring case" (char by char, so the result is stable).
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

/// One distinct non-empty value. 24 bytes.
#[derive(Debug, Clone)]
struct Entry {
    start: usize,
    len: u32,
    /// Records with this value (Summary mode; Results mode counts at finish).
    count: u32,
    /// Of those, records whose expected GUID disagrees with the value.
    guid_bad: u32,
    /// The value's own reasons ([`inspect`]).
    reasons: Reasons,
}

/// Every distinct value once, in one arena, found through a hash table of
/// (`hash32`, entry id): 8 bytes a bucket.
#[derive(Default)]
struct Distinct {
    arena: String,
    entries: Vec<Entry>,
    table: HashTable<(u32, u32)>,
}

fn value_of<'a>(arena: &'a str, entries: &[Entry], id: u32) -> &'a str {
    let e = &entries[id as usize];
    &arena[e.start..e.start + e.len as usize]
}

impl Distinct {
    fn value(&self, id: u32) -> &str {
        value_of(&self.arena, &self.entries, id)
    }

    /// The entry of `value`, or a new one with the reasons `fresh` gives; `fresh` returning
    /// `None` (an empty value) adds nothing. Returns the id and whether it is new.
    fn find_or_insert(&mut self, value: &str, fresh: impl FnOnce() -> Option<Reasons>) -> Option<(u32, bool)> {
        let Distinct { arena, entries, table } = self;
        let h = hash32(value);
        let entry = table.entry(spread(h), |&(kept, id)| kept == h && value_of(arena, entries, id) == value, |&(kept, _)| spread(kept));
        let vacant = match entry {
            hashbrown::hash_table::Entry::Occupied(found) => return Some((found.get().1, false)),
            hashbrown::hash_table::Entry::Vacant(vacant) => vacant,
        };
        let reasons = fresh()?;
        let id = u32::try_from(entries.len()).ok().filter(|&id| id != NONE).expect("fewer than 4 billion distinct values");
        let len = u32::try_from(value.len()).expect("a value under 4 GB");
        entries.push(Entry { start: arena.len(), len, count: 0, guid_bad: 0, reasons });
        arena.push_str(value);
        vacant.insert((h, id));
        Some((id, true))
    }

    /// Groups the live entries by their case-folded value: `of_entry[id]` is the group of
    /// entry `id` (NONE for dead ones), `size[g]` the number of entries in group `g`.
    fn fold_groups(&self, live: impl Fn(usize) -> bool) -> FoldGroups {
        let mut folded = String::new();
        let mut keys: Vec<(u64, u32)> = Vec::new();
        for id in (0..self.entries.len()).filter(|&id| live(id)) {
            fold_into(self.value(id as u32), &mut folded);
            keys.push((hash_str(&folded), id as u32));
        }
        keys.sort_unstable();
        let mut groups = FoldGroups { of_entry: vec![NONE; self.entries.len()], size: Vec::new() };
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            if let [(_, id)] = run {
                groups.of_entry[*id as usize] = groups.size.len() as u32;
                groups.size.push(1);
                continue;
            }
            // Equal hashes: split by the folded text itself.
            let mut texts: Vec<(String, u32)> = run
                .iter()
                .map(|&(_, id)| {
                    fold_into(self.value(id), &mut folded);
                    (folded.clone(), id)
                })
                .collect();
            texts.sort_unstable();
            for same in texts.chunk_by(|a, b| a.0 == b.0) {
                for (_, id) in same {
                    groups.of_entry[*id as usize] = groups.size.len() as u32;
                }
                groups.size.push(same.len() as u32);
            }
        }
        groups
    }
}

struct FoldGroups {
    of_entry: Vec<u32>,
    size: Vec<u32>,
}

impl FoldGroups {
    /// True when the entry shares its folded value with another live entry.
    fn case_only(&self, id: usize) -> bool {
        self.size[self.of_entry[id] as usize] >= 2
    }
}

/// A record kept for [`Mode::Results`] until [`Validator::finish`].
#[derive(Debug)]
struct Pending {
    index: u64,
    line: Option<u64>,
    value: String,
    entry: u32,
    reasons: Reasons,
    messages: Vec<(Reason, String)>,
    guid: Option<Uuid>,
    expected: Option<Uuid>,
    suggestion: Option<String>,
    columns: Option<Columns>,
}

impl Pending {
    /// What `duplicates` lists for this record: its line, else its index.
    fn number(&self) -> u64 {
        self.line.unwrap_or(self.index)
    }

    fn place(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}"),
            None => format!("item {}", self.index),
        }
    }
}

/// State to go back to when a file fails halfway ([`Validator::rollback`]).
struct Journal {
    next_index: u64,
    pending: usize,
    entries: usize,
    uncounted: [u64; 3],
    reason_counts: ReasonCounts,
    /// Entries older than the journal that this part counted a record for.
    touched: Vec<u32>,
    touched_bad: Vec<u32>,
}

/// Takes records one at a time; [`Validator::finish`] gives the verdicts.
pub struct Validator {
    mode: Mode,
    next_index: u64,
    distinct: Distinct,
    /// Results mode: every record so far.
    pending: Vec<Pending>,
    /// Summary mode: records kept out of `distinct` (empty values), by per-value status.
    uncounted: [u64; 3],
    /// Summary mode: reasons known when the record was added (all but the batch ones).
    reason_counts: ReasonCounts,
    journal: Option<Journal>,
}

impl Validator {
    pub fn new(mode: Mode) -> Validator {
        Validator {
            mode,
            next_index: 0,
            distinct: Distinct::default(),
            pending: Vec::new(),
            uncounted: [0; 3],
            reason_counts: ReasonCounts::default(),
            journal: None,
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Records added since the last [`Validator::finish`].
    pub fn len(&self) -> u64 {
        self.next_index
    }

    pub fn is_empty(&self) -> bool {
        self.next_index == 0
    }

    /// Adds one record; its index is the number of records added before it.
    pub fn add(&mut self, record: Record) {
        let index = self.next_index;
        self.next_index += 1;
        match self.mode {
            Mode::Results => self.add_pending(index, record),
            Mode::Summary => self.add_counted(record.value, record.expected),
        }
    }

    fn add_pending(&mut self, index: u64, record: Record) {
        let value = record.value;
        let ins = inspect(value);
        let issue = check_guid(&ins, record.expected);
        let mut reasons = Reasons::default();
        let mut messages = Vec::new();
        for p in ins.problems {
            if !reasons.contains(p.reason) {
                reasons.insert(p.reason);
                messages.push((p.reason, p.message));
            }
        }
        let mut guid = ins.guid;
        let mut suggestion = ins.suggestion;
        if let Some(expected) = record.expected {
            if let Some(issue) = issue {
                let (q, id) = (quote(value), immutable_id(&expected));
                let message = match issue {
                    GuidIssue::Mismatch(Some(actual)) => format!("{q} stands for GUID {actual}, but this object's objectGUID is {expected}: a hard match would join it to the wrong cloud object, or to none. The ImmutableId of {expected} is {id}."),
                    GuidIssue::Mismatch(None) => format!("{q} is not GUID-based, but this object's objectGUID is {expected}: Entra Connect would not match the two. The ImmutableId of {expected} is {id}."),
                    GuidIssue::BigEndian => {
                        guid = Some(expected);
                        format!("{q} holds the bytes of GUID {expected} in big-endian (RFC 4122) order, as Python's uuid.bytes, MySQL's UNHEX or Java produce them, not in the Guid.ToByteArray() order Entra Connect uses, so it matches no on-premises object. The ImmutableId of {expected} is {id}.")
                    }
                };
                reasons.insert(issue.reason());
                messages.push((issue.reason(), message));
            }
            // Whatever else is wrong, the object's own GUID says what the value should be.
            if issue.is_some() || (suggestion.is_none() && reasons.has_invalid()) {
                suggestion = Some(immutable_id(&expected));
            }
        }
        let empty = reasons.contains(Reason::Empty);
        let entry = self.distinct.find_or_insert(value, || (!empty).then(Reasons::default)).map_or(NONE, |(id, _)| id);
        self.pending.push(Pending {
            index,
            line: record.line,
            value: value.to_string(),
            entry,
            reasons,
            messages,
            guid,
            expected: record.expected,
            suggestion,
            columns: record.columns,
        });
    }

    fn add_counted(&mut self, value: &str, expected: Option<Uuid>) {
        let mut inspected = None;
        let slot = self.distinct.find_or_insert(value, || {
            let ins = inspect(value);
            let reasons = reasons_of(&ins);
            inspected = Some(ins);
            (!reasons.contains(Reason::Empty)).then_some(reasons)
        });
        // A value seen before has the same reasons; only a GUID check needs a new look.
        if inspected.is_none() && expected.is_some() {
            inspected = Some(inspect(value));
        }
        let reasons = match (slot, &inspected) {
            (Some((id, false)), _) => self.distinct.entries[id as usize].reasons,
            (_, Some(ins)) => reasons_of(ins),
            (_, None) => unreachable!("a value new to the table was inspected"),
        };
        let issue = inspected.as_ref().and_then(|ins| check_guid(ins, expected));
        let mut all = reasons;
        if let Some(issue) = issue {
            all.insert(issue.reason());
        }
        self.reason_counts.add(all, 1);
        let Some((id, _)) = slot else {
            self.uncounted[all.status() as usize] += 1;
            return;
        };
        if let Some(journal) = &mut self.journal {
            if (id as usize) < journal.entries {
                journal.touched.push(id);
                if issue.is_some() {
                    journal.touched_bad.push(id);
                }
            }
        }
        let entry = &mut self.distinct.entries[id as usize];
        entry.count += 1;
        if issue.is_some() {
            entry.guid_bad += 1;
        }
    }

    /// Starts a part (one file) that [`Validator::rollback`] can take back whole.
    pub(crate) fn begin(&mut self) {
        self.journal = Some(Journal {
            next_index: self.next_index,
            pending: self.pending.len(),
            entries: self.distinct.entries.len(),
            uncounted: self.uncounted,
            reason_counts: self.reason_counts,
            touched: Vec::new(),
            touched_bad: Vec::new(),
        });
    }

    /// Keeps the records added since [`Validator::begin`].
    pub(crate) fn commit(&mut self) {
        self.journal = None;
    }

    /// Forgets the records added since [`Validator::begin`]. Values first seen in the part
    /// stay in the table with no records, which [`Validator::finish`] ignores.
    pub(crate) fn rollback(&mut self) {
        let Some(j) = self.journal.take() else { return };
        self.next_index = j.next_index;
        self.pending.truncate(j.pending);
        self.uncounted = j.uncounted;
        self.reason_counts = j.reason_counts;
        for e in &mut self.distinct.entries[j.entries..] {
            e.count = 0;
            e.guid_bad = 0;
        }
        for id in j.touched {
            self.distinct.entries[id as usize].count -= 1;
        }
        for id in j.touched_bad {
            self.distinct.entries[id as usize].guid_bad -= 1;
        }
    }

    /// The verdicts on every record added so far; the validator starts over empty.
    pub fn finish(&mut self) -> Outcome {
        let done = std::mem::replace(self, Validator::new(self.mode));
        match done.mode {
            Mode::Results => Outcome::Results(done.into_results().collect()),
            Mode::Summary => Outcome::Summary(done.into_summary()),
        }
    }

    /// [`Validator::finish`] as JSON text. In results mode each result is made, written and
    /// dropped in turn, so a million results are never all objects and all text at once.
    pub fn finish_json(&mut self) -> Vec<u8> {
        let done = std::mem::replace(self, Validator::new(self.mode));
        let mut out = Vec::new();
        match done.mode {
            Mode::Summary => serde_json::to_writer(&mut out, &done.into_summary()).expect("a summary is JSON"),
            Mode::Results => {
                out.push(b'[');
                for (i, result) in done.into_results().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    serde_json::to_writer(&mut out, &result).expect("a result is JSON");
                }
                out.push(b']');
            }
        }
        out
    }

    fn into_summary(self) -> Summary {
        let entries = &self.distinct.entries;
        let groups = self.distinct.fold_groups(|id| entries[id].count > 0);
        let mut summary = Summary { total: self.next_index, reasons: self.reason_counts, ..Summary::default() };
        for (status, n) in [Status::Valid, Status::Warning, Status::Invalid].into_iter().zip(self.uncounted) {
            summary.count(status, n);
        }
        for (id, e) in entries.iter().enumerate().filter(|(_, e)| e.count > 0) {
            let n = u64::from(e.count);
            let case_only = groups.case_only(id);
            let mut batch = Reasons::default();
            if n >= 2 {
                batch.insert(Reason::Duplicate);
            }
            if case_only {
                batch.insert(Reason::CaseOnlyDuplicate);
            }
            summary.reasons.add(batch, n);
            let status = if n >= 2 || e.guid_bad > 0 {
                Status::Invalid
            } else {
                e.reasons.status().max(batch.status())
            };
            summary.count(status, n);
        }
        summary
    }

    fn into_results(self) -> impl Iterator<Item = RecordResult> {
        let Validator { distinct, pending, .. } = self;
        let n_entries = distinct.entries.len();
        let mut count = vec![0u32; n_entries];
        for p in pending.iter().filter(|p| p.entry != NONE) {
            count[p.entry as usize] += 1;
        }
        let groups = distinct.fold_groups(|id| count[id] > 0);
        // Records of each entry and of each group, in input order (counting sort).
        let by_entry = Members::new(n_entries, pending.iter().map(|p| p.entry));
        let by_group = Members::new(groups.size.len(), pending.iter().map(|p| if p.entry == NONE { NONE } else { groups.of_entry[p.entry as usize] }));
        // Each group's entries, to name a differently-cased spelling in O(1).
        let group_entries = Members::new(groups.size.len(), (0..n_entries).map(|id| if count[id] > 0 { groups.of_entry[id] } else { NONE }));

        let mut batch: Vec<Option<BatchFindings>> = Vec::with_capacity(pending.len());
        for (pos, p) in pending.iter().enumerate() {
            if p.entry == NONE {
                batch.push(None);
                continue;
            }
            let e = p.entry as usize;
            let g = groups.of_entry[e] as usize;
            let exact = count[e] >= 2;
            let case_only = groups.size[g] >= 2;
            if !exact && !case_only {
                batch.push(None);
                continue;
            }
            let mut found = BatchFindings::default();
            let members = by_group.of(g);
            found.duplicate_count = members.len() as u64 - 1;
            found.duplicates =
                members.iter().filter(|&&m| m as usize != pos).take(MAX_DUPLICATES_LISTED).map(|&m| pending[m as usize].number()).collect();
            let q = quote(&p.value);
            if exact {
                let others: Vec<&Pending> = by_entry.of(e).iter().filter(|&&m| m as usize != pos).map(|&m| &pending[m as usize]).collect();
                let named = name_places(others.iter().take(NAMED_IN_MESSAGE).map(|o| o.place()), others.len());
                found.reasons.insert(Reason::Duplicate);
                found.messages.push((
                    Reason::Duplicate,
                    format!("{q} is also the value of {named}. Anchors must be unique: a hard match would join more than one on-premises object to the same cloud user, or fail. Give each object the ImmutableId of its own objectGUID."),
                ));
            }
            if case_only {
                let other_entry = group_entries.of(g).iter().copied().find(|&o| o as usize != e).expect("a case-only group has two entries");
                let first = &pending[by_entry.of(other_entry as usize)[0] as usize];
                let more = members.len() - count[e] as usize - 1;
                let more = if more > 0 { format!(" and {more} more record{}", if more == 1 { "" } else { "s" }) } else { String::new() };
                found.reasons.insert(Reason::CaseOnlyDuplicate);
                found.messages.push((
                    Reason::CaseOnlyDuplicate,
                    format!("{q} differs only in letter case from {} ({}{more}). Entra compares anchors case-sensitively, so these are different anchors, but Microsoft warns against anchors that differ only in case: anything that compares them case-insensitively will mix the objects up. Make sure each belongs to its own object, or use the ImmutableId of each object's own objectGUID.", quote(&first.value), first.place()),
                ));
            }
            batch.push(Some(found));
        }

        pending
            .into_iter()
            .zip(batch)
            .map(|(p, found)| {
                let mut reasons = p.reasons;
                let mut messages = p.messages;
                let (mut duplicates, mut duplicate_count) = (Vec::new(), 0);
                if let Some(found) = found {
                    reasons.0 |= found.reasons.0;
                    messages.extend(found.messages);
                    duplicates = found.duplicates;
                    duplicate_count = found.duplicate_count;
                }
                messages.sort_by_key(|(reason, _)| *reason);
                RecordResult {
                    index: p.index,
                    line: p.line,
                    value: p.value,
                    status: reasons.status(),
                    reasons: reasons.iter().collect(),
                    messages: messages.into_iter().map(|(_, m)| m).collect(),
                    guid: p.guid.map(|g| g.hyphenated().to_string()),
                    expected_guid: p.expected.map(|g| g.hyphenated().to_string()),
                    suggestion: p.suggestion,
                    duplicates,
                    duplicate_count,
                    columns: p.columns,
                }
            })
    }
}

#[derive(Default)]
struct BatchFindings {
    reasons: Reasons,
    messages: Vec<(Reason, String)>,
    duplicates: Vec<u64>,
    duplicate_count: u64,
}

/// Items grouped by key (`NONE` = no group), each group in item order.
struct Members {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Members {
    fn new(groups: usize, keys: impl Iterator<Item = u32> + Clone) -> Members {
        let mut start = vec![0u32; groups + 1];
        for k in keys.clone().filter(|&k| k != NONE) {
            start[k as usize + 1] += 1;
        }
        for i in 0..groups {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items = vec![0u32; start[groups] as usize];
        for (item, k) in keys.enumerate().filter(|&(_, k)| k != NONE) {
            items[next[k as usize] as usize] = item as u32;
            next[k as usize] += 1;
        }
        Members { start, items }
    }

    fn of(&self, group: usize) -> &[u32] {
        &self.items[self.start[group] as usize..self.start[group + 1] as usize]
    }
}

/// "line 3", "line 3 and line 9", "line 3, line 9 and 4 more".
fn name_places(named: impl Iterator<Item = String>, total: usize) -> String {
    let named: Vec<String> = named.collect();
    let rest = total - named.len();
    match (named.as_slice(), rest) {
        ([], _) => format!("{total} other records"),
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, rest) => format!("{} and {rest} more", all.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "K81Lh40UykezCZHfZPBb9Q==";
    const GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";

    fn results(values: &[(&str, Option<&str>)]) -> Vec<RecordResult> {
        let mut v = Validator::new(Mode::Results);
        for (value, expected) in values {
            v.add(Record::new(value, expected.map(|g| Uuid::parse_str(g).unwrap())));
        }
        match v.finish() {
            Outcome::Results(r) => r,
            Outcome::Summary(_) => unreachable!(),
        }
    }

    fn summary(values: &[(&str, Option<&str>)]) -> Summary {
        let mut v = Validator::new(Mode::Summary);
        for (value, expected) in values {
            v.add(Record::new(value, expected.map(|g| Uuid::parse_str(g).unwrap())));
        }
        match v.finish() {
            Outcome::Summary(s) => s,
            Outcome::Results(_) => unreachable!(),
        }
    }

    fn codes(r: &RecordResult) -> Vec<&'static str> {
        r.reasons.iter().map(|r| r.code()).collect()
    }

    #[test]
    fn reasons_iterate_in_enum_order() {
        let mut r = Reasons::default();
        r.insert(Reason::BigEndianByteOrder);
        r.insert(Reason::Empty);
        r.insert(Reason::Quotes);
        assert_eq!(r.iter().collect::<Vec<_>>(), [Reason::Empty, Reason::Quotes, Reason::BigEndianByteOrder]);
        assert_eq!(r.status(), Status::Invalid);
    }

    #[test]
    fn stray_characters_come_out_in_enum_order() {
        let r = &results(&[(" \u{FEFF}'K81Lh40UykezCZHfZPBb9Q==' ", None)])[0];
        assert_eq!(codes(r), ["SurroundingWhiteSpace", "Quotes", "ByteOrderMark"]);
        assert_eq!(r.messages.len(), 3);
        assert!(r.messages[1].contains("quote"), "{:?}", r.messages);
    }

    #[test]
    fn duplicates_and_case_only_duplicates() {
        let r = results(&[(ID, None), ("abc", None), (ID, None), ("ABC", None), ("", None), ("", None), ("aBc", None), ("aBc", None)]);
        assert_eq!(codes(&r[0]), ["Duplicate"]);
        assert_eq!(r[0].duplicates, [2]);
        assert_eq!(r[0].status, Status::Invalid);
        assert_eq!(codes(&r[1]), ["PlainString", "CaseOnlyDuplicate"]);
        assert_eq!(r[1].status, Status::Warning);
        assert_eq!(r[1].duplicates, [3, 6, 7]);
        assert_eq!(codes(&r[4]), ["Empty"]);
        assert!(r[4].duplicates.is_empty());
        assert_eq!(codes(&r[6]), ["PlainString", "Duplicate", "CaseOnlyDuplicate"]);
        assert_eq!(r[6].duplicates, [1, 3, 7]);
        assert_eq!(r[6].duplicate_count, 3);
        assert!(r[6].messages[1].contains("item 7"), "{}", r[6].messages[1]);
        assert!(r[6].messages[2].contains("'abc' (item 1 and 1 more record)"), "{}", r[6].messages[2]);

        let s = summary(&[(ID, None), ("abc", None), (ID, None), ("ABC", None), ("", None), ("", None), ("aBc", None), ("aBc", None)]);
        assert_eq!((s.total, s.valid, s.warning, s.invalid), (8, 0, 2, 6));
        assert_eq!(s.reasons.get(Reason::Duplicate), 4);
        assert_eq!(s.reasons.get(Reason::CaseOnlyDuplicate), 4);
        assert_eq!(s.reasons.get(Reason::Empty), 2);
        assert_eq!(s.reasons.get(Reason::PlainString), 4);
    }

    #[test]
    fn guid_checks() {
        let other = "30475e40-e7ae-4af3-af75-8b143c81daf5";
        let r = results(&[(ID, Some(GUID)), (ID, Some(other)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(GUID)), ("K81Lh40Uyk!zCZHfZPBb9Q==", Some(GUID))]);
        assert_eq!(r[0].status, Status::Invalid); // a duplicate
        assert_eq!(codes(&r[1]), ["Duplicate", "GuidMismatch"]);
        assert_eq!(r[1].suggestion.as_deref(), Some("QF5HMK7n80qvdYsUPIHa9Q=="));
        assert!(r[1].messages[1].contains(GUID) && r[1].messages[1].contains(other));
        assert_eq!(codes(&r[2]), ["BigEndianByteOrder"]);
        assert_eq!(r[2].suggestion.as_deref(), Some(ID));
        assert_eq!(r[2].guid.as_deref(), Some(GUID));
        assert_eq!(codes(&r[3]), ["NotBase64Character"]);
        assert_eq!(r[3].suggestion.as_deref(), Some(ID));
        let s = summary(&[(ID, Some(GUID)), ("QF5HMK7n80qvdYsUPIHa9Q==", Some(GUID)), ("h0vNKxSNR8qzCZHfZPBb9Q==", Some(GUID))]);
        assert_eq!((s.valid, s.invalid), (1, 2));
        assert_eq!(s.reasons.get(Reason::GuidMismatch), 1);
        assert_eq!(s.reasons.get(Reason::BigEndianByteOrder), 1);
    }

    #[test]
    fn rollback_forgets_a_part() {
        for mode in [Mode::Results, Mode::Summary] {
            let mut v = Validator::new(mode);
            v.add(Record::new(ID, Some(Uuid::parse_str(GUID).unwrap())));
            v.begin();
            v.add(Record::new(ID, Some(Uuid::nil())));
            v.add(Record::new("abc", None));
            v.add(Record::new("", None));
            v.rollback();
            v.add(Record::new("ABC", None));
            let json = serde_json::to_value(v.finish()).unwrap();
            match mode {
                Mode::Results => {
                    assert_eq!(json[0]["status"], "Valid");
                    assert_eq!(json[1]["index"], 1);
                    assert_eq!(json[1]["reasons"], serde_json::json!(["PlainString"]));
                }
                Mode::Summary => assert_eq!(json, serde_json::json!({"total":2,"valid":1,"warning":1,"invalid":0,"reasons":{"PlainString":1}})),
            }
        }
    }

    #[test]
    fn finish_json_is_finish_serialized() {
        for mode in [Mode::Results, Mode::Summary] {
            let fill = |v: &mut Validator| {
                for value in [ID, "abc", ID, "ABC", "", GUID] {
                    v.add(Record::new(value, Some(Uuid::parse_str(GUID).unwrap())));
                }
            };
            let (mut a, mut b) = (Validator::new(mode), Validator::new(mode));
            fill(&mut a);
            fill(&mut b);
            assert_eq!(String::from_utf8(a.finish_json()).unwrap(), serde_json::to_string(&b.finish()).unwrap());
        }
        assert_eq!(Validator::new(Mode::Results).finish_json(), b"[]");
    }

    #[test]
    fn finish_starts_over() {
        let mut v = Validator::new(Mode::Summary);
        v.add(Record::new(ID, None));
        v.finish();
        v.add(Record::new(ID, None));
        assert_eq!(serde_json::to_value(v.finish()).unwrap()["valid"], 1);
    }

    #[test]
    fn duplicate_lists_are_capped() {
        let values: Vec<(&str, Option<&str>)> = vec![("TBD", None); 1000];
        let r = results(&values);
        assert_eq!(r[0].duplicates.len(), MAX_DUPLICATES_LISTED);
        assert_eq!(r[0].duplicate_count, 999);
        assert!(r[0].messages[1].contains("item 1, item 2, item 3, item 4, item 5 and 994 more"), "{}", r[0].messages[1]);
    }
}
