# Stand-ins for the ActiveDirectory module: Get-ADUser, Set-ADUser and Move-ADObject over the
# lab's AD users.
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

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
