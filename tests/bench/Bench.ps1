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
      PipelineFloor  reference, no target: the same [guid] piped to the built-in binary cmdlet
                     Write-Output (nothing but WriteObject) vs the same ForEach-Object baseline;
                     what any binary cmdlet costs per piped item, to judge PipelineGuid's target
      ArrayArgument  1,000,000 [guid] as one -InputObject argument vs a foreach loop
      ArrayFloor     reference, no target: Write-Output -InputObject of the 1,000,000 strings,
                     converted beforehand, vs the same foreach baseline; what emitting the
                     results alone costs, to judge ArrayArgument's target
      ColdImport     pwsh -NoProfile -c 'Import-Module <path>' vs pwsh -NoProfile -c 0; the target
                     is on the difference of the medians. Process start-up is noisy, so the
                     import is also timed inside the child and printed as a note.
      CsvSummary     Test-ImmutableId -Path <csv> -Summary over the seeded 1,000,000-row file of
                     rust-core/examples/gen_anchor_csv.rs (made once, outside timing, in a temp
                     folder removed at the end; needs cargo) vs a hand-written baseline:
                     Import-Csv, an ordinal HashSet[string] for duplicates, FromBase64String in
                     try/catch, counting valid/invalid/duplicate. -CsvRuns runs per side.
      CsvSummaryMemory  peak memory of a fresh pwsh running that -Summary (PeakWorkingSet64 read
                     in the child) vs one that only imports the module; the target is on the
                     module child's whole-process peak (MB). -ProcessRuns children per side.
      ArraySummary   the file's ImmutableId column, read beforehand into one [string[]], as
                     Test-ImmutableId $values -Summary vs the same baseline logic over the array;
                     reported, no target.
    Each summary case checks (outside timing) that the module's counts cover every row and
    prints them once.
.PARAMETER ModulePath
    The staged module: out/ImmutableId, or its .psd1.
.PARAMETER Runs
    Timed runs per side of an in-process case (median reported).
.PARAMETER ProcessRuns
    Timed runs per side of a process start-up case, and children per side of CsvSummaryMemory
    (median reported).
.PARAMETER CsvRuns
    Timed runs per side of CsvSummary, whose baseline takes seconds per 100,000 rows. By
    default the smaller of -Runs and 3; with -Quick, -Runs.
.PARAMETER Quick
    A smoke run: sizes divided by 100 (the CSV has 10,000 rows), and 3 process runs unless
    -ProcessRuns is given.
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

    [ValidateRange(1, 1000)]
    [int] $CsvRuns = 3,

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
if (-not $PSBoundParameters.ContainsKey('CsvRuns')) { $CsvRuns = if ($Quick) { $Runs } else { [Math]::Min($Runs, 3) } }
$RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).ProviderPath
# Set by Get-AnchorCsv: the generated input and the temporary folder removed at the end.
$AnchorCsv = $null
$TempDir = $null

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
        Module       = Get-Median $moduleTimes
        Baseline     = Get-Median $baselineTimes
        PairedDelta  = Get-Median $paired
        ModuleRuns   = $moduleTimes.ToArray()
        BaselineRuns = $baselineTimes.ToArray()
    }
}

function New-BenchRow {
    <#
        One row of the table. $Timing holds Module, Baseline, PairedDelta and the runs, in
        $Unit (ms for times, MB for memory). A ratio target is met when module/baseline <=
        MaxRatio; a delta target when module - baseline <= MaxDelta; an absolute target when
        module <= MaxModule. With none of them the row has no target: Target shows
        $TargetLabel (e.g. 'reference' for a floor, 'report' for a figure only reported) and
        Met shows '-'.
    #>
    param(
        [string] $Name,
        [string] $Size,
        [pscustomobject] $Timing,
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
    if ($null -ne $MaxRatio) {
        $target = "ratio <= $MaxRatio"
        $met = $ratio -le $MaxRatio
    } elseif ($null -ne $MaxDelta) {
        $target = "delta <= $MaxDelta $Unit"
        $met = $delta -le $MaxDelta
    } elseif ($null -ne $MaxModule) {
        $target = "module <= $MaxModule $Unit"
        $met = $Timing.Module -le $MaxModule
    } else {
        $target = $TargetLabel
        $met = $null
    }
    [pscustomobject]@{
        Case         = $Name
        Size         = $Size
        Unit         = $Unit
        Module       = [Math]::Round($Timing.Module, 1)
        Baseline     = [Math]::Round($Timing.Baseline, 1)
        Ratio        = [Math]::Round($ratio, 3)
        Delta        = [Math]::Round($delta, 1)
        PairedDelta  = [Math]::Round($Timing.PairedDelta, 1)
        Target       = $target
        Met          = if ($null -eq $met) { '-' } elseif ($met) { 'yes' } else { 'no' }
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

function Invoke-PipelineFloorCase {
    # What any binary cmdlet costs per piped item: Write-Output only calls WriteObject.
    $n = Get-Size 100000
    $guids = New-GuidInput $n
    $timing = Measure-Pair -Count $Runs -Arguments @{ Guids = $guids } `
        -Module { param($Guids) $Guids | Write-Output } `
        -Baseline { param($Guids) $Guids | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) } }
    New-BenchRow -Name 'PipelineFloor' -Size ('{0:N0}' -f $n) -Timing $timing -TargetLabel 'reference' -Items $n `
        -Note 'Reference floor: module side is $guids | Write-Output (a built-in binary cmdlet that converts nothing), baseline as in PipelineGuid.'
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

function Invoke-ArrayFloorCase {
    # What emitting the results alone costs: the converted strings, computed beforehand,
    # written one by one by a binary cmdlet.
    $n = Get-Size 1000000
    $guids = New-GuidInput $n
    $results = @(foreach ($g in $guids) { [Convert]::ToBase64String($g.ToByteArray()) })
    $timing = Measure-Pair -Count $Runs -Arguments @{ Guids = $guids; Results = $results } `
        -Module { param($Guids, $Results) Write-Output -InputObject $Results } `
        -Baseline { param($Guids, $Results) foreach ($g in $Guids) { [Convert]::ToBase64String($g.ToByteArray()) } }
    New-BenchRow -Name 'ArrayFloor' -Size ('{0:N0}' -f $n) -Timing $timing -TargetLabel 'reference' -Items $n `
        -Note 'Reference floor: module side is Write-Output -InputObject $precomputedResults (WriteObject of each string, no conversion), baseline as in ArrayArgument.'
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
    New-BenchRow -Name 'ColdImport' -Size "$ProcessRuns processes" -Timing $timing -MaxDelta 100 -Note $note
}

function Get-AnchorCsv {
    <#
        The repository's seeded generator (rust-core/examples/gen_anchor_csv.rs) writes
        1,000,000 rows (10,000 with -Quick) of UserPrincipalName,ObjectGUID,ImmutableId, with
        duplicates, case-only duplicates and bad values, once per Bench run into a temporary
        folder that is removed at the end. Outside every timed region.
    #>
    if ($script:AnchorCsv) { return $script:AnchorCsv }
    $cargo = Get-Command cargo -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $cargo) { throw 'The CSV cases need cargo, to run the generator rust-core/examples/gen_anchor_csv.rs.' }
    $rows = Get-Size 1000000
    $script:TempDir = Join-Path ([IO.Path]::GetTempPath()) ('immutableid-bench-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:TempDir
    $file = Join-Path $script:TempDir "anchors-$rows.csv"
    $manifest = Join-Path $RepoRoot 'Cargo.toml'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $cargo.Source run --release --manifest-path $manifest --example gen_anchor_csv -- --rows $rows --seed 42 --out $file | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "cargo run --example gen_anchor_csv exited with $LASTEXITCODE" }
    if (-not (Test-Path -LiteralPath $file)) { throw "The generator wrote no $file" }
    Write-Host ('   input: {0:N0} rows, {1:N1} MB, seed 42, generated in {2:N1} s: {3}' -f $rows,
        ((Get-Item -LiteralPath $file).Length / 1MB), $sw.Elapsed.TotalSeconds, $file)
    $script:AnchorCsv = [pscustomobject]@{ Path = $file; Rows = $rows }
    $script:AnchorCsv
}

function Assert-Summary {
    # The only assertion of a summary case: the counts cover every input value exactly once.
    param([string] $Name, [object] $Summary, [long] $Rows)
    if ($null -eq $Summary -or $Summary.Total -ne $Rows) {
        throw "${Name}: the module's summary counts $(if ($Summary) { $Summary.Total } else { 'nothing' }) values for $Rows input rows."
    }
    if ($Summary.Valid + $Summary.Warning + $Summary.Invalid -ne $Summary.Total) {
        throw "${Name}: Valid $($Summary.Valid) + Warning $($Summary.Warning) + Invalid $($Summary.Invalid) is not Total $($Summary.Total)."
    }
}

function Format-Summary([object] $Summary) {
    $reasons = ($Summary.Reasons.GetEnumerator() | Sort-Object Key | ForEach-Object { '{0} {1:N0}' -f $_.Key, $_.Value }) -join ', '
    'Total {0:N0}: Valid {1:N0}, Warning {2:N0}, Invalid {3:N0}; reasons: {4}' -f $Summary.Total, $Summary.Valid,
        $Summary.Warning, $Summary.Invalid, $reasons
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

# Run order and names; a new case is one more entry.
$Cases = @(
    [pscustomobject]@{ Name = 'PipelineGuid'; Run = ${function:Invoke-PipelineGuidCase} }
    [pscustomobject]@{ Name = 'PipelineFloor'; Run = ${function:Invoke-PipelineFloorCase} }
    [pscustomobject]@{ Name = 'ArrayArgument'; Run = ${function:Invoke-ArrayArgumentCase} }
    [pscustomobject]@{ Name = 'ArrayFloor'; Run = ${function:Invoke-ArrayFloorCase} }
    [pscustomobject]@{ Name = 'ColdImport'; Run = ${function:Invoke-ColdImportCase} }
    [pscustomobject]@{ Name = 'CsvSummary'; Run = ${function:Invoke-CsvSummaryCase} }
    [pscustomobject]@{ Name = 'CsvSummaryMemory'; Run = ${function:Invoke-CsvSummaryMemoryCase} }
    [pscustomobject]@{ Name = 'ArraySummary'; Run = ${function:Invoke-ArraySummaryCase} }
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
}
Write-Host 'ImmutableId benchmarks (ratio = module / baseline; median of runs; lower is better)'
foreach ($key in $environment.Keys) { Write-Host ('  {0,-12} {1}' -f $key, $environment[$key]) }

Import-Module $ModulePath -Force

$selected = @($Cases | Where-Object { $name = $_.Name; $Case | Where-Object { $name -like $_ } })
if (-not $selected) { throw "No case matches -Case $($Case -join ','); the cases are $($Cases.Name -join ', ')." }

$rows = [Collections.Generic.List[object]]::new()
try {
    foreach ($entry in $selected) {
        Write-Host "-- $($entry.Name)" -ForegroundColor Cyan
        Invoke-FullGC
        $row = & $entry.Run
        Write-Host ('   module runs ({0}):   {1}' -f $row.Unit, ($row.ModuleRuns -join ', '))
        Write-Host ('   baseline runs ({0}): {1}' -f $row.Unit, ($row.BaselineRuns -join ', '))
        Write-Host ('   paired delta ({0}):  {1:N1} (median of module run i - baseline run i)' -f $row.Unit, $row.PairedDelta)
        foreach ($line in $row.Note -split "`n") { if ($line) { Write-Host "   $line" } }
        if ($row.Items -gt 0 -and $row.Unit -eq 'ms') {
            Write-Host ('   per item (us):      module {0:N3}, baseline {1:N3}' -f ($row.Module * 1000 / $row.Items), ($row.Baseline * 1000 / $row.Items))
        }
        $rows.Add($row)
        Invoke-FullGC
    }
} finally {
    if ($TempDir -and (Test-Path -LiteralPath $TempDir)) { Remove-Item -LiteralPath $TempDir -Recurse -Force }
}

$table = $rows | Format-Table -AutoSize -Property Case, Size,
    @{ Name = 'Module'; Expression = { '{0:N1} {1}' -f $_.Module, $_.Unit }; Align = 'Right' },
    @{ Name = 'Baseline'; Expression = { '{0:N1} {1}' -f $_.Baseline, $_.Unit }; Align = 'Right' },
    @{ Name = 'Ratio'; Expression = { '{0:N3}' -f $_.Ratio }; Align = 'Right' },
    @{ Name = 'Delta'; Expression = { '{0:N1} {1}' -f $_.Delta, $_.Unit }; Align = 'Right' },
    Target, Met | Out-String -Width 200
Write-Host $table.TrimEnd()

if ($OutFile) {
    [ordered]@{ Environment = $environment; Results = $rows } |
        ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $OutFile -Encoding utf8
    Write-Host "Results written to $OutFile"
}
if ($PassThru) { $rows }
