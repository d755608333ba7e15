# A stateful, in-memory "lab" tenant, dot-sourced after Common.ps1: stand-ins for the Microsoft
# Graph, Exchange (Online and on-premises), ActiveDirectory and ADSync cmdlets that the scripts of
# New-HardMatchPlan -AsScript call, over one directory (AD and Entra ID) that they change, and a
# simplified Entra Connect sync engine (Start-ADSyncSyncCycle) that joins, matches, refuses and
# deletes as Entra does. A test builds the lab (Reset-Lab, Add-Lab*, New-LabPairs), plans from
# Get-LabFacts, runs the script, then asserts on Get-LabState and Get-LabCalls.
#
# Import-Lab loads it all as one global module, ImmutableIdLab, so that the state is the
# module's and the stand-ins shadow any real module's commands; Remove-Lab unloads it. Pester
# runs every file in one session: call Remove-Lab in AfterAll.
#
# Errors: real Graph, AD and Exchange cmdlets are compiled, so a script's
# $ErrorActionPreference = 'Stop' makes their errors terminating; a module function does not
# see its caller's preference. So each stand-in reports an error by throwing a terminating
# error (message starting with its name), unless called with -ErrorAction SilentlyContinue or
# Ignore, when it writes and returns nothing. A call the lab does not understand fails loudly
# whatever -ErrorAction says: that is the lab's limit, not the tenant's answer.
#
# Runs in Windows PowerShell 5.1 too: no ?., ??, ternary or -AsHashtable.

function Import-Lab {
    New-Module -Name ImmutableIdLab -ScriptBlock {
        Set-StrictMode -Version Latest

        #region Constants
        $script:StaffOU = 'OU=Staff,DC=alwayshotcafe,DC=com'
        $script:UnsyncedOU = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
        $script:VerifiedDomain = 'alwayshotcafe.com'
        $script:InitialDomain = 'alwayshotcafe2020.onmicrosoft.com'
        $script:SyncId = 'a5d3c1f2-0000-4000-8000-000000000001'
        $script:GlobalAdministrator = '62e90394-69f5-4237-9190-012177145e10'
        # Built-in roles Microsoft's permissions reference marks "Privileged" (template ids):
        # Entra refuses a hard match onto an account holding or eligible for one of them.
        $script:PrivilegedRoles = @{
            '62e90394-69f5-4237-9190-012177145e10' = 'Global Administrator'
            'e8611ab8-c189-46e8-94e1-60213ab1f814' = 'Privileged Role Administrator'
            'fe930be7-5e62-47db-91af-98c3a49a38b1' = 'User Administrator'
            '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2' = 'Hybrid Identity Administrator'
            '7be44c8a-adaf-4e2a-84d6-ab2649e08a13' = 'Privileged Authentication Administrator'
            'c4e39bd9-1100-46d3-8c65-fb160da0071f' = 'Authentication Administrator'
            '194ae4cb-b126-40b2-bd5b-6091b380977d' = 'Security Administrator'
            '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3' = 'Application Administrator'
            '158c047a-c907-4556-b7ef-446551a6b5f7' = 'Cloud Application Administrator'
            'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9' = 'Conditional Access Administrator'
            '729827e3-9c14-49f7-bb1b-9608f156bbb8' = 'Helpdesk Administrator'
            '966707d0-3269-4727-9be2-8c3a10f19b9d' = 'Password Administrator'
            'f2ef992c-3afb-46b9-b7cf-a126ee74c451' = 'Global Reader'
            '3a2c62db-5318-420d-8d74-23affee5d9d5' = 'Intune Administrator'
            '9360feb5-f418-4baa-8175-e2a00bac4301' = 'Directory Writers'
        }
        # msExchRecipientTypeDetails of remote (cloud) mailboxes: user, room, equipment, shared.
        $script:RemoteMailboxTypes = @(2147483648, 8589934592, 17179869184, 34359738368)
        # What Get-ADUser -Properties can ask for beyond its default set, in AD's spelling.
        $script:ADAttributes = @('mail', 'proxyAddresses', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid', 'msExchArchiveGuid',
            'msExchRecipientTypeDetails', 'msExchRemoteRecipientType', 'legacyExchangeDN', 'targetAddress', 'mailNickname', 'userPrincipalName')
        $script:ADDefaultProperties = @('SamAccountName', 'ObjectGUID', 'UserPrincipalName', 'DistinguishedName', 'Enabled')
        # Not journaled: they say how to run a call, not what it asks.
        $script:CommonParameters = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
                'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable', 'WarningVariable',
                'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm', 'UseTransaction'), [StringComparer]::OrdinalIgnoreCase)
        #endregion

        #region State
        function New-LabTable([switch] $CaseSensitive) {
            $comparer = if ($CaseSensitive) { [StringComparer]::Ordinal } else { [StringComparer]::OrdinalIgnoreCase }
            [System.Collections.Generic.Dictionary[string, object]]::new($comparer)
        }

        # Empties the lab: the tenant alwayshotcafe.com with its sync features, no users.
        function Reset-Lab {
            [CmdletBinding()]
            param([switch] $Blocked, [switch] $FederatedDomain)
            $script:AD = New-LabTable                                 # objectGUID text -> AD user
            $script:ADBySam = New-LabTable
            $script:ADByDn = New-LabTable
            $script:OUs = [System.Collections.Generic.HashSet[string]]::new([string[]]@($script:StaffOU, $script:UnsyncedOU), [StringComparer]::OrdinalIgnoreCase)
            $script:Cloud = New-LabTable                              # object id -> cloud user (active or soft-deleted)
            $script:ByUpn = New-LabTable                              # UPN -> users (lists; active and deleted)
            $script:ByAnchor = New-LabTable -CaseSensitive            # onPremisesImmutableId -> users: Entra compares anchors case-sensitively
            $script:ByAddress = New-LabTable                          # 'smtp:address' -> users
            $script:Joins = New-LabTable                              # AD objectGUID -> the synced cloud user joined to it
            $script:Roles = New-LabTable                              # principal id -> its assignments and eligibilities
            $script:Mailboxes = New-LabTable                          # user id -> its Exchange Online mailbox
            $script:SyncErrors = New-LabTable                         # sAMAccountName -> errors of the last sync that saw it
            $script:ErrorsByTarget = New-LabTable                     # cloud id -> those errors, for Get-MgUser
            $script:Purges = New-LabTable                             # id -> purges (a second purge of one id is a bug)
            $script:ObjectIdentifierClears = New-LabTable             # id -> PATCHes of onPremisesObjectIdentifier = null
            $script:Mapping = [System.Collections.Generic.List[object]]::new()
            $script:Calls = [System.Collections.Generic.List[string]]::new()
            $script:Runs = [System.Collections.Generic.List[object]]::new()
            $script:Fault = $null
            $script:Counters = @{ AnchorQueries = 0; Provisioned = 0; Roles = 0 }
            $script:Tenant = @{
                SyncId           = $script:SyncId
                Block            = [bool]$Blocked
                BlockSoftMatch   = $false
                SchedulerEnabled = $true
                Domains          = @(
                    @{ Id = $script:VerifiedDomain; AuthenticationType = $(if ($FederatedDomain) { 'Federated' } else { 'Managed' }); IsInitial = $false; IsDefault = $true; IsVerified = $true }
                    @{ Id = $script:InitialDomain; AuthenticationType = 'Managed'; IsInitial = $true; IsDefault = $false; IsVerified = $true }
                )
            }
        }
        #endregion

        #region Indexes
        function Add-LabIndexEntry($Index, [string] $Key, $Record) {
            if (-not $Key) { return }
            $list = $null
            if (-not $Index.TryGetValue($Key, [ref]$list)) {
                $list = [System.Collections.Generic.List[object]]::new()
                $Index[$Key] = $list
            }
            $list.Add($Record)
        }

        function Remove-LabIndexEntry($Index, [string] $Key, $Record) {
            if (-not $Key) { return }
            $list = $null
            if ($Index.TryGetValue($Key, [ref]$list)) {
                [void]$list.Remove($Record)
                if ($list.Count -eq 0) { [void]$Index.Remove($Key) }
            }
        }

        function Get-LabIndexEntry($Index, [string] $Key) {
            $list = $null
            if ($Key -and $Index.TryGetValue($Key, [ref]$list)) { $list.ToArray() }
        }

        # The 'smtp:address' keys a cloud user occupies: its mail and SMTP proxy addresses.
        function Get-LabAddressKey([hashtable] $User) {
            $keys = @(foreach ($proxy in @($User.ProxyAddresses)) { if ("$proxy" -match '^smtp:(.+)$') { 'smtp:' + $Matches[1].ToLowerInvariant() } })
            if ($User.Mail) { $keys += 'smtp:' + $User.Mail.ToLowerInvariant() }
            @($keys | Select-Object -Unique)
        }
        #endregion

        #region Directory records (AD)
        function Get-LabParentDn([string] $Dn) {
            # The container: everything after the first comma that is not escaped.
            for ($i = 0; $i -lt $Dn.Length; $i++) {
                if ($Dn[$i] -eq '\') { $i++; continue }
                if ($Dn[$i] -eq ',') { return $Dn.Substring($i + 1).TrimStart() }
            }
            ''
        }

        function Test-LabInScope([hashtable] $ADUser) { (Get-LabParentDn $ADUser.DistinguishedName) -eq $script:StaffOU }

        # The sourceAnchor Entra Connect computes: mS-DS-ConsistencyGuid when set, else objectGUID.
        function Get-LabADAnchor([hashtable] $ADUser) {
            $consistency = $ADUser['mS-DS-ConsistencyGuid']
            if ($consistency -is [byte[]] -and $consistency.Length -eq 16) { return [Convert]::ToBase64String($consistency) }
            [Convert]::ToBase64String($ADUser.ObjectGUID.ToByteArray())
        }

        function Set-LabADDn([hashtable] $ADUser, [string] $Dn) {
            [void]$script:ADByDn.Remove($ADUser.DistinguishedName)
            $ADUser.DistinguishedName = $Dn
            $script:ADByDn[$Dn] = $ADUser
        }

        # An AD user by objectGUID (text, braces or not), DN or sAMAccountName; $null when none.
        function Find-LabADUser($Identity) {
            if ($null -eq $Identity) { return $null }
            if ($Identity -is [hashtable]) { return $Identity }
            if ($Identity -isnot [string] -and $Identity.PSObject.Properties['ObjectGUID']) { $Identity = $Identity.ObjectGUID }
            $text = "$Identity".Trim()
            $found = $null
            if ($script:AD.TryGetValue($text.Trim('{', '}'), [ref]$found)) { return $found }
            if ($script:ADByDn.TryGetValue($text, [ref]$found)) { return $found }
            if ($script:ADBySam.TryGetValue($text, [ref]$found)) { return $found }
            $null
        }

        function Resolve-LabADUser($Identity) {
            $user = Find-LabADUser $Identity
            if (-not $user) {
                Deny-LabCall "Cannot find an object with identity: '$Identity' under: 'DC=alwayshotcafe,DC=com'." -Id 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException' -Category ObjectNotFound -Target $Identity
            }
            $user
        }

        # An attribute name in the lab's spelling (AD's names ignore case); unknown: refused.
        function Resolve-LabADAttribute([string] $Name) {
            foreach ($known in $script:ADAttributes) { if ($known -eq $Name) { return $known } }
            if ($Name -eq 'EmailAddress') { return 'mail' }
            Deny-LabCall "The specified directory service attribute or value does not exist. Parameter name: $Name" -Id 'ActiveDirectoryServer:8317' -Category InvalidArgument -Target $Name
        }
        #endregion

        #region Cloud records (Entra ID)
        function Find-LabCloudUser([string] $Id, [switch] $IncludeDeleted) {
            $user = $null
            if (-not $script:Cloud.TryGetValue($Id, [ref]$user)) {
                $user = @(Get-LabIndexEntry $script:ByUpn $Id | Where-Object { -not $_.Deleted }) | Select-Object -First 1
            }
            if ($user -and ($IncludeDeleted -or -not $user.Deleted)) { return $user }
            $null
        }

        function Resolve-LabCloudUser([string] $Id) {
            $user = Find-LabCloudUser $Id
            if (-not $user) {
                Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
            }
            $user
        }

        function Resolve-LabDeletedUser([string] $Id) {
            $user = $null
            if (-not $script:Cloud.TryGetValue($Id, [ref]$user) -or -not $user.Deleted) {
                Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
            }
            $user
        }

        function Add-LabCloudRecord([hashtable] $User) {
            if ($script:Cloud.ContainsKey($User.Id)) { throw "The lab already has a cloud user with id $($User.Id)." }
            $script:Cloud[$User.Id] = $User
            Add-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
            Add-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
            foreach ($key in Get-LabAddressKey $User) { Add-LabIndexEntry $script:ByAddress $key $User }
        }

        function New-LabCloudRecord([string] $Id, [string] $Upn) {
            @{
                Id = $Id; UserPrincipalName = $Upn; Mail = $null; ProxyAddresses = [string[]]@(); OnPremisesImmutableId = $null
                OnPremisesSyncEnabled = $null; OnPremisesDistinguishedName = $null; OnPremisesSamAccountName = $null
                OnPremisesObjectIdentifier = $null; IsCloudManaged = $false; Deleted = $false; DeletedDateTime = $null
                JoinedTo = $null; PasswordChanges = 0; ProvisionedBySync = $false
            }
        }

        function Set-LabCloudUpn([hashtable] $User, [string] $Upn) {
            Remove-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
            $User.UserPrincipalName = $Upn
            Add-LabIndexEntry $script:ByUpn $Upn $User
        }

        function Set-LabCloudAnchor([hashtable] $User, [string] $Anchor) {
            Remove-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
            $User.OnPremisesImmutableId = $(if ($Anchor) { $Anchor } else { $null })
            Add-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
        }

        function Set-LabCloudAddress([hashtable] $User, [string] $Mail, [string[]] $ProxyAddresses) {
            foreach ($key in Get-LabAddressKey $User) { Remove-LabIndexEntry $script:ByAddress $key $User }
            $User.Mail = $(if ($Mail) { $Mail } else { $null })
            $User.ProxyAddresses = [string[]]@($ProxyAddresses | Where-Object { $_ })
            foreach ($key in Get-LabAddressKey $User) { Add-LabIndexEntry $script:ByAddress $key $User }
        }

        # The active users other than $Except holding an anchor, UPN or address.
        function Get-LabAnchorHolder([string] $Anchor, $Except) { @(Get-LabIndexEntry $script:ByAnchor $Anchor | Where-Object { $_ -ne $Except }) }
        function Get-LabUpnHolder([string] $Upn, $Except) { @(Get-LabIndexEntry $script:ByUpn $Upn | Where-Object { $_ -ne $Except -and -not $_.Deleted }) }
        function Get-LabAddressHolder([string] $Address, $Except) {
            $bare = $Address -replace '^smtp:', ''
            @(Get-LabIndexEntry $script:ByAddress ('smtp:' + $bare.ToLowerInvariant()) | Where-Object { $_ -ne $Except -and -not $_.Deleted })
        }

        function Get-LabDomain([string] $Upn) {
            $suffix = ($Upn -split '@')[-1]
            foreach ($domain in $script:Tenant.Domains) { if ($domain.Id -eq $suffix) { return $domain } }
            $null
        }

        # To the recycle bin: it keeps its anchor, UPN and roles; its mailbox is soft-deleted with it.
        function Remove-LabCloudUserSoftly([hashtable] $User) {
            $User.Deleted = $true
            $User.DeletedDateTime = [datetime]::UtcNow
        }

        # Gone for good, with its roles and mailbox.
        function Remove-LabCloudUserForGood([hashtable] $User) {
            [void]$script:Cloud.Remove($User.Id)
            Remove-LabIndexEntry $script:ByUpn $User.UserPrincipalName $User
            Remove-LabIndexEntry $script:ByAnchor $User.OnPremisesImmutableId $User
            foreach ($key in Get-LabAddressKey $User) { Remove-LabIndexEntry $script:ByAddress $key $User }
            [void]$script:Roles.Remove($User.Id)
            [void]$script:Mailboxes.Remove($User.Id)
            $count = 0
            [void]$script:Purges.TryGetValue($User.Id, [ref]$count)
            $script:Purges[$User.Id] = $count + 1
        }

        function Get-LabMailboxOf([hashtable] $User) {
            $mailbox = $null
            if ($User -and $script:Mailboxes.TryGetValue($User.Id, [ref]$mailbox)) { return $mailbox }
            $null
        }
        #endregion

        #region Roles
        function Get-LabRoleOf([string] $PrincipalId) {
            $list = $null
            if ($script:Roles.TryGetValue($PrincipalId, [ref]$list)) { $list.ToArray() }
        }

        function Find-LabRole([string] $PrincipalId, [string] $RoleDefinitionId, [string] $Scope, [bool] $Eligible) {
            @(Get-LabRoleOf $PrincipalId | Where-Object {
                    $_.Eligible -eq $Eligible -and $_.RoleDefinitionId -eq $RoleDefinitionId -and (-not $Scope -or $_.DirectoryScopeId -eq $Scope)
                })
        }

        function Add-LabRoleRecord([string] $PrincipalId, [string] $RoleDefinitionId, [string] $Scope, [bool] $Eligible, $ScheduleInfo) {
            $script:Counters.Roles++
            $id = '{0}-{1}' -f $(if ($Eligible) { 'es' } else { 'ra' }), $script:Counters.Roles
            $role = @{ Id = $id; PrincipalId = $PrincipalId; RoleDefinitionId = $RoleDefinitionId; DirectoryScopeId = $Scope; Eligible = $Eligible; ScheduleInfo = $ScheduleInfo }
            Add-LabIndexEntry $script:Roles $PrincipalId $role
            $role
        }

        function Remove-LabRoleRecord([hashtable] $Role) { Remove-LabIndexEntry $script:Roles $Role.PrincipalId $Role }

        # "principalId eq '<id>' [and roleDefinitionId eq '<def>']": the one -Filter form scripts send.
        function ConvertFrom-LabRoleFilter([string] $Filter) {
            $wanted = @{}
            foreach ($clause in ($Filter -split '\s+and\s+')) {
                if ($clause -notmatch "^\s*(principalId|roleDefinitionId|directoryScopeId)\s+eq\s+'([^']*)'\s*$") {
                    throw "The lab's role stand-ins understand -Filter `"principalId eq '<id>' and roleDefinitionId eq '<def>'`" only, not: $Filter"
                }
                $wanted[$Matches[1]] = $Matches[2]
            }
            $wanted
        }

        function Get-LabRoleByFilter([string] $Filter, [bool] $Eligible) {
            $wanted = if ($Filter) { ConvertFrom-LabRoleFilter $Filter } else { @{} }
            $roles = if ($wanted.ContainsKey('principalId')) { Get-LabRoleOf $wanted.principalId } else { @($script:Roles.Values | ForEach-Object { $_.ToArray() }) }
            foreach ($role in $roles) {
                if ($role.Eligible -ne $Eligible) { continue }
                if ($wanted.ContainsKey('roleDefinitionId') -and $role.RoleDefinitionId -ne $wanted.roleDefinitionId) { continue }
                if ($wanted.ContainsKey('directoryScopeId') -and $role.DirectoryScopeId -ne $wanted.directoryScopeId) { continue }
                [pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId }
            }
        }

        # A schedule request: adminRemove ends what is there, adminAssign adds what is not, as Graph.
        function Invoke-LabRoleRequest([System.Collections.IDictionary] $Body, [bool] $Eligible) {
            $principal = [string]$Body['principalId']
            $definition = [string]$Body['roleDefinitionId']
            $scope = if ($Body['directoryScopeId']) { [string]$Body['directoryScopeId'] } else { '/' }
            $existing = @(Find-LabRole $principal $definition $scope $Eligible)
            $noun = if ($Eligible) { 'eligibility' } else { 'assignment' }
            switch -Regex ([string]$Body['action']) {
                '^adminRemove$' {
                    if ($existing.Count -eq 0) { Deny-LabCall "[RoleAssignmentDoesNotExist] : The role $noun of $definition for $principal at scope '$scope' does not exist." -Id 'RoleAssignmentDoesNotExist' -Category ObjectNotFound -Target $principal }
                    foreach ($role in $existing) { Remove-LabRoleRecord $role }
                }
                '^adminAssign$' {
                    if ($existing.Count -gt 0) { Deny-LabCall "[RoleAssignmentExists] : The role $noun of $definition for $principal at scope '$scope' already exists." -Id 'RoleAssignmentExists' -Category ResourceExists -Target $principal }
                    [void](Resolve-LabCloudUser $principal)
                    [void](Add-LabRoleRecord $principal $definition $scope $Eligible $Body['scheduleInfo'])
                }
                default { throw "The lab's role stand-ins handle action adminRemove and adminAssign only, not '$($Body['action'])'." }
            }
            [pscustomobject]@{ Id = [guid]::NewGuid().ToString(); Action = $Body['action']; Status = 'Provisioned'; PrincipalId = $principal; RoleDefinitionId = $definition; DirectoryScopeId = $scope }
        }
        #endregion

        #region Calls: journal, faults, errors
        function Format-LabValue($Value) {
            if ($null -eq $Value) { return '$null' }
            if ($Value -is [bool]) { return '$' + "$Value".ToLowerInvariant() }
            if ($Value -is [byte[]]) { return [Convert]::ToBase64String($Value) }       # a 16-byte anchor reads as its ImmutableId
            if ($Value -is [securestring]) { return '<secure>' }
            if ($Value -is [datetime]) { return $Value.ToString('o') }
            if ($Value -is [System.Collections.IDictionary]) {
                $parts = foreach ($key in @($Value.Keys | Sort-Object)) {
                    $shown = if ("$key" -eq 'Password') { '<secret>' } else { Format-LabValue $Value[$key] }
                    "$key=$shown"
                }
                return '@{' + (@($parts) -join ';') + '}'
            }
            if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) {
                $items = @(foreach ($item in $Value) { Format-LabValue $item })
                if ($items.Count -eq 0) { return '@()' }
                return $items -join ','
            }
            "$Value"
        }

        # Every stand-in starts so: the call goes in the journal, then fails if the fault says so.
        # Returns what ShouldProcess says (-WhatIf: $false).
        function Enter-LabCall([System.Management.Automation.PSCmdlet] $Cmdlet, [System.Collections.IDictionary] $Bound) {
            $parts = [System.Collections.Generic.List[string]]::new()
            $parts.Add($Cmdlet.MyInvocation.MyCommand.Name)
            foreach ($key in $Bound.Keys) {
                if ($script:CommonParameters.Contains($key)) { continue }
                $value = $Bound[$key]
                if ($value -is [System.Management.Automation.SwitchParameter]) {
                    $parts.Add($(if ($value.IsPresent) { "-$key" } else { "-${key}:`$false" }))
                }
                else { $parts.Add("-$key $(Format-LabValue $value)") }
            }
            $call = $parts -join ' '
            $script:Calls.Add($call)
            if ($script:Fault) {
                foreach ($verdict in @(& $script:Fault $call)) {
                    if ($verdict) { Deny-LabCall "The lab's fault failed this call: $call" -Id 'LabFault' -Category OperationStopped -Target $call }
                }
            }
            $Cmdlet.ShouldProcess($call)
        }

        # The tenant (or forest) refuses: an error the stand-in reports as its cmdlet would.
        function Deny-LabCall {
            param([string] $Message, [string] $Id = 'LabError', [System.Management.Automation.ErrorCategory] $Category = 'InvalidOperation', $Target)
            $exception = if ($Category -eq 'ObjectNotFound') { [System.Management.Automation.ItemNotFoundException]::new($Message) } else { [System.InvalidOperationException]::new($Message) }
            $exception.Data['ImmutableIdLab'] = $Id
            throw [System.Management.Automation.ErrorRecord]::new($exception, $Id, $Category, $Target)
        }

        # Every stand-in ends so when something threw: a refusal is a terminating error (nothing,
        # under -ErrorAction SilentlyContinue or Ignore); anything else is the lab's own failure,
        # always reported.
        function Stop-LabCall([System.Management.Automation.PSCmdlet] $Cmdlet, [System.Collections.IDictionary] $Bound, [System.Management.Automation.ErrorRecord] $Record) {
            $name = $Cmdlet.MyInvocation.MyCommand.Name
            if (-not $Record.Exception.Data.Contains('ImmutableIdLab')) {
                $exception = [System.InvalidOperationException]::new("${name} (the lab's stand-in) failed: $($Record.Exception.Message)", $Record.Exception)
                $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'LabStandInFailed', 'NotImplemented', $null))
            }
            $action = if ($Bound.ContainsKey('ErrorAction')) { "$($Bound['ErrorAction'])" } else { '' }
            if ($action -eq 'SilentlyContinue' -or $action -eq 'Ignore') { return }
            $id = $Record.Exception.Data['ImmutableIdLab']
            $exception = if ($Record.Exception -is [System.Management.Automation.ItemNotFoundException]) { [System.Management.Automation.ItemNotFoundException]::new("${name}: $($Record.Exception.Message)") } else { [System.InvalidOperationException]::new("${name}: $($Record.Exception.Message)") }
            $exception.Data['ImmutableIdLab'] = $id
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, $id, $Record.CategoryInfo.Category, $Record.TargetObject))
        }

        function Get-LabCalls { $script:Calls.ToArray() }
        function Clear-LabCalls { $script:Calls.Clear() }

        # A block given each call's journal line: when it returns true, that call fails.
        function Set-LabFault {
            param([Parameter(Position = 0)] [AllowNull()] [scriptblock] $Fault)
            $script:Fault = $Fault
        }

        # A body as a hashtable: Invoke-MgGraphRequest takes hashtables or JSON text.
        function ConvertTo-LabBody($Body) {
            if ($null -eq $Body) { return @{} }
            if ($Body -is [System.Collections.IDictionary]) { return $Body }
            if ($Body -is [string]) { $Body = $Body | ConvertFrom-Json }
            $table = @{}
            foreach ($property in $Body.PSObject.Properties) { $table[$property.Name] = $property.Value }
            $table
        }
        #endregion

        #region Building the lab
        # A GUID's bytes as AD stores them ($null for none). Returned whole: emitted, a byte[]
        # would be unrolled into an object[], which is no longer an attribute value.
        function ConvertTo-LabGuidBytes($Guid) {
            if (-not $Guid) { return $null }
            , ([guid]"$Guid").ToByteArray()
        }

        function Add-LabADUser {
            [CmdletBinding()]
            param(
                [Parameter(Mandatory = $true)] [string] $Sam,
                [Parameter(Mandatory = $true)] [guid] $Guid,
                [object] $ConsistencyGuid,
                [string] $Upn,
                [string] $OU = $script:StaffOU,
                [string] $Mail,
                [string[]] $ProxyAddresses,
                [object] $MailboxGuid,
                [object] $ArchiveGuid,
                [object] $RecipientTypeDetails,
                [object] $RemoteRecipientType,
                [string] $LegacyExchangeDN
            )
            if ($script:AD.ContainsKey($Guid.ToString())) { throw "The lab already has an AD user with objectGUID $Guid." }
            if ($script:ADBySam.ContainsKey($Sam)) { throw "The lab already has an AD user $Sam." }
            $user = @{
                SamAccountName             = $Sam
                ObjectGUID                 = $Guid
                UserPrincipalName          = $(if ($Upn) { $Upn } else { $null })
                DistinguishedName          = "CN=$Sam,$OU"
                Enabled                    = $true
                'mS-DS-ConsistencyGuid'    = ConvertTo-LabGuidBytes $ConsistencyGuid
                mail                       = $(if ($Mail) { $Mail } else { $null })
                proxyAddresses             = [string[]]@($ProxyAddresses | Where-Object { $_ })
                msExchMailboxGuid          = ConvertTo-LabGuidBytes $MailboxGuid
                msExchArchiveGuid          = ConvertTo-LabGuidBytes $ArchiveGuid
                msExchRecipientTypeDetails = $(if ($null -ne $RecipientTypeDetails) { [long]$RecipientTypeDetails } else { $null })
                msExchRemoteRecipientType  = $(if ($null -ne $RemoteRecipientType) { [long]$RemoteRecipientType } else { $null })
                legacyExchangeDN           = $(if ($LegacyExchangeDN) { $LegacyExchangeDN } else { $null })
                targetAddress              = $null
                mailNickname               = $null
            }
            [void]$script:OUs.Add($OU)
            $script:AD[$Guid.ToString()] = $user
            $script:ADBySam[$Sam] = $user
            $script:ADByDn[$user.DistinguishedName] = $user
        }

        function Add-LabCloudUser {
            [CmdletBinding()]
            param(
                [Parameter(Mandatory = $true)] [string] $Id,
                [Parameter(Mandatory = $true)] [string] $Upn,
                [string] $ImmutableId,
                [object] $SyncedFrom,
                [switch] $Deleted,
                [string] $ObjectIdentifier,
                [switch] $CloudManaged,
                [string] $Mail,
                [string[]] $ProxyAddresses
            )
            $user = New-LabCloudRecord $Id $Upn
            $user.Mail = $(if ($Mail) { $Mail } else { $null })
            $user.ProxyAddresses = [string[]]@($ProxyAddresses | Where-Object { $_ })
            $user.OnPremisesImmutableId = $(if ($ImmutableId) { $ImmutableId } else { $null })
            $user.OnPremisesObjectIdentifier = $(if ($ObjectIdentifier) { $ObjectIdentifier } else { $null })
            $user.IsCloudManaged = [bool]$CloudManaged
            $ad = $null
            if ($SyncedFrom) {
                $ad = Find-LabADUser "$SyncedFrom"
                if (-not $ad) { throw "Add-LabCloudUser -SyncedFrom: no AD user $SyncedFrom in the lab (add it first)." }
                if (-not $Deleted -and $script:Joins.ContainsKey($ad.ObjectGUID.ToString())) { throw "Add-LabCloudUser -SyncedFrom: $($ad.SamAccountName) is joined to another cloud user already." }
                if (-not $ImmutableId) { $user.OnPremisesImmutableId = Get-LabADAnchor $ad }
                $user.OnPremisesSyncEnabled = $true
                $user.OnPremisesDistinguishedName = $ad.DistinguishedName
                $user.OnPremisesSamAccountName = $ad.SamAccountName
            }
            if ($Deleted) { $user.Deleted = $true; $user.DeletedDateTime = [datetime]::UtcNow.AddDays(-1) }
            Add-LabCloudRecord $user
            if ($ad -and -not $Deleted) {
                $user.JoinedTo = $ad.ObjectGUID.ToString()
                $script:Joins[$user.JoinedTo] = $user
            }
        }

        function Add-LabRole {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true)] [string] $PrincipalId, [Parameter(Mandatory = $true)] [string] $RoleDefinitionId, [switch] $Eligible, [string] $Scope = '/')
            if (-not $script:Cloud.ContainsKey($PrincipalId)) { throw "Add-LabRole: no cloud user $PrincipalId in the lab." }
            $role = Add-LabRoleRecord $PrincipalId $RoleDefinitionId $Scope ([bool]$Eligible) $null
            $role.Id
        }

        # The Exchange Online mailbox of a cloud user; the user's mail and proxy addresses are
        # the mailbox's, as Exchange Online writes them back.
        function Add-LabMailbox {
            [CmdletBinding()]
            param(
                [Parameter(Mandatory = $true)] [string] $UserId,
                [Parameter(Mandatory = $true)] [guid] $ExchangeGuid,
                [Parameter(Mandatory = $true)] [string] $Primary,
                [string[]] $Addresses,
                [string] $LegacyExchangeDN,
                [guid] $ArchiveGuid = [guid]::Empty
            )
            $user = $null
            if (-not $script:Cloud.TryGetValue($UserId, [ref]$user)) { throw "Add-LabMailbox: no cloud user $UserId in the lab." }
            $alias = ($Primary -split '@')[0]
            $script:Mailboxes[$user.Id] = @{
                UserId               = $user.Id
                ExchangeGuid         = $ExchangeGuid
                ArchiveGuid          = $ArchiveGuid
                LegacyExchangeDN     = $(if ($LegacyExchangeDN) { $LegacyExchangeDN } else { "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=$($user.Id.Replace('-', ''))-$alias" })
                Alias                = $alias
                PrimarySmtpAddress   = $Primary
                EmailAddresses       = [string[]]@(@("SMTP:$Primary") + @($Addresses | Where-Object { $_ }))
                RecipientTypeDetails = 'UserMailbox'
            }
            # (A synced user's come from AD: they are filled only when it has none.)
            if (-not $user.OnPremisesSyncEnabled -or (-not $user.Mail -and $user.ProxyAddresses.Count -eq 0)) { Set-LabCloudAddress $user $Primary $script:Mailboxes[$user.Id].EmailAddresses }
        }

        function Add-LabMapping {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true)] [string] $OnPremises, [Parameter(Mandatory = $true)] [string] $Cloud)
            $row = [pscustomobject]@{ OnPremises = $OnPremises; Cloud = $Cloud }
            $script:Mapping.Add($row)
            $row
        }

        # N people, each with an AD user, its synced twin (holding its anchor) and the cloud-only
        # account they keep, as a hard match starts. Deterministic ids: the i-th has
        #   AD objectGUID  iiiiiiii-0000-4000-8000-iiiiiiiiiiii
        #   twin id        iiiiiiii-0001-4000-8000-iiiiiiiiiiii
        #   keep id        iiiiiiii-0002-4000-8000-iiiiiiiiiiii  (mailbox ExchangeGuid ...-0003-...)
        function New-LabPairs {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true)] [int] $Count, [int] $Start = 1, [switch] $Privileged, [switch] $ObjectIdentifier, [switch] $CloudManaged, [switch] $Mailbox)
            for ($i = $Start; $i -lt $Start + $Count; $i++) {
                $ids = Get-LabPairIds $i
                Add-LabADUser -Sam "user$i" -Guid $ids.ADGuid -Upn "user$i@$($script:VerifiedDomain)"
                Add-LabCloudUser -Id $ids.TwinId -Upn "user$i@$($script:VerifiedDomain)" -SyncedFrom $ids.ADGuid
                $keepUpn = "user$i.cloud@$($script:InitialDomain)"
                $keep = @{ Id = $ids.KeepId; Upn = $keepUpn; CloudManaged = [bool]$CloudManaged }
                if ($ObjectIdentifier) { $keep.ObjectIdentifier = 'S-1-5-21-1-2-3-{0}' -f (1000 + $i) }
                Add-LabCloudUser @keep
                if ($Privileged) { [void](Add-LabRole -PrincipalId $ids.KeepId -RoleDefinitionId $script:GlobalAdministrator) }
                if ($Mailbox) { Add-LabMailbox -UserId $ids.KeepId -ExchangeGuid $ids.ExchangeGuid -Primary "user$i.cloud@$($script:VerifiedDomain)" -Addresses "smtp:$keepUpn" }
                Add-LabMapping -OnPremises "user$i" -Cloud $keepUpn
            }
        }

        function Get-LabPairIds([int] $Index) {
            @{
                ADGuid       = [guid]('{0:x8}-0000-4000-8000-{1:x12}' -f $Index, $Index)
                TwinId       = '{0:x8}-0001-4000-8000-{1:x12}' -f $Index, $Index
                KeepId       = '{0:x8}-0002-4000-8000-{1:x12}' -f $Index, $Index
                ExchangeGuid = [guid]('{0:x8}-0003-4000-8000-{1:x12}' -f $Index, $Index)
            }
        }
        #endregion

        #region Reading the lab
        # As Get-ADUser -Properties <these> returns a user (see New-ADUserStandIn).
        function ConvertTo-LabADObject([hashtable] $User, [string[]] $Properties) {
            $object = [ordered]@{}
            foreach ($name in $script:ADDefaultProperties) { $object[$name] = $User[$name] }
            foreach ($name in $Properties) {
                # Assigned, not emitted: an emitted byte[] would be unrolled into an object[].
                $value = $User[$name]
                if ($value -is [byte[]]) { $value = [byte[]]$value.Clone() }
                elseif ($value -is [string[]]) { $value = [string[]]$value.Clone() }
                $object[$name] = $value
            }
            [pscustomobject]$object
        }

        # As Get-MgUser returns a user (its provisioning errors included).
        function ConvertTo-LabGraphUser([hashtable] $User) {
            $errors = $null
            $onPremisesErrors = @()
            $serviceErrors = @()
            if ($script:ErrorsByTarget.TryGetValue($User.Id, [ref]$errors)) {
                $onPremisesErrors = @(foreach ($e in $errors) { if ($e.Kind -eq 'OnPremises') { ConvertTo-LabProvisioningError $e } })
                $serviceErrors = @(foreach ($e in $errors) { if ($e.Kind -eq 'Service') { ConvertTo-LabProvisioningError $e } })
            }
            [pscustomobject]@{
                Id                           = $User.Id
                UserPrincipalName            = $User.UserPrincipalName
                Mail                         = $User.Mail
                ProxyAddresses               = [string[]]$User.ProxyAddresses.Clone()
                OnPremisesImmutableId        = $User.OnPremisesImmutableId
                OnPremisesSyncEnabled        = $(if ($User.OnPremisesSyncEnabled) { $true } else { $null })
                OnPremisesDistinguishedName  = $User.OnPremisesDistinguishedName
                OnPremisesSamAccountName     = $User.OnPremisesSamAccountName
                DeletedDateTime              = $User.DeletedDateTime
                ServiceProvisioningErrors    = $serviceErrors
                OnPremisesProvisioningErrors = $onPremisesErrors
                AdditionalProperties         = [System.Collections.Generic.Dictionary[string, object]]::new()
            }
        }

        function ConvertTo-LabProvisioningError([hashtable] $Entry) {
            [pscustomobject]@{ Category = $Entry.Category; PropertyCausingError = $Entry.Property; Value = $Entry.Value; OccurredDateTime = $Entry.When; Message = $Entry.Message }
        }

        # As New-EXOMailboxStandIn builds one: Get-EXOMailbox -Properties ExchangeGuid,... of it.
        function ConvertTo-LabEXOMailbox([hashtable] $Mailbox) {
            $user = $script:Cloud[$Mailbox.UserId]
            [pscustomobject]@{
                ExternalDirectoryObjectId = $Mailbox.UserId
                UserPrincipalName         = $user.UserPrincipalName
                Alias                     = $Mailbox.Alias
                ExchangeGuid              = $Mailbox.ExchangeGuid
                ArchiveGuid               = $Mailbox.ArchiveGuid
                LegacyExchangeDN          = $Mailbox.LegacyExchangeDN
                PrimarySmtpAddress        = $Mailbox.PrimarySmtpAddress
                EmailAddresses            = [System.Collections.ArrayList]@($Mailbox.EmailAddresses)
                RecipientTypeDetails      = $Mailbox.RecipientTypeDetails
                IsInactiveMailbox         = [bool]$user.Deleted
            }
        }

        # The facts to splat into New-HardMatchPlan or Compare-ImmutableId, gathered from the
        # lab as it is now, the way an admin gathers them.
        function Get-LabFacts {
            $properties = @('mS-DS-ConsistencyGuid', 'mail', 'proxyAddresses', 'msExchMailboxGuid', 'msExchArchiveGuid', 'msExchRecipientTypeDetails', 'msExchRemoteRecipientType', 'legacyExchangeDN')
            $onPremises = @(foreach ($user in $script:AD.Values) { ConvertTo-LabADObject $user $properties })
            $cloud = [System.Collections.Generic.List[object]]::new()
            $deleted = [System.Collections.Generic.List[object]]::new()
            foreach ($user in $script:Cloud.Values) {
                if ($user.Deleted) {
                    $deleted.Add([pscustomobject]@{
                            Id = $user.Id; UserPrincipalName = $user.UserPrincipalName; Mail = $user.Mail; ProxyAddresses = [string[]]$user.ProxyAddresses.Clone()
                            OnPremisesImmutableId = $user.OnPremisesImmutableId; OnPremisesSyncEnabled = $(if ($user.OnPremisesSyncEnabled) { $true } else { $null })
                            DeletedDateTime = $user.DeletedDateTime; AdditionalProperties = @{}
                        })
                    continue
                }
                $cloud.Add([pscustomobject]@{
                        Id                     = $user.Id
                        UserPrincipalName      = $user.UserPrincipalName
                        Mail                   = $user.Mail
                        ProxyAddresses         = [string[]]$user.ProxyAddresses.Clone()
                        OnPremisesImmutableId  = $user.OnPremisesImmutableId
                        OnPremisesSyncEnabled  = $(if ($user.OnPremisesSyncEnabled) { $true } else { $null })
                        AdditionalProperties   = @{ onPremisesObjectIdentifier = $user.OnPremisesObjectIdentifier }
                        OnPremisesSyncBehavior = [pscustomobject]@{ IsCloudManaged = [bool]$user.IsCloudManaged }
                    })
            }
            $roles = [System.Collections.Generic.List[object]]::new()
            foreach ($list in $script:Roles.Values) {
                foreach ($role in $list) {
                    if ($role.Eligible) {
                        $roles.Add([pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId; MemberType = 'Direct'; RoleEligibilityScheduleId = $role.Id })
                    }
                    else {
                        $roles.Add([pscustomobject]@{ Id = $role.Id; PrincipalId = $role.PrincipalId; RoleDefinitionId = $role.RoleDefinitionId; DirectoryScopeId = $role.DirectoryScopeId; MemberType = 'Direct'; AssignmentType = 'Assigned'; StartDateTime = [datetime]'2025-01-01'; EndDateTime = $null })
                    }
                }
            }
            $mailboxes = @(foreach ($mailbox in $script:Mailboxes.Values) { if (-not $script:Cloud[$mailbox.UserId].Deleted) { ConvertTo-LabEXOMailbox $mailbox } })
            @{
                OnPremises      = $onPremises
                Cloud           = $cloud.ToArray()
                Deleted         = $deleted.ToArray()
                Mapping         = $script:Mapping.ToArray()
                Synchronization = Get-LabSynchronizationObject
                Domain          = @(foreach ($domain in $script:Tenant.Domains) { [pscustomobject]@{ Id = $domain.Id; AuthenticationType = $domain.AuthenticationType; IsInitial = $domain.IsInitial; IsDefault = $domain.IsDefault; IsVerified = $domain.IsVerified } })
                RoleAssignment  = $roles.ToArray()
                GroupMembership = @()
                Mailbox         = $mailboxes
            }
        }

        function Get-LabSynchronizationObject {
            [pscustomobject]@{
                Id       = $script:Tenant.SyncId
                Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $script:Tenant.Block; BlockSoftMatchEnabled = $script:Tenant.BlockSoftMatch }
            }
        }

        # The raw state, copied (a later change does not show in what was returned).
        function Get-LabState {
            $errors = @{}
            foreach ($sam in $script:SyncErrors.Keys) { $errors[$sam] = @(foreach ($e in $script:SyncErrors[$sam]) { $e.Clone() }) }
            $joins = @{}
            foreach ($guid in $script:Joins.Keys) { $joins[$guid] = $script:Joins[$guid].Id }
            @{
                ADUsers                = @(foreach ($user in $script:AD.Values) { $user.Clone() })
                CloudUsers             = @(foreach ($user in $script:Cloud.Values) { $user.Clone() })
                Roles                  = @(foreach ($list in $script:Roles.Values) { foreach ($role in $list) { $role.Clone() } })
                Mailboxes              = @(foreach ($mailbox in $script:Mailboxes.Values) { $mailbox.Clone() })
                Block                  = $script:Tenant.Block
                BlockSoftMatch         = $script:Tenant.BlockSoftMatch
                Scheduler              = $script:Tenant.SchedulerEnabled
                Domains                = @(foreach ($domain in $script:Tenant.Domains) { $domain.Clone() })
                SyncErrors             = $errors
                Joins                  = $joins
                Purges                 = ConvertTo-LabHashtable $script:Purges
                ObjectIdentifierClears = ConvertTo-LabHashtable $script:ObjectIdentifierClears
                AnchorQueries          = $script:Counters.AnchorQueries
                SyncRuns               = @($script:Runs.ToArray())
                Mapping                = $script:Mapping.ToArray()
            }
        }

        function ConvertTo-LabHashtable($Dictionary) {
            $table = @{}
            foreach ($key in $Dictionary.Keys) { $table[$key] = $Dictionary[$key] }
            $table
        }

        # One cloud user (active or soft-deleted) by id or UPN, copied; $null when none.
        function Get-LabUser([Parameter(Mandatory = $true)] [string] $Id) {
            $user = Find-LabCloudUser $Id -IncludeDeleted
            if (-not $user) { $user = @(Get-LabIndexEntry $script:ByUpn $Id) | Select-Object -First 1 }
            if ($user) { $user.Clone() }
        }

        # One AD user by objectGUID, DN or sAMAccountName, copied; $null when none.
        function Get-LabADUser([Parameter(Mandatory = $true)] [string] $Identity) {
            $user = Find-LabADUser $Identity
            if ($user) { $user.Clone() }
        }
        #endregion

        #region The sync engine (Entra Connect, simplified)
        function Invoke-LabSync {
            $run = @{ Run = $script:Runs.Count + 1; Deleted = @(); Matched = @(); Restored = @(); Provisioned = @(); Refused = @(); Refreshed = 0 }
            # A joined user that left scope (or AD) takes its cloud user to the recycle bin.
            foreach ($guid in @($script:Joins.Keys)) {
                $cloud = $script:Joins[$guid]
                $ad = $null
                if ($script:AD.TryGetValue($guid, [ref]$ad) -and (Test-LabInScope $ad)) { continue }
                [void]$script:Joins.Remove($guid)
                $cloud.JoinedTo = $null
                Remove-LabCloudUserSoftly $cloud
                $run.Deleted += $cloud.Id
            }
            foreach ($ad in @($script:AD.Values)) {
                if (-not (Test-LabInScope $ad)) { [void]$script:SyncErrors.Remove($ad.SamAccountName); continue }
                $errors = [System.Collections.Generic.List[object]]::new()
                $cloud = $null
                if ($script:Joins.TryGetValue($ad.ObjectGUID.ToString(), [ref]$cloud)) {
                    Update-LabSyncedUser $ad $cloud $errors
                    $run.Refreshed++
                }
                else { Sync-LabNewObject $ad $errors $run }
                if ($errors.Count -gt 0) { $script:SyncErrors[$ad.SamAccountName] = $errors.ToArray() } else { [void]$script:SyncErrors.Remove($ad.SamAccountName) }
            }
            $script:ErrorsByTarget = New-LabTable
            foreach ($list in $script:SyncErrors.Values) { foreach ($e in $list) { foreach ($target in $e.Targets) { Add-LabIndexEntry $script:ErrorsByTarget $target $e } } }
            $script:Runs.Add($run)
        }

        function New-LabSyncError([hashtable] $ADUser, [string] $Message, [string] $Category = 'HardMatch', [string[]] $Targets = @(), [string] $Property = 'OnPremisesImmutableId', [string] $Value, [string] $Kind = 'OnPremises') {
            @{ OnPremises = $ADUser.SamAccountName; ObjectGUID = $ADUser.ObjectGUID.ToString(); Kind = $Kind; Category = $Category; Property = $Property; Value = $Value; Targets = $Targets; Message = $Message; When = [datetime]::UtcNow }
        }

        # An in-scope AD user not joined: joined to the one cloud user holding its anchor
        # (restored from the recycle bin, or hard-matched), or provisioned when none holds it.
        function Sync-LabNewObject([hashtable] $ADUser, $Errors, [hashtable] $Run) {
            $anchor = Get-LabADAnchor $ADUser
            $holders = @(Get-LabIndexEntry $script:ByAnchor $anchor)
            $sam = $ADUser.SamAccountName
            if ($holders.Count -gt 1) {
                $Errors.Add((New-LabSyncError $ADUser "duplicate anchor: $($holders.Count) users hold $anchor ($(@($holders | ForEach-Object { $_.UserPrincipalName }) -join ', ')); $sam is not synced." -Category 'PropertyConflict' -Targets @($holders | ForEach-Object { $_.Id }) -Value $anchor))
                $Run.Refused += $sam
                return
            }
            if ($holders.Count -eq 0) {
                $user = New-LabProvisionedUser $ADUser $anchor $Errors
                $Run.Provisioned += $user.Id
                return
            }
            $target = $holders[0]
            if ($target.Deleted) {
                # Entra Connect restores a soft-deleted object whose anchor comes back into scope.
                $target.Deleted = $false
                $target.DeletedDateTime = $null
                Join-LabCloudUser $ADUser $target $Errors
                $Run.Restored += $target.Id
                return
            }
            if ($target.OnPremisesSyncEnabled) {
                $Errors.Add((New-LabSyncError $ADUser "$($target.UserPrincipalName) holds the anchor $anchor and is already synced from another object; $sam is not joined to it." -Category 'PropertyConflict' -Targets @($target.Id) -Value $anchor))
                $Run.Refused += $sam
                return
            }
            $why = @(Get-LabHardMatchRefusal $target)
            if ($why.Count -gt 0) {
                $Errors.Add((New-LabSyncError $ADUser "The hard match of $sam onto $($target.UserPrincipalName) is refused: $($why -join '; ')." -Category 'HardMatchBlocked' -Targets @($target.Id) -Value $anchor))
                $Run.Refused += $sam
                return
            }
            Join-LabCloudUser $ADUser $target $Errors
            $Run.Matched += $target.Id
        }

        # Why Entra refuses to take a cloud-only account over (none: it may).
        function Get-LabHardMatchRefusal([hashtable] $Target) {
            if ($script:Tenant.Block) { 'BlockCloudObjectTakeoverThroughHardMatchEnabled is on' }
            foreach ($role in Get-LabRoleOf $Target.Id) {
                if ($script:PrivilegedRoles.ContainsKey($role.RoleDefinitionId)) {
                    '{0} the privileged role {1}' -f $(if ($role.Eligible) { 'it is eligible for' } else { 'it holds' }), $script:PrivilegedRoles[$role.RoleDefinitionId]
                }
            }
            if ($Target.OnPremisesObjectIdentifier) { "its onPremisesObjectIdentifier is set ($($Target.OnPremisesObjectIdentifier))" }
            if ($Target.IsCloudManaged) { 'it is cloud-managed (onPremisesSyncBehavior.isCloudManaged)' }
        }

        function Join-LabCloudUser([hashtable] $ADUser, [hashtable] $Cloud, $Errors) {
            $Cloud.JoinedTo = $ADUser.ObjectGUID.ToString()
            $script:Joins[$Cloud.JoinedTo] = $Cloud
            Update-LabSyncedUser $ADUser $Cloud $Errors
        }

        function New-LabProvisionedUser([hashtable] $ADUser, [string] $Anchor, $Errors) {
            $script:Counters.Provisioned++
            $n = $script:Counters.Provisioned
            $upn = if ($ADUser.UserPrincipalName) { $ADUser.UserPrincipalName } else { "$($ADUser.SamAccountName)@$($script:InitialDomain)" }
            if (@(Get-LabUpnHolder $upn $null).Count -gt 0) {
                # Duplicate attribute resiliency: a unique UPN on the initial domain, and an error.
                $Errors.Add((New-LabSyncError $ADUser "The UPN $upn is held by another user: the new user gets a UPN of the initial domain." -Category 'PropertyConflict' -Property 'UserPrincipalName' -Value $upn))
                $upn = '{0}{1:d4}@{2}' -f ($upn -split '@')[0], $n, $script:InitialDomain
            }
            $user = New-LabCloudRecord ('{0:x8}-5eed-4000-8000-{1:x12}' -f $n, $n) $upn
            $user.OnPremisesImmutableId = $Anchor
            $user.ProvisionedBySync = $true
            Add-LabCloudRecord $user
            Join-LabCloudUser $ADUser $user $Errors
            $Errors | ForEach-Object { if ($_.Targets.Count -eq 0) { $_.Targets = @($user.Id) } }
            $user
        }

        # What flows from AD to a synced user: its on-premises names, and its UPN, mail and
        # proxy addresses when AD has them. A value another user holds is left out (duplicate
        # attribute resiliency) with an error; Exchange Online checks the mailbox it keeps.
        function Update-LabSyncedUser([hashtable] $ADUser, [hashtable] $Cloud, $Errors) {
            $Cloud.OnPremisesSyncEnabled = $true
            $Cloud.OnPremisesDistinguishedName = $ADUser.DistinguishedName
            $Cloud.OnPremisesSamAccountName = $ADUser.SamAccountName
            $upn = $ADUser.UserPrincipalName
            if ($upn -and $upn -cne $Cloud.UserPrincipalName) {
                if (@(Get-LabUpnHolder $upn $Cloud).Count -gt 0) {
                    $Errors.Add((New-LabSyncError $ADUser "The UPN $upn is held by another user: $($Cloud.UserPrincipalName) keeps its own." -Category 'PropertyConflict' -Targets @($Cloud.Id) -Property 'UserPrincipalName' -Value $upn))
                }
                else { Set-LabCloudUpn $Cloud $upn }
            }
            $mail = $Cloud.Mail
            $proxies = $Cloud.ProxyAddresses
            if ($ADUser.mail) {
                if (@(Get-LabAddressHolder $ADUser.mail $Cloud).Count -gt 0) {
                    $Errors.Add((New-LabSyncError $ADUser "The mail $($ADUser.mail) is held by another user." -Category 'PropertyConflict' -Targets @($Cloud.Id) -Property 'Mail' -Value $ADUser.mail))
                }
                else { $mail = $ADUser.mail }
            }
            if (@($ADUser.proxyAddresses).Count -gt 0) {
                $proxies = @(foreach ($proxy in $ADUser.proxyAddresses) {
                        if ($proxy -match '^smtp:' -and @(Get-LabAddressHolder $proxy $Cloud).Count -gt 0) {
                            $Errors.Add((New-LabSyncError $ADUser "The proxy address $proxy is held by another user." -Category 'PropertyConflict' -Targets @($Cloud.Id) -Property 'ProxyAddresses' -Value $proxy))
                        }
                        else { $proxy }
                    })
            }
            Set-LabCloudAddress $Cloud $mail $proxies
            $mailbox = Get-LabMailboxOf $Cloud
            if ($mailbox) { Update-LabSyncedMailbox $ADUser $Cloud $mailbox $Errors }
        }

        # A synced user's mailbox takes AD's addresses (keeping its own routing addresses on
        # the tenant's domains); an on-premises mailbox, or a remote mailbox with another
        # ExchangeGuid, is a conflict Exchange Online reports on the user.
        function Update-LabSyncedMailbox([hashtable] $ADUser, [hashtable] $Cloud, [hashtable] $Mailbox, $Errors) {
            $synced = @($Cloud.ProxyAddresses)
            if (@($ADUser.proxyAddresses).Count -gt 0 -and @($synced | Where-Object { $_ -match '^smtp:' }).Count -gt 0) {
                $own = @($Mailbox.EmailAddresses | Where-Object { $_ -match '^smtp:.*\.onmicrosoft\.com$' -and $synced -notcontains $_ } | ForEach-Object { 'smtp:' + $_.Substring(5) })
                $Mailbox.EmailAddresses = [string[]]@($synced + $own)
                $primary = @($synced | Where-Object { $_ -clike 'SMTP:*' }) | Select-Object -First 1
                if ($primary) { $Mailbox.PrimarySmtpAddress = $primary.Substring(5) }
            }
            $type = $ADUser.msExchRecipientTypeDetails
            if ($null -ne $type -and $script:RemoteMailboxTypes -notcontains $type) {
                $Errors.Add((New-LabSyncError $ADUser "Exchange Online: $($ADUser.SamAccountName) has a mailbox on-premises (msExchRecipientTypeDetails $type) and $($Cloud.UserPrincipalName) one in Exchange Online." -Kind 'Service' -Category 'Exchange' -Targets @($Cloud.Id) -Property 'msExchRecipientTypeDetails' -Value "$type"))
            }
            $guid = $ADUser.msExchMailboxGuid
            if ($guid -is [byte[]] -and $guid.Length -eq 16 -and [guid]::new([byte[]]$guid) -ne $Mailbox.ExchangeGuid) {
                $Errors.Add((New-LabSyncError $ADUser "Exchange Online: the msExchMailboxGuid of $($ADUser.SamAccountName) ($([guid]::new([byte[]]$guid))) is not the ExchangeGuid of the mailbox of $($Cloud.UserPrincipalName) ($($Mailbox.ExchangeGuid))." -Kind 'Service' -Category 'Exchange' -Targets @($Cloud.Id) -Property 'ExchangeGuid' -Value "$([guid]::new([byte[]]$guid))"))
            }
        }
        #endregion

        #region Stand-ins: Microsoft Graph users
        function Connect-MgGraph {
            [CmdletBinding()]
            param([string[]] $Scopes, [string] $TenantId, [switch] $NoWelcome, [switch] $UseDeviceCode)
            try { [void](Enter-LabCall $PSCmdlet $PSBoundParameters) } catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Get-MgUser {
            [CmdletBinding(DefaultParameterSetName = 'List')]
            param(
                [Parameter(Mandatory = $true, ParameterSetName = 'Get', Position = 0)] [string] $UserId,
                [Parameter(ParameterSetName = 'List')] [switch] $All,
                [Parameter(ParameterSetName = 'List')] [int] $PageSize,
                [Parameter(ParameterSetName = 'List')] [int] $Top,
                [Alias('Select')] [string[]] $Property
            )
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                if ($PSCmdlet.ParameterSetName -eq 'Get') { ConvertTo-LabGraphUser (Resolve-LabCloudUser $UserId) }
                else { foreach ($user in @($script:Cloud.Values)) { if (-not $user.Deleted) { ConvertTo-LabGraphUser $user } } }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # Whether the account's source of authority was switched to the cloud.
        function Get-MgUserOnPremiseSyncBehavior {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true, Position = 0)] [string] $UserId, [Alias('Select')] [string[]] $Property)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $user = Resolve-LabCloudUser $UserId
                [pscustomobject]@{ Id = $user.Id; IsCloudManaged = [bool]$user.IsCloudManaged; AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new() }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Update-MgUser {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param(
                [Parameter(Mandatory = $true)] [string] $UserId,
                [AllowEmptyString()] [AllowNull()] [string] $OnPremisesImmutableId,
                [string] $UserPrincipalName,
                [hashtable] $PasswordProfile,
                [string] $Mail
            )
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $user = Resolve-LabCloudUser $UserId
                $changes = @{}
                foreach ($name in 'OnPremisesImmutableId', 'UserPrincipalName', 'Mail') { if ($PSBoundParameters.ContainsKey($name)) { $changes[$name] = $PSBoundParameters[$name] } }
                Set-LabGraphUser $user $changes $PSBoundParameters.ContainsKey('PasswordProfile')
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # Graph's rules for a change to a user, checked before any of it is made.
        function Set-LabGraphUser([hashtable] $User, [hashtable] $Changes, [bool] $WithPassword) {
            if ($User.OnPremisesSyncEnabled -and $Changes.Count -gt 0) {
                Deny-LabCall "[Request_BadRequest] : Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration. ($($User.UserPrincipalName): $(@($Changes.Keys) -join ', '))" -Id 'Request_BadRequest' -Target $User.Id
            }
            $upn = $User.UserPrincipalName
            if ($Changes.ContainsKey('UserPrincipalName')) {
                $upn = [string]$Changes.UserPrincipalName
                $to = Get-LabDomain $upn
                $from = Get-LabDomain $User.UserPrincipalName
                if (-not $to) { Deny-LabCall "[Request_BadRequest] : The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization. ($upn)" -Id 'Request_BadRequest' -Target $User.Id }
                if (@(Get-LabUpnHolder $upn $User).Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property userPrincipalName already exists. ($upn)" -Id 'Request_BadRequest' -Target $User.Id }
                if ($from -and $from.AuthenticationType -eq 'Federated' -and $to.AuthenticationType -ne 'Federated' -and -not $WithPassword) {
                    Deny-LabCall "[Request_BadRequest] : Password is required when converting a user from a federated domain to a managed one. ($($User.UserPrincipalName) -> $upn)" -Id 'Request_BadRequest' -Target $User.Id
                }
            }
            if ($Changes.ContainsKey('OnPremisesImmutableId')) {
                $anchor = [string]$Changes.OnPremisesImmutableId
                # The SDK sends $null as an empty string, which Graph refuses (msgraph-sdk-powershell #2514).
                if ($anchor -eq '') { Deny-LabCall "[Request_BadRequest] : Invalid value specified for property 'onPremisesImmutableId' of resource 'User'." -Id 'Request_BadRequest' -Target $User.Id }
                Assert-LabAnchorFree $User $anchor
                $domain = Get-LabDomain $upn
                if ($domain -and $domain.AuthenticationType -eq 'Federated') {
                    Deny-LabCall "[Request_BadRequest] : The onPremisesImmutableId of a user on a federated domain ($upn) cannot be changed: move its UPN to a managed domain first." -Id 'Request_BadRequest' -Target $User.Id
                }
            }
            if ($Changes.ContainsKey('Mail') -and $Changes.Mail -and @(Get-LabAddressHolder ([string]$Changes.Mail) $User).Count -gt 0) {
                Deny-LabCall "[Request_BadRequest] : Another object with the same value for property proxyAddresses already exists. ($($Changes.Mail))" -Id 'Request_BadRequest' -Target $User.Id
            }
            # Checked: now changed.
            if ($Changes.ContainsKey('UserPrincipalName')) { Set-LabCloudUpn $User $upn }
            if ($Changes.ContainsKey('OnPremisesImmutableId')) { Set-LabCloudAnchor $User ([string]$Changes.OnPremisesImmutableId) }
            if ($Changes.ContainsKey('Mail')) {
                # Without a mailbox, Entra derives the primary SMTP address from mail.
                $proxies = if (Get-LabMailboxOf $User) { $User.ProxyAddresses } elseif ($Changes.Mail) { @("SMTP:$($Changes.Mail)") } else { @() }
                Set-LabCloudAddress $User ([string]$Changes.Mail) $proxies
            }
            if ($WithPassword) { $User.PasswordChanges++ }
        }

        function Assert-LabAnchorFree([hashtable] $User, [string] $Anchor) {
            $holders = @(Get-LabAnchorHolder $Anchor $User)
            if ($holders.Count -gt 0) {
                Deny-LabCall "[Request_BadRequest] : Another object with the same value for property immutableId already exists. ($Anchor, held by $(@($holders | ForEach-Object { $_.UserPrincipalName }) -join ', '))" -Id 'Request_BadRequest' -Category ResourceExists -Target $User.Id
            }
        }
        #endregion

        #region Stand-ins: the recycle bin
        function ConvertTo-LabDeletedItem([hashtable] $User) {
            [pscustomobject]@{
                Id = $User.Id; UserPrincipalName = $User.UserPrincipalName; Mail = $User.Mail; ProxyAddresses = [string[]]$User.ProxyAddresses.Clone()
                OnPremisesImmutableId = $User.OnPremisesImmutableId; OnPremisesSyncEnabled = $(if ($User.OnPremisesSyncEnabled) { $true } else { $null })
                DeletedDateTime = $User.DeletedDateTime; AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new()
            }
        }

        function Get-MgDirectoryDeletedItemAsUser {
            [CmdletBinding(DefaultParameterSetName = 'List')]
            param(
                [Parameter(Mandatory = $true, ParameterSetName = 'Get')] [string] $DirectoryObjectId,
                [Parameter(ParameterSetName = 'List')] [switch] $All,
                [Parameter(ParameterSetName = 'List')] [int] $PageSize,
                [Parameter(ParameterSetName = 'List')] [int] $Top,
                [Alias('Select')] [string[]] $Property
            )
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                if ($PSCmdlet.ParameterSetName -eq 'Get') { ConvertTo-LabDeletedItem (Resolve-LabDeletedUser $DirectoryObjectId) }
                else { foreach ($user in @($script:Cloud.Values)) { if ($user.Deleted) { ConvertTo-LabDeletedItem $user } } }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Remove-MgDirectoryDeletedItem {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [string] $DirectoryObjectId, [switch] $PassThru)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Remove-LabCloudUserForGood (Resolve-LabDeletedUser $DirectoryObjectId)
                if ($PassThru) { $true }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # POST .../deletedItems/<id>/restore: active again, as a cloud-only user (its AD object
        # is out of scope), under newUserPrincipalName when given.
        function Restore-LabDeletedUser([string] $Id, [System.Collections.IDictionary] $Body) {
            $user = Resolve-LabDeletedUser $Id
            $upn = if ($Body['newUserPrincipalName']) { [string]$Body['newUserPrincipalName'] } else { $user.UserPrincipalName }
            if (@(Get-LabUpnHolder $upn $user).Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property userPrincipalName already exists. ($upn)" -Id 'Request_BadRequest' -Target $Id }
            if (-not (Get-LabDomain $upn)) { Deny-LabCall "[Request_BadRequest] : The domain portion of the userPrincipalName property is invalid. ($upn)" -Id 'Request_BadRequest' -Target $Id }
            $active = @(Get-LabAnchorHolder $user.OnPremisesImmutableId $user | Where-Object { -not $_.Deleted })
            if ($user.OnPremisesImmutableId -and $active.Count -gt 0) { Deny-LabCall "[Request_BadRequest] : Another object with the same value for property immutableId already exists. ($($user.OnPremisesImmutableId))" -Id 'Request_BadRequest' -Target $Id }
            $taken = @($user.ProxyAddresses | Where-Object { $_ -match '^smtp:' -and @(Get-LabAddressHolder $_ $user).Count -gt 0 })
            if ($user.Mail -and @(Get-LabAddressHolder $user.Mail $user).Count -gt 0) { $taken += "SMTP:$($user.Mail)" }
            if ($taken.Count -gt 0 -and -not $Body['autoReconcileProxyConflict']) {
                Deny-LabCall "[Request_BadRequest] : The restore cannot proceed: another object holds the proxy addresses $($taken -join ', ')." -Id 'Request_BadRequest' -Target $Id
            }
            $user.Deleted = $false
            $user.DeletedDateTime = $null
            $user.OnPremisesSyncEnabled = $null
            $user.OnPremisesDistinguishedName = $null
            $user.OnPremisesSamAccountName = $null
            Set-LabCloudUpn $user $upn
            $bare = @($taken | ForEach-Object { ($_ -replace '^smtp:', '').ToLowerInvariant() })
            $mail = if ($user.Mail -and $bare -notcontains $user.Mail.ToLowerInvariant()) { $user.Mail } else { $null }
            Set-LabCloudAddress $user $mail @($user.ProxyAddresses | Where-Object { $bare -notcontains ($_ -replace '^smtp:', '').ToLowerInvariant() })
            @{ '@odata.type' = '#microsoft.graph.user'; id = $user.Id; userPrincipalName = $user.UserPrincipalName }
        }
        #endregion

        #region Stand-ins: Invoke-MgGraphRequest
        function Invoke-MgGraphRequest {
            [CmdletBinding()]
            param(
                [string] $Method = 'GET',
                [Parameter(Mandatory = $true, Position = 0)] [string] $Uri,
                [object] $Body,
                [string] $OutputType,
                [System.Collections.IDictionary] $Headers,
                [string] $ContentType
            )
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $path, $query = $Uri -replace '^https://graph\.microsoft\.com', '' -split '\?', 2
                $segments = @($path.Trim('/') -split '/' | ForEach-Object { [Uri]::UnescapeDataString($_) })
                $parameters = @{}
                if ($query) {
                    foreach ($pair in $query -split '&') {
                        $name, $value = $pair -split '=', 2
                        $parameters[[Uri]::UnescapeDataString($name)] = [Uri]::UnescapeDataString("$value")
                    }
                }
                # The route, with the object id after users/ or deletedItems/ as {id}.
                $shape = @(for ($i = 1; $i -lt $segments.Count; $i++) { if ($i -gt 1 -and @('users', 'deletedItems') -contains $segments[$i - 1]) { '{id}' } else { $segments[$i] } })
                $route = '{0} {1}' -f $Method.ToUpperInvariant(), ($shape -join '/')
                $version = $segments[0]
                switch ($route) {
                    'GET users' { Find-LabGraphAnchorHolder $parameters }
                    'POST directory/deletedItems/{id}/restore' { Restore-LabDeletedUser $segments[3] (ConvertTo-LabBody $Body) }
                    'GET users/{id}' { Get-LabGraphUserProperty $version (Resolve-LabCloudUser $segments[2]) $parameters['$select'] }
                    'PATCH users/{id}' { Set-LabGraphUserProperty $version (Resolve-LabCloudUser $segments[2]) (ConvertTo-LabBody $Body) }
                    'GET users/{id}/onPremisesSyncBehavior' { @{ isCloudManaged = [bool](Resolve-LabCloudUser $segments[2]).IsCloudManaged } }
                    'PATCH users/{id}/onPremisesSyncBehavior' {
                        $user = Resolve-LabCloudUser $segments[2]
                        $changes = ConvertTo-LabBody $Body
                        if (-not $changes.Contains('isCloudManaged')) { throw "The lab's onPremisesSyncBehavior PATCH takes isCloudManaged only, not: $(Format-LabValue $changes)" }
                        $user.IsCloudManaged = [bool]$changes['isCloudManaged']
                    }
                    default { throw "The lab's Invoke-MgGraphRequest does not serve $Method $Uri." }
                }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # GET users?$filter=onPremisesImmutableId eq '<anchor>': the active users holding it.
        function Find-LabGraphAnchorHolder([hashtable] $Parameters) {
            $filter = [string]$Parameters['$filter']
            if ($filter -notmatch "^\s*onPremisesImmutableId\s+eq\s+'((?:[^']|'')*)'\s*$") { throw "The lab's GET users serves `$filter=onPremisesImmutableId eq '<value>' only, not: $filter" }
            $anchor = $Matches[1].Replace("''", "'")
            $script:Counters.AnchorQueries++
            $found = @(foreach ($user in Get-LabIndexEntry $script:ByAnchor $anchor) {
                    if (-not $user.Deleted) { @{ id = $user.Id; userPrincipalName = $user.UserPrincipalName } }
                })
            @{ '@odata.context' = 'https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName)'; value = $found }
        }

        # The camelCase names a GET or PATCH of users/<id> may use, by API version.
        function Resolve-LabGraphProperty([string] $Version, [string] $Name) {
            $v1 = @('id', 'userPrincipalName', 'mail', 'proxyAddresses', 'onPremisesImmutableId', 'onPremisesSyncEnabled', 'onPremisesDistinguishedName', 'onPremisesSamAccountName', 'deletedDateTime')
            $known = if ($Version -eq 'beta') { $v1 + 'onPremisesObjectIdentifier' } else { $v1 }
            foreach ($property in $known) { if ($property -eq $Name) { return $property } }
            Deny-LabCall "[BadRequest] : Could not find a property named '$Name' on type 'microsoft.graph.user'. ($Version)" -Id 'BadRequest' -Target $Name
        }

        function Get-LabGraphUserProperty([string] $Version, [hashtable] $User, [string] $Select) {
            $names = if ($Select) { @($Select -split ',' | ForEach-Object { $_.Trim() }) } else { @('id', 'userPrincipalName', 'mail') }
            $item = @{}
            foreach ($name in $names) {
                $property = Resolve-LabGraphProperty $Version $name
                $item[$property] = $User[$property]
            }
            $item
        }

        # PATCH users/<id>: onPremisesImmutableId (cleared or set, never for a synced user) and
        # onPremisesObjectIdentifier (beta, cleared only), userPrincipalName and mail.
        function Set-LabGraphUserProperty([string] $Version, [hashtable] $User, [System.Collections.IDictionary] $Body) {
            $changes = @{}
            foreach ($key in @($Body.Keys)) {
                $property = Resolve-LabGraphProperty $Version $key
                switch ($property) {
                    'onPremisesObjectIdentifier' {
                        if ($null -ne $Body[$key]) { Deny-LabCall "[Request_BadRequest] : onPremisesObjectIdentifier can only be cleared (set to null)." -Id 'Request_BadRequest' -Target $User.Id }
                    }
                    'onPremisesImmutableId' {
                        if ($User.OnPremisesSyncEnabled) { Deny-LabCall "[Request_BadRequest] : Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration. ($($User.UserPrincipalName): onPremisesImmutableId)" -Id 'Request_BadRequest' -Target $User.Id }
                        if ($null -ne $Body[$key]) { $changes['OnPremisesImmutableId'] = [string]$Body[$key] }
                    }
                    'userPrincipalName' { $changes['UserPrincipalName'] = [string]$Body[$key] }
                    'mail' { $changes['Mail'] = [string]$Body[$key] }
                    default { throw "The lab's PATCH users/<id> does not change $property." }
                }
            }
            Set-LabGraphUser $User $changes $false
            if ($Body.Contains('onPremisesImmutableId') -and $null -eq $Body['onPremisesImmutableId']) { Set-LabCloudAnchor $User $null }
            if ($Body.Contains('onPremisesObjectIdentifier')) {
                $User.OnPremisesObjectIdentifier = $null
                $count = 0
                [void]$script:ObjectIdentifierClears.TryGetValue($User.Id, [ref]$count)
                $script:ObjectIdentifierClears[$User.Id] = $count + 1
            }
        }
        #endregion

        #region Stand-ins: synchronization features and roles
        function Assert-LabSyncId([string] $Id) {
            if ($Id -and $Id -ne $script:Tenant.SyncId) {
                Deny-LabCall "[Request_ResourceNotFound] : Resource '$Id' does not exist or one of its queried reference-property objects are not present." -Id 'Request_ResourceNotFound' -Category ObjectNotFound -Target $Id
            }
        }

        function Get-MgDirectoryOnPremiseSynchronization {
            [CmdletBinding()]
            param([string] $OnPremisesDirectorySynchronizationId, [switch] $All)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                Assert-LabSyncId $OnPremisesDirectorySynchronizationId
                Get-LabSynchronizationObject
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Update-MgDirectoryOnPremiseSynchronization {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [string] $OnPremisesDirectorySynchronizationId, [Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Assert-LabSyncId $OnPremisesDirectorySynchronizationId
                $features = $BodyParameter['features']
                if ($null -eq $features) { throw "The lab's Update-MgDirectoryOnPremiseSynchronization changes features only." }
                $features = ConvertTo-LabBody $features
                foreach ($key in @($features.Keys)) {
                    switch ($key) {
                        'blockCloudObjectTakeoverThroughHardMatchEnabled' { $script:Tenant.Block = [bool]$features[$key] }
                        'blockSoftMatchEnabled' { $script:Tenant.BlockSoftMatch = [bool]$features[$key] }
                        default { throw "The lab's synchronization has no feature $key." }
                    }
                }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Get-MgRoleManagementDirectoryRoleAssignment {
            [CmdletBinding()]
            param([string] $Filter, [switch] $All, [string[]] $ExpandProperty)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                Get-LabRoleByFilter $Filter $false
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance {
            [CmdletBinding()]
            param([string] $Filter, [switch] $All, [string[]] $ExpandProperty)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                Get-LabRoleByFilter $Filter $true
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Invoke-LabRoleRequest (ConvertTo-LabBody $BodyParameter) $false
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [System.Collections.IDictionary] $BodyParameter)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Invoke-LabRoleRequest (ConvertTo-LabBody $BodyParameter) $true
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function New-MgRoleManagementDirectoryRoleAssignment {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [string] $PrincipalId, [Parameter(Mandatory = $true)] [string] $RoleDefinitionId, [string] $DirectoryScopeId = '/')
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Invoke-LabRoleRequest @{ action = 'adminAssign'; principalId = $PrincipalId; roleDefinitionId = $RoleDefinitionId; directoryScopeId = $DirectoryScopeId } $false
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }
        #endregion

        #region Stand-ins: ActiveDirectory
        function Get-ADUser {
            [CmdletBinding(DefaultParameterSetName = 'Identity')]
            param(
                [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Identity')] [object] $Identity,
                [Parameter(Mandatory = $true, ParameterSetName = 'Filter')] [string] $Filter,
                [Alias('Property')] [string[]] $Properties,
                [string] $Server
            )
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $wanted = @($Properties | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
                $extras = if ($wanted -contains '*') { $script:ADAttributes } else { @(foreach ($name in $wanted) { if ($script:ADDefaultProperties -notcontains $name) { Resolve-LabADAttribute $name } }) }
                if ($PSCmdlet.ParameterSetName -eq 'Filter') {
                    if ($Filter.Trim() -ne '*') { throw "The lab's Get-ADUser takes -Filter * only, not: $Filter" }
                    foreach ($user in @($script:AD.Values)) { ConvertTo-LabADObject $user $extras }
                }
                else { ConvertTo-LabADObject (Resolve-LabADUser $Identity) $extras }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Set-ADUser {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param(
                [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
                [hashtable] $Replace,
                [string[]] $Clear,
                [hashtable] $Add,
                [hashtable] $Remove,
                [string] $EmailAddress,
                [string] $UserPrincipalName,
                [string] $Server
            )
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $user = Resolve-LabADUser $Identity
                # Worked on a copy, so that a refusal part-way changes nothing.
                $next = $user.Clone()
                # The ActiveDirectory module's order: Remove, Add, Replace, Clear. Values of a
                # multi-valued attribute compare ignoring case, as AD's string syntax does.
                foreach ($key in @(if ($Remove) { $Remove.Keys })) {
                    $name = Resolve-LabADAttribute $key
                    foreach ($value in @($Remove[$key])) {
                        $held = @($next[$name] | Where-Object { $null -ne $_ })
                        if ($held -notcontains $value) { Deny-LabCall "The specified directory service attribute or value does not exist: $value is not in $name of $($user.SamAccountName)." -Id 'ActiveDirectoryServer:8317' -Category InvalidOperation -Target $Identity }
                        $next[$name] = [string[]]@($held | Where-Object { $_ -ne $value })
                    }
                }
                foreach ($key in @(if ($Add) { $Add.Keys })) {
                    $name = Resolve-LabADAttribute $key
                    foreach ($value in @($Add[$key])) {
                        $held = @($next[$name] | Where-Object { $null -ne $_ })
                        if ($held -contains $value) { Deny-LabCall "The specified value already exists: $value is in $name of $($user.SamAccountName)." -Id 'ActiveDirectoryServer:8323' -Category InvalidOperation -Target $Identity }
                        if ($name -eq 'proxyAddresses') { $next[$name] = [string[]]@($held + $value) } else { $next[$name] = $value }
                    }
                }
                foreach ($key in @(if ($Replace) { $Replace.Keys })) {
                    $name = Resolve-LabADAttribute $key
                    $value = $Replace[$key]
                    # AD stores mS-DS-ConsistencyGuid as octets: 16 bytes, nothing else.
                    if ($name -eq 'mS-DS-ConsistencyGuid' -and -not ($value -is [byte[]] -and $value.Length -eq 16)) {
                        Deny-LabCall "The mS-DS-ConsistencyGuid of $($user.SamAccountName) must be 16 bytes (a byte[]), not $(if ($null -eq $value) { 'null' } else { $value.GetType().Name })." -Id 'ActiveDirectoryServer:8311' -Category InvalidArgument -Target $Identity
                    }
                    # Assigned in each branch: a value passed through $(...) would be unrolled.
                    if ($name -eq 'proxyAddresses') { $next[$name] = [string[]]@($value) } else { $next[$name] = $value }
                }
                if ($PSBoundParameters.ContainsKey('EmailAddress')) { $next['mail'] = $(if ($EmailAddress) { $EmailAddress } else { $null }) }
                if ($PSBoundParameters.ContainsKey('UserPrincipalName')) { $next['UserPrincipalName'] = $UserPrincipalName }
                foreach ($name in @($Clear | Where-Object { $_ })) {
                    $attribute = Resolve-LabADAttribute $name
                    if ($attribute -eq 'proxyAddresses') { $next[$attribute] = [string[]]@() } else { $next[$attribute] = $null }
                }
                foreach ($key in @($next.Keys)) { $user[$key] = $next[$key] }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Move-ADObject {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true, Position = 0)] [object] $Identity, [Parameter(Mandatory = $true)] [string] $TargetPath, [string] $Server)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $user = Resolve-LabADUser $Identity
                if (-not $script:OUs.Contains($TargetPath)) {
                    Deny-LabCall "Directory object not found: $TargetPath" -Id 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException' -Category ObjectNotFound -Target $TargetPath
                }
                Set-LabADDn $user "CN=$($user.SamAccountName),$TargetPath"
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }
        #endregion

        #region Stand-ins: ADSync and the console
        function Get-ADSyncScheduler {
            [CmdletBinding()]
            param()
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                [pscustomobject]@{ SyncCycleEnabled = $script:Tenant.SchedulerEnabled; SyncCycleInProgress = $false; MaintenanceEnabled = $true; SchedulerSuspended = $false }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Set-ADSyncScheduler {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true)] [bool] $SyncCycleEnabled)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $script:Tenant.SchedulerEnabled = $SyncCycleEnabled
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Start-ADSyncSyncCycle {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([ValidateSet('Delta', 'Initial')] [string] $PolicyType = 'Delta')
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                Invoke-LabSync
                [pscustomobject]@{ Result = 'Success' }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # The console: nobody answers, so Enter is pressed (or a fixed password typed).
        function Read-Host {
            [CmdletBinding()]
            param([Parameter(Position = 0)] [object] $Prompt, [switch] $AsSecureString, [switch] $MaskInput)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                if ($AsSecureString) {
                    $secret = [System.Security.SecureString]::new()
                    foreach ($c in 'Lab-Passw0rd!'.ToCharArray()) { $secret.AppendChar($c) }
                    $secret.MakeReadOnly()
                    return $secret
                }
                ''
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }
        #endregion

        #region Stand-ins: Exchange on-premises (the AD user's msExch attributes)
        function Resolve-LabRemoteMailbox($Identity) {
            $user = Find-LabADUser $Identity
            if (-not $user -or $script:RemoteMailboxTypes -notcontains $user.msExchRecipientTypeDetails) {
                Deny-LabCall "The operation couldn't be performed because object '$Identity' couldn't be found on 'dc1.alwayshotcafe.com'." -Id 'ManagementObjectNotFoundException' -Category ObjectNotFound -Target $Identity
            }
            $user
        }

        function ConvertTo-LabGuid($Bytes) { if ($Bytes -is [byte[]] -and $Bytes.Length -eq 16) { [guid]::new([byte[]]$Bytes) } else { [guid]::Empty } }

        function Get-RemoteMailbox {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true, Position = 0)] [object] $Identity, [string] $DomainController)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $user = Resolve-LabRemoteMailbox $Identity
                $primary = @($user.proxyAddresses | Where-Object { $_ -clike 'SMTP:*' }) | Select-Object -First 1
                [pscustomobject]@{
                    Identity             = $user.DistinguishedName
                    SamAccountName       = $user.SamAccountName
                    Alias                = $user.mailNickname
                    ExchangeGuid         = ConvertTo-LabGuid $user.msExchMailboxGuid
                    ArchiveGuid          = ConvertTo-LabGuid $user.msExchArchiveGuid
                    RemoteRoutingAddress = $(if ($user.targetAddress) { $user.targetAddress -replace '^smtp:', '' } else { $null })
                    PrimarySmtpAddress   = $(if ($primary) { $primary.Substring(5) } else { $null })
                    EmailAddresses       = [string[]]@($user.proxyAddresses)
                    RecipientTypeDetails = 'RemoteUserMailbox'
                }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Enable-RemoteMailbox {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param(
                [Parameter(Mandatory = $true, Position = 0)] [object] $Identity,
                [Parameter(Mandatory = $true)] [string] $RemoteRoutingAddress,
                [string] $Alias,
                [string] $PrimarySmtpAddress,
                [string] $DomainController
            )
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $user = Resolve-LabADUser $Identity
                if ($null -ne $user.msExchRecipientTypeDetails) {
                    Deny-LabCall "The user $($user.SamAccountName) is already a recipient (msExchRecipientTypeDetails $($user.msExchRecipientTypeDetails))." -Id 'RecipientTaskException' -Target $Identity
                }
                $alias = if ($Alias) { $Alias } else { $user.SamAccountName }
                $addresses = [System.Collections.Generic.List[string]]::new()
                foreach ($proxy in @($user.proxyAddresses)) { $addresses.Add($proxy) }
                # A primary address: the one given, else the one held, else the address policy's.
                $primary = if ($PrimarySmtpAddress) { $PrimarySmtpAddress } else { $null }
                if (-not $primary -and -not @($addresses | Where-Object { $_ -clike 'SMTP:*' })) { $primary = "$alias@$($script:VerifiedDomain)" }
                if ($primary) {
                    $others = @($addresses | Where-Object { ($_ -replace '^smtp:', '') -ne $primary } | ForEach-Object { if ($_ -clike 'SMTP:*') { 'smtp:' + $_.Substring(5) } else { $_ } })
                    $addresses = [System.Collections.Generic.List[string]]::new([string[]]@(@("SMTP:$primary") + $others))
                    $user.mail = $primary
                }
                if (-not @($addresses | Where-Object { ($_ -replace '^smtp:', '') -eq $RemoteRoutingAddress })) { $addresses.Add("smtp:$RemoteRoutingAddress") }
                $user.proxyAddresses = [string[]]$addresses.ToArray()
                $user.targetAddress = "SMTP:$RemoteRoutingAddress"
                $user.mailNickname = $alias
                $user.msExchRecipientTypeDetails = [long]2147483648
                $user.msExchRemoteRecipientType = [long]1
                if (-not $user.legacyExchangeDN) { $user.legacyExchangeDN = "/o=alwayshotcafe/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=$alias" }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Set-RemoteMailbox {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true, Position = 0)] [object] $Identity, [object] $ExchangeGuid, [object] $ArchiveGuid, [string] $DomainController)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $user = Resolve-LabRemoteMailbox $Identity
                if ($PSBoundParameters.ContainsKey('ExchangeGuid')) { $user.msExchMailboxGuid = ([guid]"$ExchangeGuid").ToByteArray() }
                if ($PSBoundParameters.ContainsKey('ArchiveGuid')) { $user.msExchArchiveGuid = ([guid]"$ArchiveGuid").ToByteArray() }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }
        #endregion

        #region Stand-ins: Exchange Online
        # An active user's mailbox by its user's id or UPN, or by an address it has.
        function Find-LabMailbox([string] $Identity, [switch] $SoftDeleted) {
            $user = Find-LabCloudUser $Identity -IncludeDeleted
            if (-not $user) { $user = @(Get-LabAddressHolder $Identity $null) | Select-Object -First 1 }
            $mailbox = Get-LabMailboxOf $user
            if ($mailbox -and [bool]$user.Deleted -eq [bool]$SoftDeleted) { return $mailbox }
            $null
        }

        function Deny-LabMissingRecipient([string] $Identity) {
            Deny-LabCall "The operation couldn't be performed because object '$Identity' couldn't be found on 'EURPR01A001DC01.PROD.OUTLOOK.COM'." -Id 'ManagementObjectNotFoundException' -Category ObjectNotFound -Target $Identity
        }

        function Connect-ExchangeOnline {
            [CmdletBinding()]
            param([string] $UserPrincipalName, [switch] $ShowBanner)
            try { [void](Enter-LabCall $PSCmdlet $PSBoundParameters) } catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Get-EXOMailbox {
            [CmdletBinding()]
            param(
                [Parameter(Position = 0)] [string] $Identity,
                [string] $ExternalDirectoryObjectId,
                [string] $UserPrincipalName,
                [string[]] $Properties,
                [string[]] $PropertySets,
                [object] $ResultSize,
                [switch] $SoftDeletedMailbox
            )
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $wanted = @($ExternalDirectoryObjectId, $Identity, $UserPrincipalName | Where-Object { $_ }) | Select-Object -First 1
                if (-not $wanted) {
                    foreach ($mailbox in @($script:Mailboxes.Values)) { if ([bool]$script:Cloud[$mailbox.UserId].Deleted -eq [bool]$SoftDeletedMailbox) { ConvertTo-LabEXOMailbox $mailbox } }
                    return
                }
                $mailbox = Find-LabMailbox $wanted -SoftDeleted:$SoftDeletedMailbox
                if (-not $mailbox) { Deny-LabMissingRecipient $wanted }
                ConvertTo-LabEXOMailbox $mailbox
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        function Get-EXORecipient {
            [CmdletBinding()]
            param([Parameter(Mandatory = $true, Position = 0)] [string] $Identity, [string[]] $Properties)
            try {
                [void](Enter-LabCall $PSCmdlet $PSBoundParameters)
                $mailbox = Find-LabMailbox $Identity
                if (-not $mailbox) { Deny-LabMissingRecipient $Identity }
                [pscustomobject]@{ ExternalDirectoryObjectId = $mailbox.UserId; PrimarySmtpAddress = $mailbox.PrimarySmtpAddress; EmailAddresses = [string[]]@($mailbox.EmailAddresses); RecipientTypeDetails = $mailbox.RecipientTypeDetails }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }

        # Set-Mailbox -EmailAddresses: the mailbox's whole list (the SMTP: one is primary); its
        # cloud-only user's mail and proxy addresses follow.
        function Set-Mailbox {
            [CmdletBinding(SupportsShouldProcess = $true)]
            param([Parameter(Mandatory = $true, Position = 0)] [string] $Identity, [object[]] $EmailAddresses)
            try {
                if (-not (Enter-LabCall $PSCmdlet $PSBoundParameters)) { return }
                $mailbox = Find-LabMailbox $Identity
                if (-not $mailbox) { Deny-LabMissingRecipient $Identity }
                $user = $script:Cloud[$mailbox.UserId]
                if ($user.OnPremisesSyncEnabled) {
                    Deny-LabCall "The operation on mailbox '$Identity' failed because it's out of the current user's write scope: the object is being synchronized from your on-premises organization." -Id 'TaskInvalidOperationException' -Target $Identity
                }
                if ($PSBoundParameters.ContainsKey('EmailAddresses')) {
                    $addresses = [string[]]@($EmailAddresses | ForEach-Object { if ("$_" -notmatch ':') { "smtp:$_" } else { "$_" } })
                    $primary = @($addresses | Where-Object { $_ -clike 'SMTP:*' })
                    if ($primary.Count -ne 1) { Deny-LabCall "EmailAddresses must hold exactly one primary (SMTP:) address, not $($primary.Count)." -Id 'InvalidPrimarySmtpAddress' -Category InvalidArgument -Target $Identity }
                    foreach ($address in $addresses) {
                        if ($address -match '^smtp:' -and @(Get-LabAddressHolder $address $user).Count -gt 0) {
                            Deny-LabCall "The proxy address `"$address`" is already being used by the proxy addresses or LegacyExchangeDN of another recipient." -Id 'ProxyAddressExists' -Category ResourceExists -Target $Identity
                        }
                    }
                    $mailbox.EmailAddresses = $addresses
                    $mailbox.PrimarySmtpAddress = $primary[0].Substring(5)
                    Set-LabCloudAddress $user $mailbox.PrimarySmtpAddress $addresses
                }
            }
            catch { Stop-LabCall $PSCmdlet $PSBoundParameters $_ }
        }
        #endregion

        Reset-Lab
        Export-ModuleMember -Function @(
            # The lab
            'Reset-Lab', 'Add-LabADUser', 'Add-LabCloudUser', 'Add-LabRole', 'Add-LabMailbox', 'Add-LabMapping', 'New-LabPairs',
            'Get-LabFacts', 'Get-LabState', 'Get-LabCalls', 'Clear-LabCalls', 'Set-LabFault', 'Get-LabUser', 'Get-LabADUser', 'Invoke-LabSync'
            # Microsoft Graph
            'Connect-MgGraph', 'Get-MgUser', 'Get-MgUserOnPremiseSyncBehavior', 'Update-MgUser', 'Get-MgDirectoryDeletedItemAsUser', 'Remove-MgDirectoryDeletedItem', 'Invoke-MgGraphRequest',
            'Get-MgDirectoryOnPremiseSynchronization', 'Update-MgDirectoryOnPremiseSynchronization',
            'Get-MgRoleManagementDirectoryRoleAssignment', 'Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance',
            'New-MgRoleManagementDirectoryRoleAssignmentScheduleRequest', 'New-MgRoleManagementDirectoryRoleEligibilityScheduleRequest', 'New-MgRoleManagementDirectoryRoleAssignment'
            # ActiveDirectory, ADSync, the console
            'Get-ADUser', 'Set-ADUser', 'Move-ADObject', 'Get-ADSyncScheduler', 'Set-ADSyncScheduler', 'Start-ADSyncSyncCycle', 'Read-Host'
            # Exchange
            'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Connect-ExchangeOnline', 'Get-EXOMailbox', 'Get-EXORecipient', 'Set-Mailbox'
        )
    } | Import-Module -Global -Force
}

function Remove-Lab { Remove-Module ImmutableIdLab -Force -ErrorAction SilentlyContinue }
