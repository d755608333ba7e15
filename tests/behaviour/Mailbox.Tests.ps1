# Keeping the mailbox: Exchange facts in (AD's msExch attributes, Get-EXOMailbox records as
# objects, hashtables or a CSV file), the findings they give, the steps that keep the mailbox,
# and those steps run against the stand-ins (each checks first whether it is done). The seed's
# case: Alice keeps Alice.Cloud's mailbox.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot '../helpers/Tenant.ps1')
    Import-Module $ModuleManifest -Force
    $script:Ou = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
    $script:Keep = '22222222-2222-2222-2222-222222222222'
    $script:AliceGuid = '874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:BoxGuid = [guid]'6e3fb1c8-9d2a-4c71-b5e0-3a8f2d64c917'
    $script:LegacyDn = '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=6e3fb1c8-Alice.Cloud'

    function New-KeepMailbox([switch] $Inactive, [guid] $ArchiveGuid = [guid]::Empty) {
        New-EXOMailboxStandIn -UserId $Keep -Upn 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' -ExchangeGuid $BoxGuid -ArchiveGuid $ArchiveGuid `
            -Primary 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' -Addresses 'smtp:alice.cloud@alwayshotcafe.com', 'smtp:Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com' `
            -LegacyExchangeDN $LegacyDn -Inactive:$Inactive
    }
    # The seed tenant with every fact, Alice.Cloud's mailbox, and Alice as Exchange describes her.
    function New-MailboxTenant([hashtable] $Alice = @{}) {
        $seed = New-SeedTenant
        $seed.OnPremises = @(New-ADUserStandIn -Sam 'alice' -Guid $AliceGuid -Upn 'alice@alwayshotcafe.com' -ProxyAddresses 'SMTP:alice@alwayshotcafe.com' @Alice)
        $facts = New-SeedFacts
        $facts.Mailbox = @(New-KeepMailbox)
        $seed + $facts
    }
    function Get-Pair($Results) { $Results | Where-Object Account -eq 'alice' }
    function Get-Errors([scriptblock] $Block) { @(& $Block 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) }
}

Describe 'Keeping the mailbox' {
    Context 'without Exchange on-premises' {
        It 'adds the cloud mailbox''s addresses and its X500 to the AD user, and checks the mailbox after the match' {
            $tenant = New-MailboxTenant
            $alice = Get-Pair (Compare-ImmutableId @tenant)
            @($alice.Findings) | Should -Be @('MappedExplicitly', 'AnchorHeldByActiveTwin', 'CloudAddressesMissing')
            @($alice.NotChecked) | Should -BeNullOrEmpty
            $said = $alice.Messages[2]
            $said | Should -BeLike "*smtp:alice.cloud@alwayshotcafe.com*X500:$LegacyDn*"
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            $actions = @($plan.Action)
            $actions | Should -Not -Contain 'StampRemoteMailbox' -Because 'no AD user carries Exchange attributes'
            $actions.IndexOf('AddProxyAddresses') | Should -BeGreaterThan $actions.IndexOf('VerifyTwinDeleted')
            $actions.IndexOf('AddProxyAddresses') | Should -BeLessThan $actions.IndexOf('PurgeTwin')
            $actions.IndexOf('VerifyMailbox') | Should -Be ($actions.IndexOf('VerifyMatch') + 1)
            $add = $plan | Where-Object Action -eq 'AddProxyAddresses'
            $add.Reversible | Should -BeTrue
            $add.Reason.Contains("Undo: Set-ADUser -Identity '$AliceGuid' -Replace @{ proxyAddresses = [string[]]@('SMTP:alice@alwayshotcafe.com') }") | Should -BeTrue -Because $add.Reason
            ($plan | Where-Object Action -eq 'VerifyMailbox').Command | Should -BeLike "*Get-EXOMailbox -ExternalDirectoryObjectId '$Keep'*-ne ?guid?'$BoxGuid'*ServiceProvisioningErrors*OnPremisesProvisioningErrors*"
        }

        It 'reads the same facts from files as from objects' {
            $tenant = New-MailboxTenant
            $adFile = Join-Path $TestDrive 'ad.csv'
            $boxFile = Join-Path $TestDrive 'mailboxes.csv'
            # As admins export them: multi-valued properties joined with ';'.
            $tenant.OnPremises | Select-Object SamAccountName, ObjectGUID, UserPrincipalName, DistinguishedName, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
                msExchMailboxGuid, msExchRecipientTypeDetails, legacyExchangeDN | Export-Csv -LiteralPath $adFile -NoTypeInformation
            $tenant.Mailbox | Select-Object ExternalDirectoryObjectId, ExchangeGuid, ArchiveGuid, LegacyExchangeDN, PrimarySmtpAddress, RecipientTypeDetails,
                @{ n = 'EmailAddresses'; e = { $_.EmailAddresses -join ';' } } | Export-Csv -LiteralPath $boxFile -NoTypeInformation
            $fromObjects = Get-Pair (Compare-ImmutableId @tenant)
            $files = @{} + $tenant
            $files.Remove('OnPremises'); $files.Remove('Mailbox')
            $fromFiles = Get-Pair (Compare-ImmutableId @files -OnPremisesPath $adFile -MailboxPath $boxFile)
            @($fromFiles.Findings) | Should -Be @($fromObjects.Findings)
            @($fromFiles.Messages) | Should -Be @($fromObjects.Messages)
            @($fromFiles.NotChecked) | Should -BeNullOrEmpty
        }

        It 'takes mailboxes as hashtables, and says which records are none' {
            $tenant = New-MailboxTenant
            $box = $tenant.Mailbox[0]
            $tenant.Mailbox = @(@{ externaldirectoryobjectid = $box.ExternalDirectoryObjectId; exchangeguid = "$($box.ExchangeGuid)"; legacyexchangedn = $box.LegacyExchangeDN; primarysmtpaddress = $box.PrimarySmtpAddress; emailaddresses = @($box.EmailAddresses) })
            (Get-Pair (Compare-ImmutableId @tenant)).Findings | Should -Contain 'CloudAddressesMissing'
            $tenant.Mailbox = @('alice', @{ ExchangeGuid = "$BoxGuid" })
            $errors = Get-Errors { Compare-ImmutableId @tenant }
            @($errors.ForEach({ ($_.FullyQualifiedErrorId -split ',')[0] })) | Should -Be @('NotARecord', 'WrongRecordType')
            $errors[0].Exception.Message | Should -BeLike "-Mailbox takes Exchange Online mailboxes*it was given 'alice'."
            $errors[1].Exception.Message | Should -BeLike '*no ExternalDirectoryObjectId or UserPrincipalName*'
            $errors[1].TargetObject.ExchangeGuid | Should -Be "$BoxGuid"
        }
    }

    Context 'in a hybrid organisation' {
        It 'makes the AD user the remote mailbox of the cloud mailbox before it comes back into scope' {
            $tenant = New-MailboxTenant @{ LegacyExchangeDN = '/o=Alwayshotcafe/cn=alice' }
            (Get-Pair (Compare-ImmutableId @tenant)).Findings | Should -Contain 'NotRemoteMailbox'
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -Server 'dc1.alwayshotcafe.com')
            $stamp = $plan | Where-Object Action -eq 'StampRemoteMailbox'
            $stamp.Command | Should -BeLike "*Enable-RemoteMailbox -Identity '$AliceGuid' -RemoteRoutingAddress 'Alice.Cloud@alwayshotcafe2020.mail.onmicrosoft.com' -Alias 'Alice.Cloud' -DomainController 'dc1.alwayshotcafe.com'*Set-RemoteMailbox -Identity '$AliceGuid' -ExchangeGuid '$BoxGuid'*"
            $actions = @($plan.Action)
            $actions.IndexOf('StampRemoteMailbox') | Should -BeLessThan $actions.IndexOf('AddProxyAddresses')
            $actions.IndexOf('AddProxyAddresses') | Should -BeLessThan $actions.IndexOf('BackInScope')
            $script = New-HardMatchPlan @tenant -OutOfScopeOU $Ou -AsScript
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref]$null, [ref]$errors)
            $errors | Should -BeNullOrEmpty
            $script | Should -BeLike "*Get-Command Set-RemoteMailbox*Exchange Management Shell*Enable-RemoteMailbox*"
            $script | Should -BeLike "*Get-Command Get-EXOMailbox*Connect-ExchangeOnline*"
        }

        It 'corrects a remote mailbox of another mailbox, with the archive' {
            $archive = [guid]'12345678-90ab-4cde-8f01-234567890abc'
            $tenant = New-MailboxTenant @{ RecipientTypeDetails = 2147483648; RemoteRecipientType = 4; MailboxGuid = '0f0e0d0c-0b0a-0908-0706-050403020100' }
            $tenant.Mailbox = @(New-KeepMailbox -ArchiveGuid $archive)
            $alice = Get-Pair (Compare-ImmutableId @tenant)
            $alice.Findings | Should -Contain 'RemoteMailboxGuidMismatch'
            ($alice.Messages -join ' ') | Should -BeLike "*0f0e0d0c-0b0a-0908-0706-050403020100*$BoxGuid*"
            ($(New-HardMatchPlan @tenant -OutOfScopeOU $Ou) | Where-Object Action -eq 'StampRemoteMailbox').Command | Should -BeLike "*-ExchangeGuid '$BoxGuid' -ArchiveGuid '$archive'*"
        }

        It 'does not plan a user with a mailbox on-premises, nor a mail user' {
            $tenant = New-MailboxTenant @{ RecipientTypeDetails = 1; MailboxGuid = '0f0e0d0c-0b0a-0908-0706-050403020100' }
            $alice = Get-Pair (Compare-ImmutableId @tenant)
            ("$($alice.Status)", ($alice.Findings -contains 'OnPremisesMailbox')) | Should -Be @('Conflict', $true)
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            ($plan.Count, "$($plan[0].Action)") | Should -Be @(1, 'NotPlanned')
            $plan[0].Reason | Should -BeLike '*two mailboxes*Migrate the on-premises mailbox*'
            $tenant = New-MailboxTenant @{ RecipientTypeDetails = 128 }
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            "$($plan[0].Action)" | Should -Be 'NotPlanned'
            $plan[0].Reason | Should -BeLike '*msExchRecipientTypeDetails 128*Disable-MailUser*'
        }
    }

    Context 'every mailbox finding, from objects and from files' {
        It 'gives each Exchange finding the same from CSV exports as from the objects' {
            $tenant = New-EveryCaseTenant
            $adFile = Join-Path $TestDrive 'every-ad.csv'
            $boxFile = Join-Path $TestDrive 'every-mailboxes.csv'
            # As admins export them: byte arrays as [guid], multi-valued properties joined with ';'.
            $asGuid = { param($v) if ($v -is [array] -and $v.Count -eq 16) { [guid]::new([byte[]]$v) } else { $v } }
            $tenant.OnPremises | Select-Object SamAccountName, ObjectGUID, UserPrincipalName, DistinguishedName, Mail,
                @{ n = 'mS-DS-ConsistencyGuid'; e = { & $asGuid $_.'mS-DS-ConsistencyGuid' } }, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
                @{ n = 'msExchMailboxGuid'; e = { & $asGuid $_.msExchMailboxGuid } }, msExchRecipientTypeDetails, msExchRemoteRecipientType, legacyExchangeDN |
                Export-Csv -LiteralPath $adFile -NoTypeInformation
            $tenant.Mailbox | Select-Object ExternalDirectoryObjectId, UserPrincipalName, Alias, ExchangeGuid, ArchiveGuid, LegacyExchangeDN, PrimarySmtpAddress,
                RecipientTypeDetails, IsInactiveMailbox, @{ n = 'EmailAddresses'; e = { $_.EmailAddresses -join ';' } } | Export-Csv -LiteralPath $boxFile -NoTypeInformation
            $shown = { param($results) @($results | ForEach-Object { "$($_.Side)|$($_.Account)|$($_.Status)|$($_.Findings -join ',')|$($_.NotChecked -join ',')" }) }
            $fromObjects = & $shown (Compare-ImmutableId @tenant 2>$null)
            $files = @{} + $tenant
            $files.Remove('OnPremises'); $files.Remove('Mailbox')
            $fromFiles = & $shown (Compare-ImmutableId @files -OnPremisesPath $adFile -MailboxPath $boxFile 2>$null)
            $fromFiles | Should -Be $fromObjects
            $exchange = 'OnPremisesMailbox', 'NotRemoteMailbox', 'RemoteMailboxGuidMismatch', 'CloudAddressesMissing', 'TwinHasMailbox', 'MailboxNotActive', 'ExchangeAttributesUnreadable'
            foreach ($finding in $exchange) { ($fromFiles -join "`n") | Should -Match "\b$finding\b" -Because "$finding comes from the files too" }
            $plan = @(New-HardMatchPlan @files -OnPremisesPath $adFile -MailboxPath $boxFile -OutOfScopeOU $Ou 2>$null)
            foreach ($action in 'StampRemoteMailbox', 'AddProxyAddresses', 'VerifyMailbox') { $plan.Action | Should -Contain $action }
        }
    }

    Context 'facts not given' {
        It 'names the mailbox checks as not made, and purges nothing, until -Mailbox is given (@() for none)' {
            $tenant = New-MailboxTenant
            $tenant.Remove('Mailbox')
            (Get-Pair (Compare-ImmutableId @tenant)).NotChecked | Should -Be @('Mailboxes')
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou)
            "$($plan[0].Action)" | Should -Be 'NotPlanned'
            $plan[0].Reason | Should -BeLike '*Mailboxes*-Mailbox @() when the tenant has no cloud mailbox*'
            $plan = @(New-HardMatchPlan @tenant -OutOfScopeOU $Ou -Mailbox @())
            $plan.Action | Should -Contain 'PurgeTwin'
            $plan.Action | Should -Not -Contain 'VerifyMailbox'
            $tenant = New-MailboxTenant
            $tenant.OnPremises = @(New-ADUserStandIn -Sam 'alice' -Guid $AliceGuid -Upn 'alice@alwayshotcafe.com' -NoExchangeAttributes)
            (Get-Pair (Compare-ImmutableId @tenant)).NotChecked | Should -Be @('OnPremisesMailbox')
            # Select-Object adds the attribute, empty, for a forest without Exchange's schema.
            $tenant.OnPremises = @($tenant.OnPremises | Select-Object *, msExchRecipientTypeDetails)
            (Get-Pair (Compare-ImmutableId @tenant)).NotChecked | Should -BeNullOrEmpty
        }

        It 'names the twin''s own mailbox, its size unknown unless given, in the purge warning' {
            $tenant = New-MailboxTenant
            $tenant.Mailbox += New-EXOMailboxStandIn -UserId '11111111-1111-1111-1111-111111111111' -Upn 'alice@alwayshotcafe.com' -ExchangeGuid 'aaaaaaaa-1111-4222-8333-444444444444' -Primary 'alice@alwayshotcafe.com'
            (Get-Pair (Compare-ImmutableId @tenant)).Findings | Should -Contain 'TwinHasMailbox'
            $purge = New-HardMatchPlan @tenant -OutOfScopeOU $Ou | Where-Object Action -eq 'PurgeTwin'
            $purge.Warning | Should -BeLike '*Its mailbox goes with it: alice@alwayshotcafe.com (size unknown)*'
            $tenant.Mailbox[1] | Add-Member TotalItemSize '3.1 GB (3,328,599,654 bytes)'
            $purge = New-HardMatchPlan @tenant -OutOfScopeOU $Ou | Where-Object Action -eq 'PurgeTwin'
            $purge.Warning | Should -BeLike '*alice@alwayshotcafe.com (3.1 GB (3,328,599,654 bytes))*'
        }

        It 'does not take an inactive mailbox for the account''s own' {
            $tenant = New-MailboxTenant
            $tenant.Mailbox = @(New-KeepMailbox -Inactive)
            $alice = Get-Pair (Compare-ImmutableId @tenant)
            $alice.Findings | Should -Contain 'MailboxNotActive'
            $alice.Findings | Should -Not -Contain 'CloudAddressesMissing'
        }
    }

    Context 'the steps run against stand-ins' {
        BeforeAll { Import-StandIns }
        AfterAll { Remove-StandIns }

        It 'adds the addresses once: run again, the step says it is done' {
            Reset-StandInDirectory
            $onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses, msExchMailboxGuid, msExchArchiveGuid, msExchRecipientTypeDetails, msExchRemoteRecipientType, legacyExchangeDN
            $cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
            $mailbox = @(Get-EXOMailbox -ResultSize Unlimited -Properties ExchangeGuid, ArchiveGuid, LegacyExchangeDN, IsInactiveMailbox)
            $plan = @(New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud -Mailbox $mailbox -Mapping @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' })
            $add = ($plan | Where-Object Action -eq 'AddProxyAddresses').Command
            $add | Should -Not -BeNullOrEmpty
            $said = @(& ([scriptblock]::Create($add)) 6>&1)
            $said | Should -BeNullOrEmpty -Because 'the first run changes the user'
            $carol = Get-ADUser carol -Properties proxyAddresses
            @($carol.proxyAddresses) | Should -Be @('SMTP:carol@contoso.com', 'smtp:carol@contoso.mail.onmicrosoft.com', "X500:$($mailbox[0].LegacyExchangeDN)")
            $said = @(& ([scriptblock]::Create($add)) 6>&1)
            "$said" | Should -BeLike "*carol's proxyAddresses already hold the cloud mailbox's addresses.*" -Because 'the second run finds it done'
            @((Get-ADUser carol -Properties proxyAddresses).proxyAddresses).Count | Should -Be 3
        }
    }
}
