//! The exact command lines of a plan: Microsoft Graph PowerShell, ActiveDirectory and
//! ADSync, with real values filled in and quoted so that any value is safe to paste.

use crate::reconcile::{CloudAccount, OnPremAccount, RoleAssignment};

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

const GRAPH: &str = "https://graph.microsoft.com";

/// A check that finds any user already holding `anchor`, and stops the script if one does.
/// Graph's SDK turns a '+' in -Filter into a space (msgraph-sdk-powershell #1339, #2973),
/// so the query is sent whole, percent-encoded, with the headers an advanced query needs.
pub fn no_holder_check(anchor: &str) -> String {
    let filter = percent_encode(&format!("onPremisesImmutableId eq '{}'", anchor.replace('\'', "''")));
    let uri = format!("{GRAPH}/v1.0/users?$filter={filter}&$count=true&$select=id,userPrincipalName");
    // Soft-deleted users cannot be filtered by anchor in Graph: they are listed and compared
    // here, case-sensitively, as Entra compares anchors. Written to hold under
    // Set-StrictMode -Version Latest (the script's), where a missing key or property throws.
    format!(
        "$holders = @((Invoke-MgGraphRequest -Method GET -Uri {} -Headers @{{ ConsistencyLevel = 'eventual' }}).value | ForEach-Object {{ $_['userPrincipalName'] }}) + @(Get-MgDirectoryDeletedItemAsUser -All -Property Id,UserPrincipalName,OnPremisesImmutableId | Where-Object {{ $_.OnPremisesImmutableId -ceq {} }} | ForEach-Object {{ \"$($_.UserPrincipalName) (soft-deleted)\" }}); if ($holders.Count -gt 0) {{ throw \"{} is still held by $($holders -join ', '): free it first.\" }}",
        ps_quote(&uri),
        ps_quote(anchor),
        anchor.replace('`', "``").replace('"', "`\"").replace('$', "`$")
    )
}

pub fn set_anchor(c: &CloudAccount, anchor: &str) -> String {
    format!("Update-MgUser -UserId {} -OnPremisesImmutableId {}", user_id(c), ps_quote(anchor))
}

pub fn set_upn(c: &CloudAccount, upn: &str) -> String {
    format!("Update-MgUser -UserId {} -UserPrincipalName {}", user_id(c), ps_quote(upn))
}

pub fn move_ad_object(o: &OnPremAccount, target: &str) -> Option<String> {
    Some(format!("Move-ADObject -Identity {} -TargetPath {}", ad_identity(o)?, ps_quote(target)))
}

pub fn tenant_switch(sync_id: &str, block: bool) -> String {
    format!(
        "Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId {} -BodyParameter @{{ features = @{{ blockCloudObjectTakeoverThroughHardMatchEnabled = ${} }} }}",
        ps_quote(sync_id),
        block
    )
}

pub fn verify_twin_deleted(twin: &CloudAccount) -> String {
    let id = twin.id.as_deref().unwrap_or("");
    format!(
        "if (-not (Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId {} -ErrorAction SilentlyContinue)) {{ throw {} }}",
        ps_quote(id),
        ps_quote(&format!("{} is not in the recycle bin yet: let the sync finish, then run this step again.", twin.label()))
    )
}

pub fn purge(twin: &CloudAccount) -> String {
    format!("Remove-MgDirectoryDeletedItem -DirectoryObjectId {}", ps_quote(twin.id.as_deref().unwrap_or("")))
}

pub fn restore_and_clear(twin: &CloudAccount) -> String {
    let id = twin.id.as_deref().unwrap_or("");
    format!(
        "Invoke-MgGraphRequest -Method POST -Uri {} -Body @{{ autoReconcileProxyConflict = $true }}; Invoke-MgGraphRequest -Method PATCH -Uri {} -Body @{{ onPremisesImmutableId = $null }}",
        ps_quote(&format!("{GRAPH}/v1.0/directory/deletedItems/{}/restore", percent_encode(id))),
        ps_quote(&format!("{GRAPH}/beta/users/{}", percent_encode(id)))
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

pub fn remove_role(c: &CloudAccount, role: &RoleAssignment) -> String {
    if role.eligible {
        format!(
            "New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest -BodyParameter @{{ action = 'adminRemove'; principalId = {}; roleDefinitionId = {}; directoryScopeId = {} }}",
            ps_quote(c.id.as_deref().unwrap_or("")),
            ps_quote(role.role_definition_id.as_deref().unwrap_or("")),
            ps_quote(role.scope.as_deref().unwrap_or("/"))
        )
    } else {
        format!("Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId {}", ps_quote(role.id.as_deref().unwrap_or("")))
    }
}

pub fn restore_role(c: &CloudAccount, role: &RoleAssignment) -> String {
    let (principal, definition, scope) = (
        ps_quote(c.id.as_deref().unwrap_or("")),
        ps_quote(role.role_definition_id.as_deref().unwrap_or("")),
        ps_quote(role.scope.as_deref().unwrap_or("/")),
    );
    if role.eligible {
        // The end it had, when the input gives one: giving it back without would make a
        // time-limited eligibility permanent.
        let expiration = match role.ends.as_ref().and_then(Option::as_deref) {
            Some(end) => format!("@{{ type = 'afterDateTime'; endDateTime = {} }}", ps_quote(end)),
            None => "@{ type = 'noExpiration' }".to_string(),
        };
        format!("New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest -BodyParameter @{{ action = 'adminAssign'; principalId = {principal}; roleDefinitionId = {definition}; directoryScopeId = {scope}; scheduleInfo = @{{ startDateTime = (Get-Date).ToUniversalTime().ToString('o'); expiration = {expiration} }} }}")
    } else {
        format!(
            "New-MgRoleManagementDirectoryRoleAssignment -PrincipalId {principal} -RoleDefinitionId {definition} -DirectoryScopeId {scope}"
        )
    }
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
