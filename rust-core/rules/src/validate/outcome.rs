//! The end of a batch: [`Validator::finish`] turns what the validator kept into results or a
//! summary.

use crate::{Interrupt, Interrupted};

use super::results::Results;
use super::summary::Summary;
use super::validator::Validator;
use super::Mode;

/// What [`Validator::finish`] gives.
pub enum Outcome {
    Results(Results),
    Summary(Summary),
}

impl Validator {
    /// The verdicts on every item added so far; the validator starts over empty. Long
    /// work (grouping a million values) stops early when `interrupt` asks.
    pub fn finish(&mut self, interrupt: Interrupt) -> Result<Outcome, Interrupted> {
        let done = std::mem::replace(self, Validator::new(self.mode()).anchored_on(self.source_anchor()));
        match done.mode() {
            Mode::Results | Mode::Problems => Results::new(done, interrupt).map(Outcome::Results),
            Mode::Summary => done.into_summary(interrupt).map(Outcome::Summary),
        }
    }
}
