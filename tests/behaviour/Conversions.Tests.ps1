# Conversion rules a new user meets: white space, case-mangled values, hex from Synchronization
# Service Manager, 32 bare hex digits, URL-safe Base64, piped byte arrays, the nil GUID, and a
# cloud object's connector-space DN given where an ImmutableId belongs.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:I1 = 'K81Lh40UykezCZHfZPBb9Q=='
    $script:CloudDn = 'CN={557365725F63373239303365642D373831362D343163642D393036362D656163333364313731643737}'
}

Describe 'Conversion rules' {
    It 'takes an ImmutableId exactly as written, in ConvertFrom-ImmutableId as in Test-ImmutableId' {
        $records = @(" $I1`r`n" | ConvertFrom-ImmutableId 2>&1)
        $records[0].FullyQualifiedErrorId | Should -BeLike 'SurroundingWhiteSpace,*'
        $records[0].Exception.Message | Should -BeLike "*$G1*"
        (" $I1`r`n" | Test-ImmutableId).Reasons | Should -Be 'SurroundingWhiteSpace'
        # A GUID or a DN is not compared as text: white space around it is fine.
        " {$G1} " | ConvertTo-ImmutableId | Should -Be $I1
        ' CN={4B38314C68343055796B657A435A48665A50426239513D3D} ' | ConvertFrom-ImmutableId | Should -Be $G1
    }

    It 'says a lower-cased ImmutableId cannot be repaired, and suggests nothing' {
        $records = @('k81lh40uykezczhfzpbb9q==' | ConvertFrom-ImmutableId 2>&1)
        $records[0].FullyQualifiedErrorId | Should -BeLike 'CaseMangled,*'
        $records[0].Exception.Message | Should -BeLike '*cannot be worked out*'
        $result = 'k81lh40uykezczhfzpbb9q==' | Test-ImmutableId
        $result.Reasons | Should -Be 'CaseMangled'
        $result.Suggestion | Should -BeNullOrEmpty
    }

    It 'reads spaced hex from Synchronization Service Manager as what it is, and names ConvertTo-ImmutableId' {
        $hex = '2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5'
        $records = @($hex | ConvertFrom-ImmutableId 2>&1)
        $records[0].FullyQualifiedErrorId | Should -BeLike 'HexInsteadOfImmutableId,*'
        $message = $records[0].Exception.Message
        foreach ($part in "$G1", $I1, 'ConvertTo-ImmutableId') { $message | Should -BeLike "*$part*" }
        $hex | ConvertTo-ImmutableId | Should -Be $I1
    }

    It 'reads 32 bare hex digits one way in every cmdlet: both readings, no single suggestion, unless the GUID settles it' {
        $hex = '2BCD4B878D14CA47B30991DF64F05BF5'
        $asNForm = 'h0vNKxSNR8qzCZHfZPBb9Q=='
        $result = $hex | Test-ImmutableId
        "$($result.Reasons)" | Should -Be 'AmbiguousHex'
        $result.Suggestion | Should -BeNullOrEmpty
        $result.Guid | Should -BeNullOrEmpty
        "$($result.Messages)" | Should -BeLike "*$asNForm*$I1*"
        foreach ($run in { $hex | ConvertFrom-ImmutableId }, { $hex | ConvertFrom-ImmutableId -Detailed }, { $hex | ConvertTo-ImmutableId }) {
            $records = @(& $run 2>&1)
            $records[0].FullyQualifiedErrorId | Should -BeLike 'AmbiguousHex,*'
            $records[0].Exception.Message | Should -BeLike "*$asNForm*$I1*"
        }
        # The expected GUID settles it: the stored-order hex of this GUID, not a mismatch.
        $settled = $hex | Test-ImmutableId -ExpectedGuid $G1
        "$($settled.Reasons)" | Should -Be 'HexInsteadOfImmutableId'
        $settled.Suggestion | Should -BeExactly $I1
        $settled = $G1.ToString('N') | Test-ImmutableId -ExpectedGuid $G1
        "$($settled.Reasons)" | Should -Be 'GuidInsteadOfImmutableId'
        $settled.Suggestion | Should -BeExactly $I1
        $neither = $hex | Test-ImmutableId -ExpectedGuid ([guid]'30475e40-e7ae-4af3-af75-8b143c81daf5')
        @($neither.Reasons) | Should -Be @('GuidMismatch', 'AmbiguousHex')
        $summary = @($hex, $G1.ToString('N')) | Test-ImmutableId -ExpectedGuid $G1 -Summary
        $summary.Reasons['HexInsteadOfImmutableId'] | Should -Be 1
        $summary.Reasons['GuidInsteadOfImmutableId'] | Should -Be 1
        $summary.Reasons.Contains('AmbiguousHex') | Should -BeFalse
        $hex | ConvertTo-ImmutableId -InputFormat Hex | Should -BeExactly $I1
    }

    It 'calls URL-safe Base64 what it is, with the standard form as the Suggestion' {
        $result = 'K81Lh40UykezCZHfZPBb9Q-_' | Test-ImmutableId
        "$($result.Reasons)" | Should -Be 'UrlSafeAlphabet'
        $result.Suggestion | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q+/'
        $records = @('K81Lh40UykezCZHfZPBb9Q-_' | ConvertFrom-ImmutableId 2>&1)
        $records[0].FullyQualifiedErrorId | Should -BeLike 'UrlSafeAlphabet,*'
        $records[0].Exception.Message | Should -BeLike '*K81Lh40UykezCZHfZPBb9Q+/*'
        ('-81Lh40UykezCZHfZPBb9Q' | Test-ImmutableId).Reasons | Should -Be 'UrlSafeAlphabet'
        ('-81Lh40UykezCZHfZPBb9Q' | Test-ImmutableId).Suggestion | Should -BeExactly '+81Lh40UykezCZHfZPBb9Q=='
        ('emp_1234' | Test-ImmutableId).Reasons | Should -Be 'GraphForbiddenCharacter' -Because 'a plain string with an underscore is not Base64'
    }

    It 'gives one error, not sixteen, for a byte array piped without a comma' {
        $bytes = $G1.ToByteArray()
        $records = @($bytes | ConvertTo-ImmutableId 2>&1)
        $records.Count | Should -Be 1
        $records[0].FullyQualifiedErrorId | Should -BeLike 'UnrolledByteArray,*'
        $records[0].Exception.Message | Should -BeLike '*-ConsistencyGuid*'
        $records[0].Exception.Message | Should -BeLike "*$I1*"
        , $bytes | ConvertTo-ImmutableId | Should -Be $I1
        ConvertTo-ImmutableId -ConsistencyGuid $bytes | Should -Be $I1
        # Bytes between other inputs keep their place.
        $mixed = @($G1) + [object[]]$bytes + @($G1)
        $out = @($mixed | ConvertTo-ImmutableId 2>&1)
        $out.Count | Should -Be 3
        $out[1].FullyQualifiedErrorId | Should -BeLike 'UnrolledByteArray,*'
    }

    It 'warns about the all-zero GUID when converting and checking' {
        $warnings = $null
        [guid]::Empty | ConvertTo-ImmutableId -WarningVariable warnings 3>$null | Should -Be 'AAAAAAAAAAAAAAAAAAAAAA=='
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike '*all-zero GUID*'
        'AAAAAAAAAAAAAAAAAAAAAA==' | ConvertFrom-ImmutableId -WarningVariable warnings 3>$null | Should -Be ([guid]::Empty)
        $warnings.Count | Should -Be 1
        $result = 'AAAAAAAAAAAAAAAAAAAAAA==' | Test-ImmutableId
        ($result.Status, "$($result.Reasons)") | Should -Be @('Warning', 'NilGuid')
    }

    It 'says what a cloud object DN is when ConvertFrom-ImmutableId gets it' {
        foreach ($run in { $CloudDn | ConvertFrom-ImmutableId }, { $CloudDn | ConvertFrom-ImmutableId -Detailed }) {
            $records = @(& $run 2>&1)
            $records[0].FullyQualifiedErrorId | Should -BeLike 'CloudObjectDistinguishedName,*'
            $records[0].Exception.Message | Should -BeLike '*c72903ed-7816-41cd-9066-eac33d171d77*ConvertFrom-CloudAnchor*'
        }
    }
}
