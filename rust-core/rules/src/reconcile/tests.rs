//! The reconciliation and its plan on small tenants: the README's seed case, every status,
//! every finding, every step.

use super::*;
use crate::never_interrupted;
use crate::plan::{self, Action, FreeAnchor, PlanOptions, SyncEngine};
use crate::records::{Record, Schema, SourceAnchor, Value};

pub(crate) const ALICE_GUID: &str = "874bcd2b-148d-47ca-b309-91df64f05bf5";
pub(crate) const ALICE_ID: &str = "K81Lh40UykezCZHfZPBb9Q==";
pub(crate) const TWIN: &str = "11111111-1111-1111-1111-111111111111";
pub(crate) const KEEP: &str = "22222222-2222-2222-2222-222222222222";

/// A record of `schema` with the named fields set to text.
pub(crate) fn record(schema: Schema, given: &[(&str, &str)]) -> Vec<String> {
    schema.passed().map(|f| given.iter().find(|(n, _)| n.eq_ignore_ascii_case(f.name)).map_or("\u{0}", |(_, v)| *v).to_string()).collect()
}

pub(crate) fn add(r: &mut Reconciler, schema: Schema, given: &[(&str, &str)]) -> Result<(), crate::error::ConvertError> {
    let texts = record(schema, given);
    let values: Vec<Value> = texts.iter().map(|t| if t == "\u{0}" { Value::Absent } else { Value::Text(t) }).collect();
    let rec = Record::new(schema, &values).unwrap();
    match schema {
        Schema::OnPremisesUser => r.add_on_prem(&rec),
        Schema::CloudUser => r.add_cloud(&rec, false),
        Schema::DeletedUser => r.add_cloud(&rec, true),
        Schema::Mapping => r.add_mapping(&rec),
        Schema::Domain => r.add_domain(&rec),
        Schema::Synchronization => r.add_synchronization(&rec),
        Schema::RoleAssignment => r.add_role(&rec),
        Schema::GroupMembership => r.add_group_membership(&rec),
        Schema::Mailbox => r.add_mailbox(&rec),
        _ => unreachable!(),
    }
}

/// The README's seed case: Alice's synced twin holds her anchor; she keeps Alice.Cloud.
pub(crate) fn seed() -> Reconciler {
    let mut r = Reconciler::new();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[
            ("ObjectGUID", ALICE_GUID),
            ("SamAccountName", "alice"),
            ("UserPrincipalName", "alice@alwayshotcafe.com"),
            ("DistinguishedName", "CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", TWIN),
            ("UserPrincipalName", "alice@alwayshotcafe.com"),
            ("OnPremisesImmutableId", ALICE_ID),
            ("OnPremisesSyncEnabled", "True"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", KEEP),
            ("UserPrincipalName", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com"),
            ("OnPremisesImmutableId", ""),
            ("OnPremisesSyncEnabled", ""),
        ],
    )
    .unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    r
}

/// The seed case with every fact given, none of them a blocker: everything is checked.
pub(crate) fn seed_with_facts() -> Reconciler {
    let mut r = seed();
    add(
        &mut r,
        Schema::Synchronization,
        &[
            ("Id", "sync-1"),
            ("Features.BlockCloudObjectTakeoverThroughHardMatchEnabled", "False"),
            ("Features.BlockSoftMatchEnabled", "False"),
        ],
    )
    .unwrap();
    give_target_facts(&mut r, 1);
    // Exchange's attributes read, none set (no Exchange on-premises), and no address.
    r.on_prem[0].exchange.known = true;
    r.on_prem[0].exchange.addresses_known = true;
    r
}

/// The facts of the account to keep (`r.cloud[keep]`) and of the tenant but its
/// synchronization object, none a blocker: the initial domain, no roles, groups, soft-deleted
/// users or cloud mailboxes, no onPremisesObjectIdentifier, not cloud-managed.
pub(crate) fn give_target_facts(r: &mut Reconciler, keep: usize) {
    add(r, Schema::Domain, &[("Id", "alwayshotcafe2020.onmicrosoft.com"), ("AuthenticationType", "Managed"), ("IsInitial", "True")])
        .unwrap();
    r.roles_given();
    r.groups_given();
    r.deleted_given();
    r.mailboxes_given();
    r.cloud[keep].object_identifier = Some(None);
    r.cloud[keep].cloud_managed = Some(false);
}

pub(crate) fn finish(r: Reconciler) -> Reconciliation {
    r.finish(&never_interrupted).unwrap()
}

pub(crate) fn codes(findings: &[(Finding, String)]) -> Vec<&'static str> {
    findings.iter().map(|(f, _)| f.code()).collect()
}

fn status(rec: &Reconciliation, side: Side, index: usize) -> AccountStatus {
    rec.results.iter().find(|r| r.side == side && r.index == index).unwrap().status
}

#[test]
fn the_seed_case_is_a_hard_match_candidate_with_its_twin() {
    let rec = finish(seed());
    assert_eq!(rec.results.len(), 3, "one result per account");
    assert_eq!(status(&rec, Side::OnPremises, 0), AccountStatus::HardMatchCandidate);
    assert_eq!(status(&rec, Side::Cloud, 0), AccountStatus::Matched, "the twin holds the anchor");
    assert_eq!(status(&rec, Side::Cloud, 1), AccountStatus::HardMatchCandidate);
    let twin = rec.results.iter().find(|r| r.side == Side::Cloud && r.index == 0).unwrap();
    assert_eq!(codes(&twin.findings), ["TwinOfHardMatch"]);
    let pair = &rec.pairs[0];
    assert_eq!(codes(&pair.findings), ["MappedExplicitly", "AnchorHeldByActiveTwin"]);
    assert_eq!(pair.twins, [0]);
    assert_eq!(
        pair.not_checked,
        [
            Check::TenantSwitches,
            Check::Federation,
            Check::ObjectIdentifier,
            Check::Roles,
            Check::CloudManagedState,
            Check::SoftDeletedHolders,
            Check::OnPremisesMailbox,
            Check::Mailboxes
        ]
    );
}

#[test]
fn the_seed_plan_has_every_step_in_order_with_real_values() {
    let rec = finish(seed_with_facts());
    let options = PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() };
    let plan = plan::build(&rec, &options);
    let actions: Vec<Action> = plan.steps.iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [
            Action::Notice,
            Action::PauseScheduler,
            Action::OutOfScope,
            Action::Sync,
            Action::VerifyTwinDeleted,
            Action::CheckNoHolder,
            Action::PurgeTwin,
            Action::SetAnchor,
            Action::BackInScope,
            Action::Sync,
            Action::VerifyMatch,
            Action::ResumeScheduler,
        ]
    );
    let command = |a: Action| plan.steps.iter().find(|s| s.action == a).and_then(|s| s.command.clone()).unwrap();
    assert_eq!(
        command(Action::OutOfScope),
        format!("Move-ADObject -Identity '{ALICE_GUID}' -TargetPath 'OU=Unsynced,DC=alwayshotcafe,DC=com'")
    );
    assert_eq!(command(Action::PurgeTwin), format!("Remove-MgDirectoryDeletedItem -DirectoryObjectId '{TWIN}'"));
    assert_eq!(command(Action::SetAnchor), format!("Update-MgUser -UserId '{KEEP}' -OnPremisesImmutableId '{ALICE_ID}'"));
    assert_eq!(
        command(Action::BackInScope),
        format!("Move-ADObject -Identity '{ALICE_GUID}' -TargetPath 'OU=Staff,DC=alwayshotcafe,DC=com'")
    );
    assert!(command(Action::CheckNoHolder).contains("onPremisesImmutableId%20eq%20%27K81Lh40UykezCZHfZPBb9Q%3D%3D%27"));
    let purge = plan.steps.iter().find(|s| s.action == Action::PurgeTwin).unwrap();
    assert!(!purge.reversible);
    let loss = purge.warning.as_deref().unwrap();
    for lost in [
        "mailbox and archive, OneDrive",
        "authentication methods (MFA)",
        "registered devices",
        "Teams chats",
        "cloud group memberships",
        "app role assignments",
        "licences",
        "owned objects",
        "Save what is needed first",
        "30 days",
    ] {
        assert!(loss.contains(lost), "{lost} in {loss}");
    }
    assert!(purge.alternative.as_deref().unwrap().contains("autoReconcileProxyConflict"));
    assert!(purge.unsettled.is_some());
    assert!(plan.steps[0].warning.as_deref().unwrap().contains("password"));
    assert!(!plan.steps[0].reason.contains("Not checked"), "every fact was given");
    for (i, step) in plan.steps.iter().enumerate() {
        assert_eq!(step.order as usize, i + 1);
    }
    let text = plan::script(&plan, "0.2.0");
    assert!(text.contains("$ErrorActionPreference = 'Stop'") && text.contains("CANNOT BE UNDONE") && text.contains("Read-Host"));
    // The scopes these steps need, and no more.
    assert!(text.contains("\nConnect-MgGraph -Scopes 'User.DeleteRestore.All', 'User.ReadWrite.All'\n"), "{text}");
    assert!(text.contains("# Entra roles the steps need (Global Administrator holds them all): User Administrator."));
    // The scheduler is paused only when it runs, and given back (in finally if the script stops).
    assert!(text.contains("Add-PlanStep -Order 2 -Pair 0 -Action PauseScheduler -Check { (Invoke-ADSync -Read { (Get-ADSyncScheduler).SyncCycleEnabled }) -eq $false } -Run { Invoke-ADSync { Set-ADSyncScheduler -SyncCycleEnabled $false } } -GivenBackBy "), "{text}");
    assert!(text.contains("-Action ResumeScheduler -Check { (Invoke-ADSync -Read { (Get-ADSyncScheduler).SyncCycleEnabled }) -eq $true } -Run { Invoke-ADSync { Set-ADSyncScheduler -SyncCycleEnabled $true } } -GivesBack 2\n"));
    assert!(text.contains("    finally {\n"));
}

#[test]
fn without_an_out_of_scope_ou_the_seed_case_is_not_planned_and_says_why() {
    let plan = plan::build(&finish(seed()), &PlanOptions::default());
    assert_eq!(plan.steps.len(), 1);
    assert_eq!(plan.steps[0].action, Action::NotPlanned);
    assert!(plan.steps[0].reason.contains("-OutOfScopeOU"));
}

#[test]
fn every_blocker_the_facts_show_is_lifted_and_put_back() {
    let mut r = seed();
    add(
        &mut r,
        Schema::Synchronization,
        &[
            ("Id", "sync-1"),
            ("Features.BlockCloudObjectTakeoverThroughHardMatchEnabled", "True"),
            ("Features.BlockSoftMatchEnabled", "True"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::Domain,
        &[("Id", "alwayshotcafe2020.onmicrosoft.com"), ("AuthenticationType", "Federated"), ("IsInitial", "False")],
    )
    .unwrap();
    add(&mut r, Schema::Domain, &[("Id", "contoso.onmicrosoft.com"), ("AuthenticationType", "Managed"), ("IsInitial", "True")]).unwrap();
    add(
        &mut r,
        Schema::RoleAssignment,
        &[
            ("Id", "ra-1"),
            ("PrincipalId", KEEP),
            ("RoleDefinitionId", "62e90394-69f5-4237-9190-012177145e10"),
            ("MemberType", "Direct"),
            ("AssignmentType", "Assigned"),
            ("EndDateTime", ""),
        ],
    )
    .unwrap();
    r.groups_given();
    add(
        &mut r,
        Schema::RoleAssignment,
        &[
            ("Id", "re-1"),
            ("PrincipalId", KEEP),
            ("RoleDefinitionId", "29232cdf-9323-42fd-ade2-1d097af3e4de"),
            ("RoleEligibilityScheduleId", "s-1"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::DeletedUser,
        &[("Id", "33333333-3333-3333-3333-333333333333"), ("UserPrincipalName", "old@alwayshotcafe.com"), ("OnPremisesImmutableId", "")],
    )
    .unwrap();
    r.mailboxes_given();
    r.on_prem[0].exchange.known = true;
    r.on_prem[0].exchange.addresses_known = true;
    let mut r2 = r;
    // The cloud account to keep carries onPremisesObjectIdentifier and isCloudManaged.
    r2.cloud[1].object_identifier = Some(Some("S-1-5-21-1".into()));
    r2.cloud[1].cloud_managed = Some(true);
    let rec = finish(r2);
    let pair = &rec.pairs[0];
    let found = codes(&pair.findings);
    for expected in [
        "TenantHardMatchBlocked",
        "SoftMatchBlocked",
        "FederatedUpn",
        "OnPremisesObjectIdentifierSet",
        "PrivilegedRole",
        "DirectoryRole",
        "CloudManaged",
        "AnchorHeldByActiveTwin",
    ] {
        assert!(found.contains(&expected), "{expected} in {found:?}");
    }
    assert!(pair.not_checked.is_empty(), "{:?}", pair.not_checked);
    let options = PlanOptions {
        out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()),
        free_anchor: FreeAnchor::RestoreAndClear,
        sync_engine: SyncEngine::CloudSync,
        server: None,
        route: plan::Route::Auto,
        pairs: Vec::new(),
    };
    let plan = plan::build(&rec, &options);
    let actions: Vec<Action> = plan.steps.iter().map(|s| s.action).collect();
    assert_eq!(
        actions,
        [
            Action::Notice,
            Action::RemoveRole,
            Action::RemoveRole,
            Action::SwitchToOnPremisesManaged,
            Action::MoveUpnToInitialDomain,
            Action::OutOfScope,
            Action::Sync,
            Action::VerifyTwinDeleted,
            Action::CheckNoHolder,
            Action::RestoreTwinAndClear,
            Action::RemoveTwinAddresses,
            Action::VerifyTwinCleared,
            Action::ClearObjectIdentifier,
            Action::SetAnchor,
            Action::MoveUpnBack,
            Action::TenantSwitchOff,
            Action::BackInScope,
            Action::Sync,
            Action::VerifyMatch,
            Action::TenantSwitchOn,
            Action::RestoreRole,
            Action::RestoreRole,
        ]
    );
    let step = |a: Action| plan.steps.iter().find(|s| s.action == a).unwrap();
    assert!(
        step(Action::TenantSwitchOff).command.as_deref().unwrap().contains("-OnPremisesDirectorySynchronizationId 'sync-1'")
            && step(Action::TenantSwitchOff).command.as_deref().unwrap().contains("= $false")
    );
    assert!(step(Action::TenantSwitchOn).command.as_deref().unwrap().contains("= $true"));
    // Off a federated domain: a password read when the step runs, never written in the plan.
    let upn = step(Action::MoveUpnToInitialDomain).command.as_deref().unwrap();
    assert!(
        upn.contains(&format!("Update-MgUser -UserId '{KEEP}' -UserPrincipalName 'Alice.Cloud@contoso.onmicrosoft.com' -PasswordProfile")),
        "{upn}"
    );
    assert!(upn.starts_with("$secret = Read-Host -AsSecureString") && upn.contains("ZeroFreeBSTR"), "{upn}");
    assert!(step(Action::MoveUpnToInitialDomain).unsettled.as_deref().unwrap().contains("Set-MsolUserPrincipalName -NewPassword"));
    assert_eq!(
        step(Action::RemoveRole).command.as_deref().unwrap(),
        format!("New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter @{{ action = 'adminRemove'; principalId = '{KEEP}'; roleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; directoryScopeId = '/' }}")
    );
    assert!(plan.steps.iter().any(|s| s
        .command
        .as_deref()
        .is_some_and(|c| c.starts_with("New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest") && c.contains("adminRemove"))));
    assert_eq!(
        step(Action::RestoreRole).command.as_deref().unwrap(),
        format!("New-MgRoleManagementDirectoryRoleAssignment -PrincipalId '{KEEP}' -RoleDefinitionId '62e90394-69f5-4237-9190-012177145e10' -DirectoryScopeId '/'"),
        "a permanent assignment comes back permanent"
    );
    // Reversible before irreversible: every step that can fail and be undone comes first.
    let first_irreversible = plan.steps.iter().position(|s| !s.reversible).unwrap();
    for lift in
        [Action::RemoveRole, Action::MoveUpnToInitialDomain, Action::CheckNoHolder, Action::RestoreTwinAndClear, Action::VerifyTwinCleared]
    {
        assert!(plan.steps.iter().rposition(|s| s.action == lift).unwrap() < first_irreversible, "{lift:?}");
    }
    // The block is lifted just before the accounts come back and the sync that matches, and
    // put back right after the match is checked.
    let at = |a: Action| plan.steps.iter().position(|s| s.action == a).unwrap();
    assert_eq!(at(Action::TenantSwitchOff) + 1, at(Action::BackInScope));
    assert_eq!(at(Action::TenantSwitchOn), at(Action::VerifyMatch) + 1);
    assert_eq!(step(Action::TenantSwitchOn).gives_back, Some(step(Action::TenantSwitchOff).order));
    assert_eq!(step(Action::MoveUpnBack).gives_back, Some(step(Action::MoveUpnToInitialDomain).order));
    let text = plan::script(&plan, "0.2.0");
    for scope in [
        "OnPremDirectorySynchronization.ReadWrite.All",
        "RoleEligibilitySchedule.ReadWrite.Directory",
        "User-OnPremisesSyncBehavior.ReadWrite.All",
        "User.DeleteRestore.All",
    ] {
        assert!(text.lines().any(|l| l.starts_with("Connect-MgGraph -Scopes") && l.contains(scope)), "{scope}");
    }
    assert!(
        text.contains("Privileged Role Administrator")
            && text.contains("Hybrid Identity Administrator")
            && text.contains("Connect-ExchangeOnline")
    );
    assert!(step(Action::RemoveRole).unsettled.as_deref().unwrap().contains("MC1262584"));
    assert!(step(Action::Sync).command.as_deref().unwrap().starts_with("Start-Sleep"));
    assert!(step(Action::RestoreTwinAndClear).reversible);
    assert!(step(Action::RestoreTwinAndClear).alternative.as_deref().unwrap().starts_with("Remove-MgDirectoryDeletedItem"));
    // Restored under another UPN, its addresses given up and checked, before the anchor moves.
    let restore = step(Action::RestoreTwinAndClear).command.as_deref().unwrap();
    assert!(restore.contains("newUserPrincipalName = 'alice.twin-11111111@contoso.onmicrosoft.com'"), "{restore}");
    assert!(step(Action::RestoreTwinAndClear).reason.contains("30 days"));
    assert!(step(Action::RemoveTwinAddresses)
        .command
        .as_deref()
        .unwrap()
        .contains("-EmailAddresses 'SMTP:alice.twin-11111111@contoso.onmicrosoft.com'"));
    let cleared = step(Action::VerifyTwinCleared).command.as_deref().unwrap();
    assert!(cleared.contains("$taken = @('alice@alwayshotcafe.com')") && cleared.contains("throw"), "{cleared}");
    assert!(!step(Action::ClearObjectIdentifier).reversible);
}

#[test]
fn statuses_for_every_kind_of_account() {
    let bob_guid = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let carol_guid = "8755d4a8-0aa5-45c1-ab7e-880eeaeebc14";
    let mut r = Reconciler::new();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", bob_guid), ("SamAccountName", "bob")]).unwrap(); // 0 matched
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[("ObjectGUID", carol_guid), ("SamAccountName", "carol"), ("UserPrincipalName", "carol@contoso.com")],
    )
    .unwrap(); // 1 proposal by UPN
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", "88666888-0101-1111-bbbb-1234567890ab"), ("SamAccountName", "dave")]).unwrap(); // 2 not synced
    add(&mut r, Schema::OnPremisesUser, &[("SamAccountName", "nobody")]).unwrap(); // 3 no anchor
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "erin")]).unwrap(); // 4 big-endian cloud twin
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", "c0"),
            ("UserPrincipalName", "bob@contoso.com"),
            ("OnPremisesImmutableId", "QF5HMK7n80qvdYsUPIHa9Q=="),
            ("OnPremisesSyncEnabled", "true"),
        ],
    )
    .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c1"), ("UserPrincipalName", "Carol@Contoso.com")]).unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c2"), ("UserPrincipalName", "guest@contoso.com")]).unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c3"), ("UserPrincipalName", "idp@contoso.com"), ("OnPremisesImmutableId", "EMP00123")])
        .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c4"), ("UserPrincipalName", "erin@contoso.com"), ("OnPremisesImmutableId", "h0vNKxSNR8qzCZHfZPBb9Q==")],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c5"), ("UserPrincipalName", "gone@contoso.com"), ("OnPremisesImmutableId", "iIiIiAEBMzPMzBI0VniQzQ==")],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c6"), ("UserPrincipalName", "twin@contoso.com"), ("OnPremisesImmutableId", "qf5hmk7n80qvdysupiha9q==")],
    )
    .unwrap();
    add(
        &mut r,
        Schema::DeletedUser,
        &[("Id", "d0"), ("UserPrincipalName", "old-bob@contoso.com"), ("OnPremisesImmutableId", "QF5HMK7n80qvdYsUPIHa9Q==")],
    )
    .unwrap();
    let rec = finish(r);
    assert_eq!(rec.results.len(), 5 + 7 + 1);
    let by = |side, i| rec.results.iter().find(|r| r.side == side && r.index == i).unwrap();
    assert_eq!(by(Side::OnPremises, 0).status, AccountStatus::Conflict, "bob's anchor is also held by a soft-deleted account");
    assert_eq!(codes(&by(Side::OnPremises, 0).findings), ["DuplicateAnchor"]);
    assert_eq!(by(Side::OnPremises, 1).status, AccountStatus::HardMatchCandidate);
    assert_eq!(codes(&by(Side::OnPremises, 1).findings)[0], "ProposedByUpn");
    assert_eq!(by(Side::OnPremises, 2).status, AccountStatus::NotSynced);
    assert_eq!(
        (by(Side::OnPremises, 3).status, codes(&by(Side::OnPremises, 3).findings)[0]),
        (AccountStatus::Conflict, "NoOnPremisesAnchor")
    );
    assert_eq!(codes(&by(Side::OnPremises, 4).findings), ["BigEndianAnchor"]);
    assert_eq!(by(Side::Cloud, 0).status, AccountStatus::Conflict);
    assert_eq!(codes(&by(Side::Cloud, 0).findings), ["DuplicateAnchor", "CaseOnlyAnchorTwin"]);
    assert_eq!(by(Side::Cloud, 1).status, AccountStatus::HardMatchCandidate);
    assert_eq!(by(Side::Cloud, 2).status, AccountStatus::CloudOnly);
    assert_eq!(
        (by(Side::Cloud, 3).status, codes(&by(Side::Cloud, 3).findings)),
        (AccountStatus::Orphan, vec!["NotGuidBasedAnchor", "AdoptNotPossible"]),
        "a non-GUID anchor cannot live in mS-DS-ConsistencyGuid"
    );
    assert_eq!((by(Side::Cloud, 4).status, codes(&by(Side::Cloud, 4).findings)), (AccountStatus::Conflict, vec!["BigEndianAnchor"]));
    assert_eq!(by(Side::Cloud, 5).status, AccountStatus::Orphan);
    assert_eq!(
        (by(Side::Cloud, 6).status, codes(&by(Side::Cloud, 6).findings)),
        (AccountStatus::Conflict, vec!["CaseOnlyAnchorTwin", "InvalidAnchor"]),
        "a lower-cased anchor"
    );
    assert_eq!(by(Side::Deleted, 0).status, AccountStatus::Conflict);
}

#[test]
fn mapping_problems_are_findings_or_errors_never_dropped_accounts() {
    let mut r = seed();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", "30475e40-e7ae-4af3-af75-8b143c81daf5"), ("SamAccountName", "bob")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "bob"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "nobody"), ("Cloud", "x@y")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "bob"), ("Cloud", "missing@contoso.com")]).unwrap();
    assert!(add(&mut r, Schema::Mapping, &[("OnPremises", "bob")]).is_err());
    let rec = finish(r);
    assert_eq!(rec.results.len(), 4);
    assert_eq!(status(&rec, Side::OnPremises, 0), AccountStatus::Conflict);
    assert_eq!(status(&rec, Side::OnPremises, 1), AccountStatus::Conflict);
    assert!(codes(&rec.pairs[0].findings).contains(&"MappingConflict"));
    assert_eq!(rec.mapping_errors.iter().map(|e| e.row).collect::<Vec<_>>(), [2, 3]);
    let e = &rec.mapping_errors[0].error;
    assert_eq!(e.code, "UnknownAccount");
    assert!(
        e.message.starts_with("-Mapping[2]: the on-premises account 'nobody' is none of the accounts given in -OnPremises"),
        "{}",
        e.message
    );
    let e = &rec.mapping_errors[1].error;
    assert_eq!(e.code, "UnknownAccount");
    assert!(e.message.contains("'missing@contoso.com'") && e.message.contains("-Cloud"), "{}", e.message);
}

/// Each thing that can be wrong with a record or a row has its own ErrorId and names the value.
#[test]
fn record_and_row_errors_say_what_is_wrong() {
    let mut r = Reconciler::new();
    #[track_caller]
    fn code(result: Result<(), crate::error::ConvertError>) -> crate::error::ConvertError {
        result.unwrap_err()
    }
    let e = code(add(&mut r, Schema::Mapping, &[("InputObject", "alice")]));
    assert_eq!(e.code, "NotARecord");
    assert!(e.message.starts_with("-Mapping takes rows with OnPremises") && e.message.ends_with("it was given 'alice'."), "{}", e.message);
    let e = code(add(&mut r, Schema::OnPremisesUser, &[("InputObject", "42")]));
    assert_eq!(e.code, "NotARecord");
    assert!(e.message.contains("-OnPremises") && e.message.contains("'42'"), "{}", e.message);
    for schema in [Schema::CloudUser, Schema::DeletedUser, Schema::Domain, Schema::Synchronization, Schema::RoleAssignment] {
        assert_eq!(code(add(&mut r, schema, &[("InputObject", "x")])).code, "NotARecord", "{schema:?}");
    }
    // Records of another kind.
    let e = code(add(&mut r, Schema::OnPremisesUser, &[]));
    assert_eq!(e.code, "WrongRecordType");
    assert!(e.message.contains("none of the properties mS-DS-ConsistencyGuid"), "{}", e.message);
    let e = code(add(&mut r, Schema::CloudUser, &[("Mail", "x@y")]));
    assert_eq!(e.code, "WrongRecordType");
    assert!(e.message.contains("neither an Id nor a UserPrincipalName"), "{}", e.message);
    assert_eq!(code(add(&mut r, Schema::Domain, &[("AuthenticationType", "Managed")])).code, "WrongRecordType");
    assert_eq!(code(add(&mut r, Schema::RoleAssignment, &[("Id", "x")])).code, "WrongRecordType");
    assert_eq!(code(add(&mut r, Schema::Mapping, &[])).code, "WrongRecordType");
    // A row with one of its two columns.
    let e = code(add(&mut r, Schema::Mapping, &[("OnPremises", "alice")]));
    assert_eq!(e.code, "IncompleteMapping");
    assert!(e.message.contains("'alice'") && e.message.contains("no Cloud"), "{}", e.message);
    let e = code(add(&mut r, Schema::Mapping, &[("Cloud", "alice@contoso.com")]));
    assert_eq!(e.code, "IncompleteMapping");
    assert!(e.message.contains("'alice@contoso.com'") && e.message.contains("no OnPremises"), "{}", e.message);
}

/// Two accounts of one name: AmbiguousAccount, naming both.
#[test]
fn a_mapping_row_that_names_several_accounts_says_so() {
    let mut r = seed();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[
            ("ObjectGUID", "30475e40-e7ae-4af3-af75-8b143c81daf5"),
            ("SamAccountName", "alice"),
            ("DistinguishedName", "CN=Alice,OU=Staff,DC=fabrikam,DC=com"),
        ],
    )
    .unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    let rec = finish(r);
    let e = &rec.mapping_errors.iter().find(|e| e.row == 1).unwrap().error;
    assert_eq!(e.code, "AmbiguousAccount");
    assert!(e.message.contains("'alice' matches more than one") && e.message.contains("DN or GUID"), "{}", e.message);
}

/// DOMAIN\sam, as AD tools show an account: read as its sAMAccountName, the domain part
/// checked against the DistinguishedName, or said to be ignored.
#[test]
fn domain_backslash_sam_names_an_account_and_says_what_became_of_the_domain() {
    let mapped = |key: &str, extra: Option<(&str, &str)>| {
        let mut r = seed();
        if let Some((guid, dn)) = extra {
            add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", guid), ("SamAccountName", "alice"), ("DistinguishedName", dn)]).unwrap();
        }
        (r.mappings, r.mapping_rows, r.mapping_given_rows) = (Vec::new(), 0, 0);
        add(&mut r, Schema::Mapping, &[("OnPremises", key), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
        finish(r)
    };
    let said = |rec: &Reconciliation| {
        let pair = rec.pairs.iter().find(|p| p.has(Finding::MappedExplicitly)).expect("the row names a pair");
        pair.findings.iter().find(|(f, _)| *f == Finding::MappedExplicitly).unwrap().1.clone()
    };
    // The first label of the DN's domain: checked.
    let rec = mapped("ALWAYSHOTCAFE\\alice", None);
    assert!(rec.mapping_errors.is_empty());
    let message = said(&rec);
    assert!(message.starts_with("-Mapping[0] says alice takes over"), "{message}");
    assert!(
        message.contains("'ALWAYSHOTCAFE\\alice' was read as the sAMAccountName 'alice'")
            && message.contains("'ALWAYSHOTCAFE' was checked"),
        "{message}"
    );
    // A NetBIOS name that is not the DNS name's first label: ignored, and said so.
    let message = said(&mapped("CORP\\alice", None));
    assert!(message.contains("'CORP' was ignored") && message.contains("alwayshotcafe.com"), "{message}");
    // Two alices in two domains: the domain part picks one.
    let rec = mapped("FABRIKAM\\alice", Some(("30475e40-e7ae-4af3-af75-8b143c81daf5", "CN=Alice,OU=Staff,DC=fabrikam,DC=com")));
    assert!(rec.mapping_errors.is_empty(), "{:?}", rec.mapping_errors);
    let pair = rec.pairs.iter().find(|p| p.has(Finding::MappedExplicitly)).unwrap();
    assert_eq!(pair.on_prem, 1, "fabrikam's alice");
    let rec = mapped("CORP\\alice", Some(("30475e40-e7ae-4af3-af75-8b143c81daf5", "CN=Alice,OU=Staff,DC=fabrikam,DC=com")));
    assert_eq!(rec.mapping_errors[0].error.code, "AmbiguousAccount");
    assert!(
        rec.mapping_errors[0].error.message.contains("'CORP' is in none of their DistinguishedNames"),
        "{}",
        rec.mapping_errors[0].error.message
    );
    let rec = mapped("CORP\\nobody", None);
    assert_eq!(rec.mapping_errors[0].error.code, "UnknownAccount");
}

#[test]
fn ambiguous_proposals_and_synced_targets_are_conflicts() {
    let mut r = Reconciler::new();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice"), ("Mail", "alice@contoso.com")]).unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c0"), ("UserPrincipalName", "a1@contoso.com"), ("Mail", "alice@contoso.com")]).unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c1"), ("UserPrincipalName", "a2@contoso.com"), ("ProxyAddresses", "SMTP:alice@contoso.com;smtp:a2@contoso.com")],
    )
    .unwrap();
    let rec = finish(r);
    assert_eq!(status(&rec, Side::OnPremises, 0), AccountStatus::HardMatchCandidate, "the mail match is found before the proxy match");
    let mut r = Reconciler::new();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice"), ("ProxyAddresses", "SMTP:alice@contoso.com")],
    )
    .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c0"), ("UserPrincipalName", "a1@contoso.com"), ("ProxyAddresses", "smtp:alice@contoso.com")])
        .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c1"), ("UserPrincipalName", "a2@contoso.com"), ("Mail", "alice@contoso.com")]).unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c2"), ("UserPrincipalName", "x@contoso.com"), ("OnPremisesSyncEnabled", "True")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", ALICE_GUID), ("Cloud", "x@contoso.com")]).unwrap();
    let rec = finish(r);
    assert_eq!(codes(&rec.pairs[0].findings), ["MappedExplicitly", "TargetSyncEnabled"]);
    assert_eq!(status(&rec, Side::OnPremises, 0), AccountStatus::Conflict);
    let plan = plan::build(&rec, &PlanOptions::default());
    assert_eq!((plan.steps.len(), plan.steps[0].action), (1, Action::NotPlanned));
    assert!(plan.steps[0].reason.contains("already synced"));
    let mut r = Reconciler::new();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice"), ("ProxyAddresses", "SMTP:alice@contoso.com")],
    )
    .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c0"), ("UserPrincipalName", "a1@contoso.com"), ("ProxyAddresses", "smtp:alice@contoso.com")])
        .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c1"), ("UserPrincipalName", "a2@contoso.com"), ("ProxyAddresses", "SMTP:alice@contoso.com")])
        .unwrap();
    let rec = finish(r);
    assert_eq!(codes(&rec.results[0].findings), ["AmbiguousProposal"]);
}

#[test]
fn the_consistency_guid_is_the_anchor_and_an_object_guid_anchor_is_a_mistake() {
    let moved = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let mut r = Reconciler::new();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("mS-DS-ConsistencyGuid", moved), ("SamAccountName", "alice")])
        .unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", "c0"), ("UserPrincipalName", "alice@contoso.com"), ("OnPremisesImmutableId", ALICE_ID)])
        .unwrap();
    let rec = finish(r);
    assert_eq!(rec.results[0].anchor.as_deref(), Some("QF5HMK7n80qvdYsUPIHa9Q=="));
    assert_eq!(rec.results[0].anchor_source, Some("mS-DS-ConsistencyGuid"));
    assert_eq!(codes(&rec.results[1].findings), ["ObjectGuidAnchor"]);
    assert_eq!(rec.results[1].status, AccountStatus::Conflict);
}

/// An on-premises record for a tenant anchored on an attribute: `attribute` is that
/// attribute's value, given in the schema's -SourceAnchor field.
fn add_anchored(r: &mut Reconciler, given: &[(&str, &str)], attribute: Option<Value>) -> Result<(), crate::error::ConvertError> {
    let texts = record(Schema::OnPremisesUser, given);
    let mut values: Vec<Value> = texts.iter().map(|t| if t == "\u{0}" { Value::Absent } else { Value::Text(t) }).collect();
    let at = Schema::OnPremisesUser.passed().position(|f| f.role == crate::records::Role::SourceAnchor).unwrap();
    values[at] = attribute.unwrap_or(Value::Absent);
    r.add_on_prem(&Record::new(Schema::OnPremisesUser, &values).unwrap())
}

#[test]
fn an_object_guid_tenant_ignores_a_stray_consistency_guid() {
    let stray = "30475e40-e7ae-4af3-af75-8b143c81daf5";
    let tenant = |choice: SourceAnchor| {
        let mut r = Reconciler::anchored_on(choice);
        add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("mS-DS-ConsistencyGuid", stray), ("SamAccountName", "alice")])
            .unwrap();
        add(&mut r, Schema::CloudUser, &[("Id", "c0"), ("UserPrincipalName", "alice@contoso.com"), ("OnPremisesImmutableId", ALICE_ID)])
            .unwrap();
        finish(r)
    };
    // Read as anchoring on mS-DS-ConsistencyGuid: a Conflict, whose message names the way out.
    let rec = tenant(SourceAnchor::ConsistencyGuid);
    assert_eq!((rec.results[1].status, codes(&rec.results[1].findings)), (AccountStatus::Conflict, vec!["ObjectGuidAnchor"]));
    assert!(rec.results[1].findings[0].1.contains("say -SourceAnchor ObjectGUID"), "{}", rec.results[1].findings[0].1);
    // Anchored on objectGUID: matched, nothing to correct.
    let rec = tenant(SourceAnchor::ObjectGuid);
    for result in &rec.results {
        assert_eq!((result.status, codes(&result.findings)), (AccountStatus::Matched, vec![]), "{}", result.label);
    }
    assert_eq!((rec.results[0].anchor.as_deref(), rec.results[0].anchor_source), (Some(ALICE_ID), Some("ObjectGUID")));
    // Mapped by its ConsistencyGuid still finds the user.
    let mut r = Reconciler::anchored_on(SourceAnchor::ObjectGuid);
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("mS-DS-ConsistencyGuid", stray), ("SamAccountName", "alice")])
        .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c1"), ("UserPrincipalName", "a@contoso.com"), ("OnPremisesImmutableId", "QF5HMK7n80qvdYsUPIHa9Q==")],
    )
    .unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", stray), ("Cloud", "a@contoso.com")]).unwrap();
    let rec = finish(r);
    let said = &rec.pairs[0].findings.iter().find(|(f, _)| *f == Finding::TargetHoldsOtherAnchor).unwrap().1;
    assert!(
        said.contains("the tenant's sourceAnchor is objectGUID (-SourceAnchor ObjectGUID), so mS-DS-ConsistencyGuid is ignored"),
        "{said}"
    );
    assert!(rec.pairs[0].plannable());
}

#[test]
fn an_employee_id_tenant_joins_on_the_attribute() {
    let employee = SourceAnchor::parse("employeeID").unwrap();
    let mut r = Reconciler::anchored_on(employee);
    let user = |sam| [("ObjectGUID", ALICE_GUID), ("SamAccountName", sam)];
    add_anchored(&mut r, &user("alice"), Some(Value::Text("E1234"))).unwrap();
    add_anchored(&mut r, &user("bob"), Some(Value::Text(""))).unwrap();
    add_anchored(&mut r, &user("carol"), None).unwrap();
    add_anchored(&mut r, &user("dave"), Some(Value::Bytes(&[0xde, 0xad, 0xbe, 0xef]))).unwrap();
    for (id, upn, anchor) in
        [("c0", "alice@contoso.com", "E1234"), ("c1", "dave@contoso.com", "3q2+7w=="), ("c2", "x@contoso.com", ALICE_ID)]
    {
        add(&mut r, Schema::CloudUser, &[("Id", id), ("UserPrincipalName", upn), ("OnPremisesImmutableId", anchor)]).unwrap();
    }
    let rec = finish(r);
    let alice = &rec.results[0];
    assert_eq!((alice.status, alice.anchor.as_deref(), alice.anchor_source), (AccountStatus::Matched, Some("E1234"), Some("employeeID")));
    // An empty attribute: no anchor, so not synced; said as such, not as a bad value.
    let bob = &rec.results[1];
    assert_eq!((bob.status, codes(&bob.findings)), (AccountStatus::NotSynced, vec!["SourceAnchorEmpty"]));
    assert!(
        bob.findings[0].1.contains("employeeID is empty") && bob.findings[0].1.contains("(-SourceAnchor employeeID)"),
        "{}",
        bob.findings[0].1
    );
    // No such property at all: the record cannot say, a Conflict until it is read.
    let carol = &rec.results[2];
    assert_eq!((carol.status, codes(&carol.findings)), (AccountStatus::Conflict, vec!["NoOnPremisesAnchor"]));
    assert!(carol.findings[0].1.contains("Get-ADUser -Properties employeeID"), "{}", carol.findings[0].1);
    // A binary attribute: the Base64 of its bytes.
    assert_eq!((rec.results[3].status, rec.results[3].anchor.as_deref()), (AccountStatus::Matched, Some("3q2+7w==")));
    // The objectGUID's ImmutableId is no anchor here, and no mistake either; nor can an AD
    // user adopt it, as mS-DS-ConsistencyGuid is not what the tenant reads.
    assert_eq!((rec.results[6].status, codes(&rec.results[6].findings)), (AccountStatus::Orphan, vec!["AdoptNotPossible"]));
    assert!(rec.results[6].findings[0].1.contains("sourceAnchor is employeeID"), "{}", rec.results[6].findings[0].1);
}

#[test]
fn an_attribute_anchor_graph_refuses_cannot_be_planned() {
    let employee = SourceAnchor::parse("employeeID").unwrap();
    let mut r = Reconciler::anchored_on(employee);
    add_anchored(&mut r, &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice")], Some(Value::Text("emp_1"))).unwrap();
    add(&mut r, Schema::CloudUser, &[("Id", KEEP), ("UserPrincipalName", "alice@contoso.com"), ("OnPremisesImmutableId", "")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "alice@contoso.com")]).unwrap();
    let rec = finish(r);
    let said = &rec.pairs[0].findings.iter().find(|(f, _)| *f == Finding::InvalidAnchor).unwrap().1;
    assert!(said.contains("employeeID") && said.contains("'$' or '_'"), "{said}");
    assert!(!rec.pairs[0].plannable());
}

#[test]
fn an_attribute_tenant_reads_the_attribute_s_column() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let ad = write("ad.csv", &format!("SamAccountName,ObjectGUID,mS-DS-ConsistencyGuid,EmployeeID\nalice,{ALICE_GUID},30475e40-e7ae-4af3-af75-8b143c81daf5,E1234\nbob,{ALICE_GUID},,\n"));
    let options = crate::csv::CsvOptions::default();
    let mut r = Reconciler::anchored_on(SourceAnchor::parse("employeeID").unwrap());
    assert!(r.add_csv_file(Schema::OnPremisesUser, &ad, &options, &never_interrupted).unwrap().is_empty());
    let rec = finish(r);
    assert_eq!((rec.results[0].anchor.as_deref(), rec.results[0].anchor_source), (Some("E1234"), Some("employeeID")));
    assert_eq!(codes(&rec.results[1].findings), ["SourceAnchorEmpty"]);
    // A file without the column is refused whole, naming the choice.
    let mut r = Reconciler::anchored_on(SourceAnchor::parse("msDS-SourceAnchor").unwrap());
    let Err(crate::csv::CsvFailure::File(e)) = r.add_csv_file(Schema::OnPremisesUser, &ad, &options, &never_interrupted) else { panic!() };
    assert_eq!(e.code.as_str(), "ColumnNotFound");
    assert!(e.message.contains("msDS-SourceAnchor (-SourceAnchor msDS-SourceAnchor)"), "{}", e.message);
    // Anchored on objectGUID, the same file's ConsistencyGuid column is ignored.
    let mut r = Reconciler::anchored_on(SourceAnchor::ObjectGuid);
    r.add_csv_file(Schema::OnPremisesUser, &ad, &options, &never_interrupted).unwrap();
    assert_eq!(finish(r).results[0].anchor.as_deref(), Some(ALICE_ID));
}

#[test]
fn an_interrupt_stops_the_join() {
    assert!(seed().finish(&|| true).is_err());
}

#[test]
fn eligibilities_are_told_from_assignments_by_their_shape() {
    let role = |given: &[(&str, &str)]| {
        let texts = record(Schema::RoleAssignment, given);
        let values: Vec<Value> = texts.iter().map(|t| if t == "\u{0}" { Value::Absent } else { Value::Text(t) }).collect();
        accounts::role_assignment(&Record::new(Schema::RoleAssignment, &values).unwrap()).unwrap().eligible
    };
    let base = [("Id", "x"), ("PrincipalId", KEEP), ("RoleDefinitionId", "62e90394-69f5-4237-9190-012177145e10")];
    assert!(!role(&base), "a unifiedRoleAssignment");
    assert!(role(&[base[0], base[1], base[2], ("MemberType", "Direct")]), "a unifiedRoleEligibilitySchedule");
    assert!(
        role(&[base[0], base[1], base[2], ("MemberType", "Direct"), ("RoleEligibilityScheduleId", "s")]),
        "an eligibility schedule instance"
    );
    assert!(!role(&[base[0], base[1], base[2], ("MemberType", "Direct"), ("AssignmentType", "Activated")]), "a PIM assignment schedule");
}

#[test]
fn an_eligibility_comes_back_with_the_end_it_had() {
    let base =
        [("Id", "es-1"), ("PrincipalId", KEEP), ("RoleDefinitionId", "29232cdf-9323-42fd-ade2-1d097af3e4de"), ("MemberType", "Direct")];
    let restore = |extra: &[(&str, &str)]| {
        let mut r = seed();
        add(&mut r, Schema::Domain, &[("Id", "alwayshotcafe2020.onmicrosoft.com"), ("IsInitial", "True")]).unwrap();
        let given: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
        add(&mut r, Schema::RoleAssignment, &given).unwrap();
        let options = PlanOptions {
            out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()),
            free_anchor: FreeAnchor::RestoreAndClear,
            ..PlanOptions::default()
        };
        let plan = plan::build(&finish(r), &options);
        let step = plan
            .steps
            .iter()
            .find(|s| s.action == Action::RestoreRole)
            .unwrap_or_else(|| panic!("no restore step: {:?}", plan.steps.iter().map(|s| (s.action, s.reason.clone())).collect::<Vec<_>>()))
            .clone();
        (step.command.unwrap_or_default(), step.warning)
    };
    // A schedule ending at a date: given back ending then, not permanently.
    let (command, warning) =
        restore(&[("ScheduleInfo.Expiration.Type", "afterDateTime"), ("ScheduleInfo.Expiration.EndDateTime", "2027-03-31T00:00:00Z")]);
    assert!(command.contains("expiration = @{ type = 'afterDateTime'; endDateTime = '2027-03-31T00:00:00Z' }"), "{command}");
    assert_eq!(warning, None);
    // An instance's endDateTime (or an export's column) counts alike.
    let (command, _) = restore(&[("RoleEligibilityScheduleId", "es-1"), ("EndDateTime", "2027-01-15T12:00:00Z")]);
    assert!(command.contains("endDateTime = '2027-01-15T12:00:00Z'"), "{command}");
    // Known never to end: permanent again, no warning.
    for never in
        [&[("ScheduleInfo.Expiration.Type", "noExpiration")][..], &[("RoleEligibilityScheduleId", "es-1"), ("EndDateTime", "")][..]]
    {
        let (command, warning) = restore(never);
        assert!(command.contains("type = 'noExpiration'"), "{command}");
        assert_eq!(warning, None, "{never:?}");
    }
    // Not said: no end, and the step says so.
    let (command, warning) = restore(&[]);
    assert!(command.contains("type = 'noExpiration'"), "{command}");
    assert!(warning.is_some_and(|w| w.contains("does not say when this eligibility ends")));
    // An end in a form Graph will not take (a German export): kept, with a warning.
    let (command, warning) = restore(&[("EndDateTime", "31.03.2027 00:00:00")]);
    assert!(command.contains("endDateTime = '31.03.2027 00:00:00'"), "{command}");
    assert!(warning.is_some_and(|w| w.contains("not a date and time with its time zone")));
    // A date, or a time with no zone, is refused by Graph too; an offset is taken.
    for refused in ["2027-03-31", "2027-03-31T00:00:00", "2027-03-31T00:00:00.0000000"] {
        assert!(restore(&[("EndDateTime", refused)]).1.is_some(), "{refused}");
    }
    for taken in ["2027-03-31T00:00:00+01:00", "2027-03-31T00:00:00.0000000Z", "2027-03-31T00:00Z"] {
        assert_eq!(restore(&[("EndDateTime", taken)]).1, None, "{taken}");
    }
}

#[test]
fn a_proposal_is_not_planned_until_the_mapping_names_it() {
    let mut r = Reconciler::new();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[
            ("ObjectGUID", ALICE_GUID),
            ("SamAccountName", "alice"),
            ("UserPrincipalName", "alice@contoso.com"),
            ("DistinguishedName", "CN=Alice,OU=Staff,DC=contoso,DC=com"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", KEEP), ("UserPrincipalName", "alice@contoso.com"), ("OnPremisesImmutableId", "h0vNKxSNR8qzCZHfZPBb9Q==")],
    )
    .unwrap();
    let rec = finish(r);
    assert_eq!(codes(&rec.pairs[0].findings), ["ProposedByUpn", "TargetHoldsOtherAnchor"]);
    assert!(rec.pairs[0].findings[1].1.contains("big-endian"), "{}", rec.pairs[0].findings[1].1);
    let plan = plan::build(&rec, &PlanOptions::default());
    assert_eq!((plan.steps.len(), plan.steps[0].action), (1, Action::NotPlanned));
    assert!(plan.steps[0].reason.contains("@{ OnPremises = 'alice'; Cloud = 'alice@contoso.com' }"), "{}", plan.steps[0].reason);
}

#[test]
fn csv_files_give_the_same_accounts_and_a_bad_file_is_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let ad = write("ad.csv", &format!("\"SamAccountName\",\"UserPrincipalName\",\"DistinguishedName\",\"ObjectGUID\"\n\"alice\",\"alice@alwayshotcafe.com\",\"CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com\",\"{ALICE_GUID}\"\n\"nobody\",\"\",\"\",\"\"\n"));
    let cloud = write("cloud.csv", &format!("Id,UserPrincipalName,OnPremisesImmutableId,OnPremisesSyncEnabled\n{TWIN},alice@alwayshotcafe.com,{ALICE_ID},True\n{KEEP},Alice.Cloud@alwayshotcafe2020.onmicrosoft.com,,\n"));
    let mapping = write("map.csv", "OnPremises;Cloud\nalice;Alice.Cloud@alwayshotcafe2020.onmicrosoft.com\n");
    let ragged = write("ragged.csv", "SamAccountName,ObjectGUID\nbob,30475e40-e7ae-4af3-af75-8b143c81daf5\ncarol,x,extra\n");
    let options = crate::csv::CsvOptions::default();
    let mut r = Reconciler::new();
    assert!(r.add_csv_file(Schema::OnPremisesUser, &ad, &options, &never_interrupted).unwrap().is_empty());
    assert!(r.add_csv_file(Schema::CloudUser, &cloud, &options, &never_interrupted).unwrap().is_empty());
    let semicolons = crate::csv::CsvOptions { delimiter: b';', ..options };
    assert!(r.add_csv_file(Schema::Mapping, &mapping, &semicolons, &never_interrupted).unwrap().is_empty());
    assert!(matches!(r.add_csv_file(Schema::OnPremisesUser, &ragged, &options, &never_interrupted), Err(crate::csv::CsvFailure::File(_))));
    let from_files = finish(r);
    let from_records = finish(seed());
    let summary = |rec: &Reconciliation| {
        rec.results.iter().filter(|r| r.label != "nobody").map(|r| (r.label.clone(), r.status, codes(&r.findings))).collect::<Vec<_>>()
    };
    assert_eq!(summary(&from_files), summary(&from_records), "bob of the ragged file was taken back");
    assert_eq!(from_files.results.len(), 4, "alice, nobody and the two cloud accounts");
}

/// A plan from the seed case with one change to it.
pub(crate) fn seed_plan(change: impl FnOnce(&mut Reconciler), free_anchor: FreeAnchor) -> plan::Plan {
    let mut r = seed_with_facts();
    change(&mut r);
    let options =
        PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), free_anchor, ..PlanOptions::default() };
    plan::build(&finish(r), &options)
}

pub(crate) fn not_planned(plan: &plan::Plan) -> Option<&str> {
    plan.steps.iter().find(|s| s.action == Action::NotPlanned).map(|s| s.reason.as_str())
}

#[test]
fn nothing_irreversible_is_planned_while_a_check_is_not_made() {
    let unchecked = plan::build(
        &finish(seed()),
        &PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() },
    );
    assert!(not_planned(&unchecked).unwrap().contains("RestoreAndClear"), "{:?}", not_planned(&unchecked));
    let mut with_domain = seed();
    add(&mut with_domain, Schema::Domain, &[("Id", "alwayshotcafe2020.onmicrosoft.com"), ("IsInitial", "True")]).unwrap();
    let restore = plan::build(
        &finish(with_domain),
        &PlanOptions {
            out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()),
            free_anchor: FreeAnchor::RestoreAndClear,
            ..PlanOptions::default()
        },
    );
    assert!(not_planned(&restore).is_none(), "restoring can be undone: {:?}", not_planned(&restore));
    assert!(not_planned(&seed_plan(|_| {}, FreeAnchor::Purge)).is_none(), "every fact given");
    // Clearing onPremisesObjectIdentifier cannot be undone either, whatever frees the anchor.
    let clear = seed_plan(
        |r| {
            r.cloud[1].object_identifier = Some(Some("S-1-5-21-9".into()));
            r.facts.deleted_given = false;
        },
        FreeAnchor::RestoreAndClear,
    );
    let why = not_planned(&clear).unwrap();
    assert!(
        why.contains("clear Alice.Cloud@alwayshotcafe2020.onmicrosoft.com's onPremisesObjectIdentifier")
            && why.contains("SoftDeletedHolders"),
        "{why}"
    );
    // Without the initial domain there is no UPN to restore the twin under.
    let mut no_domain = seed();
    no_domain.deleted_given();
    let plan = plan::build(
        &finish(no_domain),
        &PlanOptions {
            out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()),
            free_anchor: FreeAnchor::RestoreAndClear,
            ..PlanOptions::default()
        },
    );
    assert!(not_planned(&plan).unwrap().contains("no initial domain"), "{:?}", not_planned(&plan));
}

#[test]
fn twins_and_roles_a_plan_cannot_handle_are_not_planned() {
    let unsynced_twin = seed_plan(|r| r.cloud[0].sync_enabled = Some(false), FreeAnchor::Purge);
    assert!(not_planned(&unsynced_twin).unwrap().contains("not synced"));
    let activated = seed_plan(
        |r| {
            add(
                r,
                Schema::RoleAssignment,
                &[
                    ("Id", "inst-1"),
                    ("PrincipalId", KEEP),
                    ("RoleDefinitionId", "62e90394-69f5-4237-9190-012177145e10"),
                    ("MemberType", "Direct"),
                    ("AssignmentType", "Activated"),
                ],
            )
            .unwrap()
        },
        FreeAnchor::Purge,
    );
    assert!(not_planned(&activated).unwrap().contains("eligibility that -RoleAssignment does not list"), "{:?}", not_planned(&activated));
    let group = seed_plan(
        |r| {
            add(
                r,
                Schema::RoleAssignment,
                &[
                    ("Id", "g-1"),
                    ("PrincipalId", KEEP),
                    ("RoleDefinitionId", "62e90394-69f5-4237-9190-012177145e10"),
                    ("MemberType", "Group"),
                ],
            )
            .unwrap()
        },
        FreeAnchor::Purge,
    );
    assert!(not_planned(&group).unwrap().contains("group"));
    let no_definition = seed_plan(|r| add(r, Schema::RoleAssignment, &[("Id", "x"), ("PrincipalId", KEEP)]).unwrap(), FreeAnchor::Purge);
    assert!(not_planned(&no_definition).unwrap().contains("no RoleDefinitionId"), "{:?}", not_planned(&no_definition));
    // The user's own OU, however it is spelled, is no way out of scope.
    for home in ["CN=Alice,OU=Unsynced,DC=alwayshotcafe,DC=com", "CN=Alice,ou=unsynced, dc=AlwaysHotCafe ,DC=com"] {
        let plan = seed_plan(|r| r.on_prem[0].dn = Some(home.into()), FreeAnchor::Purge);
        assert!(not_planned(&plan).unwrap().contains("already in"), "{home}: {:?}", not_planned(&plan));
    }
    // A value that is no DN is never quoted into Move-ADObject.
    let mut r = seed_with_facts();
    r.groups_given();
    let plan = plan::build(&finish(r), &PlanOptions { out_of_scope_ou: Some("Unsynced".into()), ..PlanOptions::default() });
    assert!(
        not_planned(&plan).unwrap().contains("-OutOfScopeOU 'Unsynced' is not the distinguished name of an OU"),
        "{:?}",
        not_planned(&plan)
    );
    assert!(plan.steps.iter().all(|s| s.command.is_none()));
}

#[test]
fn a_twin_holding_a_wrong_encoding_stops_the_pair() {
    let mut r = seed_with_facts();
    // A second synced account holds Alice's GUID in big-endian byte order.
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", "33333333-3333-3333-3333-333333333333"),
            ("UserPrincipalName", "alice2@alwayshotcafe.com"),
            ("OnPremisesImmutableId", "h0vNKxSNR8qzCZHfZPBb9Q=="),
            ("OnPremisesSyncEnabled", "True"),
        ],
    )
    .unwrap();
    let rec = finish(r);
    assert!(codes(&rec.pairs[0].findings).contains(&"BigEndianAnchor"), "{:?}", codes(&rec.pairs[0].findings));
    assert_eq!(status(&rec, Side::OnPremises, 0), AccountStatus::Conflict);
}

#[test]
fn an_anchor_that_differs_only_in_case_is_named_on_both_sides() {
    let mut r = Reconciler::new();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice")]).unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "c0"), ("UserPrincipalName", "alice@contoso.com"), ("OnPremisesImmutableId", "k81lh40uykezczhfzpbb9q==")],
    )
    .unwrap();
    let rec = finish(r);
    assert!(codes(&rec.results[0].findings).contains(&"CaseOnlyAnchorTwin"), "{:?}", rec.results[0].findings);
    assert!(codes(&rec.results[1].findings).contains(&"CaseOnlyAnchorTwin"), "{:?}", rec.results[1].findings);
    assert_eq!(rec.results[1].counterpart.as_deref(), Some("alice"));
}

#[test]
fn cloud_records_without_the_anchor_property_leave_holders_unchecked() {
    let mut r = seed_with_facts();
    add(&mut r, Schema::CloudUser, &[("Id", "44444444-4444-4444-4444-444444444444"), ("UserPrincipalName", "someone@alwayshotcafe.com")])
        .unwrap();
    let rec = finish(r);
    assert!(rec.pairs[0].not_checked.contains(&Check::CloudAnchors));
}

#[test]
fn a_value_from_the_input_cannot_end_a_comment_of_the_script() {
    let plan = seed_plan(
        |r| {
            r.on_prem[0].sam = Some("alice\nWrite-Host PWNED #".into());
            r.mappings[0].on_premises = ALICE_GUID.into();
        },
        FreeAnchor::RestoreAndClear,
    );
    let text = plan::script(&plan, "0.2.0");
    // Outside comments the value is only the pair's name, single-quoted on one line.
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#') && l.contains("PWNED")) {
        assert!(line.starts_with("Add-PlanPair -Number 1 -Name 'alice Write-Host PWNED # -> "), "a value became a line that runs: {line}");
    }
    assert!(text.contains("PWNED"), "the value is still shown, in a comment");
}

/// `n` AD users u0.., each with a synced twin holding its anchor and a cloud account keep0..
/// mapped to it: the seed's case, `n` times.
pub(crate) fn pairs_tenant(n: u32) -> Reconciler {
    let mut r = Reconciler::new();
    for i in 0..n {
        let guid = format!("{i:08x}-0000-4000-8000-000000000001");
        let anchor = crate::codec::immutable_id(&crate::codec::parse_guid_text(&guid).unwrap());
        add(
            &mut r,
            Schema::OnPremisesUser,
            &[
                ("ObjectGUID", &guid),
                ("SamAccountName", &format!("u{i}")),
                ("DistinguishedName", &format!("CN=u{i},OU=Staff,DC=contoso,DC=com")),
            ],
        )
        .unwrap();
        add(
            &mut r,
            Schema::CloudUser,
            &[
                ("Id", &format!("{i:08x}-1111-4000-8000-000000000001")),
                ("UserPrincipalName", &format!("u{i}@contoso.com")),
                ("OnPremisesImmutableId", &anchor),
                ("OnPremisesSyncEnabled", "True"),
            ],
        )
        .unwrap();
        add(
            &mut r,
            Schema::CloudUser,
            &[
                ("Id", &format!("{i:08x}-2222-4000-8000-000000000001")),
                ("UserPrincipalName", &format!("keep{i}@contoso.com")),
                ("OnPremisesImmutableId", ""),
            ],
        )
        .unwrap();
        add(&mut r, Schema::Mapping, &[("OnPremises", &format!("u{i}")), ("Cloud", &format!("keep{i}@contoso.com"))]).unwrap();
    }
    add(&mut r, Schema::Domain, &[("Id", "contoso.onmicrosoft.com"), ("IsInitial", "True")]).unwrap();
    r
}

/// Every fact of [`pairs_tenant`], none a blocker, so that every pair can be planned.
pub(crate) fn give_pairs_facts(r: &mut Reconciler, n: u32) {
    add(r, Schema::Synchronization, &[("Id", "sync-1"), ("Features.BlockCloudObjectTakeoverThroughHardMatchEnabled", "False")]).unwrap();
    add(r, Schema::Domain, &[("Id", "contoso.com"), ("AuthenticationType", "Managed")]).unwrap();
    r.roles_given();
    r.groups_given();
    r.deleted_given();
    r.mailboxes_given();
    for i in 0..n as usize {
        r.cloud[2 * i + 1].object_identifier = Some(None);
        r.cloud[2 * i + 1].cloud_managed = Some(false);
        r.on_prem[i].exchange.known = true;
        r.on_prem[i].exchange.addresses_known = true;
    }
}

#[test]
fn a_plan_that_deletes_many_twins_at_once_warns_of_the_deletion_threshold() {
    let r = pairs_tenant(120);
    let options = PlanOptions {
        out_of_scope_ou: Some("OU=Out,DC=contoso,DC=com".into()),
        free_anchor: FreeAnchor::RestoreAndClear,
        ..PlanOptions::default()
    };
    let plan = plan::build(&finish(r), &options);
    let first_sync = plan.steps.iter().find(|s| s.action == Action::Sync).unwrap();
    assert!(first_sync.warning.as_deref().is_some_and(|w| w.contains("120 twins") && w.contains("threshold")), "{:?}", first_sync.warning);
}

/// A tenant big enough that the two sides' results are made on two threads.
fn large_tenant(n: usize) -> Reconciler {
    let mut r = Reconciler::new();
    for i in 0..n {
        let guid = format!("{i:08x}-0000-4000-8000-{i:012x}");
        let anchor = crate::codec::immutable_id(&crate::codec::parse_guid_text(&guid).unwrap());
        add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", &guid), ("SamAccountName", &format!("u{i}"))]).unwrap();
        let held = if i % 2 == 0 { anchor.as_str() } else { "" };
        add(
            &mut r,
            Schema::CloudUser,
            &[("Id", &format!("c{i}")), ("UserPrincipalName", &format!("c{i}@contoso.com")), ("OnPremisesImmutableId", held)],
        )
        .unwrap();
    }
    r
}

#[test]
fn large_tenants_give_every_result_in_order_and_stop_when_asked() {
    let n = 2 * join::PARALLEL_FROM + 5;
    let done = finish(large_tenant(n));
    assert_eq!(done.results.len(), 2 * n);
    for (i, r) in done.results.iter().enumerate() {
        let (side, index) = if i < n { (Side::OnPremises, i) } else { (Side::Cloud, i - n) };
        assert_eq!((r.side, r.index), (side, index), "result {i}");
        let expected = match (side, index % 2) {
            (_, 0) => AccountStatus::Matched,
            (Side::OnPremises, _) => AccountStatus::NotSynced,
            _ => AccountStatus::CloudOnly,
        };
        assert_eq!(r.status, expected, "result {i}");
    }
    // Asked to stop at any of the seven looks this thread takes (after the index, three in
    // the proposals, three in its side's results), the other thread's side included.
    for stop_at in 1..=7 {
        let looks = std::cell::Cell::new(0);
        let interrupt = || {
            looks.set(looks.get() + 1);
            looks.get() >= stop_at
        };
        assert!(large_tenant(n).finish(&interrupt).is_err(), "stopped at look {stop_at}");
    }
}

#[test]
fn a_mapping_row_already_matched_is_said_so_and_a_mapping_keeps_proposals_out_of_the_plan() {
    // -Mapping names alice and the twin that already holds her anchor.
    let mut r = Reconciler::new();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[
            ("ObjectGUID", ALICE_GUID),
            ("SamAccountName", "alice"),
            ("UserPrincipalName", "alice@alwayshotcafe.com"),
            ("DistinguishedName", "CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[
            ("Id", TWIN),
            ("UserPrincipalName", "alice@alwayshotcafe.com"),
            ("OnPremisesImmutableId", ALICE_ID),
            ("OnPremisesSyncEnabled", "True"),
        ],
    )
    .unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "alice@alwayshotcafe.com")]).unwrap();
    let plan = plan::build(&finish(r), &PlanOptions::default());
    assert_eq!(plan.steps.len(), 1, "{:?}", plan.steps);
    assert_eq!(plan.steps[0].action, Action::Notice);
    assert_eq!(plan.steps[0].account, "alice -> alice@alwayshotcafe.com");
    assert!(plan.steps[0].reason.contains("already holds alice's anchor") && plan.steps[0].command.is_none());

    // A -Mapping whose rows name nobody: proposals for other accounts are not planned.
    let mut r = seed();
    r.mappings.clear();
    r.mapping_rows = 0;
    add(&mut r, Schema::Mapping, &[("OnPremises", "nobody"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    add(
        &mut r,
        Schema::OnPremisesUser,
        &[
            ("ObjectGUID", "30475e40-e7ae-4af3-af75-8b143c81daf5"),
            ("SamAccountName", "bob"),
            ("UserPrincipalName", "bob@alwayshotcafe.com"),
        ],
    )
    .unwrap();
    add(
        &mut r,
        Schema::CloudUser,
        &[("Id", "44444444-4444-4444-4444-444444444444"), ("UserPrincipalName", "bob@alwayshotcafe.com"), ("OnPremisesImmutableId", "")],
    )
    .unwrap();
    let rec = finish(r);
    assert_eq!(rec.mapping_errors.len(), 1);
    assert!(rec.pairs.iter().any(|p| p.has(Finding::ProposedByUpn)), "bob is proposed in the results");
    assert!(plan::build(&rec, &PlanOptions::default()).steps.is_empty());

    // A -Mapping none of whose rows can be read (no Cloud column), or an empty one: the same.
    for rows in [&[("OnPremises", "bob")][..], &[][..]] {
        let mut r = Reconciler::new();
        add(
            &mut r,
            Schema::OnPremisesUser,
            &[
                ("ObjectGUID", "30475e40-e7ae-4af3-af75-8b143c81daf5"),
                ("SamAccountName", "bob"),
                ("UserPrincipalName", "bob@alwayshotcafe.com"),
            ],
        )
        .unwrap();
        add(
            &mut r,
            Schema::CloudUser,
            &[
                ("Id", "44444444-4444-4444-4444-444444444444"),
                ("UserPrincipalName", "bob@alwayshotcafe.com"),
                ("OnPremisesImmutableId", ""),
            ],
        )
        .unwrap();
        r.mapping_given();
        if !rows.is_empty() {
            assert!(add(&mut r, Schema::Mapping, rows).is_err());
        }
        let rec = finish(r);
        assert!(rec.mapped && rec.pairs.iter().any(|p| p.has(Finding::ProposedByUpn)));
        assert!(plan::build(&rec, &PlanOptions::default()).steps.is_empty(), "{rows:?}");
    }
}

#[test]
fn a_soft_deleted_holder_or_a_second_row_is_no_match_already_made() {
    // -Mapping names alice and the soft-deleted twin that holds her anchor.
    let mut r = Reconciler::new();
    add(&mut r, Schema::OnPremisesUser, &[("ObjectGUID", ALICE_GUID), ("SamAccountName", "alice")]).unwrap();
    add(
        &mut r,
        Schema::DeletedUser,
        &[("Id", TWIN), ("UserPrincipalName", "alice@alwayshotcafe.com"), ("OnPremisesImmutableId", ALICE_ID)],
    )
    .unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "alice@alwayshotcafe.com")]).unwrap();
    let rec = finish(r);
    assert!(rec.already_matched.is_empty());
    assert!(rec.pairs[0].has(Finding::TargetSoftDeleted), "{:?}", rec.pairs[0].findings);
    // Two rows for alice, the first naming the twin that holds her anchor: a conflict, not done.
    let mut r = seed();
    r.mappings.clear();
    r.mapping_rows = 0;
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "alice@alwayshotcafe.com")]).unwrap();
    add(&mut r, Schema::Mapping, &[("OnPremises", "alice"), ("Cloud", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com")]).unwrap();
    let rec = finish(r);
    assert!(rec.already_matched.is_empty());
    assert!(rec.pairs[0].has(Finding::MappingConflict), "{:?}", rec.pairs[0].findings);
}
