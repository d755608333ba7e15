//! Adopting a cloud account's anchor on-premises: a forest move (the cloud account holds the
//! old objectGUID's anchor; a new AD user with another objectGUID takes it), the route chosen
//! and why, and every refusal.

use super::tests::{add, codes, finish, give_target_facts, KEEP, TWIN};
use super::*;
use crate::codec::immutable_id;
use crate::plan::{self, Action, Plan, PlanOptions, Route};
use crate::records::Schema;

/// The user's objectGUID in the forest it came from, whose anchor the cloud account holds.
const OLD_GUID: &str = "5b2a8a80-7d3e-4f60-9a1b-263748596a7c";
/// Its objectGUID in the new forest.
const NEW_GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";
const OU: &str = "OU=Unsynced,DC=alwayshotcafe,DC=com";

fn old_anchor() -> String {
    immutable_id(&OLD_GUID.parse().unwrap())
}

/// alice, re-created in a new forest; Alice.Cloud still holds her old anchor, left by a sync
/// that was switched off (onPremisesSyncEnabled empty). Every fact given, none a blocker.
fn forest_move(alice: &[(&str, &str)], choice: crate::records::SourceAnchor) -> Reconciler {
    let mut r = Reconciler::anchored_on(choice);
    let mut given = alice.to_vec();
    given.extend_from_slice(&[
        ("ObjectGUID", NEW_GUID),
        ("SamAccountName", "alice"),
        ("UserPrincipalName", "alice@alwayshotcafe.com"),
        ("DistinguishedName", "CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com"),
        ("ProxyAddresses", ""),
        ("msExchRecipientTypeDetails", ""),
    ]);
    add(&mut r, Schema::OnPremisesUser, &given).unwrap();
    let old = old_anchor();
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", KEEP),
            ("UserPrincipalName", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com"),
            ("OnPremisesImmutableId", &old),
            ("OnPremisesSyncEnabled", ""),
        ],
    )
    .unwrap();
    add(&mut r, Schema::Synchronization, &[("Id", "sync-1"), ("Features.BlockCloudObjectTakeoverThroughHardMatchEnabled", "True")])
        .unwrap();
    give_target_facts(&mut r, 0);
    r
}

fn mapped(mut r: Reconciler) -> Reconciliation {
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    finish(r)
}

fn plan_with(rec: &Reconciliation, route: Route) -> Plan {
    plan::build(rec, &PlanOptions { out_of_scope_ou: Some(OU.into()), route, ..PlanOptions::default() })
}

fn actions(plan: &Plan) -> Vec<Action> {
    plan.steps.iter().map(|s| s.action).collect()
}

#[test]
fn a_forest_move_adopts_the_cloud_anchor_without_touching_the_cloud() {
    let rec = mapped(forest_move(&[], Default::default()));
    let plan = plan_with(&rec, Route::Auto);
    assert_eq!(
        actions(&plan),
        [Action::Notice, Action::PauseScheduler, Action::AdoptAnchor, Action::Sync, Action::VerifyMatch, Action::ResumeScheduler]
    );
    assert!(
        plan.steps[0].reason.contains("no AD user given holds: alice adopts it") && plan.steps[0].reason.contains("-Route MoveAnchor"),
        "{}",
        plan.steps[0].reason
    );
    let adopt = &plan.steps[2];
    let command = adopt.command.as_deref().unwrap();
    assert!(command.contains(&format!("Set-ADUser -Identity '{NEW_GUID}' -Replace @{{ 'mS-DS-ConsistencyGuid' = [byte[]](0x80,0x8A,0x2A,0x5B,0x3E,0x7D,0x60,0x4F,0x9A,0x1B,0x26,0x37,0x48,0x59,0x6A,0x7C) }}")), "the bytes in Guid.ToByteArray() order: {command}");
    assert!(command.contains(&format!("if ($was -eq [guid]'{OLD_GUID}') {{ Write-Host")), "checks first: {command}");
    assert!(
        command.contains("elseif ($null -eq $was) { Set-ADUser") && command.contains("is no longer what the plan saw (empty)"),
        "a value changed since the plan is not overwritten: {command}"
    );
    assert!(
        adopt.reversible && adopt.reason.contains(&format!("undo: Set-ADUser -Identity '{NEW_GUID}' -Clear 'mS-DS-ConsistencyGuid'")),
        "{}",
        adopt.reason
    );
    assert!(adopt.unsettled.as_deref().unwrap().contains("-Route MoveAnchor"), "the block is on, and not lifted");
    assert!(
        plan.steps[4].command.as_deref().unwrap().contains(&format!("-cne '{}'", old_anchor())),
        "the match is checked on the adopted anchor"
    );
    // Moving it instead writes alice's anchor over the old one, with the block lifted.
    let moved = actions(&plan_with(&rec, Route::MoveAnchor));
    assert!(moved.contains(&Action::SetAnchor) && moved.contains(&Action::TenantSwitchOff) && !moved.contains(&Action::AdoptAnchor));
    // Unpaired, the cloud account is an Orphan that says it can be adopted.
    let rec = finish(forest_move(&[], Default::default()));
    let orphan = rec.results.iter().find(|r| r.side == Side::Cloud).unwrap();
    assert_eq!((orphan.status, codes(&orphan.findings)), (AccountStatus::Orphan, vec!["AdoptPossible"]));
    assert!(orphan.findings[0].1.contains(OLD_GUID) && orphan.findings[0].1.contains("-Route AdoptAnchor"), "{}", orphan.findings[0].1);
}

#[test]
fn a_synced_user_or_one_with_another_consistency_guid_leaves_scope_first() {
    // Synced: its twin holds its own anchor.
    let mut r = forest_move(&[], Default::default());
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", TWIN),
            ("UserPrincipalName", "alice@alwayshotcafe.com"),
            ("OnPremisesImmutableId", &immutable_id(&NEW_GUID.parse().unwrap())),
            ("OnPremisesSyncEnabled", "True"),
        ],
    )
    .unwrap();
    let rec = mapped(r);
    let plan = plan_with(&rec, Route::AdoptAnchor);
    assert_eq!(
        actions(&plan),
        [
            Action::Notice,
            Action::PauseScheduler,
            Action::OutOfScope,
            Action::Sync,
            Action::VerifyTwinDeleted,
            Action::AdoptAnchor,
            Action::BackInScope,
            Action::Sync,
            Action::VerifyMatch,
            Action::ResumeScheduler
        ],
        "no purge, no holder check, no switch"
    );
    assert!(plan.steps.iter().all(|s| s.reversible));
    assert!(plan.steps[5].warning.as_deref().unwrap().contains("stays in the recycle bin"));
    // Another mS-DS-ConsistencyGuid: quoted in the undo.
    let other = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    let bytes = crate::codec::byte_array_literal(&other.parse().unwrap());
    let rec = mapped(forest_move(&[("mS-DS-ConsistencyGuid", other)], Default::default()));
    let plan = plan_with(&rec, Route::AdoptAnchor);
    assert!(actions(&plan).contains(&Action::OutOfScope));
    let adopt = plan.steps.iter().find(|s| s.action == Action::AdoptAnchor).unwrap();
    assert!(
        adopt.reason.contains(&format!(
            "was GUID {other}; undo: Set-ADUser -Identity '{NEW_GUID}' -Replace @{{ 'mS-DS-ConsistencyGuid' = {bytes} }}"
        )),
        "{}",
        adopt.reason
    );
    // Without an OU to wait in, it is not planned, and the reason says why.
    let plan = plan::build(&rec, &PlanOptions { route: Route::AdoptAnchor, ..PlanOptions::default() });
    assert_eq!(plan.steps[0].action, Action::NotPlanned);
    assert!(plan.steps[0].reason.contains("changing an imported object's anchor breaks its join"), "{}", plan.steps[0].reason);
}

#[test]
fn adopt_is_refused_where_it_cannot_work() {
    let refused = |rec: &Reconciliation| {
        let plan = plan_with(rec, Route::AdoptAnchor);
        assert_eq!(plan.steps[0].action, Action::NotPlanned, "{:?}", actions(&plan));
        plan.steps[0].reason.clone()
    };
    // The tenant anchors on objectGUID: mS-DS-ConsistencyGuid is not read.
    let why = refused(&mapped(forest_move(&[], crate::records::SourceAnchor::ObjectGuid)));
    assert!(why.contains("sourceAnchor is ObjectGUID"), "{why}");
    // A non-GUID anchor cannot live in mS-DS-ConsistencyGuid.
    let mut r = forest_move(&[], Default::default());
    r.cloud[0].immutable_id = Some("EMP00123".into());
    let why = refused(&mapped(r));
    assert!(why.contains("'EMP00123' is not the Base64 of 16 bytes"), "{why}");
    // A soft-deleted account holds it too.
    let mut r = forest_move(&[], Default::default());
    add(
        &mut r,
        Schema::DeletedUser,
        &[
            ("Id", "33333333-3333-3333-3333-333333333333"),
            ("UserPrincipalName", "old@alwayshotcafe.com"),
            ("OnPremisesImmutableId", &old_anchor()),
        ],
    )
    .unwrap();
    let why = refused(&mapped(r));
    assert!(why.contains("soft-deleted old@alwayshotcafe.com holds"), "{why}");
    // Another AD record holds it: the account is that user's, not an orphan.
    let mut r = forest_move(&[], Default::default());
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", OLD_GUID), ("SamAccountName", "alice.old")]).unwrap();
    let why = refused(&mapped(r));
    assert!(why.contains("alice.old"), "{why}");
    // A wrong encoding of the user's own GUID (its bytes in big-endian order) is corrected,
    // never written into mS-DS-ConsistencyGuid.
    let mut r = forest_move(&[], Default::default());
    let guid: crate::codec::Guid = NEW_GUID.parse().unwrap();
    r.cloud[0].immutable_id = Some(base64::Engine::encode(&base64::engine::general_purpose::STANDARD, guid.as_bytes()));
    let why = refused(&mapped(r));
    assert!(why.contains("wrong encoding of alice's GUID (BigEndianAnchor)"), "{why}");
    // Nothing to adopt.
    let mut r = forest_move(&[], Default::default());
    r.cloud[0].immutable_id = None;
    let why = refused(&mapped(r));
    assert!(why.contains("holds no anchor"), "{why}");
    // Auto moves the anchor instead, and says why it did not adopt.
    let mut r = forest_move(&[], Default::default());
    r.cloud[0].immutable_id = Some("EMP00123".into());
    let plan = plan_with(&mapped(r), Route::Auto);
    assert!(actions(&plan).contains(&Action::SetAnchor));
    assert!(plan.steps[0].reason.contains("The plan moves the anchor in the cloud: alice cannot adopt"), "{}", plan.steps[0].reason);
}
