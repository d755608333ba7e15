# Facts as admins give them: a parameter bound to what an empty recycle bin returns ($null),
# Graph list responses from Invoke-MgGraphRequest, Get-MgUser objects without the anchor
# properties, and group memberships through which roles are held.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:Ou = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:Keep = '22222222-2222-2222-2222-222222222222'
    function Get-NotChecked($Results) { @($Results | Where-Object Account -eq 'alice').NotChecked }
}

Describe 'Facts' {
    It 'counts a facts parameter bound to $null or nothing as given' {
        $seed = New-SeedTenant
        $facts = New-SeedFacts
        $facts.Deleted = $null   # Get-MgDirectoryDeletedItemAsUser on an empty recycle bin
        Get-NotChecked (Compare-ImmutableId @seed @facts) | Should -Not -Contain 'SoftDeletedHolders'
        $facts.Remove('Deleted')
        Get-NotChecked (Compare-ImmutableId @seed @facts) | Should -Contain 'SoftDeletedHolders'
        $facts = New-SeedFacts
        $facts.GroupMembership = $null
        Get-NotChecked (Compare-ImmutableId @seed @facts) | Should -Not -Contain 'RolesThroughGroups'
        $plan = @(New-HardMatchPlan @seed @facts -OutOfScopeOU $Ou)
        $plan.Action | Should -Contain 'PurgeTwin' -Because 'every check was made'
    }

    It 'reads a Graph list response as its items, wherever records are taken' {
        $seed = New-SeedTenant
        $facts = New-SeedFacts
        $hashtables = @($seed.Cloud | ForEach-Object { $h = @{}; foreach ($p in $_.PSObject.Properties) { $h[$p.Name] = $p.Value }; $h })
        $response = @{ '@odata.context' = 'https://graph.microsoft.com/v1.0/$metadata#users'; value = $hashtables }
        $fromList = Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $response -Mapping $seed.Mapping @facts
        $fromItems = Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $hashtables -Mapping $seed.Mapping @facts
        @($fromList).Count | Should -Be 3
        ($fromList | ForEach-Object { "$($_.Account) $($_.Status) $($_.Findings)" }) | Should -Be ($fromItems | ForEach-Object { "$($_.Account) $($_.Status) $($_.Findings)" })
        # The same from ConvertFrom-Json -AsHashtable (PowerShell 7), and for the conversion cmdlets.
        if ($PSVersionTable.PSVersion.Major -ge 7) {
            $json = $response | ConvertTo-Json -Depth 5 | ConvertFrom-Json -AsHashtable
            @(Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $json -Mapping $seed.Mapping @facts).Count | Should -Be 3
        }
        @{ value = @(@{ onPremisesImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }); '@odata.nextLink' = 'x' } | ConvertFrom-ImmutableId | Should -Be ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
        # A record that merely has a list in a Value property is a record.
        @([pscustomobject]@{ ImmutableId = 'K81Lh40UykezCZHfZPBb9Q=='; Value = @('a', 'b') } | Test-ImmutableId).Status | Should -Be 'Valid'
        @(@{ ImmutableId = 'K81Lh40UykezCZHfZPBb9Q=='; value = @('a', 'b') } | Test-ImmutableId).Status | Should -Be 'Valid'
    }

    It 'warns when no cloud record carries an anchor or a sync state, and trusts no empty anchor' {
        $seed = New-SeedTenant
        foreach ($user in $seed.Cloud) { $user.OnPremisesImmutableId = $null; $user.OnPremisesSyncEnabled = $null }
        $results = @(Compare-ImmutableId @seed -WarningVariable warnings 3>$null)
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -BeLike '*-Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled*'
        Get-NotChecked $results | Should -Contain 'CloudAnchors'
        $fresh = New-SeedTenant
        Compare-ImmutableId @fresh -WarningVariable none 3>$null | Out-Null
        $none | Should -BeNullOrEmpty
    }

    It 'finds a role held through a group the account to keep is in, and plans nothing for it' {
        $seed = New-SeedTenant
        $facts = New-SeedFacts
        $group = '99999999-9999-4999-8999-999999999999'
        $facts.RoleAssignment = @([pscustomobject]@{ Id = 'g'; PrincipalId = $group; RoleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; DirectoryScopeId = '/'; MemberType = 'Direct'; AssignmentType = 'Assigned'; EndDateTime = $null })
        # As Get-MgUserTransitiveMemberOf gives it, with the user's id added.
        $facts.GroupMembership = @([pscustomobject]@{ Id = $group; AdditionalProperties = @{} } | Select-Object @{ n = 'PrincipalId'; e = { $Keep } }, Id)
        $result = Compare-ImmutableId @seed @facts | Where-Object Account -eq 'alice'
        $result.Findings | Should -Contain 'PrivilegedRole'
        $plan = @(New-HardMatchPlan @seed @facts -OutOfScopeOU $Ou)
        ($plan.Action, $plan[0].Reason) | Should -Be @('NotPlanned', "Alice.Cloud@alwayshotcafe2020.onmicrosoft.com holds the role Global Administrator through the group $group`: a plan does not change a group's members or roles (that changes them for everyone in it). Take Alice.Cloud@alwayshotcafe2020.onmicrosoft.com out of the group, or the role off the group, by hand; then plan again.")
    }
}
