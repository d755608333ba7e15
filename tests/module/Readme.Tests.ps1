# The README's worked hard-match example runs as written, and prints what the README shows.
# Its fact-gathering commands run against stand-ins of the alwayshotcafe.com tenant it
# describes, shaped as the real cmdlets return their objects: Get-ADUser users,
# Get-MgBetaUser users that already have an (empty) OnPremisesSyncBehavior property, an
# empty recycle bin (Get-MgDirectoryDeletedItemAsUser then returns nothing, so -Deleted
# binds $null), PIM schedule instances, and no group memberships.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $readme = [IO.File]::ReadAllText((Join-Path $RepoRoot 'README.md')).Replace("`r`n", "`n")
    $start = $readme.IndexOf("PS> `$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses, msExchMailboxGuid")
    $start | Should -BeGreaterThan 0 -Because 'the README has the worked example'
    $script:Example = $readme.Substring($start, $readme.IndexOf("`n``````", $start) - $start)

    # The example as steps: the code of each PS> prompt (with its >> lines) and what it prints.
    $script:Steps = [System.Collections.Generic.List[object]]::new()
    foreach ($line in $Example.Split("`n")) {
        if ($line.StartsWith('PS> ')) { $Steps.Add([pscustomobject]@{ Code = $line.Substring(4); Output = [System.Collections.Generic.List[string]]::new() }) }
        elseif ($line.StartsWith('>> ') -or $line -eq '>>') { $Steps[-1].Code += "`n" + ($line -replace '^>> ?', '') }
        else { $Steps[-1].Output.Add($line) }
    }

    function New-GraphObject([System.Collections.IDictionary] $Properties, [string] $Model) {
        $object = [pscustomobject]($Properties + @{ AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new() })
        $object.PSObject.TypeNames.Insert(0, "Microsoft.Graph.Beta.PowerShell.Models.$Model")
        $object
    }
    function Get-ADUser {
        [pscustomobject]@{
            DistinguishedName = 'CN=Alice,OU=Staff,DC=alwayshotcafe,DC=com'; Enabled = $true; Name = 'Alice'; ObjectClass = 'user'
            ObjectGUID = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'; SamAccountName = 'alice'; UserPrincipalName = 'alice@alwayshotcafe.com'
            'mS-DS-ConsistencyGuid' = $null; mail = 'alice@alwayshotcafe.com'; proxyAddresses = [string[]]@('SMTP:alice@alwayshotcafe.com')
            msExchMailboxGuid = $null; msExchArchiveGuid = $null; msExchRecipientTypeDetails = $null; msExchRemoteRecipientType = $null; legacyExchangeDN = $null
        }
    }
    # Alice.Cloud's mailbox, as Get-EXOMailbox -Properties returns it (a deserialized object
    # whose EmailAddresses is an ArrayList); the recycle bin holds no mailbox.
    function Get-EXOMailbox([switch] $SoftDeletedMailbox) {
        if ($SoftDeletedMailbox) { return }
        [pscustomobject]@{
            ExternalDirectoryObjectId = '22222222-2222-2222-2222-222222222222'; UserPrincipalName = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'; Alias = 'Alice.Cloud'
            ExchangeGuid = [guid]'6e3fb1c8-9d2a-4c71-b5e0-3a8f2d64c917'; ArchiveGuid = [guid]::Empty; RecipientTypeDetails = 'UserMailbox'; IsInactiveMailbox = $false
            LegacyExchangeDN = '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=6e3fb1c89d2a4c71b5e03a8f2d64c917-Alice.Cloud'
            PrimarySmtpAddress = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'
            EmailAddresses = [System.Collections.ArrayList]@('SMTP:Alice.Cloud@alwayshotcafe2020.onmicrosoft.com', 'smtp:alice.cloud@alwayshotcafe.com')
        }
    }
    function Get-MgBetaUser {
        New-GraphObject ([ordered]@{ Id = '11111111-1111-1111-1111-111111111111'; UserPrincipalName = 'alice@alwayshotcafe.com'; Mail = 'alice@alwayshotcafe.com'
                ProxyAddresses = [string[]]@('SMTP:alice@alwayshotcafe.com'); OnPremisesImmutableId = 'K81Lh40UykezCZHfZPBb9Q=='; OnPremisesSyncEnabled = $true
                OnPremisesObjectIdentifier = '874bcd2b-148d-47ca-b309-91df64f05bf5'; OnPremisesSyncBehavior = $null }) 'MicrosoftGraphUser'
        New-GraphObject ([ordered]@{ Id = '22222222-2222-2222-2222-222222222222'; UserPrincipalName = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'; Mail = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'
                ProxyAddresses = [string[]]@('SMTP:Alice.Cloud@alwayshotcafe2020.onmicrosoft.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null
                OnPremisesObjectIdentifier = $null; OnPremisesSyncBehavior = $null }) 'MicrosoftGraphUser'
    }
    function Get-MgUserOnPremiseSyncBehavior([string] $UserId) { New-GraphObject ([ordered]@{ Id = $UserId; IsCloudManaged = $false }) 'MicrosoftGraphOnPremisesSyncBehavior' }
    function Get-MgDirectoryDeletedItemAsUser { }
    function Get-MgDomain {
        New-GraphObject ([ordered]@{ Id = 'alwayshotcafe.com'; AuthenticationType = 'Managed'; IsInitial = $false }) 'MicrosoftGraphDomain'
        New-GraphObject ([ordered]@{ Id = 'alwayshotcafe2020.onmicrosoft.com'; AuthenticationType = 'Managed'; IsInitial = $true }) 'MicrosoftGraphDomain'
    }
    function Get-MgDirectoryOnPremiseSynchronization {
        New-GraphObject ([ordered]@{ Id = 'a5d3c1f2-0000-4000-8000-000000000001'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $false; BlockSoftMatchEnabled = $false } }) 'MicrosoftGraphOnPremisesDirectorySynchronization'
    }
    function Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance { }
    function Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance { }
    function Get-MgUserTransitiveMemberOf { }

    function Get-ComparableLines([string[]] $Lines) {
        @($Lines | ForEach-Object { ($_.Trim() -replace '\s+', ' ').Replace([string][char]0x2026, '...') } | Where-Object { $_ -ne '' })
    }
}

Describe "The README's worked example" {
    It 'has the steps it shows' {
        @($Steps).Count | Should -Be 8
        $Steps[-1].Code | Should -BeLike 'New-HardMatchPlan *'
    }

    It 'runs as written and prints what the README shows, step by step' {
        foreach ($step in $Steps) {
            $records = @(. ([scriptblock]::Create($step.Code)) 2>&1 3>&1)
            $records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.WarningRecord] } |
                Should -BeNullOrEmpty -Because "'$($step.Code)' runs cleanly"
            $shown = Get-ComparableLines (($records | Out-String -Width 100) -split "`n")
            ($shown -join "`n") | Should -Be ((Get-ComparableLines $step.Output) -join "`n") -Because "'$($step.Code)' prints what the README shows"
        }
        # Every fact was given, so every check is made.
        $plan = @(New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud -Mapping $mapping @facts -OutOfScopeOU 'OU=Unsynced,DC=alwayshotcafe,DC=com')
        $plan[0].Reason | Should -Not -BeLike '*Not checked*'
        $plan.Action | Should -Contain 'PurgeTwin'
    }
}
