# The scripts New-HardMatchPlan -AsScript writes, run end to end against the lab of
# tests/helpers/Lab.ps1: a tenant the stand-ins read and change, whose sync matches in-scope
# users by anchor as Entra Connect does and refuses what Entra refuses. Every form of script
# (Connect Sync and Cloud Sync, purge and restore-and-clear, every blocker, a federated UPN,
# -Server, the mailbox kept with and without Exchange on-premises, the adopt route) must leave
# every pair matched, the block and the scheduler as they were, and do nothing on a second run.
# At scale: 500 pairs, one failing alone and resumed; a stop midway; the log; Graph calls
# that grow with the pairs.

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Lab.ps1')
    Import-Lab
    Import-Module $ModuleManifest -Force

    $script:Unsynced = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:GA = '62e90394-69f5-4237-9190-012177145e10'
    $script:ReportsReader = '4a5d8f65-41da-4de4-8968-e035b65339cf'

    # The scripts wait for syncs; here no time passes. Entra Cloud Sync picks changes up on its
    # own while the script waits its cycle: the lab's sync runs then.
    function Start-Sleep([int] $Seconds) { if ($Seconds -ge 120) { Invoke-LabSync } }

    # Writes the script and runs it as an admin would: its output (one line per pair), its exit
    # code, its log, and the calls it made.
    function Invoke-PlanScript([string] $Text, [string] $Name = 'plan', [string] $Log, [hashtable] $Arguments = @{}) {
        $path = Join-Path $TestDrive "$Name.ps1"
        Set-Content -LiteralPath $path -Value $Text -Encoding utf8
        if (-not $Log) { $Log = Join-Path $TestDrive "$Name.log.csv" }
        Clear-LabCalls
        $global:LASTEXITCODE = 0
        $output = & $path -LogPath $Log @Arguments 6>$null 3>$null
        [pscustomobject]@{ Lines = @($output); ExitCode = $LASTEXITCODE; Log = @(Import-Csv -LiteralPath $Log); Calls = @(Get-LabCalls) }
    }

    # The calls that change something (anything but a read).
    function Get-Changes($Calls) {
        @($Calls | Where-Object { $_ -match '^(Set-|Update-|Remove-|Move-|New-|Enable-|Start-ADSyncSyncCycle|Invoke-MgGraphRequest -Method (POST|PATCH))' })
    }
    # The calls that reach Microsoft Graph.
    function Get-GraphCalls($Calls) { @($Calls | Where-Object { $_ -match '^(Get|Update|New|Remove)-Mg|^Invoke-MgGraphRequest' }) }

    # The kept account is synced from its AD user with the anchor (moved, or adopted), and its
    # twin is gone (purged) or back as a cloud-only account without the anchor (restored).
    function Assert-Matched([string] $Sam, [string] $Keep, [string] $Anchor) {
        $ad = Get-LabADUser $Sam
        (Get-LabState).Joins["$($ad.ObjectGUID)"] | Should -Be $Keep -Because "$Sam is joined to the account it takes over"
        $kept = Get-MgUser -UserId $Keep
        $kept.OnPremisesImmutableId | Should -BeExactly $Anchor
        $kept.OnPremisesSyncEnabled | Should -BeTrue
        ($ad.DistinguishedName -replace '^(?:[^,\\]|\\.)+,', '') | Should -Be 'OU=Staff,DC=alwayshotcafe,DC=com' -Because "$Sam is back in sync scope"
    }

    # A plan of the lab's facts, as a script.
    function New-LabScript([hashtable] $Options = @{}) {
        $facts = Get-LabFacts
        New-HardMatchPlan @facts -OutOfScopeOU $Unsynced @Options -AsScript
    }
}

AfterAll { Remove-Lab }

Describe 'A hard-match script run against a tenant' {
    Context 'every form of script' {
        It 'matches every pair and does nothing the second time: <Form>' -TestCases @(
            @{ Form = 'the seed case (Connect Sync, purge)'; Setup = { Reset-Lab; $null = New-LabPairs -Count 1 }; Options = @{} }
            @{ Form = 'every blocker (block on, a privileged role, an eligible role, onPremisesObjectIdentifier, cloud-managed)'
                Setup = { Reset-Lab -Blocked; $null = New-LabPairs -Count 2 -Privileged -ObjectIdentifier -CloudManaged; $null = Add-LabRole -PrincipalId (Get-PairIds 1).Keep -RoleDefinitionId $ReportsReader -Eligible }
                Options = @{}
            }
            @{ Form = 'restore and clear the twin'; Setup = { Reset-Lab; $null = New-LabPairs -Count 2 }; Options = @{ FreeAnchorBy = 'RestoreAndClear' } }
            @{ Form = 'Entra Cloud Sync'; Setup = { Reset-Lab; $null = New-LabPairs -Count 2 }; Options = @{ SyncEngine = 'CloudSync' } }
            @{ Form = 'commands sent to one domain controller'; Setup = { Reset-Lab; $null = New-LabPairs -Count 1 }; Options = @{ Server = 'dc1.alwayshotcafe.com' } }
            @{ Form = 'a UPN on a federated domain'
                Setup = {
                    Reset-Lab -FederatedDomain
                    $guid = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
                    Add-LabADUser -Sam 'fed' -Guid $guid -Upn 'fed@alwayshotcafe.com'
                    Add-LabCloudUser -Id 'c0000000-0000-4000-8000-000000000001' -Upn 'fed@alwayshotcafe.com' -SyncedFrom $guid
                    Add-LabCloudUser -Id 'c0000000-0000-4000-8000-000000000002' -Upn 'fed.keep@alwayshotcafe.com'
                    $null = Add-LabMapping -OnPremises 'fed' -Cloud 'fed.keep@alwayshotcafe.com'
                }
                Options = @{}
            }
            @{ Form = 'the cloud mailbox kept, no Exchange on-premises'; Setup = { Reset-Lab; $null = New-LabPairs -Count 2 -Mailbox }; Options = @{} }
            @{ Form = 'the cloud mailbox kept in a hybrid organisation'
                Setup = {
                    Reset-Lab; $null = New-LabPairs -Count 2 -Mailbox
                    # Another user's remote mailbox: Exchange runs on-premises.
                    Add-LabADUser -Sam 'exch' -Guid ([guid]'0e0e0e0e-0000-4000-8000-000000000001') -Upn 'exch@alwayshotcafe.com' -RecipientTypeDetails 2147483648 -RemoteRecipientType 4 -MailboxGuid ([guid]'0e0e0e0e-0000-4000-8000-000000000002') -LegacyExchangeDN '/o=Alwayshotcafe/cn=exch'
                    Add-LabCloudUser -Id '0e0e0e0e-0001-4000-8000-000000000001' -Upn 'exch@alwayshotcafe.com' -SyncedFrom ([guid]'0e0e0e0e-0000-4000-8000-000000000001')
                }
                Options = @{}
            }
            @{ Form = 'the adopt route'
                Setup = {
                    Reset-Lab
                    # The account to keep holds the anchor of an AD object retired long ago.
                    Add-LabADUser -Sam 'ada' -Guid ([guid]'0a0a0a0a-0000-4000-8000-000000000001') -Upn 'ada@alwayshotcafe.com'
                    Add-LabCloudUser -Id 'c0000000-0000-4000-8000-00000000000a' -Upn 'ada.cloud@alwayshotcafe2020.onmicrosoft.com' -ImmutableId ([Convert]::ToBase64String(([guid]'0b0b0b0b-0000-4000-8000-000000000001').ToByteArray()))
                    $null = Add-LabMapping -OnPremises 'ada' -Cloud 'ada.cloud@alwayshotcafe2020.onmicrosoft.com'
                }
                Options = @{}
            }
        ) {
            & $Setup
            $before = Get-LabState
            $mapping = @($before.Mapping)
            $text = New-LabScript $Options
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty
            # Who ends up with which anchor: the AD user's, or (adopted) the one the account held.
            $expected = foreach ($row in $mapping) {
                $keep = Get-MgUser -UserId $row.Cloud
                $held = $keep.OnPremisesImmutableId
                $ad = Get-LabADUser $row.OnPremises
                @{ Sam = $row.OnPremises; Keep = $keep.Id; Anchor = $(if ($held) { $held } else { [Convert]::ToBase64String($ad.ObjectGUID.ToByteArray()) }) }
            }

            $name = "form-$(Get-Random)"
            $first = Invoke-PlanScript $text -Name $name
            $first.ExitCode | Should -Be 0 -Because ($first.Lines -join "`n")
            $first.Lines.Count | Should -Be $mapping.Count
            $first.Lines | ForEach-Object { $_ | Should -BeLike 'Pair * (*): done' }
            foreach ($e in $expected) { Assert-Matched $e.Sam $e.Keep $e.Anchor }
            $after = Get-LabState
            ($after.Block, $after.Scheduler) | Should -Be @($before.Block, $before.Scheduler) -Because 'the block and the scheduler are as they were'
            @($after.Roles | ForEach-Object { "$($_.PrincipalId) $($_.RoleDefinitionId) $($_.Eligible)" } | Sort-Object) |
                Should -Be @($before.Roles | ForEach-Object { "$($_.PrincipalId) $($_.RoleDefinitionId) $($_.Eligible)" } | Sort-Object) -Because 'every role is back'
            $after.SyncErrors.Count | Should -Be 0
            @($after.SyncRuns | ForEach-Object { $_.Provisioned }).Count | Should -Be 0 -Because 'no duplicate account was made'
            @($first.Log | Where-Object Result -eq 'Failed').Count | Should -Be 0

            $second = Invoke-PlanScript $text -Name $name
            $second.ExitCode | Should -Be 0
            $second.Lines | ForEach-Object { $_ | Should -BeLike 'Pair * (*): done (in an earlier run)' }
            Get-Changes $second.Calls | Should -BeNullOrEmpty -Because 'the second run does no step again'

            # Without the log, each pair is seen matched and left alone.
            $third = Invoke-PlanScript $text -Name $name -Log (Join-Path $TestDrive "$name.another.log.csv")
            $third.ExitCode | Should -Be 0
            $third.Lines | ForEach-Object { $_ | Should -BeLike 'Pair * (*): matched already: nothing done' }
            Get-Changes $third.Calls | Should -BeNullOrEmpty
            # And that log keeps the next run from doing anything too.
            $fourth = Invoke-PlanScript $text -Name $name -Log (Join-Path $TestDrive "$name.another.log.csv")
            $fourth.Lines | ForEach-Object { $_ | Should -BeLike 'Pair * (*): done (in an earlier run)' }
            Get-Changes $fourth.Calls | Should -BeNullOrEmpty
        }
    }

    Context 'the order of changes' {
        It 'lifts each blocker before anything irreversible, the block only around the sync that matches, and gives all back' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 1 -Privileged -ObjectIdentifier -CloudManaged
            $p = Get-PairIds 1
            $run = Invoke-PlanScript (New-LabScript) -Name 'order'
            $run.ExitCode | Should -Be 0
            $sync = 'Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId a5d3c1f2-0000-4000-8000-000000000001 -BodyParameter'
            $changes = @(Get-Changes $run.Calls | ForEach-Object { $_ -replace "$($p.Keep)", 'KEEP' -replace "$($p.Twin)", 'TWIN' -replace "$($p.Guid)", 'USER' })
            $changes | Should -Be @(
                'Set-ADSyncScheduler -SyncCycleEnabled $false'
                "New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter @{action=adminRemove;directoryScopeId=/;principalId=KEEP;roleDefinitionId=$GA}"
                'Invoke-MgGraphRequest -Method PATCH -Uri https://graph.microsoft.com/v1.0/users/KEEP/onPremisesSyncBehavior -Body @{isCloudManaged=$false}'
                'Move-ADObject -Identity USER -TargetPath OU=Unsynced,DC=alwayshotcafe,DC=com'
                'Start-ADSyncSyncCycle -PolicyType Delta'
                'Invoke-MgGraphRequest -Method PATCH -Uri https://graph.microsoft.com/beta/users/KEEP -Body @{onPremisesObjectIdentifier=$null}'
                'Remove-MgDirectoryDeletedItem -DirectoryObjectId TWIN'
                "Update-MgUser -UserId KEEP -OnPremisesImmutableId $($p.Anchor)"
                "$sync @{features=@{blockCloudObjectTakeoverThroughHardMatchEnabled=`$false}}"
                'Move-ADObject -Identity USER -TargetPath OU=Staff,DC=alwayshotcafe,DC=com'
                'Start-ADSyncSyncCycle -PolicyType Delta'
                "$sync @{features=@{blockCloudObjectTakeoverThroughHardMatchEnabled=`$true}}"
                "New-MgRoleManagementDirectoryRoleAssignment -PrincipalId KEEP -RoleDefinitionId $GA -DirectoryScopeId /"
                'Set-ADSyncScheduler -SyncCycleEnabled $true'
            )
        }
    }

    Context '500 pairs' {
        BeforeAll {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 500 -Privileged
            $script:Text500 = New-LabScript
            $script:Failing = Get-PairIds 7
        }

        It 'lets one failing pair stop alone, then resumes it without repeating anything irreversible' {
            $twin = $Failing.Twin
            Set-LabFault ({ param($call) $call -like "Remove-MgDirectoryDeletedItem*$twin*" }.GetNewClosure())
            try { $first = Invoke-PlanScript $Text500 -Name 'big' }
            finally { Set-LabFault $null }
            $first.ExitCode | Should -Be 1
            $first.Lines.Count | Should -Be 500
            $failed = @($first.Lines | Where-Object { $_ -notlike '*: done' })
            $failed.Count | Should -Be 1 -Because ($failed | Select-Object -First 3)
            $failed[0] | Should -BeLike 'Pair 7 (user7 -> user7.cloud@*): FAILED at step * (PurgeTwin): *Remove-MgDirectoryDeletedItem*. Its AD user waits out of sync scope until the rerun. Its twin is in the recycle bin, which keeps it 30 days from its deletion. Fix the cause and run the script again*'
            (Get-LabADUser 'user7').DistinguishedName | Should -Be "CN=user7,$Unsynced"
            # Its role came back at once; the others' after their match.
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$($Failing.Keep)' and roleDefinitionId eq '$GA'").Count | Should -Be 1
            foreach ($i in 1, 6, 8, 500) { $p = Get-PairIds $i; Assert-Matched $p.Sam $p.Keep $p.Anchor }
            ((Get-LabState).Block, (Get-LabState).Scheduler) | Should -Be @($true, $true)
            # Graph calls grow with the pairs: the recycle bin listed once, one holder query a pair.
            @($first.Calls | Where-Object { $_ -like 'Get-MgDirectoryDeletedItemAsUser -All*' }).Count | Should -Be 1
            (Get-LabState).AnchorQueries | Should -Be 500
            # The log: a row per step, each naming its pair.
            $first.Log[0].PSObject.Properties.Name | Should -Be @('Time', 'Plan', 'Pair', 'Account', 'Step', 'Action', 'Result', 'Message')
            @($first.Log | Where-Object { $_.Pair -eq '7' -and $_.Result -eq 'Failed' }).Action | Should -Be 'PurgeTwin'

            $second = Invoke-PlanScript $Text500 -Name 'big'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines | Where-Object { $_ -notlike '*: done*' })
            @($second.Lines | Where-Object { $_ -like 'Pair 7 (*): done' }).Count | Should -Be 1
            @($second.Lines | Where-Object { $_ -like '*: done (in an earlier run)' }).Count | Should -Be 499
            Assert-Matched 'user7' $Failing.Keep $Failing.Anchor
            $state = Get-LabState
            $state.Purges.Count | Should -Be 500
            @($state.Purges.Values | Where-Object { $_ -ne 1 }).Count | Should -Be 0 -Because 'no twin is purged twice'
            @(Get-Changes $second.Calls | Where-Object { $_ -like 'Move-ADObject*' }) | Should -Be @("Move-ADObject -Identity $($Failing.Guid) -TargetPath OU=Staff,DC=alwayshotcafe,DC=com")
            @(Get-Changes $second.Calls | Where-Object { $_ -like 'Remove-MgDirectoryDeletedItem*' }).Count | Should -Be 1
            ($state.Block, $state.Scheduler) | Should -Be @($true, $true)
        }
    }

    Context 'Graph calls' {
        It 'makes 8 a pair, lists the recycle bin once, and 4 more when the block is lifted (the README says so)' -TestCases @(
            @{ Blocked = $false; Extra = 1 }
            @{ Blocked = $true; Extra = 5 }
        ) {
            foreach ($n in 1, 4) {
                Reset-Lab -Blocked:$Blocked
                $null = New-LabPairs -Count $n
                $run = Invoke-PlanScript (New-LabScript) -Name "graph-$Blocked-$n"
                $run.ExitCode | Should -Be 0
                (Get-GraphCalls $run.Calls).Count | Should -Be (8 * $n + $Extra) -Because "$n pairs"
                @($run.Calls | Where-Object { $_ -like 'Get-MgDirectoryDeletedItemAsUser -All*' }).Count | Should -Be 1
            }
        }
    }

    Context 'a stop midway' {
        It 'gives back the block, the scheduler and the roles when the matching sync fails, and resumes' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 3 -Privileged
            $text = New-LabScript
            $count = @{ Syncs = 0 }
            Set-LabFault ({ param($call) if ($call -like 'Start-ADSyncSyncCycle*') { $count.Syncs++; $count.Syncs -ge 2 } else { $false } }.GetNewClosure())
            try { $first = Invoke-PlanScript $text -Name 'stopped' }
            finally { Set-LabFault $null }
            $first.ExitCode | Should -Be 1
            $first.Lines | ForEach-Object { $_ | Should -BeLike 'Pair * (*): STOPPED: the script stopped at step * (Sync): *Start-ADSyncSyncCycle*. Its twin is purged. The account to keep holds the anchor, not matched yet. Fix the cause and run the script again: the pair resumes there.' }
            $state = Get-LabState
            ($state.Block, $state.Scheduler) | Should -Be @($true, $true) -Because 'what the tenant had lifted is given back in finally'
            @($state.Roles | Where-Object RoleDefinitionId -eq $GA).Count | Should -Be 3
            $givenBack = @($first.Log | Where-Object Result -eq 'GivenBack')
            @($givenBack.Action | Sort-Object -Unique) | Should -Be @('PauseScheduler', 'RemoveRole', 'TenantSwitchOff')

            $second = Invoke-PlanScript $text -Name 'stopped'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines -join "`n")
            foreach ($i in 1..3) { $p = Get-PairIds $i; Assert-Matched $p.Sam $p.Keep $p.Anchor }
            @((Get-LabState).Purges.Values | Where-Object { $_ -ne 1 }).Count | Should -Be 0
            ((Get-LabState).Block, (Get-LabState).Scheduler) | Should -Be @($true, $true)
        }
    }

    Context 'what is in place already' {
        It 'skips a step an admin did by hand, and gives back only what it took away' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 2
            $text = New-LabScript
            $p = Get-PairIds 1
            $twin = $p.Twin
            Set-LabFault ({ param($call) $call -like "Remove-MgDirectoryDeletedItem*$twin*" }.GetNewClosure())
            try { $first = Invoke-PlanScript $text -Name 'byhand' }
            finally { Set-LabFault $null }
            $first.Lines[0] | Should -BeLike 'Pair 1 (*): FAILED at step * (PurgeTwin)*'
            # The admin purges the twin by hand, turns the block off and pauses the scheduler.
            Remove-MgDirectoryDeletedItem -DirectoryObjectId $twin
            Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId 'a5d3c1f2-0000-4000-8000-000000000001' -BodyParameter @{ features = @{ blockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
            Set-ADSyncScheduler -SyncCycleEnabled $false
            $second = Invoke-PlanScript $text -Name 'byhand'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines -join "`n")
            Assert-Matched $p.Sam $p.Keep $p.Anchor
            $rows = @($second.Log | Select-Object -Skip $first.Log.Count)
            ($rows | Where-Object { $_.Pair -eq '1' -and $_.Action -eq 'PurgeTwin' }).Result | Should -Be 'AlreadyDone'
            ($rows | Where-Object Action -eq 'TenantSwitchOff').Result | Should -Be 'AlreadyDone'
            ($rows | Where-Object Action -eq 'TenantSwitchOn').Result | Should -Be 'NotLifted'
            ($rows | Where-Object Action -eq 'ResumeScheduler').Result | Should -Be 'NotLifted'
            (Get-LabState).Purges[$twin] | Should -Be 1
            ((Get-LabState).Block, (Get-LabState).Scheduler) | Should -Be @($false, $false) -Because 'they stay as the admin left them'
        }
    }

    Context 'giving back' {
        It 'gives back only what it took away, across runs: a block already off, a scheduler already paused, a role already gone stay so' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 2 -Privileged
            $text = New-LabScript
            $p = Get-PairIds 1
            # Before the script runs, the admin turns the block off, pauses the scheduler and takes pair 1's role away.
            Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId 'a5d3c1f2-0000-4000-8000-000000000001' -BodyParameter @{ features = @{ blockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
            Set-ADSyncScheduler -SyncCycleEnabled $false
            $null = New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter @{ action = 'adminRemove'; principalId = $p.Keep; roleDefinitionId = $GA; directoryScopeId = '/' }
            $twin = (Get-PairIds 2).Twin
            Set-LabFault ({ param($call) $call -like "Remove-MgDirectoryDeletedItem*$twin*" }.GetNewClosure())
            try { $first = Invoke-PlanScript $text -Name 'asitwas' }
            finally { Set-LabFault $null }
            $first.ExitCode | Should -Be 1
            $second = Invoke-PlanScript $text -Name 'asitwas'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines -join "`n")
            foreach ($i in 1, 2) { $q = Get-PairIds $i; Assert-Matched $q.Sam $q.Keep $q.Anchor }
            $state = Get-LabState
            ($state.Block, $state.Scheduler) | Should -Be @($false, $false)
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$($p.Keep)' and roleDefinitionId eq '$GA'").Count | Should -Be 0 -Because 'pair 1 had no role when the script began'
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$((Get-PairIds 2).Keep)' and roleDefinitionId eq '$GA'").Count | Should -Be 1
        }

        It 'says what it could not give back, exits with 1, and gives it back on the rerun' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 1
            $text = New-LabScript
            Set-LabFault { param($call) $call -like 'Update-MgDirectoryOnPremiseSynchronization*=$true*' }
            try { $first = Invoke-PlanScript $text -Name 'stuck' }
            finally { Set-LabFault $null }
            $first.ExitCode | Should -Be 1
            $first.Lines[0] | Should -BeLike 'Pair 1 (*): done'
            $first.Lines[-1] | Should -BeLike 'STILL LIFTED: TenantSwitchOff (step *) is not given back: *Give it back by hand: step * (TenantSwitchOn), or run the script again.'
            (Get-LabState).Block | Should -BeFalse
            $second = Invoke-PlanScript $text -Name 'stuck'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines -join "`n")
            (Get-LabState).Block | Should -BeTrue
            @(Get-Changes $second.Calls) | Should -Be @('Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId a5d3c1f2-0000-4000-8000-000000000001 -BodyParameter @{features=@{blockCloudObjectTakeoverThroughHardMatchEnabled=$true}}')
        }

        It 'gives back on a later run a lift whose giving back failed, even after a run that lifted nothing' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 1
            $text = New-LabScript
            # Run 1: the pair fails before the block is needed (its giving back is passed over).
            Set-LabFault { param($call) $call -like 'Move-ADObject*OU=Unsynced*' }
            try { $null = Invoke-PlanScript $text -Name 'later' } finally { Set-LabFault $null }
            # Run 2: the block is lifted, and turning it back on fails.
            Set-LabFault { param($call) $call -like 'Update-MgDirectoryOnPremiseSynchronization*=$true*' }
            try { $second = Invoke-PlanScript $text -Name 'later' } finally { Set-LabFault $null }
            $second.ExitCode | Should -Be 1
            (Get-LabState).Block | Should -BeFalse
            # Run 3: given back.
            $third = Invoke-PlanScript $text -Name 'later'
            $third.ExitCode | Should -Be 0 -Because ($third.Lines -join "`n")
            (Get-LabState).Block | Should -BeTrue
        }

        It 'lifts nothing again for a pair that only has its mailbox check left' {
            Reset-Lab -Blocked
            $null = New-LabPairs -Count 2 -Privileged -Mailbox
            $text = New-LabScript
            $keep = (Get-PairIds 1).Keep
            Set-LabFault ({ param($call) $call -like "Get-EXOMailbox*$keep*" }.GetNewClosure())
            try { $first = Invoke-PlanScript $text -Name 'mailboxonly' }
            finally { Set-LabFault $null }
            $first.Lines[0] | Should -BeLike 'Pair 1 (*): FAILED at step * (VerifyMailbox)*'
            $second = Invoke-PlanScript $text -Name 'mailboxonly'
            $second.ExitCode | Should -Be 0 -Because ($second.Lines -join "`n")
            Get-Changes $second.Calls | Should -BeNullOrEmpty -Because 'the pair is matched: no block, role, scheduler or sync is needed for its mailbox check'
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$keep' and roleDefinitionId eq '$GA'").Count | Should -Be 1
        }
    }

    Context 'before anything runs' {
        It 'refuses to start without every Graph scope its steps need' {
            Reset-Lab
            $null = New-LabPairs -Count 1
            Set-LabConsent -Withhold 'User.DeleteRestore.All'
            try {
                $path = Join-Path $TestDrive 'consent.ps1'
                Set-Content -LiteralPath $path -Value (New-LabScript) -Encoding utf8
                Clear-LabCalls
                { & $path -LogPath (Join-Path $TestDrive 'consent.log.csv') 6>$null } | Should -Throw '*lacks the scopes User.DeleteRestore.All*Nothing has run.'
                Get-Changes (Get-LabCalls) | Should -BeNullOrEmpty
            }
            finally { Set-LabConsent }
        }

        It 'refuses to run signed in as an account the plan changes' {
            Reset-Lab
            $guid = [guid]'0c0c0c0c-0000-4000-8000-000000000001'
            Add-LabADUser -Sam 'adm' -Guid $guid -Upn 'adm@alwayshotcafe.com'
            Add-LabCloudUser -Id '0c0c0c0c-0001-4000-8000-000000000001' -Upn 'adm@alwayshotcafe.com' -SyncedFrom $guid
            Add-LabCloudUser -Id '0c0c0c0c-0002-4000-8000-000000000001' -Upn 'admin@alwayshotcafe.com'
            $null = Add-LabMapping -OnPremises 'adm' -Cloud 'admin@alwayshotcafe.com'
            $path = Join-Path $TestDrive 'self.ps1'
            Set-Content -LiteralPath $path -Value (New-LabScript) -Encoding utf8
            Clear-LabCalls
            { & $path -LogPath (Join-Path $TestDrive 'self.log.csv') 6>$null } | Should -Throw '*signed in as admin@alwayshotcafe.com, an account this plan changes (pair 1)*Nothing has run.'
            Get-Changes (Get-LabCalls) | Should -BeNullOrEmpty
        }

        It 'refuses a -Pair number the plan does not have' {
            Reset-Lab
            $null = New-LabPairs -Count 2
            $path = Join-Path $TestDrive 'numbers.ps1'
            Set-Content -LiteralPath $path -Value (New-LabScript) -Encoding utf8
            foreach ($number in 0, 3) {
                Clear-LabCalls
                { & $path -LogPath (Join-Path $TestDrive 'numbers.log.csv') -Pair $number 6>$null } | Should -Throw "*-Pair $($number): this plan's pairs are numbered 1 to 2*Nothing has run."
                Get-Changes (Get-LabCalls) | Should -BeNullOrEmpty
            }
        }

        It 'reads and writes a relative -LogPath in PowerShell''s location' {
            Reset-Lab
            $null = New-LabPairs -Count 1
            $path = Join-Path $TestDrive 'relative.ps1'
            Set-Content -LiteralPath $path -Value (New-LabScript) -Encoding utf8
            Push-Location $TestDrive
            try { $null = & $path -LogPath 'relative-run.log.csv' 6>$null; $again = @(& $path -LogPath 'relative-run.log.csv' 6>$null) }
            finally { Pop-Location }
            Test-Path (Join-Path $TestDrive 'relative-run.log.csv') | Should -BeTrue
            $again[0] | Should -BeLike 'Pair 1 (*): done (in an earlier run)'
        }
    }

    Context 'without ADSync here' {
        It 'asks the admin to run each ADSync command, and reads the scheduler''s state from the answer' {
            Reset-Lab
            $null = New-LabPairs -Count 1
            $ast = [System.Management.Automation.Language.Parser]::ParseInput((New-LabScript), [ref]$null, [ref]$null)
            $invoke = $ast.Find({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $a.Name -eq 'Invoke-ADSync' }, $true)
            $asked = [System.Collections.Generic.List[string]]::new()
            & {
                # No -ConnectServer, and no ADSync module here: the admin runs each command on the
                # Connect server and types what it shows.
                $ConnectServer = $null
                function Get-Command { }
                function Read-Host([string] $Prompt) { $asked.Add($Prompt); $reply }
                . ([scriptblock]::Create($invoke.Extent.Text))
                foreach ($case in @(@{ Reply = 'False'; Read = $false }, @{ Reply = ' true '; Read = $true }, @{ Reply = 'off'; Read = $null })) {
                    $reply = $case.Reply
                    $read = Invoke-ADSync -Read { (Get-ADSyncScheduler).SyncCycleEnabled }
                    $read | Should -Be $case.Read -Because "the admin typed '$($case.Reply)'"
                }
                $reply = ''
                Invoke-ADSync { Set-ADSyncScheduler -SyncCycleEnabled $false } | Should -BeNullOrEmpty
            }
            $asked[0] | Should -Be 'Run {  (Get-ADSyncScheduler).SyncCycleEnabled  } on the Entra Connect server and type what it shows (True or False)'
            $asked[3] | Should -Be 'Run {  Set-ADSyncScheduler -SyncCycleEnabled $false  } on the Entra Connect server, wait for it to finish, then press Enter'
        }
    }

    Context 'runs chosen pairs' {
        It 'runs only the pairs -Pair names; the others wait for a later run' {
            Reset-Lab
            $null = New-LabPairs -Count 3
            $text = New-LabScript
            $run = Invoke-PlanScript $text -Name 'chosen' -Arguments @{ Pair = @(2) }
            $run.ExitCode | Should -Be 0
            $run.Lines[1] | Should -BeLike 'Pair 2 (*): done'
            $run.Lines[0] | Should -BeLike 'Pair 1 (*): skipped: not chosen with -Pair*'
            (Get-LabState).Joins["$((Get-PairIds 1).Guid)"] | Should -Be (Get-PairIds 1).Twin
            $rest = Invoke-PlanScript $text -Name 'chosen'
            $rest.ExitCode | Should -Be 0
            foreach ($i in 1..3) { $p = Get-PairIds $i; Assert-Matched $p.Sam $p.Keep $p.Anchor }
        }

        It 'refuses a log of another plan' {
            Reset-Lab
            $null = New-LabPairs -Count 1
            $log = Join-Path $TestDrive 'other.log.csv'
            Set-Content -LiteralPath $log -Value '"Time","Plan","Pair","Account","Step","Action","Result","Message"', '"2026-12-07T00:00:00Z","0000000000000000","1","x","3","OutOfScope","Done",""'
            $path = Join-Path $TestDrive 'refused.ps1'
            Set-Content -LiteralPath $path -Value (New-LabScript) -Encoding utf8
            { & $path -LogPath $log 6>$null } | Should -Throw '*is of another plan*'
            Get-Changes (Get-LabCalls) | Should -BeNullOrEmpty
        }
    }
}
