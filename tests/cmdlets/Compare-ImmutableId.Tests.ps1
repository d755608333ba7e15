# Compare-ImmutableId: one result per account, every status, every finding, the README's seed
# case, CSV and hashtable inputs, and bad input that never drops an account.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Compare-ImmutableId' {
    Context 'the seed case' {
        It 'finds Alice a hard-match candidate for Alice.Cloud, with her synced twin matched' {
            $seed = New-SeedTenant
            $results = $seed.OnPremises | Compare-ImmutableId -Cloud $seed.Cloud -Mapping $seed.Mapping
            $results.Count | Should -Be 3
            $alice = $results | Where-Object Side -eq 'OnPremises'
            ($alice.Account, "$($alice.Status)", $alice.Anchor, $alice.AnchorSource, $alice.Counterpart) |
                Should -Be @('alice', 'HardMatchCandidate', 'K81Lh40UykezCZHfZPBb9Q==', 'ObjectGUID', 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com')
            $alice.Findings | Should -Contain 'MappedExplicitly'
            $alice.Findings | Should -Contain 'AnchorHeldByActiveTwin'
            $alice.NotChecked | Should -Contain 'TenantSwitches'
            $facts = New-SeedFacts
            (Compare-ImmutableId @seed @facts | Where-Object Side -eq 'OnPremises').NotChecked | Should -BeNullOrEmpty -Because 'every fact was given'
            $alice.Input.SamAccountName | Should -Be 'alice'
            $twin = $results | Where-Object Account -eq 'alice@alwayshotcafe.com'
            ("$($twin.Status)", "$($twin.Findings)") | Should -Be @('Matched', 'TwinOfHardMatch')
            ($results | Where-Object Account -like 'Alice.Cloud*').Status | Should -Be 'HardMatchCandidate'
        }
    }

    Context 'every status and every finding' {
        BeforeAll {
            $tenant = New-EveryCaseTenant
            $script:Results = Compare-ImmutableId @tenant -ErrorVariable script:Errors -ErrorAction SilentlyContinue
        }

        It 'gives exactly one result per account' {
            $Results.Count | Should -Be ($tenant.OnPremises.Count + $tenant.Cloud.Count + $tenant.Deleted.Count)
        }

        It 'gives status <_>' -ForEach $ReconcileNames.statuses {
            $status = $_
            @($Results | Where-Object { "$($_.Status)" -eq $status }).Count | Should -BeGreaterThan 0
        }

        # SourceAnchorEmpty needs a tenant anchored on an attribute: SourceAnchor.Tests.ps1 has it.
        It 'gives finding <_>' -ForEach (Get-FindingCodes | Where-Object { $_ -ne 'SourceAnchorEmpty' }) {
            $code = $_
            @($Results | Where-Object { $_.Findings -contains $code }).Count | Should -BeGreaterThan 0 -Because "the tenant has a case of $code"
        }

        It 'names each finding in a message' {
            foreach ($r in $Results) { @($r.Messages).Count | Should -Be @($r.Findings).Count }
        }

        It 'reports -Mapping rows that name no account as errors on the row' {
            $mappingErrors = @($Errors | Where-Object { $_.TargetObject.OnPremises -eq 'nobody' })
            $mappingErrors.Count | Should -Be 1
            $mappingErrors[0].Exception.Message | Should -BeLike "*'nobody'*"
        }
    }

    Context 'inputs as admins bring them' {
        It 'reads batch after batch of records with each unusable one reported in order, on that record, and every other one kept' {
            # Three batches and more: the core takes each batch while the next one is read.
            $cloud = foreach ($i in 0..9999) {
                if ($i % 997 -eq 5) { @{ mail = "nobody$i@contoso.com" } }
                else { @{ id = "c$i"; userPrincipalName = "c$i@contoso.com"; onPremisesImmutableId = '' } }
            }
            $results = @(Compare-ImmutableId -OnPremises @() -Cloud $cloud -ErrorVariable bad -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 9989
            @($bad).Count | Should -Be 11
            @($bad.ForEach({ $_.TargetObject.mail })) | Should -Be @(0..10 | ForEach-Object { "nobody$($_ * 997 + 5)@contoso.com" })
            $bad | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'WrongRecordType,*' }
            $results[-1].Account | Should -Be 'c9999@contoso.com'
        }

        It 'reads CSV exports through Import-Csv and Graph hashtables alike' {
            $seed = New-SeedTenant
            $dir = Join-Path $TestDrive 'csv'
            $null = New-Item -ItemType Directory $dir
            $seed.OnPremises | Select-Object SamAccountName, UserPrincipalName, DistinguishedName, @{ n = 'ObjectGUID'; e = { "$($_.ObjectGUID)" } }, Mail |
                Export-Csv (Join-Path $dir 'ad.csv') -NoTypeInformation
            $seed.Cloud | ForEach-Object { [pscustomobject]$_ } | Select-Object Id, UserPrincipalName, OnPremisesImmutableId, OnPremisesSyncEnabled |
                Export-Csv (Join-Path $dir 'cloud.csv') -NoTypeInformation
            $seed.Mapping | Export-Csv (Join-Path $dir 'map.csv') -NoTypeInformation
            $fromCsv = Compare-ImmutableId -OnPremises (Import-Csv (Join-Path $dir 'ad.csv')) -Cloud (Import-Csv (Join-Path $dir 'cloud.csv')) -Mapping (Import-Csv (Join-Path $dir 'map.csv'))
            $fromObjects = Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $seed.Cloud -Mapping $seed.Mapping
            @($fromCsv.ForEach({ "$($_.Account):$($_.Status):$($_.Findings)" })) | Should -Be @($fromObjects.ForEach({ "$($_.Account):$($_.Status):$($_.Findings)" }))
            $hashtables = $seed.Cloud | ForEach-Object { $h = @{}; foreach ($p in ([pscustomobject]$_).PSObject.Properties) { $h[$p.Name.ToLowerInvariant()] = $p.Value }; $h }
            $fromHashtables = Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $hashtables -Mapping $seed.Mapping
            @($fromHashtables.Status) | Should -Be @($fromObjects.Status)
        }

        It 'reads large exports itself with the -...Path parameters, as Import-Csv would give them' {
            $seed = New-SeedTenant
            $dir = Join-Path $TestDrive 'paths'
            $null = New-Item -ItemType Directory $dir
            $seed.OnPremises | Select-Object SamAccountName, UserPrincipalName, DistinguishedName, @{ n = 'ObjectGUID'; e = { "$($_.ObjectGUID)" } } |
                Export-Csv (Join-Path $dir 'ad.csv') -NoTypeInformation -Delimiter ';'
            $seed.Cloud | Select-Object Id, UserPrincipalName, Mail, OnPremisesImmutableId, OnPremisesSyncEnabled | Export-Csv (Join-Path $dir 'cloud.csv') -NoTypeInformation -Delimiter ';'
            $seed.Mapping | Export-Csv (Join-Path $dir 'map.csv') -NoTypeInformation -Delimiter ';'
            Push-Location $dir
            try { $fromFiles = @(Compare-ImmutableId -OnPremisesPath ad.csv -CloudPath .\cloud.csv -MappingPath map.csv -Delimiter ';') }
            finally { Pop-Location }
            $fromObjects = @(Compare-ImmutableId -OnPremises $seed.OnPremises -Cloud $seed.Cloud -Mapping $seed.Mapping)
            @($fromFiles.ForEach({ "$($_.Account):$($_.Status):$($_.Findings)" })) | Should -Be @($fromObjects.ForEach({ "$($_.Account):$($_.Status):$($_.Findings)" }))
        }

        It 'names the file and line of a record it cannot use, and stops at a file it cannot read' {
            $path = Join-Path $TestDrive 'bad.csv'
            Set-Content -LiteralPath $path -Value 'Id,UserPrincipalName,OnPremisesImmutableId', 'c1,one@contoso.com,', ',,K81Lh40UykezCZHfZPBb9Q=='
            $results = @(Compare-ImmutableId -CloudPath $path -ErrorVariable rowErrors -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $rowErrors.Count | Should -Be 1
            $rowErrors[0].Exception.Message | Should -BeLike "*bad.csv', line 3:*"
            $rowErrors[0].TargetObject | Should -BeLike '*bad.csv:3'
            { Compare-ImmutableId -CloudPath (Join-Path $TestDrive 'missing.csv') } | Should -Throw -ErrorId 'FileNotFound,*'
            Set-Content -LiteralPath $path -Value 'Name,Other', 'x,y'
            { Compare-ImmutableId -OnPremisesPath $path } | Should -Throw -ErrorId 'ColumnNotFound,*'
            { New-HardMatchPlan -MappingPath 'Variable:\x' } | Should -Throw -ErrorId 'NotAFileSystemPath,*'
        }

        It 'never drops an account, whatever its shape' {
            $onPremises = @(
                [pscustomobject]@{ SamAccountName = 'noguid' }
                [pscustomobject]@{ SamAccountName = 'badguid'; ObjectGUID = 'not-a-guid' }
                [pscustomobject]@{ SamAccountName = 'nullcg'; ObjectGUID = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'; 'mS-DS-ConsistencyGuid' = $null }
                [pscustomobject]@{ SamAccountName = 'dupe'; ObjectGUID = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5' }
                'a plain string'
            )
            $cloud = @([pscustomobject]@{ Id = $null; UserPrincipalName = $null }, [pscustomobject]@{ Id = 'c1'; OnPremisesImmutableId = 'bad value!' })
            $records = @(Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud 2>&1)
            $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $results = @($records | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            ($errors.Count + $results.Count) | Should -Be ($onPremises.Count + $cloud.Count) -Because 'every account is a result or an error'
            ($results | Where-Object Account -eq 'badguid').Findings | Should -Be 'NoOnPremisesAnchor'
            ($results | Where-Object Account -eq 'dupe').Findings | Should -Contain 'DuplicateOnPremisesAnchor'
            ($results | Where-Object Account -eq 'c1').Findings | Should -Be 'InvalidAnchor'
        }
    }

    Context 'errors that say what is wrong' {
        BeforeAll {
            $script:Seed = New-SeedTenant
            function Get-Errors([scriptblock] $Block) { @(& $Block 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) }
        }

        It 'gives each bad -Mapping row and record its own ErrorId, the value named, the input as target' {
            $mapping = @(
                'alice'
                42
                @{ OnPremises = 'nobody'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' }
                @{ OnPremises = 'alice'; Cloud = 'nowhere@contoso.com' }
                @{ OnPremises = 'alice' }
                @{ Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' }
                @{ Name = 'a row of another kind' }
            )
            $errors = Get-Errors { Compare-ImmutableId -OnPremises $Seed.OnPremises -Cloud $Seed.Cloud -Mapping $mapping }
            @($errors.ForEach({ ($_.FullyQualifiedErrorId -split ',')[0] })) |
                Should -Be @('NotARecord', 'NotARecord', 'IncompleteMapping', 'IncompleteMapping', 'WrongRecordType', 'UnknownAccount', 'UnknownAccount')
            @($errors.ForEach({ "$($_.CategoryInfo.Category)" }) | Sort-Object -Unique) | Should -Be 'InvalidArgument'
            $errors[0].Exception.Message | Should -BeLike "-Mapping takes rows with OnPremises*it was given 'alice'."
            $errors[0].TargetObject | Should -Be 'alice'
            $errors[1].Exception.Message | Should -BeLike "*it was given '42'."
            $errors[1].TargetObject | Should -Be 42
            $errors[2].Exception.Message | Should -BeLike "*'alice' but no Cloud*"
            $errors[3].Exception.Message | Should -BeLike "*'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' but no OnPremises*"
            $errors[5].Exception.Message | Should -BeLike "-Mapping``[2``]: the on-premises account 'nobody' is none of the accounts given in -OnPremises*"
            $errors[5].TargetObject.OnPremises | Should -Be 'nobody'
            $errors[6].Exception.Message | Should -BeLike "-Mapping``[3``]: the cloud account 'nowhere@contoso.com' is none of the accounts given in -Cloud*"
            $wrong = Get-Errors { Compare-ImmutableId -OnPremises 'alice' -Cloud @(@{ Mail = 'x@contoso.com' }) }
            @($wrong.ForEach({ ($_.FullyQualifiedErrorId -split ',')[0] })) | Should -Be @('NotARecord', 'WrongRecordType')
            $wrong[0].Exception.Message | Should -BeLike "-OnPremises takes on-premises users*it was given 'alice'."
        }

        It 'names the file and line of a -MappingPath row, and the columns expected and found' {
            $path = Join-Path $TestDrive 'map.csv'
            Set-Content -LiteralPath $path -Value 'OnPremises,Cloud', 'alice,Alice.Cloud@alwayshotcafe2020.onmicrosoft.com', 'nobody,Alice.Cloud@alwayshotcafe2020.onmicrosoft.com', 'alice,'
            $errors = Get-Errors { Compare-ImmutableId -OnPremises $Seed.OnPremises -Cloud $Seed.Cloud -MappingPath $path }
            @($errors.ForEach({ ($_.FullyQualifiedErrorId -split ',')[0] })) | Should -Be @('IncompleteMapping', 'UnknownAccount')
            $errors[0].Exception.Message | Should -BeLike "'$path', line 4: *'alice' but no Cloud*"
            $errors[0].TargetObject | Should -Be "${path}:4"
            $errors[1].Exception.Message | Should -BeLike "'$path', line 3: the on-premises account 'nobody' is none of the accounts*"
            $errors[1].TargetObject | Should -Be "${path}:3"
            $facts = New-SeedFacts
            $plan = New-HardMatchPlan -OnPremises $Seed.OnPremises -Cloud $Seed.Cloud -MappingPath $path -Domain $facts.Domain -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com' -FreeAnchorBy RestoreAndClear 2>$null
            $plan[0].Action | Should -Be 'Notice'
            $plan[0].Reason | Should -BeLike "'$path', line 2 says alice takes over*" -Because 'a row of a file is named by its file and line, not -Mapping[n]'
            Set-Content -LiteralPath $path -Value 'OnPrem,CloudUpn', 'alice,x'
            $thrown = { Compare-ImmutableId -MappingPath $path } | Should -Throw -ErrorId 'ColumnNotFound,*' -PassThru
            $thrown.Exception.Message | Should -BeLike "*not the columns -MappingPath reads, OnPremises and Cloud. Its columns are: 'OnPrem', 'CloudUpn'.*"
            Set-Content -LiteralPath $path -Value 'Name,Other', 'x,y'
            $thrown = { Compare-ImmutableId -CloudPath $path } | Should -Throw -ErrorId 'ColumnNotFound,*' -PassThru
            $thrown.Exception.Message | Should -BeLike "*none of the columns -CloudPath reads (Id, UserPrincipalName*). Its columns are: 'Name', 'Other'.*"
        }

        It 'takes DOMAIN\sam in -Mapping, and says what became of the domain part' {
            $checked = Compare-ImmutableId -OnPremises $Seed.OnPremises -Cloud $Seed.Cloud -Mapping @{ OnPremises = 'ALWAYSHOTCAFE\alice'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' }
            $alice = $checked | Where-Object Side -eq 'OnPremises'
            "$($alice.Status)" | Should -Be 'HardMatchCandidate'
            "$($alice.Messages)" | Should -BeLike "*'ALWAYSHOTCAFE\alice' was read as the sAMAccountName 'alice'; the domain part 'ALWAYSHOTCAFE' was checked*"
            $ignored = Compare-ImmutableId -OnPremises $Seed.OnPremises -Cloud $Seed.Cloud -Mapping @{ OnPremises = 'CORP\alice'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' }
            "$(($ignored | Where-Object Side -eq 'OnPremises').Messages)" | Should -BeLike "*the domain part 'CORP' was ignored*"
        }
    }

    Context 'nothing to compare' {
        It 'warns when it is given no accounts, instead of printing nothing' {
            foreach ($run in { Compare-ImmutableId }, { @() | Compare-ImmutableId -Cloud @() }, { Compare-ImmutableId -Mapping @{ OnPremises = 'a'; Cloud = 'b' } 2>$null }) {
                $records = @(& $run 3>&1)
                $records.Count | Should -Be 1
                $records[0] | Should -BeOfType [System.Management.Automation.WarningRecord]
                $records[0].Message | Should -BeLike 'Compare-ImmutableId was given no accounts*'
            }
        }
    }

    Context 'against the same join written by hand' {
        BeforeAll {
            . (Join-Path $TestsRoot 'bench/BenchTenant.ps1')
        }

        It 'gives every account of a generated tenant the status, findings, checks not made and counterpart that Invoke-CompareSameJoin does, from objects and from files' {
            # The seeded generator (rust-core/rules/examples/gen_tenant.rs) puts a few percent of
            # every problem in; BenchTenant.ps1's join is written independently of the core.
            $tenant = New-BenchTenant -Count 3000 -Folder (Join-Path $TestDrive 'tenant') -Seed 7
            $onPremises = @(Import-Csv -LiteralPath $tenant.OnPremises)
            $cloud = @(Import-Csv -LiteralPath $tenant.Cloud)
            $expected = @(Invoke-CompareSameJoin -OnPremises $onPremises -Cloud $cloud | ForEach-Object {
                    '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Side, $_.Account, $_.Status, (@($_.Findings) -join ','), (@($_.NotChecked) -join ','), $_.Counterpart })
            foreach ($results in @(Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud), @(Compare-ImmutableId -OnPremisesPath $tenant.OnPremises -CloudPath $tenant.Cloud)) {
                $actual = @($results | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}' -f $_.Side, $_.Account, $_.Status, (@($_.Findings) -join ','), (@($_.NotChecked) -join ','), $_.Counterpart })
                $actual.Count | Should -Be $expected.Count
                for ($i = 0; $i -lt $actual.Count; $i++) { $actual[$i] | Should -BeExactly $expected[$i] -Because "result $i" }
            }
            # The tenant holds what the join is for: every status but SoftDeleted.
            @($expected | ForEach-Object { ($_ -split '\|')[2] } | Sort-Object -Unique) | Should -Be @('CloudOnly', 'Conflict', 'HardMatchCandidate', 'Matched', 'NotSynced', 'Orphan')
        }
    }

    Context 'documentation' {
        BeforeAll {
            $about = [IO.File]::ReadAllText((Join-Path $RepoRoot 'pwsh-module/en-US/about_ImmutableId.help.txt')).Replace("`r`n", "`n")
            # The names listed in a section: the first word of its lines indented eight spaces.
            function Get-AboutSection([string] $Heading) {
                $section = [regex]::Match($about, "(?ms)^$Heading\n(.*?)(?=^[A-Z][A-Z -]+\n)").Groups[1].Value
                @([regex]::Matches($section, '(?m)^ {8}([A-Z][A-Za-z]+)\b').ForEach({ $_.Groups[1].Value }))
            }
        }

        It 'documents every status, finding, unmade check and plan action in about_ImmutableId' {
            Get-AboutSection 'COMPARE STATUSES' | Should -Be $ReconcileNames.statuses
            Get-AboutSection 'FINDINGS' | Should -Be (@($ReconcileNames.findings) + $ReconcileNames.checks)
            Get-AboutSection 'PLAN ACTIONS' | Should -Be $ReconcileNames.actions
        }

        It 'explains the hard-match job and its traps' {
            $about | Should -Match '(?m)^THE HARD-MATCH JOB$'
            foreach ($trap in 'overwrites', 'irreversible', 'federated', 'big-endian', 'MC1262584', 'percent-encoded') {
                $about | Should -Match $trap
            }
        }
    }
}
