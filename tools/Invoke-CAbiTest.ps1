#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Compiles the C ABI harness against the committed header and runs it against the built
    core library, optionally under valgrind's memcheck.
.DESCRIPTION
    The harness (rust-core/abi/tests/c) calls every export of rust-core/abi/include/immutableid.h
    from C with normal and hostile arguments and checks the documented contract; it proves the
    header is usable from C. Steps:
      1. header_usage.c, the header's constants and macros used the way a C caller writes them,
         compiled (not run) in C99 and C11 with every warning an error.
      2. The harness compiled in C11 with every warning an error (gcc, else cc; on Windows cl
         from a Visual Studio developer prompt, else this script skips with a warning) and run
         against the library in -LibraryDir, found through the harness process's own library
         path (LD_LIBRARY_PATH, DYLD_LIBRARY_PATH or PATH) and an rpath; nothing else's
         environment changes.
      3. With -Valgrind: the harness again under valgrind --tool=memcheck --leak-check=full; it
         fails unless valgrind reports 0 errors and 0 bytes definitely lost.
    The exit code is 0 when every step passed, 1 otherwise.

    Build the library first: cargo build --release -p immutableid.
.PARAMETER RepoRoot
    The repository. Default: the one this script is in.
.PARAMETER LibraryDir
    The folder holding the built library (libimmutableid.so, libimmutableid.dylib, or
    immutableid.dll and immutableid.dll.lib). Default: $env:CARGO_TARGET_DIR/release when set,
    else <RepoRoot>/target/release.
.PARAMETER Valgrind
    Also run the harness under valgrind's memcheck (Linux).
.EXAMPLE
    cargo build --release -p immutableid; pwsh -NoProfile -File tools/Invoke-CAbiTest.ps1 -Valgrind
#>
[CmdletBinding()]
param(
    [string] $RepoRoot = (Split-Path -Parent $PSScriptRoot),
    [string] $LibraryDir,
    [switch] $Valgrind
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# $IsWindows and $IsMacOS do not exist in Windows PowerShell 5.1, which runs only on Windows.
$OnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
$OnMacOS = (-not $OnWindows) -and [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::OSX)

$RepoRoot = (Resolve-Path $RepoRoot).Path
if (-not $LibraryDir) {
    $targetDir = if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path $RepoRoot 'target' }
    $LibraryDir = Join-Path $targetDir 'release'
}
$SourceDir = Join-Path $RepoRoot 'rust-core/abi/tests/c'
$IncludeDir = Join-Path $RepoRoot 'rust-core/abi/include'
$UsageSource = Join-Path $SourceDir 'header_usage.c'
# Every .c file but header_usage.c makes the harness.
$HarnessSources = @(Get-ChildItem $SourceDir -Filter '*.c' | Where-Object Name -ne 'header_usage.c' | Sort-Object Name | ForEach-Object FullName)

function Write-Step([string] $Text) {
    Write-Host "== $Text" -ForegroundColor Cyan
}

# Runs a program with extra environment variables for it alone; its output goes straight to
# the console. Returns its exit code.
function Invoke-Child {
    param([string] $FilePath, [string[]] $Arguments, [hashtable] $Environment = @{})
    Write-Host "> $FilePath $($Arguments -join ' ')" -ForegroundColor DarkGray
    $start = New-Object Diagnostics.ProcessStartInfo $FilePath
    if ($start.PSObject.Properties['ArgumentList']) {
        foreach ($argument in $Arguments) { $start.ArgumentList.Add($argument) }
    }
    else {
        # .NET Framework has no ArgumentList: one command line, each argument quoted.
        $start.Arguments = ($Arguments | ForEach-Object { '"' + ($_ -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"' }) -join ' '
    }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    $process.WaitForExit()
    $process.ExitCode
}

# The library path variable of this platform, with -LibraryDir first.
function Get-LibraryPathEnvironment {
    $name = if ($OnWindows) { 'PATH' } elseif ($OnMacOS) { 'DYLD_LIBRARY_PATH' } else { 'LD_LIBRARY_PATH' }
    $existing = [Environment]::GetEnvironmentVariable($name)
    $value = if ($existing) { $LibraryDir + [IO.Path]::PathSeparator + $existing } else { $LibraryDir }
    @{ $name = $value }
}

# The workspace version, which iid_version must give.
function Get-WorkspaceVersion {
    $cargo = Get-Content -Raw (Join-Path $RepoRoot 'Cargo.toml')
    $section = [regex]::Match($cargo, '(?ms)^\[workspace\.package\]\s*$(.*?)(?=^\[|\z)').Groups[1].Value
    [regex]::Match($section, '(?m)^version\s*=\s*"([^"]*)"').Groups[1].Value
}

# The C compiler and its command lines: @{ Name; Check(std, source); Build(exe) }.
function Get-Compiler {
    if ($OnWindows) {
        $cl = Get-Command cl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $cl) { return $null }
        $common = @('/nologo', '/W4', '/WX', '/D_CRT_SECURE_NO_WARNINGS', "/I$IncludeDir")
        return @{
            Name  = $cl.Source
            Check = { param($std, $source) @($common + @("/std:$std", '/Zs', $source)) }.GetNewClosure()
            Build = { param($exe) @($common + @('/std:c11', '/Zi') + $HarnessSources + @("/Fe:$exe", '/link', "/LIBPATH:$LibraryDir", 'immutableid.dll.lib')) }.GetNewClosure()
        }
    }
    $cc = @('gcc', 'cc') | ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
    if (-not $cc) { throw 'No C compiler: install gcc (or make cc one).' }
    $common = @('-Wall', '-Wextra', '-Werror', '-pedantic', "-I$IncludeDir")
    @{
        Name  = $cc.Source
        Check = { param($std, $source) @($common + @("-std=$std", '-fsyntax-only', $source)) }.GetNewClosure()
        Build = { param($exe) @($common + @('-std=c11', '-g') + $HarnessSources + @("-L$LibraryDir", '-limmutableid', "-Wl,-rpath,$LibraryDir", '-o', $exe)) }.GetNewClosure()
    }
}

# memcheck's verdict from its log: (errors, bytes definitely lost).
function Read-ValgrindLog([string] $Path) {
    $log = Get-Content -Raw $Path
    $errors = [regex]::Match($log, 'ERROR SUMMARY: ([\d,]+) errors')
    if (-not $errors.Success) { throw "valgrind wrote no ERROR SUMMARY to $Path" }
    $lost = [regex]::Match($log, 'definitely lost: ([\d,]+) bytes')
    # With no leak at all memcheck prints "no leaks are possible" instead of the summary.
    $definitely = if ($lost.Success) { [long]($lost.Groups[1].Value -replace ',', '') } else { 0 }
    ([long]($errors.Groups[1].Value -replace ',', ''), $definitely)
}

$failures = [Collections.Generic.List[string]]::new()
$work = Join-Path ([IO.Path]::GetTempPath()) "iid-cabi-$([guid]::NewGuid().ToString('N'))"
try {
    $library = if ($OnWindows) { 'immutableid.dll' } elseif ($OnMacOS) { 'libimmutableid.dylib' } else { 'libimmutableid.so' }
    $resolved = Resolve-Path $LibraryDir -ErrorAction SilentlyContinue
    if (-not $resolved -or -not (Test-Path (Join-Path $resolved.Path $library))) {
        throw "No $library in ${LibraryDir}: run cargo build --release -p immutableid first (or pass -LibraryDir)."
    }
    $LibraryDir = $resolved.Path
    $compiler = Get-Compiler
    if (-not $compiler) {
        Write-Warning 'Skipped: the C ABI harness needs cl on Windows; run from a Visual Studio developer prompt.'
        exit 0
    }
    Write-Host "Compiler: $($compiler.Name); library: $(Join-Path $LibraryDir $library)"
    New-Item -ItemType Directory -Path (Join-Path $work 'scratch') -Force | Out-Null

    Write-Step 'The header as a C caller uses it (C99 and C11, warnings are errors)'
    foreach ($std in 'c99', 'c11') {
        # cl has no C99 mode.
        if ($OnWindows -and $std -eq 'c99') { continue }
        $code = Invoke-Child $compiler.Name (& $compiler.Check $std $UsageSource)
        if ($code -ne 0) { $failures.Add("header_usage.c does not compile as $std with warnings as errors: the header is not usable as it is") }
    }

    Write-Step 'Every export of the header is called by the harness'
    $header = Get-Content -Raw (Join-Path $IncludeDir 'immutableid.h')
    $exports = @([regex]::Matches($header, '(?m)^(?!//)\S[^\n(]*?\b(iid_\w+)\(') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
    $harness = ($HarnessSources | ForEach-Object { Get-Content -Raw $_ }) -join "`n"
    $uncalled = @($exports | Where-Object { $harness -notmatch "\b$_\(" })
    Write-Host "$($exports.Count) exports in the header; the harness calls $($exports.Count - $uncalled.Count) of them."
    if ($exports.Count -eq 0) { $failures.Add('no export found in the header') }
    if ($uncalled) { $failures.Add("the harness calls no $($uncalled -join ', '): add their checks to rust-core/abi/tests/c") }

    Write-Step 'Compile the harness'
    $exe = Join-Path $work $(if ($OnWindows) { 'abi_harness.exe' } else { 'abi_harness' })
    Push-Location $work
    try { $code = Invoke-Child $compiler.Name (& $compiler.Build $exe) }
    finally { Pop-Location }
    if ($code -ne 0) { throw "The harness does not compile ($($compiler.Name) exited with $code)." }

    $arguments = @((Join-Path $work 'scratch'), (Get-WorkspaceVersion))
    $environment = Get-LibraryPathEnvironment
    Write-Step 'Run the harness'
    $code = Invoke-Child $exe $arguments $environment
    if ($code -ne 0) { $failures.Add("the harness failed (exit code $code)") }

    if ($Valgrind -and $code -eq 0) {
        Write-Step 'Run the harness under valgrind memcheck'
        $valgrindExe = Get-Command valgrind -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not $valgrindExe) { throw '-Valgrind: valgrind is not installed.' }
        $logFile = Join-Path $work 'memcheck.log'
        $memcheck = @('--tool=memcheck', '--leak-check=full', '--errors-for-leak-kinds=definite', '--error-exitcode=3', "--log-file=$logFile", $exe) + $arguments
        $code = Invoke-Child $valgrindExe.Source $memcheck $environment
        $errors, $lost = Read-ValgrindLog $logFile
        Get-Content $logFile | Where-Object { $_ -match 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|no leaks are possible' } | ForEach-Object { Write-Host $_ }
        if ($code -ne 0 -or $errors -ne 0 -or $lost -ne 0) {
            Get-Content $logFile | Write-Host
            $failures.Add("valgrind: exit code $code, $errors errors, $lost bytes definitely lost")
        }
        else {
            Write-Host "valgrind: 0 errors, 0 bytes definitely lost"
        }
    }
}
catch {
    $failures.Add($_.Exception.Message)
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

if ($failures.Count -gt 0) {
    foreach ($failure in $failures) { Write-Host "FAILED: $failure" -ForegroundColor Red }
    exit 1
}
Write-Host 'C ABI harness: passed' -ForegroundColor Green
exit 0
