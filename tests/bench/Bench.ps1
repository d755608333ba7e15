#!/usr/bin/env pwsh
#requires -Version 7.4
<#
.SYNOPSIS
    Benchmarks of the ImmutableId module, each a ratio against a baseline measured in the same run.
.DESCRIPTION
    Not a timed test: each case times the module and a plain-PowerShell baseline in this one
    process (or, for start-up, in fresh processes started from it) and prints module/baseline.
    The targets come from the issue; missing one is reported, not failed. The only failures
    are sanity checks that the module and the baseline agree on a sample.

    Method: inputs are built outside the timed region; each side is a script block invoked
    with & (child scope), its output consumed by $null = ... (-Consume Assign: PowerShell
    collects the whole output before dropping it, as $results = ... would, so each side also
    pays for keeping its results alive) or by ... > $null (-Consume Stream: each object is
    dropped as it comes, as in a pipeline that writes them on); each side runs once as a
    warm-up, then the sides take turns for -Runs timed rounds with a full GC before each run,
    so drift in the machine's load hits them alike; the median is reported, with the median
    of the paired differences (round i of the module minus round i of the baseline) as a
    second view of the gap. Where a case also times a floor (what PowerShell itself costs
    for the same input and output), the floor runs in the same rounds, and the target is on
    module/floor; the paired view of that is the median of the per-round ratios. Targets are
    judged on wall time; the CPU time of the whole process (all threads, the GC's included)
    is measured in the same runs and its ratios printed too: on a machine shared with other
    work it varies far less than wall time, but it is counted in clock ticks (10 ms on
    Linux), so it says little about runs much shorter than a second.

    Cases (add one by writing a function that returns rows made by New-BenchRow and listing
    it in $Cases), with their targets:
      PipelineFloor  reference: 100,000 [guid] piped to the built-in binary cmdlet Write-Output
                     (nothing but WriteObject), against the ForEach-Object baseline below; what
                     any binary cmdlet costs per piped item.
      PipelineNewString  reference: the same [guid] piped to Write-NewStringFloor (tests/bench/
                     Floors.cs, compiled when Bench starts): a binary cmdlet with the same
                     parameter shape that converts nothing and writes a new 24-character string
                     per input. Its "vs floor" (against PipelineFloor) is the least any
                     converting cmdlet can score against PipelineGuid's target.
      PipelineGuid   the same [guid] piped to ConvertTo-ImmutableId (streaming: one result per
                     input as it arrives); baseline ForEach-Object + ToBase64String, ratio
                     printed. Target: module/PipelineFloor <= 1.1. Timed in the same rounds as
                     PipelineFloor (-Case PipelineFloor or PipelineGuid runs both).
      ArrayFloor     reference: Write-Output -InputObject of the 1,000,000 results as strings,
                     converted beforehand; what emitting the results alone costs. Baseline a
                     foreach loop + ToBase64String.
      ArrayNewString reference: Write-NewStringFloor -InputObject of the 1,000,000 [guid]: a new
                     24-character string per element, nothing converted; its "vs floor"
                     (against ArrayFloor) is the least any converting cmdlet can score.
      ArrayArgument  1,000,000 [guid] as one -InputObject argument of ConvertTo-ImmutableId;
                     baseline as in ArrayFloor, ratio printed. Target: module/ArrayFloor <= 1.25.
                     Timed in the same rounds as ArrayFloor.
      ColdImport     pwsh -NoProfile -c 'Import-Module <path>' vs pwsh -NoProfile -c 0. Target:
                     difference of the medians <= 100 ms. Process start-up is noisy, so the
                     import is also timed inside the child and printed as a note.
      CsvSummary     Test-ImmutableId -Path <csv> -Summary over the seeded 1,000,000-row file of
                     rust-core/rules/examples/gen_anchor_csv.rs (made once, outside timing, in
                     a temp folder removed at the end; needs cargo) vs a hand-written baseline:
                     Import-Csv, an ordinal HashSet[string] for duplicates, FromBase64String in
                     try/catch, counting valid/invalid/duplicate. Target: module/baseline <= 0.1
                     (at least 10x faster). -CsvRuns rounds.
      CsvSummaryMemory  peak memory of a fresh pwsh running that -Summary (PeakWorkingSet64 read
                     in the child) vs one that only imports the module. Target: the module
                     child's whole-process peak <= 300 MB. -ProcessRuns children per side.
      ArraySummary   the file's ImmutableId column, read beforehand into one [string[]], as
                     Test-ImmutableId $values -Summary vs the same baseline logic over the
                     array; reported, no target.
      CsvResults     Test-ImmutableId -Path <csv> (results mode: one result object per row)
                     over the same 1,000,000-row file, vs the baseline's results: the same
                     Import-Csv + ordinal HashSet + FromBase64String loop emitting one
                     [pscustomobject] per row with the row's three columns and a Status
                     (Valid, Invalid or Duplicate). The baseline checks less than the module
                     (no GUID match, no case-only duplicates, lax Base64) and its objects are
                     smaller (4 properties against the module's 16 + the row's columns).
                     Target: module/baseline <= 1/3 (at least 3x faster). -CsvRuns rounds.
      CsvResultsProblemsOnly  Test-ImmutableId -Path <csv> -ProblemsOnly vs the same baseline
                     emitting only its rows that are not Valid; reported, no target.
      PipedRecords   200,000 Import-Csv rows of that file (imported beforehand, outside timing)
                     piped to Test-ImmutableId vs $rows | Select-Object *, @{n='Status';e={'Valid'}}
                     (which checks nothing: what copying each record and adding one property
                     costs). Target: module/baseline <= 0.5. -CsvRuns rounds.
      CompareCsv     Compare-ImmutableId -OnPremisesPath -CloudPath on the seeded tenant of
                     BenchTenant.ps1 (100,000 + 100,000 users from gen_tenant) vs Import-Csv of
                     both files + the same join by hand (Invoke-CompareSameJoin there, checked
                     to give every account the module's status, findings and counterpart).
                     Target: module/baseline <= 0.1.
      CompareCsvStatusOnly  the same module run vs Import-Csv + Invoke-CompareBaseline, a
                     smaller join (statuses only, far fewer checks); reported, no target.
      CompareCsvMinimalJoin  the same module run vs Import-Csv of both files + the ten-line
                     hashtable join of Invoke-MinimalJoin (BenchTenant.ps1). Target:
                     module/baseline <= 0.3.
      CompareRowsFloor  reference: Read-RecordPropertyFloor (Floors.cs) reading, from the
                     Import-Csv rows, the properties the join needs, and nothing else.
      CompareRows    Compare-ImmutableId -OnPremises $rows -Cloud $rows vs the same join by
                     hand on the same rows (imported beforehand). Target: module/baseline <= 0.1.
      CompareRowsStatusOnly  the same module run vs the smaller join on the same rows;
                     reported, no target.
      PropertyRead   reference: PowerShell reading the five properties of each of the 100,000
                     + 100,000 users of New-DirectoryUsers (BenchTenant.ps1: [pscustomobject]s
                     shaped like Get-ADUser and Get-MgUser output), 1,000,000 member accesses.
      RecordReader   the module's record reader (Read-RecordWithModuleReader in Floors.cs:
                     RecordReader.Add into a batch, no core call) reading the names the
                     OnPremisesUser and CloudUser schemas give off the same users, in ns per
                     name, vs PropertyRead in ns per read. Target: module/baseline <= 2.
      MinimalJoin    reference: Invoke-MinimalJoin on the same users (anchor and UPN lookups,
                     one [pscustomobject] with a status per on-premises user).
      CompareObjects Compare-ImmutableId -OnPremises $ad -Cloud $cloud on the same users vs
                     MinimalJoin. Target: module/baseline <= 1.0.
      PipedFloor     reference: $ad | Receive-RecordFloor -Cloud $cloud (Floors.cs: the same
                     pipeline parameter, counts only) vs the same given as arguments: what
                     piping costs any binary cmdlet of that shape.
      ComparePiped   $ad | Compare-ImmutableId -Cloud $cloud vs CompareObjects. Target:
                     module/baseline <= 1.2; its floor is CompareObjects plus PipedFloor's
                     difference, round by round. -Case CompareObjects (or any of these rows)
                     runs them all, in the same rounds (-CsvRuns).
      CompareMemory  peak working-set growth per user of Compare on the files, in fresh
                     children at 200,000 and 50,000 users. Target: the larger's per-user
                     figure at most 1.5x the smaller's (linear).
      HardMatchPlan  New-HardMatchPlan for 10,000 pairs (the seed's case, every fact given)
                     as step objects vs Compare-ImmutableId on the same accounts (the
                     reconciliation the plan starts from). Target: module/baseline <= 3.
      HardMatchScript the same plan -AsScript vs the same baseline. Target: <= 8.
      HardMatchScriptLinear  the script's time per pair at 10,000 vs at 2,500 pairs.
                     Target: <= 1.5 (linear).
    Checks outside timing: the conversions give the baseline's strings on a sample; summaries
    count every row; results cover every row in order with the row's columns, the module never
    calls Valid what the baseline cannot decode, and -ProblemsOnly gives exactly the results
    that are not Valid (on the file's first 10,000 rows).
.PARAMETER ModulePath
    The staged module: out/ImmutableId, or its .psd1.
.PARAMETER Runs
    Timed rounds of an in-process case (median reported).
.PARAMETER ProcessRuns
    Timed runs per side of a process start-up case, and children per side of CsvSummaryMemory
    (median reported).
.PARAMETER CsvRuns
    Timed rounds of CsvSummary, CsvResults, CsvResultsProblemsOnly and PipedRecords, whose
    baselines take seconds. By default the smaller of -Runs and 3; with -Quick, -Runs.
.PARAMETER Quick
    A smoke run: sizes divided by 100 (the CSV has 10,000 rows), and 3 process runs unless
    -ProcessRuns is given.
.PARAMETER Consume
    How each timed side's output is consumed: Assign ($null = ..., the default: collected, then
    dropped) or Stream (... > $null: dropped one object at a time).
.PARAMETER Case
    Names (wildcards allowed; a comma-separated string also works under pwsh -File) of the
    cases to run; all by default.
.PARAMETER OutFile
    Also write the environment and the rows as JSON to this file.
.PARAMETER PassThru
    Also write the rows to the output as objects (the table itself goes to the host, so
    build.ps1 Bench shows it once).
.EXAMPLE
    pwsh -NoProfile -File tests/bench/Bench.ps1 -ModulePath out/ImmutableId
.EXAMPLE
    pwsh -NoProfile -File tests/bench/Bench.ps1 -ModulePath out/ImmutableId -Quick -Runs 3
.EXAMPLE
    pwsh -NoProfile -File tests/bench/Bench.ps1 -ModulePath out/ImmutableId -Case CsvResults,PipedRecords
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 1000)]
    [int] $Runs = 5,

    [ValidateRange(1, 1000)]
    [int] $ProcessRuns = 7,

    [ValidateRange(1, 1000)]
    [int] $CsvRuns = 3,

    [switch] $Quick,

    [ValidateSet('Assign', 'Stream')]
    [string] $Consume = 'Assign',

    [string[]] $Case = @('*'),

    [string] $OutFile,

    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
# pwsh -File passes 'a,b' as one string, so split on commas here.
$Case = @($Case | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
$Scale = if ($Quick) { 0.01 } else { 1.0 }
if ($Quick -and -not $PSBoundParameters.ContainsKey('ProcessRuns')) { $ProcessRuns = 3 }
if (-not $PSBoundParameters.ContainsKey('CsvRuns')) { $CsvRuns = if ($Quick) { $Runs } else { [Math]::Min($Runs, 3) } }
$RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).ProviderPath
# Set by Get-AnchorCsv and Get-AnchorSample: the generated inputs and the temporary folder removed at the end.
$AnchorCsv = $null
$AnchorSample = $null
$TempDir = $null
# Set by Assert-CsvResults: its finding on the sample, checked once per run.
$CsvResultsCheck = $null

#region Helpers

. (Join-Path $PSScriptRoot 'BenchTenant.ps1')
# Compiled floors (Write-NewStringFloor, Read-RecordPropertyFloor): the least a case's work
# can cost, so a target below them is shown out of reach in the same run.
Add-Type -Path (Join-Path $PSScriptRoot 'Floors.cs') -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }

function Get-Size([int] $Full) { [Math]::Max(1, [int][Math]::Round($Full * $Scale)) }

function Get-Median([double[]] $Values) {
    $sorted = [double[]]($Values | Sort-Object)
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

function Invoke-FullGC {
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    [GC]::Collect()
}

function Measure-Once {
    <#
        One call of a script block in child scope: its wall time and the CPU time of this
        whole process (every thread: the GC's too), in ms. The output is consumed as
        -Consume says: Assign ($null = ...) or Stream (... > $null).
    #>
    param([scriptblock] $Action, [hashtable] $Arguments)
    Invoke-FullGC
    $process = [Diagnostics.Process]::GetCurrentProcess()
    $cpu = $process.TotalProcessorTime
    $sw = [Diagnostics.Stopwatch]::StartNew()
    if ($Consume -eq 'Stream') { & $Action @Arguments > $null } else { $null = & $Action @Arguments }
    $sw.Stop()
    $process.Refresh()
    [pscustomobject]@{ Wall = $sw.Elapsed.TotalMilliseconds; Cpu = ($process.TotalProcessorTime - $cpu).TotalMilliseconds }
}

function Measure-Sides {
    <#
        Warms up each side once, then runs the sides in turn, in the order given, for $Count
        rounds, so drift in the machine's load hits them alike. Returns, per side name, its
        wall and CPU times (ms) in round order: @{ Wall = [double[]]; Cpu = [double[]] }.
    #>
    param(
        [Collections.Specialized.OrderedDictionary] $Sides,
        [hashtable] $Arguments = @{},
        [int] $Count
    )
    foreach ($name in $Sides.Keys) { $null = Measure-Once $Sides[$name] $Arguments }
    $measured = [ordered]@{}
    foreach ($name in $Sides.Keys) { $measured[$name] = [Collections.Generic.List[object]]::new() }
    for ($i = 0; $i -lt $Count; $i++) {
        foreach ($name in $Sides.Keys) { $measured[$name].Add((Measure-Once $Sides[$name] $Arguments)) }
    }
    $result = [ordered]@{}
    foreach ($name in $measured.Keys) {
        $result[$name] = [pscustomobject]@{ Wall = [double[]]$measured[$name].Wall; Cpu = [double[]]$measured[$name].Cpu }
    }
    $result
}

function New-Timing {
    <#
        The medians of two sides timed in the same rounds (Measure-Sides), and of their paired
        differences. $Module and $Baseline are @{ Wall; Cpu } (Cpu may be absent: process cases).
    #>
    param([pscustomobject] $Module, [pscustomobject] $Baseline)
    $paired = for ($i = 0; $i -lt $Module.Wall.Count; $i++) { $Module.Wall[$i] - $Baseline.Wall[$i] }
    $hasCpu = $Module.PSObject.Properties['Cpu'] -and $Module.Cpu -and $Baseline.Cpu
    [pscustomobject]@{
        Module       = Get-Median $Module.Wall
        Baseline     = Get-Median $Baseline.Wall
        PairedDelta  = Get-Median $paired
        ModuleRuns   = $Module.Wall
        BaselineRuns = $Baseline.Wall
        ModuleCpu    = if ($hasCpu) { Get-Median $Module.Cpu } else { $null }
        BaselineCpu  = if ($hasCpu) { Get-Median $Baseline.Cpu } else { $null }
    }
}

function Measure-Pair {
    # The module and its baseline, alternating (baseline first in each round).
    param(
        [scriptblock] $Module,
        [scriptblock] $Baseline,
        [hashtable] $Arguments = @{},
        [int] $Count
    )
    $sides = Measure-Sides -Sides ([ordered]@{ Baseline = $Baseline; Module = $Module }) -Arguments $Arguments -Count $Count
    New-Timing -Module $sides['Module'] -Baseline $sides['Baseline']
}

function Format-Limit([double] $Value) { '{0:0.###}' -f $Value }

function New-BenchRow {
    <#
        One row of the table. $Timing (New-Timing) holds the medians of Module, Baseline and
        PairedDelta and the runs, in $Unit (ms for times, MB for memory), and for in-process
        cases the CPU medians. Targets, at most one:
          -MaxReferenceRatio  module/reference <= it, the reference ($ReferenceName, e.g.
                              PipelineFloor) timed in the same rounds ($Reference: @{ Wall; Cpu });
          -MaxRatio           module/baseline <= it;
          -MaxDelta           module - baseline <= it;
          -MaxModule          module <= it.
        With none the row has no target: Target shows $TargetLabel ('reference' for a
        floor, 'report' for a figure only reported) and Met shows '-'. Met is judged on the
        wall-time medians; the CPU ratios are a second view, steadier on a busy machine.
    #>
    param(
        [string] $Name,
        [string] $Size,
        [pscustomobject] $Timing,
        [pscustomobject] $Reference,
        [string] $ReferenceName = '',
        [Nullable[double]] $MaxReferenceRatio,
        [Nullable[double]] $MaxRatio,
        [Nullable[double]] $MaxDelta,
        [Nullable[double]] $MaxModule,
        [string] $TargetLabel = 'report',
        [string] $Unit = 'ms',
        [int] $Items = 0,
        [string] $Note = ''
    )
    $ratio = $Timing.Module / $Timing.Baseline
    $delta = $Timing.Module - $Timing.Baseline
    $cpuRatio = if ($null -ne $Timing.ModuleCpu -and $Timing.BaselineCpu -gt 0) { $Timing.ModuleCpu / $Timing.BaselineCpu }
    $referenceTime = $null
    $referenceRatio = $null
    $pairedReferenceRatio = $null
    $referenceCpuRatio = $null
    if ($Reference) {
        $referenceTime = Get-Median $Reference.Wall
        $referenceRatio = $Timing.Module / $referenceTime
        $pairedReferenceRatio = Get-Median @(for ($i = 0; $i -lt $Reference.Wall.Count; $i++) { $Timing.ModuleRuns[$i] / $Reference.Wall[$i] })
        if ($null -ne $Timing.ModuleCpu -and $Reference.Cpu) { $referenceCpuRatio = $Timing.ModuleCpu / (Get-Median $Reference.Cpu) }
    }
    if ($null -ne $MaxReferenceRatio) {
        $target = "module/$ReferenceName <= $(Format-Limit $MaxReferenceRatio)"
        $met = $referenceRatio -le $MaxReferenceRatio
    } elseif ($null -ne $MaxRatio) {
        $target = "module/baseline <= $(Format-Limit $MaxRatio)"
        $met = $ratio -le $MaxRatio
    } elseif ($null -ne $MaxDelta) {
        $target = "module - baseline <= $MaxDelta $Unit"
        $met = $delta -le $MaxDelta
    } elseif ($null -ne $MaxModule) {
        $target = "module <= $MaxModule $Unit"
        $met = $Timing.Module -le $MaxModule
    } else {
        $target = $TargetLabel
        $met = $null
    }
    $round = { param($Value, $Digits) if ($null -ne $Value) { [Math]::Round($Value, $Digits) } }
    [pscustomobject]@{
        Case                 = $Name
        Size                 = $Size
        Unit                 = $Unit
        Module               = [Math]::Round($Timing.Module, 1)
        Baseline             = [Math]::Round($Timing.Baseline, 1)
        Ratio                = [Math]::Round($ratio, 3)
        Delta                = [Math]::Round($delta, 1)
        PairedDelta          = [Math]::Round($Timing.PairedDelta, 1)
        ModuleCpu            = & $round $Timing.ModuleCpu 1
        BaselineCpu          = & $round $Timing.BaselineCpu 1
        CpuRatio             = & $round $cpuRatio 3
        Reference            = $ReferenceName
        ReferenceTime        = & $round $referenceTime 1
        ReferenceRatio       = & $round $referenceRatio 3
        PairedReferenceRatio = & $round $pairedReferenceRatio 3
        ReferenceCpuRatio    = & $round $referenceCpuRatio 3
        Target               = $target
        Met                  = if ($null -eq $met) { '-' } elseif ($met) { 'yes' } else { 'no' }
        Items                = $Items
        Note                 = $Note
        ModuleRuns           = [double[]]($Timing.ModuleRuns | ForEach-Object { [Math]::Round($_, 1) })
        BaselineRuns         = [double[]]($Timing.BaselineRuns | ForEach-Object { [Math]::Round($_, 1) })
        ReferenceRuns        = [double[]]($(if ($Reference) { $Reference.Wall }) | ForEach-Object { [Math]::Round($_, 1) })
    }
}

function New-GuidInput([int] $Count) {
    # Seeded, so every run converts the same GUIDs. An object[] of boxed [guid], as a
    # PowerShell collection (e.g. (Get-ADUser -Filter *).ObjectGUID) is.
    $rng = [Random]::new(20240601)
    $bytes = [byte[]]::new(16)
    $list = [Collections.Generic.List[object]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $rng.NextBytes($bytes)
        $list.Add([guid]::new($bytes))
    }
    , $list.ToArray()
}

function Assert-SameOutput {
    # The module and the baseline give the same strings on a sample.
    param([string] $Name, [object[]] $Expected, [object[]] $Actual)
    if ($Expected.Count -ne $Actual.Count) {
        throw "${Name}: the module gave $($Actual.Count) results for $($Expected.Count) baseline results."
    }
    for ($i = 0; $i -lt $Expected.Count; $i++) {
        if ($Expected[$i] -cne $Actual[$i]) {
            throw "${Name}: item $i differs: baseline '$($Expected[$i])', module '$($Actual[$i])'."
        }
    }
}

function Get-Pwsh {
    # The .NET global tool runs as 'dotnet pwsh.dll', so $PSHOME may not hold a pwsh to start.
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $onPath.Source } else { Join-Path $PSHOME 'pwsh' }
}

function Get-CpuName {
    if (Test-Path /proc/cpuinfo) {
        $line = Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1
        if ($line) { return $line.Matches[0].Groups[1].Value.Trim() }
    }
    if ($env:PROCESSOR_IDENTIFIER) { return $env:PROCESSOR_IDENTIFIER }
    if ($IsMacOS) { return (sysctl -n machdep.cpu.brand_string 2>$null) }
    'unknown'
}

#endregion

#region Cases

function Invoke-PipelineGuidCase {
    # PipelineFloor and PipelineGuid, timed in the same rounds: the target is module/floor.
    $n = Get-Size 100000
    $guids = New-GuidInput $n
    $sample = $guids[0..([Math]::Min($n, 1000) - 1)]
    Assert-SameOutput 'PipelineGuid' `
        @($sample | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) }) `
        @($sample | ConvertTo-ImmutableId)

    $sides = Measure-Sides -Count $Runs -Arguments @{ Guids = $guids } -Sides ([ordered]@{
            Baseline = { param($Guids) $Guids | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) } }
            Floor    = { param($Guids) $Guids | Write-Output }
            NewString = { param($Guids) $Guids | Write-NewStringFloor }
            Module   = { param($Guids) $Guids | ConvertTo-ImmutableId }
        })
    $size = '{0:N0}' -f $n
    New-BenchRow -Name 'PipelineFloor' -Size $size -Timing (New-Timing $sides['Floor'] $sides['Baseline']) -TargetLabel 'reference' -Items $n `
        -Note 'Reference floor: $guids | Write-Output (a built-in binary cmdlet that converts nothing) against $guids | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) }.'
    New-BenchRow -Name 'PipelineNewString' -Size $size -Timing (New-Timing $sides['NewString'] $sides['Baseline']) -TargetLabel 'reference' -Items $n `
        -Reference $sides['Floor'] -ReferenceName 'PipelineFloor' `
        -Note 'Reference floor: $guids | Write-NewStringFloor (tests/bench/Floors.cs: a compiled cmdlet with the same parameter shape that converts nothing and writes a new 24-character string per input). Its "vs floor" is the least any converting cmdlet can score against the 1.1 target.'
    New-BenchRow -Name 'PipelineGuid' -Size $size -Timing (New-Timing $sides['Module'] $sides['Baseline']) -Items $n `
        -Reference $sides['Floor'] -ReferenceName 'PipelineFloor' -MaxReferenceRatio 1.1 `
        -Note '$guids | ConvertTo-ImmutableId against the ForEach-Object baseline (Ratio) and against PipelineFloor, timed in the same rounds (target).'
}

function Invoke-ArrayArgumentCase {
    # ArrayFloor and ArrayArgument, timed in the same rounds: the target is module/floor.
    $n = Get-Size 1000000
    $guids = New-GuidInput $n
    $sample = $guids[0..([Math]::Min($n, 1000) - 1)]
    Assert-SameOutput 'ArrayArgument' `
        @(foreach ($g in $sample) { [Convert]::ToBase64String($g.ToByteArray()) }) `
        @(ConvertTo-ImmutableId -InputObject $sample)
    # The floor writes the results, converted beforehand, one by one: emitting alone.
    $results = [string[]]@(foreach ($g in $guids) { [Convert]::ToBase64String($g.ToByteArray()) })

    $sides = Measure-Sides -Count $Runs -Arguments @{ Guids = $guids; Results = $results } -Sides ([ordered]@{
            Baseline = { param($Guids, $Results) foreach ($g in $Guids) { [Convert]::ToBase64String($g.ToByteArray()) } }
            Floor    = { param($Guids, $Results) Write-Output -InputObject $Results }
            NewString = { param($Guids, $Results) Write-NewStringFloor -InputObject $Guids }
            Module   = { param($Guids, $Results) ConvertTo-ImmutableId -InputObject $Guids }
        })
    $size = '{0:N0}' -f $n
    New-BenchRow -Name 'ArrayFloor' -Size $size -Timing (New-Timing $sides['Floor'] $sides['Baseline']) -TargetLabel 'reference' -Items $n `
        -Note 'Reference floor: Write-Output -InputObject $precomputedStrings (WriteObject of each string, no conversion) against foreach ($g in $guids) { [Convert]::ToBase64String($g.ToByteArray()) }.'
    New-BenchRow -Name 'ArrayNewString' -Size $size -Timing (New-Timing $sides['NewString'] $sides['Baseline']) -TargetLabel 'reference' -Items $n `
        -Reference $sides['Floor'] -ReferenceName 'ArrayFloor' `
        -Note 'Reference floor: Write-NewStringFloor -InputObject $guids (tests/bench/Floors.cs: converts nothing, writes a new 24-character string per element). Its "vs floor" is the least any converting cmdlet can score against the 1.25 target.'
    New-BenchRow -Name 'ArrayArgument' -Size $size -Timing (New-Timing $sides['Module'] $sides['Baseline']) -Items $n `
        -Reference $sides['Floor'] -ReferenceName 'ArrayFloor' -MaxReferenceRatio 1.25 `
        -Note 'ConvertTo-ImmutableId -InputObject $guids against the foreach baseline (Ratio) and against ArrayFloor, timed in the same rounds (target).'
}

function Invoke-ColdImportCase {
    $pwsh = Get-Pwsh
    $quoted = "'" + $ModulePath.Replace("'", "''") + "'"
    $importCommand = "Import-Module $quoted"
    $start = {
        param($Pwsh, $Command)
        & $Pwsh -NoProfile -Command $Command
        if ($LASTEXITCODE -ne 0) { throw "'$Pwsh -c $Command' exited with $LASTEXITCODE" }
    }
    $timing = Measure-Pair -Count $ProcessRuns `
        -Module { & $start -Pwsh $pwsh -Command $importCommand }.GetNewClosure() `
        -Baseline { & $start -Pwsh $pwsh -Command '0' }.GetNewClosure()
    # This process's CPU time does not count the children's.
    $timing.ModuleCpu = $null
    $timing.BaselineCpu = $null

    # Process start-up is noisy; the import timed inside the child is not (informative only).
    $inChild = '$s = [Diagnostics.Stopwatch]::StartNew(); ' + $importCommand + '; $s.Elapsed.TotalMilliseconds'
    $importTimes = for ($i = 0; $i -lt $ProcessRuns; $i++) {
        [double](& $start -Pwsh $pwsh -Command $inChild | Select-Object -Last 1)
    }
    $note = 'Import-Module timed inside the child: median {0:N1} ms (runs: {1})' -f (Get-Median $importTimes),
        (($importTimes | ForEach-Object { '{0:N1}' -f $_ }) -join ', ')
    New-BenchRow -Name 'ColdImport' -Size "$ProcessRuns processes" -Timing $timing -MaxDelta 100 -Note $note
}

function Get-AnchorCsv {
    <#
        The repository's seeded generator (rust-core/rules/examples/gen_anchor_csv.rs, in the
        immutableid-rules crate) writes 1,000,000 rows (10,000 with -Quick) of
        UserPrincipalName,ObjectGUID,ImmutableId, with duplicates, case-only duplicates and bad
        values, once per Bench run into a temporary folder that is removed at the end. Outside
        every timed region.
    #>
    if ($script:AnchorCsv) { return $script:AnchorCsv }
    $cargo = Get-Command cargo -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $cargo) { throw 'The CSV cases need cargo, to run the generator rust-core/rules/examples/gen_anchor_csv.rs.' }
    $rows = Get-Size 1000000
    $script:TempDir = Join-Path ([IO.Path]::GetTempPath()) ('immutableid-bench-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:TempDir
    $file = Join-Path $script:TempDir "anchors-$rows.csv"
    $manifest = Join-Path $RepoRoot 'Cargo.toml'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $cargo.Source run --release --manifest-path $manifest -p immutableid-rules --example gen_anchor_csv -- --rows $rows --seed 42 --out $file | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "cargo run -p immutableid-rules --example gen_anchor_csv exited with $LASTEXITCODE" }
    if (-not (Test-Path -LiteralPath $file)) { throw "The generator wrote no $file" }
    Write-Host ('   input: {0:N0} rows, {1:N1} MB, seed 42, generated in {2:N1} s: {3}' -f $rows,
        ((Get-Item -LiteralPath $file).Length / 1MB), $sw.Elapsed.TotalSeconds, $file)
    $script:AnchorCsv = [pscustomobject]@{ Path = $file; Rows = $rows }
    $script:AnchorCsv
}

function Get-AnchorSample {
    <#
        The generated file's header and first 10,000 rows (all of them with -Quick), for the
        results cases' checks. The generator writes one line per row (no field holds a line
        break), so the first lines are the first rows.
    #>
    if ($script:AnchorSample) { return $script:AnchorSample }
    $csv = Get-AnchorCsv
    $rows = [Math]::Min($csv.Rows, 10000)
    $file = Join-Path $script:TempDir "anchors-sample-$rows.csv"
    $reader = [IO.StreamReader]::new($csv.Path)
    $writer = [IO.StreamWriter]::new($file, $false, [Text.UTF8Encoding]::new($false))
    try {
        for ($i = 0; $i -le $rows; $i++) { $writer.WriteLine($reader.ReadLine()) }
    } finally {
        $writer.Dispose()
        $reader.Dispose()
    }
    $script:AnchorSample = [pscustomobject]@{ Path = $file; Rows = $rows }
    $script:AnchorSample
}

function Assert-Summary {
    # A summary's counts cover every input value exactly once, each under one status.
    param([string] $Name, [object] $Summary, [long] $Rows)
    if ($null -eq $Summary -or $Summary.Total -ne $Rows) {
        throw "${Name}: the module's summary counts $(if ($Summary) { $Summary.Total } else { 'nothing' }) values for $Rows input rows."
    }
    $counted = $Summary.Valid + $Summary.Warning + $Summary.Invalid + $Summary.NoAnchor + $Summary.NotChecked
    if ($counted -ne $Summary.Total) {
        throw "${Name}: Valid $($Summary.Valid) + Warning $($Summary.Warning) + Invalid $($Summary.Invalid) + NoAnchor $($Summary.NoAnchor) + NotChecked $($Summary.NotChecked) is not Total $($Summary.Total)."
    }
}

function Format-Summary([object] $Summary) {
    $reasons = ($Summary.Reasons.GetEnumerator() | Sort-Object Key | ForEach-Object { '{0} {1:N0}' -f $_.Key, $_.Value }) -join ', '
    'Total {0:N0}: Valid {1:N0}, Warning {2:N0}, Invalid {3:N0}, NoAnchor {4:N0}, NotChecked {5:N0}; reasons: {6}' -f $Summary.Total,
        $Summary.Valid, $Summary.Warning, $Summary.Invalid, $Summary.NoAnchor, $Summary.NotChecked, $reasons
}

function Format-BaselineCounts([hashtable] $Counts) {
    'Total {0:N0}: Valid {1:N0}, Invalid {2:N0}, Duplicate {3:N0}' -f ($Counts.Valid + $Counts.Invalid + $Counts.Duplicate),
        $Counts.Valid, $Counts.Invalid, $Counts.Duplicate
}

function Invoke-CsvSummaryCase {
    $csv = Get-AnchorCsv
    $summary = Test-ImmutableId -Path $csv.Path -Summary
    Assert-Summary 'CsvSummary' $summary $csv.Rows

    # The baseline's checks are fewer and laxer than the module's (FromBase64String skips
    # white space and ignores padding bits; no case-only duplicates, no GUID match), so it
    # does less work. foreach over Import-Csv's rows was faster here than piping them to
    # ForEach-Object, at the cost of holding every row.
    $counts = @{}
    $timing = Measure-Pair -Count $CsvRuns -Arguments @{ Path = $csv.Path; Counts = $counts } `
        -Module { param($Path, $Counts) Test-ImmutableId -Path $Path -Summary } `
        -Baseline {
            param($Path, $Counts)
            $seen = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
            $valid = 0; $invalid = 0; $duplicate = 0
            foreach ($row in Import-Csv -LiteralPath $Path) {
                $value = $row.ImmutableId
                $first = $seen.Add($value)
                $bytes = $null
                try { $bytes = [Convert]::FromBase64String($value) } catch { }
                if ($null -eq $bytes -or $bytes.Length -ne 16) { $invalid++ }
                elseif (-not $first) { $duplicate++ }
                else { $valid++ }
            }
            $Counts.Valid = $valid; $Counts.Invalid = $invalid; $Counts.Duplicate = $duplicate
            [pscustomobject]$Counts
        }
    $note = "module summary:   $(Format-Summary $summary)`n" +
        "baseline counts:  $(Format-BaselineCounts $counts) (Import-Csv, ordinal HashSet, FromBase64String in try/catch, 16 bytes)"
    New-BenchRow -Name 'CsvSummary' -Size ('{0:N0} rows' -f $csv.Rows) -Timing $timing -MaxRatio 0.1 -Items $csv.Rows -Note $note
}

function Invoke-CsvSummaryMemoryCase {
    <#
        Peak memory of a whole pwsh process that runs Test-ImmutableId -Path -Summary over the
        file, against one that only imports the module: PeakWorkingSet64 (VmHWM on Linux),
        read inside each child. The pwsh global tool's launcher starts a separate dotnet
        process; the figure is that process's own peak. Where /usr/bin/time exists, its max
        RSS (the largest single process of the child's tree) is printed as a cross-check.
    #>
    $csv = Get-AnchorCsv
    $pwsh = Get-Pwsh
    $quote = { param($Text) "'" + $Text.Replace("'", "''") + "'" }
    $import = "Import-Module $(& $quote $ModulePath)"
    $peak = '[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64'
    $moduleCommand = "$import; `$s = Test-ImmutableId -Path $(& $quote $csv.Path) -Summary; $peak; `$s.Total"
    $baselineCommand = "$import; $peak"
    $gnuTime = if (Test-Path -LiteralPath /usr/bin/time) { '/usr/bin/time' }
    $rssFile = Join-Path ([IO.Path]::GetTempPath()) ('immutableid-bench-rss-' + [guid]::NewGuid().ToString('N'))

    $runChild = {
        param([string] $Command, [long] $ExpectedTotal = -1)
        $output = if ($gnuTime) {
            & $gnuTime -f '%M' -o $rssFile $pwsh -NoProfile -Command $Command
        } else {
            & $pwsh -NoProfile -Command $Command
        }
        if ($LASTEXITCODE -ne 0) { throw "'$pwsh -c $Command' exited with $LASTEXITCODE" }
        $lines = @($output | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
        if ($ExpectedTotal -ge 0 -and [long]$lines[-1] -ne $ExpectedTotal) {
            throw "CsvSummaryMemory: the child's summary counted $($lines[-1]) values for $ExpectedTotal rows."
        }
        $peakBytes = if ($ExpectedTotal -ge 0) { [long]$lines[-2] } else { [long]$lines[-1] }
        [pscustomobject]@{
            PeakMB   = $peakBytes / 1MB
            MaxRssMB = if ($gnuTime) { [double](Get-Content -LiteralPath $rssFile | Select-Object -Last 1) / 1KB } else { $null }
        }
    }

    $moduleRuns = [Collections.Generic.List[object]]::new()
    $baselineRuns = [Collections.Generic.List[object]]::new()
    try {
        for ($i = 0; $i -lt $ProcessRuns; $i++) {
            $baselineRuns.Add((& $runChild -Command $baselineCommand))
            $moduleRuns.Add((& $runChild -Command $moduleCommand -ExpectedTotal $csv.Rows))
        }
    } finally {
        Remove-Item -LiteralPath $rssFile -ErrorAction SilentlyContinue
    }
    $paired = for ($i = 0; $i -lt $ProcessRuns; $i++) { $moduleRuns[$i].PeakMB - $baselineRuns[$i].PeakMB }
    $timing = [pscustomobject]@{
        Module       = Get-Median $moduleRuns.PeakMB
        Baseline     = Get-Median $baselineRuns.PeakMB
        PairedDelta  = Get-Median $paired
        ModuleRuns   = [double[]]$moduleRuns.PeakMB
        BaselineRuns = [double[]]$baselineRuns.PeakMB
        ModuleCpu    = $null
        BaselineCpu  = $null
    }
    $note = 'PeakWorkingSet64 inside the child, median of {0} processes each: Test-ImmutableId -Path -Summary {1:N1} MB, Import-Module only {2:N1} MB, difference {3:N1} MB' -f
        $ProcessRuns, $timing.Module, $timing.Baseline, ($timing.Module - $timing.Baseline)
    if ($gnuTime) {
        $note += "`n" + '/usr/bin/time max RSS (cross-check), median: Test-ImmutableId -Path -Summary {0:N1} MB, Import-Module only {1:N1} MB, difference {2:N1} MB' -f
            (Get-Median $moduleRuns.MaxRssMB), (Get-Median $baselineRuns.MaxRssMB), ((Get-Median $moduleRuns.MaxRssMB) - (Get-Median $baselineRuns.MaxRssMB))
    }
    New-BenchRow -Name 'CsvSummaryMemory' -Size ('{0:N0} rows' -f $csv.Rows) -Timing $timing -Unit 'MB' -MaxModule 300 -Note $note
}

function Invoke-ArraySummaryCase {
    $csv = Get-AnchorCsv
    # The ImmutableId column as one [string[]], read beforehand. Import-Csv drops the leading
    # white space of unquoted fields, so the file's ' value' rows arrive trimmed: this route
    # sees no SurroundingWhiteSpace, and a few of those values become duplicates.
    $list = [Collections.Generic.List[string]]::new($csv.Rows)
    Import-Csv -LiteralPath $csv.Path | ForEach-Object { $list.Add($_.ImmutableId) }
    $values = $list.ToArray()
    $list = $null
    $summary = Test-ImmutableId $values -Summary
    Assert-Summary 'ArraySummary' $summary $values.Count

    $counts = @{}
    $timing = Measure-Pair -Count $Runs -Arguments @{ Values = $values; Counts = $counts } `
        -Module { param($Values, $Counts) Test-ImmutableId $Values -Summary } `
        -Baseline {
            param($Values, $Counts)
            $seen = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
            $valid = 0; $invalid = 0; $duplicate = 0
            foreach ($value in $Values) {
                $first = $seen.Add($value)
                $bytes = $null
                try { $bytes = [Convert]::FromBase64String($value) } catch { }
                if ($null -eq $bytes -or $bytes.Length -ne 16) { $invalid++ }
                elseif (-not $first) { $duplicate++ }
                else { $valid++ }
            }
            $Counts.Valid = $valid; $Counts.Invalid = $invalid; $Counts.Duplicate = $duplicate
            [pscustomobject]$Counts
        }
    $note = "module summary:   $(Format-Summary $summary) (no ObjectGUID on this route, so no GUID checks; Import-Csv trimmed leading spaces)`n" +
        "baseline counts:  $(Format-BaselineCounts $counts) (ordinal HashSet, FromBase64String in try/catch, 16 bytes)"
    New-BenchRow -Name 'ArraySummary' -Size ('{0:N0}' -f $values.Count) -Timing $timing -TargetLabel 'report' -Items $values.Count -Note $note
}

# The results baseline: what an admin writes without the module. One [pscustomobject] per row
# (the generator's three columns and a Status), or with -ProblemsOnly only the rows that are
# not Valid. It checks less than the module (FromBase64String skips white space and ignores
# padding bits; no case-only duplicates, no GUID match) and its objects have 4 properties
# against the module's 16 plus the row's columns. foreach over Import-Csv holds every row, as
# in CsvSummary's baseline, because it was faster here than ForEach-Object.
$CsvResultsBaseline = {
    param([string] $Path, [switch] $ProblemsOnly)
    $seen = [Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    foreach ($row in Import-Csv -LiteralPath $Path) {
        $value = $row.ImmutableId
        $first = $seen.Add($value)
        $bytes = $null
        try { $bytes = [Convert]::FromBase64String($value) } catch { }
        $status = if ($null -eq $bytes -or $bytes.Length -ne 16) { 'Invalid' } elseif (-not $first) { 'Duplicate' } else { 'Valid' }
        if (-not $ProblemsOnly -or $status -ne 'Valid') {
            [pscustomobject]@{ UserPrincipalName = $row.UserPrincipalName; ObjectGUID = $row.ObjectGUID; ImmutableId = $value; Status = $status }
        }
    }
}

function Assert-CsvResults {
    <#
        On the sample file: the module and the baseline give one result per row, in order,
        carrying the row's columns; the module never calls Valid a value the baseline cannot
        decode to 16 bytes; -ProblemsOnly gives exactly the module's results that are not Valid,
        and the baseline's -ProblemsOnly its own. Returns a line describing the sample (checked
        once per run, for whichever results case comes first).
    #>
    if ($script:CsvResultsCheck) { return $script:CsvResultsCheck }
    $sample = Get-AnchorSample
    $module = @(Test-ImmutableId -Path $sample.Path)
    $baseline = @(& $CsvResultsBaseline -Path $sample.Path)
    if ($module.Count -ne $sample.Rows -or $baseline.Count -ne $sample.Rows) {
        throw "CsvResults: $($sample.Rows) sample rows gave $($module.Count) module results and $($baseline.Count) baseline results."
    }
    $moduleValid = 0; $baselineValid = 0; $bothValid = 0
    for ($i = 0; $i -lt $sample.Rows; $i++) {
        $m = $module[$i]; $b = $baseline[$i]
        # Import-Csv drops the leading white space of unquoted fields; the module keeps the value as written.
        if ($m.UserPrincipalName -cne $b.UserPrincipalName -or $m.ObjectGUID -cne $b.ObjectGUID -or
            $m.ImmutableId.TrimStart() -cne $b.ImmutableId.TrimStart()) {
            throw "CsvResults: sample row $i differs: module '$($m.UserPrincipalName),$($m.ObjectGUID),$($m.ImmutableId)', baseline '$($b.UserPrincipalName),$($b.ObjectGUID),$($b.ImmutableId)'."
        }
        if ($b.Status -eq 'Invalid' -and "$($m.Status)" -eq 'Valid') {
            throw "CsvResults: sample row $i ('$($m.ImmutableId)') does not decode to 16 bytes, yet the module calls it Valid."
        }
        if ("$($m.Status)" -eq 'Valid') { $moduleValid++ }
        if ($b.Status -eq 'Valid') { $baselineValid++ }
        if ("$($m.Status)" -eq 'Valid' -and $b.Status -eq 'Valid') { $bothValid++ }
    }
    $problems = @(Test-ImmutableId -Path $sample.Path -ProblemsOnly)
    $expected = @($module | Where-Object { "$($_.Status)" -ne 'Valid' })
    Assert-SameOutput 'CsvResultsProblemsOnly' @($expected | ForEach-Object Index) @($problems | ForEach-Object Index)
    $baselineProblems = @(& $CsvResultsBaseline -Path $sample.Path -ProblemsOnly)
    Assert-SameOutput 'CsvResultsProblemsOnly baseline' @($baseline | Where-Object Status -NE 'Valid' | ForEach-Object UserPrincipalName) `
        @($baselineProblems | ForEach-Object UserPrincipalName)
    $script:CsvResultsCheck = 'sample of {0:N0} rows: module Valid {1:N0}, not Valid {2:N0}; baseline Valid {3:N0}, not Valid {4:N0}; both Valid {5:N0}' -f
        $sample.Rows, $moduleValid, ($sample.Rows - $moduleValid), $baselineValid, ($sample.Rows - $baselineValid), $bothValid
    $script:CsvResultsCheck
}

function Invoke-CsvResultsCase {
    $csv = Get-AnchorCsv
    $check = Assert-CsvResults
    $timing = Measure-Pair -Count $CsvRuns -Arguments @{ Path = $csv.Path } `
        -Module { param($Path) Test-ImmutableId -Path $Path } `
        -Baseline { param($Path) & $CsvResultsBaseline -Path $Path }
    $note = "Test-ImmutableId -Path <csv> (one result per row) against Import-Csv + ordinal HashSet + FromBase64String emitting one [pscustomobject] (3 columns + Status) per row`n$check"
    New-BenchRow -Name 'CsvResults' -Size ('{0:N0} rows' -f $csv.Rows) -Timing $timing -MaxRatio (1 / 3) -Items $csv.Rows -Note $note
}

function Invoke-CsvResultsProblemsOnlyCase {
    $csv = Get-AnchorCsv
    $check = Assert-CsvResults
    $timing = Measure-Pair -Count $CsvRuns -Arguments @{ Path = $csv.Path } `
        -Module { param($Path) Test-ImmutableId -Path $Path -ProblemsOnly } `
        -Baseline { param($Path) & $CsvResultsBaseline -Path $Path -ProblemsOnly }
    $note = "Test-ImmutableId -Path <csv> -ProblemsOnly against the CsvResults baseline emitting only its rows that are not Valid`n$check"
    New-BenchRow -Name 'CsvResultsProblemsOnly' -Size ('{0:N0} rows' -f $csv.Rows) -Timing $timing -TargetLabel 'report' -Items $csv.Rows -Note $note
}

function Invoke-PipedRecordsCase {
    $csv = Get-AnchorCsv
    $n = [Math]::Min((Get-Size 200000), $csv.Rows)
    # Imported beforehand: the timed sides only read the rows.
    $rows = @(Import-Csv -LiteralPath $csv.Path | Select-Object -First $n)
    $sample = $rows[0..([Math]::Min($n, 1000) - 1)]
    $results = @($sample | Test-ImmutableId)
    if ($results.Count -ne $sample.Count) {
        throw "PipedRecords: $($sample.Count) piped rows gave $($results.Count) results."
    }
    for ($i = 0; $i -lt $sample.Count; $i++) {
        if ($results[$i].UserPrincipalName -cne $sample[$i].UserPrincipalName -or $results[$i].ImmutableId -cne $sample[$i].ImmutableId) {
            throw "PipedRecords: result $i is '$($results[$i].UserPrincipalName),$($results[$i].ImmutableId)' for row '$($sample[$i].UserPrincipalName),$($sample[$i].ImmutableId)'."
        }
    }
    $timing = Measure-Pair -Count $CsvRuns -Arguments @{ Rows = $rows } `
        -Module { param($Rows) $Rows | Test-ImmutableId } `
        -Baseline { param($Rows) $Rows | Select-Object *, @{ n = 'Status'; e = { 'Valid' } } }
    $note = '$rows | Test-ImmutableId against $rows | Select-Object *, @{n=''Status'';e={''Valid''}} (copies each row and adds a constant; checks nothing), rows from Import-Csv beforehand'
    New-BenchRow -Name 'PipedRecords' -Size ('{0:N0} rows' -f $n) -Timing $timing -MaxRatio 0.5 -Items $n -Note $note
}

function Get-BenchTenantFiles {
    <#
        The seeded tenant of tests/bench/BenchTenant.ps1 (rust-core/rules/examples/gen_tenant.rs):
        100,000 on-premises and 100,000 cloud users (1,000 each with -Quick), written once per
        size per run into the temporary folder. Outside every timed region.
    #>
    param([int] $Count)
    if (-not $script:TempDir) {
        $script:TempDir = Join-Path ([IO.Path]::GetTempPath()) ('immutableid-bench-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $script:TempDir
    }
    $folder = Join-Path $script:TempDir "tenant-$Count"
    if (-not (Test-Path -LiteralPath $folder)) { $null = New-BenchTenant -Count $Count -Folder $folder }
    @{ OnPremises = Join-Path $folder 'onpremises.csv'; Cloud = Join-Path $folder 'cloud.csv'; Count = $Count }
}

function Assert-SameJoin {
    # The module and the baseline agree where the baseline judges: every account's status
    # among Matched, NotSynced, CloudOnly and Orphan is the module's, or the module found more
    # (a finding the baseline does not look for makes it a Conflict).
    param([object[]] $Module, [object[]] $Baseline)
    if ($Module.Count -ne $Baseline.Count) { throw "Compare: the module gave $($Module.Count) results, the baseline $($Baseline.Count)." }
    $disagree = 0
    for ($i = 0; $i -lt $Module.Count; $i++) {
        $m = "$($Module[$i].Status)"; $b = $Baseline[$i].Status
        if ($m -ne $b -and $m -ne 'Conflict' -and $b -ne 'Conflict') { $disagree++ }
    }
    if ($disagree -gt $Module.Count / 100) { throw "Compare: the module and the baseline disagree on $disagree of $($Module.Count) statuses." }
    "checked: one result per account from both sides, statuses agree but where one side finds a conflict ($disagree others differ)"
}

function Assert-IdenticalJoin {
    # The module and Invoke-CompareSameJoin give every account the same status, findings,
    # checks not made, name and counterpart: the baseline does the same join.
    param([object[]] $Module, [object[]] $Baseline, [string] $Name = 'the same-join baseline')
    if ($Module.Count -ne $Baseline.Count) { throw "Compare: the module gave $($Module.Count) results, $Name $($Baseline.Count)." }
    for ($i = 0; $i -lt $Module.Count; $i++) {
        $m = $Module[$i]; $b = $Baseline[$i]
        $mine = '{0}|{1}|{2}|{3}|{4}|{5}' -f $m.Side, $m.Account, $m.Status, (@($m.Findings) -join ','), (@($m.NotChecked) -join ','), $m.Counterpart
        $theirs = '{0}|{1}|{2}|{3}|{4}|{5}' -f $b.Side, $b.Account, $b.Status, (@($b.Findings) -join ','), (@($b.NotChecked) -join ','), $b.Counterpart
        if ($mine -cne $theirs) { throw "Compare: result $i differs from ${Name}: '$mine' against '$theirs'." }
    }
    "checked: all $($Module.Count) results agree with $Name (side, account, status, findings, checks not made, counterpart)"
}

function Invoke-CompareCase {
    <#
        Compare-ImmutableId on the seeded tenant, against the same join written by hand
        (Invoke-CompareSameJoin in BenchTenant.ps1: every status, finding and counterpart the
        module gives, checked on all 200,000 accounts before timing), from the CSV exports
        (the module reads the files; the baseline Import-Csv's them) and from Import-Csv
        objects made beforehand. The StatusOnly rows report the smaller join of
        Invoke-CompareBaseline (statuses only, far fewer checks) for scale.
    #>
    $tenant = Get-BenchTenantFiles -Count (Get-Size 100000)
    $onPremises = @(Import-Csv -LiteralPath $tenant.OnPremises)
    $cloud = @(Import-Csv -LiteralPath $tenant.Cloud)
    $moduleResults = @(Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud)
    $check = Assert-IdenticalJoin -Module $moduleResults -Baseline @(Invoke-CompareSameJoin -OnPremises $onPremises -Cloud $cloud)
    $fileCheck = Assert-IdenticalJoin -Module $moduleResults -Baseline @(Compare-ImmutableId -OnPremisesPath $tenant.OnPremises -CloudPath $tenant.Cloud) -Name 'the module reading the files'
    $lightCheck = Assert-SameJoin -Module $moduleResults -Baseline @(Invoke-CompareBaseline -OnPremises $onPremises -Cloud $cloud)
    $moduleResults = $null
    $size = '{0:N0} + {0:N0} users' -f $tenant.Count
    $items = 2 * $tenant.Count

    $files = Measure-Sides -Count $CsvRuns -Arguments @{ Tenant = $tenant } -Sides ([ordered]@{
            Baseline   = { param($Tenant) Invoke-CompareSameJoin -OnPremises @(Import-Csv -LiteralPath $Tenant.OnPremises) -Cloud @(Import-Csv -LiteralPath $Tenant.Cloud) }
            StatusOnly = { param($Tenant) Invoke-CompareBaseline -OnPremises @(Import-Csv -LiteralPath $Tenant.OnPremises) -Cloud @(Import-Csv -LiteralPath $Tenant.Cloud) }
            Minimal    = { param($Tenant) Invoke-MinimalJoin -OnPremises @(Import-Csv -LiteralPath $Tenant.OnPremises) -Cloud @(Import-Csv -LiteralPath $Tenant.Cloud) }
            Module     = { param($Tenant) Compare-ImmutableId -OnPremisesPath $Tenant.OnPremises -CloudPath $Tenant.Cloud }
        })
    New-BenchRow -Name 'CompareCsv' -Size $size -Timing (New-Timing $files['Module'] $files['Baseline']) -MaxRatio 0.1 -Items $items `
        -Note "Compare-ImmutableId -OnPremisesPath -CloudPath (files read by the core) against Import-Csv of both files + the same join by hand (Invoke-CompareSameJoin)`n$check`n$fileCheck"
    New-BenchRow -Name 'CompareCsvStatusOnly' -Size $size -Timing (New-Timing $files['Module'] $files['StatusOnly']) -Items $items `
        -Note "Report: the same module run against Import-Csv + the statuses-only join of Invoke-CompareBaseline, which checks far less`n$lightCheck"
    New-BenchRow -Name 'CompareCsvMinimalJoin' -Size $size -Timing (New-Timing $files['Module'] $files['Minimal']) -MaxRatio 0.3 -Items $items `
        -Note 'The same module run against Import-Csv of both files + the ten-line hashtable join of Invoke-MinimalJoin (BenchTenant.ps1: anchor and UPN lookups, one status per on-premises user)'

    # The properties Compare-ImmutableId reads off each record, in the order the core's
    # schemas name them (rust-core/rules/src/records.rs, ON_PREMISES and CLOUD): the floor
    # reads them and nothing else.
    $onPremisesNames = 'mS-DS-ConsistencyGuid', 'ConsistencyGuid', 'ObjectGUID', 'SamAccountName', 'UserPrincipalName', 'DistinguishedName', 'Mail', 'ProxyAddresses'
    $cloudNames = 'Id', 'UserPrincipalName', 'Mail', 'ProxyAddresses', 'OnPremisesImmutableId', 'OnPremisesSyncEnabled', 'OnPremisesObjectIdentifier',
        'AdditionalProperties.onPremisesObjectIdentifier', 'IsCloudManaged', 'OnPremisesSyncBehavior.IsCloudManaged', 'ImmutableId'
    $sides = Measure-Sides -Count $CsvRuns -Arguments @{ OnPremises = $onPremises; Cloud = $cloud; OnPremisesNames = $onPremisesNames; CloudNames = $cloudNames } -Sides ([ordered]@{
            Baseline   = { param($OnPremises, $Cloud, $OnPremisesNames, $CloudNames) Invoke-CompareSameJoin -OnPremises $OnPremises -Cloud $Cloud }
            StatusOnly = { param($OnPremises, $Cloud, $OnPremisesNames, $CloudNames) Invoke-CompareBaseline -OnPremises $OnPremises -Cloud $Cloud }
            Floor      = { param($OnPremises, $Cloud, $OnPremisesNames, $CloudNames) Read-RecordPropertyFloor -Records $OnPremises -Name $OnPremisesNames; Read-RecordPropertyFloor -Records $Cloud -Name $CloudNames }
            Module     = { param($OnPremises, $Cloud, $OnPremisesNames, $CloudNames) Compare-ImmutableId -OnPremises $OnPremises -Cloud $Cloud }
        })
    New-BenchRow -Name 'CompareRowsFloor' -Size $size -Timing (New-Timing $sides['Floor'] $sides['Baseline']) -TargetLabel 'reference' -Items $items `
        -Note 'Reference floor: Read-RecordPropertyFloor (tests/bench/Floors.cs: a compiled cmdlet reading, through PSObject, the properties the join needs from every record, and nothing else) against the same join by hand.'
    New-BenchRow -Name 'CompareRows' -Size $size -Timing (New-Timing $sides['Module'] $sides['Baseline']) -MaxRatio 0.1 -Items $items `
        -Reference $sides['Floor'] -ReferenceName 'CompareRowsFloor' `
        -Note 'Compare-ImmutableId -OnPremises $rows -Cloud $rows against the same join by hand (Invoke-CompareSameJoin) on the same Import-Csv rows (imported beforehand)'
    New-BenchRow -Name 'CompareRowsStatusOnly' -Size $size -Timing (New-Timing $sides['Module'] $sides['StatusOnly']) -Items $items `
        -Reference $sides['Floor'] -ReferenceName 'CompareRowsFloor' `
        -Note 'Report: the same module run against the statuses-only join of Invoke-CompareBaseline on the same rows, which checks far less (3 or 4 properties a record)'
}

function Invoke-CompareObjectsCase {
    <#
        Compare-ImmutableId from objects shaped like Get-ADUser and Get-MgUser output
        (New-DirectoryUsers in BenchTenant.ps1: [pscustomobject]s, 100,000 a side), given as
        arguments (CompareObjects) and piped (ComparePiped), against the ten-line hashtable
        join of Invoke-MinimalJoin (MinimalJoin). Two references timed in the same rounds:
        PropertyRead, PowerShell's own member access reading the five properties of every
        record (1,000,000 reads), and RecordReader, the module's record reader
        (Read-RecordWithModuleReader in Floors.cs) reading the properties the core's schemas
        name off the same records into a batch, with no core call and no result.
    #>
    $count = Get-Size 100000
    $users = New-DirectoryUsers -Count $count
    $onPremises = $users.OnPremises; $cloud = $users.Cloud
    # Checks outside timing: every on-premises status is the join's, piping changes nothing.
    $moduleResults = @(Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud)
    $minimal = @(Invoke-MinimalJoin -OnPremises $onPremises -Cloud $cloud)
    for ($i = 0; $i -lt $count; $i++) {
        if ("$($moduleResults[$i].Status)" -cne $minimal[$i].Status) { throw "CompareObjects: user $i is $($moduleResults[$i].Status) to the module, $($minimal[$i].Status) to the minimal join." }
    }
    Assert-IdenticalJoin -Module $moduleResults -Baseline @($onPremises | Compare-ImmutableId -Cloud $cloud) -Name 'the module with the users piped' | Out-Null
    $moduleResults = $null; $minimal = $null
    $reads = 5 * 2 * $count
    $names = (Read-RecordWithModuleReader -Records $onPremises[0..0] -Schema OnPremisesUser) + (Read-RecordWithModuleReader -Records $cloud[0..0] -Schema CloudUser)
    $named = $names * $count
    $sides = Measure-Sides -Count $CsvRuns -Arguments @{ OnPremises = $onPremises; Cloud = $cloud } -Sides ([ordered]@{
            PropertyRead = { param($OnPremises, $Cloud)
                foreach ($a in $OnPremises) { $null = $a.SamAccountName; $null = $a.UserPrincipalName; $null = $a.ObjectGUID; $null = $a.'mS-DS-ConsistencyGuid'; $null = $a.Mail }
                foreach ($c in $Cloud) { $null = $c.Id; $null = $c.UserPrincipalName; $null = $c.Mail; $null = $c.OnPremisesImmutableId; $null = $c.OnPremisesSyncEnabled } }
            RecordReader = { param($OnPremises, $Cloud) Read-RecordWithModuleReader -Records $OnPremises -Schema OnPremisesUser; Read-RecordWithModuleReader -Records $Cloud -Schema CloudUser }
            MinimalJoin  = { param($OnPremises, $Cloud) Invoke-MinimalJoin -OnPremises $OnPremises -Cloud $Cloud }
            Objects      = { param($OnPremises, $Cloud) Compare-ImmutableId -OnPremises $OnPremises -Cloud $Cloud }
            Piped        = { param($OnPremises, $Cloud) $OnPremises | Compare-ImmutableId -Cloud $Cloud }
            ArgsFloor    = { param($OnPremises, $Cloud) Receive-RecordFloor -OnPremises $OnPremises -Cloud $Cloud }
            PipedFloor   = { param($OnPremises, $Cloud) $OnPremises | Receive-RecordFloor -Cloud $Cloud }
        })
    $size = '{0:N0} + {0:N0} users' -f $count
    $items = 2 * $count
    New-BenchRow -Name 'PropertyRead' -Size ('{0:N0} reads' -f $reads) -Timing (New-Timing $sides['PropertyRead'] $sides['MinimalJoin']) -TargetLabel 'reference' -Items $reads `
        -Note 'Reference: PowerShell reading the five properties of every record (foreach ($a in $ad) { $null = $a.SamAccountName; ... }), against MinimalJoin'
    # Per property: the reader's time over the names its schemas read (present or not), PowerShell's over its reads.
    $perProperty = { param($Runs, $Count) [double[]]@($Runs | ForEach-Object { $_ * 1e6 / $Count }) }
    $readerTiming = New-Timing ([pscustomobject]@{ Wall = & $perProperty $sides['RecordReader'].Wall $named; Cpu = & $perProperty $sides['RecordReader'].Cpu $named }) `
        ([pscustomobject]@{ Wall = & $perProperty $sides['PropertyRead'].Wall $reads; Cpu = & $perProperty $sides['PropertyRead'].Cpu $reads })
    New-BenchRow -Name 'RecordReader' -Size ('{0:N0} names' -f $named) -Timing $readerTiming -Unit 'ns/prop' -MaxRatio 2.0 -Items 0 `
        -Note ("The module's record reader (RecordReader.Add into a batch, no core call) reading the {0} names the OnPremisesUser and CloudUser schemas give, per name read, against PropertyRead per property read. Whole: reader {1:N1} ms for {2:N0} names, PowerShell {3:N1} ms for {4:N0} reads: {5:N3}x for the same records" -f
            $names, (Get-Median $sides['RecordReader'].Wall), $named, (Get-Median $sides['PropertyRead'].Wall), $reads, ((Get-Median $sides['RecordReader'].Wall) / (Get-Median $sides['PropertyRead'].Wall)))
    New-BenchRow -Name 'MinimalJoin' -Size $size -Timing (New-Timing $sides['MinimalJoin'] $sides['PropertyRead']) -TargetLabel 'reference' -Items $items `
        -Note 'Reference: the ten-line hashtable join (Invoke-MinimalJoin in BenchTenant.ps1), against PropertyRead'
    New-BenchRow -Name 'CompareObjects' -Size $size -Timing (New-Timing $sides['Objects'] $sides['MinimalJoin']) -MaxRatio 1.0 -Items $items `
        -Reference $sides['RecordReader'] -ReferenceName 'RecordReader' `
        -Note 'Compare-ImmutableId -OnPremises $ad -Cloud $cloud against MinimalJoin; checked: every on-premises status is the minimal join''s'
    # The least ComparePiped can score: CompareObjects plus what piping alone adds (PipedFloor
    # less ArgsFloor), round by round.
    $pipeCost = [double[]]@(for ($i = 0; $i -lt $CsvRuns; $i++) { $sides['PipedFloor'].Wall[$i] - $sides['ArgsFloor'].Wall[$i] })
    $least = [pscustomobject]@{ Wall = [double[]]@(for ($i = 0; $i -lt $CsvRuns; $i++) { $sides['Objects'].Wall[$i] + $pipeCost[$i] }); Cpu = $null }
    New-BenchRow -Name 'PipedFloor' -Size ('{0:N0} records' -f $count) -Timing (New-Timing $sides['PipedFloor'] $sides['ArgsFloor']) -TargetLabel 'reference' -Items $count `
        -Note 'Reference: $ad | Receive-RecordFloor -Cloud $cloud (Floors.cs: a binary cmdlet with the same pipeline parameter that only counts) against Receive-RecordFloor -OnPremises $ad -Cloud $cloud (baseline); the difference is what PowerShell''s pipeline and binding cost per piped record'
    New-BenchRow -Name 'ComparePiped' -Size $size -Timing (New-Timing $sides['Piped'] $sides['Objects']) -MaxRatio 1.2 -Items $items `
        -Reference $least -ReferenceName 'CompareObjects+pipe' `
        -Note ('$ad | Compare-ImmutableId -Cloud $cloud against CompareObjects (baseline); checked: the same results as CompareObjects. Floor: CompareObjects plus PipedFloor''s delta, round by round ({0:N1} ms): the least piping can score is {1:N3}x CompareObjects' -f
            (Get-Median $pipeCost), ((Get-Median $least.Wall) / (Get-Median $sides['Objects'].Wall)))
}

function Invoke-HardMatchPlanCase {
    <#
        New-HardMatchPlan for 10,000 pairs (New-PlanTenant in BenchTenant.ps1: the seed's case
        10,000 times, every fact given, the block on), as step objects (HardMatchPlan) and as a
        script (HardMatchScript), against Compare-ImmutableId on the same inputs (the
        reconciliation every plan starts from), in the same rounds. HardMatchScriptLinear: the
        script's time per pair at 10,000 pairs against its time per pair at 2,500.
    #>
    $pairs = Get-Size 10000
    $quarter = [Math]::Max(1, [int]($pairs / 4))
    $tenant = New-PlanTenant -Pairs $pairs
    $small = New-PlanTenant -Pairs $quarter
    $ou = 'OU=Out,DC=contoso,DC=com'
    # Checks outside timing: every pair planned (no NotPlanned), the script holds every pair.
    $steps = @(New-HardMatchPlan @tenant -OutOfScopeOU $ou)
    if (@($steps | Where-Object Action -eq 'NotPlanned').Count -gt 0) { throw 'HardMatchPlan: a pair was not planned; the bench tenant lacks a fact.' }
    $text = New-HardMatchPlan @tenant -OutOfScopeOU $ou -AsScript
    if (-not $text.Contains("`n# ==== Pair $pairs of $pairs`: user$pairs -> ")) { throw 'HardMatchScript: the script does not hold the last pair.' }
    $stepCount = $steps.Count; $scriptLength = $text.Length
    $steps = $null; $text = $null
    $sides = Measure-Sides -Count $CsvRuns -Arguments @{ Tenant = $tenant; Small = $small; Ou = $ou } -Sides ([ordered]@{
            Compare     = { param($Tenant, $Small, $Ou) Compare-ImmutableId @Tenant }
            Plan        = { param($Tenant, $Small, $Ou) New-HardMatchPlan @Tenant -OutOfScopeOU $Ou }
            Script      = { param($Tenant, $Small, $Ou) New-HardMatchPlan @Tenant -OutOfScopeOU $Ou -AsScript }
            SmallScript = { param($Tenant, $Small, $Ou) New-HardMatchPlan @Small -OutOfScopeOU $Ou -AsScript }
        })
    $size = '{0:N0} pairs' -f $pairs
    New-BenchRow -Name 'HardMatchPlan' -Size $size -Timing (New-Timing $sides['Plan'] $sides['Compare']) -MaxRatio 3.0 -Items $pairs `
        -Note ('New-HardMatchPlan ({0:N0} steps as objects) against Compare-ImmutableId on the same accounts (baseline: the reconciliation the plan starts from)' -f $stepCount)
    New-BenchRow -Name 'HardMatchScript' -Size $size -Timing (New-Timing $sides['Script'] $sides['Compare']) -MaxRatio 8.0 -Items $pairs `
        -Note ('New-HardMatchPlan -AsScript ({0:N1} MB of script) against Compare-ImmutableId on the same accounts' -f ($scriptLength / 1MB))
    $perPair = { param($Runs, $Count) [double[]]@($Runs | ForEach-Object { $_ * 1000 / $Count }) }
    $linear = New-Timing ([pscustomobject]@{ Wall = & $perPair $sides['Script'].Wall $pairs; Cpu = & $perPair $sides['Script'].Cpu $pairs }) `
        ([pscustomobject]@{ Wall = & $perPair $sides['SmallScript'].Wall $quarter; Cpu = & $perPair $sides['SmallScript'].Cpu $quarter })
    New-BenchRow -Name 'HardMatchScriptLinear' -Size ('{0:N0} vs {1:N0} pairs' -f $pairs, $quarter) -Timing $linear -Unit 'us/pair' -MaxRatio 1.5 `
        -Note 'The script''s time per pair at the full size against a quarter of it: linear when about 1'
}

function Invoke-CompareMemoryCase {
    <#
        Peak memory of Compare-ImmutableId on the tenant's files, in fresh children at 25,000
        and 100,000 users a side: PeakWorkingSet64 after the call less before it (the module
        imported, the GC settled), per user. Linear memory keeps the bytes per user flat as
        the tenant grows; the target is the large tenant's at most 1.5x the small one's.
    #>
    $pwsh = Get-Pwsh
    $quote = { param($Text) "'" + $Text.Replace("'", "''") + "'" }
    $measure = {
        param($Tenant)
        $command = "Import-Module $(& $quote $ModulePath); [GC]::Collect(); `$p = [Diagnostics.Process]::GetCurrentProcess(); `$before = `$p.PeakWorkingSet64; " +
            "`$n = 0; Compare-ImmutableId -OnPremisesPath $(& $quote $Tenant.OnPremises) -CloudPath $(& $quote $Tenant.Cloud) | ForEach-Object { `$n++ }; `$p.Refresh(); `$p.PeakWorkingSet64 - `$before; `$n"
        $lines = @(& $pwsh -NoProfile -Command $command | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
        if ($LASTEXITCODE -ne 0) { throw "CompareMemory: the child exited with $LASTEXITCODE" }
        if ([long]$lines[-1] -ne 2 * $Tenant.Count) { throw "CompareMemory: $($lines[-1]) results for $(2 * $Tenant.Count) users." }
        [double]$lines[-2] / (2 * $Tenant.Count)
    }
    $small = Get-BenchTenantFiles -Count (Get-Size 25000)
    $large = Get-BenchTenantFiles -Count (Get-Size 100000)
    $smallRuns = [Collections.Generic.List[double]]::new()
    $largeRuns = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt [Math]::Min($ProcessRuns, 3); $i++) {
        $smallRuns.Add((& $measure $small))
        $largeRuns.Add((& $measure $large))
    }
    $timing = [pscustomobject]@{
        Module = Get-Median $largeRuns; Baseline = Get-Median $smallRuns
        PairedDelta = (Get-Median $largeRuns) - (Get-Median $smallRuns)
        ModuleRuns = [double[]]$largeRuns; BaselineRuns = [double[]]$smallRuns; ModuleCpu = $null; BaselineCpu = $null
    }
    New-BenchRow -Name 'CompareMemory' -Size ('{0:N0} vs {1:N0} users' -f (2 * $large.Count), (2 * $small.Count)) -Timing $timing -Unit 'B/user' -MaxRatio 1.5 `
        -Note ('Peak working set growth of Compare-ImmutableId -OnPremisesPath -CloudPath per user, in fresh children: {0:N0} B at {1:N0} users ("module") against {2:N0} B at {3:N0} ("baseline"); the peak in MB: {4:N1} and {5:N1}' -f
            $timing.Module, (2 * $large.Count), $timing.Baseline, (2 * $small.Count), ($timing.Module * 2 * $large.Count / 1MB), ($timing.Baseline * 2 * $small.Count / 1MB))
}

# Run order; Rows names the rows a case gives (what -Case matches), a new case is one more entry.
$Cases = @(
    [pscustomobject]@{ Rows = @('PipelineFloor', 'PipelineNewString', 'PipelineGuid'); Run = ${function:Invoke-PipelineGuidCase} }
    [pscustomobject]@{ Rows = @('ArrayFloor', 'ArrayNewString', 'ArrayArgument'); Run = ${function:Invoke-ArrayArgumentCase} }
    [pscustomobject]@{ Rows = @('ColdImport'); Run = ${function:Invoke-ColdImportCase} }
    [pscustomobject]@{ Rows = @('CsvSummary'); Run = ${function:Invoke-CsvSummaryCase} }
    [pscustomobject]@{ Rows = @('CsvSummaryMemory'); Run = ${function:Invoke-CsvSummaryMemoryCase} }
    [pscustomobject]@{ Rows = @('ArraySummary'); Run = ${function:Invoke-ArraySummaryCase} }
    [pscustomobject]@{ Rows = @('CsvResults'); Run = ${function:Invoke-CsvResultsCase} }
    [pscustomobject]@{ Rows = @('CsvResultsProblemsOnly'); Run = ${function:Invoke-CsvResultsProblemsOnlyCase} }
    [pscustomobject]@{ Rows = @('PipedRecords'); Run = ${function:Invoke-PipedRecordsCase} }
    [pscustomobject]@{ Rows = @('CompareCsv', 'CompareCsvStatusOnly', 'CompareCsvMinimalJoin', 'CompareRowsFloor', 'CompareRows', 'CompareRowsStatusOnly'); Run = ${function:Invoke-CompareCase} }
    [pscustomobject]@{ Rows = @('PropertyRead', 'RecordReader', 'MinimalJoin', 'CompareObjects', 'PipedFloor', 'ComparePiped'); Run = ${function:Invoke-CompareObjectsCase} }
    [pscustomobject]@{ Rows = @('CompareMemory'); Run = ${function:Invoke-CompareMemoryCase} }
    [pscustomobject]@{ Rows = @('HardMatchPlan', 'HardMatchScript', 'HardMatchScriptLinear'); Run = ${function:Invoke-HardMatchPlanCase} }
)

#endregion

$environment = [ordered]@{
    Date        = (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm:ss') + ' UTC'
    PowerShell  = $PSVersionTable.PSVersion.ToString()
    DotNet      = [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    OS          = [Runtime.InteropServices.RuntimeInformation]::OSDescription
    Arch        = [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString()
    CPU         = Get-CpuName
    Cores       = [Environment]::ProcessorCount
    Pwsh        = Get-Pwsh
    Module      = $ModulePath
    Runs        = $Runs
    ProcessRuns = $ProcessRuns
    CsvRuns     = $CsvRuns
    Quick       = [bool]$Quick
    Consume     = $Consume
}
Write-Host 'ImmutableId benchmarks (ratio = module / baseline; median of runs; lower is better)'
foreach ($key in $environment.Keys) { Write-Host ('  {0,-12} {1}' -f $key, $environment[$key]) }

Import-Module $ModulePath -Force

$selected = @($Cases | Where-Object { $names = $_.Rows; $Case | Where-Object { $pattern = $_; $names | Where-Object { $_ -like $pattern } } })
if (-not $selected) { throw "No case matches -Case $($Case -join ','); the cases are $($Cases.Rows -join ', ')." }

$rows = [Collections.Generic.List[object]]::new()
try {
    foreach ($entry in $selected) {
        Write-Host "-- $($entry.Rows -join ' + ')" -ForegroundColor Cyan
        Invoke-FullGC
        foreach ($row in @(& $entry.Run)) {
            Write-Host "   [$($row.Case)]" -ForegroundColor Cyan
            Write-Host ('   module runs ({0}):    {1}' -f $row.Unit, ($row.ModuleRuns -join ', '))
            Write-Host ('   baseline runs ({0}):  {1}' -f $row.Unit, ($row.BaselineRuns -join ', '))
            if ($row.Reference) {
                Write-Host ('   {0} runs ({1}): {2}' -f $row.Reference, $row.Unit, ($row.ReferenceRuns -join ', '))
                Write-Host ('   module/{0}: {1:N3} (medians), {2:N3} (median of per-round ratios), {3:N3} (CPU time)' -f $row.Reference, $row.ReferenceRatio,
                    $row.PairedReferenceRatio, $row.ReferenceCpuRatio)
            }
            Write-Host ('   module/baseline: {0:N3}; paired delta ({1}): {2:N1} (median of module run i - baseline run i)' -f $row.Ratio, $row.Unit, $row.PairedDelta)
            if ($null -ne $row.CpuRatio) {
                Write-Host ('   CPU time (ms, medians): module {0:N1}, baseline {1:N1}, module/baseline {2:N3}' -f $row.ModuleCpu, $row.BaselineCpu, $row.CpuRatio)
            }
            foreach ($line in $row.Note -split "`n") { if ($line) { Write-Host "   $line" } }
            if ($row.Items -gt 0 -and $row.Unit -eq 'ms') {
                Write-Host ('   per item (us):       module {0:N3}, baseline {1:N3}{2}' -f ($row.Module * 1000 / $row.Items), ($row.Baseline * 1000 / $row.Items),
                    $(if ($row.Reference) { ', {0} {1:N3}' -f $row.Reference, ($row.ReferenceTime * 1000 / $row.Items) } else { '' }))
            }
            Write-Host "   target: $($row.Target); met: $($row.Met)"
            $rows.Add($row)
        }
        Invoke-FullGC
    }
} finally {
    if ($TempDir -and (Test-Path -LiteralPath $TempDir)) { Remove-Item -LiteralPath $TempDir -Recurse -Force }
}

$table = $rows | Format-Table -AutoSize -Property Case, Size,
    @{ Name = 'Module'; Expression = { '{0:N1} {1}' -f $_.Module, $_.Unit }; Align = 'Right' },
    @{ Name = 'Baseline'; Expression = { '{0:N1} {1}' -f $_.Baseline, $_.Unit }; Align = 'Right' },
    @{ Name = 'Ratio'; Expression = { '{0:N3}' -f $_.Ratio }; Align = 'Right' },
    @{ Name = 'CPU ratio'; Expression = { if ($null -ne $_.CpuRatio) { '{0:N3}' -f $_.CpuRatio } else { '-' } }; Align = 'Right' },
    @{ Name = 'Delta'; Expression = { '{0:N1} {1}' -f $_.Delta, $_.Unit }; Align = 'Right' },
    @{ Name = 'Floor'; Expression = { if ($_.Reference) { '{0:N1} {1}' -f $_.ReferenceTime, $_.Unit } else { '-' } }; Align = 'Right' },
    @{ Name = 'vs floor'; Expression = { if ($_.Reference) { '{0:N3}' -f $_.ReferenceRatio } else { '-' } }; Align = 'Right' },
    @{ Name = 'CPU vs floor'; Expression = { if ($null -ne $_.ReferenceCpuRatio) { '{0:N3}' -f $_.ReferenceCpuRatio } else { '-' } }; Align = 'Right' },
    Target, Met | Out-String -Width 240
Write-Host $table.TrimEnd()
$targeted = @($rows | Where-Object Met -NE '-')
Write-Host ('Targets met: {0} of {1}{2}' -f @($targeted | Where-Object Met -EQ 'yes').Count, $targeted.Count,
    $(if (@($targeted | Where-Object Met -EQ 'no').Count) { ' (missed: ' + (@($targeted | Where-Object Met -EQ 'no').Case -join ', ') + ')' } else { '' }))

if ($OutFile) {
    [ordered]@{ Environment = $environment; Results = $rows } |
        ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $OutFile -Encoding utf8
    Write-Host "Results written to $OutFile"
}
if ($PassThru) { $rows }
