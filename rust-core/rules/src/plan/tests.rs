//! Plans an admin can trust: roles given back exactly as they were, roles held through
//! groups, the tenant's own facts (the objectIdentifier bypass, dates), the domain controller
//! the AD commands go to, and what the reconciliation says when a property was not asked for.
//! The seed and its helpers are the reconciliation tests'.

use super::{build, script, Action, FreeAnchor, Plan, PlanOptions};
use crate::reconcile::tests::{add, codes, finish, give_pairs_facts, not_planned, pairs_tenant, seed, seed_plan, seed_with_facts, KEEP};
use crate::reconcile::{Check, Reconciler, ROLE_SCOPE_UNSETTLED};
use crate::records::Schema;

const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
const EXCHANGE_ADMIN: &str = "29232cdf-9323-42fd-ade2-1d097af3e4de";

fn role(r: &mut Reconciler, given: &[(&str, &str)]) {
    let mut fields = vec![("PrincipalId", KEEP), ("DirectoryScopeId", "/")];
    fields.extend_from_slice(given);
    add(r, Schema::RoleAssignment, &fields).unwrap();
}

fn steps_of(plan: &Plan, action: Action) -> Vec<String> {
    plan.steps.iter().filter(|s| s.action == action).filter_map(|s| s.command.clone()).collect()
}

#[test]
fn a_time_bound_assignment_comes_back_with_its_end_not_as_standing_access() {
    let plan = seed_plan(
        |r| {
            role(
                r,
                &[
                    ("Id", "as-1"),
                    ("RoleDefinitionId", GLOBAL_ADMIN),
                    ("MemberType", "Direct"),
                    ("AssignmentType", "Assigned"),
                    ("StartDateTime", "2026-11-01T00:00:00Z"),
                    ("EndDateTime", "2027-02-01T00:00:00Z"),
                ],
            )
        },
        FreeAnchor::Purge,
    );
    assert_eq!(not_planned(&plan), None);
    let restore = steps_of(&plan, Action::RestoreRole);
    assert_eq!(restore.len(), 1);
    assert!(
        restore[0].contains("New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter @{ action = 'adminAssign'"),
        "{}",
        restore[0]
    );
    assert!(restore[0].contains("expiration = @{ type = 'afterDateTime'; endDateTime = '2027-02-01T00:00:00Z' }"), "{}", restore[0]);
    assert!(!restore[0].contains("New-MgRoleManagementDirectoryRoleAssignment -PrincipalId"), "never a standing assignment");
    assert!(
        steps_of(&plan, Action::RemoveRole)[0].contains("RoleAssignmentScheduleRequest")
            && steps_of(&plan, Action::RemoveRole)[0].contains("adminRemove")
    );
}

#[test]
fn an_activated_eligibility_comes_back_as_its_eligibility() {
    let plan = seed_plan(
        |r| {
            role(
                r,
                &[
                    ("Id", "inst-1"),
                    ("RoleDefinitionId", GLOBAL_ADMIN),
                    ("MemberType", "Direct"),
                    ("AssignmentType", "Activated"),
                    ("EndDateTime", "2026-12-07T18:00:00Z"),
                ],
            );
            role(
                r,
                &[
                    ("Id", "es-1"),
                    ("RoleDefinitionId", GLOBAL_ADMIN),
                    ("RoleEligibilityScheduleId", "es-1"),
                    ("MemberType", "Direct"),
                    ("StartDateTime", "2099-01-01T00:00:00Z"),
                    ("EndDateTime", "2099-06-30T00:00:00Z"),
                ],
            );
        },
        FreeAnchor::Purge,
    );
    assert_eq!(not_planned(&plan), None);
    // Both are taken away: the activation (an active assignment) and the eligibility.
    let removed = steps_of(&plan, Action::RemoveRole);
    assert!(
        removed[0].starts_with("New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest")
            && removed[1].starts_with("New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest")
    );
    // Only the eligibility comes back, with the same start (still to come) and end.
    let restored = steps_of(&plan, Action::RestoreRole);
    assert_eq!(restored.len(), 1, "{restored:?}");
    assert!(
        restored[0].contains("RoleEligibilityScheduleRequest") && restored[0].contains("[DateTimeOffset]::Parse('2099-01-01T00:00:00Z'"),
        "{}",
        restored[0]
    );
    assert!(restored[0].contains("endDateTime = '2099-06-30T00:00:00Z'"));
    let removal = plan.steps.iter().find(|s| s.action == Action::RemoveRole).unwrap();
    assert!(removal.reason.contains("comes back through its eligibility"), "{}", removal.reason);
}

#[test]
fn a_record_that_does_not_say_its_kind_leaves_the_role_check_unmade_and_nothing_purged() {
    let mut r = seed_with_facts();
    role(&mut r, &[("Id", "ra-1"), ("RoleDefinitionId", GLOBAL_ADMIN)]);
    let rec = finish(r);
    assert!(rec.pairs[0].not_checked.contains(&Check::RoleKinds), "{:?}", rec.pairs[0].not_checked);
    let options = PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() };
    let purge = build(&rec, &options);
    assert!(not_planned(&purge).unwrap().contains("RoleKinds"), "{:?}", not_planned(&purge));
    let restore = build(&rec, &PlanOptions { free_anchor: FreeAnchor::RestoreAndClear, ..options });
    assert_eq!(not_planned(&restore), None);
    let step = restore.steps.iter().find(|s| s.action == Action::RemoveRole).unwrap();
    assert!(step.warning.as_deref().unwrap().contains("permanent or ends"));
}

#[test]
fn roles_held_through_groups_are_found_or_named_as_not_checked() {
    let group = "99999999-0000-4000-8000-000000000009";
    let mut r = seed_with_facts();
    add(
        &mut r,
        Schema::RoleAssignment,
        &[
            ("Id", "g"),
            ("PrincipalId", group),
            ("RoleDefinitionId", GLOBAL_ADMIN),
            ("MemberType", "Direct"),
            ("AssignmentType", "Assigned"),
            ("EndDateTime", ""),
        ],
    )
    .unwrap();
    add(&mut r, Schema::GroupMembership, &[("PrincipalId", KEEP), ("Id", group)]).unwrap();
    let rec = finish(r);
    assert!(
        rec.pairs[0].findings.iter().any(|(_, m)| m.contains(&format!("through the group {group}"))),
        "{:?}",
        codes(&rec.pairs[0].findings)
    );
    let plan = build(&rec, &PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() });
    assert!(not_planned(&plan).unwrap().contains(&format!("through the group {group}")));
    // Roles given, memberships not: the check is named, and nothing is purged.
    let mut r = seed();
    r.roles_given();
    let rec = finish(r);
    assert!(rec.pairs[0].not_checked.contains(&Check::RolesThroughGroups));
}

#[test]
fn the_unsettled_role_scope_is_said_once_per_step() {
    let plan = seed_plan(
        |r| {
            for (i, definition) in [GLOBAL_ADMIN, EXCHANGE_ADMIN, "fe930be7-5e62-47db-91af-98c3a49a38b1"].iter().enumerate() {
                role(
                    r,
                    &[
                        ("Id", &format!("r{i}")),
                        ("RoleDefinitionId", definition),
                        ("MemberType", "Direct"),
                        ("AssignmentType", "Assigned"),
                        ("EndDateTime", ""),
                    ],
                );
            }
        },
        FreeAnchor::Purge,
    );
    let notice = &plan.steps[0];
    assert_eq!(notice.action, Action::Notice);
    assert_eq!(notice.reason.matches(ROLE_SCOPE_UNSETTLED).count(), 1, "{}", notice.reason);
}

#[test]
fn a_tenant_wide_object_identifier_bypass_is_named() {
    let plan = seed_plan(
        |r| {
            add(r, Schema::Synchronization, &[("Id", "sync-1"), ("Features.AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled", "True")])
                .unwrap();
        },
        FreeAnchor::Purge,
    );
    let bypass = plan.steps.iter().find(|s| s.account == "(tenant)" && s.action == Action::Notice).expect("a tenant notice");
    assert!(
        bypass.reason.contains("AllowOnPremUpdateOfOnPremisesObjectIdentifierEnabled is on")
            && bypass.warning.as_deref().unwrap().contains("Turn the bypass off")
    );
}

#[test]
fn dates_are_microsofts_and_no_page_says_june() {
    let plan = seed_plan(
        |r| {
            role(
                r,
                &[
                    ("Id", "x"),
                    ("RoleDefinitionId", GLOBAL_ADMIN),
                    ("MemberType", "Direct"),
                    ("AssignmentType", "Assigned"),
                    ("EndDateTime", ""),
                ],
            )
        },
        FreeAnchor::Purge,
    );
    let texts: Vec<String> =
        plan.steps.iter().flat_map(|s| [Some(s.reason.clone()), s.warning.clone(), s.unsettled.clone()]).flatten().collect();
    assert!(texts.iter().any(|t| t.contains("begin July 1, 2026")), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("June")), "{texts:?}");
}

#[test]
fn ad_commands_go_to_the_given_domain_controller_or_the_sync_waits_for_replication() {
    let rec = finish(seed_with_facts());
    let options = PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() };
    let without = build(&rec, &options);
    assert!(without.steps.iter().filter(|s| s.action == Action::Sync).all(|s| s.reason.contains("wait until they have replicated")));
    let with = build(&rec, &PlanOptions { server: Some("dc1.alwayshotcafe.com".into()), ..options });
    for command in steps_of(&with, Action::OutOfScope).iter().chain(&steps_of(&with, Action::BackInScope)) {
        assert!(command.ends_with(" -Server 'dc1.alwayshotcafe.com'"), "{command}");
    }
    assert!(with.steps.iter().filter(|s| s.action == Action::Sync).all(|s| !s.reason.contains("replicated")));
}

#[test]
fn cloud_records_read_without_their_anchor_are_named_not_trusted() {
    let mut r = seed();
    // Get-MgUser without -Property: the properties are there, every one empty.
    r.cloud_mut().iter_mut().for_each(|c| {
        c.immutable_id = None;
        c.sync_enabled = None;
    });
    let rec = finish(r);
    assert_eq!(rec.warnings.len(), 1);
    assert!(
        rec.warnings[0].contains("-Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled"),
        "{}",
        rec.warnings[0]
    );
    assert!(rec.pairs.iter().all(|p| p.not_checked.contains(&Check::CloudAnchors)));
    assert!(finish(seed()).warnings.is_empty());
}

#[test]
fn a_script_gives_back_what_it_lifted_in_finally() {
    let plan = seed_plan(
        |r| {
            role(
                r,
                &[
                    ("Id", "x"),
                    ("RoleDefinitionId", GLOBAL_ADMIN),
                    ("MemberType", "Direct"),
                    ("AssignmentType", "Assigned"),
                    ("EndDateTime", ""),
                ],
            )
        },
        FreeAnchor::Purge,
    );
    let text = script(&plan, "0.2.0");
    let lift = plan.steps.iter().find(|s| s.action == Action::RemoveRole).unwrap();
    let back = plan.steps.iter().find(|s| s.action == Action::RestoreRole).unwrap();
    assert_eq!(back.gives_back, Some(lift.order));
    // The lift names the step that gives it back, and that step the lift; the runner gives
    // back in finally whatever is still lifted, and a failed pair's lifts at once.
    assert!(text.contains(&format!("Add-PlanStep -Order {} -Pair 1 -Action RemoveRole -Check {{ -not (", lift.order)), "{text}");
    assert!(text.contains(&format!("-GivenBackBy {}\n", back.order)));
    assert!(text.contains("-Action RestoreRole -Check { @(Get-MgRoleManagementDirectoryRoleAssignment"));
    assert!(text.contains(&format!("-GivesBack {}\n", lift.order)));
    let finally = text.split_once("    finally {\n").unwrap().1;
    assert!(finally.trim_start().starts_with("foreach ($o in @($script:Lifted | Sort-Object -Descending)) {"));
    assert!(finally.contains("Undo-Lift $o $(if ($script:StillLifted.ContainsKey($o))"));
    assert!(text.contains("Undo-Lift $o \"Pair $($who.Number) failed\""));
    // 5.1: nothing PowerShell 7 added.
    for seven in ["??", "?.", " && ", " || ", "-AsPlainText", "ForEach-Object -Parallel"] {
        assert!(!text.contains(seven), "{seven}");
    }
}

fn plan_of_pairs(n: u32, pairs: &[&str], free_anchor: FreeAnchor) -> Plan {
    let options = PlanOptions {
        out_of_scope_ou: Some("OU=Out,DC=contoso,DC=com".into()),
        free_anchor,
        pairs: pairs.iter().map(|p| p.to_string()).collect(),
        ..PlanOptions::default()
    };
    let mut r = pairs_tenant(n);
    give_pairs_facts(&mut r, n);
    build(&finish(r), &options)
}

#[test]
fn every_step_names_its_pair_and_every_change_has_its_check() {
    for free_anchor in [FreeAnchor::Purge, FreeAnchor::RestoreAndClear] {
        let plan = plan_of_pairs(3, &[], free_anchor);
        assert_eq!(plan.pairs.iter().map(|p| p.number).collect::<Vec<_>>(), vec![1, 2, 3]);
        for step in &plan.steps {
            assert_eq!(step.pair == 0, step.account == "(tenant)", "{step:?}");
            if step.pair > 0 {
                assert_eq!(plan.pairs[step.pair as usize - 1].name, step.account);
            }
            // What only reads (checks, syncs, notices) has no check; everything that changes has.
            let reads = matches!(
                step.action,
                Action::Notice
                    | Action::NotPlanned
                    | Action::Sync
                    | Action::VerifyTwinDeleted
                    | Action::CheckNoHolder
                    | Action::VerifyTwinCleared
                    | Action::VerifyMatch
                    | Action::VerifyMailbox
            );
            assert_eq!(step.check.is_none(), reads, "{:?} {:?}", step.action, step.check);
        }
        assert!(plan.pairs[1].matched.contains("Get-MgUser -UserId '00000001-2222-4000-8000-000000000001'"), "{}", plan.pairs[1].matched);
    }
}

#[test]
fn a_script_groups_each_pair_s_steps_under_its_header_and_reads_the_recycle_bin_once() {
    let plan = plan_of_pairs(3, &[], FreeAnchor::Purge);
    let text = script(&plan, "0.2.0");
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("# ==== ")).collect();
    assert_eq!(
        headers,
        vec![
            "# ==== Where Microsoft's documentation is unsettled (the steps refer to these) ====",
            "# ==== The tenant ====",
            "# ==== Pair 1 of 3: u0 -> keep0@contoso.com ====",
            "# ==== Pair 2 of 3: u1 -> keep1@contoso.com ====",
            "# ==== Pair 3 of 3: u2 -> keep2@contoso.com ===="
        ]
    );
    for (n, part) in text.split("\n# ==== Pair ").skip(1).enumerate() {
        let registered: Vec<&str> = part.lines().filter(|l| l.starts_with("Add-PlanStep ")).collect();
        assert!(!registered.is_empty());
        assert!(registered.iter().all(|l| l.contains(&format!(" -Pair {} ", n + 1))), "{registered:?}");
    }
    // An unsettled note is written once and referred to by each step it concerns.
    assert_eq!(text.matches("\n# [1] Microsoft documents clearing onPremisesImmutableId").count(), 1);
    assert_eq!(text.matches("# Documentation unsettled: see [1] above.").count(), 3);
    // The recycle bin: listed once by the runner, never by a step of the script.
    assert_eq!(text.matches("Get-MgDirectoryDeletedItemAsUser -All").count(), 1);
    assert_eq!(text.matches("@(Get-DeletedHolder '").count(), 3);
    // The same plan has the same name, another plan another.
    let id = |t: &str| t.lines().find(|l| l.starts_with("$PlanId = ")).unwrap().to_string();
    assert_eq!(id(&text), id(&script(&plan_of_pairs(3, &[], FreeAnchor::Purge), "0.2.0")));
    assert_ne!(id(&text), id(&script(&plan_of_pairs(2, &[], FreeAnchor::Purge), "0.2.0")));
    assert!(text.ends_with("Invoke-Plan\nif ($script:Failed -gt 0) { exit 1 }\n"));
}

#[test]
fn pair_plans_only_the_pairs_named_and_says_which_names_picked_none() {
    let plan = plan_of_pairs(3, &["U1", "keep2@CONTOSO.com", "nobody"], FreeAnchor::Purge);
    assert_eq!(plan.pairs.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["u1 -> keep1@contoso.com", "u2 -> keep2@contoso.com"]);
    assert!(plan.steps.iter().all(|s| !s.account.starts_with("u0 ")));
    let notice = plan.steps.iter().find(|s| s.account == "(tenant)" && s.action == Action::Notice).unwrap();
    assert!(notice.reason.starts_with("-Pair 'nobody' names no pair of this plan"), "{}", notice.reason);
    let none = plan_of_pairs(3, &["nobody"], FreeAnchor::Purge);
    assert!(none.pairs.is_empty());
    assert_eq!(none.steps.len(), 1);
}
