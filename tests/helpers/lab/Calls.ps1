# How every stand-in starts and ends: the journal of its calls (Get-LabCalls, Clear-LabCalls),
# the fault a test sets (Set-LabFault), and the errors a refusal becomes (Deny-LabCall,
# Stop-LabCall).
# Dot-sourced by Import-Lab (../Lab.ps1) into the ImmutableIdLab module: $script: is its state.

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
