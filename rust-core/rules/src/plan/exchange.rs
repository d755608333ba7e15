//! The Exchange commands of a plan: the on-premises user made the remote mailbox of the cloud
//! mailbox it takes over (Exchange Management Shell), the cloud's addresses added to its
//! proxyAddresses (ActiveDirectory), and the mailbox checked after the match (Exchange Online
//! and Graph). Each checks first whether its effect is in place, and says so instead of
//! acting twice.
//!
//! Checked against Microsoft's pages: Enable-RemoteMailbox and Set-RemoteMailbox
//! (-ExchangeGuid, -ArchiveGuid, -DomainController: learn.microsoft.com/powershell/module/exchange),
//! the Exchange team's "On provisioning mailboxes in Exchange Online when in Hybrid" (stamp the
//! cloud ExchangeGuid on the remote mailbox), Set-ADUser (-Remove runs before -Add:
//! learn.microsoft.com/powershell/module/activedirectory/set-aduser), Get-EXOMailbox
//! (-ExternalDirectoryObjectId, -Properties ExchangeGuid) and Graph's user resource
//! (serviceProvisioningErrors, onPremisesProvisioningErrors).

use crate::reconcile::{CloudAccount, Mailbox, OnPremAccount, Reconciliation};

use super::commands::{ad_identity, on_dc, ps_quote, server, user_id};

/// The hybrid routing address of `mailbox`: its own address on the tenant's
/// mail.onmicrosoft.com domain, else its alias (or the local part of its primary address) on
/// that domain, made from the initial domain -Domain names.
pub fn routing_address(rec: &Reconciliation, mailbox: &Mailbox) -> Option<String> {
    if let Some(own) = mailbox.routing_address() {
        return Some(own.to_string());
    }
    let tenant = rec.facts.initial_domain()?.strip_suffix(".onmicrosoft.com")?.to_string();
    let alias =
        mailbox.alias.clone().or_else(|| mailbox.primary_smtp.as_deref().and_then(|p| p.split_once('@')).map(|(l, _)| l.to_string()))?;
    Some(format!("{alias}@{tenant}.mail.onmicrosoft.com"))
}

/// Makes the on-premises user the remote mailbox of `mailbox`: Enable-RemoteMailbox when it
/// is not one yet, then its msExchMailboxGuid (and archive GUID) set to the cloud mailbox's.
pub fn stamp_remote_mailbox(o: &OnPremAccount, mailbox: &Mailbox, routing: &str, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let guid = mailbox.exchange_guid?;
    let dc = on_dc(dc, "DomainController");
    let (archive_set, archive_differs) = match mailbox.archive_guid {
        Some(a) => (format!(" -ArchiveGuid '{a}'"), format!(" -or $remote.ArchiveGuid -ne [guid]'{a}'")),
        None => (String::new(), String::new()),
    };
    // The cloud mailbox's alias and primary address, so that the remote mailbox does not give
    // it the AD user's (which would reach the cloud at the match); a primary address on
    // onmicrosoft.com is Exchange Online's own, and stays there.
    let alias = mailbox.alias.as_deref().map(|a| format!(" -Alias {}", ps_quote(a))).unwrap_or_default();
    let primary = mailbox
        .primary_smtp
        .as_deref()
        .filter(|p| !p.to_ascii_lowercase().ends_with(".onmicrosoft.com"))
        .map(|p| format!(" -PrimarySmtpAddress {}", ps_quote(p)))
        .unwrap_or_default();
    Some(format!(
        "$remote = Get-RemoteMailbox -Identity {id}{dc} -ErrorAction SilentlyContinue; if (-not $remote) {{ Enable-RemoteMailbox -Identity {id} -RemoteRoutingAddress {}{alias}{primary}{dc}; $remote = Get-RemoteMailbox -Identity {id}{dc} }}; if ($remote.ExchangeGuid -ne [guid]'{guid}'{archive_differs}) {{ Set-RemoteMailbox -Identity {id} -ExchangeGuid '{guid}'{archive_set}{dc} }} else {{ Write-Host {} }}",
        ps_quote(routing),
        ps_quote(&format!("{} is already the remote mailbox of {}.", o.label(), mailbox.label()))
    ))
}

/// Adds `add` to the user's proxyAddresses and makes `primary` its primary address (the one it
/// had stays as a secondary one), skipping what is there already. Set-ADUser removes before
/// it adds, so an address can change from secondary to primary in one call.
pub fn add_proxy_addresses(o: &OnPremAccount, add: &[String], primary: Option<&str>, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let server = server(dc);
    let quoted: Vec<String> = add.iter().map(|a| ps_quote(a)).collect();
    let primary_part = match primary {
        Some(p) => format!(
            "$primary = {}; $old = @($addresses | Where-Object {{ $_ -clike 'SMTP:*' -and $_ -ne $primary }}); $remove = $old + @($addresses | Where-Object {{ $_ -eq $primary -and $_ -cne $primary }}); $add += @($old | ForEach-Object {{ 'smtp:' + $_.Substring(5) }}); if ($addresses -cnotcontains $primary) {{ $add += $primary }}; ",
            ps_quote(&format!("SMTP:{p}"))
        ),
        None => "$remove = @(); ".to_string(),
    };
    let mail = primary.map_or(String::new(), |p| format!(" -EmailAddress {}", ps_quote(p)));
    Some(format!(
        "$user = Get-ADUser -Identity {id} -Properties proxyAddresses{server}; $had = $user.PSObject.Properties['proxyAddresses']; $addresses = @(if ($had -and $had.Value) {{ $had.Value }}); $add = @(@({}) | Where-Object {{ $addresses -notcontains $_ }}); {primary_part}if ($add.Count -eq 0 -and $remove.Count -eq 0) {{ Write-Host {} }} else {{ $change = @{{ Identity = {id} }}; if ($remove.Count -gt 0) {{ $change.Remove = @{{ proxyAddresses = [string[]]$remove }} }}; if ($add.Count -gt 0) {{ $change.Add = @{{ proxyAddresses = [string[]]$add }} }}; Set-ADUser @change{mail}{server} }}",
        quoted.join(", "),
        ps_quote(&format!("{}'s proxyAddresses already hold the cloud mailbox's addresses.", o.label()))
    ))
}

/// The undo of [`add_proxy_addresses`]: proxyAddresses (and mail) back to what the input showed.
pub fn restore_proxy_addresses(o: &OnPremAccount, dc: Option<&str>) -> Option<String> {
    let id = ad_identity(o)?;
    let server = server(dc);
    let was = &o.exchange.proxy_addresses;
    let addresses = if was.is_empty() {
        format!("Set-ADUser -Identity {id} -Clear proxyAddresses{server}")
    } else {
        let quoted: Vec<String> = was.iter().map(|a| ps_quote(a)).collect();
        format!("Set-ADUser -Identity {id} -Replace @{{ proxyAddresses = [string[]]@({}) }}{server}", quoted.join(", "))
    };
    // mail too, as it was: the step may set it to the cloud's primary address.
    let mail = match &o.mail {
        Some(m) => format!("; Set-ADUser -Identity {id} -EmailAddress {}{server}", ps_quote(m)),
        None => format!("; Set-ADUser -Identity {id} -Clear mail{server}"),
    };
    Some(format!("{addresses}{mail}"))
}

/// After the match: the cloud mailbox is still there with its ExchangeGuid, and Entra shows no
/// provisioning error for the user.
pub fn verify_mailbox(c: &CloudAccount, mailbox: &Mailbox) -> String {
    let guid = mailbox.exchange_guid.map(|g| g.to_string()).unwrap_or_default();
    let id = c.id.as_deref().unwrap_or("");
    format!(
        "$mailbox = Get-EXOMailbox -ExternalDirectoryObjectId {} -Properties ExchangeGuid -ErrorAction SilentlyContinue; if (-not $mailbox -or $mailbox.ExchangeGuid -ne [guid]'{guid}') {{ throw {} }}; $user = Get-MgUser -UserId {} -Property Id,ServiceProvisioningErrors,OnPremisesProvisioningErrors; if (@($user.ServiceProvisioningErrors).Count -gt 0 -or @($user.OnPremisesProvisioningErrors).Count -gt 0) {{ throw {} }}",
        ps_quote(id),
        ps_quote(&format!("{}'s mailbox {} is not there with ExchangeGuid {guid}: do not license, disable or re-create anything; look for it with Get-EXOMailbox -SoftDeletedMailbox and in the remote mailbox's ExchangeGuid, and open a case with Microsoft if it is gone.", c.label(), mailbox.label())),
        user_id(c),
        ps_quote(&format!("{} has provisioning errors (serviceProvisioningErrors or onPremisesProvisioningErrors, shown by Get-MgUser and in the Microsoft 365 admin center): a proxy address or UPN another object holds is the usual cause; fix it in AD, let the sync run, then run this step again.", c.label()))
    )
}
