# Tenants for Compare-ImmutableId and New-HardMatchPlan tests, dot-sourced after Common.ps1.
# Accounts have the shapes Get-ADUser, Get-MgUser, Get-MgDirectoryDeletedItemAsUser,
# Get-MgDomain, Get-MgDirectoryOnPremiseSynchronization and the role cmdlets return.
# Every anchor is computed with .NET (the oracle), never copied from the module.

$script:ReconcileNames = Get-Content -Raw (Join-Path $script:TestsRoot 'data/reconcile-names.json') | ConvertFrom-Json

# The finding codes, statuses, checks and plan actions the module can give.
function Get-FindingCodes { $ReconcileNames.findings }

function ConvertTo-TestImmutableId([guid] $Guid) { [Convert]::ToBase64String($Guid.ToByteArray()) }

# The mistakes admins make: bytes in RFC (big-endian) order, and the Base64 of the text.
function ConvertTo-BigEndianAnchor([guid] $Guid) {
    $hex = $Guid.ToString('N')
    [Convert]::ToBase64String([byte[]](0..15 | ForEach-Object { [Convert]::ToByte($hex.Substring($_ * 2, 2), 16) }))
}
function ConvertTo-GuidTextAnchor([guid] $Guid) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Guid.ToString())) }

# As Get-ADUser -Properties mS-DS-ConsistencyGuid,mail,proxyAddresses,msExchMailboxGuid,
# msExchArchiveGuid,msExchRecipientTypeDetails,msExchRemoteRecipientType,legacyExchangeDN
# returns a user: an attribute not set is $null (proxyAddresses an empty collection), and the
# Exchange GUIDs are byte arrays.
function New-ADUserStandIn {
    param([string] $Sam, [object] $Guid, [object] $ConsistencyGuid, [string] $Upn, [string] $Mail, [string[]] $ProxyAddresses, [string] $OU = 'OU=Staff,DC=alwayshotcafe,DC=com',
        [object] $RecipientTypeDetails, [object] $MailboxGuid, [object] $RemoteRecipientType, [string] $LegacyExchangeDN, [switch] $NoExchangeAttributes)
    $user = [ordered]@{
        SamAccountName    = $Sam
        ObjectGUID        = if ($Guid) { [guid]"$Guid" } else { $null }
        UserPrincipalName = $Upn
        DistinguishedName = "CN=$Sam,$OU"
        Enabled           = $true
    }
    if ($PSBoundParameters.ContainsKey('ConsistencyGuid')) { $user['mS-DS-ConsistencyGuid'] = if ($ConsistencyGuid) { ([guid]"$ConsistencyGuid").ToByteArray() } else { $null } }
    if ($Mail) { $user.Mail = $Mail }
    $user.ProxyAddresses = [string[]]@($ProxyAddresses | Where-Object { $_ })
    if (-not $NoExchangeAttributes) {
        $user.msExchMailboxGuid = if ($MailboxGuid) { ([guid]"$MailboxGuid").ToByteArray() } else { $null }
        $user.msExchArchiveGuid = $null
        $user.msExchRecipientTypeDetails = if ($null -ne $RecipientTypeDetails) { [long]$RecipientTypeDetails } else { $null }
        $user.msExchRemoteRecipientType = if ($null -ne $RemoteRecipientType) { [long]$RemoteRecipientType } else { $null }
        $user.legacyExchangeDN = if ($LegacyExchangeDN) { $LegacyExchangeDN } else { $null }
    }
    [pscustomobject]$user
}

# A mailbox as Get-EXOMailbox -Properties ExchangeGuid,ArchiveGuid,LegacyExchangeDN,IsInactiveMailbox returns it.
function New-EXOMailboxStandIn {
    param([string] $UserId, [string] $Upn, [guid] $ExchangeGuid, [string] $Primary, [string[]] $Addresses, [string] $LegacyExchangeDN, [guid] $ArchiveGuid = [guid]::Empty, [switch] $Inactive, [string] $Type = 'UserMailbox')
    [pscustomobject]@{
        ExternalDirectoryObjectId = $UserId
        UserPrincipalName         = $Upn
        Alias                     = ($Primary -split '@')[0]
        ExchangeGuid              = $ExchangeGuid
        ArchiveGuid               = $ArchiveGuid
        LegacyExchangeDN          = $LegacyExchangeDN
        PrimarySmtpAddress        = $Primary
        EmailAddresses            = [System.Collections.ArrayList]@(@("SMTP:$Primary") + @($Addresses))
        RecipientTypeDetails      = $Type
        IsInactiveMailbox         = [bool]$Inactive
    }
}

function New-MgUserStandIn {
    param([string] $Id, [string] $Upn, [string] $ImmutableId, [object] $SyncEnabled, [string] $Mail, [string[]] $ProxyAddresses, [hashtable] $AdditionalProperties, [object] $CloudManaged)
    $user = [ordered]@{
        Id                    = $Id
        UserPrincipalName     = $Upn
        Mail                  = $Mail
        ProxyAddresses        = @($ProxyAddresses)
        OnPremisesImmutableId = if ($ImmutableId) { $ImmutableId } else { $null }
        OnPremisesSyncEnabled = $SyncEnabled
        AdditionalProperties  = if ($AdditionalProperties) { $AdditionalProperties } else { @{} }
    }
    if ($null -ne $CloudManaged) { $user.OnPremisesSyncBehavior = [pscustomobject]@{ IsCloudManaged = $CloudManaged } }
    [pscustomobject]$user
}

# The README's worked example: Alice's synced twin holds her anchor; she keeps Alice.Cloud.
function New-SeedTenant {
    @{
        OnPremises = @(New-ADUserStandIn -Sam 'alice' -Guid '874bcd2b-148d-47ca-b309-91df64f05bf5' -Upn 'alice@alwayshotcafe.com')
        Cloud      = @(
            New-MgUserStandIn -Id '11111111-1111-1111-1111-111111111111' -Upn 'alice@alwayshotcafe.com' -ImmutableId (ConvertTo-TestImmutableId '874bcd2b-148d-47ca-b309-91df64f05bf5') -SyncEnabled $true
            New-MgUserStandIn -Id '22222222-2222-2222-2222-222222222222' -Upn 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' -Mail 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' `
                -AdditionalProperties @{ onPremisesObjectIdentifier = $null } -CloudManaged $false
        )
        Mapping    = @([pscustomobject]@{ OnPremises = 'alice'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' })
    }
}

# The seed tenant's facts, none of them a blocker: with them, every check is made.
function New-SeedFacts {
    @{
        Synchronization = [pscustomobject]@{ Id = 'a5d3c1f2-0000-4000-8000-000000000001'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $false; BlockSoftMatchEnabled = $false } }
        Domain          = @(
            [pscustomobject]@{ Id = 'alwayshotcafe.com'; AuthenticationType = 'Managed'; IsInitial = $false }
            [pscustomobject]@{ Id = 'alwayshotcafe2020.onmicrosoft.com'; AuthenticationType = 'Managed'; IsInitial = $true }
        )
        RoleAssignment  = @()
        GroupMembership = @()
        Deleted         = @()
        Mailbox         = @()
    }
}

# The seed case with every blocker the facts can show on the account to keep: its UPN on a
# federated domain, onPremisesObjectIdentifier set, cloud-managed, a privileged role assigned
# and another role eligible, and the tenant's hard-match block on.
function New-BlockedTenant {
    $seed = New-SeedTenant
    $keep = New-MgUserStandIn -Id '22222222-2222-2222-2222-222222222222' -Upn 'Alice.Keep@alwayshotcafe.com' -CloudManaged $true `
        -AdditionalProperties @{ onPremisesObjectIdentifier = 'S-1-5-21-1004336348-1177238915-682003330-1104' }
    @{
        OnPremises      = $seed.OnPremises
        Cloud           = @($seed.Cloud[0], $keep)
        Deleted         = @()
        Mapping         = @([pscustomobject]@{ OnPremises = 'alice'; Cloud = 'Alice.Keep@alwayshotcafe.com' })
        Synchronization = [pscustomobject]@{ Id = 'a5d3c1f2-0000-4000-8000-000000000001'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $true; BlockSoftMatchEnabled = $false } }
        Domain          = @(
            [pscustomobject]@{ Id = 'alwayshotcafe.com'; AuthenticationType = 'Federated'; IsInitial = $false }
            [pscustomobject]@{ Id = 'alwayshotcafe2020.onmicrosoft.com'; AuthenticationType = 'Managed'; IsInitial = $true }
        )
        RoleAssignment  = @(
            # Global Administrator, assigned for good (as Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance
            # returns it); Reports Reader, eligible (as ...RoleEligibilityScheduleInstance returns it).
            [pscustomobject]@{ Id = 'ra-ga'; PrincipalId = '22222222-2222-2222-2222-222222222222'; RoleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; DirectoryScopeId = '/'; MemberType = 'Direct'; AssignmentType = 'Assigned'; StartDateTime = [datetime]'2025-01-01'; EndDateTime = $null }
            [pscustomobject]@{ Id = 'es-rr'; PrincipalId = '22222222-2222-2222-2222-222222222222'; RoleDefinitionId = '4a5d8f65-41da-4de4-8968-e035b65339cf'; DirectoryScopeId = '/'; MemberType = 'Direct'; RoleEligibilityScheduleId = 'es-rr' }
        )
        GroupMembership = @()
        Mailbox         = @()
    }
}

# One tenant with every status and every finding. Comments name what each account is for.
function New-EveryCaseTenant {
    $g = @{
        alice = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'; bob = [guid]'30475e40-e7ae-4af3-af75-8b143c81daf5'; carol = [guid]'8755d4a8-0aa5-45c1-ab7e-880eeaeebc14'
        dave = [guid]'88666888-0101-1111-bbbb-1234567890ab'; erin = [guid]'0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'; frank = [guid]'5c2b8a91-7d3e-4f60-9a1b-2c3d4e5f6a7b'
        gina = [guid]'6d3c9ba2-8e4f-4071-ab2c-3d4e5f6a7b8c'; ginaCg = [guid]'7e4dacb3-9f50-4182-bc3d-4e5f6a7b8c9d'; dupe = [guid]'9f6ecec5-b172-43a4-de5f-6a7b8c9dae0f'
        henry = [guid]'a07fdfd6-c283-44b5-ef60-7b8c9daebf10'; ivan = [guid]'b180e0e7-d394-45c6-f071-8c9daebfc021'; judy = [guid]'c291f1f8-e4a5-46d7-8182-9daebfc0d132'
        kim = [guid]'d3a20209-f5b6-47e8-9293-aebfc0d1e243'; lee = [guid]'e4b3131a-06c7-48f9-a3a4-bfc0d1e2f354'; mike = [guid]'f5c4242b-17d8-490a-b4b5-c0d1e2f30465'
        nina = [guid]'06d5353c-28e9-4a1b-85c6-d1e2f3041576'; owen = [guid]'17e6464d-39fa-4b2c-96d7-e2f304152687'; paul = [guid]'28f7575e-4a0b-4c3d-a7e8-f30415263798'
        quinn = [guid]'3908686f-5b1c-4d4e-b8f9-0415263748a9'; other = [guid]'4a19797f-6c2d-4e5f-890a-15263748596b'; gone = [guid]'5b2a8a80-7d3e-4f60-9a1b-263748596a7c'
        rita = [guid]'6c3b9b91-8e4f-4071-ab2c-37485960a8b1'; sam = [guid]'7d4cac02-9f50-4182-bc3d-48596a7b9c02'; tina = [guid]'8e5dbd13-a061-4293-8d4e-596a7b8cad13'
        uma = [guid]'9f6ece24-b172-43a4-9e5f-6a7b8c9dbe24'; vic = [guid]'a07fdf35-c283-44b5-af60-7b8c9daecf35'; walt = [guid]'b180e046-d394-45c6-b071-8c9daebfd046'
        ritaBox = [guid]'c291f157-e4a5-46d7-8182-9daebfc0e157'; samBox = [guid]'d3a20268-f5b6-47e8-9293-aebfc0d1f268'; tinaBox = [guid]'e4b31379-06c7-48f9-a3a4-bfc0d1e20379'
        vicTwinBox = [guid]'f5c4248a-17d8-490a-b4b5-c0d1e2f3148a'
    }
    $id = { param($name) ConvertTo-TestImmutableId $g[$name] }
    $onPremises = @(
        New-ADUserStandIn -Sam 'alice' -Guid $g.alice -Upn 'alice@alwayshotcafe.com'                      # MappedExplicitly, AnchorHeldByActiveTwin, roles, switches, federation
        New-ADUserStandIn -Sam 'bob' -Guid $g.bob                                                         # DuplicateAnchor (a soft-deleted account holds it too)
        New-ADUserStandIn -Sam 'carol' -Guid $g.carol -Upn 'carol@contoso.com'                            # ProposedByUpn; target has onPremisesObjectIdentifier
        New-ADUserStandIn -Sam 'dave' -Guid $g.dave                                                       # NotSynced
        New-ADUserStandIn -Sam 'noanchor'                                                                 # NoOnPremisesAnchor
        New-ADUserStandIn -Sam 'erin' -Guid $g.erin                                                       # BigEndianAnchor
        New-ADUserStandIn -Sam 'frank' -Guid $g.frank                                                     # GuidTextAnchor
        New-ADUserStandIn -Sam 'gina' -Guid $g.gina -ConsistencyGuid $g.ginaCg                            # ObjectGuidAnchor
        New-ADUserStandIn -Sam 'dupe1' -Guid $g.dupe                                                      # DuplicateOnPremisesAnchor
        New-ADUserStandIn -Sam 'dupe2' -Guid $g.dupe -ConsistencyGuid $null
        New-ADUserStandIn -Sam 'henry' -Guid $g.henry -Mail 'henry@fabrikam.com'                          # ProposedByMail, FederatedUpn
        New-ADUserStandIn -Sam 'ivan' -Guid $g.ivan -ProxyAddresses 'SMTP:ivan@contoso.com', 'smtp:ivan@contoso.mail.onmicrosoft.com' # ProposedByProxyAddress, PrivilegedRole, CloudManaged
        New-ADUserStandIn -Sam 'judy' -Guid $g.judy -ProxyAddresses 'SMTP:judy@contoso.com'               # AmbiguousProposal
        New-ADUserStandIn -Sam 'kim' -Guid $g.kim                                                         # MappingConflict (kim and lee -> shared)
        New-ADUserStandIn -Sam 'lee' -Guid $g.lee
        New-ADUserStandIn -Sam 'mike' -Guid $g.mike                                                       # TargetHoldsOtherAnchor
        New-ADUserStandIn -Sam 'nina' -Guid $g.nina                                                       # AnchorHeldBySoftDeleted
        New-ADUserStandIn -Sam 'owen' -Guid $g.owen                                                       # TargetSyncEnabled
        New-ADUserStandIn -Sam 'paul' -Guid $g.paul                                                       # TargetSoftDeleted
        New-ADUserStandIn -Sam 'quinn' -Guid $g.quinn                                                     # Matched
        # Exchange runs on-premises (these users carry its attributes): a hybrid organisation.
        New-ADUserStandIn -Sam 'rita' -Guid $g.rita -RecipientTypeDetails 1 -MailboxGuid $g.ritaBox       # OnPremisesMailbox
        New-ADUserStandIn -Sam 'sam' -Guid $g.sam -ProxyAddresses 'SMTP:sam@contoso.com'                  # NotRemoteMailbox, CloudAddressesMissing
        New-ADUserStandIn -Sam 'tina' -Guid $g.tina -RecipientTypeDetails 2147483648 -RemoteRecipientType 4 -MailboxGuid $g.samBox -LegacyExchangeDN '/o=Contoso/cn=tina' # RemoteMailboxGuidMismatch
        New-ADUserStandIn -Sam 'uma' -Guid $g.uma                                                         # MailboxNotActive
        New-ADUserStandIn -Sam 'vic' -Guid $g.vic                                                         # TwinHasMailbox
        [pscustomobject]@{ SamAccountName = 'walt'; ObjectGUID = $g.walt; DistinguishedName = 'CN=walt,OU=Staff,DC=alwayshotcafe,DC=com'; ProxyAddresses = @(); msExchMailboxGuid = 'System.Byte[]' } # ExchangeAttributesUnreadable
    )
    $cloud = @(
        New-MgUserStandIn -Id 'c-twin' -Upn 'alice@alwayshotcafe.com' -ImmutableId (& $id alice) -SyncEnabled $true            # TwinOfHardMatch
        New-MgUserStandIn -Id 'c-keep' -Upn 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' -AdditionalProperties @{ onPremisesObjectIdentifier = $null } -CloudManaged $false
        New-MgUserStandIn -Id 'c-bob' -Upn 'bob@contoso.com' -ImmutableId (& $id bob) -SyncEnabled $true
        New-MgUserStandIn -Id 'c-bobcase' -Upn 'bob2@contoso.com' -ImmutableId (& $id bob).ToLowerInvariant()                  # CaseOnlyAnchorTwin
        New-MgUserStandIn -Id 'c-carol' -Upn 'Carol@Contoso.com' -AdditionalProperties @{ onPremisesObjectIdentifier = 'S-1-5-21-1004336348-1177238915-682003330-1001' } # OnPremisesObjectIdentifierSet
        New-MgUserStandIn -Id 'c-guest' -Upn 'guest@contoso.com'                                                               # CloudOnly
        New-MgUserStandIn -Id 'c-idp' -Upn 'idp@contoso.com' -ImmutableId 'EMP00123'                                           # NotGuidBasedAnchor (Orphan)
        New-MgUserStandIn -Id 'c-bad' -Upn 'bad@contoso.com' -ImmutableId 'bad value!'                                         # InvalidAnchor
        New-MgUserStandIn -Id 'c-gone' -Upn 'gone@contoso.com' -ImmutableId (& $id gone)                                       # Orphan
        New-MgUserStandIn -Id 'c-erin' -Upn 'erin@contoso.com' -ImmutableId (ConvertTo-BigEndianAnchor $g.erin)
        New-MgUserStandIn -Id 'c-frank' -Upn 'frank@contoso.com' -ImmutableId (ConvertTo-GuidTextAnchor $g.frank)
        New-MgUserStandIn -Id 'c-gina' -Upn 'gina@contoso.com' -ImmutableId (& $id gina)
        New-MgUserStandIn -Id 'c-henry' -Upn 'henry@fabrikam.com' -Mail 'henry@fabrikam.com'
        New-MgUserStandIn -Id 'c-ivan' -Upn 'ivan.cloud@contoso.com' -ProxyAddresses 'smtp:ivan@contoso.com' -CloudManaged $true
        New-MgUserStandIn -Id 'c-judy1' -Upn 'judy1@contoso.com' -ProxyAddresses 'smtp:judy@contoso.com'
        New-MgUserStandIn -Id 'c-judy2' -Upn 'judy2@contoso.com' -ProxyAddresses 'SMTP:judy@contoso.com'
        New-MgUserStandIn -Id 'c-shared' -Upn 'shared@contoso.com'
        New-MgUserStandIn -Id 'c-mike' -Upn 'mike.cloud@contoso.com' -ImmutableId (& $id other)
        New-MgUserStandIn -Id 'c-owen' -Upn 'owen.cloud@contoso.com' -SyncEnabled $true
        New-MgUserStandIn -Id 'c-quinn' -Upn 'quinn@contoso.com' -ImmutableId (& $id quinn) -SyncEnabled $true
        New-MgUserStandIn -Id 'c-rita' -Upn 'rita.cloud@contoso.com'
        New-MgUserStandIn -Id 'c-sam' -Upn 'sam.cloud@contoso.com'
        New-MgUserStandIn -Id 'c-tina' -Upn 'tina.cloud@contoso.com'
        New-MgUserStandIn -Id 'c-uma' -Upn 'uma.cloud@contoso.com'
        New-MgUserStandIn -Id 'c-victwin' -Upn 'vic@contoso.com' -ImmutableId (& $id vic) -SyncEnabled $true
        New-MgUserStandIn -Id 'c-vic' -Upn 'vic.cloud@contoso.com'
        New-MgUserStandIn -Id 'c-walt' -Upn 'walt.cloud@contoso.com'
    )
    $deleted = @(
        New-MgUserStandIn -Id 'd-bob' -Upn 'old-bob@contoso.com' -ImmutableId (& $id bob)
        New-MgUserStandIn -Id 'd-nina' -Upn 'nina@contoso.com' -ImmutableId (& $id nina)
        New-MgUserStandIn -Id 'd-paul' -Upn 'paul.cloud@contoso.com'
        New-MgUserStandIn -Id 'd-plain' -Upn 'left@contoso.com'                                                                # SoftDeleted
    )
    $mapping = @(
        [pscustomobject]@{ OnPremises = 'alice'; Cloud = 'Alice.Cloud@alwayshotcafe2020.onmicrosoft.com' }
        [pscustomobject]@{ OnPremises = 'kim'; Cloud = 'shared@contoso.com' }
        [pscustomobject]@{ OnPremises = 'lee'; Cloud = 'shared@contoso.com' }
        [pscustomobject]@{ OnPremises = "$($g.mike)"; Cloud = 'c-mike' }
        [pscustomobject]@{ OnPremises = 'CN=owen,OU=Staff,DC=alwayshotcafe,DC=com'; Cloud = 'owen.cloud@contoso.com' }
        [pscustomobject]@{ OnPremises = 'paul'; Cloud = 'paul.cloud@contoso.com' }
        [pscustomobject]@{ OnPremises = 'nobody'; Cloud = 'x@contoso.com' }
        [pscustomobject]@{ OnPremises = 'rita'; Cloud = 'c-rita' }
        [pscustomobject]@{ OnPremises = 'sam'; Cloud = 'c-sam' }
        [pscustomobject]@{ OnPremises = 'tina'; Cloud = 'c-tina' }
        [pscustomobject]@{ OnPremises = 'uma'; Cloud = 'c-uma' }
        [pscustomobject]@{ OnPremises = 'vic'; Cloud = 'c-vic' }
        [pscustomobject]@{ OnPremises = 'walt'; Cloud = 'c-walt' }
    )
    $mailbox = @(
        New-EXOMailboxStandIn -UserId 'c-rita' -Upn 'rita.cloud@contoso.com' -ExchangeGuid $g.ritaBox -Primary 'rita@contoso.com'
        New-EXOMailboxStandIn -UserId 'c-sam' -Upn 'sam.cloud@contoso.com' -ExchangeGuid $g.samBox -Primary 'sam@contoso.com' -Addresses 'smtp:sam.cloud@contoso.com', 'smtp:sam@contoso.mail.onmicrosoft.com' -LegacyExchangeDN '/o=ExchangeLabs/cn=Recipients/cn=sam'
        New-EXOMailboxStandIn -UserId 'c-tina' -Upn 'tina.cloud@contoso.com' -ExchangeGuid $g.tinaBox -Primary 'tina@contoso.com'
        New-EXOMailboxStandIn -UserId 'c-uma' -Upn 'uma.cloud@contoso.com' -ExchangeGuid $g.uma -Primary 'uma@contoso.com' -Inactive
        New-EXOMailboxStandIn -UserId 'c-victwin' -Upn 'vic@contoso.com' -ExchangeGuid $g.vicTwinBox -Primary 'vic@contoso.com'
    )
    @{
        OnPremises      = $onPremises
        Cloud           = $cloud
        Deleted         = $deleted
        Mapping         = $mapping
        Synchronization = [pscustomobject]@{ Id = 'sync-1'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $true; BlockSoftMatchEnabled = $true } }
        Domain          = @(
            [pscustomobject]@{ Id = 'alwayshotcafe.com'; AuthenticationType = 'Managed'; IsInitial = $false }
            [pscustomobject]@{ Id = 'alwayshotcafe2020.onmicrosoft.com'; AuthenticationType = 'Managed'; IsInitial = $true }
            [pscustomobject]@{ Id = 'contoso.com'; AuthenticationType = 'Managed'; IsInitial = $false }
            [pscustomobject]@{ Id = 'fabrikam.com'; AuthenticationType = 'Federated'; IsInitial = $false }
        )
        RoleAssignment  = @(
            [pscustomobject]@{ Id = 'ra-1'; PrincipalId = 'c-ivan'; RoleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; DirectoryScopeId = '/'; MemberType = 'Direct'; AssignmentType = 'Assigned'; EndDateTime = $null }
            [pscustomobject]@{ Id = 'ra-2'; PrincipalId = 'c-keep'; RoleDefinitionId = '4a5d8f65-41da-4de4-8968-e035b65339cf'; DirectoryScopeId = '/'; MemberType = 'Direct'; AssignmentType = 'Assigned'; EndDateTime = $null; RoleDefinition = [pscustomobject]@{ DisplayName = 'Reports Reader'; IsPrivileged = $false } }
        )
        GroupMembership = @()
        Mailbox         = $mailbox
    }
}
