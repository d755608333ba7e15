# Stand-ins for the ActiveDirectory module's Get-ADUser and Set-ADUser (-Add, -Remove, -Replace,
# -Clear, -EmailAddress), over the directory of
# Directory.ps1. They take the parameters the help examples use, and return objects of the
# shape Get-ADUser returns (Microsoft.ActiveDirectory.Management.ADUser): the default
# properties, plus those -Properties asks for, with mS-DS-ConsistencyGuid as a byte[].

$script:ADDefaultProperties = @('DistinguishedName', 'Enabled', 'GivenName', 'Name', 'ObjectClass', 'ObjectGUID', 'SamAccountName', 'SID', 'Surname', 'UserPrincipalName')
$script:ADExtraProperties = @('mail', 'mS-DS-ConsistencyGuid', 'proxyAddresses', 'msExchMailboxGuid', 'msExchArchiveGuid', 'msExchRecipientTypeDetails', 'msExchRemoteRecipientType', 'legacyExchangeDN')
$script:ADTypeNames = @('ADUser', 'ADAccount', 'ADPrincipal', 'ADObject', 'ADEntity') | ForEach-Object { "Microsoft.ActiveDirectory.Management.$_" }

function Get-ADUser {
    [CmdletBinding(DefaultParameterSetName = 'Filter')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ParameterSetName = 'Identity', ValueFromPipeline = $true)]
        [object] $Identity,
        [Parameter(Mandatory = $true, ParameterSetName = 'Filter')]
        [string] $Filter,
        [Parameter(Mandatory = $true, ParameterSetName = 'LdapFilter')]
        [string] $LDAPFilter,
        [Alias('Property')]
        [string[]] $Properties,
        [string] $SearchBase,
        [string] $Server
    )
    process {
        $extras = @(Resolve-StandInProperty $script:ADExtraProperties $Properties)
        $users = switch ($PSCmdlet.ParameterSetName) {
            'Identity' { Find-StandInADUser $Identity }
            'Filter' { $script:OnPremisesUsers | Where-Object { Test-StandInADFilter $_ $Filter } }
            'LdapFilter' {
                $parsed = ConvertFrom-StandInLdapFilter $LDAPFilter
                $script:OnPremisesUsers | Where-Object { Test-StandInLdapFilter $_ $parsed }
            }
        }
        foreach ($user in $users) {
            if ($SearchBase -and -not $user.DistinguishedName.EndsWith($SearchBase, [StringComparison]::OrdinalIgnoreCase)) { continue }
            ConvertTo-StandInADUser $user $extras
        }
    }
}

function Set-ADUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)]
        [object] $Identity,
        [hashtable] $Replace,
        [string[]] $Clear,
        [hashtable] $Add,
        [hashtable] $Remove,
        [string] $EmailAddress,
        [string] $Server
    )
    process {
        $user = Find-StandInADUser $Identity
        if (-not $PSCmdlet.ShouldProcess($user.DistinguishedName, 'Set')) { return }
        # As the ActiveDirectory module does: Remove, then Add, then Replace, then Clear. A
        # multi-valued attribute compares its values ignoring case, and refuses one it holds.
        foreach ($key in @(if ($Remove) { $Remove.Keys })) {
            $name = Resolve-StandInProperty $script:ADExtraProperties $key
            $drop = @($Remove[$key])
            $user[$name] = [string[]]@($user[$name] | Where-Object { $drop -notcontains $_ })
        }
        foreach ($key in @(if ($Add) { $Add.Keys })) {
            $name = Resolve-StandInProperty $script:ADExtraProperties $key
            foreach ($value in @($Add[$key])) {
                if (@($user[$name]) -contains $value) { throw "The value '$value' is already in $name of $($user.SamAccountName)." }
                $user[$name] = [string[]]@(@($user[$name] | Where-Object { $null -ne $_ }) + $value)
            }
        }
        if ($EmailAddress) { $user['mail'] = $EmailAddress }
        foreach ($name in @($Clear)) {
            if ($name) { $user[(Resolve-StandInProperty $script:ADExtraProperties $name)] = $null }
        }
        if ($Replace) {
            foreach ($key in $Replace.Keys) {
                $name = Resolve-StandInProperty $script:ADExtraProperties $key
                $value = $Replace[$key]
                # AD stores mS-DS-ConsistencyGuid as octets: 16 bytes, nothing else.
                if ($name -eq 'mS-DS-ConsistencyGuid' -and -not ($value -is [byte[]] -and $value.Length -eq 16)) {
                    throw "The mS-DS-ConsistencyGuid of $($user.SamAccountName) must be 16 bytes (a byte[]); got $(if ($null -eq $value) { 'null' } else { $value.GetType().Name })."
                }
                $user[$name] = $value
            }
        }
    }
}

# One user by DN, GUID, SID or sAMAccountName, as -Identity finds it; a terminating error
# when there is none, as in the ActiveDirectory module.
function Find-StandInADUser {
    param([object] $Identity)
    if ($Identity.PSObject.Properties['DistinguishedName']) { $Identity = $Identity.DistinguishedName }
    $text = [string]$Identity
    $found = @($script:OnPremisesUsers | Where-Object {
            $_.DistinguishedName -eq $text -or $_.SamAccountName -eq $text -or $_.SID -eq $text -or $_.ObjectGUID.ToString() -eq $text.Trim('{}')
        })
    if ($found.Count -eq 0) {
        $exception = [System.Management.Automation.ItemNotFoundException]::new("Cannot find an object with identity: '$text' under: 'DC=contoso,DC=com'.")
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException', 'ObjectNotFound', $Identity)
    }
    $found[0]
}

# -Filter: '*', or one "<Property> -eq|-like|-ne '<value>'" comparison.
function Test-StandInADFilter {
    param([hashtable] $User, [string] $Filter)
    if ($Filter.Trim() -eq '*') { return $true }
    if ($Filter -notmatch "^\s*([\w-]+)\s+-(eq|ne|like)\s+[`"']([^`"']*)[`"']\s*$") {
        throw "The Get-ADUser stand-in understands -Filter * and -Filter `"<Property> -eq|-ne|-like '<value>'`" only, not: $Filter"
    }
    $value = [string]$User[(Resolve-StandInProperty ($script:ADDefaultProperties + $script:ADExtraProperties) $Matches[1])]
    switch ($Matches[2]) {
        'eq' { $value -eq $Matches[3] }
        'ne' { $value -ne $Matches[3] }
        'like' { $value -like $Matches[3] }
    }
}

# -LDAPFilter: a tree of (&...), (|...), (!...) and (attribute=value) nodes; values may hold
# \xx escapes (binary attributes) and * wildcards (text attributes).
function ConvertFrom-StandInLdapFilter {
    param([string] $Text)
    $position = 0
    $node = Read-StandInLdapNode $Text ([ref]$position)
    if ($position -ne $Text.Length) { throw "Not an LDAP filter (extra text at $position): $Text" }
    $node
}

function Read-StandInLdapNode {
    param([string] $Text, [ref] $Position)
    if ($Position.Value -ge $Text.Length -or $Text[$Position.Value] -ne '(') { throw "Not an LDAP filter ('(' expected at $($Position.Value)): $Text" }
    $Position.Value++
    $operator = $Text[$Position.Value]
    if ('&', '|', '!' -contains $operator) {
        $Position.Value++
        $children = [System.Collections.Generic.List[object]]::new()
        while ($Position.Value -lt $Text.Length -and $Text[$Position.Value] -eq '(') { $children.Add((Read-StandInLdapNode $Text $Position)) }
        if ($Position.Value -ge $Text.Length -or $Text[$Position.Value] -ne ')') { throw "Not an LDAP filter (')' expected at $($Position.Value)): $Text" }
        $Position.Value++
        return @{ Operator = [string]$operator; Children = $children.ToArray() }
    }
    $end = $Text.IndexOf(')', $Position.Value)
    if ($end -lt 0) { throw "Not an LDAP filter (unclosed item): $Text" }
    $item = $Text.Substring($Position.Value, $end - $Position.Value)
    $Position.Value = $end + 1
    $equals = $item.IndexOf('=')
    if ($equals -le 0) { throw "Not an LDAP filter item: ($item)" }
    @{ Operator = '='; Attribute = $item.Substring(0, $equals); Value = $item.Substring($equals + 1) }
}

function Test-StandInLdapFilter {
    param([hashtable] $User, [hashtable] $Node)
    switch ($Node.Operator) {
        '&' { return -not ($Node.Children | Where-Object { -not (Test-StandInLdapFilter $User $_) }) }
        '|' { return [bool]($Node.Children | Where-Object { Test-StandInLdapFilter $User $_ }) }
        '!' { return -not (Test-StandInLdapFilter $User $Node.Children[0]) }
    }
    $attribute = $Node.Attribute
    if ($attribute -eq 'objectGUID' -or $attribute -eq 'mS-DS-ConsistencyGuid') {
        $stored = if ($attribute -eq 'objectGUID') { $User.ObjectGUID.ToByteArray() } else { $User['mS-DS-ConsistencyGuid'] }
        if ($Node.Value -eq '*') { return $null -ne $stored }
        if ($null -eq $stored) { return $false }
        $bytes = [byte[]]@([regex]::Matches($Node.Value, '\\([0-9a-fA-F]{2})') | ForEach-Object { [Convert]::ToByte($_.Groups[1].Value, 16) })
        return [Convert]::ToBase64String($bytes) -ceq [Convert]::ToBase64String($stored)
    }
    $names = @{ sAMAccountName = 'SamAccountName'; userPrincipalName = 'UserPrincipalName'; mail = 'mail'; name = 'Name'; givenName = 'GivenName'; sn = 'Surname' }
    $key = $names.Keys | Where-Object { $_ -eq $attribute }
    if (-not $key) { throw "The Get-ADUser stand-in cannot filter on $attribute." }
    [string]$User[$names[$key]] -like $Node.Value
}

function ConvertTo-StandInADUser {
    param([hashtable] $User, [string[]] $Extras)
    $properties = [ordered]@{}
    foreach ($name in $script:ADDefaultProperties) {
        $properties[$name] = switch ($name) {
            'ObjectClass' { 'user' }
            'SID' { ConvertTo-StandInSid $User.SID }
            default { $User[$name] }
        }
    }
    foreach ($name in $Extras) {
        # Assigned, not emitted: an emitted byte[] would be unrolled into an object[].
        $properties[$name] = $User[$name]
        if ($User[$name] -is [byte[]]) { $properties[$name] = [byte[]]$User[$name].Clone() }
    }
    $object = [pscustomobject]$properties
    $object.PSObject.TypeNames.Clear()
    foreach ($type in $script:ADTypeNames + 'System.Object') { $object.PSObject.TypeNames.Add($type) }
    $object
}

# A SecurityIdentifier where .NET has one (Windows); elsewhere an object of the same shape.
function ConvertTo-StandInSid {
    param([string] $Text)
    try { return [System.Security.Principal.SecurityIdentifier]::new($Text) }
    catch {
        $sid = [pscustomobject]@{ Value = $Text; BinaryLength = 28; AccountDomainSid = $Text.Substring(0, $Text.LastIndexOf('-')) }
        $sid.PSObject.TypeNames.Insert(0, 'System.Security.Principal.SecurityIdentifier')
        $sid | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Value } -Force -PassThru
    }
}
