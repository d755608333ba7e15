BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force

    # The shape every per-value error must have.
    function Assert-ValueError($Record, [string] $ErrorId, $Target) {
        $Record | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $Record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,ImmutableId.Commands.*"
        $Record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($null -eq $Target) { $Record.TargetObject | Should -BeNullOrEmpty }
        else { $Record.TargetObject | Should -Be $Target }
        $Record.Exception.Message | Should -Not -BeNullOrEmpty
    }
}

Describe 'Bad input' {
    Context 'ConvertTo-ImmutableId' {
        It 'reports <_.input> (-InputFormat <_.format>) as <_.errorId>' -ForEach $Vectors.badSources {
            $records = @(ConvertTo-ImmutableId -InputObject $_.input -InputFormat $_.format 2>&1)
            $records.Count | Should -Be 1
            Assert-ValueError $records[0] $_.errorId $_.input
            $shown = ($_.input.Trim() -replace "`0", '`0')
            if ($shown) { $records[0].Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($shown.Substring(0, [Math]::Min(20, $shown.Length))))*" }
        }

        It 'reports byte arrays of the wrong length as WrongByteCount' {
            $bytes = [byte[]](1..15)
            $records = @(ConvertTo-ImmutableId -InputObject $bytes 2>&1)
            Assert-ValueError $records[0] 'WrongByteCount' $bytes
            $records[0].Exception.Message | Should -BeLike '*15 bytes*'
        }

        It 'reports null as EmptyValue' {
            $records = @(ConvertTo-ImmutableId -InputObject $null 2>&1)
            $records.Count | Should -Be 1
            Assert-ValueError $records[0] 'EmptyValue' $null
        }

        It 'reports an object with none of the anchor properties as NoAnchorProperty' {
            $thing = [pscustomobject]@{ Name = 'printer01'; Location = 'B2' }
            $records = @($thing | ConvertTo-ImmutableId 2>&1)
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
            $records[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $records[0].TargetObject.Name | Should -Be 'printer01'
        }

        It 'gives N outputs plus errors for N inputs, in input order' {
            $inputs = @(
                [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
                'not a guid'
                $null
                '30475e40-e7ae-4af3-af75-8b143c81daf5'
                ''
                , [byte[]](1..3)
                '874bcd2b148d47cab30991df64f05bf5'
                , ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5').ToByteArray()
            )
            $inputs.Count | Should -Be 8
            $records = @($inputs | ConvertTo-ImmutableId 2>&1)
            $records.Count | Should -Be $inputs.Count
            $records[0] | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            $records[1].FullyQualifiedErrorId | Should -BeLike 'UnrecognizedFormat,*'
            $records[2].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[3] | Should -BeExactly 'QF5HMK7n80qvdYsUPIHa9Q=='
            $records[4].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[5].FullyQualifiedErrorId | Should -BeLike 'WrongByteCount,*'
            $records[6].FullyQualifiedErrorId | Should -BeLike 'AmbiguousHex,*'
            $records[7] | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }

        It 'keeps order within one array argument too' {
            $records = @(ConvertTo-ImmutableId @('874bcd2b-148d-47ca-b309-91df64f05bf5', 'x', '30475e40-e7ae-4af3-af75-8b143c81daf5') 2>&1)
            $records.Count | Should -Be 3
            $records[0] | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            $records[1].TargetObject | Should -Be 'x'
            $records[2] | Should -BeExactly 'QF5HMK7n80qvdYsUPIHa9Q=='
        }

        It 'stops at the first bad value with -ErrorAction Stop' {
            $seen = [System.Collections.Generic.List[object]]::new()
            { '874bcd2b-148d-47ca-b309-91df64f05bf5', 'bad', '30475e40-e7ae-4af3-af75-8b143c81daf5' |
                ConvertTo-ImmutableId -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } | Should -Throw -ErrorId 'UnrecognizedFormat,*'
            $seen.Count | Should -Be 1
        }

        It 'answers many 10 MB strings without holding them all at once' {
            $huge = 'A' * 10MB
            $before = [GC]::GetTotalMemory($true)
            $records = @(, $huge * 60 | ConvertTo-ImmutableId 2>&1)
            $records.Count | Should -Be 60
            $records | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ValueTooLong,*' }
            [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 | Should -BeLessThan 2GB
        }

        It 'answers a 10 MB string with one short error' {
            $huge = 'A' * 10MB
            $records = @(ConvertTo-ImmutableId $huge 2>&1)
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'ValueTooLong,*'
            $records[0].Exception.Message.Length | Should -BeLessThan 300
        }
    }

    Context 'ConvertFrom-ImmutableId' {
        It 'reports <_.input> as <_.errorId>' -ForEach $Vectors.badImmutableIds {
            $records = @(ConvertFrom-ImmutableId -ImmutableId $_.input 2>&1)
            $records.Count | Should -Be 1
            Assert-ValueError $records[0] $_.errorId $_.input
        }

        It 'says a non-GUID anchor is legitimate, not corrupt' {
            $record = @(ConvertFrom-ImmutableId 'AAAA' 2>&1)[0]
            $record.Exception.Message | Should -BeLike '*legitimate*'
            $record.Exception.Message | Should -Not -BeLike '*corrupt*'
        }

        It 'suggests the standard form for URL-safe Base64' {
            $record = @(ConvertFrom-ImmutableId '-_v_AAAAAAAAAAAAAAAAAA==' 2>&1)[0]
            $record.Exception.Message | Should -BeLike '*+/v/AAAAAAAAAAAAAAAAAA==*'
        }

        It 'names the correct ImmutableId when given a GUID or Base64 of GUID text' {
            @(ConvertFrom-ImmutableId '874bcd2b-148d-47ca-b309-91df64f05bf5' 2>&1)[0].Exception.Message | Should -BeLike '*K81Lh40UykezCZHfZPBb9Q==*'
            @(ConvertFrom-ImmutableId 'ODc0YmNkMmItMTQ4ZC00N2NhLWIzMDktOTFkZjY0ZjA1YmY1' 2>&1)[0].Exception.Message | Should -BeLike '*K81Lh40UykezCZHfZPBb9Q==*'
        }

        It 'gives N outputs plus errors for N inputs, in input order, for every -Format' -ForEach @('Guid', 'Hex', 'LdapFilter', 'DistinguishedName', 'Bytes') {
            $records = @('K81Lh40UykezCZHfZPBb9Q==', '', 'AAAA', 'QF5HMK7n80qvdYsUPIHa9Q==', ' ', $null) | ConvertFrom-ImmutableId -Format $_ 2>&1
            $records.Count | Should -Be 6
            $records[0] | Should -Not -BeOfType [System.Management.Automation.ErrorRecord]
            $records[1].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[2].FullyQualifiedErrorId | Should -BeLike 'NotGuidBased,*'
            $records[3] | Should -Not -BeOfType [System.Management.Automation.ErrorRecord]
            $records[4].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[5].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
        }

        It 'keeps order with -Detailed' {
            $records = @('K81Lh40UykezCZHfZPBb9Q==', 'K81Lh40UykezCZHfZPBb9R==', 'AAAA') | ConvertFrom-ImmutableId -Detailed 2>&1
            $records.Count | Should -Be 3
            $records[0].IsGuidBased | Should -BeTrue
            $records[1].FullyQualifiedErrorId | Should -BeLike 'NonCanonicalPadding,*'
            $records[2].IsGuidBased | Should -BeFalse
        }

        It 'stops at the first bad value with -ErrorAction Stop' {
            { 'K81Lh40UykezCZHfZPBb9Q==', 'K81Lh40Uyk!zCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==' | ConvertFrom-ImmutableId -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotBase64Character,*'
        }

        It 'answers a 10 MB string, an embedded NUL and an object without properties without crashing' {
            $records = @(('K' * 10MB), "K81L`0h40UykezCZHfZPBb9Q==", [pscustomobject]@{ Name = 'x' }) | ConvertFrom-ImmutableId 2>&1
            $records.Count | Should -Be 3
            $records | ForEach-Object { $_ | Should -BeOfType [System.Management.Automation.ErrorRecord] }
            $records[0].Exception.Message.Length | Should -BeLessThan 300
        }
    }

    Context 'CloudAnchor cmdlets' {
        It 'refuses a null -ObjectType as a parameter error, not a crash' {
            { 'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType $null } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }

        It 'report null, empty and white space as EmptyValue and go on' {
            $records = @($null, '', '  ', $Vectors.cloudAnchors[0].cloudAnchor) | ConvertFrom-CloudAnchor 2>&1
            $records.Count | Should -Be 4
            $records[0..2] | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*' }
            $records[3] | Should -BeExactly $Vectors.cloudAnchors[0].decoded
        }
    }
}
