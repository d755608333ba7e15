//! One status per account, from the join's indexes and pairs.

use std::collections::BTreeMap;

use crate::inspect::{inspect, Severity};
use crate::records::SourceAnchor;
use crate::text::quote;

use super::accounts::{CloudAccount, OnPremAccount};
use super::adopt::orphan_adoption;
use super::finding::OBJECT_GUID_TENANT;
use super::index::{some_names, Folded, Index, Map};
use super::pairing::{pairing_message, Source};
use super::{AccountResult, AccountStatus, Finding, Pair, Side, Weight};

fn status_of_findings(findings: &[(Finding, String)], otherwise: AccountStatus) -> AccountStatus {
    if findings.iter().any(|(f, _)| f.weight() == Weight::Conflict) {
        AccountStatus::Conflict
    } else {
        otherwise
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn on_prem_result(
    i: usize,
    o: &OnPremAccount,
    on_prem: &[OnPremAccount],
    cloud: &[CloudAccount],
    index: &Index,
    pairs: &[Pair],
    pair_of_on_prem: &Map<usize, usize>,
    targets: &BTreeMap<usize, Vec<(usize, Source<'_>)>>,
    ambiguous: Option<&(Vec<usize>, bool)>,
) -> AccountResult {
    let mut result = AccountResult {
        side: Side::OnPremises,
        index: i,
        label: o.label(),
        anchor: o.anchor.clone(),
        anchor_source: o.anchor_source,
        status: AccountStatus::NotSynced,
        counterpart: None,
        findings: Vec::new(),
        not_checked: Vec::new(),
    };
    if let Some(&p) = pair_of_on_prem.get(&i) {
        let pair = &pairs[p];
        result.counterpart = Some(cloud[pair.target].label());
        result.findings = pair.findings.clone();
        result.not_checked = pair.not_checked.clone();
        result.status = status_of_findings(&pair.findings, AccountStatus::HardMatchCandidate);
        return result;
    }
    let Some(anchor) = o.anchor.as_deref() else {
        let problem = o.anchor_problem.as_deref().unwrap_or("no GUID");
        if o.anchor_empty {
            // Not a bad value: the tenant's sourceAnchor attribute is empty, so it does not sync.
            result.findings.push((Finding::SourceAnchorEmpty, format!("{} has no anchor: {problem}.", o.label())));
            result.status = AccountStatus::NotSynced;
        } else {
            result.findings.push((Finding::NoOnPremisesAnchor, format!("{} has no anchor: {problem}.", o.label())));
            result.status = AccountStatus::Conflict;
        }
        return result;
    };
    if let Some(makers) = index.makers.get(anchor).filter(|m| m.len() > 1) {
        let others = some_names(makers.iter().filter(|&&m| m != i).map(|&m| on_prem[m].label()), makers.len() - 1);
        result.findings.push((
            Finding::DuplicateOnPremisesAnchor,
            format!("{} and {others} make the same anchor {anchor}; Entra Connect can sync only one of them.", o.label()),
        ));
    }
    if let Some(list) = targets.get(&i) {
        // Mapped onto the account that already holds its anchor: done.
        if let Some(&(c, source)) = list.first() {
            result.findings.push((source.finding, pairing_message(source, o, &cloud[c])));
        }
    }
    if let Some((candidates, more)) = ambiguous {
        let names = candidates.iter().map(|&c| cloud[c].label()).collect::<Vec<_>>().join(", ");
        let more = if *more { " and others" } else { "" };
        result.findings.push((
            Finding::AmbiguousProposal,
            format!("{} could be meant for any of {names}{more}: name the one to keep with -Mapping.", o.label()),
        ));
    }
    let holders = index.holders_of(anchor);
    if holders.len() > 1 {
        let names =
            some_names(holders.iter().map(|&h| cloud[h].label() + if cloud[h].deleted { " (soft-deleted)" } else { "" }), holders.len());
        result
            .findings
            .push((Finding::DuplicateAnchor, format!("{} cloud accounts hold {}'s anchor {anchor}: {names}.", holders.len(), o.label())));
    }
    if let Some(&h) = holders.iter().find(|&&h| !cloud[h].deleted) {
        result.counterpart = Some(cloud[h].label());
        result.status = status_of_findings(&result.findings, AccountStatus::Matched);
        return result;
    }
    if let Some(&h) = holders.first() {
        result.counterpart = Some(cloud[h].label());
        result.findings.push((
            Finding::AnchorHeldBySoftDeleted,
            format!(
                "Only the soft-deleted {} holds {}'s anchor {anchor}: when {} next syncs, Entra restores that account.",
                cloud[h].label(),
                o.label(),
                o.label()
            ),
        ));
    }
    for twin in index.case_twins_of(anchor) {
        for &h in index.holders_of(twin) {
            result.findings.push((Finding::CaseOnlyAnchorTwin, format!("{} holds {twin}, which differs from {}'s anchor {anchor} only in letter case: Entra compares anchors case-sensitively, so it matches nothing. Its anchor should be {anchor}.", cloud[h].label(), o.label())));
            result.counterpart.get_or_insert_with(|| cloud[h].label());
        }
    }
    for (mistake, finding) in index.mistakes_held(i) {
        let hint = if finding == Finding::ObjectGuidAnchor { format!(" {OBJECT_GUID_TENANT}") } else { String::new() };
        for &h in index.holders_of(mistake) {
            result.findings.push((
                finding,
                format!(
                    "{} holds {mistake}, a wrong encoding of {}'s GUID; its anchor should be {anchor}.{hint}",
                    cloud[h].label(),
                    o.label()
                ),
            ));
        }
    }
    result.status = status_of_findings(&result.findings, AccountStatus::NotSynced);
    result
}

#[allow(clippy::too_many_arguments)]
pub(super) fn cloud_result(
    c: &CloudAccount,
    i: usize,
    on_prem: &[OnPremAccount],
    cloud: &[CloudAccount],
    index: &Index,
    pairs: &[Pair],
    (pair_of_cloud, pair_of_on_prem): (&Map<usize, usize>, &Map<usize, usize>),
    choice: SourceAnchor,
) -> AccountResult {
    let mut result = AccountResult {
        side: if c.deleted { Side::Deleted } else { Side::Cloud },
        index: c.index,
        label: c.label(),
        anchor: c.immutable_id.clone(),
        anchor_source: None,
        status: AccountStatus::CloudOnly,
        counterpart: None,
        findings: Vec::new(),
        not_checked: Vec::new(),
    };
    if let Some(&p) = pair_of_cloud.get(&i) {
        let pair = &pairs[p];
        result.counterpart = Some(on_prem[pair.on_prem].label());
        result.findings = pair.findings.clone();
        result.not_checked = pair.not_checked.clone();
        result.status = status_of_findings(&pair.findings, AccountStatus::HardMatchCandidate);
        return result;
    }
    let deleted_or = |s| if c.deleted { AccountStatus::SoftDeleted } else { s };
    let Some(anchor) = c.immutable_id.as_deref() else {
        result.status = deleted_or(AccountStatus::CloudOnly);
        return result;
    };
    let holders = index.holders_of(anchor);
    if holders.len() > 1 {
        let others = some_names(
            holders.iter().filter(|&&h| h != i).map(|&h| cloud[h].label() + if cloud[h].deleted { " (soft-deleted)" } else { "" }),
            holders.len() - 1,
        );
        result.findings.push((Finding::DuplicateAnchor, format!("{} holds the anchor {anchor}, and so does {others}.", c.label())));
    }
    if let Some(twins) = index.folded.get(&Folded(anchor)).filter(|t| t.len() > 1) {
        // The index keeps the first two spellings: name one that is not this one.
        let other = twins.iter().copied().find(|&t| t != anchor).unwrap_or(twins[0]);
        let other = if other == anchor { "another spelling".to_string() } else { other.to_string() };
        result.findings.push((Finding::CaseOnlyAnchorTwin, format!("The anchor {anchor} differs only in letter case from {other}; Entra compares anchors case-sensitively, but anything that does not will mix these accounts up.")));
    }
    if let Some(makers) = index.makers.get(anchor) {
        let owner = makers[0];
        result.counterpart = Some(on_prem[owner].label());
        if let Some(&p) = pair_of_on_prem.get(&owner) {
            result.findings.push((
                Finding::TwinOfHardMatch,
                format!(
                    "{} holds {}'s anchor, which is to move to {}: this account is its synced twin.",
                    c.label(),
                    on_prem[owner].label(),
                    cloud[pairs[p].target].label()
                ),
            ));
        }
        if c.deleted {
            result.findings.push((
                Finding::AnchorHeldBySoftDeleted,
                format!("{} is soft-deleted and still holds {}'s anchor {anchor}.", c.label(), on_prem[owner].label()),
            ));
        }
        result.status = status_of_findings(&result.findings, deleted_or(AccountStatus::Matched));
        return result;
    }
    if let Some(&owner) = index.makers_folded.get(&Folded(anchor)) {
        let o = &on_prem[owner];
        result.counterpart = Some(o.label());
        let said = format!(
            "{} holds {anchor}, which differs from {}'s anchor {} only in letter case: it matches nothing.",
            c.label(),
            o.label(),
            o.anchor.as_deref().unwrap_or_default()
        );
        match result.findings.iter_mut().find(|(f, _)| *f == Finding::CaseOnlyAnchorTwin) {
            Some((_, message)) => *message = format!("{message} {said}"),
            None => result.findings.push((Finding::CaseOnlyAnchorTwin, said)),
        }
    }
    if let Some((owner, finding)) = index.mistakes.get(anchor) {
        let o = &on_prem[*owner];
        result.counterpart = Some(o.label());
        let hint = if *finding == Finding::ObjectGuidAnchor { format!(" {OBJECT_GUID_TENANT}") } else { String::new() };
        result.findings.push((
            *finding,
            format!(
                "{} holds {anchor}, a wrong encoding of {}'s GUID {}: it matches no on-premises object. Its anchor should be {}.{hint}",
                c.label(),
                o.label(),
                o.anchor_guid().map(|g| g.to_string()).unwrap_or_default(),
                o.anchor.as_deref().unwrap_or("(none)")
            ),
        ));
        result.status = deleted_or(AccountStatus::Conflict);
        return result;
    }
    let inspection = inspect(anchor);
    match inspection.first_invalid() {
        Some(problem) => {
            result.findings.push((Finding::InvalidAnchor, problem.message.clone()));
            result.status = deleted_or(AccountStatus::Conflict);
        }
        None => {
            if inspection.guid.is_none() && inspection.problems.iter().all(|p| p.reason.severity() == Severity::Warning) {
                result.findings.push((Finding::NotGuidBasedAnchor, format!("{} holds {}, an anchor that is not GUID-based (a third-party identity provider, an employee ID): no AD object's GUID makes it.", c.label(), quote(anchor))));
            }
            result.status = status_of_findings(&result.findings, deleted_or(AccountStatus::Orphan));
            if result.status == AccountStatus::Orphan {
                match orphan_adoption(c, on_prem, cloud, index, choice) {
                    Some(Ok(guid)) => result.findings.push((Finding::AdoptPossible, format!("No AD user given holds {anchor}: the AD user that is to have {} can adopt it (New-HardMatchPlan -Route AdoptAnchor with a -Mapping row naming both writes its 16 bytes, those of GUID {guid} in Guid.ToByteArray() order, into that user's mS-DS-ConsistencyGuid), so that nothing changes in the cloud.", c.label()))),
                    Some(Err(why)) => result.findings.push((Finding::AdoptNotPossible, format!("An AD user cannot adopt {anchor}: {why}."))),
                    None => {}
                }
            }
        }
    }
    result
}
