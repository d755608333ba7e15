# Stand-ins for Exchange: on-premises (Get-, Enable- and Set-RemoteMailbox, over the AD user's
# msExch attributes) and Exchange Online (Connect-ExchangeOnline, Get-EXOMailbox, Get-EXORecipient,
# Set-Mailbox).
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

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
