# The directory's records, which the builders, the stand-ins and the sync engine share: the
# indexes over them, AD users, cloud users (Entra ID, active or in the recycle bin) and their
# mailboxes, and role assignments and eligibilities.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

#region Indexes
function Add-LabIndexEntry($Index, [string] $Key, $Record) {
    if (-not $Key) { return }
    $list = $null
    if (-not $Index.TryGetValue($Key, [ref]$list)) {
        $list = [System.Collections.Generic.List[object]]::new()
        $Index[$Key] = $list
    }
    $list.Add($Record)
}

function Remove-LabIndexEntry($Index, [string] $Key, $Record) {
    if (-not $Key) { return }
    $list = $null
    if ($Index.TryGetValue($Key, [ref]$list)) {
        [void]$list.Remove($Record)
        if ($list.Count -eq 0) { [void]$Index.Remove($Key) }
    }
}

function Get-LabIndexEntry($Index, [string] $Key) {
    $list = $null
    if ($Key -and $Index.TryGetValue($Key, [ref]$list)) { $list.ToArray() }
}

# The 'smtp:address' keys a cloud user occupies: its mail and SMTP proxy addresses.
function Get-LabAddressKey([hashtable] $User) {
    $keys = @(foreach ($proxy in @($User.ProxyAddresses)) { if ("$proxy" -match '^smtp:(.+)$') { 'smtp:' + $Matches[1].ToLowerInvariant() } })
    if ($User.Mail) { $keys += 'smtp:' + $User.Mail.ToLowerInvariant() }
    @($keys | Select-Object -Unique)
}
#endregion

#region Directory records (AD)
function Get-LabParentDn([string] $Dn) {
    # The container: everything after the first comma that is not escaped.
    for ($i = 0; $i -lt $Dn.Length; $i++) {
        if ($Dn[$i] -eq '\') { $i++; continue }
        if ($Dn[$i] -eq ',') { return $Dn.Substring($i + 1).TrimStart() }
    }
    ''
}

function Test-LabInScope([hashtable] $ADUser) { (Get-LabParentDn $ADUser.DistinguishedName) -eq $script:StaffOU }

# The sourceAnchor Entra Connect computes: mS-DS-ConsistencyGuid when set, else objectGUID.
function Get-LabADAnchor([hashtable] $ADUser) {
    $consistency = $ADUser['mS-DS-ConsistencyGuid']
    if ($consistency -is [byte[]] -and $consistency.Length -eq 16) { return [Convert]::ToBase64String($consistency) }
    [Convert]::ToBase64String($ADUser.ObjectGUID.ToByteArray())
}

function Set-LabADDn([hashtable] $ADUser, [string] $Dn) {
    [void]$script:ADByDn.Remove($ADUser.DistinguishedName)
    $ADUser.DistinguishedName = $Dn
    $script:ADByDn[$Dn] = $ADUser
}

# An AD user by objectGUID (text, braces or not), DN or sAMAccountName; $null when none.
function Find-LabADUser($Identity) {
    if ($null -eq $Identity) { return $null }
    if ($Identity -is [hashtable]) { return $Identity }
    if ($Identity -isnot [string] -and $Identity.PSObject.Properties['ObjectGUID']) { $Identity = $Identity.ObjectGUID }
    $text = "$Identity".Trim()
    $found = $null
    if ($script:AD.TryGetValue($text.Trim('{', '}'), [ref]$found)) { return $found }
    if ($script:ADByDn.TryGetValue($text, [ref]$found)) { return $found }
    if ($script:ADBySam.TryGetValue($text, [ref]$found)) { return $found }
    $null
}

function Resolve-LabADUser($Identity) {
    $user = Find-LabADUser $Identity
    if (-not $user) {
        Deny-LabCall "Cannot find an object with identity: '$Identity' under: 'DC=alwayshotcafe,DC=com'." -Id 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException' -Category ObjectNotFound -Target $Identity
    }
    $user
}

# An attribute name in the lab's spelling (AD's names ignore case); unknown: refused.
function Resolve-LabADAttribute([string] $Name) {
    foreach ($known in $script:ADAttributes) { if ($known -eq $Name) { return $known } }
    if ($Name -eq 'EmailAddress') { return 'mail' }
    Deny-LabCall "The specified directory service attribute or value does not exist. Parameter name: $Name" -Id 'ActiveDirectoryServer:8317' -Category InvalidArgument -Target $Name
}
#endregion

#region Cloud records (Entra ID)
function Find-LabCloudUser([string] $Id, [switch] $IncludeDeleted) {
    $user = $null
    if (-not $script:Cloud.TryGetValue($Id, [ref]$user)) {
        $user = @(Get-LabIndexEntry $script:ByUpn $Id | Where-Object { -not $_.Deleted }) | Select-Object -First 1
    }
    if ($user -and ($IncludeDeleted -or -not $user.Deleted)) { return $user }
    $null
}

function Resolve-LabCloudUser([string] $Id) {
    $user = Find-LabCloudUser $Id
    if (-not $user) {
        Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
    }
    $user
}

function Resolve-LabDeletedUser([string] $Id) {
    $user = $null
    if (-not $script:Cloud.TryGetValue($Id, [ref]$user) -or -not $user.Deleted) {
        Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
    }
    $user
}

function Add-LabCloudRecord([hashtable] $User) {
    if ($script:Cloud.ContainsKey($User.Id)) { throw "The lab already has a cloud user with id $($User.Id)." }
    $script:Cloud[$User.Id] = $User
    Add-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
    Add-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
    foreach ($key in Get-LabAddressKey $User) { Add-LabIndexEntry $script:ByAddress $key $User }
}

function New-LabCloudRecord([string] $Id, [string] $Upn) {
    @{
        Id = $Id; UserPrincipalName = $Upn; Mail = $null; ProxyAddresses = [string[]]@(); OnPremisesImmutableId = $null
        OnPremisesSyncEnabled = $null; OnPremisesDistinguishedName = $null; OnPremisesSamAccountName = $null
        OnPremisesObjectIdentifier = $null; IsCloudManaged = $false; Deleted = $false; DeletedDateTime = $null
        JoinedTo = $null; PasswordChanges = 0; ProvisionedBySync = $false
    }
}

function Set-LabCloudUpn([hashtable] $User, [string] $Upn) {
    Remove-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
    $User.UserPrincipalName = $Upn
    Add-LabIndexEntry $script:ByUpn $Upn $User
}

function Set-LabCloudAnchor([hashtable] $User, [string] $Anchor) {
    Remove-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
    $User.OnPremisesImmutableId = $(if ($Anchor) { $Anchor } else { $null })
    Add-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
}

function Set-LabCloudAddress([hashtable] $User, [string] $Mail, [string[]] $ProxyAddresses) {
    foreach ($key in Get-LabAddressKey $User) { Remove-LabIndexEntry $script:ByAddress $key $User }
    $User.Mail = $(if ($Mail) { $Mail } else { $null })
    $User.ProxyAddresses = [string[]]@($ProxyAddresses | Where-Object { $_ })
    foreach ($key in Get-LabAddressKey $User) { Add-LabIndexEntry $script:ByAddress $key $User }
}

# The active users other than $Except holding an anchor, UPN or address.
function Get-LabAnchorHolder([string] $Anchor, $Except) { @(Get-LabIndexEntry $script:ByAnchor $Anchor | Where-Object { $_ -ne $Except }) }
function Get-LabUpnHolder([string] $Upn, $Except) { @(Get-LabIndexEntry $script:ByUpn $Upn | Where-Object { $_ -ne $Except -and -not $_.Deleted }) }
function Get-LabAddressHolder([string] $Address, $Except) {
    $bare = $Address -replace '^smtp:', ''
    @(Get-LabIndexEntry $script:ByAddress ('smtp:' + $bare.ToLowerInvariant()) | Where-Object { $_ -ne $Except -and -not $_.Deleted })
}

function Get-LabDomain([string] $Upn) {
    $suffix = ($Upn -split '@')[-1]
    foreach ($domain in $script:Tenant.Domains) { if ($domain.Id -eq $suffix) { return $domain } }
    $null
}

# To the recycle bin: it keeps its anchor, UPN and roles; its mailbox is soft-deleted with it.
function Remove-LabCloudUserSoftly([hashtable] $User) {
    $User.Deleted = $true
    $User.DeletedDateTime = [datetime]::UtcNow
}

# Gone for good, with its roles and mailbox.
function Remove-LabCloudUserForGood([hashtable] $User) {
    [void]$script:Cloud.Remove($User.Id)
    Remove-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
    Remove-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
    foreach ($key in Get-LabAddressKey $User) { Remove-LabIndexEntry $script:ByAddress $key $User }
    [void]$script:Roles.Remove($User.Id)
    [void]$script:Mailboxes.Remove($User.Id)
    $count = 0
    [void]$script:Purges.TryGetValue($User.Id, [ref]$count)
    $script:Purges[$User.Id] = $count + 1
}

function Get-LabMailboxOf([hashtable] $User) {
    $mailbox = $null
    if ($User -and $script:Mailboxes.TryGetValue($User.Id, [ref]$mailbox)) { return $mailbox }
    $null
}
#endregion

#region Roles
function Get-LabRoleOf([string] $PrincipalId) {
    $list = $null
    if ($script:Roles.TryGetValue($PrincipalId, [ref]$list)) { $list.ToArray() }
}

function Find-LabRole([string] $PrincipalId, [string] $RoleDefinitionId, [string] $Scope, [bool] $Eligible) {
    @(Get-LabRoleOf $PrincipalId | Where-Object {
            $_.Eligible -eq $Eligible -and $_.RoleDefinitionId -eq $RoleDefinitionId -and (-not $Scope -or $_.DirectoryScopeId -eq $Scope)
        })
}

function Add-LabRoleRecord([string] $PrincipalId, [string] $RoleDefinitionId, [string] $Scope, [bool] $Eligible, $ScheduleInfo) {
    $script:Counters.Roles++
    $id = '{0}-{1}' -f $(if ($Eligible) { 'es' } else { 'ra' }), $script:Counters.Roles
    $role = @{ Id = $id; PrincipalId = $PrincipalId; RoleDefinitionId = $RoleDefinitionId; DirectoryScopeId = $Scope; Eligible = $Eligible; ScheduleInfo = $ScheduleInfo }
    Add-LabIndexEntry $script:Roles $PrincipalId $role
    $role
}

function Remove-LabRoleRecord([hashtable] $Role) { Remove-LabIndexEntry $script:Roles $Role.PrincipalId $Role }

# "principalId eq '<id>' [and roleDefinitionId eq '<def>']": the one -Filter form scripts send.
function ConvertFrom-LabRoleFilter([string] $Filter) {
    $wanted = @{}
    foreach ($clause in ($Filter -split '\s+and\s+')) {
        if ($clause -notmatch "^\s*(principalId|roleDefinitionId|directoryScopeId)\s+eq\s+'([^']*)'\s*$") {
            throw "The lab's role stand-ins understand -Filter `"principalId eq '<id>' and roleDefinitionId eq '<def>'`" only, not: $Filter"
        }
        $wanted[$Matches[1]] = $Matches[2]
    }
    $wanted
}

function Get-LabRoleByFilter([string] $Filter, [bool] $Eligible) {
    $wanted = if ($Filter) { ConvertFrom-LabRoleFilter $Filter } else { @{} }
    $roles = if ($wanted.ContainsKey('principalId')) { Get-LabRoleOf $wanted.principalId } else { @($script:Roles.Values | ForEach-Object { $_.ToArray() }) }
    foreach ($role in $roles) {
        if ($role.Eligible -ne $Eligible) { continue }
        if ($wanted.ContainsKey('roleDefinitionId') -and $role.RoleDefinitionId -ne $wanted.roleDefinitionId) { continue }
        if ($wanted.ContainsKey('directoryScopeId') -and $role.DirectoryScopeId -ne $wanted.directoryScopeId) { continue }
        [pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId }
    }
}

# A schedule request: adminRemove ends what is there, adminAssign adds what is not, as Graph.
function Invoke-LabRoleRequest([System.Collections.IDictionary] $Body, [bool] $Eligible) {
    $principal = [string]$Body['principalId']
    $definition = [string]$Body['roleDefinitionId']
    $scope = if ($Body['directoryScopeId']) { [string]$Body['directoryScopeId'] } else { '/' }
    $existing = @(Find-LabRole $principal $definition $scope $Eligible)
    $noun = if ($Eligible) { 'eligibility' } else { 'assignment' }
    switch -Regex ([string]$Body['action']) {
        '^adminRemove$' {
            if ($existing.Count -eq 0) { Deny-LabCall "[RoleAssignmentDoesNotExist] : The role $noun of $definition for $principal at scope '$scope' does not exist." -Id 'RoleAssignmentDoesNotExist' -Category ObjectNotFound -Target $principal }
            foreach ($role in $existing) { Remove-LabRoleRecord $role }
        }
        '^adminAssign$' {
            if ($existing.Count -gt 0) { Deny-LabCall "[RoleAssignmentExists] : The role $noun of $definition for $principal at scope '$scope' already exists." -Id 'RoleAssignmentExists' -Category ResourceExists -Target $principal }
            [void](Resolve-LabCloudUser $principal)
            [void](Add-LabRoleRecord $principal $definition $scope $Eligible $Body['scheduleInfo'])
        }
        default { throw "The lab's role stand-ins handle action adminRemove and adminAssign only, not '$($Body['action'])'." }
    }
    [pscustomobject]@{ Id = [guid]::NewGuid().ToString(); Action = $Body['action']; Status = 'Provisioned'; PrincipalId = $principal; RoleDefinitionId = $definition; DirectoryScopeId = $scope }
}
#endregion
