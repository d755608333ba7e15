# Records as admins' pipelines make them: Get-ADUser and Get-MgUser objects, hashtables from
# Invoke-MgGraphRequest and ConvertFrom-Json -AsHashtable, Import-Csv rows. The same rules for
# all: property names ignore case, a set mS-DS-ConsistencyGuid wins over objectGUID, errors
# target the record and name the property the value came from.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:I1 = 'K81Lh40UykezCZHfZPBb9Q=='
    $script:G2 = [guid]'30475e40-e7ae-4af3-af75-8b143c81daf5'
    $script:I2 = 'QF5HMK7n80qvdYsUPIHa9Q=='

    # Shaped like Get-ADUser -Properties mS-DS-ConsistencyGuid output.
    function New-ADUserLike([string] $Sam, [guid] $ObjectGuid, $ConsistencyGuid) {
        [pscustomobject]@{
            DistinguishedName       = "CN=$Sam,OU=Users,DC=contoso,DC=com"
            Enabled                 = $true
            Name                    = $Sam
            ObjectClass             = 'user'
            ObjectGUID              = $ObjectGuid
            SamAccountName          = $Sam
            UserPrincipalName       = "$Sam@contoso.com"
            'mS-DS-ConsistencyGuid' = $ConsistencyGuid
        }
    }
}

Describe 'Records' {
    Context 'hashtables and dictionaries are records' {
        It 'reads <name> with keys in any case' -ForEach @(
            @{ name = 'a Hashtable (Invoke-MgGraphRequest)'; make = { @{ onPremisesImmutableId = $I1; userPrincipalName = 'a@contoso.com'; id = 'c72903ed-7816-41cd-9066-eac33d171d77' } } }
            # PowerShell 7 only: Windows PowerShell 5.1's ConvertFrom-Json has no -AsHashtable.
            if ($PSVersionTable.PSEdition -eq 'Core') { @{ name = 'an OrderedHashtable (ConvertFrom-Json -AsHashtable)'; make = { '{"onpremisesimmutableid":"K81Lh40UykezCZHfZPBb9Q==","userPrincipalName":"a@contoso.com"}' | ConvertFrom-Json -AsHashtable } } }
            @{ name = 'a case-sensitive Dictionary'; make = { $d = [Collections.Generic.Dictionary[string, object]]::new(); $d['OnPremisesImmutableID'] = $I1; , $d } }
        ) {
            $record = & $make
            $record | ConvertFrom-ImmutableId | Should -Be $G1
            $result = $record | Test-ImmutableId
            $result.Status | Should -Be 'Valid'
            $result.ImmutableId | Should -Be $I1
        }

        It 'converts AD-shaped hashtables, ConsistencyGuid first' {
            @{ objectguid = $G1; 'ms-ds-consistencyguid' = $G2.ToByteArray() } | ConvertTo-ImmutableId | Should -Be $I2
            @{ ObjectGUID = $G1 } | ConvertTo-ImmutableId | Should -Be $I1
        }

        It 'never turns a hashtable into text' {
            $records = @{ Name = 'no anchor here' } | ConvertFrom-ImmutableId 2>&1
            $records.FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
            $records.Exception.Message | Should -Not -BeLike '*Hashtable*'
            ($records.TargetObject)['Name'] | Should -Be 'no anchor here'
        }
    }

    Context 'mS-DS-ConsistencyGuid wins when set, in every cmdlet' {
        It 'Test-ImmutableId checks against a set ConsistencyGuid (<kind>), not the objectGUID' -ForEach @(
            @{ kind = 'byte[]'; value = { , $G2.ToByteArray() } }
            @{ kind = 'numbers (a byte[] back from JSON)'; value = { , ($G2.ToByteArray() | ConvertTo-Json | ConvertFrom-Json) } }
            @{ kind = '[guid]'; value = { $G2 } }
            @{ kind = 'GUID text'; value = { $G2.ToString() } }
            @{ kind = 'hex'; value = { [BitConverter]::ToString($G2.ToByteArray()) } }
            @{ kind = 'Base64'; value = { $I2 } }
        ) {
            $user = New-ADUserLike 'bob' $G1 (& $value)
            $user | Add-Member -NotePropertyName ImmutableId -NotePropertyValue $I2
            $result = $user | Test-ImmutableId
            $result.Status | Should -Be 'Valid'
            $result.ExpectedGuid | Should -Be $G2
            $result.ExpectedGuidSource | Should -Be 'mS-DS-ConsistencyGuid'
            # The objectGUID's ImmutableId is now the wrong one, and is called so.
            $user.ImmutableId = $I1
            $wrong = $user | Test-ImmutableId
            $wrong.Reasons | Should -Be 'GuidMismatch'
            $wrong.Suggestion | Should -Be $I2
            $wrong.Messages | Should -BeLike '*mS-DS-ConsistencyGuid*'
        }

        It 'Test-ImmutableId falls back to the objectGUID when the ConsistencyGuid is empty' {
            $user = New-ADUserLike 'carol' $G1 ([byte[]]@())
            $user | Add-Member -NotePropertyName ImmutableId -NotePropertyValue $I1
            ($user | Test-ImmutableId).ExpectedGuidSource | Should -Be 'ObjectGUID'
        }

        It 'reads the ConsistencyGuid column of a CSV as GUID text, hex or Base64' {
            $g3, $i3 = [guid]'8755d4a8-0aa5-45c1-ab7e-880eeaeebc14', 'qNRVh6UKwUWrfogO6u68FA=='
            $i4 = 'iGhmiAEBERG7uxI0VniQqw=='
            $g5, $i5 = [guid]'00112233-4455-6677-8899-aabbccddeeff', 'MyIRAFVEd2aImaq7zN3u/w=='
            $path = Join-Path $TestDrive 'cg.csv'
            @(
                'UserPrincipalName,ObjectGUID,mS-DS-ConsistencyGuid,ImmutableId'
                "a@contoso.com,$G1,$G2,$I2"
                "b@contoso.com,$G1,$([BitConverter]::ToString($g3.ToByteArray())),$i3"
                "c@contoso.com,$G1,$i4,$I1"
                "d@contoso.com,$g5,,$i5"
            ) | Set-Content $path
            $results = Test-ImmutableId -Path $path
            @($results.ForEach({ "$($_.Status)" })) | Should -Be @('Valid', 'Valid', 'Invalid', 'Valid')
            @($results.ExpectedGuidSource) | Should -Be @('mS-DS-ConsistencyGuid', 'mS-DS-ConsistencyGuid', 'mS-DS-ConsistencyGuid', 'ObjectGUID')
            $results[2].Reasons | Should -Be 'GuidMismatch'
            $results[2].Suggestion | Should -Be $i4
            # Import-Csv rows, piped, are judged alike.
            $piped = Import-Csv $path | Test-ImmutableId
            @($piped.ForEach({ "$($_.Status)" })) | Should -Be @('Valid', 'Valid', 'Invalid', 'Valid')
        }
    }

    Context 'errors target the record and name the property' {
        It 'a bad mS-DS-ConsistencyGuid on a Get-ADUser object' {
            $user = New-ADUserLike 'dave' $G1 ([byte[]](1, 2, 3))
            $records = @($user | ConvertTo-ImmutableId 2>&1)
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'WrongByteCount,*'
            $records[0].TargetObject.SamAccountName | Should -Be 'dave'
            $records[0].Exception.Message | Should -BeLike 'mS-DS-ConsistencyGuid: *'
        }

        It 'a cloud-only account from Get-MgUser -All is said to be one, not a broken value' {
            $users = @(
                [pscustomobject]@{ UserPrincipalName = 'cloud@contoso.com'; Id = 'c72903ed-7816-41cd-9066-eac33d171d77'; OnPremisesImmutableId = $null }
                [pscustomobject]@{ UserPrincipalName = 'bad@contoso.com'; Id = '00000000-7816-41cd-9066-eac33d171d77'; OnPremisesImmutableId = ' K81Lh40UykezCZHfZPBb9Q==' }
            )
            $records = @($users | ConvertFrom-ImmutableId 2>&1)
            $records[0].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[0].Exception.Message | Should -BeLike '*OnPremisesImmutableId*cloud-only*'
            $records[0].TargetObject.UserPrincipalName | Should -Be 'cloud@contoso.com'
            $records[1].FullyQualifiedErrorId | Should -BeLike 'SurroundingWhiteSpace,*'
            $records[1].Exception.Message | Should -BeLike 'OnPremisesImmutableId: *'
            $summary = $users | Test-ImmutableId -Summary
            ($summary.NoAnchor, $summary.Invalid) | Should -Be @(1, 1)
        }
    }

    Context '-Detailed pairs every output with its record' {
        It 'ConvertTo-ImmutableId -Detailed carries the identity, the source property, the GUID and the ImmutableId' {
            $users = @((New-ADUserLike 'alice' $G1 $null), (New-ADUserLike 'bob' $G1 $G2.ToByteArray()), (New-ADUserLike 'erin' $G1 ([byte[]](1))))
            $records = @($users | ConvertTo-ImmutableId -Detailed 2>&1)
            $records.Count | Should -Be 3
            $records[0] | Should -BeOfType [ImmutableId.Model.ImmutableIdConversion]
            ($records[0].SamAccountName, $records[0].UserPrincipalName, $records[0].Source, $records[0].Guid, $records[0].ImmutableId) |
                Should -Be @('alice', 'alice@contoso.com', 'ObjectGUID', $G1, $I1)
            $records[0].DistinguishedName | Should -Be 'CN=alice,OU=Users,DC=contoso,DC=com'
            ($records[1].Source, $records[1].Guid, $records[1].ImmutableId) | Should -Be @('mS-DS-ConsistencyGuid', $G2, $I2)
            $records[2].TargetObject.SamAccountName | Should -Be 'erin'
            # Every identity field of the core's schema has a property to land in.
            $core = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly.GetType('ImmutableId.Native.CoreLibrary', $true)
            $schemaType = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly.GetType('ImmutableId.Native.IidSchema', $true)
            $schema = $core.GetMethod('Schema', [Reflection.BindingFlags]'NonPublic, Static').Invoke($null, @([Enum]::Parse($schemaType, 'ConvertTo')))
            $identity = $schema.Fields | Where-Object { "$($_.Role)" -eq 'Identity' } | ForEach-Object Name
            $identity | Should -Not -BeNullOrEmpty
            foreach ($name in $identity) { $records[0].PSObject.Properties[$name] | Should -Not -BeNullOrEmpty -Because $name }
        }

        It 'ConvertFrom-ImmutableId -Detailed carries the Get-MgUser identity and the source property' {
            $user = [pscustomobject]@{ Id = 'c72903ed-7816-41cd-9066-eac33d171d77'; UserPrincipalName = 'alice@contoso.com'; OnPremisesImmutableId = $I1 }
            $info = $user | ConvertFrom-ImmutableId -Detailed
            ($info.UserPrincipalName, $info.Id, $info.Source, $info.Guid) | Should -Be @('alice@contoso.com', 'c72903ed-7816-41cd-9066-eac33d171d77', 'OnPremisesImmutableId', $G1)
        }
    }

    Context 'pairing arrays' {
        It '-ObjectGuid and -ConsistencyGuid pair element by element' {
            $ids = ConvertTo-ImmutableId -ObjectGuid @($G1, $G1, $G2) -ConsistencyGuid @($null, $G2.ToByteArray(), $null)
            $ids | Should -Be @($I1, $I2, $I2)
            ConvertTo-ImmutableId -ObjectGuid @($G1, $G2) | Should -Be @($I1, $I2)
            { ConvertTo-ImmutableId -ObjectGuid @($G1, $G2) -ConsistencyGuid @($null) } | Should -Throw -ErrorId 'ArgumentCountMismatch,*'
            ConvertTo-ImmutableId -ConsistencyGuid $G2.ToByteArray() | Should -Be $I2 -Because 'a byte array is one value'
        }

        It 'Test-ImmutableId gives the same answer whether the values are piped or given as an array' {
            $verdicts = { param($r) @($r.ForEach({ "$($_.Status):$($_.Reasons):$($_.ExpectedGuid)" })) }
            # One -ExpectedGuid applies to every value.
            $piped = $I1, $I2 | Test-ImmutableId -ExpectedGuid $G1
            $given = Test-ImmutableId -ImmutableId @($I1, $I2) -ExpectedGuid $G1
            $listOfOne = Test-ImmutableId -ImmutableId @($I1, $I2) -ExpectedGuid @($G1)
            (& $verdicts $piped) | Should -Be @("Valid::$G1", "Invalid:GuidMismatch:$G1")
            (& $verdicts $given) | Should -Be (& $verdicts $piped)
            (& $verdicts $listOfOne) | Should -Be (& $verdicts $piped)
            # Several pair with the values element by element, either way.
            $given = Test-ImmutableId -ImmutableId @($I1, $I2) -ExpectedGuid @($G1, $G2)
            $piped = $I1, $I2 | Test-ImmutableId -ExpectedGuid @($G1, $G2)
            (& $verdicts $given) | Should -Be @("Valid::$G1", "Valid::$G2")
            (& $verdicts $piped) | Should -Be (& $verdicts $given)
            # A count that pairs with neither is refused, either way.
            { Test-ImmutableId -ImmutableId @($I1) -ExpectedGuid @($G1, $G2) } | Should -Throw -ErrorId 'ExpectedGuidCountMismatch,*'
            { $I1 | Test-ImmutableId -ExpectedGuid @($G1, $G2) } | Should -Throw -ErrorId 'ExpectedGuidCountMismatch,*'
            { $I1, $I2, $I1 | Test-ImmutableId -ExpectedGuid @($G1, $G2) } | Should -Throw -ErrorId 'ExpectedGuidCountMismatch,*'
            { Test-ImmutableId -ImmutableId @($I1, $I2, $I1) -ExpectedGuid @($G1, $G2) } | Should -Throw -ErrorId 'ExpectedGuidCountMismatch,*'
            @() | Test-ImmutableId -ExpectedGuid @($G1, $G2) 3>$null | Should -BeNullOrEmpty -Because 'no value at all is a warning, not a count to refuse'
        }

        It 'Test-ImmutableId takes a byte array as one expected GUID' {
            (Test-ImmutableId $I1 -ExpectedGuid $G1.ToByteArray()).Status | Should -Be 'Valid' -Because 'a byte array is one expected GUID'
        }

        It 'an expected GUID that is not a GUID is a finding, never silence' {
            foreach ($bad in 'alice@contoso.com', '874bcd2b-148d-47ca-b309-91df64f05bf', 'System.Byte[]') {
                $result = Test-ImmutableId $I1 -ExpectedGuid $bad
                $result.Status | Should -Be 'Invalid'
                $result.Reasons | Should -Be 'ExpectedGuidUnreadable'
                $result.Messages | Should -BeLike "*ExpectedGuid*"
            }
        }
    }
}
