
# ---- How this script runs (the same in every plan) ----------------------------------------
# The steps are registered below, each under its pair, and Invoke-Plan runs them in the
# plan's order, so that every pair shares the same syncs. Before a step that changes
# something, its check says whether its effect is in place already; if so the step is
# skipped. A step that fails stops its own pair (what that pair lifted is given back at once)
# and the other pairs go on; a tenant step that fails stops the script. Whatever is still
# lifted when the script stops is given back in finally. Every step writes a row to the log
# (-LogPath); a rerun reads it and resumes each pair where it stopped.

$script:PlanSteps = New-Object 'System.Collections.Generic.SortedDictionary[int, object]'
$script:PlanPairs = New-Object 'System.Collections.Generic.SortedDictionary[int, object]'
# The steps whose lift is not given back yet, in the order they lifted.
$script:Lifted = New-Object 'System.Collections.Generic.List[int]'
# "pair/step" of every step done, from the log and from this run; pairs the log knows.
$script:Done = @{}
$script:Logged = @{}
$script:RecycleBin = $null

function Invoke-ADSync([scriptblock] $Command, [switch] $Read) {
    if ($ConnectServer) { Invoke-Command -ComputerName $ConnectServer -ScriptBlock $Command }
    elseif (Get-Command Set-ADSyncScheduler -ErrorAction SilentlyContinue) { & $Command }
    elseif (-not $Read) { Read-Host "Run { $Command } on the Entra Connect server, wait for it to finish, then press Enter" | Out-Null }
}

function Add-PlanPair([int] $Number, [string] $Name, [scriptblock] $Matched, [string] $Skipped) {
    $script:PlanPairs[$Number] = [pscustomobject]@{
        Number = $Number; Name = $Name; Matched = $Matched
        State = $(if ($Skipped) { 'Skipped' } else { 'Live' }); Said = $(if ($Skipped) { "skipped: $Skipped" } else { '' })
        Steps = New-Object 'System.Collections.Generic.List[int]'
    }
}

function Add-PlanStep([int] $Order, [int] $Pair, [string] $Action, [scriptblock] $Run, [scriptblock] $Check, [int] $GivesBack, [int] $GivenBackBy, [switch] $Irreversible) {
    $script:PlanSteps[$Order] = [pscustomobject]@{
        Order = $Order; Pair = $Pair; Action = $Action; Run = $Run; Check = $Check
        GivesBack = $GivesBack; GivenBackBy = $GivenBackBy; Irreversible = [bool]$Irreversible
    }
    if ($Pair -gt 0) { $script:PlanPairs[$Pair].Steps.Add($Order) }
}

# The soft-deleted users holding an anchor: the recycle bin is listed once per run (999 a
# page) and looked up by anchor, case-sensitively as Entra compares anchors.
function Get-DeletedHolder([string] $Anchor) {
    if ($null -eq $script:RecycleBin) {
        $script:RecycleBin = New-Object 'System.Collections.Generic.Dictionary[string, System.Collections.Generic.List[object]]' ([StringComparer]::Ordinal)
        foreach ($user in Get-MgDirectoryDeletedItemAsUser -All -PageSize 999 -Property Id, UserPrincipalName, OnPremisesImmutableId) {
            if (-not $user.OnPremisesImmutableId) { continue }
            if (-not $script:RecycleBin.ContainsKey($user.OnPremisesImmutableId)) { $script:RecycleBin[$user.OnPremisesImmutableId] = New-Object 'System.Collections.Generic.List[object]' }
            $script:RecycleBin[$user.OnPremisesImmutableId].Add($user)
        }
    }
    if ($script:RecycleBin.ContainsKey($Anchor)) { $script:RecycleBin[$Anchor] }
}

function Open-PlanLog {
    if (Test-Path -LiteralPath $LogPath) {
        foreach ($row in @(Import-Csv -LiteralPath $LogPath)) {
            if ($row.Plan -ne $PlanId) { throw "The log $LogPath is of another plan ($($row.Plan), this one is $PlanId): give -LogPath a new file, or move that log away." }
            $key = "$($row.Pair)/$($row.Step)"
            $script:Logged["$($row.Pair)"] = $true
            if ($row.Result -eq 'Done' -or $row.Result -eq 'AlreadyDone') { $script:Done[$key] = $true }
            elseif ($row.Result -eq 'GivenBack') { $script:Done.Remove($key) }
        }
    }
    $stream = New-Object IO.FileStream -ArgumentList $LogPath, ([IO.FileMode]::Append), ([IO.FileAccess]::Write), ([IO.FileShare]::Read)
    $script:Log = New-Object IO.StreamWriter -ArgumentList $stream, (New-Object Text.UTF8Encoding -ArgumentList $false)
    $script:Log.AutoFlush = $true
    if ($stream.Length -eq 0) { $script:Log.WriteLine('"Time","Plan","Pair","Account","Step","Action","Result","Message"') }
}

function Write-PlanLog($Step, [string] $Result, [string] $Message) {
    $account = if ($Step.Pair -gt 0) { $script:PlanPairs[$Step.Pair].Name } else { '(tenant)' }
    $fields = @([DateTime]::UtcNow.ToString('o'), $PlanId, $Step.Pair, $account, $Step.Order, $Step.Action, $Result, $Message)
    $script:Log.WriteLine((@($fields | ForEach-Object { '"' + ("$_" -replace '"', '""') + '"' }) -join ','))
    $who = if ($Step.Pair -gt 0) { "pair $($Step.Pair), $account" } else { 'tenant' }
    Write-Host "Step $($Step.Order) ($($Step.Action), $who): $Result$(if ($Message) { ": $Message" })"
}

function Test-Done($Step) {
    if ($script:Done.ContainsKey("$($Step.Pair)/$($Step.Order)")) { return $true }
    # A lift whose giving back is done: both ran (a GivenBack row marks the lift undone).
    $Step.GivenBackBy -gt 0 -and $script:Done.ContainsKey("$($Step.Pair)/$($Step.GivenBackBy)")
}

function Test-Check([scriptblock] $Check) { [bool](@(& $Check) | Select-Object -Last 1) }

# A tenant step is needed while a pair that goes on has a step after it still to do.
function Test-Needed([int] $Order) {
    foreach ($who in $script:PlanPairs.Values) {
        if ($who.State -ne 'Live') { continue }
        foreach ($o in $who.Steps) { if ($o -gt $Order -and -not (Test-Done $script:PlanSteps[$o])) { return $true } }
    }
    $false
}

# Gives back what step $Order took away, by the step planned for it, unless that is in place.
function Undo-Lift([int] $Order, [string] $Why) {
    $lift = $script:PlanSteps[$Order]
    $back = $script:PlanSteps[$lift.GivenBackBy]
    $null = $script:Lifted.Remove($Order)
    try {
        if (-not ($back.Check -and (Test-Check $back.Check))) { $null = & $back.Run }
        $script:Done.Remove("$($lift.Pair)/$Order")
        Write-PlanLog $lift 'GivenBack' "$Why (step $($back.Order), $($back.Action))"
    }
    catch {
        Write-PlanLog $lift 'GiveBackFailed' $_.Exception.Message
        Write-Warning "Giving back what step $Order took away failed: $($_.Exception.Message) Do it by hand: step $($back.Order) ($($back.Action))."
    }
}

function Invoke-TenantStep($Step) {
    if ($Step.GivesBack -gt 0) {
        if ($script:Lifted.Contains($Step.GivesBack)) { Undo-Lift $Step.GivesBack 'Given back as planned' }
        else { Write-PlanLog $Step 'Skipped' "Nothing to give back: step $($Step.GivesBack) took nothing away (it was so before, or no pair needed it)." }
        return
    }
    if (-not (Test-Needed $Step.Order)) { Write-PlanLog $Step 'Skipped' 'No pair still to do needs it.'; return }
    $key = "0/$($Step.Order)"
    try {
        if ($Step.Check -and (Test-Check $Step.Check)) {
            # In place already: an earlier run lifted it and stopped before giving it back (its
            # log says so), or it was so before the plan, and stays so.
            if ($Step.GivenBackBy -gt 0 -and $script:Done.ContainsKey($key)) { $script:Lifted.Add($Step.Order) }
            Write-PlanLog $Step 'AlreadyDone' 'Already in place.'
        }
        else {
            $null = & $Step.Run
            if ($Step.GivenBackBy -gt 0) { $script:Lifted.Add($Step.Order) }
            Write-PlanLog $Step 'Done' ''
        }
        $script:Done[$key] = $true
    }
    catch {
        Write-PlanLog $Step 'Failed' $_.Exception.Message
        throw
    }
}

function Invoke-PairStep($Step) {
    $who = $script:PlanPairs[$Step.Pair]
    if ($who.State -ne 'Live') { return }
    if (Test-Done $Step) {
        # Lifted by an earlier run, not given back yet: still to give back.
        if ($Step.GivenBackBy -gt 0 -and -not (Test-Done $script:PlanSteps[$Step.GivenBackBy])) { $script:Lifted.Add($Step.Order) }
        return
    }
    try {
        if ($Step.GivesBack -gt 0 -and -not $script:Lifted.Contains($Step.GivesBack)) {
            $script:Done["$($Step.Pair)/$($Step.Order)"] = $true
            Write-PlanLog $Step 'Skipped' "Nothing to give back: step $($Step.GivesBack) took nothing away."
            return
        }
        if ($Step.Check -and (Test-Check $Step.Check)) { $result = 'AlreadyDone'; $said = 'Already in place.' }
        else { $null = & $Step.Run; $result = 'Done'; $said = '' }
        $script:Done["$($Step.Pair)/$($Step.Order)"] = $true
        Write-PlanLog $Step $result $said
        if ($Step.GivenBackBy -gt 0 -and $result -eq 'Done') { $script:Lifted.Add($Step.Order) }
        if ($Step.GivesBack -gt 0) {
            $null = $script:Lifted.Remove($Step.GivesBack)
            $script:Done.Remove("$($Step.Pair)/$($Step.GivesBack)")
            Write-PlanLog $script:PlanSteps[$Step.GivesBack] 'GivenBack' "Given back as planned (step $($Step.Order), $($Step.Action))"
        }
    }
    catch {
        $who.State = 'Failed'
        $who.Said = "FAILED at step $($Step.Order) ($($Step.Action)): $($_.Exception.Message)"
        Write-PlanLog $Step 'Failed' $_.Exception.Message
        Write-Warning "Pair $($who.Number) ($($who.Name)) $($who.Said)"
        # What this pair lifted comes back now, the latest first: nothing stays lifted for a pair that waits.
        foreach ($o in @($script:Lifted | Where-Object { $script:PlanSteps[$_].Pair -eq $who.Number } | Sort-Object -Descending)) {
            Undo-Lift $o "Pair $($who.Number) failed"
        }
    }
}

# One line per pair, and whether any failed or was stopped.
function Write-PlanSummary([string] $Stopped) {
    $script:Failed = 0
    foreach ($who in $script:PlanPairs.Values) {
        $left = @($who.Steps | Where-Object { -not (Test-Done $script:PlanSteps[$_]) })
        if ($who.State -eq 'Live') {
            if ($left.Count -eq 0) { $who.State = 'Done'; $who.Said = 'done' }
            else { $who.State = 'Stopped'; $who.Said = "STOPPED before step $($left[0]): the script stopped at $Stopped" }
        }
        if ($who.State -eq 'Failed' -or $who.State -eq 'Stopped') {
            $script:Failed++
            $out = @($who.Steps | Where-Object { $script:PlanSteps[$_].Action -eq 'OutOfScope' -and (Test-Done $script:PlanSteps[$_]) })
            $back = @($who.Steps | Where-Object { $script:PlanSteps[$_].Action -eq 'BackInScope' -and -not (Test-Done $script:PlanSteps[$_]) })
            $waits = if ($out.Count -gt 0 -and $back.Count -gt 0) { ' Its AD user waits out of sync scope until the rerun.' } else { '' }
            $who.Said = "$($who.Said).$waits Fix the cause and run the script again: the pair resumes there."
        }
        "Pair $($who.Number) ($($who.Name)): $($who.Said)"
    }
}

function Invoke-Plan {
    if (-not $LogPath) {
        $script:LogPath = if ($PSCommandPath) { [IO.Path]::ChangeExtension($PSCommandPath, '.log.csv') } else { Join-Path (Get-Location).ProviderPath 'hard-match-plan.log.csv' }
    }
    Open-PlanLog
    foreach ($who in $script:PlanPairs.Values) {
        if ($who.State -ne 'Live') { continue }
        if ($Pair -and $Pair -notcontains $who.Number) { $who.State = 'Skipped'; $who.Said = 'skipped: not chosen with -Pair; it waits for a later run'; continue }
        if (@($who.Steps | Where-Object { -not (Test-Done $script:PlanSteps[$_]) }).Count -eq 0) { $who.State = 'Done'; $who.Said = 'done (in an earlier run)'; continue }
        # A pair the log knows nothing of, matched already (the plan ran without this log):
        # nothing is done for it.
        if ($script:Logged.ContainsKey("$($who.Number)")) { continue }
        $first = $script:PlanSteps[$who.Steps[0]]
        try {
            if (Test-Check $who.Matched) {
                foreach ($o in $who.Steps) { $script:Done["$($who.Number)/$o"] = $true }
                $who.State = 'Done'; $who.Said = 'matched already: nothing done'
                Write-PlanLog $first 'AlreadyDone' 'The pair is matched already: none of its steps runs.'
            }
        }
        catch {
            $who.State = 'Failed'; $who.Said = "FAILED before its first step (reading whether it is matched): $($_.Exception.Message)"
            Write-PlanLog $first 'Failed' $who.Said
        }
    }
    $stopped = ''
    try {
        foreach ($step in @($script:PlanSteps.Values)) {
            if ($step.Pair -eq 0) { Invoke-TenantStep $step } else { Invoke-PairStep $step }
        }
    }
    catch {
        $stopped = "step $($step.Order) ($($step.Action)): $($_.Exception.Message)"
        Write-Warning "The script stopped at $stopped"
    }
    finally {
        foreach ($o in @($script:Lifted | Sort-Object -Descending)) { Undo-Lift $o 'The script stopped before giving it back' }
        $script:Log.Dispose()
    }
    Write-PlanSummary $stopped
    if ($stopped) { $script:Failed++ }
    Write-Host "Log: $LogPath"
}
