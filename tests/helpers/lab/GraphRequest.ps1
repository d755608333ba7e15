# The stand-in for Invoke-MgGraphRequest: the REST routes the scripts call (users by anchor,
# GET and PATCH of users/<id> and its onPremisesSyncBehavior, a deleted user's restore).
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

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
