//! `Test-ImmutableId` results: one per record, in input order, made one at a time from
//! the batch's groups. Every record costs a bounded amount of work however many others
//! share its value: duplicates are listed up to [`MAX_DUPLICATES_LISTED`] and messages
//! name a few, so a million records of "TBD" take linear time.

use crate::codec::Guid;
use crate::error::ConvertError;
use crate::inspect::{Reason, Reasons};
use crate::text::{count_of, quote};
use crate::{Interrupt, Interrupted};

use super::distinct::{Distinct, FoldGroups, Members, NONE, STEPS_BETWEEN_CHECKS};
use super::item::Columns;
use super::validator::{Kind, Pending, Validator};
use super::{Status, MAX_DUPLICATES_LISTED};

/// How many other records a message names before saying "and N more".
const NAMED_IN_MESSAGE: usize = 5;

/// The verdict on one record.
#[derive(Debug, Clone)]
pub struct RecordResult {
    /// 0-based position among every item given to the validator.
    pub index: u64,
    /// The CSV file (by number, [`Results::file_name`]) and the line the record starts on.
    pub source: Option<(u32, u64)>,
    /// The value checked, as written ("" for records not checked or without an anchor).
    pub value: String,
    /// The property the value came from (`None` for a value given itself).
    pub property: Option<&'static str>,
    pub status: Status,
    pub reasons: Reasons,
    /// One sentence per reason, in reason order; for `NoAnchor` and `NotChecked`, one
    /// sentence saying so.
    pub messages: Vec<String>,
    /// The GUID the value stands for or most likely meant.
    pub guid: Option<Guid>,
    /// The GUID the record says it should stand for, and where that came from.
    pub expected_guid: Option<Guid>,
    pub expected_property: Option<&'static str>,
    /// The value to write instead, when one can be worked out.
    pub suggestion: Option<String>,
    /// The other records sharing the value exactly or ignoring case, in input order, at
    /// most [`MAX_DUPLICATES_LISTED`]: their lines when every record came from one file,
    /// else their indexes.
    pub duplicates: Vec<u64>,
    /// How many other records share the value, listed or not.
    pub duplicate_count: u64,
    /// The record's other CSV columns.
    pub columns: Option<Columns>,
    /// For `NotChecked`: the error to report in the record's place.
    pub error: Option<ConvertError>,
}

#[derive(Debug, Clone, Copy)]
struct Place {
    index: u64,
    source: Option<(u32, u64)>,
}

/// The results, made in input order as they are taken.
pub struct Results {
    pending: std::vec::IntoIter<Pending>,
    places: Vec<Place>,
    distinct: Distinct,
    count: Vec<u32>,
    groups: FoldGroups,
    by_entry: Members,
    by_group: Members,
    group_entries: Members,
    files: Vec<String>,
    single_file: bool,
    position: usize,
    /// [`super::Mode::Problems`]: records that would be `Valid` are passed over.
    problems_only: bool,
    /// Results still to give.
    left: usize,
}

impl Results {
    pub(super) fn new(validator: Validator, interrupt: Interrupt) -> Result<Results, Interrupted> {
        let problems_only = validator.mode() == super::Mode::Problems;
        let Validator { distinct, pending, files, from_pipeline, .. } = validator;
        let n_entries = distinct.entries.len();
        let mut count = vec![0u32; n_entries];
        for (i, p) in pending.iter().enumerate() {
            if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
                return Err(Interrupted);
            }
            if p.entry != NONE {
                count[p.entry as usize] += 1;
            }
        }
        let groups = distinct.fold_groups(|id| count[id] > 0, interrupt)?;
        // Records of each entry and of each group, in input order; each group's entries.
        let by_entry = Members::new(n_entries, pending.iter().map(|p| p.entry));
        let by_group =
            Members::new(groups.size.len(), pending.iter().map(|p| if p.entry == NONE { NONE } else { groups.of_entry[p.entry as usize] }));
        let group_entries =
            Members::new(groups.size.len(), (0..n_entries).map(|id| if count[id] > 0 { groups.of_entry[id] } else { NONE }));
        if interrupt() {
            return Err(Interrupted);
        }
        let places = pending.iter().map(|p| Place { index: p.index, source: p.source }).collect();
        let single_file = files.len() == 1 && !from_pipeline;
        let mut results = Results {
            pending: Vec::new().into_iter(),
            places,
            distinct,
            count,
            groups,
            by_entry,
            by_group,
            group_entries,
            files,
            single_file,
            position: 0,
            problems_only,
            left: pending.len(),
        };
        if problems_only {
            results.left = pending.iter().filter(|p| !results.is_valid(p)).count();
        }
        results.pending = pending.into_iter();
        Ok(results)
    }

    /// How many results are left.
    pub fn remaining(&self) -> usize {
        self.left
    }

    /// True when the record's result would be `Valid`: checked, nothing wrong with its
    /// value, and no other record sharing it exactly or ignoring case (which
    /// [`Results::batch_findings`] would report).
    fn is_valid(&self, p: &Pending) -> bool {
        let shared = p.entry != NONE && {
            let e = p.entry as usize;
            self.count[e] >= 2 || self.groups.size[self.groups.of_entry[e] as usize] >= 2
        };
        matches!(p.kind, Kind::Checked) && Status::of(p.reasons) == Status::Valid && !shared
    }

    /// The name of CSV file number `n`.
    pub fn file_name(&self, n: u32) -> &str {
        &self.files[n as usize]
    }

    /// What `duplicates` lists for a record: its line when every record came from one
    /// file, else its index.
    fn number(&self, place: &Place) -> u64 {
        match place.source {
            Some((_, line)) if self.single_file => line,
            _ => place.index,
        }
    }

    fn place_text(&self, place: &Place) -> String {
        match place.source {
            Some((_, line)) if self.single_file => format!("line {line}"),
            Some((file, line)) => format!("line {line} of '{}'", self.files[file as usize]),
            None => format!("item {}", place.index),
        }
    }

    /// The batch findings of the record at `pos`: duplicates and case-only twins.
    fn batch_findings(&self, pos: usize, p: &Pending) -> Option<BatchFindings> {
        if p.entry == NONE {
            return None;
        }
        let e = p.entry as usize;
        let g = self.groups.of_entry[e] as usize;
        let exact = self.count[e] >= 2;
        let case_only = self.groups.size[g] >= 2;
        if !exact && !case_only {
            return None;
        }
        let members = self.by_group.of(g);
        let mut found = BatchFindings {
            duplicate_count: members.len() as u64 - 1,
            duplicates: others(members, pos).take(MAX_DUPLICATES_LISTED).map(|m| self.number(&self.places[m as usize])).collect(),
            ..BatchFindings::default()
        };
        let q = quote(&p.value);
        if exact {
            let same = self.by_entry.of(e);
            let named: Vec<String> = others(same, pos).take(NAMED_IN_MESSAGE).map(|m| self.place_text(&self.places[m as usize])).collect();
            let named = name_places(named, same.len() - 1);
            found.reasons.add(Reason::Duplicate);
            found.messages.push((
                Reason::Duplicate,
                format!("{q} is also the value of {named}. Anchors must be unique: a hard match would join more than one on-premises object to the same cloud user, or fail. Give each object the ImmutableId of its own on-premises GUID."),
            ));
        }
        if case_only {
            let other = self.group_entries.of(g).iter().copied().find(|&o| o as usize != e).expect("a case-only group has two entries");
            let first = &self.places[self.by_entry.of(other as usize)[0] as usize];
            let more = members.len() - self.count[e] as usize - 1;
            let more = if more > 0 { format!(" and {}", count_of(more, "more record")) } else { String::new() };
            found.reasons.add(Reason::CaseOnlyDuplicate);
            found.messages.push((
                Reason::CaseOnlyDuplicate,
                format!("{q} differs only in letter case from {} ({}{more}). Entra compares anchors case-sensitively, so these are different anchors, but Microsoft warns against anchors that differ only in case: anything that compares them case-insensitively will mix the objects up. Make sure each belongs to its own object, or use the ImmutableId of each object's own on-premises GUID.", quote(self.distinct.value(other)), self.place_text(first)),
            ));
        }
        Some(found)
    }
}

/// The members other than the record at `pos`.
fn others(members: &[u32], pos: usize) -> impl Iterator<Item = u32> + '_ {
    members.iter().copied().filter(move |&m| m as usize != pos)
}

#[derive(Default)]
struct BatchFindings {
    reasons: Reasons,
    messages: Vec<(Reason, String)>,
    duplicates: Vec<u64>,
    duplicate_count: u64,
}

impl Iterator for Results {
    type Item = RecordResult;

    fn next(&mut self) -> Option<RecordResult> {
        let (pos, p) = loop {
            let p = self.pending.next()?;
            let pos = self.position;
            self.position += 1;
            if !(self.problems_only && self.is_valid(&p)) {
                break (pos, p);
            }
        };
        self.left -= 1;
        let found = self.batch_findings(pos, &p);
        let Pending {
            index,
            source,
            value,
            property,
            kind,
            mut reasons,
            mut messages,
            guid,
            expected,
            expected_property,
            suggestion,
            columns,
            ..
        } = p;
        let (mut duplicates, mut duplicate_count) = (Vec::new(), 0);
        if let Some(found) = found {
            reasons |= found.reasons;
            messages.extend(found.messages);
            duplicates = found.duplicates;
            duplicate_count = found.duplicate_count;
        }
        messages.sort_by_key(|(reason, _)| *reason);
        let mut messages: Vec<String> = messages.into_iter().map(|(_, m)| m).collect();
        let (status, error) = match kind {
            Kind::Checked => (Status::of(reasons), None),
            Kind::NoAnchor => {
                messages.push(format!(
                    "The record's {} is empty: a cloud-only account (or one never synced) has no anchor, so there is nothing to check.",
                    property.unwrap_or("ImmutableId")
                ));
                (Status::NoAnchor, None)
            }
            Kind::NotChecked(error) => {
                messages.push(error.message.clone());
                (Status::NotChecked, Some(error))
            }
        };
        Some(RecordResult {
            index,
            source,
            value,
            property,
            status,
            reasons,
            messages,
            guid,
            expected_guid: expected,
            expected_property,
            suggestion,
            duplicates,
            duplicate_count,
            columns,
            error,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

/// "line 3", "line 3 and line 9", "line 3, line 9 and 4 more".
fn name_places(named: Vec<String>, total: usize) -> String {
    let rest = total - named.len();
    match (named.as_slice(), rest) {
        ([], _) => count_of(total, "other record"),
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, rest) => format!("{} and {rest} more", all.join(", ")),
    }
}
