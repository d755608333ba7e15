# The lab of tests/helpers/Lab.ps1 itself: its pairs, its sync engine's rules (deletion out of
# scope, restore, hard match and each refusal), the Graph, AD and Exchange rules its stand-ins
# keep, how they fail (terminating errors, -ErrorAction SilentlyContinue, injected faults), and
# that its facts feed Compare-ImmutableId. Tests that run plans against the lab trust all this.

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Lab.ps1')
    Import-Lab
    Import-Module $ModuleManifest -Force

    $script:Staff = 'OU=Staff,DC=alwayshotcafe,DC=com'
    $script:Unsynced = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:GA = '62e90394-69f5-4237-9190-012177145e10'
    $script:ReportsReader = '4a5d8f65-41da-4de4-8968-e035b65339cf'

    function Invoke-Sync { $null = Start-ADSyncSyncCycle -PolicyType Delta }

    # What a plan does before its matching sync: the twin leaves scope and is deleted, then
    # purged; the kept account takes the anchor; the AD user comes back into scope.
    function Set-ReadyToMatch([int] $I = 1) {
        $p = Get-PairIds $I
        Move-ADObject -Identity "$($p.Guid)" -TargetPath $Unsynced
        Invoke-Sync
        Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin
        Update-MgUser -UserId $p.Keep -OnPremisesImmutableId $p.Anchor
        Move-ADObject -Identity "$($p.Guid)" -TargetPath $Staff
    }
}

AfterAll { Remove-Lab }

Describe 'The lab' {
    BeforeEach { Reset-Lab }

    Context 'New-LabPairs' {
        It 'builds an AD user, its synced twin holding its anchor, and the account to keep, and records the mapping' {
            $rows = @(New-LabPairs -Count 2 -Start 4)
            $rows.OnPremises | Should -Be @('user4', 'user5')
            $rows.Cloud | Should -Be @('user4.cloud@alwayshotcafe2020.onmicrosoft.com', 'user5.cloud@alwayshotcafe2020.onmicrosoft.com')
            $p = Get-PairIds 4
            $ad = Get-ADUser -Identity 'user4' -Properties 'mS-DS-ConsistencyGuid'
            $ad.ObjectGUID | Should -Be $p.Guid
            $ad.DistinguishedName | Should -Be "CN=user4,$Staff"
            $ad.UserPrincipalName | Should -Be 'user4@alwayshotcafe.com'
            $ad.'mS-DS-ConsistencyGuid' | Should -BeNullOrEmpty
            $twin = Get-MgUser -UserId $p.Twin
            $twin.OnPremisesImmutableId | Should -BeExactly $p.Anchor
            $twin.OnPremisesSyncEnabled | Should -BeTrue
            $twin.OnPremisesDistinguishedName | Should -Be "CN=user4,$Staff"
            $twin.UserPrincipalName | Should -Be 'user4@alwayshotcafe.com'
            $keep = Get-MgUser -UserId 'user4.cloud@alwayshotcafe2020.onmicrosoft.com'
            $keep.Id | Should -Be $p.Keep
            $keep.OnPremisesSyncEnabled | Should -BeNullOrEmpty
            $keep.OnPremisesImmutableId | Should -BeNullOrEmpty
            (Get-LabState).Joins["$($p.Guid)"] | Should -Be $p.Twin
            (Get-LabFacts).Mapping.Count | Should -Be 2
        }

        It 'gives the account to keep the options asked for' {
            $null = New-LabPairs -Count 1 -Privileged -ObjectIdentifier -CloudManaged -Mailbox
            $p = Get-PairIds 1
            $keep = Get-LabUser $p.Keep
            $keep.OnPremisesObjectIdentifier | Should -Be 'S-1-5-21-1-2-3-1001'
            $keep.IsCloudManaged | Should -BeTrue
            (Get-MgUserOnPremiseSyncBehavior -UserId $p.Keep).IsCloudManaged | Should -BeTrue
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$($p.Keep)' and roleDefinitionId eq '$GA'").Count | Should -Be 1
            $mailbox = Get-EXOMailbox -ExternalDirectoryObjectId $p.Keep -Properties ExchangeGuid
            $mailbox.ExchangeGuid | Should -Be ([guid]('{0:x8}-0003-4000-8000-{1:x12}' -f 1, 1))
            $keep.Mail | Should -Be $mailbox.PrimarySmtpAddress
        }
    }

    Context 'The sync engine' {
        It 'sends the twin of a user moved out of scope to the recycle bin, keeping its anchor' {
            $null = New-LabPairs -Count 2
            $p = Get-PairIds 1
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            (Get-ADUser -Identity 'user1').DistinguishedName | Should -Be "CN=user1,$Unsynced"
            Invoke-Sync
            { Get-MgUser -UserId $p.Twin } | Should -Throw -ExpectedMessage 'Get-MgUser:*'
            $deleted = Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId $p.Twin
            $deleted.OnPremisesImmutableId | Should -BeExactly $p.Anchor
            (Get-LabState).Joins.ContainsKey("$($p.Guid)") | Should -BeFalse
            (Get-LabState).SyncRuns[-1].Deleted | Should -Be @($p.Twin)
            # The other pair is untouched.
            (Get-MgUser -UserId (Get-PairIds 2).Twin).OnPremisesSyncEnabled | Should -BeTrue
        }

        It 'hard-matches the kept account once the twin is purged and the anchor set on it' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Set-ReadyToMatch 1
            Invoke-Sync
            $keep = Get-MgUser -UserId $p.Keep
            $keep.OnPremisesSyncEnabled | Should -BeTrue
            $keep.OnPremisesImmutableId | Should -BeExactly $p.Anchor
            $keep.OnPremisesSamAccountName | Should -Be 'user1'
            $keep.UserPrincipalName | Should -Be 'user1@alwayshotcafe.com'   # AD's value overwrites the cloud's
            @($keep.OnPremisesProvisioningErrors).Count | Should -Be 0
            $state = Get-LabState
            $state.Joins["$($p.Guid)"] | Should -Be $p.Keep
            $state.SyncRuns[-1].Matched | Should -Be @($p.Keep)
            $state.SyncRuns[-1].Provisioned.Count | Should -Be 0
            $state.Purges[$p.Twin] | Should -Be 1
            $state.SyncErrors.Count | Should -Be 0
        }

        It 'refreshes a joined user from AD' {
            $null = New-LabPairs -Count 1
            Set-ADUser -Identity 'user1' -Add @{ proxyAddresses = 'SMTP:u1@alwayshotcafe.com' } -EmailAddress 'u1@alwayshotcafe.com'
            Invoke-Sync
            $twin = Get-MgUser -UserId (Get-PairIds 1).Twin
            $twin.Mail | Should -Be 'u1@alwayshotcafe.com'
            $twin.ProxyAddresses | Should -Be @('SMTP:u1@alwayshotcafe.com')
        }

        It 'restores a soft-deleted holder of the anchor and joins it' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            Invoke-Sync
            Move-ADObject -Identity 'user1' -TargetPath $Staff
            Invoke-Sync
            $twin = Get-MgUser -UserId $p.Twin
            $twin.OnPremisesSyncEnabled | Should -BeTrue
            (Get-LabState).SyncRuns[-1].Restored | Should -Be @($p.Twin)
            (Get-LabState).Joins["$($p.Guid)"] | Should -Be $p.Twin
        }

        It 'provisions a new user when no one holds the anchor (a wrong outcome tests can see)' {
            Add-LabADUser -Sam 'nina' -Guid '06d5353c-28e9-4a1b-85c6-d1e2f3041576' -Upn 'nina@alwayshotcafe.com'
            Invoke-Sync
            $state = Get-LabState
            $state.SyncRuns[-1].Provisioned.Count | Should -Be 1
            $new = Get-LabUser $state.SyncRuns[-1].Provisioned[0]
            $new.ProvisionedBySync | Should -BeTrue
            $new.OnPremisesImmutableId | Should -BeExactly ([Convert]::ToBase64String(([guid]'06d5353c-28e9-4a1b-85c6-d1e2f3041576').ToByteArray()))
        }

        It 'takes mS-DS-ConsistencyGuid as the anchor when it is set' {
            $consistency = [guid]'7e4dacb3-9f50-4182-bc3d-4e5f6a7b8c9d'
            Add-LabADUser -Sam 'gina' -Guid '6d3c9ba2-8e4f-4071-ab2c-3d4e5f6a7b8c' -ConsistencyGuid $consistency
            Add-LabCloudUser -Id 'c-gina' -Upn 'gina@alwayshotcafe2020.onmicrosoft.com' -ImmutableId ([Convert]::ToBase64String($consistency.ToByteArray()))
            Invoke-Sync
            (Get-MgUser -UserId 'c-gina').OnPremisesSyncEnabled | Should -BeTrue
        }

        It 'takes the anchor an AD user adopts with Set-ADUser (its 16 bytes)' {
            $adopted = [guid]'b180e046-d394-45c6-b071-8c9daebfd046'
            Add-LabADUser -Sam 'walt' -Guid 'a07fdf35-c283-44b5-af60-7b8c9daecf35' -OU $Unsynced
            Add-LabCloudUser -Id 'c-walt' -Upn 'walt@alwayshotcafe2020.onmicrosoft.com' -ImmutableId ([Convert]::ToBase64String($adopted.ToByteArray()))
            Set-ADUser -Identity 'walt' -Replace @{ 'mS-DS-ConsistencyGuid' = $adopted.ToByteArray() }
            Move-ADObject -Identity 'walt' -TargetPath $Staff
            Invoke-Sync
            (Get-MgUser -UserId 'c-walt').OnPremisesSyncEnabled | Should -BeTrue
            (Get-ADUser -Identity 'walt' -Properties 'mS-DS-ConsistencyGuid').'mS-DS-ConsistencyGuid' | Should -BeOfType [byte]
        }

        It 'leaves a user out of scope alone' {
            Add-LabADUser -Sam 'olga' -Guid '17e6464d-39fa-4b2c-96d7-e2f304152687' -OU $Unsynced
            Invoke-Sync
            (Get-LabState).CloudUsers.Count | Should -Be 0
        }
    }

    Context 'The refusals of a hard match' {
        It 'refuses when <Case>, leaving the account unmatched with a sync error' -TestCases @(
            @{ Case = 'the tenant block is on'; Reset = @{ Blocked = $true }; Pairs = @{}; Extra = $null; Expected = '*BlockCloudObjectTakeoverThroughHardMatchEnabled*' }
            @{ Case = 'the account holds a privileged role'; Reset = @{}; Pairs = @{ Privileged = $true }; Extra = $null; Expected = '*privileged role Global Administrator*' }
            @{ Case = 'the account is eligible for a privileged role'; Reset = @{}; Pairs = @{}; Extra = 'EligibleGA'; Expected = '*eligible for the privileged role Global Administrator*' }
            @{ Case = 'onPremisesObjectIdentifier is set'; Reset = @{}; Pairs = @{ ObjectIdentifier = $true }; Extra = $null; Expected = '*onPremisesObjectIdentifier*' }
            @{ Case = 'the account is cloud-managed'; Reset = @{}; Pairs = @{ CloudManaged = $true }; Extra = $null; Expected = '*cloud-managed*' }
        ) {
            Reset-Lab @Reset
            $null = New-LabPairs -Count 1 @Pairs
            $p = Get-PairIds 1
            if ($Extra -eq 'EligibleGA') { $null = Add-LabRole -PrincipalId $p.Keep -RoleDefinitionId $GA -Eligible }
            Set-ReadyToMatch 1
            Invoke-Sync
            $keep = Get-MgUser -UserId $p.Keep
            $keep.OnPremisesSyncEnabled | Should -BeNullOrEmpty
            $keep.OnPremisesProvisioningErrors.Message | Should -BeLike $Expected
            $errors = (Get-LabState).SyncErrors['user1']
            $errors.Message | Should -BeLike $Expected
            (Get-LabState).Joins.ContainsKey("$($p.Guid)") | Should -BeFalse
            (Get-LabState).SyncRuns[-1].Refused | Should -Be @('user1')
        }

        It 'does not count a role that is not privileged' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            $null = Add-LabRole -PrincipalId $p.Keep -RoleDefinitionId $ReportsReader
            Set-ReadyToMatch 1
            Invoke-Sync
            (Get-MgUser -UserId $p.Keep).OnPremisesSyncEnabled | Should -BeTrue
        }

        It 'refuses a second holder of the anchor (the twin left in the recycle bin)' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            Invoke-Sync
            # Graph refuses the anchor while the twin holds it; a lab user can hold it regardless.
            { Update-MgUser -UserId $p.Keep -OnPremisesImmutableId $p.Anchor } | Should -Throw -ExpectedMessage '*Another object with the same value for property immutableId already exists*'
            Add-LabCloudUser -Id 'c-second' -Upn 'second@alwayshotcafe2020.onmicrosoft.com' -ImmutableId $p.Anchor
            Move-ADObject -Identity 'user1' -TargetPath $Staff
            Invoke-Sync
            (Get-LabState).SyncErrors['user1'].Message | Should -BeLike '*duplicate anchor*'
            (Get-MgUser -UserId 'c-second').OnPremisesSyncEnabled | Should -BeNullOrEmpty
            { Get-MgUser -UserId $p.Twin } | Should -Throw
        }

        It 'refuses a holder synced from another object' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Add-LabADUser -Sam 'copy' -Guid '4a19797f-6c2d-4e5f-890a-15263748596b' -ConsistencyGuid $p.Guid
            Invoke-Sync
            (Get-LabState).SyncErrors['copy'].Message | Should -BeLike '*already synced from another object*'
            (Get-LabState).Joins["$($p.Guid)"] | Should -Be $p.Twin
        }

        It 'keeps the UPN of another user out, with an error' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Add-LabCloudUser -Id 'c-taken' -Upn 'taken@alwayshotcafe.com'
            Set-ReadyToMatch 1
            Set-ADUser -Identity 'user1' -Replace @{ userPrincipalName = 'taken@alwayshotcafe.com' }
            Invoke-Sync
            (Get-MgUser -UserId $p.Keep).OnPremisesSyncEnabled | Should -BeTrue
            (Get-MgUser -UserId $p.Keep).UserPrincipalName | Should -Be 'user1.cloud@alwayshotcafe2020.onmicrosoft.com'
            (Get-MgUser -UserId $p.Keep).OnPremisesProvisioningErrors.PropertyCausingError | Should -Be 'UserPrincipalName'
        }
    }

    Context 'Graph' {
        It 'refuses to change the anchor of a synced user, and a UPN another user has' {
            $null = New-LabPairs -Count 2
            { Update-MgUser -UserId (Get-PairIds 1).Twin -OnPremisesImmutableId 'AAAAAAAAAAAAAAAAAAAAAA==' } | Should -Throw -ExpectedMessage '*on-premises mastered*'
            { Update-MgUser -UserId (Get-PairIds 1).Keep -UserPrincipalName 'user2.cloud@alwayshotcafe2020.onmicrosoft.com' } | Should -Throw -ExpectedMessage '*userPrincipalName already exists*'
            { Invoke-MgGraphRequest -Method PATCH -Uri "https://graph.microsoft.com/beta/users/$((Get-PairIds 1).Twin)" -Body @{ onPremisesImmutableId = $null } } | Should -Throw -ExpectedMessage '*on-premises mastered*'
            { Update-MgUser -UserId (Get-PairIds 1).Keep -OnPremisesImmutableId $null } | Should -Throw -ExpectedMessage "*Invalid value*"
            (Get-LabUser (Get-PairIds 1).Keep).OnPremisesImmutableId | Should -BeNullOrEmpty
        }

        It 'moves a UPN off a federated domain only with a password' {
            Reset-Lab -FederatedDomain
            Add-LabCloudUser -Id 'c-fed' -Upn 'fed@alwayshotcafe.com'
            { Update-MgUser -UserId 'c-fed' -OnPremisesImmutableId 'AAAAAAAAAAAAAAAAAAAAAA==' } | Should -Throw -ExpectedMessage '*federated*'
            { Update-MgUser -UserId 'c-fed' -UserPrincipalName 'fed@alwayshotcafe2020.onmicrosoft.com' } | Should -Throw -ExpectedMessage '*Password is required*'
            Update-MgUser -UserId 'c-fed' -UserPrincipalName 'fed@alwayshotcafe2020.onmicrosoft.com' -PasswordProfile @{ Password = (Read-Host -AsSecureString) -as [string]; ForceChangePasswordNextSignIn = $false }
            Update-MgUser -UserId 'c-fed' -OnPremisesImmutableId 'AAAAAAAAAAAAAAAAAAAAAA=='
            (Get-LabUser 'c-fed').PasswordChanges | Should -Be 1
            Get-LabCalls | Should -Contain 'Update-MgUser -UserId c-fed -UserPrincipalName fed@alwayshotcafe2020.onmicrosoft.com -PasswordProfile @{ForceChangePasswordNextSignIn=$false;Password=<secret>}'
        }

        It 'finds the active holders of an anchor, case-sensitively, and counts the queries' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            $uri = { param($anchor) 'https://graph.microsoft.com/v1.0/users?$filter=' + [Uri]::EscapeDataString("onPremisesImmutableId eq '$($anchor.Replace("'", "''"))'") + '&$select=id,userPrincipalName' }
            $found = Invoke-MgGraphRequest -Method GET -Uri (& $uri $p.Anchor)
            @($found.value).Count | Should -Be 1
            $found.value[0]['id'] | Should -Be $p.Twin
            $found.value[0]['userPrincipalName'] | Should -Be 'user1@alwayshotcafe.com'
            @((Invoke-MgGraphRequest -Method GET -Uri (& $uri $p.Anchor.ToLowerInvariant())).value).Count | Should -Be 0
            Add-LabCloudUser -Id 'c-quote' -Upn 'quote@alwayshotcafe2020.onmicrosoft.com' -ImmutableId "O'Brien"
            @((Invoke-MgGraphRequest -Method GET -Uri (& $uri "O'Brien")).value).Count | Should -Be 1
            (Get-LabState).AnchorQueries | Should -Be 3
        }

        It 'restores a deleted user under a new UPN, dropping proxy addresses another user holds, and clears its anchor' {
            Add-LabADUser -Sam 'amy' -Guid '874bcd2b-148d-47ca-b309-91df64f05bf5' -Upn 'amy@alwayshotcafe.com' -ProxyAddresses 'SMTP:amy@alwayshotcafe.com', 'smtp:amy2@alwayshotcafe.com'
            Invoke-Sync
            $twin = (Get-LabState).SyncRuns[-1].Provisioned[0]
            Move-ADObject -Identity 'amy' -TargetPath $Unsynced
            Invoke-Sync
            Add-LabCloudUser -Id 'c-amy' -Upn 'amy.cloud@alwayshotcafe2020.onmicrosoft.com' -ProxyAddresses 'SMTP:amy@alwayshotcafe.com'
            { Invoke-MgGraphRequest -Method POST -Uri "https://graph.microsoft.com/v1.0/directory/deletedItems/$twin/restore" -Body @{ newUserPrincipalName = 'amy.twin@alwayshotcafe2020.onmicrosoft.com' } } | Should -Throw -ExpectedMessage '*proxy addresses*'
            $restored = Invoke-MgGraphRequest -Method POST -Uri "https://graph.microsoft.com/v1.0/directory/deletedItems/$twin/restore" -Body @{ autoReconcileProxyConflict = $true; newUserPrincipalName = 'amy.twin@alwayshotcafe2020.onmicrosoft.com' }
            $restored['userPrincipalName'] | Should -Be 'amy.twin@alwayshotcafe2020.onmicrosoft.com'
            $user = Get-MgUser -UserId $twin
            $user.ProxyAddresses | Should -Be @('smtp:amy2@alwayshotcafe.com')
            $user.OnPremisesSyncEnabled | Should -BeNullOrEmpty
            Invoke-MgGraphRequest -Method PATCH -Uri "https://graph.microsoft.com/beta/users/$twin" -Body @{ onPremisesImmutableId = $null }
            (Get-MgUser -UserId $twin).OnPremisesImmutableId | Should -BeNullOrEmpty
            { Invoke-MgGraphRequest -Method POST -Uri "https://graph.microsoft.com/v1.0/directory/deletedItems/$twin/restore" -Body @{} } | Should -Throw -ExpectedMessage '*Request_ResourceNotFound*'
        }

        It 'purges once: a second purge of the same id is not found, and counted once' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            { Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin } | Should -Throw -ExpectedMessage '*Request_ResourceNotFound*'
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            Invoke-Sync
            @(Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId).Id | Should -Be @($p.Twin)
            Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin
            { Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin } | Should -Throw
            (Get-LabState).Purges[$p.Twin] | Should -Be 1
            Get-LabUser $p.Twin | Should -BeNullOrEmpty
        }

        It 'reads and clears onPremisesObjectIdentifier (beta only), and switches isCloudManaged' {
            $null = New-LabPairs -Count 1 -ObjectIdentifier -CloudManaged
            $keep = (Get-PairIds 1).Keep
            $read = Invoke-MgGraphRequest -Method GET -Uri "https://graph.microsoft.com/beta/users/$keep`?`$select=onPremisesObjectIdentifier"
            $read['onPremisesObjectIdentifier'] | Should -Be 'S-1-5-21-1-2-3-1001'
            { Invoke-MgGraphRequest -Method GET -Uri "https://graph.microsoft.com/v1.0/users/$keep`?`$select=onPremisesObjectIdentifier" } | Should -Throw -ExpectedMessage '*Could not find a property*'
            Invoke-MgGraphRequest -Method PATCH -Uri "https://graph.microsoft.com/beta/users/$keep" -Body @{ onPremisesObjectIdentifier = $null }
            $read = Invoke-MgGraphRequest -Method GET -Uri "https://graph.microsoft.com/beta/users/$keep`?`$select=onPremisesObjectIdentifier"
            $read.ContainsKey('onPremisesObjectIdentifier') | Should -BeTrue
            $read['onPremisesObjectIdentifier'] | Should -BeNullOrEmpty
            (Get-LabState).ObjectIdentifierClears[$keep] | Should -Be 1
            (Invoke-MgGraphRequest -Method GET -Uri "https://graph.microsoft.com/v1.0/users/$keep/onPremisesSyncBehavior")['isCloudManaged'] | Should -BeTrue
            Invoke-MgGraphRequest -Method PATCH -Uri "https://graph.microsoft.com/v1.0/users/$keep/onPremisesSyncBehavior" -Body @{ isCloudManaged = $false }
            (Get-MgUserOnPremiseSyncBehavior -UserId $keep).IsCloudManaged | Should -BeFalse
        }

        It 'turns the tenant block off and on' {
            Reset-Lab -Blocked
            (Get-MgDirectoryOnPremiseSynchronization).Features.BlockCloudObjectTakeoverThroughHardMatchEnabled | Should -BeTrue
            Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId 'a5d3c1f2-0000-4000-8000-000000000001' -BodyParameter @{ features = @{ blockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
            (Get-LabState).Block | Should -BeFalse
            (Get-LabFacts).Synchronization.Features.BlockCloudObjectTakeoverThroughHardMatchEnabled | Should -BeFalse
            { Get-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId 'other' } | Should -Throw
        }

        It 'removes and gives back roles as Graph does, refusing a step done twice' {
            $null = New-LabPairs -Count 1 -Privileged
            $keep = (Get-PairIds 1).Keep
            $null = Add-LabRole -PrincipalId $keep -RoleDefinitionId $ReportsReader -Eligible
            $remove = @{ action = 'adminRemove'; principalId = $keep; roleDefinitionId = $GA; directoryScopeId = '/' }
            $null = New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter $remove
            @(Get-MgRoleManagementDirectoryRoleAssignment -Filter "principalId eq '$keep' and roleDefinitionId eq '$GA'").Count | Should -Be 0
            { New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest -BodyParameter $remove } | Should -Throw -ExpectedMessage '*RoleAssignmentDoesNotExist*'
            $null = New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $keep -RoleDefinitionId $GA -DirectoryScopeId '/'
            { New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $keep -RoleDefinitionId $GA -DirectoryScopeId '/' } | Should -Throw -ExpectedMessage '*RoleAssignmentExists*'
            $eligibility = @{ action = 'adminRemove'; principalId = $keep; roleDefinitionId = $ReportsReader; directoryScopeId = '/' }
            $null = New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest -BodyParameter $eligibility
            @(Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance -Filter "principalId eq '$keep' and roleDefinitionId eq '$ReportsReader'").Count | Should -Be 0
            $eligibility.action = 'adminAssign'
            $eligibility.scheduleInfo = @{ startDateTime = [DateTimeOffset]::UtcNow.ToString('o'); expiration = @{ type = 'noExpiration' } }
            $null = New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest -BodyParameter $eligibility
            { New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest -BodyParameter $eligibility } | Should -Throw -ExpectedMessage '*RoleAssignmentExists*'
            $roles = (Get-LabFacts).RoleAssignment
            @($roles | Where-Object { $_.PSObject.Properties['AssignmentType'] -and $_.AssignmentType -eq 'Assigned' }).RoleDefinitionId | Should -Be @($GA)
            @($roles | Where-Object { $_.PSObject.Properties['RoleEligibilityScheduleId'] }).RoleDefinitionId | Should -Be @($ReportsReader)
        }
    }

    Context 'Active Directory, Exchange and ADSync' {
        It 'applies Set-ADUser -Remove before -Add, comparing values ignoring case' {
            Add-LabADUser -Sam 'bob' -Guid '30475e40-e7ae-4af3-af75-8b143c81daf5' -ProxyAddresses 'smtp:bob@alwayshotcafe.com'
            Set-ADUser -Identity 'bob' -Remove @{ proxyAddresses = @('smtp:bob@alwayshotcafe.com') } -Add @{ ProxyAddresses = @('SMTP:bob@alwayshotcafe.com') }
            (Get-ADUser -Identity 'bob' -Properties proxyAddresses).proxyAddresses | Should -BeExactly @('SMTP:bob@alwayshotcafe.com')
            { Set-ADUser -Identity 'bob' -Add @{ proxyAddresses = 'smtp:BOB@alwayshotcafe.com' } } | Should -Throw -ExpectedMessage '*already exists*'
            { Set-ADUser -Identity 'bob' -Replace @{ 'mS-DS-ConsistencyGuid' = 'not bytes' } } | Should -Throw -ExpectedMessage '*16 bytes*'
            $guid = [guid]'3f2504e0-4f89-11d3-9a0c-0305e82c3301'
            Set-ADUser -Identity '30475e40-e7ae-4af3-af75-8b143c81daf5' -Replace @{ 'ms-ds-consistencyguid' = $guid.ToByteArray() }
            [guid]::new([byte[]](Get-ADUser -Identity 'bob' -Properties 'mS-DS-ConsistencyGuid').'mS-DS-ConsistencyGuid') | Should -Be $guid
            Set-ADUser -Identity "CN=bob,$Staff" -Clear 'mS-DS-ConsistencyGuid'
            (Get-ADUser -Identity 'bob' -Properties 'mS-DS-ConsistencyGuid').'mS-DS-ConsistencyGuid' | Should -BeNullOrEmpty
            { Get-ADUser -Identity 'nobody' } | Should -Throw -ExpectedMessage 'Get-ADUser: Cannot find an object*'
            { Move-ADObject -Identity 'bob' -TargetPath 'OU=Nowhere,DC=alwayshotcafe,DC=com' } | Should -Throw -ExpectedMessage '*not found*'
        }

        It 'makes an AD user a remote mailbox and stamps its ExchangeGuid' {
            Add-LabADUser -Sam 'sam' -Guid '7d4cac02-9f50-4182-bc3d-48596a7b9c02'
            { Get-RemoteMailbox -Identity 'sam' } | Should -Throw -ExpectedMessage "Get-RemoteMailbox: The operation couldn't be performed*"
            Enable-RemoteMailbox -Identity 'sam' -RemoteRoutingAddress 'sam@alwayshotcafe2020.mail.onmicrosoft.com' -PrimarySmtpAddress 'sam@alwayshotcafe.com'
            $box = [guid]'d3a20268-f5b6-47e8-9293-aebfc0d1f268'
            Set-RemoteMailbox -Identity 'sam' -ExchangeGuid $box -DomainController 'dc1'
            $remote = Get-RemoteMailbox -Identity 'sam'
            $remote.ExchangeGuid | Should -Be $box
            $remote.RemoteRoutingAddress | Should -Be 'sam@alwayshotcafe2020.mail.onmicrosoft.com'
            $ad = Get-ADUser -Identity 'sam' -Properties msExchRecipientTypeDetails, msExchRemoteRecipientType, proxyAddresses, mail
            $ad.msExchRecipientTypeDetails | Should -Be 2147483648
            $ad.msExchRemoteRecipientType | Should -Be 1
            $ad.proxyAddresses | Should -Contain 'smtp:sam@alwayshotcafe2020.mail.onmicrosoft.com'
            $ad.proxyAddresses | Should -Contain 'SMTP:sam@alwayshotcafe.com'
            Get-LabCalls | Should -Contain "Set-RemoteMailbox -Identity sam -ExchangeGuid $box -DomainController dc1"
        }

        It 'reports a mailbox whose remote mailbox has another ExchangeGuid as a service provisioning error' {
            Add-LabADUser -Sam 'tina' -Guid '8e5dbd13-a061-4293-8d4e-596a7b8cad13' -RecipientTypeDetails 2147483648 -RemoteRecipientType 4 -MailboxGuid 'c291f157-e4a5-46d7-8182-9daebfc0e157'
            $anchor = [Convert]::ToBase64String(([guid]'8e5dbd13-a061-4293-8d4e-596a7b8cad13').ToByteArray())
            Add-LabCloudUser -Id 'c-tina' -Upn 'tina@alwayshotcafe2020.onmicrosoft.com' -ImmutableId $anchor
            Add-LabMailbox -UserId 'c-tina' -ExchangeGuid 'e4b31379-06c7-48f9-a3a4-bfc0d1e20379' -Primary 'tina@alwayshotcafe.com'
            Invoke-Sync
            $user = Get-MgUser -UserId 'c-tina' -Property Id, ServiceProvisioningErrors
            $user.OnPremisesSyncEnabled | Should -BeTrue
            $user.ServiceProvisioningErrors.Message | Should -BeLike '*ExchangeGuid*'
        }

        It 'serves Exchange Online mailboxes, and none for a user without one' {
            $null = New-LabPairs -Count 1 -Mailbox
            $p = Get-PairIds 1
            { Get-EXOMailbox -ExternalDirectoryObjectId $p.Twin } | Should -Throw -ExpectedMessage "Get-EXOMailbox: The operation couldn't be performed*"
            (Get-EXORecipient -Identity $p.Keep).RecipientTypeDetails | Should -Be 'UserMailbox'
            Set-Mailbox -Identity $p.Keep -EmailAddresses 'SMTP:keep@alwayshotcafe2020.onmicrosoft.com'
            (Get-MgUser -UserId $p.Keep).ProxyAddresses | Should -Be @('SMTP:keep@alwayshotcafe2020.onmicrosoft.com')
            { Set-Mailbox -Identity $p.Keep -EmailAddresses 'SMTP:user1@alwayshotcafe.com', 'smtp:x@alwayshotcafe.com' } | Should -Not -Throw
            { Set-Mailbox -Identity $p.Twin -EmailAddresses 'SMTP:y@alwayshotcafe.com' } | Should -Throw
        }

        It 'pauses and resumes the scheduler, and reads an empty answer from the console' {
            (Get-ADSyncScheduler).SyncCycleEnabled | Should -BeTrue
            Set-ADSyncScheduler -SyncCycleEnabled $false
            (Get-LabState).Scheduler | Should -BeFalse
            (Get-ADSyncScheduler).SyncCycleInProgress | Should -BeFalse
            (Start-ADSyncSyncCycle -PolicyType Delta).Result | Should -Be 'Success'
            Read-Host 'Press Enter' | Should -Be ''
            Read-Host -AsSecureString -Prompt 'Password' | Should -BeOfType [securestring]
            Get-Command Start-Sleep | Should -BeOfType [System.Management.Automation.CmdletInfo]
        }
    }

    Context 'Errors, faults and the journal' {
        It 'throws a terminating error, named after the cmdlet, that stops a script at once' {
            $result = & {
                $ErrorActionPreference = 'Stop'
                try { Get-MgUser -UserId 'nobody'; 'went on' }
                catch { $_ }
            }
            $result | Should -BeOfType [System.Management.Automation.ErrorRecord]
            $result.Exception.Message | Should -BeLike "Get-MgUser: *Resource 'nobody' does not exist*"
            $result.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            # Also without 'Stop': the real cmdlets' errors are compiled, so terminating there.
            { Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId 'nobody' } | Should -Throw -ExpectedMessage 'Get-MgDirectoryDeletedItemAsUser:*'
        }

        It 'writes and returns nothing under -ErrorAction <Action>' -TestCases @(@{ Action = 'SilentlyContinue' }, @{ Action = 'Ignore' }) {
            $null = New-LabPairs -Count 1
            # Nothing on any stream, errors included (2>&1).
            $written = & {
                $ErrorActionPreference = 'Stop'
                Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId (Get-PairIds 1).Twin -ErrorAction $Action
                Get-MgUser -UserId 'nobody' -ErrorAction $Action
                Get-EXOMailbox -ExternalDirectoryObjectId (Get-PairIds 1).Twin -Properties ExchangeGuid -ErrorAction $Action
                Get-RemoteMailbox -Identity 'user1' -ErrorAction $Action
                Update-MgUser -UserId (Get-PairIds 1).Twin -OnPremisesImmutableId 'AAAAAAAAAAAAAAAAAAAAAA==' -ErrorAction $Action
                'went on'
            } 2>&1
            @($written) | Should -Be @('went on')
            (Get-LabUser (Get-PairIds 1).Twin).OnPremisesImmutableId | Should -BeExactly (Get-PairIds 1).Anchor
        }

        It 'fails a call the fault picks, before it changes anything, and journals it' {
            $null = New-LabPairs -Count 1
            $p = Get-PairIds 1
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            Invoke-Sync
            Clear-LabCalls
            Set-LabFault { param($call) $call -like 'Remove-MgDirectoryDeletedItem*' }
            try {
                { Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin } | Should -Throw -ExpectedMessage "Remove-MgDirectoryDeletedItem: The lab's fault*"
                Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
                Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId $p.Twin | Should -Not -BeNullOrEmpty
                (Get-LabState).Purges.Count | Should -Be 0
                @(Get-LabCalls) | Should -Be @(
                    "Remove-MgDirectoryDeletedItem -DirectoryObjectId $($p.Twin)"
                    "Remove-MgDirectoryDeletedItem -DirectoryObjectId $($p.Twin)"
                    "Get-MgDirectoryDeletedItemAsUser -DirectoryObjectId $($p.Twin)"
                )
            }
            finally { Set-LabFault $null }
            Remove-MgDirectoryDeletedItem -DirectoryObjectId $p.Twin
            (Get-LabState).Purges[$p.Twin] | Should -Be 1
        }

        It 'fails loudly, whatever -ErrorAction says, on a call the lab does not understand' {
            { Invoke-MgGraphRequest -Method GET -Uri 'https://graph.microsoft.com/v1.0/groups' -ErrorAction SilentlyContinue } | Should -Throw -ExpectedMessage "*the lab's stand-in*"
            { Get-MgRoleManagementDirectoryRoleAssignment -Filter "startswith(principalId,'a')" -ErrorAction Ignore } | Should -Throw
        }

        It 'journals each call with readable arguments' {
            Clear-LabCalls
            Set-ADSyncScheduler -SyncCycleEnabled $false
            $null = Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName
            Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId 'a5d3c1f2-0000-4000-8000-000000000001' -BodyParameter @{ features = @{ blockCloudObjectTakeoverThroughHardMatchEnabled = $true } }
            Add-LabADUser -Sam 'bob' -Guid '30475e40-e7ae-4af3-af75-8b143c81daf5'
            Set-ADUser -Identity 'bob' -Replace @{ 'mS-DS-ConsistencyGuid' = ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5').ToByteArray() } -Server 'dc1'
            @(Get-LabCalls) | Should -Be @(
                'Set-ADSyncScheduler -SyncCycleEnabled $false'
                'Get-MgDirectoryDeletedItemAsUser -All -Property Id,UserPrincipalName'
                'Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySynchronizationId a5d3c1f2-0000-4000-8000-000000000001 -BodyParameter @{features=@{blockCloudObjectTakeoverThroughHardMatchEnabled=$true}}'
                # A byte array reads as its Base64: the anchor it writes.
                'Set-ADUser -Identity bob -Replace @{mS-DS-ConsistencyGuid=K81Lh40UykezCZHfZPBb9Q==} -Server dc1'
            )
        }
    }

    Context 'Get-LabFacts' {
        It 'feeds Compare-ImmutableId: each pair a hard-match candidate whose anchor its active twin holds' {
            $null = New-LabPairs -Count 3
            $facts = Get-LabFacts
            $facts.Mailbox | Should -HaveCount 0
            $facts.GroupMembership | Should -HaveCount 0
            $facts.OnPremises[0].PSObject.Properties.Name | Should -Contain 'mS-DS-ConsistencyGuid'
            $facts.Cloud[0].OnPremisesSyncBehavior.PSObject.Properties.Name | Should -Contain 'IsCloudManaged'
            $compareErrors = @()
            $results = @(Compare-ImmutableId @facts -ErrorVariable compareErrors)
            $compareErrors.Count | Should -Be 0
            foreach ($i in 1..3) {
                $row = @($results | Where-Object { $_.Side -eq 'OnPremises' -and $_.Account -eq "user$i" })
                $row.Count | Should -Be 1
                $row[0].Status | Should -Not -Be 'Conflict'
                $row[0].Findings | Should -Contain 'AnchorHeldByActiveTwin'
            }
        }

        It 'follows the lab: a purged twin is gone, a deleted one is in Deleted' {
            $null = New-LabPairs -Count 2
            Move-ADObject -Identity 'user1' -TargetPath $Unsynced
            Move-ADObject -Identity 'user2' -TargetPath $Unsynced
            Invoke-Sync
            Remove-MgDirectoryDeletedItem -DirectoryObjectId (Get-PairIds 1).Twin
            $facts = Get-LabFacts
            $facts.Deleted.Id | Should -Be @((Get-PairIds 2).Twin)
            $facts.Cloud.Id | Should -Not -Contain (Get-PairIds 1).Twin
            $facts.Cloud.Id | Should -Not -Contain (Get-PairIds 2).Twin
        }

        It 'scales: 500 pairs built and gathered in seconds, and synced in one cycle' {
            $built = Measure-Command { $null = New-LabPairs -Count 500; $facts = Get-LabFacts }
            $facts.Cloud.Count | Should -Be 1000
            $built.TotalSeconds | Should -BeLessThan 10
            foreach ($i in 1..500) { Move-ADObject -Identity "user$i" -TargetPath $Unsynced }
            $synced = Measure-Command { Invoke-Sync }
            $synced.TotalSeconds | Should -BeLessThan 5
            (Get-LabState).SyncRuns[-1].Deleted.Count | Should -Be 500
        }
    }
}
