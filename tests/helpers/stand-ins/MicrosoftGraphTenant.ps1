# Stand-ins for the Microsoft Graph PowerShell cmdlets that read a tenant's facts, over the
# directory of Directory.ps1: soft-deleted users, domains, the synchronization features and
# directory role assignments and eligibilities. Each returns objects of the SDK's shape
# (MicrosoftGraphUser, MicrosoftGraphDomain, MicrosoftGraphOnPremisesDirectorySynchronization,
# MicrosoftGraphUnifiedRoleAssignment), with AdditionalProperties as the SDK has it.

function New-StandInGraphObject {
    param([System.Collections.IDictionary] $Properties, [string] $Model)
    $object = [pscustomobject]$Properties
    $object | Add-Member -NotePropertyName AdditionalProperties -NotePropertyValue ([System.Collections.Generic.Dictionary[string, object]]::new())
    $object.PSObject.TypeNames.Insert(0, "Microsoft.Graph.PowerShell.Models.$Model")
    $object
}

function Get-MgDirectoryDeletedItemAsUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Get')]
        [string] $DirectoryObjectId,
        [Parameter(ParameterSetName = 'List')]
        [switch] $All,
        [Alias('Select')]
        [string[]] $Property
    )
    $available = $script:GraphProperties + 'DeletedDateTime'
    $selected = if ($Property) { @(Resolve-StandInProperty $available $Property) } else { $script:GraphDefaultProperties + 'DeletedDateTime' }
    $users = @($script:DeletedUsers | Where-Object { $PSCmdlet.ParameterSetName -eq 'List' -or $_.Id -eq $DirectoryObjectId })
    if ($PSCmdlet.ParameterSetName -eq 'Get' -and $users.Count -eq 0) {
        throw "[Request_ResourceNotFound] : Resource '$DirectoryObjectId' does not exist or one of its queried reference-property objects are not present."
    }
    foreach ($user in $users) {
        $properties = [ordered]@{}
        foreach ($name in $available) { $properties[$name] = if ($selected -contains $name) { $user[$name] } else { $null } }
        New-StandInGraphObject $properties 'MicrosoftGraphUser'
    }
}

function Get-MgDomain {
    [CmdletBinding()]
    param([string] $DomainId, [switch] $All)
    foreach ($domain in $script:Domains | Where-Object { -not $DomainId -or $_.Id -eq $DomainId }) {
        New-StandInGraphObject ([ordered]@{} + $domain) 'MicrosoftGraphDomain'
    }
}

function Get-MgDirectoryOnPremiseSynchronization {
    [CmdletBinding()]
    param([string] $OnPremisesDirectorySynchronizationId)
    $features = [pscustomobject]$script:Synchronization.Features
    $features.PSObject.TypeNames.Insert(0, 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphOnPremisesDirectorySynchronizationFeature')
    New-StandInGraphObject ([ordered]@{ Id = $script:Synchronization.Id; Features = $features }) 'MicrosoftGraphOnPremisesDirectorySynchronization'
}

# Roles, in the shapes the role cmdlets give: plain assignments (unifiedRoleAssignment: no kind,
# no schedule), PIM assignment schedule instances (MemberType, AssignmentType, StartDateTime,
# EndDateTime) and eligibility schedules and their instances. -ExpandProperty RoleDefinition
# adds the definition's DisplayName, IsPrivileged and TemplateId.
function Get-StandInRole {
    param([object[]] $Roles, [string] $Filter, [string[]] $ExpandProperty, [string] $Model, [string[]] $Properties)
    if ($Filter -and $Filter -notmatch "^\s*principalId\s+eq\s+'(?<id>[^']+)'\s*$") {
        throw "The role stand-ins understand -Filter `"principalId eq '<id>'`" only, not: $Filter"
    }
    $names = @{ '62e90394-69f5-4237-9190-012177145e10' = @('Global Administrator', $true); '4a5d8f65-41da-4de4-8968-e035b65339cf' = @('Reports Reader', $false) }
    foreach ($role in $Roles | Where-Object { -not $Filter -or $_.PrincipalId -eq $Matches['id'] }) {
        $shaped = [ordered]@{}
        foreach ($name in $Properties) { $shaped[$name] = $role[$name] }
        $shaped.RoleDefinition = $null
        if ($ExpandProperty -contains 'RoleDefinition') {
            $name, $privileged = $names[$role.RoleDefinitionId]
            $shaped.RoleDefinition = New-StandInGraphObject ([ordered]@{ Id = $role.RoleDefinitionId; DisplayName = $name; IsPrivileged = $privileged; TemplateId = $role.RoleDefinitionId }) 'MicrosoftGraphUnifiedRoleDefinition'
        }
        New-StandInGraphObject $shaped $Model
    }
}

$script:RoleAssignmentProperties = @('Id', 'PrincipalId', 'RoleDefinitionId', 'DirectoryScopeId', 'AppScopeId')
$script:RoleScheduleInstanceProperties = $script:RoleAssignmentProperties + @('MemberType', 'StartDateTime', 'EndDateTime')

function Get-MgRoleManagementDirectoryRoleAssignment {
    [CmdletBinding()]
    param([switch] $All, [string] $Filter, [string[]] $ExpandProperty)
    Get-StandInRole @($script:RoleAssignments | Where-Object { -not $_.RoleEligibilityScheduleId }) $Filter $ExpandProperty 'MicrosoftGraphUnifiedRoleAssignment' $script:RoleAssignmentProperties
}

function Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance {
    [CmdletBinding()]
    param([switch] $All, [string] $Filter, [string[]] $ExpandProperty)
    Get-StandInRole @($script:RoleAssignments | Where-Object { -not $_.RoleEligibilityScheduleId }) $Filter $ExpandProperty 'MicrosoftGraphUnifiedRoleAssignmentScheduleInstance' ($script:RoleScheduleInstanceProperties + @('AssignmentType', 'RoleAssignmentScheduleId'))
}

function Get-MgRoleManagementDirectoryRoleEligibilitySchedule {
    [CmdletBinding()]
    param([switch] $All, [string] $Filter, [string[]] $ExpandProperty)
    Get-StandInRole @($script:RoleAssignments | Where-Object { $_.RoleEligibilityScheduleId }) $Filter $ExpandProperty 'MicrosoftGraphUnifiedRoleEligibilitySchedule' ($script:RoleAssignmentProperties + @('MemberType', 'ScheduleInfo'))
}

function Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance {
    [CmdletBinding()]
    param([switch] $All, [string] $Filter, [string[]] $ExpandProperty)
    Get-StandInRole @($script:RoleAssignments | Where-Object { $_.RoleEligibilityScheduleId }) $Filter $ExpandProperty 'MicrosoftGraphUnifiedRoleEligibilityScheduleInstance' ($script:RoleScheduleInstanceProperties + @('RoleEligibilityScheduleId'))
}

# Get-MgUserTransitiveMemberOf: the groups a user is in, directly or through other groups, as
# directory objects whose Id is the group's.
function Get-MgUserTransitiveMemberOf {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $UserId, [switch] $All)
    foreach ($membership in $script:GroupMemberships | Where-Object { $_.Member -eq $UserId }) {
        New-StandInGraphObject ([ordered]@{ Id = $membership.Group; DeletedDateTime = $null }) 'MicrosoftGraphDirectoryObject'
    }
}
