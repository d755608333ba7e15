# Test-ImmutableId and files: -Path, -LiteralPath, Get-ChildItem | Test-ImmutableId, several
# files, delimiters, line numbers, agreement with Import-Csv, and results that survive a round
# trip through Export-Csv.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:I1 = 'K81Lh40UykezCZHfZPBb9Q=='
    $script:I2 = 'QF5HMK7n80qvdYsUPIHa9Q=='
    function New-Csv([string] $Name, [string[]] $Lines) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, ($Lines -join "`n") + "`n")
        $path
    }
}

Describe 'Test-ImmutableId and files' {
    Context 'naming files' {
        BeforeAll {
            $script:Bracketed = New-Csv 'users [1].csv' @('UserPrincipalName,ImmutableId', "a@contoso.com,$I1")
            $script:Second = New-Csv 'users2.csv' @('UserPrincipalName,ImmutableId', "b@contoso.com,$I2", "c@contoso.com,$I1")
        }

        It 'reads a file whose name holds brackets with -LiteralPath, and with -Path' {
            (Test-ImmutableId -LiteralPath $Bracketed).Status | Should -Be 'Valid'
            (Test-ImmutableId -Path $Bracketed).Status | Should -Be 'Valid'
        }

        It 'reads files piped from Get-ChildItem, and several files as one batch' {
            $results = Get-ChildItem -LiteralPath $Bracketed, $Second | Test-ImmutableId
            $results.Count | Should -Be 3
            $results[2].Reasons | Should -Be 'Duplicate' -Because 'duplicates are found across files'
            $results[0].Path | Should -Be $Bracketed
            $results[2].Messages | Should -BeLike "*line 2 of '*users ``[1``].csv'*"
            # With records from several files, duplicates are named by their index.
            @($results[2].Duplicates) | Should -Be @(0)
            $byPath = Test-ImmutableId -Path (Join-Path $TestDrive 'users*.csv')
            $byPath.Count | Should -Be 3
            (Get-Item -LiteralPath $Second | Select-Object PSPath | Test-ImmutableId -ErrorAction Stop).Count | Should -Be 2
        }

        It 'says when -Path matches nothing' {
            { Test-ImmutableId -Path (Join-Path $TestDrive 'nothing*.csv') } | Should -Throw -ErrorId 'FileNotFound,*'
        }
    }

    Context 'delimiters and line ends' {
        It 'reads semicolon and tab files with -Delimiter' {
            $semi = New-Csv 'semi.csv' @('UserPrincipalName;ImmutableId', "a@contoso.com;$I1")
            (Test-ImmutableId -Path $semi -Delimiter ';').Status | Should -Be 'Valid'
            { Test-ImmutableId -Path $semi } | Should -Throw -ErrorId 'ColumnNotFound,*'
            $tab = New-Csv 'tab.csv' @("UserPrincipalName`tImmutableId", "a@contoso.com`t$I1")
            (Test-ImmutableId -Path $tab -Delimiter "`t").Status | Should -Be 'Valid'
        }

        It 'numbers the lines of a file with bare CR line ends' {
            $path = Join-Path $TestDrive 'cr.csv'
            [IO.File]::WriteAllText($path, "ImmutableId`r$I1`r`r$I2`r")
            @((Test-ImmutableId -Path $path).Line) | Should -Be @(2, 4)
        }

        It 'stops at an unclosed quote with the line it opens on' {
            $path = New-Csv 'quote.csv' @('UserPrincipalName,ImmutableId', "a@contoso.com,$I1", '"b@contoso.com,QF5H', "c@contoso.com,$I1")
            $thrown = $null
            try { $null = Test-ImmutableId -Path $path } catch { $thrown = $_ }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'UnclosedQuote,*'
            $thrown.Exception.Message | Should -BeLike '*line 3 of*'
        }
    }

    Context 'the file and Import-Csv agree' {
        It 'on a trailing line of spaces and on empty header cells' {
            $path = New-Csv 'agree.csv' @('UserPrincipalName,,ImmutableId,', "a@contoso.com,x,$I1,y", "b@contoso.com,,$I2,", '   ', "`t")
            $byFile = Test-ImmutableId -Path $path
            $piped = Import-Csv $path 3>$null | Test-ImmutableId
            $byFile.Count | Should -Be 2
            $piped.Count | Should -Be 2
            $byFile[0].PSObject.Properties['H1'] | Should -Not -BeNullOrEmpty -Because 'Import-Csv names an empty header cell H1'
            $byFile[0].H1 | Should -Be $piped[0].H1
            $byFile[0].PSObject.Properties['H2'] | Should -BeNullOrEmpty -Because 'Import-Csv drops an empty header cell at the end'
            $piped[0].PSObject.Properties['H2'] | Should -BeNullOrEmpty
            @($byFile.ForEach({ "$($_.Status)" })) | Should -Be @($piped.ForEach({ "$($_.Status)" }))
        }
    }

    Context 'results keep their findings through Export-Csv' {
        It 'writes Reasons, Messages and Duplicates as readable text and reads them back' {
            $path = Join-Path $TestDrive 'findings.csv'
            $results = $I1, 'AAAA', $I1, ' QF5HMK7n80qvdYsUPIHa9Q==' | Test-ImmutableId
            $results | Export-Csv -Path $path -NoTypeInformation
            $text = Get-Content -Raw $path
            $text | Should -Not -BeLike '*System.String`[`]*'
            $text | Should -Not -BeLike '*System.Collections*'
            $back = Import-Csv $path
            $back[0].Reasons | Should -Be 'Duplicate'
            $back[0].Duplicates | Should -Be '2'
            $back[3].Reasons | Should -Be 'SurroundingWhiteSpace'
            $back[3].Messages | Should -BeLike "*has white space before or after it*"
            $back[1].Status | Should -Be 'Warning'
            # And the list is still a list while it is an object.
            $results[0].Reasons -contains 'Duplicate' | Should -BeTrue
        }
    }

    Context 'no input' {
        It 'behaves the same with no input, with @() piped and with an empty -InputObject: <name>' -ForEach @(
            @{ name = 'results'; switches = @{} }
            @{ name = '-Quiet'; switches = @{ Quiet = $true } }
            @{ name = '-Summary'; switches = @{ Summary = $true } }
        ) {
            $outcomes = foreach ($run in @({ Test-ImmutableId @switches }, { @() | Test-ImmutableId @switches }, { Test-ImmutableId -InputObject @() @switches })) {
                $all = @(& $run 3>&1)
                $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
                [pscustomobject]@{ Out = ConvertTo-Json -InputObject $out -Compress; Warned = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count -eq 1 }
            }
            $outcomes.Warned | Should -Be @($true, $true, $true)
            ($outcomes.Out | Sort-Object -Unique).Count | Should -Be 1
            if ($switches.Quiet) { & { Test-ImmutableId -Quiet } 3>$null | Should -BeFalse -Because 'a guard must not pass input it never saw' }
            if ($switches.Summary) { (& { Test-ImmutableId -Summary } 3>$null).Total | Should -Be 0 }
        }
    }

    Context '-Quiet, -AllowWarning, -AllowNoAnchor, -ProblemsOnly' {
        It 'is $false when any input was not checked' {
            $inputs = $I1, [pscustomobject]@{ Name = 'printer' }
            $inputs | Test-ImmutableId -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
            ($inputs | Test-ImmutableId -Summary -ErrorAction SilentlyContinue).NotChecked | Should -Be 1
            $errors = @($inputs | Test-ImmutableId -Quiet 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $errors.Count | Should -Be 1 -Because 'the input that was not checked is still reported'
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
        }

        It 'lets Warnings and records without anchor pass only when asked' {
            $I1, 'EMP00123' | Test-ImmutableId -Quiet | Should -BeFalse
            $I1, 'EMP00123' | Test-ImmutableId -Quiet -AllowWarning | Should -BeTrue
            $cloudOnly = [pscustomobject]@{ OnPremisesImmutableId = $null }
            $I1, $cloudOnly | Test-ImmutableId -Quiet | Should -BeFalse
            $I1, $cloudOnly | Test-ImmutableId -Quiet -AllowNoAnchor | Should -BeTrue
        }

        It 'returns only the records that are not Valid with -ProblemsOnly' {
            $results = $I1, 'AAAA', $I2, 'bad!' | Test-ImmutableId -ProblemsOnly
            @($results.ImmutableId) | Should -Be @('AAAA', 'bad!')
            @($results.Index) | Should -Be @(1, 3)
        }
    }

    Context 'the default table' {
        It 'keeps the ImmutableId and the Suggestion whole at 80 columns' {
            $text = 'iGhmiAEBERG7uxI0VniQqw', 'h0vNKxSNR8qzCZHfZPBb9Q==' | Test-ImmutableId -ExpectedGuid '874bcd2b-148d-47ca-b309-91df64f05bf5' |
                Format-Table | Out-String -Width 80
            $text | Should -Match 'K81Lh40UykezCZHfZPBb9Q=='
            $text | Should -Match 'h0vNKxSNR8qzCZHfZPBb9Q=='
            ($text -split "`n" | ForEach-Object { $_.TrimEnd().Length } | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 80
        }
    }
}
