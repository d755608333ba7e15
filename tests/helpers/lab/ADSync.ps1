# Stand-ins for the ADSync module (the scheduler, and Start-ADSyncSyncCycle, which runs the sync
# engine) and for the console's Read-Host.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

function Get-ADSyncScheduler {
    [CmdletBinding()]
    param()
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        [pscustomobject]@{ SyncCycleEnabled = $script:Tenant.SchedulerEnabled; SyncCycleInProgress = $false; MaintenanceEnabled = $true; SchedulerSuspended = $false }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Set-ADSyncScheduler {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true)] [bool] $SyncCycleEnabled)
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        $script:Tenant.SchedulerEnabled = $SyncCycleEnabled
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

function Start-ADSyncSyncCycle {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([ValidateSet('Delta', 'Initial')] [string] $PolicyType = 'Delta')
    try {
        if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
        Invoke-LabSync
        [pscustomobject]@{ Result = 'Success' }
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}

# The console: nobody answers, so Enter is pressed (or a fixed password typed).
function Read-Host {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
    try {
        [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
        if ($AsSecureString) {
            $secret = [System.Security.SecureString]::new()
            foreach ($c in 'Lab-Passw0rd!'.ToCharArray()) { $secret.AppendChar($c) }
            $secret.MakeReadOnly()
            return $secret
        }
        ''
    }
    catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
}
