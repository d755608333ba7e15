# New-HardMatchPlan: the seed plan step by step, every action, every blocker lifted and put
# back, accounts that cannot be planned, quoting, and what -AsScript's text holds (its runs
# against a tenant are tests/behaviour/PlanScripts.Tests.ps1).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:Ou = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:AliceId = 'K81Lh40UykezCZHfZPBb9Q=='
    $script:Keep = '22222222-2222-2222-2222-222222222222'
    $script:Twin = '11111111-1111-1111-1111-111111111111'

    # The string arguments of a command line, as PowerShell's parser reads them: the first
    # command of the line that takes the parameter.
    function Get-CommandArgument([string] $Command, [string] $Parameter) {
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Command, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty -Because "'$Command' must parse"
        foreach ($call in $ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $elements = $call.CommandElements
            for ($i = 0; $i -lt $elements.Count - 1; $i++) {
                if ($elements[$i] -is [System.Management.Automation.Language.CommandParameterAst] -and $elements[$i].ParameterName -eq $Parameter) {
                    return $elements[$i + 1].SafeGetValue()
                }
            }
        }
        throw "no -$Parameter in $Command"
    }
}

Describe 'New-HardMatchPlan' {
    Context 'the seed case' {
        BeforeAll {
            $seed = New-SeedTenant
            $facts = New-SeedFacts
            $script:Steps = @(New-HardMatchPlan @seed @facts -OutOfScopeOU $Ou)
        }

        It 'lays out every step in order' {
            @($Steps.Action) | Should -Be @('Notice', 'PauseScheduler', 'OutOfScope', 'Sync', 'VerifyTwinDeleted', 'CheckNoHolder', 'PurgeTwin', 'SetAnchor', 'BackInScope', 'Sync', 'VerifyMatch', 'ResumeScheduler')
            @($Steps.Order) | Should -Be @(1..$Steps.Count)
            # A sync serves every account of the plan at once: it is the tenant's step.
            ($Steps | Where-Object Action -notin 'Sync', 'PauseScheduler', 'ResumeScheduler').Account | Select-Object -Unique | Should -Be 'alice -> Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'
            ($Steps | Where-Object Action -in 'Sync', 'PauseScheduler', 'ResumeScheduler').Account | Select-Object -Unique | Should -Be '(tenant)'
        }

        It 'fills the real values into each command' {
            $step = @{}; foreach ($s in $Steps) { if (-not $step[$s.Action]) { $step[$s.Action] = $s } }
            Get-CommandArgument $step.OutOfScope.Command 'Identity' | Should -Be '874bcd2b-148d-47ca-b309-91df64f05bf5'
            Get-CommandArgument $step.OutOfScope.Command 'TargetPath' | Should -Be $Ou
            $step.Sync.Command | Should -Be 'Start-ADSyncSyncCycle -PolicyType Delta'
            Get-CommandArgument $step.VerifyTwinDeleted.Command 'DirectoryObjectId' | Should -Be $Twin
            Get-CommandArgument $step.PurgeTwin.Command 'DirectoryObjectId' | Should -Be $Twin
            Get-CommandArgument $step.SetAnchor.Command 'UserId' | Should -Be $Keep
            Get-CommandArgument $step.SetAnchor.Command 'OnPremisesImmutableId' | Should -BeExactly $AliceId
            $step.SetAnchor.Command | Should -BeLike 'Update-MgUser *'
            Get-CommandArgument $step.BackInScope.Command 'TargetPath' | Should -Be 'OU=Staff,DC=alwayshotcafe,DC=com'
            # The filter goes percent-encoded: the Graph SDK turns '+' in -Filter into a space.
            Get-CommandArgument $step.CheckNoHolder.Command 'Uri' | Should -BeLike "*`$filter=onPremisesImmutableId%20eq%20%27K81Lh40UykezCZHfZPBb9Q%3D%3D%27*"
            Get-CommandArgument $step.VerifyMatch.Command 'UserId' | Should -Be $Keep
        }

        It 'marks the purge irreversible, warns what it destroys and offers restore-and-clear' {
            $purge = $Steps | Where-Object Action -eq 'PurgeTwin'
            $purge.Reversible | Should -BeFalse
            foreach ($lost in 'mailbox and archive, OneDrive', 'authentication methods (MFA)', 'registered devices', 'Teams chats', 'licences', 'Save what is needed first', '30 days') {
                $purge.Warning | Should -BeLike "*$lost*"
            }
            $purge.Alternative | Should -BeLike '*autoReconcileProxyConflict*'
            $purge.Unsettled | Should -Not -BeNullOrEmpty
            ($Steps | Where-Object Action -eq 'OutOfScope').Reversible | Should -BeTrue
        }

        It 'says in its first step what the match overwrites' {
            $Steps[0].Warning | Should -BeLike '*password*'
            $Steps[0].Reason | Should -Not -BeLike '*Not checked*' -Because 'every fact was given'
            $Steps[0].Command | Should -BeNullOrEmpty
        }

        It 'purges nothing while a check is not made, and says which, unless the anchor is freed by restoring' {
            $seed = New-SeedTenant
            $steps = @(New-HardMatchPlan @seed -OutOfScopeOU $Ou)
            @($steps.Action) | Should -Be 'NotPlanned'
            $steps[0].Reason | Should -BeLike '*checks are not made: TenantSwitches*RestoreAndClear*'
            $restore = @(New-HardMatchPlan @seed -OutOfScopeOU $Ou -FreeAnchorBy RestoreAndClear -Domain (New-SeedFacts).Domain)
            $restore.Action | Should -Contain 'RestoreTwinAndClear'
            $restore[0].Reason | Should -BeLike '*Not checked*'
        }

        It 'plans nothing without -OutOfScopeOU, and says why' {
            $seed = New-SeedTenant
            $steps = @(New-HardMatchPlan @seed)
            $steps.Count | Should -Be 1
            ($steps[0].Action, $steps[0].Command) | Should -Be @('NotPlanned', $null)
            $steps[0].Reason | Should -BeLike '*-OutOfScopeOU*'
        }

        It 'moves an account back to its own OU, whatever its name holds' {
            $seed = New-SeedTenant
            $facts = New-SeedFacts
            $ou = "OU=Staff$([char]0x2019)s,DC=alwayshotcafe,DC=com"   # PowerShell also ends '...' strings at a typographic quote
            $seed.OnPremises[0].DistinguishedName = "CN=O'Brien\, Alice,$ou"
            $steps = @(New-HardMatchPlan @seed @facts -OutOfScopeOU "OU=Don't sync,DC=alwayshotcafe,DC=com")
            Get-CommandArgument ($steps | Where-Object Action -eq 'BackInScope').Command 'TargetPath' | Should -BeExactly $ou
            Get-CommandArgument ($steps | Where-Object Action -eq 'OutOfScope').Command 'TargetPath' | Should -BeExactly "OU=Don't sync,DC=alwayshotcafe,DC=com"
        }
    }

    Context 'blockers the facts show' {
        BeforeAll {
            $tenant = New-BlockedTenant
            $script:Blocked = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -FreeAnchorBy RestoreAndClear -SyncEngine CloudSync)
            $script:Position = { param($action) [array]::IndexOf(@($Blocked.Action), $action) }
        }

        It 'lifts each blocker before the anchor is set, puts back what can be, and clears the object identifier only once the twin is gone' {
            @($Blocked.Action) | Should -Be @(
                'Notice', 'RemoveRole', 'RemoveRole', 'SwitchToOnPremisesManaged', 'MoveUpnToInitialDomain',
                'OutOfScope', 'Sync', 'VerifyTwinDeleted', 'CheckNoHolder', 'RestoreTwinAndClear', 'RemoveTwinAddresses', 'VerifyTwinCleared', 'ClearObjectIdentifier',
                'SetAnchor', 'MoveUpnBack', 'TenantSwitchOff', 'BackInScope', 'Sync', 'VerifyMatch', 'TenantSwitchOn', 'RestoreRole', 'RestoreRole')
            # Everything that can fail and be undone comes before the first step that cannot.
            $firstIrreversible = [array]::IndexOf(@($Blocked.Reversible), $false)
            foreach ($undoable in 'RemoveRole', 'MoveUpnToInitialDomain', 'CheckNoHolder', 'RestoreTwinAndClear', 'VerifyTwinCleared') {
                [array]::LastIndexOf(@($Blocked.Action), $undoable) | Should -BeLessThan $firstIrreversible -Because "$undoable can be undone"
            }
        }

        It 'names the real values in each lifting step' {
            $step = { param($a) @($Blocked | Where-Object Action -eq $a) }
            (& $step TenantSwitchOff).Command | Should -BeLike "*-OnPremisesDirectorySynchronizationId 'a5d3c1f2-0000-4000-8000-000000000001'*blockCloudObjectTakeoverThroughHardMatchEnabled = `$false*"
            (& $step TenantSwitchOn).Command | Should -BeLike '*= $true*'
            Get-CommandArgument (& $step MoveUpnToInitialDomain).Command 'UserPrincipalName' | Should -Be 'Alice.Keep@alwayshotcafe2020.onmicrosoft.com'
            Get-CommandArgument (& $step MoveUpnBack).Command 'UserPrincipalName' | Should -Be 'Alice.Keep@alwayshotcafe.com'
            (& $step ClearObjectIdentifier).Command | Should -BeLike "*PATCH*/beta/users/$Keep*onPremisesObjectIdentifier = `$null*"
            (& $step ClearObjectIdentifier).Reversible | Should -BeFalse
            (& $step SwitchToOnPremisesManaged).Command | Should -BeLike '*onPremisesSyncBehavior*isCloudManaged = $false*'
            # The federated UPN move sets a password read when it runs, never one in the plan.
            (& $step MoveUpnToInitialDomain).Command | Should -BeLike '$secret = Read-Host -AsSecureString *-PasswordProfile @{ Password = *ZeroFreeBSTR*'
            $remove = & $step RemoveRole
            $remove[0].Command | Should -BeLike "New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter @{ action = 'adminRemove'; principalId = '$Keep'; roleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'*"
            # A permanent assignment (AssignmentType Assigned, no end) comes back permanent.
            $remove[0].Reason | Should -BeLike '*Global Administrator*'
            $remove[1].Command | Should -BeLike "*adminRemove*'4a5d8f65-41da-4de4-8968-e035b65339cf'*"
            $remove | ForEach-Object { $_.Unsettled | Should -BeLike '*MC1262584*' }
            $restore = & $step RestoreRole
            Get-CommandArgument $restore[0].Command 'RoleDefinitionId' | Should -Be '62e90394-69f5-4237-9190-012177145e10'
            $restore[1].Command | Should -BeLike '*adminAssign*'
        }

        It 'gives an eligibility back with the end it had (a Graph date, read through ScheduleInfo.Expiration), and says when the input does not tell' {
            $restore = @($Blocked | Where-Object Action -eq 'RestoreRole')[1]
            $restore.Command | Should -BeLike "*expiration = @{ type = 'noExpiration' }*"
            $restore.Warning | Should -BeLike '*does not say when this eligibility ends*'

            $tenant = New-BlockedTenant
            # As Get-MgRoleManagementDirectoryRoleEligibilitySchedule returns it: the end is a [datetime].
            $ends = [datetime]::new(2027, 3, 31, 0, 0, 0, [DateTimeKind]::Utc)
            $tenant.RoleAssignment[1] = [pscustomobject]@{ Id = 'es-rr'; PrincipalId = '22222222-2222-2222-2222-222222222222'; RoleDefinitionId = '4a5d8f65-41da-4de4-8968-e035b65339cf'; DirectoryScopeId = '/'; MemberType = 'Direct'
                ScheduleInfo = [pscustomobject]@{ StartDateTime = $ends.AddYears(-1); Expiration = [pscustomobject]@{ Type = 'afterDateTime'; EndDateTime = $ends; Duration = $null } } }
            $restore = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -FreeAnchorBy RestoreAndClear -SyncEngine CloudSync | Where-Object Action -eq 'RestoreRole')[1]
            $restore.Command | Should -BeLike "*expiration = @{ type = 'afterDateTime'; endDateTime = '2027-03-31T00:00:00.0000000Z' }*"
            $restore.Warning | Should -BeNullOrEmpty

            # An instance with no end (Graph's null) never ended: given back the same, no warning.
            $tenant.RoleAssignment[1] = [pscustomobject]@{ Id = 'es-rr'; PrincipalId = '22222222-2222-2222-2222-222222222222'; RoleDefinitionId = '4a5d8f65-41da-4de4-8968-e035b65339cf'; DirectoryScopeId = '/'; MemberType = 'Direct'; RoleEligibilityScheduleId = 'es-rr'; EndDateTime = $null }
            $restore = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -FreeAnchorBy RestoreAndClear -SyncEngine CloudSync | Where-Object Action -eq 'RestoreRole')[1]
            $restore.Command | Should -BeLike "*type = 'noExpiration'*"
            $restore.Warning | Should -BeNullOrEmpty
        }

        It 'restores the twin and clears its anchor when asked, with the purge as the alternative' {
            $restore = $Blocked | Where-Object Action -eq 'RestoreTwinAndClear'
            $restore.Command | Should -BeLike "*deletedItems/$Twin/restore*autoReconcileProxyConflict = `$true; newUserPrincipalName = 'alice.twin-11111111@alwayshotcafe2020.onmicrosoft.com'*onPremisesImmutableId = `$null*"
            ($Blocked | Where-Object Action -eq 'RemoveTwinAddresses').Command | Should -BeLike "*Set-Mailbox -Identity '$Twin' -EmailAddresses 'SMTP:alice.twin-11111111@alwayshotcafe2020.onmicrosoft.com'*"
            ($Blocked | Where-Object Action -eq 'VerifyTwinCleared').Command | Should -BeLike "*`$taken = @('alice@alwayshotcafe.com')*throw*"
            $restore.Reversible | Should -BeTrue
            $restore.Alternative | Should -BeLike 'Remove-MgDirectoryDeletedItem*'
            $restore.Unsettled | Should -Not -BeNullOrEmpty
        }

        It 'waits for Cloud Sync instead of starting a cycle' {
            ($Blocked | Where-Object Action -eq 'Sync')[0].Command | Should -BeLike 'Start-Sleep*'
        }

        It 'has every check made when every fact is given' {
            $Blocked[0].Reason | Should -Not -BeLike '*Not checked*'
        }
    }

    Context 'every action' {
        BeforeAll {
            $tenant = New-EveryCaseTenant
            $script:All = @(
                New-HardMatchPlan @tenant -OutOfScopeOU $Ou -ErrorAction SilentlyContinue
                $blocked = New-BlockedTenant
                New-HardMatchPlan @blocked -OutOfScopeOU $Ou -FreeAnchorBy RestoreAndClear
            )
        }

        It 'has action <_> in some plan' -ForEach $ReconcileNames.actions {
            @($All | Where-Object Action -eq $_).Count | Should -BeGreaterThan 0
        }
    }

    Context 'accounts that cannot be planned safely' {
        BeforeAll {
            $tenant = New-EveryCaseTenant
            $script:Compared = @(Compare-ImmutableId @tenant -ErrorAction SilentlyContinue)
            $script:Plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -ErrorAction SilentlyContinue)
        }

        It 'gives each conflicting pair a reason and no command' {
            $conflicts = @($Compared | Where-Object { $_.Side -eq 'OnPremises' -and $_.Status -eq 'Conflict' -and $_.Counterpart -and ($_.Findings -match '^(MappedExplicitly|Proposed)') })
            $conflicts.Count | Should -BeGreaterThan 2
            foreach ($c in $conflicts) {
                $steps = @($Plan | Where-Object Account -like "$($c.Account) -> *")
                @($steps.Action) | Should -Be 'NotPlanned' -Because "$($c.Account) has $($c.Findings -join ', ')"
                $steps[0].Command | Should -BeNullOrEmpty
                $steps[0].Reason | Should -Not -BeNullOrEmpty
            }
        }

        It 'plans the mapped pairs whose blockers can be lifted' {
            @($Plan | Where-Object { $_.Account -like 'alice -> *' -and $_.Action -eq 'SetAnchor' }).Count | Should -Be 1
            ($Plan | Where-Object { $_.Account -like 'alice -> *' -and $_.Action -eq 'RemoveRole' }).Reason | Should -BeLike '*Reports Reader*'
        }

        It 'leaves proposals to Compare-ImmutableId when -Mapping names the pairs to plan' {
            $Plan | Where-Object Account -match '^(carol|henry|ivan) ' | Should -BeNullOrEmpty
        }

        It 'plans no proposal: without -Mapping, each gives the row that would confirm it' {
            $tenant = New-EveryCaseTenant
            $tenant.Remove('Mapping')
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            foreach ($name in 'carol', 'henry', 'ivan') {
                $steps = @($plan | Where-Object Account -like "$name -> *")
                @($steps.Action) | Should -Be 'NotPlanned' -Because "$name's pairing is only proposed"
                $steps[0].Reason | Should -BeLike "*add @{ OnPremises = '$name'; Cloud = '*' } to -Mapping*"
            }
            $plan | Where-Object Action -eq 'SetAnchor' | Should -BeNullOrEmpty
        }

        It 'says of a -Mapping row already matched that there is nothing to plan, and plans no proposal for a -Mapping of unknown accounts' {
            $seed = New-SeedTenant
            $seed.Mapping = @([pscustomobject]@{ OnPremises = 'alice'; Cloud = 'alice@alwayshotcafe.com' })
            $plan = @(New-HardMatchPlan @seed -OutOfScopeOU $Ou)
            $plan.Count | Should -Be 1
            $plan[0].Action | Should -Be 'Notice'
            $plan[0].Account | Should -Be 'alice -> alice@alwayshotcafe.com'
            $plan[0].Reason | Should -BeLike "*already holds alice's anchor K81Lh40UykezCZHfZPBb9Q==*nothing to plan*"
            $plan[0].Command | Should -BeNullOrEmpty

            # bob is proposed (a cloud-only account with his UPN), but -Mapping names only nobody.
            $seed.Mapping = @([pscustomobject]@{ OnPremises = 'nobody'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' })
            $seed.OnPremises += New-ADUserStandIn -Sam 'bob' -Guid '30475e40-e7ae-4af3-af75-8b143c81daf5' -Upn 'bob@alwayshotcafe.com'
            $seed.Cloud += New-MgUserStandIn -Id '44444444-4444-4444-4444-444444444444' -Upn 'bob@alwayshotcafe.com'
            (Compare-ImmutableId @seed -ErrorAction SilentlyContinue | Where-Object Account -eq 'bob').Findings | Should -Contain 'ProposedByUpn'
            @(New-HardMatchPlan @seed -OutOfScopeOU $Ou -ErrorVariable bad -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
            @($bad).Count | Should -Be 1
            # Rows Import-Csv read with the wrong delimiter (no usable column), or none at all: the same.
            foreach ($mapping in @(, @([pscustomobject]@{ 'OnPremises;Cloud' = 'bob;bob@alwayshotcafe.com' })), @(, @())) {
                $seed.Mapping = $mapping
                @(New-HardMatchPlan @seed -OutOfScopeOU $Ou -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
            }
        }

        It 'plans nothing for accounts that need no hard match' {
            $Plan | Where-Object Account -like 'quinn*' | Should -BeNullOrEmpty
            $Plan | Where-Object Account -like 'dave*' | Should -BeNullOrEmpty
        }
    }

    Context 'nothing to plan' {
        It 'warns, saying why, instead of printing nothing' {
            $seed = New-SeedTenant
            $cases = @(
                @{ Run = { New-HardMatchPlan }; Says = 'New-HardMatchPlan was given no accounts*' }
                @{ Run = { New-HardMatchPlan -OnPremises $seed.OnPremises -Cloud $seed.Cloud }; Says = '*no -Mapping was given*Compare-ImmutableId shows the pairs it proposes*' }
                @{ Run = { New-HardMatchPlan -OnPremises $seed.OnPremises -Cloud $seed.Cloud -Mapping @{ OnPremises = 'nobody'; Cloud = 'x@contoso.com' } 2>$null }; Says = '*no -Mapping row names a pair*' }
            )
            foreach ($case in $cases) {
                $records = @(& $case.Run 3>&1)
                $records.Count | Should -Be 1
                $records[0] | Should -BeOfType [System.Management.Automation.WarningRecord]
                $records[0].Message | Should -BeLike $case.Says
            }
        }
    }

    Context '-AsScript' {
        # What the text holds; tests/behaviour/PlanScripts.Tests.ps1 runs the scripts against a tenant.
        BeforeAll {
            $tenant = New-BlockedTenant
            $script:Text = New-HardMatchPlan @tenant -OutOfScopeOU $Ou -AsScript
            $script:Plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            # The lines after the runner: pairs, steps, the connection and the run.
            $script:Registered = @(($Text -split "`n# ==== The tenant ====`n", 2)[1] -split "`n" | ForEach-Object TrimEnd | Where-Object { $_ -and -not $_.StartsWith('#') })
        }

        It 'is a script that parses, holds every command of the plan, and skips what is in place' {
            $tokens = $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty
            $Text | Should -BeLike "*`$ErrorActionPreference = 'Stop'*"
            foreach ($step in $Plan | Where-Object { $_.Command -and $_.Action -ne 'CheckNoHolder' }) {
                $Text.Contains($step.Command) | Should -BeTrue -Because "step $($step.Order) ($($step.Action)) is in the script"
            }
            # The holder check reads the recycle bin the script lists once per run.
            $holder = ($Plan | Where-Object Action -eq 'CheckNoHolder').Command
            $activeHolders = $holder.Substring(0, $holder.IndexOf(' + @('))
            $Text.Contains("-Action CheckNoHolder -Run { $activeHolders + @(@(Get-DeletedHolder 'K81Lh40UykezCZHfZPBb9Q==')") | Should -BeTrue
            $Text | Should -BeLike '*CANNOT BE UNDONE*'
            $Registered | Where-Object { $_ -like 'Add-PlanStep * -Action PurgeTwin *' } | Should -BeLike '*-Check { if (Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId ''11111111-1111-1111-1111-111111111111'' -ErrorAction SilentlyContinue) { $false }*-Irreversible'
        }

        It 'names the scopes and roles its steps need, and connects with exactly those scopes' {
            $connect = @($Text -split "`n" | Where-Object { $_ -like 'Connect-MgGraph *' })
            $connect.Count | Should -Be 1
            $scopes = (Get-CommandArgument $connect[0] 'Scopes') | Sort-Object
            $scopes | Should -Be @('OnPremDirectorySynchronization.ReadWrite.All', 'RoleAssignmentSchedule.ReadWrite.Directory', 'RoleEligibilitySchedule.ReadWrite.Directory',
                'RoleManagement.ReadWrite.Directory', 'User-OnPremisesSyncBehavior.ReadWrite.All', 'User.DeleteRestore.All', 'User.ReadWrite.All')
            $Text | Should -BeLike '*# Entra roles the steps need (Global Administrator holds them all): Global Administrator, Hybrid Identity Administrator, Privileged Role Administrator, User Administrator.*'
        }

        It 'runs nothing but plan steps, under one header a pair' {
            $commands = @($Plan | Where-Object Command)
            foreach ($line in $Registered) {
                $known = $line -match '^Add-PlanStep -Order (\d+) -Pair (\d+) -Action (\w+) ' -or $line -like 'Add-PlanPair -Number 1 -Name ''alice -> Alice.Keep@alwayshotcafe.com'' -Matched *' -or $line -like 'Connect-MgGraph -Scopes *' -or $line -like 'Assert-GraphScopes @(*)' -or
                    $line -eq 'Invoke-Plan' -or $line -eq 'if ($script:Failed -gt 0) { exit 1 }'
                $known | Should -BeTrue -Because "'$line' is a plan step or the script's bookkeeping"
            }
            $steps = @($Registered | Where-Object { $_ -like 'Add-PlanStep *' })
            $steps.Count | Should -Be $commands.Count
            foreach ($step in $commands) {
                $line = $steps | Where-Object { $_ -like "Add-PlanStep -Order $($step.Order) -Pair * -Action $($step.Action) *" }
                @($line).Count | Should -Be 1 -Because "step $($step.Order) is registered once"
                $pair = if ($step.Account -eq '(tenant)') { 0 } else { 1 }
                $line | Should -BeLike "Add-PlanStep -Order $($step.Order) -Pair $pair *"
            }
            @($Text -split "`n" | Where-Object { $_ -like '# ==== Pair *' }) | Should -Be @('# ==== Pair 1 of 1: alice -> Alice.Keep@alwayshotcafe.com ====')
            # What is lifted names the step that gives it back, and that step the lift.
            $Registered | Where-Object { $_ -like '* -Action TenantSwitchOff *' } | Should -BeLike "* -GivenBackBy $(($Plan | Where-Object Action -eq 'TenantSwitchOn').Order)"
            $Registered | Where-Object { $_ -like '* -Action TenantSwitchOn *' } | Should -BeLike "* -GivesBack $(($Plan | Where-Object Action -eq 'TenantSwitchOff').Order)"
        }

        It 'writes nothing PowerShell 7 added, for Windows PowerShell 5.1' {
            foreach ($seven in '??', '?.', ' && ', ' || ', '-AsPlainText', '-Parallel', '-AsHashtable') { $Text.Contains($seven) | Should -BeFalse -Because $seven }
        }

        It 'keeps a value from the input inside its comments' {
            $tenant = New-BlockedTenant
            $tenant.OnPremises[0].SamAccountName = "alice`nWrite-Host PWNED #"
            $tenant.Mapping = @([pscustomobject]@{ OnPremises = '874bcd2b-148d-47ca-b309-91df64f05bf5'; Cloud = 'Alice.Keep@alwayshotcafe.com' })
            $text = New-HardMatchPlan @tenant -OutOfScopeOU $Ou -AsScript
            $tokens = $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseInput($text, [ref] $tokens, [ref] $errors)
            $text | Should -BeLike '*PWNED*'
            # Outside comments the value is only ever inside a quoted string, never a command.
            @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.Extent.Text -like '*PWNED*' -and $a.GetCommandName() -ne 'Add-PlanPair' }, $true)).Count | Should -Be 0
            @($ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $a.Value -like '*PWNED*' }, $true)).StringConstantType | Should -Be 'SingleQuoted'
        }

        It 'writes no file: the script is returned as text' {
            $Text | Should -BeOfType [string]
            Get-ChildItem $TestDrive -Filter *.ps1 | Where-Object Name -ne 'plan.ps1' | Should -BeNullOrEmpty
        }
    }
}
