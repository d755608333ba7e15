//! Proposals: for each on-premises account that no -Mapping row names, the one cloud account
//! it could take over because they share its UPN, else its mail, else an SMTP proxy address.
//! Only cloud accounts that could be taken over are candidates: active, not synced, holding
//! no anchor an on-premises account makes, not already claimed.
//!
//! Linear whatever the input: each scan stops after [`NAMED_AT_MOST`] + 1 candidates, and a
//! candidate found already claimed is dropped from its list for good, so no account is
//! passed over more than once per list it is in.

use std::collections::BTreeMap;

use crate::{Interrupt, Interrupted};

use super::accounts::{CloudAccount, OnPremAccount};
use super::index::{new_map, push, Folded, Ids, Index, Map, NAMED_AT_MOST};
use super::Finding;

const STEPS_BETWEEN_CHECKS: usize = 1 << 14;

/// A proposal's target, or the candidates when there is more than one.
pub(super) enum Proposal {
    One(usize, Finding),
    /// At most [`NAMED_AT_MOST`] + 1 candidates; `more` when there may be others.
    Ambiguous {
        candidates: Vec<usize>,
        more: bool,
    },
}

/// Cloud candidates by a key, with claimed ones dropped as they are met.
struct Candidates<'a>(Map<Folded<'a>, Ids>);

impl<'a> Candidates<'a> {
    /// Adds to `found` (no repeats) the unclaimed candidates under `key`, up to the limit.
    fn scan(&mut self, key: &'a str, claimed: &Map<usize, ()>, found: &mut Vec<usize>) -> bool {
        let Some(ids) = self.0.get_mut(&Folded(key)) else { return false };
        let mut j = 0;
        while j < ids.len() {
            if found.len() > NAMED_AT_MOST {
                return true;
            }
            let c = ids[j];
            if claimed.contains_key(&c) {
                ids.as_vec().swap_remove(j);
                continue;
            }
            if !found.contains(&c) {
                found.push(c);
            }
            j += 1;
        }
        false
    }
}

pub(super) fn propose<'a>(
    on_prem: &'a [OnPremAccount],
    cloud: &'a [CloudAccount],
    index: &Index,
    mapped: &BTreeMap<usize, Vec<(usize, super::pairing::Source<'_>)>>,
    interrupt: Interrupt,
) -> Result<Map<usize, Proposal>, Interrupted> {
    let mut claimed: Map<usize, ()> = new_map();
    claimed.extend(mapped.values().flatten().map(|(c, _)| (*c, ())));
    let (mut by_upn, mut by_mail, mut by_smtp): (Candidates<'a>, Candidates<'a>, Candidates<'a>) =
        (Candidates(new_map()), Candidates(new_map()), Candidates(new_map()));
    for (c, account) in cloud.iter().enumerate() {
        let free = !account.deleted
            && account.sync_enabled != Some(true)
            && !claimed.contains_key(&c)
            && account.immutable_id.as_deref().is_none_or(|a| !index.makers.contains_key(a));
        if !free {
            continue;
        }
        for name in [&account.upn, &account.id].into_iter().flatten() {
            push(&mut by_upn.0, Folded(name), c);
        }
        if let Some(mail) = &account.mail {
            push(&mut by_mail.0, Folded(mail), c);
            push(&mut by_smtp.0, Folded(mail), c);
        }
        for address in &account.smtp {
            push(&mut by_smtp.0, Folded(address), c);
        }
    }
    let mut proposals = new_map();
    for (i, o) in on_prem.iter().enumerate() {
        if i % STEPS_BETWEEN_CHECKS == 0 && interrupt() {
            return Err(Interrupted);
        }
        if mapped.contains_key(&i) {
            continue;
        }
        let levels: [(Finding, &mut Candidates, Vec<&String>); 3] = [
            (Finding::ProposedByUpn, &mut by_upn, o.upn.iter().collect()),
            (Finding::ProposedByMail, &mut by_mail, o.mail.iter().collect()),
            (Finding::ProposedByProxyAddress, &mut by_smtp, o.smtp.iter().collect()),
        ];
        for (finding, candidates, keys) in levels {
            let mut found = Vec::new();
            let mut more = false;
            for key in keys {
                more |= candidates.scan(key, &claimed, &mut found);
            }
            match found.as_slice() {
                [] => continue,
                [c] => {
                    claimed.insert(*c, ());
                    proposals.insert(i, Proposal::One(*c, finding));
                }
                _ => {
                    found.sort_unstable();
                    proposals.insert(i, Proposal::Ambiguous { candidates: found, more });
                }
            }
            break;
        }
    }
    Ok(proposals)
}
