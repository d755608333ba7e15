# The other direction: an AD user adopts the anchor its cloud account already holds (a forest
# move, an account deleted and re-created), from objects and from files, every refusal, the
# Orphans that say so, and the step run twice against the stand-ins.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:Ou = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:Keep = '22222222-2222-2222-2222-222222222222'
    # alice's objectGUID in the retired forest, whose anchor her cloud account still holds,
    # and in the new one.
    $script:OldGuid = [guid]'5b2a8a80-7d3e-4f60-9a1b-263748596a7c'
    $script:NewGuid = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:OldAnchor = [Convert]::ToBase64String($OldGuid.ToByteArray())
    # The oracle's [byte[]] literal: .NET's byte order, never the big-endian one.
    $script:OldLiteral = '[byte[]](' + (($OldGuid.ToByteArray() | ForEach-Object { '0x{0:X2}' -f $_ }) -join ',') + ')'

    # A forest move: the new AD user, and Alice.Cloud holding the old anchor, left by a sync
    # that was switched off. Every fact, none a blocker but the tenant's block (which adopt
    # does not lift).
    function New-ForestMove([hashtable] $Alice = @{}) {
        $facts = New-SeedFacts
        $facts.Synchronization.Features.BlockCloudObjectTakeoverThroughHardMatchEnabled = $true
        @{
            OnPremises = @(New-ADUserStandIn -Sam 'alice' -Guid $NewGuid -Upn 'alice@alwayshotcafe.com' @Alice)
            Cloud      = @(New-MgUserStandIn -Id $Keep -Upn 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' -ImmutableId $OldAnchor -AdditionalProperties @{ onPremisesObjectIdentifier = $null } -CloudManaged $false)
            Mapping    = @([pscustomobject]@{ OnPremises = 'alice'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' })
        } + $facts
    }
}

Describe 'Adopting a cloud anchor on-premises' {
    It 'plans a forest move as adopt by default, writing the anchor''s bytes and nothing in the cloud' {
        $tenant = New-ForestMove
        $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
        @($plan.Action) | Should -Be @('Notice', 'PauseScheduler', 'AdoptAnchor', 'Sync', 'VerifyMatch', 'ResumeScheduler')
        $plan[0].Reason | Should -BeLike '*which no AD user given holds: alice adopts it*-Route MoveAnchor would write*'
        $adopt = $plan[2]
        $adopt.Command.Contains("Set-ADUser -Identity '$NewGuid' -Replace @{ 'mS-DS-ConsistencyGuid' = $OldLiteral }") | Should -BeTrue -Because $adopt.Command
        $adopt.Reversible | Should -BeTrue
        $adopt.Reason | Should -BeLike "*undo: Set-ADUser -Identity '$NewGuid' -Clear 'mS-DS-ConsistencyGuid'*"
        $adopt.Unsettled | Should -BeLike '*lifts no tenant switch*'
        # Moving it is still there when asked for.
        $moved = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -Route MoveAnchor)
        $moved.Action | Should -Contain 'SetAnchor'
        $moved.Action | Should -Contain 'TenantSwitchOff'
        $moved.Action | Should -Not -Contain 'AdoptAnchor'
    }

    It 'reads the same forest move from files' {
        $tenant = New-ForestMove
        $adFile = Join-Path $TestDrive 'ad.csv'
        $cloudFile = Join-Path $TestDrive 'cloud.csv'
        $mapFile = Join-Path $TestDrive 'map.csv'
        $tenant.OnPremises | Select-Object SamAccountName, ObjectGUID, UserPrincipalName, DistinguishedName, msExchRecipientTypeDetails, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } } |
            Export-Csv -LiteralPath $adFile -NoTypeInformation
        $tenant.Cloud | Select-Object Id, UserPrincipalName, OnPremisesImmutableId, OnPremisesSyncEnabled | Export-Csv -LiteralPath $cloudFile -NoTypeInformation
        $tenant.Mapping | Export-Csv -LiteralPath $mapFile -NoTypeInformation
        $facts = @{} + $tenant
        'OnPremises', 'Cloud', 'Mapping' | ForEach-Object { $facts.Remove($_) }
        $fromFiles = @(New-HardMatchPlan @facts -OnPremisesPath $adFile -CloudPath $cloudFile -MappingPath $mapFile -OutOfScopeOU $Ou 3>$null)
        $adopt = $fromFiles | Where-Object Action -eq 'AdoptAnchor'
        $adopt.Command.Contains($OldLiteral) | Should -BeTrue
    }

    It 'takes a synced user out of scope first, and leaves its twin in the recycle bin' {
        $tenant = New-ForestMove
        $tenant.Cloud += New-MgUserStandIn -Id '11111111-1111-1111-1111-111111111111' -Upn 'alice@alwayshotcafe.com' -ImmutableId ([Convert]::ToBase64String($NewGuid.ToByteArray())) -SyncEnabled $true
        $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -Route AdoptAnchor)
        @($plan.Action) | Should -Be @('Notice', 'PauseScheduler', 'OutOfScope', 'Sync', 'VerifyTwinDeleted', 'AdoptAnchor', 'BackInScope', 'Sync', 'VerifyMatch', 'ResumeScheduler')
        ($plan | Where-Object Action -eq 'AdoptAnchor').Warning | Should -BeLike '*stays in the recycle bin*'
        $plan.Reversible | Should -Not -Contain $false
    }

    It 'refuses adopt where it cannot work, and says why' {
        $tenant = New-ForestMove
        $refused = { param($t, $extra) $p = @(New-HardMatchPlan @t -OutOfScopeOU $Ou -Route AdoptAnchor @extra); "$($p[0].Action)" | Should -Be 'NotPlanned'; $p[0].Reason }
        & $refused $tenant @{ SourceAnchor = 'ObjectGUID' } | Should -BeLike '*sourceAnchor is ObjectGUID*'
        $tenant.Cloud[0].OnPremisesImmutableId = 'EMP00123'
        & $refused $tenant @{} | Should -BeLike "*'EMP00123' is not the Base64 of 16 bytes*"
        $tenant = New-ForestMove
        $tenant.Deleted = @(New-MgUserStandIn -Id '33333333-3333-3333-3333-333333333333' -Upn 'old@alwayshotcafe.com' -ImmutableId $OldAnchor)
        & $refused $tenant @{} | Should -BeLike '*soft-deleted old@alwayshotcafe.com holds*'
        $tenant = New-ForestMove
        $tenant.OnPremises += New-ADUserStandIn -Sam 'alice.old' -Guid $OldGuid
        & $refused $tenant @{} | Should -BeLike "*the AD user alice.old holds*"
        $tenant = New-ForestMove
        $tenant.Cloud[0].OnPremisesImmutableId = $null
        & $refused $tenant @{} | Should -BeLike '*holds no anchor*'
    }

    It 'says on each Orphan whether an AD user can adopt its anchor' {
        $tenant = New-ForestMove
        $tenant.Remove('Mapping')
        $tenant.Cloud += New-MgUserStandIn -Id 'c-idp' -Upn 'idp@contoso.com' -ImmutableId 'EMP00123'
        $results = @(Compare-ImmutableId @tenant)
        $orphan = $results | Where-Object Account -eq 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'
        ("$($orphan.Status)", "$($orphan.Findings)") | Should -Be @('Orphan', 'AdoptPossible')
        $orphan.Messages[0] | Should -BeLike "*-Route AdoptAnchor*$OldGuid*"
        $idp = $results | Where-Object Account -eq 'idp@contoso.com'
        $idp.Findings | Should -Contain 'AdoptNotPossible'
    }

    It 'gives the [byte[]] literal ConvertFrom-ImmutableId prints' {
        $OldAnchor | ConvertFrom-ImmutableId -Format BytesLiteral | Should -BeExactly $OldLiteral
        $pasted = [scriptblock]::Create($OldLiteral).Invoke()
        [Convert]::ToBase64String([byte[]]$pasted) | Should -BeExactly $OldAnchor -Because 'the literal, pasted, is the anchor''s bytes'
        $errors = @('K81Lh40UykezCZHfZPBb9Q==', 'nope' | ConvertFrom-ImmutableId -Format BytesLiteral 2>&1)
        $errors[0] | Should -BeExactly '[byte[]](0x2B,0xCD,0x4B,0x87,0x8D,0x14,0xCA,0x47,0xB3,0x09,0x91,0xDF,0x64,0xF0,0x5B,0xF5)'
        $errors[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
    }

    Context 'the step run against stand-ins' {
        BeforeAll { Import-StandIns }
        AfterAll { Remove-StandIns }

        It 'writes the anchor once: run again, the step says it is done' {
            Reset-StandInDirectory
            $onPremises = @(Get-ADUser carol -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses)
            $cloud = @([pscustomobject]@{ Id = $Keep; UserPrincipalName = 'carol.old@contoso.com'; OnPremisesImmutableId = $OldAnchor; OnPremisesSyncEnabled = $null })
            $plan = @(New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud -Mapping @{ OnPremises = 'carol'; Cloud = 'carol.old@contoso.com' } -Route AdoptAnchor 3>$null)
            $adopt = ($plan | Where-Object Action -eq 'AdoptAnchor').Command
            $said = @(& ([scriptblock]::Create($adopt)) 6>&1)
            $said | Should -BeNullOrEmpty -Because 'the first run writes the anchor'
            Get-ADUser carol -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId | Should -BeExactly $OldAnchor
            $said = @(& ([scriptblock]::Create($adopt)) 6>&1)
            "$said" | Should -BeLike "*carol's mS-DS-ConsistencyGuid already holds the anchor $OldAnchor.*"
        }
    }
}
