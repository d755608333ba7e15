# Stand-ins for Microsoft Graph's user cmdlets (Connect-MgGraph, Get-MgUser, Update-MgUser...),
# with Graph's rules for a change to a user, and for the recycle bin's (listing, purging and
# restoring a deleted user).
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

#region Stand-ins: Microsoft Graph users
function Connect-MgGraph {
    [CmdletBinding()]
    param([string[]] $Scopes, [string] $TenantId, [switch] $NoWelcome, [switch] $UseDeviceCode)
    try { [void](Enter-LabCall $PSCmdlet $PSBoundParameters) } catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
    # Consent is given to what was asked for, less what the admin withholds.
    $script:Granted = @($Scopes | Where-Object { $script:Withheld -notcontains $_ })
}

# What Connect-MgGraph gave the session: its scopes and account, as Get-MgContext shows them.
function Get-MgContext {
    [CmdletBinding()]
    param()
    [pscustomobject]@{ Account = 'admin@alwayshotcafe.com'; Scopes = [string[]]$script:Granted; AuthType = 'Delegated' }
}

# Scopes the admin will not consent to, so that a script's check of its scopes can be seen.
function Set-LabConsent {
    param([string[]] $Withhold = @())
    $script:Withheld = @($Withhold)
}

function Get-MgUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Get', Position = 0)] [string] $UserId,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [int] $Top,
        [Alias('Select')] [string[]] $Property
    )
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        if ($PSCmdlet.ParameterSetName -eq 'Get') { ConvertTo-LabGraphUser (Resolve-LabCloudUser $UserId) }
        else { foreach ($user in @($script:Cloud.Values)) { if (-not $user.Deleted) { ConvertTo-LabGraphUser $user } } }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

# Whether the account's source of authority was switched to the cloud.
function Get-MgUserOnPremiseSyncBehavior {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [string] $UserId, [Alias('Select')] [string[]] $Property)
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        $user = Resolve-LabCloudUser $UserId
        [pscustomobject]@{ Id = $user.Id; IsCloudManaged = [bool]$user.IsCloudManaged; AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new() }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Update-MgUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)] [string] $UserId,
        [AllowEmptyString()] [AllowNull()] [string] $OnPremisesImmutableId,
        [string] $UserPrincipalName,
        [hashtable] $PasswordProfile,
        [string] $Mail
    )
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        $user = Resolve-LabCloudUser $UserId
        $changes = @{}
        foreach ($name in 'OnPremisesImmutableId', 'UserPrincipalName', 'Mail') { if ($PSBoundParameters.ContainsKey($name)) { $changes[$name] = $PSBoundParameters[$name] } }
        Set-LabGraphUser $user $changes $PSBoundParameters.ContainsKey('PasswordProfile')
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

# Graph's rules for a change to a user, checked before any of it is made.
function Set-LabGraphUser([hashtable] $User, [hashtable] $Changes, [bool] $WithPassword) {
    if ($User.OnPremisesSyncEnabled -and $Changes.Count -gt 0) {
        Deny-LabCall "[Request_BadRequest] : Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration. ($($User.UserPrincipalName): $(@($Changes.Keys) -join ', '))" -Id 'Request_BadRequest' -Target $User.Id
    }
    $upn = $User.UserPrincipalName
    if ($Changes.ContainsKey('UserPrincipalName')) {
        $upn = [string]$Changes.UserPrincipalName
        $to = Get-LabDomain $upn
        $from = Get-LabDomain $User.UserPrincipalName
        if (-not $to) { Deny-LabCall "[Request_BadRequest] : The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization. ($upn)" -Id 'Request_BadRequest' -Target $User.Id }
        if (@(Get-LabUpnHolder $upn $User).Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property userPrincipalName already exists. ($upn)" -Id 'Request_BadRequest' -Target $User.Id }
        if ($from -and $from.AuthenticationType -eq 'Federated' -and $to.AuthenticationType -ne 'Federated' -and -not $WithPassword) {
            Deny-LabCall "[Request_BadRequest] : Password is required when converting a user from a federated domain to a managed one. ($($User.UserPrincipalName) -> $upn)" -Id 'Request_BadRequest' -Target $User.Id
        }
    }
    if ($Changes.ContainsKey('OnPremisesImmutableId')) {
        $anchor = [string]$Changes.OnPremisesImmutableId
        # The SDK sends $null as an empty string, which Graph refuses (msgraph-sdk-powershell #2514).
        if ($anchor -eq '') { Deny-LabCall "[Request_BadRequest] : Invalid value specified for property 'onPremisesImmutableId' of resource 'User'." -Id 'Request_BadRequest' -Target $User.Id }
        Assert-LabAnchorFree $User $anchor
        $domain = Get-LabDomain $upn
        if ($domain -and $domain.AuthenticationType -eq 'Federated') {
            Deny-LabCall "[Request_BadRequest] : The onPremisesImmutableId of a user on a federated domain ($upn) cannot be changed: move its UPN to a managed domain first." -Id 'Request_BadRequest' -Target $User.Id
        }
    }
    if ($Changes.ContainsKey('Mail') -and $Changes.Mail -and @(Get-LabAddressHolder ([string]$Changes.Mail) $User).Count -gt 0) {
        Deny-LabCall "[Request_BadRequest] : Another object with the same value for property proxyAddresses already exists. ($($Changes.Mail))" -Id 'Request_BadRequest' -Target $User.Id
    }
    # Checked: now changed.
    if ($Changes.ContainsKey('UserPrincipalName')) { Set-LabCloudUpn $User $upn }
    if ($Changes.ContainsKey('OnPremisesImmutableId')) { Set-LabCloudAnchor $User ([string]$Changes.OnPremisesImmutableId) }
    if ($Changes.ContainsKey('Mail')) {
        # Without a mailbox, Entra derives the primary SMTP address from mail.
        $proxies = if (Get-LabMailboxOf $User) { $User.ProxyAddresses } elseif ($Changes.Mail) { @("SMTP:$($Changes.Mail)") } else { @() }
        Set-LabCloudAddress $User ([string]$Changes.Mail) $proxies
    }
    if ($WithPassword) { $User.PasswordChanges++ }
}

function Assert-LabAnchorFree([hashtable] $User, [string] $Anchor) {
    $holders = @(Get-LabAnchorHolder $Anchor $User)
    if ($holders.Count -gt 0) {
        Deny-LabCall "[Request_BadRequest] : Another object with the same value for property immutableId already exists. ($Anchor, held by $(@($holders | ForEach-Object { $_.UserPrincipalName }) -join ', '))" -Id 'Request_BadRequest' -Category ResourceExists -Target $User.Id
    }
}
#endregion

#region Stand-ins: the recycle bin
function ConvertTo-LabDeletedItem([hashtable] $User) {
    [pscustomobject]@{
        Id = $User.Id; UserPrincipalName = $User.UserPrincipalName; Mail = $User.Mail; ProxyAddresses = [string[]]$User.ProxyAddresses.Clone()
        OnPremisesImmutableId = $User.OnPremisesImmutableId; OnPremisesSyncEnabled = $(if ($User.OnPremisesSyncEnabled) { $true } else { $null })
        DeletedDateTime = $User.DeletedDateTime; AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new()
    }
}

function Get-MgDirectoryDeletedItemAsUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Get')] [string] $DirectoryObjectId,
        [Parameter(ParameterSetName = 'List')] [switch] $All,
        [Parameter(ParameterSetName = 'List')] [int] $PageSize,
        [Parameter(ParameterSetName = 'List')] [int] $Top,
        [Alias('Select')] [string[]] $Property
    )
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        if ($PSCmdlet.ParameterSetName -eq 'Get') { ConvertTo-LabDeletedItem (Resolve-LabDeletedUser $DirectoryObjectId) }
        else { foreach ($user in @($script:Cloud.Values)) { if ($user.Deleted) { ConvertTo-LabDeletedItem $user } } }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Remove-MgDirectoryDeletedItem {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string] $DirectoryObjectId, [switch] $PassThru)
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Remove-LabCloudUserForGood (Resolve-LabDeletedUser $DirectoryObjectId)
        if ($PassThru) { $true }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

# POST .../deletedItems/<id>/restore: active again, as a cloud-only user (its AD object
# is out of scope), under newUserPrincipalName when given.
function Restore-LabDeletedUser([string] $Id, [System.Collections.IDictionary] $Body) {
    $user = Resolve-LabDeletedUser $Id
    $upn = if ($Body['newUserPrincipalName']) { [string]$Body['newUserPrincipalName'] } else { $user.UserPrincipalName }
    if (@(Get-LabUpnHolder $upn $user).Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property userPrincipalName already exists. ($upn)" -Id 'Request_BadRequest' -Target $Id }
    if (-not (Get-LabDomain $upn)) { Deny-LabCall "[Request_BadRequest] : The domain portion of the userPrincipalName property is invalid. ($upn)" -Id 'Request_BadRequest' -Target $Id }
    $active = @(Get-LabAnchorHolder $user.OnPremisesImmutableId $user | Where-Object { -not $_.Deleted })
    if ($user.OnPremisesImmutableId -and $active.Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property immutableId already exists. ($($user.OnPremisesImmutableId))" -Id 'Request_BadRequest' -Target $Id }
    $taken = @($user.ProxyAddresses | Where-Object { $_ -match '^smtp:' -and @(Get-LabAddressHolder $_ $user).Count -gt 0 })
    if ($user.Mail -and @(Get-LabAddressHolder $user.Mail $user).Count -gt 0) { $taken += "SMTP:$($user.Mail)" }
    if ($taken.Count -gt 0 -and -not $Body['autoReconcileProxyConflict']) {
        Deny-LabCall "[Request_BadRequest] : The restore cannot proceed: another object holds the proxy addresses $($taken -join ', ')." -Id 'Request_BadRequest' -Target $Id
    }
    $user.Deleted = $false
    $user.DeletedDateTime = $null
    $user.OnPremisesSyncEnabled = $null
    $user.OnPremisesDistinguishedName = $null
    $user.OnPremisesSamAccountName = $null
    Set-LabCloudUpn $user $upn
    $bare = @($taken | ForEach-Object { ($_ -replace '^smtp:', '').ToLowerInvariant() })
    $mail = if ($user.Mail -and $bare -notcontains $user.Mail.ToLowerInvariant()) { $user.Mail } else { $null }
    Set-LabCloudAddress $user $mail @($user.ProxyAddresses | Where-Object { $bare -notcontains ($_ -replace '^smtp:', '').ToLowerInvariant() })
    @{ '@odata.type' = '#microsoft.graph.user'; id = $user.Id; userPrincipalName = $user.UserPrincipalName }
}
#endregion
