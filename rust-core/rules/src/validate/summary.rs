//! `Test-ImmutableId -Summary`: counts per status and per reason, in memory that grows
//! with the distinct values, not the records.

use strum::IntoEnumIterator;

use crate::inspect::{Reason, Reasons};
use crate::{Interrupt, Interrupted};

use super::distinct::STEPS_BETWEEN_CHECKS;
use super::reason_counts::ReasonCounts;
use super::validator::Validator;
use super::Status;

/// Counts per status and per reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: u64,
    pub valid: u64,
    pub warning: u64,
    pub invalid: u64,
    pub no_anchor: u64,
    pub not_checked: u64,
    pub reasons: ReasonCounts,
}

impl Summary {
    pub fn count(&mut self, status: Status, n: u64) {
        *match status {
            Status::Valid => &mut self.valid,
            Status::Warning => &mut self.warning,
            Status::Invalid => &mut self.invalid,
            Status::NoAnchor => &mut self.no_anchor,
            Status::NotChecked => &mut self.not_checked,
        } += n;
    }

    pub fn of(&self, status: Status) -> u64 {
        match status {
            Status::Valid => self.valid,
            Status::Warning => self.warning,
            Status::Invalid => self.invalid,
            Status::NoAnchor => self.no_anchor,
            Status::NotChecked => self.not_checked,
        }
    }
}

impl Validator {
    pub(super) fn into_summary(self, interrupt: Interrupt) -> Result<Summary, Interrupted> {
        let entries = &self.distinct.entries;
        let groups = self.distinct.fold_groups(|id| entries[id].count > 0, interrupt)?;
        let mut summary = Summary { total: self.len(), reasons: self.reason_counts, ..Summary::default() };
        for status in Status::iter() {
            summary.count(status, self.uncounted[status as usize]);
        }
        for (id, e) in entries.iter().enumerate().filter(|(_, e)| e.count > 0) {
            if id % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
                return Err(Interrupted);
            }
            let n = u64::from(e.count);
            let mut batch = Reasons::default();
            if n >= 2 {
                batch.add(Reason::Duplicate);
            }
            if groups.case_only(id) {
                batch.add(Reason::CaseOnlyDuplicate);
            }
            summary.reasons.add(batch, n);
            if n >= 2 || e.guid_bad > 0 {
                summary.count(Status::Invalid, n);
                continue;
            }
            let mut own = e.reasons;
            if e.confirmed > 0 {
                own.remove(Reasons::of(Reason::MaybeCaseMangled));
            }
            summary.count(Status::of(own | batch), n);
        }
        Ok(summary)
    }
}
