# Stand-ins for Microsoft Graph PowerShell's Get-MgUser, Update-MgUser and
# Invoke-MgGraphRequest, over the directory of Directory.ps1. Get-MgUser returns objects of
# the shape of Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser (every property there,
# null unless Graph returned it: the default set, or what -Property selects);
# Invoke-MgGraphRequest returns hashtables with Graph's camelCase keys, as it does by default.
# Graph's rules the examples meet are kept: an anchor is unique in the tenant, and the
# properties of a synced user cannot be changed in the cloud.

$script:GraphProperties = @(
    'AccountEnabled', 'BusinessPhones', 'DisplayName', 'GivenName', 'Id', 'JobTitle', 'Mail', 'MobilePhone', 'OfficeLocation',
    'OnPremisesDistinguishedName', 'OnPremisesImmutableId', 'OnPremisesSamAccountName', 'OnPremisesSyncEnabled', 'PreferredLanguage',
    'ProxyAddresses', 'Surname', 'UserPrincipalName'
)
# Beta-only properties: only Get-MgBetaUser has them.
# The beta model also has onPremisesSyncBehavior (empty unless read with
# Get-MgUserOnPremiseSyncBehavior), so Add-Member of that name fails on its objects.
$script:GraphBetaProperties = @('OnPremisesObjectIdentifier', 'OnPremisesSyncBehavior')
# What Graph returns for a user when no $select says otherwise.
$script:GraphDefaultProperties = @('BusinessPhones', 'DisplayName', 'GivenName', 'Id', 'JobTitle', 'Mail', 'MobilePhone', 'OfficeLocation', 'PreferredLanguage', 'Surname', 'UserPrincipalName')

function Get-MgUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Get')]
        [string] $UserId,
        [Parameter(ParameterSetName = 'List')]
        [switch] $All,
        [Parameter(ParameterSetName = 'List')]
        [string] $Filter,
        [Parameter(ParameterSetName = 'List')]
        [int] $Top,
        [Parameter(ParameterSetName = 'List')]
        [string] $ConsistencyLevel,
        [Alias('Select')]
        [string[]] $Property
    )
    Get-StandInGraphUser -Beta:$false -UserId $UserId -Filter $Filter -Top $Top -Property $Property
}

# Get-MgBetaUser: the beta model, where onPremisesObjectIdentifier is a property of its own.
function Get-MgBetaUser {
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory = $true, ParameterSetName = 'Get')]
        [string] $UserId,
        [Parameter(ParameterSetName = 'List')]
        [switch] $All,
        [Parameter(ParameterSetName = 'List')]
        [string] $Filter,
        [Parameter(ParameterSetName = 'List')]
        [int] $Top,
        [Alias('Select')]
        [string[]] $Property
    )
    Get-StandInGraphUser -Beta:$true -UserId $UserId -Filter $Filter -Top $Top -Property $Property
}

function Get-StandInGraphUser {
    param([switch] $Beta, [string] $UserId, [string] $Filter, [int] $Top, [string[]] $Property)
    $model = if ($Beta) { $script:GraphProperties + $script:GraphBetaProperties } else { $script:GraphProperties }
    # v1.0 refuses to select a property its model lacks (Graph answers 400), as the stand-in does.
    $selected = if ($Property) { @(Resolve-StandInProperty $model $Property) } else { $script:GraphDefaultProperties }
    $users = if ($UserId) { Find-StandInCloudUser $UserId } else { Find-StandInCloudUsers $Filter $Top }
    foreach ($user in $users) {
        $properties = [ordered]@{}
        foreach ($name in $model) { $properties[$name] = if ($selected -contains $name) { $user[$name] } else { $null } }
        $properties['AdditionalProperties'] = [System.Collections.Generic.Dictionary[string, object]]::new()
        $object = [pscustomobject]$properties
        $object.PSObject.TypeNames.Insert(0, "Microsoft.Graph.$(if ($Beta) { 'Beta.' })PowerShell.Models.MicrosoftGraphUser")
        $object
    }
}

function Update-MgUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true)]
        [string] $UserId,
        [string] $OnPremisesImmutableId,
        [string] $DisplayName,
        [hashtable] $BodyParameter,
        [switch] $PassThru
    )
    $changes = @{}
    if ($BodyParameter) { foreach ($key in $BodyParameter.Keys) { $changes[$key] = $BodyParameter[$key] } }
    if ($PSBoundParameters.ContainsKey('OnPremisesImmutableId')) { $changes['OnPremisesImmutableId'] = $OnPremisesImmutableId }
    if ($PSBoundParameters.ContainsKey('DisplayName')) { $changes['DisplayName'] = $DisplayName }
    $user = @(Find-StandInCloudUser $UserId)[0]
    if ($PSCmdlet.ShouldProcess($user.UserPrincipalName, 'Update-MgUser')) {
        Set-StandInCloudUser $user $changes
        if ($PassThru) { $true }
    }
}

function Invoke-MgGraphRequest {
    [CmdletBinding()]
    param(
        [string] $Method = 'GET',
        [Parameter(Mandatory = $true, Position = 0)]
        [string] $Uri,
        [object] $Body,
        [ValidateSet('HashTable', 'PSObject', 'Json')]
        [string] $OutputType = 'HashTable'
    )
    if ($Uri -notmatch '^(?:https://graph\.microsoft\.com)?/?(?:v1\.0|beta)/users(?:/(?<id>[^?/]+))?(?:\?(?<query>.*))?$') {
        throw "The Invoke-MgGraphRequest stand-in serves v1.0/users and v1.0/users/{id} only, not: $Uri"
    }
    $id = $Matches['id']
    $query = @{}
    if ($Matches['query']) {
        foreach ($pair in $Matches['query'] -split '&') {
            $name, $value = $pair -split '=', 2
            $query[[Uri]::UnescapeDataString($name)] = [Uri]::UnescapeDataString($value)
        }
    }
    if ($Method -eq 'PATCH') {
        if (-not $id) { throw 'PATCH needs a user: v1.0/users/{id}.' }
        # The JSON's top-level names, as a hashtable (Windows PowerShell 5.1 has no -AsHashtable).
        $changes = $Body
        if ($Body -is [string]) {
            $changes = @{}
            foreach ($property in ($Body | ConvertFrom-Json).PSObject.Properties) { $changes[$property.Name] = $property.Value }
        }
        $cloudNames = @{}
        foreach ($key in $changes.Keys) { $cloudNames[(Resolve-StandInProperty $script:GraphProperties $key)] = $changes[$key] }
        Set-StandInCloudUser (@(Find-StandInCloudUser $id)[0]) $cloudNames
        return
    }
    if ($Method -ne 'GET') { throw "The Invoke-MgGraphRequest stand-in answers GET and PATCH, not $Method." }
    $selected = if ($query['$select']) { @(Resolve-StandInProperty $script:GraphProperties $query['$select']) } else { $script:GraphDefaultProperties }
    $top = if ($query['$top']) { [int]$query['$top'] } else { 0 }
    $items = @(foreach ($user in $(if ($id) { Find-StandInCloudUser $id } else { Find-StandInCloudUsers $query['$filter'] $top })) {
            $item = @{}
            foreach ($name in $selected) { $item[$name.Substring(0, 1).ToLowerInvariant() + $name.Substring(1)] = $user[$name] }
            $item
        })
    $context = 'https://graph.microsoft.com/v1.0/$metadata#users' + $(if ($query['$select']) { "($($query['$select']))" })
    $response = if ($id) { $items[0]['@odata.context'] = "$context/`$entity"; $items[0] } else { @{ '@odata.context' = $context; value = $items } }
    switch ($OutputType) {
        'HashTable' { $response }
        'PSObject' { $response | ConvertTo-Json -Depth 5 | ConvertFrom-Json }
        'Json' { $response | ConvertTo-Json -Depth 5 }
    }
}

function Find-StandInCloudUser {
    param([string] $UserId)
    $found = @($script:CloudUsers | Where-Object { $_.Id -eq $UserId -or $_.UserPrincipalName -eq $UserId })
    if ($found.Count -eq 0) {
        $exception = [System.Management.Automation.ItemNotFoundException]::new("[Request_ResourceNotFound] : Resource '$UserId' does not exist or one of its queried reference-property objects are not present.")
        throw [System.Management.Automation.ErrorRecord]::new($exception, 'Request_ResourceNotFound,Microsoft.Graph.PowerShell.Cmdlets.GetMgUser_Get', 'ObjectNotFound', $UserId)
    }
    $found[0]
}

# A list query: OData's "<property> eq <literal>" ($filter) and $top, nothing more.
function Find-StandInCloudUsers {
    param([string] $Filter, [int] $Top)
    $users = @($script:CloudUsers)
    if ($Filter) {
        if ($Filter -notmatch "^\s*(\w+)\s+(eq|ne)\s+('(?<text>[^']*)'|(?<literal>true|false|null))\s*$") {
            throw "The Get-MgUser stand-in understands -Filter `"<property> eq|ne <literal>`" only, not: $Filter"
        }
        $name = Resolve-StandInProperty $script:GraphProperties $Matches[1]
        $wanted = if ($Matches['literal']) { @{ true = $true; false = $false; null = $null }[$Matches['literal']] } else { $Matches['text'] }
        $equal = $Matches[2] -eq 'eq'
        $users = @($users | Where-Object {
                $same = if ($null -eq $wanted) { $null -eq $_[$name] } else { $_[$name] -eq $wanted }
                $same -eq $equal
            })
    }
    if ($Top -gt 0) { $users = @($users | Select-Object -First $Top) }
    $users
}

function Set-StandInCloudUser {
    param([hashtable] $User, [hashtable] $Changes)
    if ($User.OnPremisesSyncEnabled) {
        throw "[Request_BadRequest] : Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration. ($($User.UserPrincipalName))"
    }
    foreach ($name in $Changes.Keys) {
        $value = $Changes[$name]
        if ($name -eq 'OnPremisesImmutableId' -and $value -and @($script:CloudUsers | Where-Object { $_ -ne $User -and $_.OnPremisesImmutableId -ceq $value }).Count -gt 0) {
            throw "[Request_BadRequest] : Another object with the same value for property onPremisesImmutableId already exists. ($value)"
        }
        $User[$name] = $value
    }
}

# Get-MgUserOnPremiseSyncBehavior: whether the account's source of authority was switched
# to the cloud (isCloudManaged).
function Get-MgUserOnPremiseSyncBehavior {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $UserId)
    $user = @(Find-StandInCloudUser $UserId)[0]
    $behavior = [pscustomobject]@{ Id = $user.Id; IsCloudManaged = [bool]$user.IsCloudManaged; AdditionalProperties = [System.Collections.Generic.Dictionary[string, object]]::new() }
    $behavior.PSObject.TypeNames.Insert(0, 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphOnPremisesSyncBehavior')
    $behavior
}
