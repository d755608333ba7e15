# A stateful, in-memory "lab" tenant, dot-sourced after Common.ps1: stand-ins for the Microsoft
# Graph, Exchange (Online and on-premises), ActiveDirectory and ADSync cmdlets that the scripts of
# New-HardMatchPlan -AsScript call, over one directory (AD and Entra ID) that they change, and a
# simplified Entra Connect sync engine (Start-ADSyncSyncCycle) that joins, matches, refuses and
# deletes as Entra does. A test builds the lab (Reset-Lab, Add-Lab*, New-LabPairs), plans from
# Get-LabFacts, runs the script, then asserts on Get-LabState and Get-LabCalls.
#
# Import-Lab loads it all as one global module, ImmutableIdLab, so that the state is the
# module's and the stand-ins shadow any real module's commands; Remove-Lab unloads it. Pester
# runs every file in one session: call Remove-Lab in AfterAll. The module's body is the files of
# tests/helpers/lab, by concern (see Import-Lab), dot-sourced into it.
#
# Errors: real Graph, AD and Exchange cmdlets are compiled, so a script's
# $ErrorActionPreference = 'Stop' makes their errors terminating; a module function does not
# see its caller's preference. So each stand-in reports an error by throwing a terminating
# error (message starting with its name), unless called with -ErrorAction SilentlyContinue or
# Ignore, when it writes and returns nothing. A call the lab does not understand fails loudly
# whatever -ErrorAction says: that is the lab's limit, not the tenant's answer.
#
# Runs in Windows PowerShell 5.1 too: no ?., ??, ternary or -AsHashtable.

function Import-Lab {
    # State.ps1 sets the constants and the others only define functions; Reset-Lab, once all
    # are in, makes the tables.
    $files = @('State', 'Records', 'Calls', 'Read', 'SyncEngine', 'Graph', 'GraphRequest', 'GraphTenant', 'ActiveDirectory', 'ADSync', 'Exchange') |
        ForEach-Object { Join-Path $PSScriptRoot "lab/$_.ps1" }
    New-Module -Name ImmutableIdLab -ArgumentList (, [string[]]$files) -ScriptBlock {
        Set-StrictMode -Version Latest
        # Each file into the module's own scope, leaving no variable there (a param block or a
        # foreach loop would leave $PSBoundParameters or $foreach).
        $args[0] | ForEach-Object { . $_ }
        Reset-Lab
        Export-ModuleMember -Function @(
            # The lab
            'Reset-Lab', 'Add-LabADUser', 'Add-LabCloudUser', 'Add-LabRole', 'Add-LabMailbox', 'Add-LabMapping', 'New-LabPairs',
            'Get-LabFacts', 'Get-LabState', 'Get-LabCalls', 'Clear-LabCalls', 'Set-LabFault', 'Set-LabConsent', 'Get-LabUser', 'Get-LabADUser', 'Invoke-LabSync'
            # Microsoft Graph
            'Connect-MgGraph', 'Get-MgContext', 'Get-MgUser', 'Get-MgUserOnPremiseSyncBehavior', 'Update-MgUser', 'Get-MgDirectoryDeletedItemAsUser', 'Remove-MgDirectoryDeletedItem', 'Invoke-MgGraphRequest',
            'Get-MgDirectoryOnPremiseSynchronization', 'Update-MgDirectoryOnPremiseSynchronization',
            'Get-MgRoleManagementDirectoryRoleAssignment', 'Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance',
            'New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest', 'New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest', 'New-MgRoleManagementDirectoryRoleAssignment'
            # ActiveDirectory, ADSync, the console
            'Get-ADUser', 'Set-ADUser', 'Move-ADObject', 'Get-ADSyncScheduler', 'Set-ADSyncScheduler', 'Start-ADSyncSyncCycle', 'Read-Host'
            # Exchange
            'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Connect-ExchangeOnline', 'Get-EXOMailbox', 'Get-EXORecipient', 'Set-Mailbox'
        )
    } | Import-Module -Global -Force
}

function Remove-Lab { Remove-Module ImmutableIdLab -Force -ErrorAction SilentlyContinue }

# The ids New-LabPairs gives the i-th person, and its anchor computed with .NET (the oracle,
# not the lab's own arithmetic), for tests to assert on.
function Get-PairIds([int] $I) {
    $guid = [guid]('{0:x8}-0000-4000-8000-{1:x12}' -f $I, $I)
    @{
        Sam    = "user$I"
        Guid   = $guid
        Anchor = [Convert]::ToBase64String($guid.ToByteArray())
        Twin   = '{0:x8}-0001-4000-8000-{1:x12}' -f $I, $I
        Keep   = '{0:x8}-0002-4000-8000-{1:x12}' -f $I, $I
    }
}
