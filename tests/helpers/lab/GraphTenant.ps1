# Stand-ins for Microsoft Graph's tenant-wide cmdlets: the synchronization features
# (BlockCloudObjectTakeoverThroughHardMatchEnabled...) and the directory roles' assignments and
# eligibilities.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

function Assert-LabSyncId([string] $Id) {
    if ($Id -and $Id -ne $script:Tenant.SyncId) {
        Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
    }
}

function Get-MgDirectoryOnPremiseSynchronization {
    [CmdletBinding()]
    param([string] $OnPremisesDirectorySynchronizationId, [switch] $All)
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        Assert-LabSyncId $OnPremisesDirectorySynchronizationId
        Get-LabSynchronizationObject
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Update-MgDirectoryOnPremiseSynchronization {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string] $OnPremisesDirectorySynchronizationId, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Assert-LabSyncId $OnPremisesDirectorySynchronizationId
        $features = $BodyParameter['features']
        if ($null -eq $features) { throw "The lab's Update-MgDirectoryOnPremiseSynchronization changes features only." }
        $features = ConvertTo-LabBody $features
        foreach ($key in @($features.Keys)) {
            switch ($key) {
                'blockCloudObjectTakeoverThroughHardMatchEnabled' { $script:Tenant.Block = [bool]$features[$key] }
                'blockSoftMatchEnabled' { $script:Tenant.BlockSoftMatch = [bool]$features[$key] }
                default { throw "The lab's synchronization has no feature $key." }
            }
        }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Get-MgRoleManagementDirectoryRoleAssignment {
    [CmdletBinding()]
    param([string] $Filter, [switch] $All, [string[]] $ExpandProperty)
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        Get-LabRoleByFilter $Filter $false
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance {
    [CmdletBinding()]
    param([string] $Filter, [switch] $All, [string[]] $ExpandProperty)
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        Get-LabRoleByFilter $Filter $true
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Invoke-LabRoleRequest (ConvertTo-LabBody $BodyParameter) $false
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Invoke-LabRoleRequest (ConvertTo-LabBody $BodyParameter) $true
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function New-MgRoleManagementDirectoryRoleAssignment {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [string] $PrincipalId, [Parameter(Mandatory = $true)] [string] $RoleDefinitionId, [string] $DirectoryScopeId = '/')
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Invoke-LabRoleRequest @{ action = 'adminAssign'; principalId = $PrincipalId; roleDefinitionId = $RoleDefinitionId; directoryScopeId = $DirectoryScopeId } $false
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}
