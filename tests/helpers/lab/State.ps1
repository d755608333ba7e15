# The lab's state: its constants, the tables Reset-Lab empties, and the builders a test sets
# the lab up with (Add-LabADUser, Add-LabCloudUser, Add-LabRole, Add-LabMailbox, Add-LabMapping,
# New-LabPairs).
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

#region Constants
$script:StaffOU = 'OU=Staff,DC=alwayshotcafe,DC=com'
$script:UnsyncedOU = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
$script:VerifiedDomain = 'alwayshotcafe.com'
$script:InitialDomain = 'alwayshotcafe2020.onmicrosoft.com'
$script:SyncId = 'a5d3c1f2-0000-4000-8000-000000000001'
$script:GlobalAdministrator = '62e90394-69f5-4237-9190-012177145e10'
# Built-in roles Microsoft's permissions reference marks "Privileged" (template ids):
# Entra refuses a hard match onto an account holding or eligible for one of them.
$script:PrivilegedRoles = @{
    '62e90394-69f5-4237-9190-012177145e10' = 'Global Administrator'
    'e8611ab8-c189-46e8-94e1-60213ab1f814' = 'Privileged Role Administrator'
    'fe930be7-5e62-47db-91af-98c3a49a38b1' = 'User Administrator'
    '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2' = 'Hybrid Identity Administrator'
    '7be44c8a-adaf-4e2a-84d6-ab2649e08a13' = 'Privileged Authentication Administrator'
    'c4e39bd9-1100-46d3-8c65-fb160da0071f' = 'Authentication Administrator'
    '194ae4cb-b126-40b2-bd5b-6091b380977d' = 'Security Administrator'
    '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3' = 'Application Administrator'
    '158c047a-c907-4556-b7ef-446551a6b5f7' = 'Cloud Application Administrator'
    'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9' = 'Conditional Access Administrator'
    '729827e3-9c14-49f7-bb1b-9608f156bbb8' = 'Helpdesk Administrator'
    '966707d0-3269-4727-9be2-8c3a10f19b9d' = 'Password Administrator'
    'f2ef992c-3afb-46b9-b7cf-a126ee74c451' = 'Global Reader'
    '3a2c62db-5318-420d-8d74-23affee5d9d5' = 'Intune Administrator'
    '9360feb5-f418-4baa-8175-e2a00bac4301' = 'Directory Writers'
}
# msExchRecipientTypeDetails of remote (cloud) mailboxes: user, room, equipment, shared.
$script:RemoteMailboxTypes = @(2147483648, 8589934592, 17179869184, 34359738368)
# What Get-ADUser -Properties can ask for beyond its default set, in AD's spelling.
$script:ADAttributes = @('mail', 'proxyAddresses', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid', 'msExchArchiveGuid',
    'msExchRecipientTypeDetails', 'msExchRemoteRecipientType', 'legacyExchangeDN', 'targetAddress', 'mailNickname', 'userPrincipalName')
$script:ADDefaultProperties = @('SamAccountName', 'ObjectGUID', 'UserPrincipalName', 'DistinguishedName', 'Enabled')
# Not journaled: they say how to run a call, not what it asks.
$script:CommonParameters = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
        'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable', 'WarningVariable',
        'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm', 'UseTransaction'), [StringComparer]::OrdinalIgnoreCase)
#endregion

#region Tables
function New-LabTable([switch] $CaseSensitive) {
    $comparer = if ($CaseSensitive) { [StringComparer]::Ordinal } else { [StringComparer]::OrdinalIgnoreCase }
    [System.Collections.Generic.Dictionary[string, object]]::new($comparer)
}

# Empties the lab: the tenant alwayshotcafe.com with its sync features, no users.
function Reset-Lab {
    [CmdletBinding()]
    param([switch] $Blocked, [switch] $FederatedDomain)
    $script:Granted = @()                                     # the Graph scopes Connect-MgGraph was granted
    $script:Withheld = @()                                    # scopes an admin does not consent to (Set-LabConsent)
    $script:AD = New-LabTable                                 # objectGUID text -> AD user
    $script:ADBySam = New-LabTable
    $script:ADByDn = New-LabTable
    $script:OUs = [System.Collections.Generic.HashSet[string]]::new([string[]]@($script:StaffOU, $script:UnsyncedOU), [StringComparer]::OrdinalIgnoreCase)
    $script:Cloud = New-LabTable                              # object id -> cloud user (active or soft-deleted)
    $script:ByUpn = New-LabTable                              # UPN -> users (lists; active and deleted)
    $script:ByAnchor = New-LabTable -CaseSensitive            # onPremisesImmutableId -> users: Entra compares anchors case-sensitively
    $script:ByAddress = New-LabTable                          # 'smtp:address' -> users
    $script:Joins = New-LabTable                              # AD objectGUID -> the synced cloud user joined to it
    $script:Roles = New-LabTable                              # principal id -> its assignments and eligibilities
    $script:Mailboxes = New-LabTable                          # user id -> its Exchange Online mailbox
    $script:SyncErrors = New-LabTable                         # sAMAccountName -> errors of the last sync that saw it
    $script:ErrorsByTarget = New-LabTable                     # cloud id -> those errors, for Get-MgUser
    $script:Purges = New-LabTable                             # id -> purges (a second purge of one id is a bug)
    $script:ObjectIdentifierClears = New-LabTable             # id -> PATCHes of onPremisesObjectIdentifier = null
    $script:Mapping = [System.Collections.Generic.List[object]]::new()
    $script:Calls = [System.Collections.Generic.List[string]]::new()
    $script:Runs = [System.Collections.Generic.List[object]]::new()
    $script:Fault = $null
    $script:Counters = @{ AnchorQueries = 0; Provisioned = 0; Roles = 0 }
    $script:Tenant = @{
        SyncId           = $script:SyncId
        Block            = [bool]$Blocked
        BlockSoftMatch   = $false
        SchedulerEnabled = $true
        Domains          = @(
            @{ Id = $script:VerifiedDomain; AuthenticationType = $(if ($FederatedDomain) { 'Federated' } else { 'Managed' }); IsInitial = $false; IsDefault = $true; IsVerified = $true }
            @{ Id = $script:InitialDomain; AuthenticationType = 'Managed'; IsInitial = $true; IsDefault = $false; IsVerified = $true }
        )
    }
}
#endregion

#region Building the lab
# A GUID's bytes as AD stores them ($null for none). Returned whole: emitted, a byte[]
# would be unrolled into an object[], which is no longer an attribute value.
function ConvertTo-LabGuidBytes($Guid) {
    if (-not $Guid) { return $null }
    , ([guid]"$Guid").ToByteArray()
}

function Add-LabADUser {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Sam,
        [Parameter(Mandatory = $true)] [guid] $Guid,
        [object] $ConsistencyGuid,
        [string] $Upn,
        [string] $OU = $script:StaffOU,
        [string] $Mail,
        [string[]] $ProxyAddresses,
        [object] $MailboxGuid,
        [object] $ArchiveGuid,
        [object] $RecipientTypeDetails,
        [object] $RemoteRecipientType,
        [string] $LegacyExchangeDN
    )
    if ($script:AD.ContainsKey($Guid.ToString())) { throw "The lab already has an AD user with objectGUID $Guid." }
    if ($script:ADBySam.ContainsKey($Sam)) { throw "The lab already has an AD user $Sam." }
    $user = @{
        SamAccountName             = $Sam
        ObjectGUID                 = $Guid
        UserPrincipalName          = $(if ($Upn) { $Upn } else { $null })
        DistinguishedName          = "CN=$Sam,$OU"
        Enabled                    = $true
        'mS-DS-ConsistencyGuid'    = ConvertTo-LabGuidBytes $ConsistencyGuid
        mail                       = $(if ($Mail) { $Mail } else { $null })
        proxyAddresses             = [string[]]@($ProxyAddresses | Where-Object { $_ })
        msExchMailboxGuid          = ConvertTo-LabGuidBytes $MailboxGuid
        msExchArchiveGuid          = ConvertTo-LabGuidBytes $ArchiveGuid
        msExchRecipientTypeDetails = $(if ($null -ne $RecipientTypeDetails) { [long]$RecipientTypeDetails } else { $null })
        msExchRemoteRecipientType  = $(if ($null -ne $RemoteRecipientType) { [long]$RemoteRecipientType } else { $null })
        legacyExchangeDN           = $(if ($LegacyExchangeDN) { $LegacyExchangeDN } else { $null })
        targetAddress              = $null
        mailNickname               = $null
    }
    [void]$script:OUs.Add($OU)
    $script:AD[$Guid.ToString()] = $user
    $script:ADBySam[$Sam] = $user
    $script:ADByDn[$user.DistinguishedName] = $user
}

function Add-LabCloudUser {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $Id,
        [Parameter(Mandatory = $true)] [string] $Upn,
        [string] $ImmutableId,
        [object] $SyncedFrom,
        [switch] $Deleted,
        [string] $ObjectIdentifier,
        [switch] $CloudManaged,
        [string] $Mail,
        [string[]] $ProxyAddresses
    )
    $user = New-LabCloudRecord $Id $Upn
    $user.Mail = $(if ($Mail) { $Mail } else { $null })
    $user.ProxyAddresses = [string[]]@($ProxyAddresses | Where-Object { $_ })
    $user.OnPremisesImmutableId = $(if ($ImmutableId) { $ImmutableId } else { $null })
    $user.OnPremisesObjectIdentifier = $(if ($ObjectIdentifier) { $ObjectIdentifier } else { $null })
    $user.IsCloudManaged = [bool]$CloudManaged
    $ad = $null
    if ($SyncedFrom) {
        $ad = Find-LabADUser "$SyncedFrom"
        if (-not $ad) { throw "Add-LabCloudUser -SyncedFrom: no AD user $SyncedFrom in the lab (add it first)." }
        if (-not $Deleted -and $script:Joins.ContainsKey($ad.ObjectGUID.ToString())) { throw "Add-LabCloudUser -SyncedFrom: $($ad.SamAccountName) is joined to another cloud user already." }
        if (-not $ImmutableId) { $user.OnPremisesImmutableId = Get-LabADAnchor $ad }
        $user.OnPremisesSyncEnabled = $true
        $user.OnPremisesDistinguishedName = $ad.DistinguishedName
        $user.OnPremisesSamAccountName = $ad.SamAccountName
    }
    if ($Deleted) { $user.Deleted = $true; $user.DeletedDateTime = [datetime]::UtcNow.AddDays(-1) }
    Add-LabCloudRecord $user
    if ($ad -and -not $Deleted) {
        $user.JoinedTo = $ad.ObjectGUID.ToString()
        $script:Joins[$user.JoinedTo] = $user
    }
}

function Add-LabRole {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $PrincipalId, [Parameter(Mandatory = $true)] [string] $RoleDefinitionId, [switch] $Eligible, [string] $Scope = '/')
    if (-not $script:Cloud.ContainsKey($PrincipalId)) { throw "Add-LabRole: no cloud user $PrincipalId in the lab." }
    $role = Add-LabRoleRecord $PrincipalId $RoleDefinitionId $Scope ([bool]$Eligible) $null
    $role.Id
}

# The Exchange Online mailbox of a cloud user; the user's mail and proxy addresses are
# the mailbox's, as Exchange Online writes them back.
function Add-LabMailbox {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)] [string] $UserId,
        [Parameter(Mandatory = $true)] [guid] $ExchangeGuid,
        [Parameter(Mandatory = $true)] [string] $Primary,
        [string[]] $Addresses,
        [string] $LegacyExchangeDN,
        [guid] $ArchiveGuid = [guid]::Empty
    )
    $user = $null
    if (-not $script:Cloud.TryGetValue($UserId, [ref]$user)) { throw "Add-LabMailbox: no cloud user $UserId in the lab." }
    $alias = ($Primary -split '@')[0]
    $script:Mailboxes[$user.Id] = @{
        UserId               = $user.Id
        ExchangeGuid         = $ExchangeGuid
        ArchiveGuid          = $ArchiveGuid
        LegacyExchangeDN     = $(if ($LegacyExchangeDN) { $LegacyExchangeDN } else { "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=$($user.Id.Replace('-', ''))-$alias" })
        Alias                = $alias
        PrimarySmtpAddress   = $Primary
        EmailAddresses       = [string[]]@(@("SMTP:$Primary") + @($Addresses | Where-Object { $_ }))
        RecipientTypeDetails = 'UserMailbox'
    }
    # (A synced user's come from AD: they are filled only when it has none.)
    if (-not $user.OnPremisesSyncEnabled -or (-not $user.Mail -and $user.ProxyAddresses.Count -eq 0)) { Set-LabCloudAddress $user $Primary $script:Mailboxes[$user.Id].EmailAddresses }
}

function Add-LabMapping {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $OnPremises, [Parameter(Mandatory = $true)] [string] $Cloud)
    $row = [pscustomobject]@{ OnPremises = $OnPremises; Cloud = $Cloud }
    $script:Mapping.Add($row)
    $row
}

# N people, each with an AD user, its synced twin (holding its anchor) and the cloud-only
# account they keep, as a hard match starts. Deterministic ids: the i-th has
#   AD objectGUID  iiiiiiii-0000-4000-8000-iiiiiiiiiiii
#   twin id        iiiiiiii-0001-4000-8000-iiiiiiiiiiii
#   keep id        iiiiiiii-0002-4000-8000-iiiiiiiiiiii  (mailbox ExchangeGuid ...-0003-...)
function New-LabPairs {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [int] $Count, [int] $Start = 1, [switch] $Privileged, [switch] $ObjectIdentifier, [switch] $CloudManaged, [switch] $Mailbox)
    for ($i = $Start; $i -lt $Start + $Count; $i++) {
        $ids = Get-LabPairIds $i
        Add-LabADUser -Sam "user$i" -Guid $ids.ADGuid -Upn "user$i@$($script:VerifiedDomain)"
        Add-LabCloudUser -Id $ids.TwinId -Upn "user$i@$($script:VerifiedDomain)" -SyncedFrom $ids.ADGuid
        $keepUpn = "user$i.cloud@$($script:InitialDomain)"
        $keep = @{ Id = $ids.KeepId; Upn = $keepUpn; CloudManaged = [bool]$CloudManaged }
        if ($ObjectIdentifier) { $keep.ObjectIdentifier = 'S-1-5-21-1-2-3-{0}' -f (1000 + $i) }
        Add-LabCloudUser @keep
        if ($Privileged) { [void](Add-LabRole -PrincipalId $ids.KeepId -RoleDefinitionId $script:GlobalAdministrator) }
        if ($Mailbox) { Add-LabMailbox -UserId $ids.KeepId -ExchangeGuid $ids.ExchangeGuid -Primary "user$i.cloud@$($script:VerifiedDomain)" -Addresses "smtp:$keepUpn" }
        Add-LabMapping -OnPremises "user$i" -Cloud $keepUpn
    }
}

function Get-LabPairIds([int] $Index) {
    @{
        ADGuid       = [guid]('{0:x8}-0000-4000-8000-{1:x12}' -f $Index, $Index)
        TwinId       = '{0:x8}-0001-4000-8000-{1:x12}' -f $Index, $Index
        KeepId       = '{0:x8}-0002-4000-8000-{1:x12}' -f $Index, $Index
        ExchangeGuid = [guid]('{0:x8}-0003-4000-8000-{1:x12}' -f $Index, $Index)
    }
}
#endregion
