//! Where a pair came from (a -Mapping row or a proposal) and the sentence that says so;
//! used by the join, the statuses and the proposals alike.

use super::accounts::{CloudAccount, MappingRow, OnPremAccount};
use super::Finding;

/// Where a pairing came from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Source<'m> {
    pub finding: Finding,
    /// The -Mapping row that names the pair.
    pub row: Option<&'m MappingRow>,
}

pub(super) fn pairing_message(source: Source, o: &OnPremAccount, c: &CloudAccount) -> String {
    let (o_name, c_name) = (o.label(), c.label());
    match (source.finding, source.row) {
        (Finding::MappedExplicitly, Some(row)) => {
            let note = row.domain_note.as_deref().map_or(String::new(), |note| format!(" {note}"));
            format!("{} says {o_name} takes over {c_name}.{note}", row.origin.describe())
        }
        (Finding::ProposedByUpn, _) => format!(
            "Proposed, not given: {o_name} and {c_name} have the same user principal name. Confirm it with -Mapping before acting on it."
        ),
        (Finding::ProposedByMail, _) => {
            format!("Proposed, not given: {o_name} and {c_name} have the same mail address. Confirm it with -Mapping before acting on it.")
        }
        _ => {
            format!("Proposed, not given: {o_name} and {c_name} share an SMTP proxy address. Confirm it with -Mapping before acting on it.")
        }
    }
}
