//! Records counted per reason: what summary mode reports, and what the validator keeps
//! as it goes.

use strum::IntoEnumIterator;

use crate::inspect::{Reason, Reasons};

/// Reason -> number of records with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonCounts(pub [u64; Reason::COUNT]);

impl Default for ReasonCounts {
    fn default() -> Self {
        ReasonCounts([0; Reason::COUNT])
    }
}

impl ReasonCounts {
    pub fn get(&self, reason: Reason) -> u64 {
        self.0[reason as usize]
    }

    pub fn add(&mut self, reasons: Reasons, n: u64) {
        for r in reasons.reasons() {
            self.0[r as usize] += n;
        }
    }

    /// The reasons some record has, with their counts, in reason order.
    pub fn present(&self) -> impl Iterator<Item = (Reason, u64)> + '_ {
        Reason::iter().map(|r| (r, self.get(r))).filter(|&(_, n)| n > 0)
    }
}
