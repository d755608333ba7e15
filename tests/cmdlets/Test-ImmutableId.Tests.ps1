BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force

    # Objects shaped like a join of Get-MgUser and Get-ADUser output.
    function ConvertTo-Record($Vector, [int] $Number) {
        [pscustomobject]@{
            UserPrincipalName       = "user$Number@contoso.com"
            Id                      = [guid]::NewGuid().ToString()
            ImmutableId             = $Vector.value
            ObjectGUID              = if ($Vector.ContainsKey('expectedGuid')) { $Vector.expectedGuid } else { $null }
            'mS-DS-ConsistencyGuid' = if ($Vector.ContainsKey('consistencyGuid')) { $Vector.consistencyGuid } else { $null }
        }
    }

    function Assert-Verdict($Result, $Vector) {
        $Result.ImmutableId | Should -BeExactly $Vector.value
        @($Result.Reasons) | Should -Be @($Vector.reasons)
        $Result.Status | Should -Be $Vector.status
        if ($Vector.ContainsKey('suggestion')) { $Result.Suggestion | Should -BeExactly $Vector.suggestion }
        if ($Vector.reasons.Count -gt 0) { @($Result.Messages).Count | Should -Be $Vector.reasons.Count }
        if ($Vector.status -eq 'NoAnchor') { @($Result.Messages).Count | Should -Be 1 }
    }

    $script:CsvPath = Join-Path $TestDrive 'anchors.csv'
    $script:Records = @(for ($i = 0; $i -lt $Vectors.validation.Count; $i++) { ConvertTo-Record $Vectors.validation[$i] $i })
    $Records | Export-Csv -Path $CsvPath -NoTypeInformation -Encoding UTF8
}

Describe 'Test-ImmutableId' {
    Context 'every reason, on the pipeline route' {
        It 'finds <_.reasons> in <_.value> (pipeline)' -ForEach $Vectors.validation {
            $record = ConvertTo-Record $_ 1
            $result = $record | Test-ImmutableId
            Assert-Verdict $result $_
            $result.UserPrincipalName | Should -Be 'user1@contoso.com'
            $result.Id | Should -Be $record.Id
            $result.Index | Should -Be 0
        }

        It 'takes plain strings and -ExpectedGuid' {
            $result = 'h0vNKxSNR8qzCZHfZPBb9Q==' | Test-ImmutableId -ExpectedGuid ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
            $result.Reasons | Should -Be 'BigEndianByteOrder'
            $result.Suggestion | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            $result.ExpectedGuid | Should -Be ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
            $result.Messages | Should -BeLike '*big-endian*'
        }

        It 'takes an array argument and keeps input order' {
            $results = Test-ImmutableId @('K81Lh40UykezCZHfZPBb9Q==', 'AAAA', '')
            @($results.Status) | Should -Be @('Valid', 'Warning', 'Invalid')
            $results[2].Reasons | Should -Be 'Empty' -Because 'an empty string given as a value is an empty ImmutableId'

            $results.Index | Should -Be @(0, 1, 2)
        }

        It 'binds OnPremisesImmutableId from Get-MgUser-shaped objects; a cloud-only account is NoAnchor, not a bad value' {
            $users = @(
                [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; OnPremisesImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }
                [pscustomobject]@{ UserPrincipalName = 'b@contoso.com'; OnPremisesImmutableId = $null }
            )
            $results = $users | Test-ImmutableId
            @($results.Status) | Should -Be @('Valid', 'NoAnchor')
            @($results[1].Reasons).Count | Should -Be 0
            $results[1].Messages | Should -BeLike '*cloud-only*'
            $results.UserPrincipalName | Should -Be @('a@contoso.com', 'b@contoso.com')
            $results[0].Source | Should -Be 'OnPremisesImmutableId'
        }

        It 'reports an object with no ImmutableId property as one error, in its place, and goes on' {
            $inputs = @('K81Lh40UykezCZHfZPBb9Q==', [pscustomobject]@{ Name = 'printer' }, 'QF5HMK7n80qvdYsUPIHa9Q==', (, [byte[]](1..16)), 'AAAA')
            $records = $inputs | Test-ImmutableId 2>&1
            $records.Count | Should -Be 5
            $records[0].Index | Should -Be 0
            $records[1].FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
            $records[2].Index | Should -Be 2
            $records[3].FullyQualifiedErrorId | Should -BeLike 'ByteArrayNotImmutableId,*'
            $records[4].Index | Should -Be 4
            $records[4].Status | Should -Be 'Warning'
        }

        It 'numbers duplicates by input position when errors come between' {
            $records = 'K81Lh40UykezCZHfZPBb9Q==', [pscustomobject]@{ Name = 'x' }, 'K81Lh40UykezCZHfZPBb9Q==' | Test-ImmutableId 2>$null
            @($records[1].Duplicates) | Should -Be @(0)
            @($records[0].Duplicates) | Should -Be @(2)
        }
    }

    Context 'duplicates' {
        BeforeAll {
            $script:Values = @(
                'K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==', 'K81Lh40UykezCZHfZPBb9Q==',
                'k81Lh40UykezCZHfZPBb9Q==', 'iGhmiAEBERG7uxI0VniQqw==', '', ''
            )
        }

        It 'marks every record of an exact duplicate and names the others' {
            $results = $Values | Test-ImmutableId
            $results[0].Reasons | Should -Contain 'Duplicate'
            $results[0].Status | Should -Be 'Invalid'
            # Duplicates names every other record sharing the value, exactly or but for case.
            @($results[0].Duplicates) | Should -Be @(2, 3)
            @($results[2].Duplicates) | Should -Be @(0, 3)
            $results[2].DuplicateCount | Should -Be 2
            $results[1].Status | Should -Be 'Valid'
        }

        It 'warns about values that differ only in case' {
            $results = $Values | Test-ImmutableId
            $results[3].Reasons | Should -Be 'CaseOnlyDuplicate'
            $results[3].Status | Should -Be 'Warning'
            @($results[3].Duplicates) | Should -Be @(0, 2)
            $results[0].Reasons | Should -Contain 'CaseOnlyDuplicate'
        }

        It 'does not call empty values duplicates of each other' {
            $results = $Values | Test-ImmutableId
            $results[5].Reasons | Should -Be 'Empty'
            $results[6].Reasons | Should -Be 'Empty'
            @($results[5].Duplicates).Count | Should -Be 0
        }

        It 'counts the same with -Summary' {
            $summary = $Values | Test-ImmutableId -Summary
            $summary.Total | Should -Be 7
            $summary.Valid | Should -Be 2
            $summary.Invalid | Should -Be 4
            $summary.Warning | Should -Be 1
            $summary.Reasons['Duplicate'] | Should -Be 2
            $summary.Reasons['CaseOnlyDuplicate'] | Should -Be 3
            $summary.Reasons['Empty'] | Should -Be 2
        }
    }

    Context 'every reason, on the -Path route' {
        It 'gives the same verdicts reading the CSV in the core' {
            $results = Test-ImmutableId -Path $CsvPath
            $results.Count | Should -Be $Vectors.validation.Count
            for ($i = 0; $i -lt $results.Count; $i++) {
                Assert-Verdict $results[$i] $Vectors.validation[$i]
                $results[$i].Line | Should -Be ($i + 2)
                $results[$i].UserPrincipalName | Should -Be "user$i@contoso.com"
            }
        }

        # Windows PowerShell 5.1's Export-Csv knows no utf8BOM or utf8NoBOM: its UTF8 has a BOM.
        It 'reads <_> as Export-Csv writes it' -ForEach $(if ($PSVersionTable.PSEdition -eq 'Desktop') { @('UTF8', 'Unicode', 'BigEndianUnicode') } else { @('utf8BOM', 'utf8NoBOM', 'Unicode', 'BigEndianUnicode') }) {
            $path = Join-Path $TestDrive "anchors-$_.csv"
            $Records | Export-Csv -Path $path -NoTypeInformation -Encoding $_
            $results = Test-ImmutableId -Path $path
            @($results.Status.ForEach({ "$_" })) | Should -Be @($Vectors.validation.status)
        }

        It 'finds duplicates across the file and names their lines' {
            $path = Join-Path $TestDrive 'dupes.csv'
            'ImmutableId', 'K81Lh40UykezCZHfZPBb9Q==', 'AAAA', 'K81Lh40UykezCZHfZPBb9Q==', 'k81Lh40UykezCZHfZPBb9Q==' | Set-Content $path
            $results = Test-ImmutableId -Path $path
            @($results[0].Duplicates) | Should -Be @(4, 5)
            $results[0].Line | Should -Be 2
            $results[3].Reasons | Should -Contain 'CaseOnlyDuplicate'
        }

        It 'uses -Column and -ExpectedGuidColumn' {
            $path = Join-Path $TestDrive 'columns.csv'
            @('Upn,Anchor,Guid', 'a@contoso.com,h0vNKxSNR8qzCZHfZPBb9Q==,874bcd2b-148d-47ca-b309-91df64f05bf5') | Set-Content $path
            (Test-ImmutableId -Path $path -Column Anchor -ExpectedGuidColumn Guid).Reasons | Should -Be 'BigEndianByteOrder'
        }

        It 'summarises the file with -Summary and answers -Quiet' {
            $summary = Test-ImmutableId -Path $CsvPath -Summary
            $summary | Should -BeOfType [ImmutableId.Model.ImmutableIdTestSummary]
            $summary.Total | Should -Be $Vectors.validation.Count
            $summary.Valid + $summary.Warning + $summary.Invalid + $summary.NoAnchor + $summary.NotChecked | Should -Be $summary.Total
            Test-ImmutableId -Path $CsvPath -Quiet | Should -BeFalse
            $summary.NoAnchor | Should -Be 2
            $good = Join-Path $TestDrive 'good.csv'
            'ImmutableId', 'K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==' | Set-Content $good
            Test-ImmutableId -Path $good -Quiet | Should -BeTrue
        }
    }

    Context 'file problems are one clear error, never a partial result' {
        It 'reports <_.name> as <_.code>' -ForEach @(
            @{ name = 'a missing file'; code = 'FileNotFound'; make = { param($p) } }
            @{ name = 'an empty file'; code = 'EmptyFile'; make = { param($p) Set-Content $p -Value '' -NoNewline } }
            @{ name = 'a missing column'; code = 'ColumnNotFound'; make = { param($p) 'Name,Mail', 'a,b' | Set-Content $p } }
            @{ name = 'a binary file'; code = 'BinaryFile'; make = { param($p) [IO.File]::WriteAllBytes($p, [Text.Encoding]::ASCII.GetBytes("ImmutableId`n") + [byte[]](0, 1, 2, 0xFF, 0xFE, 0, 0, 0x0A)) } }
            @{ name = 'a directory'; code = 'FileUnreadable'; make = { param($p) New-Item -ItemType Directory $p | Out-Null } }
        ) {
            $path = Join-Path $TestDrive ("problem-" + [guid]::NewGuid())
            & $make $path
            $thrown = $null
            try { $null = Test-ImmutableId -Path $path } catch { $thrown = $_ }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId | Should -BeLike "$code,*"
            $thrown.Exception.Message | Should -BeLike "*$(Split-Path $path -Leaf)*"
        }

        It 'refuses a path on another provider instead of reading a file of that name' {
            Push-Location $TestDrive
            try { { Test-ImmutableId -Path 'Variable:/anchors.csv' } | Should -Throw -ErrorId 'NotAFileSystemPath,*' }
            finally { Pop-Location }
        }

        It 'resolves a wildcard to the one file it matches, relative to the current location' {
            Push-Location $TestDrive
            try { @(Test-ImmutableId -Path 'anchor?.csv').Count | Should -Be $Vectors.validation.Count }
            finally { Pop-Location }
        }

        It 'fails fast on a line longer than the core accepts' {
            $path = Join-Path $TestDrive 'long-line.csv'
            [IO.File]::WriteAllText($path, "ImmutableId`n" + ('A' * 3MB) + "`n")
            { Test-ImmutableId -Path $path } | Should -Throw -ErrorId 'LineTooLong,*'
        }
    }

    Context 'documentation' {
        It 'documents every reason code in about_ImmutableId, and each one is tested' {
            $help = Get-Content -Raw (Join-Path $RepoRoot 'pwsh-module/en-US/about_ImmutableId.help.txt')
            $section = ($help -split '\nREASON CODES')[1] -split '\nNATIVE LIBRARY' | Select-Object -First 1
            $documented = [regex]::Matches($section, '(?m)^\s{8}([A-Z][A-Za-z0-9]+)\s') | ForEach-Object { $_.Groups[1].Value }
            # Every reason the core has, by number (the internal facade is the one source).
            $core = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly.GetType('ImmutableId.Native.CoreLibrary', $true)
            $all = $core.GetProperty('ReasonNames', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
            # The vectors test each on both routes; Empty is a value given itself (tested above),
            # the duplicate reasons come from batches (tested above).
            $tested = @($Vectors.validation.reasons) + 'Duplicate', 'CaseOnlyDuplicate', 'Empty' | Sort-Object -Unique
            $documented | Sort-Object | Should -Be ($all | Sort-Object)
            $tested | Should -Be ($all | Sort-Object)
        }
    }
}
