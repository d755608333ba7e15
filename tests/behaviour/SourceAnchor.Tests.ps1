# -SourceAnchor, the tenant's sourceAnchor, in every cmdlet that reads on-premises anchors:
# ConvertTo-ImmutableId, Test-ImmutableId, Compare-ImmutableId and New-HardMatchPlan, from
# objects, hashtables and CSV files. ConsistencyGuid (the default) is mS-DS-ConsistencyGuid when
# set, else objectGUID; ObjectGUID ignores mS-DS-ConsistencyGuid; any other LDAP attribute name is
# read as it is (its string), or as the Base64 of its bytes. Every anchor here is computed with
# .NET, never copied from the module.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:I1 = [Convert]::ToBase64String($G1.ToByteArray())
    # A stray mS-DS-ConsistencyGuid: set, and not the objectGUID.
    $script:Stray = [guid]'30475e40-e7ae-4af3-af75-8b143c81daf5'
    $script:StrayId = [Convert]::ToBase64String($Stray.ToByteArray())
    $script:Binary = [byte[]](0xde, 0xad, 0xbe, 0xef, 0x01)
    $script:BinaryId = [Convert]::ToBase64String($Binary)

    # Get-ADUser -Properties mS-DS-ConsistencyGuid, employeeID, msDS-SourceAnchor, as objects.
    function New-AnchoredUser([string] $Sam, $EmployeeId, $SourceAnchor, [switch] $NoConsistencyGuid) {
        $user = [ordered]@{
            SamAccountName    = $Sam
            ObjectGUID        = $G1
            UserPrincipalName = "$Sam@alwayshotcafe.com"
            DistinguishedName = "CN=$Sam,OU=Staff,DC=alwayshotcafe,DC=com"
            # Exchange's attributes, none set: no mailbox on-premises (the mailbox check is made).
            proxyAddresses    = [string[]]@()
            msExchRecipientTypeDetails = $null
        }
        if (-not $NoConsistencyGuid) { $user['mS-DS-ConsistencyGuid'] = $Stray.ToByteArray() }
        if ($PSBoundParameters.ContainsKey('EmployeeId')) { $user['employeeID'] = $EmployeeId }
        if ($PSBoundParameters.ContainsKey('SourceAnchor')) { $user['msDS-SourceAnchor'] = $SourceAnchor }
        [pscustomobject]$user
    }

    # The objects a CSV export of them gives back, through Import-Csv.
    function ConvertTo-CsvRows($Objects, [string] $Path) {
        $Objects | Select-Object SamAccountName, UserPrincipalName, DistinguishedName,
            @{ n = 'ObjectGUID'; e = { "$($_.ObjectGUID)" } },
            @{ n = 'mS-DS-ConsistencyGuid'; e = { if ($_.'mS-DS-ConsistencyGuid') { "$([guid][byte[]]$_.'mS-DS-ConsistencyGuid')" } } },
            @{ n = 'EmployeeID'; e = { $_.employeeID } } |
            Export-Csv -LiteralPath $Path -NoTypeInformation
        Import-Csv -LiteralPath $Path
    }
}

Describe '-SourceAnchor' {
    Context 'the parameter' {
        It 'is on <_>, completes the two GUID choices and takes any attribute name' -ForEach @('ConvertTo-ImmutableId', 'Test-ImmutableId', 'Compare-ImmutableId', 'New-HardMatchPlan') {
            $command = Get-Command $_
            $command.Parameters.Keys | Should -Contain 'SourceAnchor'
            $line = "$_ -SourceAnchor "
            $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
            $completions | Should -Be @('ConsistencyGuid', 'ObjectGUID')
            $line = "$_ -SourceAnchor obj"
            @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) | Should -Be @('ObjectGUID')
        }

        It 'refuses <name> with InvalidSourceAnchor before reading any input' -ForEach @(
            @{ name = 'an empty name'; value = '' }
            @{ name = 'a name with a space'; value = 'employee ID' }
            @{ name = 'an underscore'; value = 'employee_id' }
            @{ name = 'a leading digit'; value = '1x' }
        ) {
            $value = $value
            foreach ($call in @(
                    { New-AnchoredUser 'alice' | ConvertTo-ImmutableId -SourceAnchor $value }
                    { $I1 | Test-ImmutableId -SourceAnchor $value }
                    { Compare-ImmutableId -OnPremises (New-AnchoredUser 'alice') -SourceAnchor $value }
                    { New-HardMatchPlan -OnPremises (New-AnchoredUser 'alice') -SourceAnchor $value })) {
                $thrown = $null
                try { & $call } catch { $thrown = $_ }
                $thrown | Should -Not -BeNullOrEmpty -Because "$call"
                $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidSourceAnchor,*'
                $thrown.Exception.Message | Should -BeLike '*ConsistencyGuid, ObjectGUID*'
            }
        }
    }

    Context 'ConvertTo-ImmutableId' {
        It 'ignores a stray mS-DS-ConsistencyGuid with ObjectGUID, from objects, hashtables and CSV rows' {
            $user = New-AnchoredUser 'alice'
            $user | ConvertTo-ImmutableId | Should -Be $StrayId -Because 'the default reads mS-DS-ConsistencyGuid when set'
            $user | ConvertTo-ImmutableId -SourceAnchor ObjectGUID | Should -Be $I1
            @{ objectguid = $G1; 'ms-ds-consistencyguid' = $Stray.ToByteArray() } | ConvertTo-ImmutableId -SourceAnchor objectguid | Should -Be $I1
            $rows = ConvertTo-CsvRows @($user) (Join-Path $TestDrive 'convert.csv')
            $rows | ConvertTo-ImmutableId -SourceAnchor ObjectGUID | Should -Be $I1
            ($user | ConvertTo-ImmutableId -SourceAnchor ObjectGUID -Detailed).Source | Should -Be 'ObjectGUID'
        }

        It 'gives an employeeID anchor as it is, and says where it came from' {
            $user = New-AnchoredUser 'alice' -EmployeeId 'E1234'
            $user | ConvertTo-ImmutableId -SourceAnchor employeeID | Should -Be 'E1234'
            @{ EMPLOYEEID = 'E1234' } | ConvertTo-ImmutableId -SourceAnchor employeeID | Should -Be 'E1234'
            $rows = ConvertTo-CsvRows @($user) (Join-Path $TestDrive 'employee.csv')
            $rows | ConvertTo-ImmutableId -SourceAnchor employeeID | Should -Be 'E1234'
            $detailed = $user | ConvertTo-ImmutableId -SourceAnchor employeeID -Detailed
            ($detailed.Source, $detailed.ImmutableId, $detailed.SamAccountName) | Should -Be @('employeeID', 'E1234', 'alice')
            $detailed.Guid | Should -BeNullOrEmpty -Because 'the anchor is not GUID-based'
        }

        It 'gives the Base64 of a binary attribute, and a [guid] or 16 bytes as a GUID''s ImmutableId' {
            New-AnchoredUser 'alice' -SourceAnchor $Binary | ConvertTo-ImmutableId -SourceAnchor msDS-SourceAnchor | Should -Be $BinaryId
            New-AnchoredUser 'alice' -SourceAnchor $G1.ToByteArray() | ConvertTo-ImmutableId -SourceAnchor msDS-SourceAnchor | Should -Be $I1
            $guidBased = New-AnchoredUser 'alice' -SourceAnchor $G1 | ConvertTo-ImmutableId -SourceAnchor msDS-SourceAnchor -Detailed
            ($guidBased.ImmutableId, $guidBased.Guid) | Should -Be @($I1, $G1)
        }

        It 'says an empty attribute gives no anchor, and a missing one must be read; values given themselves stay GUIDs' {
            $out = Invoke-Collect { New-AnchoredUser 'bob' -EmployeeId '' | ConvertTo-ImmutableId -SourceAnchor employeeID -ErrorAction Continue }
            $out.Count | Should -Be 1
            $out[0].FullyQualifiedErrorId | Should -BeLike 'EmptyValue,*'
            "$($out[0])" | Should -BeLike "*employeeID is empty*(-SourceAnchor employeeID)*"
            $out = Invoke-Collect { New-AnchoredUser 'carol' | ConvertTo-ImmutableId -SourceAnchor employeeID -ErrorAction Continue }
            $out[0].FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
            "$($out[0])" | Should -BeLike '*Get-ADUser -Properties employeeID*'
            $G1 | ConvertTo-ImmutableId -SourceAnchor employeeID | Should -Be $I1
            "$G1" | ConvertTo-ImmutableId -SourceAnchor employeeID | Should -Be $I1
        }

        It 'refuses an attribute value Graph would refuse, naming the attribute' {
            $out = Invoke-Collect { New-AnchoredUser 'dave' -EmployeeId 'emp_1' | ConvertTo-ImmutableId -SourceAnchor employeeID -ErrorAction Continue }
            $out[0].FullyQualifiedErrorId | Should -BeLike 'GraphForbiddenCharacter,*'
            "$($out[0])" | Should -BeLike 'employeeID: *'
        }
    }

    Context 'Test-ImmutableId' {
        It 'expects the objectGUID with ObjectGUID, from objects, hashtables and CSV files' {
            $record = [pscustomobject]@{ OnPremisesImmutableId = $I1; ObjectGUID = $G1; 'mS-DS-ConsistencyGuid' = $Stray.ToByteArray() }
            $default = $record | Test-ImmutableId
            ("$($default.Status)", "$($default.Reasons)") | Should -Be @('Invalid', 'GuidMismatch')
            $result = $record | Test-ImmutableId -SourceAnchor ObjectGUID
            ("$($result.Status)", $result.ExpectedGuid, $result.ExpectedGuidSource) | Should -Be @('Valid', $G1, 'ObjectGUID')
            $hashtable = @{ onpremisesimmutableid = $I1; objectguid = "$G1"; 'ms-ds-consistencyguid' = "$Stray" }
            (Test-ImmutableId -InputObject $hashtable -SourceAnchor ObjectGUID).Status | Should -Be 'Valid'
            $file = Join-Path $TestDrive 'objectguid.csv'
            [pscustomobject]@{ ImmutableId = $I1; ObjectGUID = "$G1"; 'mS-DS-ConsistencyGuid' = "$Stray" } | Export-Csv -LiteralPath $file -NoTypeInformation
            (Test-ImmutableId -LiteralPath $file).Status | Should -Be 'Invalid'
            (Test-ImmutableId -LiteralPath $file -SourceAnchor ObjectGUID).Status | Should -Be 'Valid'
            Test-ImmutableId -LiteralPath $file -SourceAnchor ObjectGUID -Quiet | Should -BeTrue
        }

        It 'expects an employeeID tenant''s values to be the employeeID, exactly' {
            $records = @(
                [pscustomobject]@{ OnPremisesImmutableId = 'E1234'; ObjectGUID = $G1; employeeID = 'E1234' }
                @{ OnPremisesImmutableId = 'E9999'; ObjectGUID = $G1; EmployeeId = 'E1234' }
            )
            $results = @($records | Test-ImmutableId -SourceAnchor employeeID)
            $results[0].Reasons | Should -Not -Contain 'GuidMismatch'
            $results[0].ExpectedGuidSource | Should -Be 'employeeID'
            ("$($results[1].Status)", $results[1].Suggestion) | Should -Be @('Invalid', 'E1234')
            $results[1].Reasons | Should -Contain 'GuidMismatch'
            ($results[1].Messages -join ' ') | Should -BeLike "*(-SourceAnchor employeeID)*'E1234'*"
            $file = Join-Path $TestDrive 'employee.csv'
            $records | ForEach-Object { [pscustomobject]@{ ImmutableId = $_.OnPremisesImmutableId; EmployeeID = 'E1234' } } | Export-Csv -LiteralPath $file -NoTypeInformation
            $summary = Test-ImmutableId -Path $file -SourceAnchor employeeID -Summary
            ($summary.Invalid, $summary.Warning) | Should -Be @(1, 1)
        }

        It 'expects the Base64 of a binary attribute' {
            $record = [pscustomobject]@{ OnPremisesImmutableId = $BinaryId; 'msDS-SourceAnchor' = $Binary }
            $result = $record | Test-ImmutableId -SourceAnchor msDS-SourceAnchor
            $result.Reasons | Should -Not -Contain 'GuidMismatch'
            $result.ExpectedGuidSource | Should -Be 'msDS-SourceAnchor'
            $wrong = [pscustomobject]@{ OnPremisesImmutableId = $I1; 'msDS-SourceAnchor' = $Binary } | Test-ImmutableId -SourceAnchor msDS-SourceAnchor
            (($wrong.Reasons -contains 'GuidMismatch'), $wrong.Suggestion) | Should -Be @($true, $BinaryId)
        }
    }

    Context 'Compare-ImmutableId' {
        BeforeAll {
            $script:Synced = @(New-MgUserStandIn -Id '11111111-1111-1111-1111-111111111111' -Upn 'alice@alwayshotcafe.com' -ImmutableId $I1 -SyncEnabled $true)
        }

        It 'finds no Conflict in an objectGUID-anchored tenant with a stray mS-DS-ConsistencyGuid' {
            $user = New-AnchoredUser 'alice'
            $default = @(Compare-ImmutableId -OnPremises $user -Cloud $Synced)
            @($default.Status | Select-Object -Unique) | Should -Be @('Conflict') -Because 'read as anchoring on mS-DS-ConsistencyGuid'
            $said = ($default | Where-Object Side -eq 'Cloud').Messages -join ' '
            $said | Should -BeLike '*say -SourceAnchor ObjectGUID*' -Because 'the message names the way out'
            $results = @(Compare-ImmutableId -OnPremises $user -Cloud $Synced -SourceAnchor ObjectGUID)
            foreach ($r in $results) { ("$($r.Status)", "$($r.Findings)") | Should -Be @('Matched', '') }
            ($results[0].Anchor, $results[0].AnchorSource) | Should -Be @($I1, 'ObjectGUID')
        }

        It 'joins an employeeID tenant on employeeID, and says an empty one has no anchor' {
            $onPremises = @(
                New-AnchoredUser 'alice' -EmployeeId 'E1234'
                @{ samaccountname = 'bob'; objectguid = "$G1"; employeeid = '' }
            )
            $cloud = @(New-MgUserStandIn -Id 'c0' -Upn 'alice@contoso.com' -ImmutableId 'E1234' -SyncEnabled $true)
            $results = @(Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud -SourceAnchor employeeID)
            $alice = $results | Where-Object Account -eq 'alice'
            ("$($alice.Status)", $alice.Anchor, $alice.AnchorSource, $alice.Counterpart) | Should -Be @('Matched', 'E1234', 'employeeID', 'alice@contoso.com')
            $bob = $results | Where-Object Account -eq 'bob'
            ("$($bob.Status)", "$($bob.Findings)") | Should -Be @('NotSynced', 'SourceAnchorEmpty')
            "$($bob.Messages)" | Should -BeLike '*employeeID is empty*(-SourceAnchor employeeID)*'
        }

        It 'joins on the Base64 of a binary attribute' {
            $cloud = @(New-MgUserStandIn -Id 'c0' -Upn 'alice@contoso.com' -ImmutableId $BinaryId -SyncEnabled $true)
            $result = Compare-ImmutableId -OnPremises (New-AnchoredUser 'alice' -SourceAnchor $Binary) -Cloud $cloud -SourceAnchor msDS-SourceAnchor |
                Where-Object Side -eq 'OnPremises'
            ("$($result.Status)", $result.Anchor) | Should -Be @('Matched', $BinaryId)
        }

        It 'reads -OnPremisesPath files by the attribute''s column, and refuses a file without it' {
            $dir = Join-Path $TestDrive 'compare'
            $null = New-Item -ItemType Directory $dir
            $ad = Join-Path $dir 'ad.csv'
            $null = ConvertTo-CsvRows @(New-AnchoredUser 'alice' -EmployeeId 'E1234') $ad
            $cloud = @(New-MgUserStandIn -Id 'c0' -Upn 'alice@contoso.com' -ImmutableId 'E1234' -SyncEnabled $true)
            $alice = Compare-ImmutableId -OnPremisesPath $ad -Cloud $cloud -SourceAnchor EmployeeID | Where-Object Side -eq 'OnPremises'
            ("$($alice.Status)", $alice.Anchor) | Should -Be @('Matched', 'E1234')
            $objectGuid = Compare-ImmutableId -OnPremisesPath $ad -Cloud $Synced -SourceAnchor ObjectGUID | Where-Object Side -eq 'OnPremises'
            ("$($objectGuid.Status)", $objectGuid.Anchor) | Should -Be @('Matched', $I1) -Because 'the ConsistencyGuid column is ignored'
            $thrown = $null
            try { Compare-ImmutableId -OnPremisesPath $ad -Cloud $cloud -SourceAnchor msDS-SourceAnchor } catch { $thrown = $_ }
            $thrown.FullyQualifiedErrorId | Should -BeLike 'ColumnNotFound,*'
            $thrown.Exception.Message | Should -BeLike '*msDS-SourceAnchor (-SourceAnchor msDS-SourceAnchor)*'
        }
    }

    Context 'New-HardMatchPlan' {
        It 'plans the objectGUID anchor of an objectGUID-anchored tenant whose user has a stray mS-DS-ConsistencyGuid' {
            $seed = New-SeedTenant
            $seed.OnPremises = @(New-ADUserStandIn -Sam 'alice' -Guid $G1 -ConsistencyGuid $Stray -Upn 'alice@alwayshotcafe.com')
            $facts = New-SeedFacts
            $default = @(New-HardMatchPlan @seed @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com')
            $default.Action | Should -Not -Contain 'SetAnchor' -Because 'read as anchoring on mS-DS-ConsistencyGuid, the twin holds a wrong encoding'
            $plan = @(New-HardMatchPlan @seed @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com' -SourceAnchor ObjectGUID)
            $set = $plan | Where-Object Action -eq 'SetAnchor'
            $set.Command | Should -Be "Update-MgUser -UserId '22222222-2222-2222-2222-222222222222' -OnPremisesImmutableId '$I1'"
            $set.Reason | Should -BeLike '*from ObjectGUID*'
        }

        It 'writes an employeeID tenant''s anchor as it is' {
            $seed = New-SeedTenant
            $seed.OnPremises = @(New-AnchoredUser 'alice' -EmployeeId 'E1234')
            $seed.Cloud[0].OnPremisesImmutableId = 'E1234'
            $facts = New-SeedFacts
            $plan = @(New-HardMatchPlan @seed @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com' -SourceAnchor employeeID)
            $set = $plan | Where-Object Action -eq 'SetAnchor'
            $set.Command | Should -Be "Update-MgUser -UserId '22222222-2222-2222-2222-222222222222' -OnPremisesImmutableId 'E1234'"
            $set.Reason | Should -BeLike '*E1234 from employeeID*'
            $script = New-HardMatchPlan @seed @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com' -SourceAnchor employeeID -AsScript
            $script | Should -BeLike "*-OnPremisesImmutableId 'E1234'*"
        }

        It 'does not plan an anchor Graph would refuse' {
            $seed = New-SeedTenant
            $seed.OnPremises = @(New-AnchoredUser 'alice' -EmployeeId 'emp_1')
            $seed.Cloud = @($seed.Cloud[1])
            $facts = New-SeedFacts
            $plan = @(New-HardMatchPlan @seed @facts -SourceAnchor employeeID)
            $plan.Action | Should -Not -Contain 'SetAnchor'
            ($plan.Reason -join ' ') | Should -BeLike "*employeeID*'$' or '_'*"
        }
    }
}
