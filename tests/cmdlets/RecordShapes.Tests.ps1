# Records of every shape the real cmdlets return are read alike: [pscustomobject] (Get-ADUser
# stand-ins), Invoke-MgGraphRequest hashtables (any key case, case-sensitive dictionaries too),
# Import-Csv rows, .NET objects whose properties come from an adapter (a class with
# properties; a Graph SDK model with an AdditionalProperties dictionary), and properties that
# come from type data or Add-Member. The record reader caches what it learns per schema and
# type names; these tests pin that it still gives what PowerShell's own lookup gives.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    if (-not ('ImmutableIdShapes.MgUserModel' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
namespace ImmutableIdShapes {
    public class SyncBehavior { public bool? IsCloudManaged { get; set; } }
    // As the Graph SDK's MicrosoftGraphUser: typed properties, and what the model lacks in AdditionalProperties.
    public class MgUserModel {
        public string Id { get; set; }
        public string UserPrincipalName { get; set; }
        public string Mail { get; set; }
        public string[] ProxyAddresses { get; set; }
        public string OnPremisesImmutableId { get; set; }
        public bool? OnPremisesSyncEnabled { get; set; }
        public SyncBehavior OnPremisesSyncBehavior { get; set; }
        public IDictionary<string, object> AdditionalProperties { get; set; } = new Dictionary<string, object>();
    }
    public class AdUserModel {
        public string SamAccountName { get; set; }
        public Guid ObjectGUID { get; set; }
        public string UserPrincipalName { get; set; }
        public string DistinguishedName { get; set; }
    }
}
'@
    }
    # The blocked tenant: findings that need every property the cloud schema reads (the
    # anchor, sync, onPremisesObjectIdentifier in AdditionalProperties, IsCloudManaged nested).
    $script:Tenant = New-BlockedTenant
    $script:Fingerprint = { param($Results) @($Results | ForEach-Object { '{0}|{1}|{2}|{3}|{4}' -f $_.Side, $_.Account, $_.Status, (@($_.Findings | Sort-Object) -join ','), $_.Counterpart }) }
    $script:Expected = & $Fingerprint (Compare-ImmutableId @Tenant)
    function ConvertTo-Shape {
        param([object] $User, [string] $Shape)
        switch ($Shape) {
            'Model' {
                $model = [ImmutableIdShapes.MgUserModel]@{ Id = $User.Id; UserPrincipalName = $User.UserPrincipalName; Mail = $User.Mail; ProxyAddresses = @($User.ProxyAddresses)
                    OnPremisesImmutableId = $User.OnPremisesImmutableId; OnPremisesSyncEnabled = $User.OnPremisesSyncEnabled }
                foreach ($key in $User.AdditionalProperties.Keys) { $model.AdditionalProperties[$key] = $User.AdditionalProperties[$key] }
                if ($User.PSObject.Properties['OnPremisesSyncBehavior']) { $model.OnPremisesSyncBehavior = [ImmutableIdShapes.SyncBehavior]@{ IsCloudManaged = $User.OnPremisesSyncBehavior.IsCloudManaged } }
                $model
            }
            'GraphHashtable' {
                # Invoke-MgGraphRequest: camelCase keys, onPremisesObjectIdentifier at the top (beta).
                $h = @{ id = $User.Id; userPrincipalName = $User.UserPrincipalName; mail = $User.Mail; proxyAddresses = @($User.ProxyAddresses)
                    onPremisesImmutableId = $User.OnPremisesImmutableId; onPremisesSyncEnabled = $User.OnPremisesSyncEnabled }
                foreach ($key in $User.AdditionalProperties.Keys) { $h[$key] = $User.AdditionalProperties[$key] }
                if ($User.PSObject.Properties['OnPremisesSyncBehavior']) { $h.onPremisesSyncBehavior = @{ isCloudManaged = $User.OnPremisesSyncBehavior.IsCloudManaged } }
                $h
            }
            'OrdinalDictionary' {
                # A case-sensitive dictionary: every name is found by walking its keys.
                $d = [Collections.Generic.Dictionary[string, object]]::new([StringComparer]::Ordinal)
                $h = ConvertTo-Shape $User 'GraphHashtable'
                foreach ($key in $h.Keys) { $d[$key] = $h[$key] }
                $d
            }
            'TypeData' {
                # UserPrincipalName and Mail from type data (a ScriptProperty and an AliasProperty), the rest as notes.
                $o = [pscustomobject]@{ PSTypeName = 'ImmutableIdShapes.TypedUser'; Id = $User.Id; Upn = $User.UserPrincipalName; EmailAddress = $User.Mail; ProxyAddresses = @($User.ProxyAddresses)
                    OnPremisesImmutableId = $User.OnPremisesImmutableId; OnPremisesSyncEnabled = $User.OnPremisesSyncEnabled; AdditionalProperties = $User.AdditionalProperties }
                if ($User.PSObject.Properties['OnPremisesSyncBehavior']) { $o | Add-Member -NotePropertyName OnPremisesSyncBehavior -NotePropertyValue $User.OnPremisesSyncBehavior }
                $o
            }
            'AddMember' {
                # Mail as an AliasProperty added to the object itself, names in other letter case.
                $o = [pscustomobject]@{ ID = $User.Id; userprincipalname = $User.UserPrincipalName; EmailAddress = $User.Mail; PROXYADDRESSES = @($User.ProxyAddresses)
                    onpremisesimmutableid = $User.OnPremisesImmutableId; OnPremisesSyncEnabled = $User.OnPremisesSyncEnabled; additionalproperties = $User.AdditionalProperties }
                $o | Add-Member -MemberType AliasProperty -Name Mail -Value EmailAddress
                if ($User.PSObject.Properties['OnPremisesSyncBehavior']) { $o | Add-Member -NotePropertyName onPremisesSyncBehavior -NotePropertyValue $User.OnPremisesSyncBehavior }
                $o
            }
        }
    }
    # The getter runs a cmdlet of the module that reads a record, as the outer one is reading.
    Update-TypeData -TypeName 'ImmutableIdShapes.TypedUser' -MemberType ScriptProperty -MemberName UserPrincipalName -Force -Value {
        $null = [pscustomobject]@{ ObjectGUID = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'; Mail = 'x@example.com' } | ConvertTo-ImmutableId
        $this.Upn
    }
    Update-TypeData -TypeName 'ImmutableIdShapes.TypedUser' -MemberType AliasProperty -MemberName Mail -Value EmailAddress -Force
}

AfterAll {
    Remove-TypeData -TypeName 'ImmutableIdShapes.TypedUser' -ErrorAction SilentlyContinue
}

Describe 'records of every shape' {
    It 'compares cloud users given as <_> as it does [pscustomobject]s' -ForEach 'Model', 'GraphHashtable', 'OrdinalDictionary', 'TypeData', 'AddMember' {
        $shape = $_
        $given = $Tenant.Clone()
        $given.Cloud = @($Tenant.Cloud | ForEach-Object { ConvertTo-Shape $_ $shape })
        & $Fingerprint (Compare-ImmutableId @given) | Should -Be $Expected
        $piped = $given.Clone()
        $piped.Remove('OnPremises')
        & $Fingerprint ($given.OnPremises | Compare-ImmutableId @piped) | Should -Be $Expected -Because 'piped records are read the same way'
    }

    It 'reads a property from type data for the records whose type names have it, and not for the others' {
        # A plain [pscustomobject] without Mail is read first: what is learnt about its type
        # names must not hide the type data of the next record's.
        $plain = [pscustomobject]@{ Id = '33333333-3333-3333-3333-333333333333'; UserPrincipalName = 'bob@alwayshotcafe.com' }
        $given = $Tenant.Clone()
        $given.Cloud = @($plain) + @($Tenant.Cloud | ForEach-Object { ConvertTo-Shape $_ 'TypeData' })
        $results = @(Compare-ImmutableId @given)
        & $Fingerprint ($results | Where-Object Account -ne 'bob@alwayshotcafe.com') | Should -Be $Expected
        ($results | Where-Object Account -eq 'bob@alwayshotcafe.com').Status | Should -Be 'CloudOnly'
    }

    It 'reads on-premises users from a .NET class, Import-Csv rows and [pscustomobject]s alike' {
        $alice = $Tenant.OnPremises[0]
        $model = [ImmutableIdShapes.AdUserModel]@{ SamAccountName = $alice.SamAccountName; ObjectGUID = $alice.ObjectGUID; UserPrincipalName = $alice.UserPrincipalName; DistinguishedName = $alice.DistinguishedName }
        $row = [pscustomobject]@{ samaccountname = $alice.SamAccountName; OBJECTGUID = "$($alice.ObjectGUID)"; userPrincipalName = $alice.UserPrincipalName; distinguishedname = $alice.DistinguishedName } |
            ConvertTo-Csv | ConvertFrom-Csv
        foreach ($user in $model, $row) {
            $given = $Tenant.Clone()
            $given.OnPremises = @($user)
            & $Fingerprint (Compare-ImmutableId @given) | Should -Be $Expected
        }
        ($model, $row | ConvertTo-ImmutableId) | Should -Be @((ConvertTo-TestImmutableId $alice.ObjectGUID), (ConvertTo-TestImmutableId $alice.ObjectGUID))
    }
}
