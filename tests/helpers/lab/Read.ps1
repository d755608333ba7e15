# What a test reads from the lab: Get-LabFacts (the facts a plan is made from), Get-LabState,
# Get-LabUser and Get-LabADUser, and the conversions to the objects the real cmdlets return.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

# As Get-ADUser -Properties <these> returns a user (see New-ADUserStandIn).
function ConvertTo-LabADObject([hashtable] $User, [string[]] $Properties) {
    $object = [ordered]@{}
    foreach ($name in $script:ADDefaultProperties) { $object[$name] = $User[$name] }
    foreach ($name in $Properties) {
        # Assigned, not emitted: an emitted byte[] would be unrolled into an object[].
        $value = $User[$name]
        if ($value -is [byte[]]) { $value = [byte[]]$value.Clone() }
        elseif ($value -is [string[]]) { $value = [string[]]$value.Clone() }
        $object[$name] = $value
    }
    [pscustomobject]$object
}

# As Get-MgUser returns a user (its provisioning errors included).
function ConvertTo-LabGraphUser([hashtable] $User) {
    $errors = $null
    $onPremisesErrors = @()
    $serviceErrors = @()
    if ($script:ErrorsByTarget.TryGetValue($User.Id, [ref]$errors)) {
        $onPremisesErrors = @(foreach ($e in $errors) { if ($e.Kind -eq 'OnPremises') { ConvertTo-LabProvisioningError $e } })
        $serviceErrors = @(foreach ($e in $errors) { if ($e.Kind -eq 'Service') { ConvertTo-LabProvisioningError $e } })
    }
    [pscustomobject]@{
        Id                           = $User.Id
        UserPrincipalName            = $User.UserPrincipalName
        Mail                         = $User.Mail
        ProxyAddresses               = [string[]]$User.ProxyAddresses.Clone()
        OnPremisesImmutableId        = $User.OnPremisesImmutableId
        OnPremisesSyncEnabled        = $(if ($User.OnPremisesSyncEnabled) { $true } else { $null })
        OnPremisesDistinguishedName  = $User.OnPremisesDistinguishedName
        OnPremisesSamAccountName     = $User.OnPremisesSamAccountName
        DeletedDateTime              = $User.DeletedDateTime
        ServiceProvisioningErrors    = $serviceErrors
        OnPremisesProvisioningErrors = $onPremisesErrors
        AdditionalProperties         = [System.Collections.Generic.Dictionary[string, object]]::new()
    }
}

function ConvertTo-LabProvisioningError([hashtable] $Entry) {
    [pscustomobject]@{ Category = $Entry.Category; PropertyCausingError = $Entry.Property; Value = $Entry.Value; OccurredDateTime = $Entry.When; Message = $Entry.Message }
}

# As New-EXOMailboxStandIn builds one: Get-EXOMailbox -Properties ExchangeGuid,... of it.
function ConvertTo-LabEXOMailbox([hashtable] $Mailbox) {
    $user = $script:Cloud[$Mailbox.UserId]
    [pscustomobject]@{
        ExternalDirectoryObjectId = $Mailbox.UserId
        UserPrincipalName         = $user.UserPrincipalName
        Alias                     = $Mailbox.Alias
        ExchangeGuid              = $Mailbox.ExchangeGuid
        ArchiveGuid               = $Mailbox.ArchiveGuid
        LegacyExchangeDN          = $Mailbox.LegacyExchangeDN
        PrimarySmtpAddress        = $Mailbox.PrimarySmtpAddress
        EmailAddresses            = [System.Collections.ArrayList]@($Mailbox.EmailAddresses)
        RecipientTypeDetails      = $Mailbox.RecipientTypeDetails
        IsInactiveMailbox         = [bool]$user.Deleted
    }
}

# The facts to splat into New-HardMatchPlan or Compare-ImmutableId, gathered from the
# lab as it is now, the way an admin gathers them.
function Get-LabFacts {
    $properties = @('mS-DS-ConsistencyGuid', 'mail', 'proxyAddresses', 'msExchMailboxGuid', 'msExchArchiveGuid', 'msExchRecipientTypeDetails', 'msExchRemoteRecipientType', 'legacyExchangeDN')
    $onPremises = @(foreach ($user in $script:AD.Values) { ConvertTo-LabADObject $user $properties })
    $cloud = [System.Collections.Generic.List[object]]::new()
    $deleted = [System.Collections.Generic.List[object]]::new()
    foreach ($user in $script:Cloud.Values) {
        if ($user.Deleted) {
            $deleted.Add([pscustomobject]@{
                    Id = $user.Id; UserPrincipalName = $user.UserPrincipalName; Mail = $user.Mail; ProxyAddresses = [string[]]$user.ProxyAddresses.Clone()
                    OnPremisesImmutableId = $user.OnPremisesImmutableId; OnPremisesSyncEnabled = $(if ($user.OnPremisesSyncEnabled) { $true } else { $null })
                    DeletedDateTime = $user.DeletedDateTime; AdditionalProperties = @{}
                })
            continue
        }
        $cloud.Add([pscustomobject]@{
                Id                     = $user.Id
                UserPrincipalName      = $user.UserPrincipalName
                Mail                   = $user.Mail
                ProxyAddresses         = [string[]]$user.ProxyAddresses.Clone()
                OnPremisesImmutableId  = $user.OnPremisesImmutableId
                OnPremisesSyncEnabled  = $(if ($user.OnPremisesSyncEnabled) { $true } else { $null })
                AdditionalProperties   = @{ onPremisesObjectIdentifier = $user.OnPremisesObjectIdentifier }
                OnPremisesSyncBehavior = [pscustomobject]@{ IsCloudManaged = [bool]$user.IsCloudManaged }
            })
    }
    $roles = [System.Collections.Generic.List[object]]::new()
    foreach ($list in $script:Roles.Values) {
        foreach ($role in $list) {
            if ($role.Eligible) {
                $roles.Add([pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId; MemberType = 'Direct'; RoleEligibilityScheduleId = $role.Id })
            }
            else {
                $roles.Add([pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId; MemberType = 'Direct'; AssignmentType = 'Assigned'; StartDateTime = [datetime]'2025-01-01'; EndDateTime = $null })
            }
        }
    }
    $mailboxes = @(foreach ($mailbox in $script:Mailboxes.Values) { if (-not $script:Cloud[$mailbox.UserId].Deleted) { ConvertTo-LabEXOMailbox $mailbox } })
    @{
        OnPremises      = $onPremises
        Cloud           = $cloud.ToArray()
        Deleted         = $deleted.ToArray()
        Mapping         = $script:Mapping.ToArray()
        Synchronization = Get-LabSynchronizationObject
        Domain          = @(foreach ($domain in $script:Tenant.Domains) { [pscustomobject]@{ Id = $domain.Id; AuthenticationType = $domain.AuthenticationType; IsInitial = $domain.IsInitial; IsDefault = $domain.IsDefault; IsVerified = $domain.IsVerified } })
        RoleAssignment  = $roles.ToArray()
        GroupMembership = @()
        Mailbox         = $mailboxes
    }
}

function Get-LabSynchronizationObject {
    [pscustomobject]@{
        Id       = $script:Tenant.SyncId
        Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $script:Tenant.Block; BlockSoftMatchEnabled = $script:Tenant.BlockSoftMatch }
    }
}

# The raw state, copied (a later change does not show in what was returned).
function Get-LabState {
    $errors = @{}
    foreach ($sam in $script:SyncErrors.Keys) { $errors[$sam] = @(foreach ($e in $script:SyncErrors[$sam]) { $e.Clone() }) }
    $joins = @{}
    foreach ($guid in $script:Joins.Keys) { $joins[$guid] = $script:Joins[$guid].Id }
    @{
        ADUsers                = @(foreach ($user in $script:AD.Values) { $user.Clone() })
        CloudUsers             = @(foreach ($user in $script:Cloud.Values) { $user.Clone() })
        Roles                  = @(foreach ($list in $script:Roles.Values) { foreach ($role in $list) { $role.Clone() } })
        Mailboxes              = @(foreach ($mailbox in $script:Mailboxes.Values) { $mailbox.Clone() })
        Block                  = $script:Tenant.Block
        BlockSoftMatch         = $script:Tenant.BlockSoftMatch
        Scheduler              = $script:Tenant.SchedulerEnabled
        Domains                = @(foreach ($domain in $script:Tenant.Domains) { $domain.Clone() })
        SyncErrors             = $errors
        Joins                  = $joins
        Purges                 = ConvertTo-LabHashtable $script:Purges
        ObjectIdentifierClears = ConvertTo-LabHashtable $script:ObjectIdentifierClears
        AnchorQueries          = $script:Counters.AnchorQueries
        SyncRuns               = @($script:Runs.ToArray())
        Mapping                = $script:Mapping.ToArray()
    }
}

function ConvertTo-LabHashtable($Dictionary) {
    $table = @{}
    foreach ($key in $Dictionary.Keys) { $table[$key] = $Dictionary[$key] }
    $table
}

# One cloud user (active or soft-deleted) by id or UPN, copied; $null when none.
function Get-LabUser([Parameter(Mandatory = $true)] [string] $Id) {
    $user = Find-LabCloudUser $Id -IncludeDeleted
    if (-not $user) { $user = @(Get-LabIndexEntry $script:ByUpn $Id) | Select-Object -First 1 }
    if ($user) { $user.Clone() }
}

# One AD user by objectGUID, DN or sAMAccountName, copied; $null when none.
function Get-LabADUser([Parameter(Mandatory = $true)] [string] $Identity) {
    $user = Find-LabADUser $Identity
    if ($user) { $user.Clone() }
}
