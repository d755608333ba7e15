
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
# "pair/step" of every step done, from the log and from this run, with the result that made it
# done: Done (it changed something: a lift to give back), AlreadyDone (in place already) or
# NotLifted (nothing to lift or give back). Pairs the log knows.
$script:Done = @{}
$script:Logged = @{}
# Lifts whose giving back failed: said in the summary, and the script exits with 1.
$script:StillLifted = @{}
# Lifts found in place though the plan saw otherwise: said in the summary.
$script:FoundLifted = New-Object 'System.Collections.Generic.List[string]'
$script:RecycleBin = $null

# Runs an ADSync command on the Entra Connect server: by remoting (-ConnectServer), here when
# the ADSync module is here, else by the admin's hand. A read (-Read) by hand asks for what the
# command shows (True or False); any other answer reads as not known.
function Invoke-ADSync([scriptblock] $Command, [switch] $Read) {
    if ($ConnectServer) { Invoke-Command -ComputerName $ConnectServer -ScriptBlock $Command }
    elseif (Get-Command Set-ADSyncScheduler -ErrorAction SilentlyContinue) { & $Command }
    elseif ($Read) {
        $answer = Read-Host "Run { $Command } on the Entra Connect server and type what it shows (True or False)"
        if ("$answer" -match '^\s*(true|false)\s*$') { [bool]::Parse($Matches[1]) }
    }
    else { Read-Host "Run { $Command } on the Entra Connect server, wait for it to finish, then press Enter" | Out-Null }
}

# Every scope the steps need, granted: checked before anything runs.
function Assert-GraphScopes([string[]] $Needed) {
    $context = Get-MgContext
    if (-not $context) { throw 'Connect-MgGraph did not connect: nothing has run.' }
    # An account the plan changes would lose its roles midway (and the session with them).
    $self = @($script:PlanPairs.Values | Where-Object { $context.Account -and $_.Name.EndsWith(" -> $($context.Account)", [StringComparison]::OrdinalIgnoreCase) })
    if ($self.Count -gt 0) { throw "The Graph session is signed in as $($context.Account), an account this plan changes (pair $($self[0].Number)): connect as another administrator. Nothing has run." }
    $missing = @($Needed | Where-Object { @($context.Scopes) -notcontains $_ })
    if ($missing.Count -gt 0) { throw "The Graph session lacks the scopes $($missing -join ', '): consent to them (or connect as an account that can), then run the script again. Nothing has run." }
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
        # What still to do needs the tenant's lifts and syncs: not a pair's giving back, nor
        # the mailbox check after its match.
        NeedsTenant = ($GivesBack -eq 0 -and $Action -ne 'VerifyMailbox')
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
        foreach ($row in @(Import-Csv -LiteralPath $LogPath -Encoding UTF8)) {
            if ($row.Plan -ne $PlanId) { throw "The log $LogPath is of another plan ($($row.Plan), this one is $PlanId): give -LogPath a new file, or move that log away." }
            $key = "$($row.Pair)/$($row.Step)"
            $script:Logged["$($row.Pair)"] = $true
            if ($row.Result -eq 'Done' -or $row.Result -eq 'AlreadyDone' -or $row.Result -eq 'NotLifted') { $script:Done[$key] = $row.Result }
            elseif ($row.Result -eq 'GivenBack') { $script:Done.Remove($key) }
            # A lift made after its giving back was passed over (nothing to give back then):
            # that giving back is to do again.
            $step = $null
            if ($row.Result -eq 'Done' -and $script:PlanSteps.TryGetValue([int]$row.Step, [ref]$step) -and $step.GivenBackBy -gt 0) { $script:Done.Remove("$($row.Pair)/$($step.GivenBackBy)") }
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

# A lift this script made (an earlier run, or this one) and has not given back: only a step
# that changed something, never one found in place, is given back.
function Test-LiftedByPlan($Step) {
    $Step.GivenBackBy -gt 0 -and $script:Done["$($Step.Pair)/$($Step.Order)"] -eq 'Done' -and
        -not $script:Done.ContainsKey("$($Step.Pair)/$($Step.GivenBackBy)")
}

function Set-Done($Step, [string] $Result) { $script:Done["$($Step.Pair)/$($Step.Order)"] = $Result }

function Test-Check([scriptblock] $Check) { [bool](@(& $Check) | Select-Object -Last 1) }

# A tenant step is needed while a pair that goes on has a step still to do after it (and,
# for a lift, before its giving back) that needs the tenant.
function Test-Needed($Step) {
    $until = if ($Step.GivenBackBy -gt 0) { $Step.GivenBackBy } else { [int]::MaxValue }
    foreach ($who in $script:PlanPairs.Values) {
        if ($who.State -ne 'Live') { continue }
        foreach ($o in $who.Steps) {
            $later = $script:PlanSteps[$o]
            if ($o -gt $Step.Order -and $o -lt $until -and $later.NeedsTenant -and -not (Test-Done $later)) { return $true }
        }
    }
    $false
}

# Gives back what step $Order took away, by the step planned for it, unless that is in place.
# A giving back that fails stays lifted: tried again in finally, said in the summary, and
# taken up by a rerun (the log still shows the lift done).
function Undo-Lift([int] $Order, [string] $Why) {
    $lift = $script:PlanSteps[$Order]
    $back = $script:PlanSteps[$lift.GivenBackBy]
    try {
        if (-not ($back.Check -and (Test-Check $back.Check))) { $null = & $back.Run }
        Set-GivenBack $lift "$Why (step $($back.Order), $($back.Action))"
    }
    catch {
        $script:StillLifted[$Order] = "$($lift.Action) (step $Order) is not given back: $(Format-Reason $_.Exception.Message) Give it back by hand: step $($back.Order) ($($back.Action)), or run the script again."
        Write-PlanLog $lift 'GiveBackFailed' $_.Exception.Message
        Write-Warning $script:StillLifted[$Order]
    }
}

# A lift whose call failed may still have taken effect (a timeout after the change): if its
# check says so, it is this script's lift, given back like any other.
function Test-LiftTookEffect($Step) {
    if ($Step.GivenBackBy -le 0 -or -not $Step.Check -or $script:Lifted.Contains($Step.Order)) { return }
    try { $inPlace = Test-Check $Step.Check } catch { $inPlace = $false }
    if ($inPlace) {
        Set-Done $Step 'Done'
        $script:Lifted.Add($Step.Order)
        Write-PlanLog $Step 'Done' 'The call failed, but its change is in place: given back like any lift.'
    }
}

# A lift found in place, though the plan saw otherwise: left so (the script did not take it
# away), and said at the end, in case an earlier run of the plan did without its log.
function Add-FoundLifted($Step) {
    # The plan does not know the scheduler's state: one found paused is simply left so.
    if ($Step.Action -eq 'PauseScheduler') { return }
    $script:FoundLifted.Add("Step $($Step.Order) ($($Step.Action)$(if ($Step.Pair -gt 0) { ", pair $($Step.Pair)" })) was already so when the script came to it, though the plan saw otherwise: it is left so. If a run of this plan took it away without this log, give it back by hand (the step that gives it back: $($Step.GivenBackBy)).")
}

# What a lift took away is back: no longer lifted, and undone in the log (a rerun lifts it
# again if it is needed again).
function Set-GivenBack($Lift, [string] $Why) {
    $null = $script:Lifted.Remove($Lift.Order)
    $script:StillLifted.Remove($Lift.Order)
    $script:Done.Remove("$($Lift.Pair)/$($Lift.Order)")
    Write-PlanLog $Lift 'GivenBack' $Why
}

# The steps of a pair still to do, in order.
function Get-StepsLeft($Who) { $Who.Steps | Where-Object { -not (Test-Done $script:PlanSteps[$_]) } }

# A message as the end of a sentence: without its own final full stop.
function Format-Reason([string] $Message) { $Message.Trim().TrimEnd('.') + '.' }

function Invoke-TenantStep($Step) {
    if ($Step.GivesBack -gt 0) {
        if ($script:Lifted.Contains($Step.GivesBack)) { Undo-Lift $Step.GivesBack 'Given back as planned' }
        else { Write-PlanLog $Step 'NotLifted' "Nothing to give back: step $($Step.GivesBack) took nothing away (it was so before, or no pair needed it)." }
        return
    }
    # Lifted by an earlier run that never gave it back (taken up when the run began); if it was
    # given back by hand since, it is lifted again below when needed. (Logged as Lifted, which a
    # rerun reads as nothing: the earlier run's Done row stands.)
    if ($script:Lifted.Contains($Step.Order)) {
        if (-not $Step.Check -or (Test-Check $Step.Check)) { Write-PlanLog $Step 'Lifted' 'Lifted by an earlier run of this plan that did not give it back; given back by its step.'; return }
        Set-GivenBack $Step 'Given back since the earlier run that lifted it (by hand).'
    }
    if (-not (Test-Needed $Step)) { Write-PlanLog $Step 'Skipped' 'No pair still to do needs it.'; return }
    try {
        if ($Step.Check -and (Test-Check $Step.Check)) {
            # It was so when the script came to it, and stays so: nothing to give back.
            Set-Done $Step 'AlreadyDone'
            Write-PlanLog $Step 'AlreadyDone' 'Already in place; left so at the end.'
            if ($Step.GivenBackBy -gt 0) { Add-FoundLifted $Step }
        }
        else {
            $null = & $Step.Run
            Set-Done $Step 'Done'
            if ($Step.GivenBackBy -gt 0) { $script:Lifted.Add($Step.Order) }
            Write-PlanLog $Step 'Done' ''
        }
    }
    catch {
        Write-PlanLog $Step 'Failed' $_.Exception.Message
        Test-LiftTookEffect $Step
        throw
    }
}

function Invoke-PairStep($Step) {
    $who = $script:PlanPairs[$Step.Pair]
    if ($who.State -ne 'Live') { return }
    if (Test-Done $Step) {
        # Lifted by an earlier run, not given back yet: still to give back.
        if ((Test-LiftedByPlan $Step) -and -not $script:Lifted.Contains($Step.Order)) { $script:Lifted.Add($Step.Order) }
        return
    }
    try {
        if ($Step.GivesBack -gt 0 -and -not $script:Lifted.Contains($Step.GivesBack)) {
            Set-Done $Step 'NotLifted'
            Write-PlanLog $Step 'NotLifted' "Nothing to give back: step $($Step.GivesBack) took nothing away."
            return
        }
        if ($Step.Check -and (Test-Check $Step.Check)) { $result = 'AlreadyDone'; $said = 'Already in place.'; if ($Step.GivenBackBy -gt 0) { Add-FoundLifted $Step } }
        else { $null = & $Step.Run; $result = 'Done'; $said = '' }
        Set-Done $Step $result
        Write-PlanLog $Step $result $said
        if ($Step.GivenBackBy -gt 0 -and $result -eq 'Done') { $script:Lifted.Add($Step.Order) }
        if ($Step.GivesBack -gt 0) {
            Set-GivenBack $script:PlanSteps[$Step.GivesBack] "Given back as planned (step $($Step.Order), $($Step.Action))"
        }
    }
    catch {
        $who.State = 'Failed'
        $who.Said = "FAILED at step $($Step.Order) ($($Step.Action)): $(Format-Reason $_.Exception.Message)"
        Write-PlanLog $Step 'Failed' $_.Exception.Message
        Test-LiftTookEffect $Step
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
        if ($who.State -eq 'Live') {
            if (@(Get-StepsLeft $who).Count -eq 0) { $who.State = 'Done'; $who.Said = 'done' }
            else { $who.State = 'Stopped'; $who.Said = "STOPPED: the script stopped at $(Format-Reason $Stopped)" }
        }
        if ($who.State -eq 'Failed' -or $who.State -eq 'Stopped') {
            $script:Failed++
            $who.Said = "$($who.Said)$(Get-PairState $who) Fix the cause and run the script again: the pair resumes there."
        }
        "Pair $($who.Number) ($($who.Name)): $($who.Said)"
    }
    foreach ($o in @($script:StillLifted.Keys | Sort-Object)) { $script:Failed++; "STILL LIFTED: $($script:StillLifted[$o])" }
    foreach ($note in $script:FoundLifted) { "NOTE: $note" }
}

# Where a pair that did not finish was left, from what its steps did.
function Get-PairState($Who) {
    $did = @{}
    foreach ($o in $Who.Steps) { $step = $script:PlanSteps[$o]; if (Test-Done $step) { $did[$step.Action] = $true } }
    $said = ''
    if ($did['OutOfScope'] -and -not $did['BackInScope']) { $said += ' Its AD user waits out of sync scope until the rerun.' }
    if ($did['PurgeTwin']) { $said += ' Its twin is purged.' }
    elseif ($did['OutOfScope'] -and -not $did['RestoreTwinAndClear']) { $said += ' Its twin is in the recycle bin, which keeps it 30 days from its deletion.' }
    if ($did['SetAnchor'] -and -not $did['VerifyMatch']) { $said += ' The account to keep holds the anchor, not matched yet.' }
    $said
}

function Invoke-Plan {
    if (-not $LogPath) {
        $script:LogPath = if ($PSCommandPath) { [IO.Path]::ChangeExtension($PSCommandPath, '.log.csv') } else { 'hard-match-plan.log.csv' }
    }
    # A relative path is PowerShell's location's, for reading and for writing alike (.NET's
    # own current directory is not PowerShell's).
    $script:LogPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($LogPath)
    $chosen = @(if ($null -ne $Pair) { $Pair })
    $outside = @($chosen | Where-Object { -not $script:PlanPairs.ContainsKey($_) })
    if ($outside.Count -gt 0) { throw "-Pair $($outside -join ', '): this plan's pairs are numbered 1 to $($script:PlanPairs.Count) (see the headers). Nothing has run." }
    Open-PlanLog
    # Tenant lifts an earlier run made and never gave back: given back by their steps.
    foreach ($step in $script:PlanSteps.Values) { if ($step.Pair -eq 0 -and (Test-LiftedByPlan $step)) { $script:Lifted.Add($step.Order) } }
    foreach ($who in $script:PlanPairs.Values) {
        if ($who.State -ne 'Live') { continue }
        if ($chosen.Count -gt 0 -and $chosen -notcontains $who.Number) {
            $who.State = 'Skipped'; $who.Said = 'skipped: not chosen with -Pair; it waits for a later run'
            # What an earlier run lifted for it is given back now (in finally): the pair does not run.
            $held = @($who.Steps | Where-Object { Test-LiftedByPlan $script:PlanSteps[$_] })
            foreach ($o in $held) { $script:Lifted.Add($o) }
            if ($held.Count -gt 0) { $who.Said += "; what an earlier run lifted for it (step $($held -join ', step ')) is given back" }
            continue
        }
        if (@(Get-StepsLeft $who).Count -eq 0) { $who.State = 'Done'; $who.Said = 'done (in an earlier run)'; continue }
        # A pair matched already: the plan ran without this log, or a rerun finds the match an
        # earlier run did, with only its checks left. Nothing is lifted or changed for it; what
        # an earlier run lifted is still given back, and the mailbox still checked.
        $first = $script:PlanSteps[$who.Steps[0]]
        try {
            if (-not (Test-Check $who.Matched)) { continue }
            $logged = $script:Logged.ContainsKey("$($who.Number)")
            foreach ($o in $who.Steps) {
                $step = $script:PlanSteps[$o]
                if ((Test-Done $step) -or ($logged -and $step.Action -eq 'VerifyMailbox')) { continue }
                if ($step.GivesBack -gt 0 -and (Test-LiftedByPlan $script:PlanSteps[$step.GivesBack])) { continue }
                Set-Done $step 'AlreadyDone'
                Write-PlanLog $step 'AlreadyDone' 'The pair is matched already: this step does not run.'
            }
            if (-not $logged) { $who.State = 'Done'; $who.Said = 'matched already: nothing done' }
        }
        catch {
            $who.State = 'Failed'; $who.Said = "FAILED before its first step (reading whether it is matched): $(Format-Reason $_.Exception.Message)"
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
        foreach ($o in @($script:Lifted | Sort-Object -Descending)) {
            Undo-Lift $o $(if ($script:StillLifted.ContainsKey($o)) { 'Tried again' } else { 'The script stopped before giving it back' })
        }
        $script:Log.Dispose()
    }
    Write-PlanSummary $stopped
    if ($stopped) { $script:Failed++ }
    Write-Host "Log: $LogPath"
}
