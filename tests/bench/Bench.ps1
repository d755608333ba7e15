#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Benchmarks of the ImmutableId module, each a ratio against a baseline measured in the same run.
.DESCRIPTION
    Not a timed test: each case times the module and a plain-PowerShell baseline in this one
    process (or, for start-up, in fresh processes started from it) and prints module/baseline.
    The targets come from the issue; missing one is reported, not failed. The only failures
    are sanity checks that the module and the baseline give the same output.

    Method: inputs are built outside the timed region; each side is a script block invoked
    with & (child scope), its output discarded with $null = ...; each side runs once as a
    warm-up, then the two sides alternate for -Runs timed runs with a full GC before each;
    the median is reported, with the median of the paired differences (run i of the module
    minus run i of the baseline) as a second view of the gap.

    Cases (add one by writing a function that returns New-BenchRow and listing it in $Cases):
      PipelineGuid   100,000 [guid] piped to ConvertTo-ImmutableId vs ForEach-Object + ToBase64String
      ArrayArgument  1,000,000 [guid] as one -InputObject argument vs a foreach loop
      ColdImport     pwsh -NoProfile -c 'Import-Module <path>' vs pwsh -NoProfile -c 0; the target
                     is on the difference of the medians. Process start-up is noisy, so the
                     import is also timed inside the child and printed as a note.
.PARAMETER ModulePath
    The staged module: out/ImmutableId, or its .psd1.
.PARAMETER Runs
    Timed runs per side of an in-process case (median reported).
.PARAMETER ProcessRuns
    Timed runs per side of a process start-up case (median reported).
.PARAMETER Quick
    A smoke run: sizes divided by 100, and 3 process runs unless -ProcessRuns is given.
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
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 1000)]
    [int] $Runs = 5,

    [ValidateRange(1, 1000)]
    [int] $ProcessRuns = 7,

    [switch] $Quick,

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

#region Helpers

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
    # One timed call of a script block in child scope, its output discarded.
    param([scriptblock] $Action, [hashtable] $Arguments)
    Invoke-FullGC
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Action @Arguments
    $sw.Stop()
    $sw.Elapsed.TotalMilliseconds
}

function Measure-Pair {
    <#
        Warms up each side once, then alternates the sides for $Count timed runs, so drift
        in the machine's load hits both alike. Returns the medians, the median of the
        paired differences (run i of the module minus run i of the baseline) and the raw times.
    #>
    param(
        [scriptblock] $Module,
        [scriptblock] $Baseline,
        [hashtable] $Arguments = @{},
        [int] $Count
    )
    $null = Measure-Once $Baseline $Arguments
    $null = Measure-Once $Module $Arguments
    $moduleTimes = [Collections.Generic.List[double]]::new()
    $baselineTimes = [Collections.Generic.List[double]]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        $baselineTimes.Add((Measure-Once $Baseline $Arguments))
        $moduleTimes.Add((Measure-Once $Module $Arguments))
    }
    $paired = for ($i = 0; $i -lt $Count; $i++) { $moduleTimes[$i] - $baselineTimes[$i] }
    [pscustomobject]@{
        ModuleMs      = Get-Median $moduleTimes
        BaselineMs    = Get-Median $baselineTimes
        PairedDeltaMs = Get-Median $paired
        ModuleRuns    = $moduleTimes.ToArray()
        BaselineRuns  = $baselineTimes.ToArray()
    }
}

function New-BenchRow {
    <#
        One row of the table. A ratio target is met when module/baseline <= MaxRatio; a
        delta target when module - baseline <= MaxDeltaMs.
    #>
    param(
        [string] $Name,
        [string] $Size,
        [pscustomobject] $Timing,
        [Nullable[double]] $MaxRatio,
        [Nullable[double]] $MaxDeltaMs,
        [int] $Items = 0,
        [string] $Note = ''
    )
    $ratio = $Timing.ModuleMs / $Timing.BaselineMs
    $delta = $Timing.ModuleMs - $Timing.BaselineMs
    if ($null -ne $MaxRatio) {
        $target = "ratio <= $MaxRatio"
        $met = $ratio -le $MaxRatio
    } else {
        $target = "delta <= $MaxDeltaMs ms"
        $met = $delta -le $MaxDeltaMs
    }
    [pscustomobject]@{
        Case         = $Name
        Size         = $Size
        ModuleMs     = [Math]::Round($Timing.ModuleMs, 1)
        BaselineMs   = [Math]::Round($Timing.BaselineMs, 1)
        Ratio        = [Math]::Round($ratio, 3)
        DeltaMs      = [Math]::Round($delta, 1)
        PairedDeltaMs = [Math]::Round($Timing.PairedDeltaMs, 1)
        Target       = $target
        Met          = if ($met) { 'yes' } else { 'no' }
        Items        = $Items
        Note         = $Note
        ModuleRuns   = [double[]]($Timing.ModuleRuns | ForEach-Object { [Math]::Round($_, 1) })
        BaselineRuns = [double[]]($Timing.BaselineRuns | ForEach-Object { [Math]::Round($_, 1) })
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
    # The only assertion: the module and the baseline agree on a sample.
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
    $n = Get-Size 100000
    $guids = New-GuidInput $n
    $sample = $guids[0..([Math]::Min($n, 1000) - 1)]
    Assert-SameOutput 'PipelineGuid' `
        @($sample | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) }) `
        @($sample | ConvertTo-ImmutableId)

    $timing = Measure-Pair -Count $Runs -Arguments @{ Guids = $guids } `
        -Module { param($Guids) $Guids | ConvertTo-ImmutableId } `
        -Baseline { param($Guids) $Guids | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) } }
    New-BenchRow -Name 'PipelineGuid' -Size ('{0:N0}' -f $n) -Timing $timing -MaxRatio 0.5 -Items $n
}

function Invoke-ArrayArgumentCase {
    $n = Get-Size 1000000
    $guids = New-GuidInput $n
    $sample = $guids[0..([Math]::Min($n, 1000) - 1)]
    Assert-SameOutput 'ArrayArgument' `
        @(foreach ($g in $sample) { [Convert]::ToBase64String($g.ToByteArray()) }) `
        @(ConvertTo-ImmutableId -InputObject $sample)

    $timing = Measure-Pair -Count $Runs -Arguments @{ Guids = $guids } `
        -Module { param($Guids) ConvertTo-ImmutableId -InputObject $Guids } `
        -Baseline { param($Guids) foreach ($g in $Guids) { [Convert]::ToBase64String($g.ToByteArray()) } }
    New-BenchRow -Name 'ArrayArgument' -Size ('{0:N0}' -f $n) -Timing $timing -MaxRatio 0.5 -Items $n
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

    # Process start-up is noisy; the import timed inside the child is not (informative only).
    $inChild = '$s = [Diagnostics.Stopwatch]::StartNew(); ' + $importCommand + '; $s.Elapsed.TotalMilliseconds'
    $importTimes = for ($i = 0; $i -lt $ProcessRuns; $i++) {
        [double](& $start -Pwsh $pwsh -Command $inChild | Select-Object -Last 1)
    }
    $note = 'Import-Module timed inside the child: median {0:N1} ms (runs: {1})' -f (Get-Median $importTimes),
        (($importTimes | ForEach-Object { '{0:N1}' -f $_ }) -join ', ')
    New-BenchRow -Name 'ColdImport' -Size "$ProcessRuns processes" -Timing $timing -MaxDeltaMs 100 -Note $note
}

# Run order and names; a new case is one more entry.
$Cases = @(
    [pscustomobject]@{ Name = 'PipelineGuid'; Run = ${function:Invoke-PipelineGuidCase} }
    [pscustomobject]@{ Name = 'ArrayArgument'; Run = ${function:Invoke-ArrayArgumentCase} }
    [pscustomobject]@{ Name = 'ColdImport'; Run = ${function:Invoke-ColdImportCase} }
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
    Quick       = [bool]$Quick
}
Write-Host 'ImmutableId benchmarks (ratio = module / baseline; median of runs; lower is better)'
foreach ($key in $environment.Keys) { Write-Host ('  {0,-12} {1}' -f $key, $environment[$key]) }

Import-Module $ModulePath -Force

$selected = @($Cases | Where-Object { $name = $_.Name; $Case | Where-Object { $name -like $_ } })
if (-not $selected) { throw "No case matches -Case $($Case -join ','); the cases are $($Cases.Name -join ', ')." }

$rows = [Collections.Generic.List[object]]::new()
foreach ($entry in $selected) {
    Write-Host "-- $($entry.Name)" -ForegroundColor Cyan
    Invoke-FullGC
    $row = & $entry.Run
    Write-Host ('   module runs (ms):   {0}' -f ($row.ModuleRuns -join ', '))
    Write-Host ('   baseline runs (ms): {0}' -f ($row.BaselineRuns -join ', '))
    Write-Host ('   paired delta (ms):  {0:N1} (median of module run i - baseline run i)' -f $row.PairedDeltaMs)
    if ($row.Note) { Write-Host "   $($row.Note)" }
    if ($row.Items -gt 0) {
        Write-Host ('   per item (us):      module {0:N3}, baseline {1:N3}' -f ($row.ModuleMs * 1000 / $row.Items), ($row.BaselineMs * 1000 / $row.Items))
    }
    $rows.Add($row)
    Invoke-FullGC
}

$table = $rows | Format-Table -AutoSize -Property Case, Size,
    @{ Name = 'Module ms'; Expression = { '{0:N1}' -f $_.ModuleMs }; Align = 'Right' },
    @{ Name = 'Baseline ms'; Expression = { '{0:N1}' -f $_.BaselineMs }; Align = 'Right' },
    @{ Name = 'Ratio'; Expression = { '{0:N3}' -f $_.Ratio }; Align = 'Right' },
    @{ Name = 'Delta ms'; Expression = { '{0:N1}' -f $_.DeltaMs }; Align = 'Right' },
    Target, Met | Out-String -Width 200
Write-Host $table.TrimEnd()

if ($OutFile) {
    [ordered]@{ Environment = $environment; Results = $rows } |
        ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $OutFile -Encoding utf8
    Write-Host "Results written to $OutFile"
}
if ($PassThru) { $rows }
