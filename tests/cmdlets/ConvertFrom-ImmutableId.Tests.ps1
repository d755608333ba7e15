BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'ConvertFrom-ImmutableId' {
    Context 'public vectors' {
        It 'returns [guid] <guid> for <immutableId>' -ForEach $Vectors.guids {
            $result = $immutableId | ConvertFrom-ImmutableId
            $result | Should -BeOfType [guid]
            $result | Should -Be ([guid]$guid)
        }

        It 'reads the connector-space DN of <immutableId>' -ForEach ($Vectors.guids | Where-Object { $_.ContainsKey('distinguishedName') }) {
            $distinguishedName | ConvertFrom-ImmutableId | Should -Be ([guid]$guid)
            $immutableId | ConvertFrom-ImmutableId -Format DistinguishedName | Should -BeExactly $distinguishedName
        }

        It 'renders -Format Hex, LdapFilter and Bytes for <guid>' -ForEach ($Vectors.guids | Where-Object { $_.ContainsKey('hex') }) {
            $immutableId | ConvertFrom-ImmutableId -Format Hex | Should -BeExactly $hex
            $immutableId | ConvertFrom-ImmutableId -Format LdapFilter | Should -BeExactly $ldapFilter
            $immutableId | ConvertFrom-ImmutableId -Format Guid | Should -Be ([guid]$guid)
            $bytes = $immutableId | ConvertFrom-ImmutableId -Format Bytes
            , $bytes | Should -BeOfType [byte[]]
            $bytes.Length | Should -Be 16
            [Convert]::ToBase64String($bytes) | Should -BeExactly $immutableId
        }

        It 'gives an LDAP filter that round-trips through ConvertTo-ImmutableId' {
            $filter = 'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId -Format LdapFilter
            "(objectGUID=$filter)" | ConvertTo-ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
        }
    }

    Context '-Detailed' {
        It 'returns every form of a GUID-based value' {
            $info = 'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId -Detailed
            $info.Input | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            $info.ImmutableId | Should -BeExactly 'K81Lh40UykezCZHfZPBb9Q=='
            $info.IsGuidBased | Should -BeTrue
            $info.Guid | Should -Be ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
            $info.Hex | Should -BeExactly '2BCD4B878D14CA47B30991DF64F05BF5'
            $info.DistinguishedName | Should -BeExactly 'CN={4B38314C68343055796B657A435A48665A50426239513D3D}'
            $info.ByteCount | Should -Be 16
        }

        It 'describes a non-GUID anchor instead of failing' {
            $info = 'AAAA' | ConvertFrom-ImmutableId -Detailed
            $info.IsGuidBased | Should -BeFalse
            $info.Guid | Should -BeNullOrEmpty
            $info.ByteCount | Should -Be 3
            $info.DistinguishedName | Should -BeExactly 'CN={41414141}'
        }
    }

    Context 'pipeline binding by property name' {
        It 'binds OnPremisesImmutableId (Get-MgUser output)' {
            $users = @(
                [pscustomobject]@{ Id = 'c72903ed-7816-41cd-9066-eac33d171d77'; UserPrincipalName = 'alice@contoso.com'; OnPremisesImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }
                [pscustomobject]@{ Id = '00000000-7816-41cd-9066-eac33d171d77'; UserPrincipalName = 'bob@contoso.com'; OnPremisesImmutableId = 'QF5HMK7n80qvdYsUPIHa9Q==' }
            )
            $users | ConvertFrom-ImmutableId | Should -Be @([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5', [guid]'30475e40-e7ae-4af3-af75-8b143c81daf5')
        }

        It 'binds an ImmutableId column (Import-Csv output)' {
            $rows = "UserPrincipalName,ImmutableId`nalice@contoso.com,K81Lh40UykezCZHfZPBb9Q==" | ConvertFrom-Csv
            $rows | ConvertFrom-ImmutableId | Should -Be ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
        }

        It 'reports a cloud-only user (OnPremisesImmutableId null) as one error and goes on' {
            $users = @(
                [pscustomobject]@{ UserPrincipalName = 'cloud@contoso.com'; OnPremisesImmutableId = $null }
                [pscustomobject]@{ UserPrincipalName = 'alice@contoso.com'; OnPremisesImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }
            )
            $records = $users | ConvertFrom-ImmutableId 2>&1
            $records.Count | Should -Be 2
            $records[0] | Should -BeOfType [System.Management.Automation.ErrorRecord]
            $records[0].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            $records[1] | Should -Be ([guid]'874bcd2b-148d-47ca-b309-91df64f05bf5')
        }
    }
}
