//! The validator: takes items one at a time, keeps what the verdicts need, and gives them
//! at the end ([`Validator::finish`]).

use crate::codec::{immutable_id, Guid};
use crate::error::ConvertError;
use crate::inspect::{canonical_guid, inspect, Reason, Reasons};
use crate::records::SourceAnchor;

use super::distinct::{Distinct, NONE};
use super::expected::{self, Expected};
use super::item::{Columns, Item, Subject};
use super::reason_counts::ReasonCounts;
use super::{Mode, Status};

/// What a record is, besides its value's reasons.
#[derive(Debug)]
pub(super) enum Kind {
    Checked,
    NoAnchor,
    NotChecked(ConvertError),
}

/// A record kept for [`Mode::Results`] (and [`Mode::Problems`]) until [`Validator::finish`].
#[derive(Debug)]
pub(super) struct Pending {
    pub index: u64,
    pub source: Option<(u32, u64)>,
    pub value: String,
    pub property: Option<&'static str>,
    pub kind: Kind,
    pub entry: u32,
    pub reasons: Reasons,
    pub messages: Vec<(Reason, String)>,
    pub guid: Option<Guid>,
    pub expected: Option<Guid>,
    pub expected_property: Option<&'static str>,
    pub suggestion: Option<String>,
    pub columns: Option<Columns>,
}

/// State to go back to when a file fails halfway ([`Validator::rollback`]).
struct Journal {
    next_index: u64,
    pending: usize,
    entries: usize,
    uncounted: [u64; 5],
    reason_counts: ReasonCounts,
    /// Entries older than the journal that this part counted a record for.
    touched: Vec<(u32, bool, bool)>,
}

/// Takes items one at a time; [`Validator::finish`] gives the verdicts.
pub struct Validator {
    mode: Mode,
    next_index: u64,
    pub(super) distinct: Distinct,
    /// Results and problems modes: every record so far.
    pub(super) pending: Vec<Pending>,
    /// Summary mode: records kept out of `distinct` (empty values, no anchor, not
    /// checked), by status.
    pub(super) uncounted: [u64; 5],
    /// Summary mode: reasons known when the record was added (all but the batch ones).
    pub(super) reason_counts: ReasonCounts,
    journal: Option<Journal>,
    /// The CSV files read, by number, as messages name them.
    pub(super) files: Vec<String>,
    /// True once an item not from a file was added.
    pub(super) from_pipeline: bool,
    /// The tenant's sourceAnchor: which property of a record says what its value must be.
    source_anchor: SourceAnchor,
}

impl Validator {
    pub fn new(mode: Mode) -> Validator {
        Validator {
            mode,
            next_index: 0,
            distinct: Distinct::default(),
            pending: Vec::new(),
            uncounted: [0; 5],
            reason_counts: ReasonCounts::default(),
            journal: None,
            files: Vec::new(),
            from_pipeline: false,
            source_anchor: SourceAnchor::default(),
        }
    }

    /// The same validator for a tenant anchored on `choice` (`-SourceAnchor`).
    pub fn anchored_on(mut self, choice: SourceAnchor) -> Validator {
        self.source_anchor = choice;
        self
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The tenant's sourceAnchor records are read with ([`super::item_from_record`]).
    pub fn source_anchor(&self) -> SourceAnchor {
        self.source_anchor
    }

    /// Records added since the last [`Validator::finish`].
    pub fn len(&self) -> u64 {
        self.next_index
    }

    pub fn is_empty(&self) -> bool {
        self.next_index == 0
    }

    /// Registers a CSV file; its records carry the number returned.
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.files.push(name.to_string());
        (self.files.len() - 1) as u32
    }

    /// Adds one item; its index is the number of items added before it.
    pub fn add(&mut self, item: Item) {
        let index = self.next_index;
        self.next_index += 1;
        self.from_pipeline |= item.source.is_none();
        match self.mode {
            Mode::Results | Mode::Problems => self.add_pending(index, item),
            Mode::Summary => self.add_counted(item),
        }
    }

    fn add_pending(&mut self, index: u64, item: Item) {
        let mut pending = Pending {
            index,
            source: item.source,
            value: String::new(),
            property: None,
            kind: Kind::Checked,
            entry: NONE,
            reasons: Reasons::default(),
            messages: Vec::new(),
            guid: None,
            expected: item.expected.guid(),
            expected_property: item.expected.property(),
            suggestion: None,
            columns: item.columns,
        };
        match item.subject {
            Subject::NotChecked(error) => pending.kind = Kind::NotChecked(error),
            Subject::NoAnchor { text, property } => {
                pending.kind = Kind::NoAnchor;
                pending.property = Some(property);
                pending.value = text.to_string();
            }
            Subject::Value { text, property } => {
                pending.property = property;
                pending.value = text.to_string();
                // Most values of a batch are canonical and stand for their expected GUID
                // (or have none): nothing to say, and no inspection to build.
                let canonical = canonical_guid(text);
                if canonical.is_some() && (canonical == item.expected.guid() || matches!(item.expected, Expected::None)) {
                    pending.guid = canonical;
                } else {
                    judge(&mut pending, text, &item.expected);
                }
                if !pending.reasons.has(Reason::Empty) {
                    pending.entry = self.distinct.find_or_insert(text, || Some(Reasons::default())).map_or(NONE, |(id, _)| id);
                }
            }
        }
        self.pending.push(pending);
    }

    fn add_counted(&mut self, item: Item) {
        let text = match item.subject {
            Subject::NotChecked(_) => return self.count_outside(Status::NotChecked, Reasons::default()),
            Subject::NoAnchor { .. } => return self.count_outside(Status::NoAnchor, Reasons::default()),
            Subject::Value { text, .. } => text,
        };
        // Most values of a batch are canonical: no reasons of their own, and a GUID read
        // without building an inspection.
        let canonical = canonical_guid(text);
        let mut inspected = None;
        let slot = self.distinct.find_or_insert(text, || {
            if canonical.is_some() {
                return Some(Reasons::default());
            }
            let ins = inspect(text);
            let reasons = ins.reasons();
            inspected = Some(ins);
            (!reasons.has(Reason::Empty)).then_some(reasons)
        });
        // A value seen before has the same reasons; only a GUID check needs a new look,
        // and a canonical value that stands for the expected GUID passes it.
        let agrees = canonical.is_some() && canonical == item.expected.guid();
        if inspected.is_none() && !agrees && !matches!(item.expected, Expected::None) {
            inspected = Some(inspect(text));
        }
        let mut reasons = match (slot, &inspected) {
            (Some((id, _)), _) => self.distinct.entries[id as usize].reasons,
            (None, Some(ins)) => ins.reasons(),
            (None, None) => unreachable!("only an inspected value is kept out of the table"),
        };
        let finding = inspected.as_ref().and_then(|ins| expected::check_reason(text, ins, &item.expected));
        let confirmed = finding.is_none() && item.expected.guid().is_some();
        if confirmed {
            reasons.remove(Reasons::of(Reason::MaybeCaseMangled));
        }
        if expected::settles_hex(finding) {
            reasons.remove(Reasons::of(Reason::AmbiguousHex));
        }
        if let Some(reason) = finding {
            reasons.add(reason);
        }
        let Some((id, _)) = slot else {
            return self.count_outside(Status::of(reasons), reasons);
        };
        self.reason_counts.add(reasons, 1);
        if let Some(journal) = &mut self.journal {
            if (id as usize) < journal.entries {
                journal.touched.push((id, finding.is_some(), confirmed));
            }
        }
        let entry = &mut self.distinct.entries[id as usize];
        entry.count += 1;
        entry.guid_bad += u32::from(finding.is_some());
        entry.confirmed += u32::from(confirmed);
    }

    fn count_outside(&mut self, status: Status, reasons: Reasons) {
        self.reason_counts.add(reasons, 1);
        self.uncounted[status as usize] += 1;
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
            e.confirmed = 0;
        }
        for (id, bad, confirmed) in j.touched {
            let e = &mut self.distinct.entries[id as usize];
            e.count -= 1;
            e.guid_bad -= u32::from(bad);
            e.confirmed -= u32::from(confirmed);
        }
    }
}

/// The reasons, messages, GUID and suggestion of a value that has something to say.
fn judge(pending: &mut Pending, text: &str, expected: &Expected) {
    let mut ins = inspect(text);
    let finding = expected::check(text, &ins, expected);
    let found = finding.as_ref().map(|f| f.reason);
    for p in ins.problems.iter().filter(|p| !answered(p.reason, &ins, expected, found)) {
        if !pending.reasons.has(p.reason) {
            pending.reasons.add(p.reason);
            pending.messages.push((p.reason, p.message.clone()));
        }
    }
    pending.guid = ins.guid;
    pending.suggestion = ins.suggestion.take();
    if let Some(finding) = finding {
        pending.reasons.add(finding.reason);
        pending.messages.push((finding.reason, finding.message));
        pending.guid = finding.guid.or(pending.guid);
        pending.suggestion = finding.suggestion.or(pending.suggestion.take());
    }
    // Whatever else is wrong, the object's own GUID (or anchor) says what the value should be.
    if pending.suggestion.is_none() && Status::of(pending.reasons) == Status::Invalid {
        pending.suggestion = match expected {
            Expected::Guid { guid, .. } => Some(immutable_id(guid)),
            Expected::Anchor { text, .. } => Some(text.clone()),
            _ => None,
        };
    }
}

/// A reason the expected GUID answers: a value that stands for its own object's GUID was
/// not mangled, whatever its letters look like; and 32 bare hex digits are no longer
/// ambiguous once one of their readings is the object's GUID (the finding says which).
fn answered(reason: Reason, ins: &crate::inspect::Inspection, expected: &Expected, found: Option<Reason>) -> bool {
    match reason {
        Reason::MaybeCaseMangled => found.is_none() && expected.guid().is_some() && ins.guid == expected.guid(),
        Reason::AmbiguousHex => expected::settles_hex(found),
        _ => false,
    }
}
