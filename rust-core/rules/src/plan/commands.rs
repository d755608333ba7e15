//! The exact command lines of a plan: Microsoft Graph PowerShell, ActiveDirectory and
//! ADSync, with real values filled in and quoted so that any value is safe to paste.

use crate::reconcile::{CloudAccount, OnPremAccount, RoleAssignment, RoleKind};

/// A PowerShell single-quoted string: PowerShell also ends such a string at typographic
/// single quotes (U+2018..U+201B), so those are doubled too.
pub fn ps_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for a URI query.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The parent container of a DN ("CN=Smith\, John,OU=Users,DC=contoso,DC=com" ->
/// "OU=Users,DC=contoso,DC=com"): everything after the first comma that is not escaped.
pub fn parent_dn(dn: &str) -> Option<&str> {
    let mut escaped = false;
    for (i, c) in dn.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ',' if !escaped => return Some(dn[i + 1..].trim_start()).filter(|p| !p.is_empty()),
            _ => escaped = false,
        }
    }
    None
}

/// How a cloud account is named to Graph cmdlets: its object id, else its UPN.
pub fn user_id(c: &CloudAccount) -> String {
    ps_quote(c.id.as_deref().or(c.upn.as_deref()).unwrap_or(""))
}

/// How an AD user is named to Move-ADObject, which takes a DN or an objectGUID only.
pub fn ad_identity(o: &OnPremAccount) -> Option<String> {
    o.object_guid.map(|g| g.to_string()).or_else(|| o.dn.clone()).map(|i| ps_quote(&i))
}

pub(super) const GRAPH: &str = "https://graph.microsoft.com";

/// A check that finds any user already holding `anchor` (other than the soft-deleted twins
/// in `freed`, whose anchor the plan frees next), and stops the script if one does.
/// Graph's SDK turns a '+' in -Filter into a space (msgraph-sdk-powershell #1339, #2973),
/// so the query is sent whole, percent-encoded. `onPremisesImmutableId` supports `eq` without
/// advanced-query headers (Graph's user resource page), which would read a lagging index.
/// Soft-deleted users cannot be filtered by anchor in Graph: the recycle bin is listed and
/// compared here, case-sensitively, as Entra compares anchors.
pub fn no_holder_check(anchor: &str, freed: &[&str], target: &str) -> String {
    no_holder(anchor, freed, target, &format!("@(Get-MgDirectoryDeletedItemAsUser -All -PageSize 999 -Property Id,UserPrincipalName,OnPremisesImmutableId | Where-Object {{ $_.OnPremisesImmutableId -ceq {} }})", ps_quote(anchor)))
}

/// The same check in a script, which lists the recycle bin once per run and looks each
/// anchor up in it (`Get-DeletedHolder`, defined by the script), so that its Graph calls grow
/// with the pairs, not with the recycle bin times the pairs.
pub fn no_holder_check_in_run(anchor: &str, freed: &[&str], target: &str) -> String {
    no_holder(anchor, freed, target, &format!("@(Get-DeletedHolder {})", ps_quote(anchor)))
}

/// Written to hold under Set-StrictMode -Version Latest (the script's), where a missing key
/// or property throws. `deleted`: the soft-deleted users holding the anchor. `target`, the
/// account to keep, is no other holder (it holds the anchor once a rerun is past SetAnchor).
fn no_holder(anchor: &str, freed: &[&str], target: &str, deleted: &str) -> String {
    let filter = percent_encode(&format!("onPremisesImmutableId eq '{}'", anchor.replace('\'', "''")));
    let uri = format!("{GRAPH}/v1.0/users?$filter={filter}&$select=id,userPrincipalName");
    let freed: Vec<String> = freed.iter().map(|id| ps_quote(&id.to_ascii_lowercase())).collect();
    format!(
        "$freed = @({}); $holders = @((Invoke-MgGraphRequest -Method GET -Uri {}).value | Where-Object {{ $_['id'] -ne {} }} | ForEach-Object {{ $_['userPrincipalName'] }}) + @({deleted} | Where-Object {{ $freed -notcontains $_.Id.ToLowerInvariant() }} | ForEach-Object {{ \"$($_.UserPrincipalName) (soft-deleted)\" }}); if ($holders.Count -gt 0) {{ throw \"{} is still held by $($holders -join ', '): free it first.\" }}",
        freed.join(", "),
        ps_quote(&uri),
        ps_quote(target),
        anchor.replace('`', "``").replace('"', "`\"").replace('$', "`$")
    )
}

pub fn set_anchor(c: &CloudAccount, anchor: &str) -> String {
    format!("Update-MgUser -UserId {} -OnPremisesImmutableId {}", user_id(c), ps_quote(anchor))
}

pub fn set_upn(c: &CloudAccount, upn: &str) -> String {
    format!("Update-MgUser -UserId {} -UserPrincipalName {}", user_id(c), ps_quote(upn))
}

/// ` -<parameter> '<dc>'`, the DC Entra Connect reads, when given: `-Server` for an
/// ActiveDirectory command, `-DomainController` for an Exchange Management Shell one.
pub(super) fn on_dc(dc: Option<&str>, parameter: &str) -> String {
    dc.map(|d| format!(" -{parameter} {}", ps_quote(d))).unwrap_or_default()
}

/// `-Server` for an ActiveDirectory command.
pub(super) fn server(dc: Option<&str>) -> String {
    on_dc(dc, "Server")
}

pub fn move_ad_object(o: &OnPremAccount, target: &str, dc: Option<&str>) -> Option<String> {
    Some(format!("Move-ADObject -Identity {} -TargetPath {}{}", ad_identity(o)?, ps_quote(target), server(dc)))
}

/// Pauses (or resumes) Entra Connect's scheduler, on its server.
pub fn scheduler(enabled: bool) -> String {
    format!("Set-ADSyncScheduler -SyncCycleEnabled ${enabled}")
}

/// Moves a UPN off a federated domain: a managed domain needs a password, read when the
/// step runs (never written into the plan) and freed from memory after the call. Works in
/// Windows PowerShell 5.1 (no ConvertFrom-SecureString -AsPlainText there).
pub fn set_upn_off_federated(c: &CloudAccount, upn: &str) -> String {
    format!(
        "$secret = Read-Host -AsSecureString -Prompt {}; $bstr = [Runtime.InteropServices.Marshal]::SecureStringToBSTR($secret); try {{ Update-MgUser -UserId {} -UserPrincipalName {} -PasswordProfile @{{ Password = [Runtime.InteropServices.Marshal]::PtrToStringBSTR($bstr); ForceChangePasswordNextSignIn = $false }} }} finally {{ [Runtime.InteropServices.Marshal]::ZeroFreeBSTR($bstr) }}",
        ps_quote(&format!("A temporary password for {} while its UPN is on a managed domain (password hash sync replaces it after the match)", c.label())),
        user_id(c),
        ps_quote(upn)
    )
}

pub fn tenant_switch(sync_id: &str, block: bool) -> String {
    format!(
        "Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId {} -BodyParameter @{{ features = @{{ blockCloudObjectTakeoverThroughHardMatchEnabled = ${} }} }}",
        ps_quote(sync_id),
        block
    )
}

/// The twin is in the recycle bin (or, on a rerun, purged already: gone, and not active).
pub fn verify_twin_deleted(twin: &CloudAccount) -> String {
    let id = ps_quote(twin.id.as_deref().unwrap_or(""));
    format!(
        "if (-not (Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId {id} -ErrorAction SilentlyContinue)) {{ if (Get-MgUser -UserId {id} -Property Id -ErrorAction SilentlyContinue) {{ throw {} }} else {{ Write-Host {} }} }}",
        ps_quote(&format!("{} is not in the recycle bin yet: let the sync finish, then run this step again.", twin.label())),
        ps_quote(&format!("{} is purged already.", twin.label()))
    )
}

pub fn purge(twin: &CloudAccount) -> String {
    format!("Remove-MgDirectoryDeletedItem -DirectoryObjectId {}", ps_quote(twin.id.as_deref().unwrap_or("")))
}

/// Restores a soft-deleted twin under another UPN (the restore request takes
/// `newUserPrincipalName`; `Restore-MgDirectoryDeletedItem` cannot send it: msgraph-sdk-powershell
/// #3353), removing proxy addresses another account holds, then clears its anchor. A twin
/// restored already (a step stopped between the two calls) is only cleared.
pub fn restore_and_clear(twin: &CloudAccount, new_upn: &str) -> String {
    let id = twin.id.as_deref().unwrap_or("");
    format!(
        "if (Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId {} -ErrorAction SilentlyContinue) {{ Invoke-MgGraphRequest -Method POST -Uri {} -Body @{{ autoReconcileProxyConflict = $true; newUserPrincipalName = {} }} }}; Invoke-MgGraphRequest -Method PATCH -Uri {} -Body @{{ onPremisesImmutableId = $null }}",
        ps_quote(id),
        ps_quote(&format!("{GRAPH}/v1.0/directory/deletedItems/{}/restore", percent_encode(id))),
        ps_quote(new_upn),
        ps_quote(&format!("{GRAPH}/beta/users/{}", percent_encode(id)))
    )
}

/// The restored twin gives up every SMTP address but one on the tenant's initial domain:
/// in Exchange Online when it has a mailbox, else through its mail in Graph.
pub fn remove_twin_addresses(twin: &CloudAccount, new_upn: &str) -> String {
    let id = ps_quote(twin.id.as_deref().unwrap_or(""));
    let address = ps_quote(new_upn);
    format!(
        "$recipient = Get-EXORecipient -Identity {id} -ErrorAction SilentlyContinue; if ($recipient -and $recipient.RecipientTypeDetails -like '*Mailbox') {{ Set-Mailbox -Identity {id} -EmailAddresses {} }} else {{ Update-MgUser -UserId {id} -Mail {address} }}",
        ps_quote(&format!("SMTP:{new_upn}"))
    )
}

/// Checks the restored twin holds nothing the account taking over will bring: its UPN, its
/// anchor, an address of `addresses` (lower case).
pub fn verify_twin_cleared(twin: &CloudAccount, new_upn: &str, addresses: &[String]) -> String {
    let quoted: Vec<String> = addresses.iter().map(|a| ps_quote(a)).collect();
    format!(
        "$twin = Get-MgUser -UserId {} -Property Id,UserPrincipalName,OnPremisesImmutableId,OnPremisesSyncEnabled,ProxyAddresses; $taken = @({}); $kept = @($twin.ProxyAddresses | Where-Object {{ $_ -match '^smtp:' -and $taken -contains $_.Substring(5).ToLowerInvariant() }}); if ($twin.UserPrincipalName -ne {} -or $twin.OnPremisesImmutableId -or $twin.OnPremisesSyncEnabled -or $kept.Count -gt 0) {{ throw {} }}",
        ps_quote(twin.id.as_deref().unwrap_or("")),
        quoted.join(", "),
        ps_quote(new_upn),
        ps_quote(&format!(
            "{} is not cleared yet (its UPN, onPremisesImmutableId, onPremisesSyncEnabled or an address the account taking over brings): finish the steps before, then run this one again.",
            twin.label()
        ))
    )
}

pub fn clear_object_identifier(c: &CloudAccount) -> String {
    format!(
        "Invoke-MgGraphRequest -Method PATCH -Uri {} -Body @{{ onPremisesObjectIdentifier = $null }}",
        ps_quote(&format!("{GRAPH}/beta/users/{}", percent_encode(c.id.as_deref().unwrap_or(""))))
    )
}

pub fn cloud_managed(c: &CloudAccount, managed: bool) -> String {
    format!(
        "Invoke-MgGraphRequest -Method PATCH -Uri {} -Body @{{ isCloudManaged = ${managed} }}",
        ps_quote(&format!("{GRAPH}/v1.0/users/{}/onPremisesSyncBehavior", percent_encode(c.id.as_deref().unwrap_or(""))))
    )
}

/// The principal, role and scope of a schedule request, as Graph's body names them.
fn role_target(c: &CloudAccount, role: &RoleAssignment) -> String {
    format!(
        "principalId = {}; roleDefinitionId = {}; directoryScopeId = {}",
        ps_quote(c.id.as_deref().unwrap_or("")),
        ps_quote(role.role_definition_id.as_deref().unwrap_or("")),
        ps_quote(role.scope.as_deref().unwrap_or("/"))
    )
}

/// Takes a role away. Active assignments of every kind (permanent, time-bound, activated)
/// end with an `adminRemove` assignment schedule request, eligibilities with an eligibility
/// schedule request: both name the role by principal, definition and scope.
pub fn remove_role(c: &CloudAccount, role: &RoleAssignment) -> String {
    let noun = if role.kind == RoleKind::Eligible { "Eligibility" } else { "Assignment" };
    format!("New-MgRoleManagementDirectoryRole{noun}ScheduleRequest -BodyParameter @{{ action = 'adminRemove'; {} }}", role_target(c, role))
}

/// The schedule of a role given back: a statement setting `$start` to its start when that is
/// still to come, else now; and the `scheduleInfo` with that start and the end it had
/// (`None`: it never ends).
fn schedule(role: &RoleAssignment, end: Option<&str>) -> (String, String) {
    let start = match role.starts.as_deref() {
        Some(start) => format!(
            "$start = [DateTimeOffset]::Parse({}, [Globalization.CultureInfo]::InvariantCulture); if ($start -lt [DateTimeOffset]::UtcNow) {{ $start = [DateTimeOffset]::UtcNow }}; ",
            ps_quote(start)
        ),
        None => "$start = [DateTimeOffset]::UtcNow; ".to_string(),
    };
    let expiration = match end {
        Some(end) => format!("@{{ type = 'afterDateTime'; endDateTime = {} }}", ps_quote(end)),
        None => "@{ type = 'noExpiration' }".to_string(),
    };
    (start, format!("@{{ startDateTime = $start.ToString('o'); expiration = {expiration} }}"))
}

/// Gives a role back exactly as it was, or `None` for an activation, which comes back
/// through its eligibility (the user activates it again), never as standing access.
pub fn restore_role(c: &CloudAccount, role: &RoleAssignment) -> Option<String> {
    let noun = match role.kind {
        RoleKind::Activated => return None,
        RoleKind::Permanent | RoleKind::ActiveUnknown => {
            return Some(format!(
                "New-MgRoleManagementDirectoryRoleAssignment -PrincipalId {} -RoleDefinitionId {} -DirectoryScopeId {}",
                ps_quote(c.id.as_deref().unwrap_or("")),
                ps_quote(role.role_definition_id.as_deref().unwrap_or("")),
                ps_quote(role.scope.as_deref().unwrap_or("/"))
            ))
        }
        RoleKind::TimeBound => "Assignment",
        RoleKind::Eligible => "Eligibility",
    };
    let (start, info) = schedule(role, role.ends.as_ref().and_then(Option::as_deref));
    Some(format!(
        "{start}New-MgRoleManagementDirectoryRole{noun}ScheduleRequest -BodyParameter @{{ action = 'adminAssign'; {}; scheduleInfo = {info} }}",
        role_target(c, role)
    ))
}

pub fn verify_match(c: &CloudAccount, anchor: &str) -> String {
    format!(
        "$user = Get-MgUser -UserId {} -Property Id,UserPrincipalName,OnPremisesImmutableId,OnPremisesSyncEnabled; if ($user.OnPremisesImmutableId -cne {} -or -not $user.OnPremisesSyncEnabled) {{ throw {} }}",
        user_id(c),
        ps_quote(anchor),
        ps_quote(&format!("{} is not matched yet (its onPremisesImmutableId or onPremisesSyncEnabled): let the sync finish, then run this step again.", c.label()))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_whatever_a_value_holds() {
        assert_eq!(ps_quote("O'Brien"), "'O''Brien'");
        assert_eq!(ps_quote("O\u{2019}Brien"), "'O\u{2019}\u{2019}Brien'");
        assert_eq!(ps_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }

    #[test]
    fn encodes_a_filter_and_finds_a_parent() {
        assert_eq!(percent_encode("a+b/c= d'"), "a%2Bb%2Fc%3D%20d%27");
        assert_eq!(parent_dn("CN=Smith\\, John,OU=Users,DC=contoso,DC=com"), Some("OU=Users,DC=contoso,DC=com"));
        assert_eq!(parent_dn("DC=com"), None);
    }
}
