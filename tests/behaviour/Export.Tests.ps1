# Results through Export-Csv: every result type the cmdlets declare comes back from
# Import-Csv as readable text, never a type name or an @{...} dump of a nested object.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:I1 = 'K81Lh40UykezCZHfZPBb9Q=='
}

Describe 'Results through Export-Csv' {
    It 'writes every result type the cmdlets declare as readable text' {
        $seed = New-SeedTenant
        $facts = New-SeedFacts
        $adUser = [pscustomobject]@{ SamAccountName = 'alice'; UserPrincipalName = 'alice@contoso.com'; ObjectGUID = $G1 }
        $mgUser = [pscustomobject]@{ Id = 'c72903ed-7816-41cd-9066-eac33d171d77'; UserPrincipalName = 'alice@contoso.com'; OnPremisesImmutableId = $I1; Department = 'Sales' }
        $results = @(
            $adUser | ConvertTo-ImmutableId -Detailed
            $mgUser | ConvertFrom-ImmutableId -Detailed
            $mgUser | ConvertTo-CloudAnchor -Detailed
            $mgUser, [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; OnPremisesImmutableId = 'AAAA' } | Test-ImmutableId -ExpectedGuid $G1
            $mgUser.OnPremisesImmutableId, 'AAAA', 'AAAA' | Test-ImmutableId -Summary
            Compare-ImmutableId @seed @facts
            New-HardMatchPlan @seed @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com'
        )
        # Every declared type that is not already text is among them.
        $declared = @(Get-Command -Module ImmutableId | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'ImmutableId.Model' } | ForEach-Object FullName | Sort-Object -Unique)
        $declared.Count | Should -BeGreaterThan 5
        @($results | ForEach-Object { $_.GetType().FullName } | Sort-Object -Unique) | Should -Be $declared

        foreach ($group in ($results | Group-Object { $_.GetType().FullName })) {
            $path = Join-Path $TestDrive "$($group.Name).csv"
            $group.Group | Export-Csv -LiteralPath $path -NoTypeInformation
            $rows = @(Import-Csv -LiteralPath $path)
            $rows.Count | Should -Be $group.Count
            foreach ($row in $rows) {
                foreach ($cell in $row.PSObject.Properties) {
                    $cell.Value | Should -Not -Match '^(System|Microsoft|ImmutableId)\.[\w.`+]+(\[.*\])?$' -Because "$($group.Name).$($cell.Name) is exported as text, not a type name"
                    $cell.Value | Should -Not -Match '^@\{' -Because "$($group.Name).$($cell.Name) is not a nested object's dump"
                }
            }
        }
        $summary = Import-Csv -LiteralPath (Join-Path $TestDrive 'ImmutableId.Model.ImmutableIdTestSummary.csv')
        $summary.Reasons | Should -BeExactly 'NotGuidBased 2, Duplicate 2'
        $tested = @(Import-Csv -LiteralPath (Join-Path $TestDrive 'ImmutableId.Model.ImmutableIdTestResult.csv'))
        $tested[1].Reasons | Should -BeExactly 'NotGuidBased, GuidMismatch'
        $tested[0].Department | Should -BeExactly 'Sales' -Because 'the record''s own properties are carried'
        $compared = @(Import-Csv -LiteralPath (Join-Path $TestDrive 'ImmutableId.Model.ImmutableIdComparison.csv'))
        $compared[0].PSObject.Properties.Name | Should -Not -Contain 'Input' -Because 'the input record is the caller''s object, not text; $result.Input still holds it'
        $compared[0].Findings | Should -BeLike 'MappedExplicitly, *'
        (Compare-ImmutableId @seed @facts)[0].Input.SamAccountName | Should -Be 'alice'
    }
}
