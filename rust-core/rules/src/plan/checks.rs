//! Whether a step's effect is already in place: one PowerShell expression per step that
//! changes something, `$true` when it is. A script runs it before the step and skips the step
//! when it is, so that running a plan twice does nothing twice and an irreversible step never
//! runs again. Each reads what its step writes, with the same cmdlet family; the read-only
//! steps (checks, syncs) have none.
//!
//! Checked against Microsoft's pages: Get-MgUser (-Property), Get-MgDirectoryDeletedItemAsUser
//! (-DirectoryObjectId; 404 once purged), Graph's list unifiedRoleAssignments and
//! unifiedRoleEligibilityScheduleInstances ($filter on principalId and roleDefinitionId),
//! Get-MgDirectoryOnPremiseSynchronization (Features), user's onPremisesSyncBehavior (GET) and
//! the beta user's onPremisesObjectIdentifier ($select), Get-ADUser (-Identity takes an
//! objectGUID), Get-RemoteMailbox; hardmatch-facts.md names them.

use crate::codec::Guid;
use crate::reconcile::{CloudAccount, OnPremAccount, RoleAssignment, RoleKind};

use super::commands::{ad_identity, percent_encode, ps_quote, server, user_id, GRAPH};

/// An OData string literal: single quotes doubled.
fn odata(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The cloud account's UPN is `upn` (a UPN moved, or moved back).
pub fn upn_is(c: &CloudAccount, upn: &str) -> String {
    format!("(Get-MgUser -UserId {} -Property Id,UserPrincipalName).UserPrincipalName -eq {}", user_id(c), ps_quote(upn))
}

/// The cloud account holds `anchor` (case-sensitive, as Entra compares anchors).
pub fn anchor_is(c: &CloudAccount, anchor: &str) -> String {
    format!("(Get-MgUser -UserId {} -Property Id,OnPremisesImmutableId).OnPremisesImmutableId -ceq {}", user_id(c), ps_quote(anchor))
}

/// The cloud account is synced with `anchor`: the pair is matched, whatever ran before.
pub fn matched(c: &CloudAccount, anchor: &str) -> String {
    format!(
        "$user = Get-MgUser -UserId {} -Property Id,OnPremisesImmutableId,OnPremisesSyncEnabled; $user.OnPremisesImmutableId -ceq {} -and $user.OnPremisesSyncEnabled -eq $true",
        user_id(c),
        ps_quote(anchor)
    )
}

/// The AD user's parent container is `ou` (compared as AD compares DNs, ignoring case): the
/// first RDN is cut at the first comma that is not escaped.
pub fn in_ou(o: &OnPremAccount, ou: &str, dc: Option<&str>) -> Option<String> {
    Some(format!(
        "((Get-ADUser -Identity {}{}).DistinguishedName -replace '^(?:[^,\\\\]|\\\\.)+,', '') -eq {}",
        ad_identity(o)?,
        server(dc),
        ps_quote(ou)
    ))
}

/// Whether the account holds `role`: an eligibility among its eligibility schedule instances,
/// any active assignment (permanent, time-bound or activated) among its role assignments.
fn role_held(c: &CloudAccount, role: &RoleAssignment) -> String {
    let noun = if role.kind == RoleKind::Eligible { "EligibilityScheduleInstance" } else { "Assignment" };
    let filter = format!(
        "principalId eq {} and roleDefinitionId eq {}",
        odata(c.id.as_deref().unwrap_or("")),
        odata(role.role_definition_id.as_deref().unwrap_or(""))
    );
    format!(
        "@(Get-MgRoleManagementDirectoryRole{noun} -Filter {} | Where-Object {{ $_.DirectoryScopeId -eq {} }}).Count -gt 0",
        ps_quote(&filter),
        ps_quote(role.scope.as_deref().unwrap_or("/"))
    )
}

/// The role is gone (RemoveRole done).
pub fn role_gone(c: &CloudAccount, role: &RoleAssignment) -> String {
    format!("-not ({})", role_held(c, role))
}

/// The role is there (RestoreRole done).
pub fn role_back(c: &CloudAccount, role: &RoleAssignment) -> String {
    role_held(c, role)
}

/// The account is no longer cloud-managed (Get-MgUserOnPremiseSyncBehavior, the v1.0 module's;
/// Graph's API reference documents the resource on beta only).
pub fn not_cloud_managed(c: &CloudAccount) -> String {
    format!("-not (Get-MgUserOnPremiseSyncBehavior -UserId {}).IsCloudManaged", user_id(c))
}

/// The twin is purged: no longer in the recycle bin, and not active again (a restored twin
/// is not purged: that stops the step rather than passing it).
pub fn purged(twin: &CloudAccount) -> String {
    let id = ps_quote(twin.id.as_deref().unwrap_or(""));
    format!(
        "if (Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId {id} -ErrorAction SilentlyContinue) {{ $false }} elseif (Get-MgUser -UserId {id} -Property Id -ErrorAction SilentlyContinue) {{ throw {} }} else {{ $true }}",
        ps_quote(&format!("{} is an active account again, not in the recycle bin: find out who restored it, then plan again.", twin.label()))
    )
}

/// The twin is restored under `new_upn` with its anchor cleared.
pub fn restored_and_cleared(twin: &CloudAccount, new_upn: &str) -> String {
    format!(
        "$twin = Get-MgUser -UserId {} -Property Id,UserPrincipalName,OnPremisesImmutableId -ErrorAction SilentlyContinue; [bool]$twin -and $twin.UserPrincipalName -eq {} -and -not $twin.OnPremisesImmutableId",
        ps_quote(twin.id.as_deref().unwrap_or("")),
        ps_quote(new_upn)
    )
}

/// The restored twin has no SMTP address but `new_upn`.
pub fn twin_addresses_removed(twin: &CloudAccount, new_upn: &str) -> String {
    format!(
        "$twin = Get-MgUser -UserId {} -Property Id,ProxyAddresses; @($twin.ProxyAddresses | Where-Object {{ $_ -like 'smtp:*' -and $_.Substring(5) -ne {} }}).Count -eq 0",
        ps_quote(twin.id.as_deref().unwrap_or("")),
        ps_quote(new_upn)
    )
}

/// onPremisesObjectIdentifier is empty (beta only). No property reference documents reading
/// it by $select: an answer without it is "not known", and the clear (harmless twice) runs.
pub fn object_identifier_cleared(c: &CloudAccount) -> String {
    format!(
        "$read = Invoke-MgGraphRequest -Method GET -Uri {}; $read.ContainsKey('onPremisesObjectIdentifier') -and $null -eq $read['onPremisesObjectIdentifier']",
        ps_quote(&format!("{GRAPH}/beta/users/{}?$select=onPremisesObjectIdentifier", percent_encode(c.id.as_deref().unwrap_or(""))))
    )
}

/// The AD user's mS-DS-ConsistencyGuid holds `guid`'s 16 bytes.
pub fn consistency_guid_is(o: &OnPremAccount, guid: Guid, dc: Option<&str>) -> Option<String> {
    Some(format!(
        "$held = (Get-ADUser -Identity {} -Properties 'mS-DS-ConsistencyGuid'{}).PSObject.Properties['mS-DS-ConsistencyGuid']; [bool]($held -and $held.Value -and $held.Value.Length -eq 16 -and [guid]::new([byte[]]$held.Value) -eq [guid]'{guid}')",
        ad_identity(o)?,
        server(dc)
    ))
}

/// The AD user is the remote mailbox of the mailbox `exchange_guid` (and its archive).
pub fn remote_mailbox_is(o: &OnPremAccount, exchange_guid: Guid, archive: Option<Guid>, dc: &str) -> Option<String> {
    let archive = archive.map(|a| format!(" -and $remote.ArchiveGuid -eq [guid]'{a}'")).unwrap_or_default();
    Some(format!(
        "$remote = Get-RemoteMailbox -Identity {}{dc} -ErrorAction SilentlyContinue; [bool]($remote -and $remote.ExchangeGuid -eq [guid]'{exchange_guid}'{archive})",
        ad_identity(o)?
    ))
}

/// The AD user's proxyAddresses hold every address of `add`, and `primary` as the primary one.
pub fn proxy_addresses_hold(o: &OnPremAccount, add: &[String], primary: Option<&str>, dc: Option<&str>) -> Option<String> {
    let quoted: Vec<String> = add.iter().map(|a| ps_quote(a)).collect();
    let primary = primary.map(|p| format!(" -and $have -ccontains {}", ps_quote(&format!("SMTP:{p}")))).unwrap_or_default();
    Some(format!(
        "$had = (Get-ADUser -Identity {} -Properties proxyAddresses{}).PSObject.Properties['proxyAddresses']; $have = @(if ($had -and $had.Value) {{ $had.Value }}); @(@({}) | Where-Object {{ $have -notcontains $_ }}).Count -eq 0{primary}",
        ad_identity(o)?,
        server(dc),
        quoted.join(", ")
    ))
}

/// The tenant's hard-match block is `on` (or off).
pub fn block_is(sync_id: &str, on: bool) -> String {
    format!(
        "(Get-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId {}).Features.BlockCloudObjectTakeoverThroughHardMatchEnabled -eq ${on}",
        ps_quote(sync_id)
    )
}

/// Entra Connect's scheduler is `enabled` (or paused), read on its server (`Invoke-ADSync
/// -Read`, the script's: nothing when the server cannot be reached, so the step runs).
pub fn scheduler_is(enabled: bool) -> String {
    format!("(Invoke-ADSync -Read {{ (Get-ADSyncScheduler).SyncCycleEnabled }}) -eq ${enabled}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dn_check_cuts_the_first_rdn_at_an_unescaped_comma() {
        let o = OnPremAccount { object_guid: Some(Guid::nil()), ..Default::default() };
        let check = in_ou(&o, "OU=Unsynced,DC=contoso,DC=com", Some("dc1")).unwrap();
        assert_eq!(
            check,
            "((Get-ADUser -Identity '00000000-0000-0000-0000-000000000000' -Server 'dc1').DistinguishedName -replace '^(?:[^,\\\\]|\\\\.)+,', '') -eq 'OU=Unsynced,DC=contoso,DC=com'"
        );
    }

    #[test]
    fn a_role_filter_is_quoted_for_odata_and_powershell() {
        let c = CloudAccount { id: Some("o'id".into()), ..Default::default() };
        let role = RoleAssignment {
            id: None,
            principal: "o'id".into(),
            role_definition_id: Some("62e90394".into()),
            scope: None,
            privileged: None,
            display: None,
            template_id: None,
            eligible: false,
            kind: RoleKind::Permanent,
            starts: None,
            not_removable: None,
            ends: None,
        };
        assert_eq!(
            role_gone(&c, &role),
            "-not (@(Get-MgRoleManagementDirectoryRoleAssignment -Filter 'principalId eq ''o''''id'' and roleDefinitionId eq ''62e90394''' | Where-Object { $_.DirectoryScopeId -eq '/' }).Count -gt 0)"
        );
    }
}
