# A stand-in for the ExchangeOnlineManagement module's Get-EXOMailbox, over the directory of
# Directory.ps1: carol's cloud-only account has a mailbox (the one her hard match keeps). It
# returns objects of the shape Get-EXOMailbox -Properties ExchangeGuid,ArchiveGuid,
# LegacyExchangeDN,IsInactiveMailbox does: EmailAddresses an ArrayList, GUIDs as [guid].

function Get-EXOMailbox {
    [CmdletBinding()]
    param(
        [string] $Identity,
        [string] $ExternalDirectoryObjectId,
        [string[]] $Properties,
        [string[]] $PropertySets,
        [object] $ResultSize,
        [switch] $SoftDeletedMailbox
    )
    if ($SoftDeletedMailbox) { return }
    foreach ($user in $script:CloudUsers) {
        if ($user.GivenName -ne 'Carol') { continue }
        if ($ExternalDirectoryObjectId -and $ExternalDirectoryObjectId -ne $user.Id) { continue }
        if ($Identity -and $Identity -ne $user.Id -and $Identity -ne $user.UserPrincipalName) { continue }
        $mailbox = [ordered]@{
            ExternalDirectoryObjectId = $user.Id
            UserPrincipalName         = $user.UserPrincipalName
            Alias                     = $user.GivenName.ToLowerInvariant()
            PrimarySmtpAddress        = $user.Mail
            EmailAddresses            = [System.Collections.ArrayList]@("SMTP:$($user.Mail)", "smtp:$($user.GivenName.ToLowerInvariant())@contoso.mail.onmicrosoft.com")
            RecipientTypeDetails      = 'UserMailbox'
        }
        $wanted = @($Properties | ForEach-Object { $_ -split ',' } | ForEach-Object Trim)
        # The GUID of Exchange's own: derived from the user's object id, as no example shows it.
        if ($wanted -contains 'ExchangeGuid') { $mailbox.ExchangeGuid = [guid]::new([byte[]](([guid]$user.Id).ToByteArray()[15..0])) }
        if ($wanted -contains 'ArchiveGuid') { $mailbox.ArchiveGuid = [guid]::Empty }
        if ($wanted -contains 'LegacyExchangeDN') { $mailbox.LegacyExchangeDN = "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=$($user.Id.Replace('-', ''))-$($mailbox.Alias)" }
        if ($wanted -contains 'IsInactiveMailbox') { $mailbox.IsInactiveMailbox = $false }
        [pscustomobject]$mailbox
    }
}
