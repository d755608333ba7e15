# The sync engine (Entra Connect, simplified), Invoke-LabSync: deletes what left scope, joins an
# in-scope AD user to the cloud user holding its anchor (restored, or hard-matched unless Entra
# refuses) or provisions one, and flows AD's names and addresses to the users it syncs.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

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
