BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'ConvertTo-ImmutableId' {
    Context 'public vectors' {
        It 'converts [guid] <guid> to <immutableId>' -ForEach $Vectors.guids {
            [guid]$guid | ConvertTo-ImmutableId | Should -BeExactly $immutableId
        }

        It 'converts the string <guid> to <immutableId>' -ForEach $Vectors.guids {
            ConvertTo-ImmutableId $guid | Should -BeExactly $immutableId
        }

        It 'never produces the big-endian or text-Base64 encodings' -ForEach ($Vectors.guids | Where-Object { $_.ContainsKey('neverBigEndian') }) {
            $id = [guid]$guid | ConvertTo-ImmutableId
            $id | Should -Not -Be $neverBigEndian
            $id | Should -Not -Be $neverBase64OfText
        }
    }

    Context 'every accepted source form' {
        It 'reads <input> (-InputFormat <format>) as <immutableId>' -ForEach $Vectors.sourceForms {
            ConvertTo-ImmutableId -InputObject $_.input -InputFormat $_.format | Should -BeExactly $immutableId
        }

        It 'reads a 16-byte array as mS-DS-ConsistencyGuid returns it' {
            $bytes = ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5').ToByteArray()
            ConvertTo-ImmutableId -InputObject $bytes | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            , $bytes | ConvertTo-ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }

        It 'converts every element of an array argument, in order' {
            $guids = $Vectors.guids.guid | ForEach-Object { [guid]$_ }
            ConvertTo-ImmutableId $guids | Should -BeExactly $Vectors.guids.immutableId
        }

        It 'drops into Update-MgUser -OnPremisesImmutableId (Get-ADUser ...) as one string' {
            $user = [pscustomobject]@{ ObjectGUID = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5' }
            $id = $user | ConvertTo-ImmutableId
            $id | Should -BeOfType [string]
            $id | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }
    }

    Context 'pipeline binding by property name' {
        BeforeAll {
            # Shaped like Get-ADUser -Properties mS-DS-ConsistencyGuid output.
            function New-ADUserLike([guid] $ObjectGuid, $ConsistencyGuid) {
                [pscustomobject]@{
                    DistinguishedName       = 'CN=Alice,OU=Users,DC=contoso,DC=com'
                    Enabled                 = $true
                    Name                    = 'Alice'
                    ObjectClass             = 'user'
                    ObjectGUID              = $ObjectGuid
                    SamAccountName          = 'alice'
                    UserPrincipalName       = 'alice@contoso.com'
                    'mS-DS-ConsistencyGuid' = $ConsistencyGuid
                }
            }
            $objectGuid = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
            $movedGuid = [guid]'30475e40-e7ae-4af3-af75-8b143c81daf5'
        }

        It 'uses ObjectGUID when mS-DS-ConsistencyGuid is not set' {
            New-ADUserLike $objectGuid $null | ConvertTo-ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }

        It 'uses ObjectGUID when mS-DS-ConsistencyGuid is an empty array' {
            New-ADUserLike $objectGuid ([byte[]]@()) | ConvertTo-ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }

        It 'prefers a set mS-DS-ConsistencyGuid (after a cross-forest move the two differ)' {
            New-ADUserLike $objectGuid $movedGuid.ToByteArray() | ConvertTo-ImmutableId | Should -BeExactly 'QF5HMK7n80qvdYsUPIHa9Q=='
        }

        It 'binds a Guid property (Import-Csv with a Guid column)' {
            $rows = "Guid,UserPrincipalName`n874bcd2b-148d-47ca-b309-91df64f05bf5,alice@contoso.com" | ConvertFrom-Csv
            $rows | ConvertTo-ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }

        It 'binds Import-Csv rows with ObjectGUID and an empty mS-DS-ConsistencyGuid column' {
            $csv = @(
                'UserPrincipalName,ObjectGUID,mS-DS-ConsistencyGuid'
                'alice@contoso.com,874bcd2b-148d-47ca-b309-91df64f05bf5,'
                'bob@contoso.com,874bcd2b-148d-47ca-b309-91df64f05bf5,30475e40-e7ae-4af3-af75-8b143c81daf5'
            )
            $csv | ConvertFrom-Csv | ConvertTo-ImmutableId | Should -BeExactly @('K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==')
        }

        It 'reads an mS-DS-ConsistencyGuid column by the rule Compare-ImmutableId and Test-ImmutableId read it with' {
            $csv = @(
                'SamAccountName,ObjectGUID,mS-DS-ConsistencyGuid'
                'alice,30475e40-e7ae-4af3-af75-8b143c81daf5,K81Lh40UykezCZHfZPBb9Q=='
                'bob,874bcd2b-148d-47ca-b309-91df64f05bf5,405E4730AEE7F34AAF758B143C81DAF5'
            )
            $rows = $csv | ConvertFrom-Csv
            $rows | ConvertTo-ImmutableId | Should -BeExactly @('K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==')
            $compared = Compare-ImmutableId -OnPremises $rows -Cloud @() 3>$null
            @($compared.Anchor) | Should -BeExactly @('K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==')
        }

        It 'explains System.Byte[], the text Export-Csv writes for a byte array' {
            $rows = "SamAccountName,ObjectGUID,mS-DS-ConsistencyGuid`nalice,874bcd2b-148d-47ca-b309-91df64f05bf5,System.Byte[]" | ConvertFrom-Csv
            $records = @($rows | ConvertTo-ImmutableId 2>&1)
            $records.Count | Should -Be 1
            $records[0].FullyQualifiedErrorId | Should -BeLike 'FlattenedByteArray,*'
            $records[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $records[0].TargetObject | Should -Be $rows
            $records[0].Exception.Message | Should -BeLike "mS-DS-ConsistencyGuid: 'System.Byte``[``]'*Export-Csv*"
        }

        It 'shows -Detailed at 80 columns with the ImmutableId whole and every header on one line' {
            $users = @((New-ADUserLike $objectGuid $null), (New-ADUserLike $objectGuid $movedGuid.ToByteArray()))
            $lines = @(($users | ConvertTo-ImmutableId -Detailed | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
            $lines.Count | Should -Be 4 -Because 'a header, its underline and two rows: nothing wraps'
            $lines[0] | Should -Match '^SamAccountName\s+Source\s+ImmutableId\s+Guid$'
            $lines[2] | Should -Match '\bK81Lh40UykezCZHfZPBb9Q==\s'
            $lines[3] | Should -Match '\bmS-DS-ConsistencyGuid QF5HMK7n80qvdYsUPIHa9Q==\s'
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
            $wide = ($users | ConvertTo-ImmutableId -Detailed | Out-String -Width 120)
            $wide | Should -Match "QF5HMK7n80qvdYsUPIHa9Q== $movedGuid" -Because 'wide enough, the GUID shows whole too'
        }

        It 'reads the same properties from objects in an array argument' {
            $users = @((New-ADUserLike $objectGuid $null), (New-ADUserLike $objectGuid $movedGuid.ToByteArray()))
            ConvertTo-ImmutableId $users | Should -BeExactly @('K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==')
        }
    }
}
