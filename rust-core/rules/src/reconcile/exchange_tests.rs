//! Keeping the mailbox: the Exchange findings and steps on the seed case (Alice keeps
//! Alice.Cloud's mailbox), hybrid and not.

use super::tests::{add, codes, finish, seed_with_facts, KEEP, TWIN};
use super::*;
use crate::plan::{self, Action, FreeAnchor, Plan, PlanOptions};
use crate::records::Schema;

const EXCHANGE_GUID: &str = "9e0c2a51-7d3b-4f8e-a1c6-5b2d8f4e7a90";
const LEGACY_DN: &str = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=2a1b-Alice.Cloud";
const CLOUD_ADDRESSES: &str = "SMTP:Alice.Cloud@alwayshotcafe2020.onmicrosoft.com\nsmtp:alice.cloud@alwayshotcafe.com\nsmtp:Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com\nX500:/o=Old/cn=alice";

/// Alice.Cloud's mailbox; `extra` first, as the first of a name wins.
fn keep_mailbox(r: &mut Reconciler, extra: &[(&str, &str)]) {
    let mut given = extra.to_vec();
    given.extend_from_slice(&[
        ("ExternalDirectoryObjectId", KEEP),
        ("UserPrincipalName", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com"),
        ("ExchangeGuid", EXCHANGE_GUID),
        ("ArchiveGuid", "00000000-0000-0000-0000-000000000000"),
        ("LegacyExchangeDN", LEGACY_DN),
        ("EmailAddresses", CLOUD_ADDRESSES),
        ("PrimarySmtpAddress", "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com"),
        ("RecipientTypeDetails", "UserMailbox"),
    ]);
    add(r, Schema::Mailbox, &given).unwrap();
}

/// The seed case with every fact, Alice.Cloud's mailbox, and Alice's Exchange attributes as given.
fn seed_with_mailbox(alice: &[(&str, &str)]) -> Reconciler {
    let mut r = seed_with_facts();
    keep_mailbox(&mut r, &[]);
    let mut given = alice.to_vec();
    given.extend_from_slice(&[
        ("ObjectGUID", "874bcd2b-148d-47ca-b309-91df64f05bf5"),
        ("SamAccountName", "alice"),
        ("UserPrincipalName", "alice@alwayshotcafe.com"),
        ("DistinguishedName", "CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com"),
        ("ProxyAddresses", "SMTP:alice@alwayshotcafe.com"),
        ("Mail", "alice@alwayshotcafe.com"),
    ]);
    let mut fresh = Reconciler::new();
    add(&mut fresh, Schema::OnPremisesUser, &given).unwrap();
    r.on_prem[0] = fresh.on_prem.remove(0);
    r
}

fn plan_of(rec: &Reconciliation) -> Plan {
    plan::build(rec, &PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() })
}

fn step(plan: &Plan, action: Action) -> &plan::Step {
    plan.steps
        .iter()
        .find(|s| s.action == action)
        .unwrap_or_else(|| panic!("no {action:?} in {:?}", plan.steps.iter().map(|s| s.action).collect::<Vec<_>>()))
}

fn position(plan: &Plan, action: Action) -> usize {
    plan.steps.iter().position(|s| s.action == action).unwrap()
}

#[test]
fn without_exchange_on_premises_the_plan_adds_the_cloud_addresses_and_checks_the_mailbox() {
    let none = [("msExchMailboxGuid", ""), ("msExchRecipientTypeDetails", "")];
    let rec = finish(seed_with_mailbox(&none));
    let pair = &rec.pairs[0];
    assert_eq!(codes(&pair.findings), ["MappedExplicitly", "AnchorHeldByActiveTwin", "CloudAddressesMissing"]);
    assert!(pair.not_checked.is_empty(), "{:?}", pair.not_checked);
    let missing = &pair.findings[2].1;
    for shown in ["smtp:alice.cloud@alwayshotcafe.com", "X500:/o=Old/cn=alice", &format!("X500:{LEGACY_DN}")] {
        assert!(missing.contains(shown), "{shown} in {missing}");
    }
    assert!(missing.contains("smtp:Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com"), "hybrid routing targets it: {missing}");
    assert!(!missing.contains("smtp:Alice.Cloud@alwayshotcafe2020.onmicrosoft.com"), "Exchange Online stamps its own: {missing}");
    let plan = plan_of(&rec);
    assert!(plan.steps.iter().all(|s| s.action != Action::StampRemoteMailbox), "no Exchange on-premises, no remote mailbox");
    let added = step(&plan, Action::AddProxyAddresses);
    let command = added.command.as_deref().unwrap();
    assert!(
        command.starts_with("$user = Get-ADUser -Identity '874bcd2b-148d-47ca-b309-91df64f05bf5' -Properties proxyAddresses;"),
        "{command}"
    );
    assert!(command.contains("'smtp:alice.cloud@alwayshotcafe.com', 'smtp:Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com', 'X500:/o=Old/cn=alice', 'X500:/o=ExchangeLabs/"), "{command}");
    assert!(!command.contains("$primary") && !command.contains("-EmailAddress"), "AD's primary stays: {command}");
    assert!(command.contains("Write-Host") && command.contains("-notcontains"), "checks before it acts: {command}");
    assert!(added.reversible && added.reason.contains("Undo: Set-ADUser -Identity '874bcd2b-148d-47ca-b309-91df64f05bf5' -Replace @{ proxyAddresses = [string[]]@('SMTP:alice@alwayshotcafe.com') }; Set-ADUser -Identity '874bcd2b-148d-47ca-b309-91df64f05bf5' -EmailAddress 'alice@alwayshotcafe.com'"), "{}", added.reason);
    // Out of scope first, then the addresses, all before anything irreversible and the return.
    assert!(position(&plan, Action::VerifyTwinDeleted) < position(&plan, Action::AddProxyAddresses));
    assert!(position(&plan, Action::AddProxyAddresses) < position(&plan, Action::CheckNoHolder));
    assert!(position(&plan, Action::AddProxyAddresses) < position(&plan, Action::PurgeTwin));
    assert!(position(&plan, Action::AddProxyAddresses) < position(&plan, Action::BackInScope));
    let verify = step(&plan, Action::VerifyMailbox);
    assert!(position(&plan, Action::VerifyMatch) < position(&plan, Action::VerifyMailbox));
    let command = verify.command.as_deref().unwrap();
    assert!(command.contains(&format!("Get-EXOMailbox -ExternalDirectoryObjectId '{KEEP}' -Properties ExchangeGuid")), "{command}");
    assert!(command.contains(&format!("[guid]'{EXCHANGE_GUID}'")) && command.contains("OnPremisesProvisioningErrors"), "{command}");
}

#[test]
fn in_a_hybrid_organisation_the_user_becomes_the_remote_mailbox_of_the_cloud_mailbox() {
    // Exchange runs on-premises (Alice carries its attributes) but Alice is no recipient.
    let rec = finish(seed_with_mailbox(&[("legacyExchangeDN", "/o=Contoso/cn=alice"), ("msExchRecipientTypeDetails", "")]));
    let pair = &rec.pairs[0];
    assert!(pair.has(Finding::NotRemoteMailbox), "{:?}", codes(&pair.findings));
    let plan = plan_of(&rec);
    let stamp = step(&plan, Action::StampRemoteMailbox);
    let command = stamp.command.as_deref().unwrap();
    let id = "'874bcd2b-148d-47ca-b309-91df64f05bf5'";
    assert!(command.starts_with(&format!("$remote = Get-RemoteMailbox -Identity {id} -ErrorAction SilentlyContinue; if (-not $remote) {{ Enable-RemoteMailbox -Identity {id} -RemoteRoutingAddress 'Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com'")), "{command}");
    assert!(command.contains(&format!("Set-RemoteMailbox -Identity {id} -ExchangeGuid '{EXCHANGE_GUID}'")), "{command}");
    assert!(!command.contains("-ArchiveGuid"), "a nil ArchiveGuid is no archive: {command}");
    assert!(stamp.reversible);
    assert!(position(&plan, Action::StampRemoteMailbox) < position(&plan, Action::AddProxyAddresses));
    assert!(position(&plan, Action::StampRemoteMailbox) < position(&plan, Action::PurgeTwin));
    assert!(step(&plan, Action::AddProxyAddresses).warning.as_deref().unwrap().contains("EmailAddressPolicyEnabled"));
    // With -Server, the Exchange commands go to that DC too.
    let options = PlanOptions { server: Some("dc1.alwayshotcafe.com".into()), ..plan_options() };
    let plan = plan::build(&rec, &options);
    assert!(step(&plan, Action::StampRemoteMailbox).command.as_deref().unwrap().contains("-DomainController 'dc1.alwayshotcafe.com'"));
    assert!(step(&plan, Action::AddProxyAddresses).command.as_deref().unwrap().contains("-Server 'dc1.alwayshotcafe.com'"));
}

fn plan_options() -> PlanOptions {
    PlanOptions { out_of_scope_ou: Some("OU=Unsynced,DC=alwayshotcafe,DC=com".into()), ..PlanOptions::default() }
}

#[test]
fn a_remote_mailbox_of_another_mailbox_is_corrected_with_its_archive() {
    let mut r = seed_with_mailbox(&[
        ("msExchRecipientTypeDetails", "2147483648"),
        ("msExchRemoteRecipientType", "4"),
        ("msExchMailboxGuid", "0f0e0d0c-0b0a-0908-0706-050403020100"),
    ]);
    r.facts.mailboxes = None;
    keep_mailbox(&mut r, &[("ArchiveGuid", "12345678-90ab-4cde-8f01-234567890abc")]);
    let rec = finish(r);
    let pair = &rec.pairs[0];
    let found = pair.findings.iter().find(|(f, _)| *f == Finding::RemoteMailboxGuidMismatch).expect("the mismatch");
    assert!(found.1.contains("0f0e0d0c-0b0a-0908-0706-050403020100") && found.1.contains(EXCHANGE_GUID), "{}", found.1);
    let command = step(&plan_of(&rec), Action::StampRemoteMailbox).command.clone().unwrap();
    assert!(
        command.contains("-ArchiveGuid '12345678-90ab-4cde-8f01-234567890abc'") && command.contains("$remote.ArchiveGuid -ne"),
        "{command}"
    );
    // The same user stamped right: nothing to correct.
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "2147483648"), ("msExchMailboxGuid", EXCHANGE_GUID)]);
    r.on_prem[0].exchange.proxy_addresses = CLOUD_ADDRESSES.lines().map(str::to_string).chain([format!("x500:{LEGACY_DN}")]).collect();
    let rec = finish(r);
    assert_eq!(codes(&rec.pairs[0].findings), ["MappedExplicitly", "AnchorHeldByActiveTwin"], "AD already has every address, case aside");
    let plan = plan_of(&rec);
    assert!(plan.steps.iter().all(|s| !matches!(s.action, Action::StampRemoteMailbox | Action::AddProxyAddresses)));
    assert!(plan.steps.iter().any(|s| s.action == Action::VerifyMailbox));
}

#[test]
fn an_on_premises_mailbox_and_a_cloud_one_need_a_person() {
    let rec =
        finish(seed_with_mailbox(&[("msExchRecipientTypeDetails", "1"), ("msExchMailboxGuid", "0f0e0d0c-0b0a-0908-0706-050403020100")]));
    let pair = &rec.pairs[0];
    assert!(pair.has(Finding::OnPremisesMailbox) && !pair.plannable());
    let plan = plan_of(&rec);
    assert_eq!(plan.steps.len(), 1);
    let why = &plan.steps[0].reason;
    assert_eq!(plan.steps[0].action, Action::NotPlanned);
    assert!(
        why.contains("msExchRecipientTypeDetails 1") && why.contains(EXCHANGE_GUID) && why.contains("Migrate the on-premises mailbox"),
        "{why}"
    );
    // A mail user cannot be stamped as a remote mailbox: a person converts it first.
    let plan = plan_of(&finish(seed_with_mailbox(&[("msExchRecipientTypeDetails", "128")])));
    assert_eq!(plan.steps[0].action, Action::NotPlanned);
    assert!(plan.steps[0].reason.contains("Disable-MailUser"), "{}", plan.steps[0].reason);
}

#[test]
fn without_exchange_facts_the_checks_are_not_made_and_nothing_is_purged() {
    let mut r = seed_with_facts();
    r.facts.mailboxes = None;
    r.on_prem[0].exchange.known = false;
    let rec = finish(r);
    assert_eq!(rec.pairs[0].not_checked, [Check::OnPremisesMailbox, Check::Mailboxes]);
    let plan = plan_of(&rec);
    assert_eq!(plan.steps[0].action, Action::NotPlanned);
    let why = &plan.steps[0].reason;
    assert!(
        why.contains("Mailboxes") && why.contains("-Mailbox @() when the tenant has no cloud mailbox") && why.contains("msExch"),
        "{why}"
    );
    // Restoring the twin instead of purging it can still be planned, the checks named.
    let options = PlanOptions { free_anchor: FreeAnchor::RestoreAndClear, ..plan_options() };
    let plan = plan::build(&rec, &options);
    assert!(plan.steps[0].reason.contains("Not checked, for want of facts: OnPremisesMailbox, Mailboxes"), "{}", plan.steps[0].reason);
}

#[test]
fn the_twin_s_own_mailbox_is_named_in_the_purge_warning() {
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "")]);
    add(
        &mut r,
        Schema::Mailbox,
        &[
            ("ExternalDirectoryObjectId", TWIN),
            ("PrimarySmtpAddress", "alice@alwayshotcafe.com"),
            ("ExchangeGuid", "aaaaaaaa-1111-4222-8333-444444444444"),
        ],
    )
    .unwrap();
    let rec = finish(r);
    let twin = rec.pairs[0].findings.iter().find(|(f, _)| *f == Finding::TwinHasMailbox).expect("the twin's mailbox");
    assert!(twin.1.contains("alice@alwayshotcafe.com") && twin.1.contains("size unknown"), "{}", twin.1);
    let plan = plan_of(&rec);
    let purge = step(&plan, Action::PurgeTwin);
    assert!(
        purge.warning.as_deref().unwrap().contains("Its mailbox goes with it: alice@alwayshotcafe.com (size unknown)"),
        "{:?}",
        purge.warning
    );
    // Its size, when given.
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "")]);
    add(
        &mut r,
        Schema::Mailbox,
        &[
            ("ExternalDirectoryObjectId", TWIN),
            ("PrimarySmtpAddress", "alice@alwayshotcafe.com"),
            ("TotalItemSize", "1.2 GB (1,288,490,188 bytes)"),
        ],
    )
    .unwrap();
    let plan = plan_of(&finish(r));
    assert!(step(&plan, Action::PurgeTwin).warning.as_deref().unwrap().contains("alice@alwayshotcafe.com (1.2 GB (1,288,490,188 bytes))"));
}

#[test]
fn soft_deleted_and_inactive_mailboxes_are_not_the_account_s_mailbox() {
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "")]);
    r.facts.mailboxes = None;
    keep_mailbox(&mut r, &[("IsInactiveMailbox", "True")]);
    let rec = finish(r);
    assert!(rec.pairs[0].has(Finding::MailboxNotActive) && !rec.pairs[0].has(Finding::CloudAddressesMissing));
    assert!(plan_of(&rec).steps.iter().all(|s| s.action != Action::VerifyMailbox));
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "")]);
    r.facts.mailboxes = None;
    keep_mailbox(&mut r, &[("IsSoftDeletedByRemove", "True")]);
    let rec = finish(r);
    let said = &rec.pairs[0].findings.iter().find(|(f, _)| *f == Finding::MailboxNotActive).unwrap().1;
    assert!(said.contains("soft-deleted"), "{said}");
}

#[test]
fn mailbox_records_that_name_no_user_and_unreadable_attributes_are_said_so() {
    let mut r = Reconciler::new();
    assert_eq!(add(&mut r, Schema::Mailbox, &[("ExchangeGuid", EXCHANGE_GUID)]).unwrap_err().code, "WrongRecordType");
    assert_eq!(
        add(&mut r, Schema::Mailbox, &[("ExternalDirectoryObjectId", KEEP), ("ExchangeGuid", "nope")]).unwrap_err().code,
        "UnrecognizedFormat"
    );
    let rec = finish(seed_with_mailbox(&[("msExchMailboxGuid", "System.Byte[]")]));
    let pair = &rec.pairs[0];
    let said = &pair.findings.iter().find(|(f, _)| *f == Finding::ExchangeAttributesUnreadable).unwrap().1;
    assert!(said.contains("msExchMailboxGuid") && said.contains("Export-Csv"), "{said}");
    assert!(pair.not_checked.contains(&Check::OnPremisesMailbox));
}

#[test]
fn the_cloud_s_primary_address_on_the_organisation_s_domain_becomes_ad_s() {
    let mut r = seed_with_mailbox(&[("msExchRecipientTypeDetails", "")]);
    r.facts.mailboxes = None;
    keep_mailbox(&mut r, &[("PrimarySmtpAddress", "alice.cloud@alwayshotcafe.com")]);
    let rec = finish(r);
    let said = &rec.pairs[0].findings.iter().find(|(f, _)| *f == Finding::CloudAddressesMissing).unwrap().1;
    assert!(said.contains("its primary address is alice@alwayshotcafe.com where the cloud's is alice.cloud@alwayshotcafe.com"), "{said}");
    let command = step(&plan_of(&rec), Action::AddProxyAddresses).command.clone().unwrap();
    assert!(command.contains("$primary = 'SMTP:alice.cloud@alwayshotcafe.com'"), "{command}");
    assert!(
        command.contains("$add += @($old | ForEach-Object { 'smtp:' + $_.Substring(5) })"),
        "the old primary stays as a secondary address: {command}"
    );
    assert!(command.contains("-EmailAddress 'alice.cloud@alwayshotcafe.com'"), "{command}");
    assert!(!command.contains("'smtp:alice.cloud@alwayshotcafe.com'"), "the primary is not added twice: {command}");
}
