#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, packages and benchmarks the ImmutableId module.
.DESCRIPTION
    Runs on Windows, Linux and macOS, in PowerShell 7 and (for the tasks that need no
    PSResourceGet) in Windows PowerShell 5.1. Tasks, run in the order given:
      Build    checks that every version agrees, builds the Rust core for this machine and the
               binary module, and stages an importable module in out/ImmutableId
               (runtimes/<rid>/native/ holds the core).
      Native   builds the Rust core for -Rid (default: this machine; other RIDs cross-compile)
               into out/runtimes/<rid>/native/, the layout -RuntimesDir takes.
      Demo     converts the public vectors with the staged module in a fresh PowerShell.
      Tools    fetches Pester from NuGet into .tools/ when it is not there.
      Help     regenerates pwsh-module/en-US/ImmutableId.dll-Help.xml (tools/New-ModuleHelp.ps1).
      Test     Build, then: cargo fmt --check and clippy -D warnings, cargo tests (rules,
               C ABI, header drift, module layers, ABI layout), the C ABI harness
               (tools/Invoke-CAbiTest.ps1, under valgrind on Linux when installed), the help
               check, Compat, the package folder (for the install tests), then Pester in a
               separate PowerShell against the staged module.
      Compat   tools/Test-DesktopCompatibility.ps1: what Windows PowerShell 5.1 runs (build.ps1,
               the module's files and help examples, the tests, plan scripts the staged module
               writes) uses nothing only PowerShell 7 has.
      Pester   Pester alone, against what Build and Package staged, in a separate PowerShell
               of -Edition (default: the edition running this script).
      Assemble Build (or -ModuleFrom), then out/package/ImmutableId/<version>/: the staged
               module, every runtime (its own and those in -RuntimesDir, each checked by
               tools/Test-NativeLibrary.ps1), the licence and changelog, -Prerelease.
      Pack     out/package/ImmutableId.<version>.nupkg from the assembled folder, made with
               PSResourceGet through a temporary local repository (the release workflow signs
               the folder between Assemble and Pack).
      Package  Assemble, then Pack.
      Fuzz     the long property tests: 1,000,000 cases each (IID_FUZZ_CASES).
      Bench    the benchmarks in tests/bench, each printing ratios against its baseline.
      Header   regenerates rust-core/abi/include/immutableid.h with cbindgen, and
               tests/data/abi-layout.json (the structs' layout the C# types are checked against).
      Clean    removes out/, target/ and the .NET build folders.
    With no task: Build, Demo.

    The version has one source: ModuleVersion in pwsh-module/ImmutableId.psd1. Cargo.toml's
    [workspace.package] version and the csproj's <Version> must equal it (the module refuses a
    core of another version); Build stops, naming each, when they do not.
.PARAMETER Edition
    Which PowerShell runs Pester and Demo: Core (pwsh) or Desktop (Windows PowerShell 5.1,
    powershell.exe). Default: the edition running this script.
.PARAMETER Rid
    The runtime identifier Native builds for: win-x64, win-arm64, linux-x64, linux-arm64,
    osx-x64, osx-arm64. Default: this machine's.
.PARAMETER RuntimesDir
    For Assemble and Package: a folder of prebuilt cores, <rid>/native/<file> (what Native writes to
    out/runtimes), added to the package beside the staged module's own. A RID both have must
    be the same file.
.PARAMETER ModuleFrom
    For Assemble and Package: a module Build staged elsewhere (its out/ImmutableId), packaged as it is
    instead of building one here: the release workflow packages the module and the cores its
    tests ran against, rebuilding nothing.
.PARAMETER PackageDir
    For Assemble, Pack and Package: the folder to write the package to instead of out/package
    (it is emptied first).
.PARAMETER Prerelease
    For Assemble and Package: a prerelease label (letters and digits, as PowerShellGet takes it) written
    into the packaged manifest's PrivateData.PSData.Prerelease; the package's version becomes
    <ModuleVersion>-<label>. The release workflow takes it from the tag
    (tools/Get-ReleaseVersion.ps1).
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 Test
.EXAMPLE
    powershell -File .\build.ps1 Pester -Edition Desktop
.EXAMPLE
    ./build.ps1 Package -RuntimesDir ./prebuilt
.EXAMPLE
    ./build.ps1 Package -ModuleFrom ./staged -RuntimesDir ./prebuilt -Prerelease rc1
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromRemainingArguments = $true)]
    [ValidateSet('Build', 'Native', 'Demo', 'Tools', 'Help', 'Compat', 'Test', 'Pester', 'Assemble', 'Pack', 'Package', 'Fuzz', 'Bench', 'Header', 'Clean')]
    [string[]] $Task = @('Build', 'Demo'),

    [ValidateSet('Core', 'Desktop')]
    [string] $Edition = $PSVersionTable.PSEdition,

    [ValidateSet('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')]
    [string] $Rid,

    [string] $RuntimesDir,

    [string] $ModuleFrom,

    [ValidatePattern('^[0-9A-Za-z]+$')]
    [string] $Prerelease,

    [string] $PackageDir
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'ImmutableId'
$PackageRoot = if ($PackageDir) { $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($PackageDir) } else { Join-Path $OutDir 'package' }
$SourceManifest = Join-Path $Root 'pwsh-module/ImmutableId.psd1'
$PesterVersion = '5.7.1'
$ToolsDir = Join-Path $Root '.tools'
$FuzzCases = 1000000

# $IsWindows and $IsMacOS do not exist in Windows PowerShell 5.1, which runs only on Windows.
$OnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
$OnMacOS = (-not $OnWindows) -and [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::OSX)

# Every runtime the module's loader (NativeLibraryLoader.cs) knows: the Rust target that
# builds it and the file name it loads.
$Runtimes = [ordered]@{
    'win-x64'     = @{ Target = 'x86_64-pc-windows-msvc'; File = 'immutableid.dll' }
    'win-arm64'   = @{ Target = 'aarch64-pc-windows-msvc'; File = 'immutableid.dll' }
    'linux-x64'   = @{ Target = 'x86_64-unknown-linux-gnu'; File = 'libimmutableid.so' }
    'linux-arm64' = @{ Target = 'aarch64-unknown-linux-gnu'; File = 'libimmutableid.so' }
    'osx-x64'     = @{ Target = 'x86_64-apple-darwin'; File = 'libimmutableid.dylib' }
    'osx-arm64'   = @{ Target = 'aarch64-apple-darwin'; File = 'libimmutableid.dylib' }
}

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command exited with $LASTEXITCODE" }
}

function Get-HostRid {
    if ([IntPtr]::Size -ne 8) { throw 'ImmutableId builds and runs only in 64-bit processes; this PowerShell is 32-bit.' }
    $os = if ($OnWindows) { 'win' } elseif ($OnMacOS) { 'osx' } else { 'linux' }
    $arch = if ([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
    "$os-$arch"
}

function Get-CargoTargetDir {
    if ($env:CARGO_TARGET_DIR) { $env:CARGO_TARGET_DIR } else { Join-Path $Root 'target' }
}

# The library the module ships is built in a target directory of its own: cargo test
# resolves the dependencies' features with the dev-dependencies', and both builds write the
# same unhashed deps/libimmutableid.so, so in one directory each would rebuild the other.
function Get-ModuleTargetDir {
    Join-Path (Get-CargoTargetDir) 'module'
}

function Invoke-Cargo {
    param([string[]] $Arguments)
    # Windows builds link the C runtime statically, so the module needs no Visual C++
    # redistributable. Per target, so a user's RUSTFLAGS still wins.
    foreach ($target in 'x86_64-pc-windows-msvc', 'aarch64-pc-windows-msvc') {
        $name = 'CARGO_TARGET_{0}_RUSTFLAGS' -f ($target.ToUpperInvariant() -replace '-', '_')
        if (-not [Environment]::GetEnvironmentVariable($name)) { [Environment]::SetEnvironmentVariable($name, '-C target-feature=+crt-static') }
    }
    # --locked: the dependencies are Cargo.lock's, never resolved afresh.
    $locked = if ($Arguments[0] -in 'build', 'test') { @('--locked') } else { @() }
    Invoke-Native cargo (@($Arguments[0], '--manifest-path', (Join-Path $Root 'Cargo.toml')) + $locked + @($Arguments | Select-Object -Skip 1))
}

# Builds the C ABI crate (the cdylib the module loads; it pulls in the rules crate) for a
# RID and returns the library's path. This machine's RID builds without --target.
function Invoke-NativeBuild {
    param([string] $ForRid)
    $runtime = $Runtimes[$ForRid]
    $targetDir = Get-ModuleTargetDir
    if ($ForRid -eq (Get-HostRid)) {
        Invoke-Cargo @('build', '--release', '-p', 'immutableid', '--target-dir', $targetDir)
        Join-Path $targetDir "release/$($runtime.File)"
    }
    else {
        Invoke-Cargo @('build', '--release', '-p', 'immutableid', '--target-dir', $targetDir, '--target', $runtime.Target)
        Join-Path $targetDir "$($runtime.Target)/release/$($runtime.File)"
    }
}

function Get-ModuleVersion {
    (Import-PowerShellDataFile $SourceManifest).ModuleVersion
}

# The manifest's ModuleVersion is the version; the other two must say the same.
function Assert-VersionsAgree {
    $version = Get-ModuleVersion
    $cargo = Get-Content -Raw (Join-Path $Root 'Cargo.toml')
    $section = [regex]::Match($cargo, '(?ms)^\[workspace\.package\]\s*$(.*?)(?=^\[|\z)').Groups[1].Value
    $others = [ordered]@{
        'Cargo.toml [workspace.package] version' = [regex]::Match($section, '(?m)^version\s*=\s*"([^"]*)"').Groups[1].Value
        'pwsh-module/src/ImmutableId.csproj <Version>' = [regex]::Match((Get-Content -Raw (Join-Path $Root 'pwsh-module/src/ImmutableId.csproj')), '<Version>([^<]*)</Version>').Groups[1].Value
    }
    $wrong = @($others.Keys | Where-Object { $others[$_] -ne $version } | ForEach-Object { "$_ is '$($others[$_])'" })
    if ($wrong.Count -gt 0) {
        throw "Version mismatch: pwsh-module/ImmutableId.psd1 ModuleVersion is '$version' (the version's one source), but $($wrong -join ' and '). Set them to '$version': the module refuses a native core of another version."
    }
    $version
}

function Invoke-Build {
    $version = Assert-VersionsAgree
    $rid = Get-HostRid
    $library = Invoke-NativeBuild $rid
    $dotnetOut = Join-Path $OutDir 'dotnet'
    Invoke-Native dotnet @('build', (Join-Path $Root 'pwsh-module/src/ImmutableId.csproj'), '-c', 'Release', '-o', $dotnetOut, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $native = Join-Path $ModuleDir "runtimes/$rid/native"
    New-Item -ItemType Directory -Path $native -Force | Out-Null
    Copy-Item (Join-Path $dotnetOut 'ImmutableId.dll') $ModuleDir
    Copy-Item (Join-Path $Root 'pwsh-module/*.psd1'), (Join-Path $Root 'pwsh-module/*.ps1xml') $ModuleDir
    Copy-Item (Join-Path $Root 'pwsh-module/en-US') $ModuleDir -Recurse
    Copy-Item $library $native
    $script:built = $true
    Write-Host "Module $version staged in $ModuleDir ($rid)"
}

function Invoke-NativeTask {
    $forRid = if ($Rid) { $Rid } else { Get-HostRid }
    $library = Invoke-NativeBuild $forRid
    $native = Join-Path $OutDir "runtimes/$forRid/native"
    New-Item -ItemType Directory -Path $native -Force | Out-Null
    Copy-Item $library $native -Force
    Write-Host "Core for $forRid in $native"
}

# The executable of a PowerShell edition. pwsh may be the .NET global tool, which runs as
# 'dotnet pwsh.dll', so the current process's path is not used.
function Get-PowerShellExe {
    param([ValidateSet('Core', 'Desktop')] [string] $Of = 'Core')
    if ($Of -eq 'Desktop') {
        if (-not $OnWindows) { throw 'Windows PowerShell (the Desktop edition) exists only on Windows.' }
        $exe = Join-Path $env:SystemRoot 'System32/WindowsPowerShell/v1.0/powershell.exe'
        if (-not (Test-Path $exe)) { throw "Windows PowerShell was not found at $exe." }
        return $exe
    }
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { return $onPath.Source }
    if ($PSVersionTable.PSEdition -eq 'Core') { return Join-Path $PSHOME $(if ($OnWindows) { 'pwsh.exe' } else { 'pwsh' }) }
    throw 'PowerShell 7 (pwsh) is not on PATH; it is needed for this task. Install it from https://aka.ms/powershell.'
}

# Runs a script block in a fresh PowerShell with literal string arguments; returns its exit
# code. Encoded, so no quoting survives or breaks on the way (Windows PowerShell 5.1 passes
# embedded double quotes to native programs unescaped).
function Invoke-PowerShell {
    param([string] $Exe, [scriptblock] $Block, [string[]] $Arguments = @())
    $literals = @($Arguments | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" })
    $command = "& { $Block } $($literals -join ' ')"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
    # Text: with -EncodedCommand and redirected output, PowerShell would write its other
    # streams to stderr as CLIXML.
    $options = @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text')
    if ($OnWindows) { $options += @('-ExecutionPolicy', 'Bypass') }
    Write-Host "> $Exe $($options -join ' ') (script block with $($Arguments -join ', '))" -ForegroundColor DarkGray
    # To the host, so the caller receives only the exit code.
    & $Exe @options -EncodedCommand $encoded | Out-Host
    $LASTEXITCODE
}

function Invoke-Demo {
    $demo = {
        param($ModulePath)
        Import-Module $ModulePath
        "--- $($PSVersionTable.PSEdition) $($PSVersionTable.PSVersion)"
        '--- ConvertTo-ImmutableId'
        [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5' | ConvertTo-ImmutableId
        '2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5' | ConvertTo-ImmutableId
        '--- ConvertFrom-ImmutableId'
        'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId
        'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId -Format Hex
        'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId -Format DistinguishedName
        'CN={514635484D4B376E38307176645973555049486139513D3D}' | ConvertFrom-ImmutableId -Detailed
        '--- CloudAnchor'
        'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==' | ConvertFrom-CloudAnchor
        '--- A bare 32-hex-digit string is ambiguous:'
        '874bcd2b148d47cab30991df64f05bf5' | ConvertTo-ImmutableId -ErrorAction Continue
    }
    if ((Invoke-PowerShell (Get-PowerShellExe $Edition) $demo @((Join-Path $ModuleDir 'ImmutableId.psd1'))) -ne 0) { throw 'Demo failed' }
}

function Get-PesterManifest {
    Join-Path $ToolsDir "pester/$PesterVersion/tools/Pester.psd1"
}

# What Tools fetches from NuGet into .tools/, and a file each package must hold: Pester; the
# .NET Framework 4.7.2 reference assemblies and PowerShell Standard 5.1 (the API of Windows
# PowerShell 5.1), against which tools/Test-DesktopCompatibility.ps1 checks the scripts 5.1 runs.
$ToolPackages = [ordered]@{
    'Pester'                                           = @{ Version = $PesterVersion; File = "tools/Pester.psd1" }
    'Microsoft.NETFramework.ReferenceAssemblies.net472' = @{ Version = '1.0.3'; File = 'build/.NETFramework/v4.7.2/mscorlib.dll' }
    'PowerShellStandard.Library'                       = @{ Version = '5.1.1'; File = 'lib/net452/System.Management.Automation.dll' }
}

function Test-ToolPackage {
    foreach ($name in $ToolPackages.Keys) {
        $package = $ToolPackages[$name]
        if (-not (Test-Path (Join-Path $ToolsDir "$($name.ToLowerInvariant())/$($package.Version)/$($package.File)"))) { return $false }
    }
    $true
}

function Invoke-Tools {
    if (Test-ToolPackage) { return }
    # A restore that only downloads the packages: NuGet is the one registry this needs.
    $project = Join-Path $ToolsDir 'tools.proj'
    New-Item -ItemType Directory -Path $ToolsDir -Force | Out-Null
    $downloads = foreach ($name in $ToolPackages.Keys) { "    <PackageDownload Include=`"$name`" Version=`"[$($ToolPackages[$name].Version)]`" />" }
    Set-Content -Path $project -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
$($downloads -join [Environment]::NewLine)
  </ItemGroup>
</Project>
"@
    Invoke-Native dotnet @('restore', $project, '--packages', $ToolsDir, '--nologo', '-v', 'quiet')
    if (-not (Test-ToolPackage)) { throw "The packages of .tools/tools.proj did not all arrive in $ToolsDir" }
}

# Runs a script in tools/ in a fresh pwsh.
function Invoke-ToolScript {
    param([string] $Name, [string[]] $Arguments)
    $script = Join-Path $Root "tools/$Name"
    if (-not (Test-Path $script)) { throw "tools/$Name does not exist: the build needs it." }
    # To the host, so the output shows and the caller receives nothing.
    Invoke-Native (Get-PowerShellExe) (@('-NoProfile', '-NonInteractive', '-File', $script) + $Arguments) | Out-Host
}

function Invoke-Help {
    param([switch] $Check)
    $arguments = @('-ModulePath', (Join-Path $ModuleDir 'ImmutableId.psd1'))
    if ($Check) { $arguments += '-Check' }
    Invoke-ToolScript 'New-ModuleHelp.ps1' $arguments
}

# The harness runs against the library the module ships.
function Invoke-CAbiHarness {
    $arguments = @('-LibraryDir', (Join-Path (Get-ModuleTargetDir) 'release'))
    if (-not $OnWindows -and -not $OnMacOS) {
        if (Get-Command valgrind -CommandType Application -ErrorAction SilentlyContinue) { $arguments += '-Valgrind' }
        else { Write-Warning 'valgrind is not installed: the C ABI harness runs without it.' }
    }
    Invoke-ToolScript 'Invoke-CAbiTest.ps1' $arguments
}

# One style and no lint warnings in the Rust tree (rustfmt.toml; clippy's default lints).
function Invoke-RustChecks {
    Invoke-Cargo @('fmt', '--all', '--check')
    Invoke-Cargo @('clippy', '--workspace', '--all-targets', '--', '-D', 'warnings')
}

# Needs PowerShell 7 (it reads the reference assemblies with System.Reflection.Metadata) and
# the staged module (plan scripts are made with it).
function Invoke-Compat {
    Invoke-Tools
    Invoke-ToolScript 'Test-DesktopCompatibility.ps1' @('-ModulePath', $ModuleDir)
}

function Invoke-Test {
    Invoke-RustChecks
    Invoke-Cargo @('test', '--workspace', '--release')
    Invoke-CAbiHarness
    Invoke-Help -Check
    Invoke-Compat
    Invoke-PackageFolder | Out-Null
    Invoke-PesterTests
}

function Invoke-PesterTests {
    if (-not (Test-Path (Join-Path $ModuleDir 'ImmutableId.psd1'))) { throw "No staged module in ${ModuleDir}: run ./build.ps1 Build first." }
    Invoke-Tools
    $resultFile = Join-Path $OutDir 'pester-result.txt'
    if (Test-Path $resultFile) { Remove-Item $resultFile }
    # A separate process: a loaded assembly and native library cannot be unloaded.
    $pester = {
        param($PesterManifest, $TestsDir, $ResultFile)
        Import-Module $PesterManifest
        $config = New-PesterConfiguration
        $config.Run.Path = $TestsDir
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $config
        $edition = '{0} {1}' -f $PSVersionTable.PSEdition, $PSVersionTable.PSVersion
        '{0} passed, {1} failed, {2} skipped ({3})' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount, $edition | Set-Content $ResultFile
        if ($result.Result -ne 'Passed') { exit 1 }
    }
    $exitCode = Invoke-PowerShell (Get-PowerShellExe $Edition) $pester @((Get-PesterManifest), (Join-Path $Root 'tests'), $resultFile)
    if (Test-Path $resultFile) { "Pester: $(Get-Content $resultFile)" }
    if ($exitCode -ne 0) { throw 'Pester tests failed' }
}

# The versioned module folder a repository serves: the staged module, every runtime, the
# licence and the changelog. Returns its path.
function Invoke-PackageFolder {
    $version = Assert-VersionsAgree
    $folder = Join-Path $PackageRoot "ImmutableId/$version"
    if (Test-Path $PackageRoot) { Remove-Item $PackageRoot -Recurse -Force }
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
    Copy-Item (Join-Path $ModuleDir '*') $folder -Recurse
    Copy-Item (Join-Path $Root 'LICENSE'), (Join-Path $Root 'CHANGELOG.md') $folder

    # The cores of -RuntimesDir join the staged module's own. A RID both have must be the same
    # file: the package holds the libraries that were tested, never a rebuilt one.
    if ($RuntimesDir) {
        if (-not (Test-Path $RuntimesDir -PathType Container)) { throw "-RuntimesDir '$RuntimesDir' is not a folder." }
        foreach ($dir in Get-ChildItem $RuntimesDir) {
            $runtime = $Runtimes[$dir.Name]
            if (-not $dir.PSIsContainer -or -not $runtime) { throw "-RuntimesDir holds '$($dir.Name)', which is not a runtime identifier ($($Runtimes.Keys -join ', '))." }
            $library = Join-Path $dir.FullName "native/$($runtime.File)"
            if (-not (Test-Path $library -PathType Leaf)) { throw "-RuntimesDir has no $($dir.Name)/native/$($runtime.File)." }
            $native = Join-Path $folder "runtimes/$($dir.Name)/native"
            $existing = Join-Path $native $runtime.File
            if (Test-Path $existing) {
                if ((Get-FileHash $existing -Algorithm SHA256).Hash -ne (Get-FileHash $library -Algorithm SHA256).Hash) {
                    throw "The staged module's $($dir.Name) core differs from $library. Package one tested library per runtime: stage the module from the same build (-ModuleFrom), or leave $($dir.Name) out of -RuntimesDir."
                }
                continue
            }
            New-Item -ItemType Directory -Path $native -Force | Out-Null
            Copy-Item $library $native
        }
    }
    $manifestPath = Join-Path $folder 'ImmutableId.psd1'
    if ($Prerelease) {
        # PowerShellGet reads a prerelease from PrivateData.PSData.Prerelease.
        $text = [IO.File]::ReadAllText($manifestPath)
        $marked = [regex]::Replace($text, '(?m)^(\s*)PSData(\s*)=(\s*)@\{\s*$', { param($m) $m.Value + "`n$($m.Groups[1].Value)    Prerelease   = '$Prerelease'" }, 'None')
        if ($marked -eq $text) { throw "No PSData section in $manifestPath to write the prerelease label into." }
        [IO.File]::WriteAllText($manifestPath, $marked, (New-Object System.Text.UTF8Encoding $false))
        if ((Import-PowerShellDataFile $manifestPath).PrivateData.PSData.Prerelease -ne $Prerelease) { throw "The packaged manifest does not read back Prerelease '$Prerelease'." }
    }
    $manifest = Test-ModuleManifest $manifestPath
    $rids = @(Get-ChildItem (Join-Path $folder 'runtimes') -Directory | ForEach-Object Name | Sort-Object)
    # Each library's format, machine type, exports and (Linux) glibc needs, before it ships.
    Invoke-ToolScript 'Test-NativeLibrary.ps1' @('-Path', $folder)
    $label = if ($Prerelease) { "$($manifest.Version)-$Prerelease" } else { "$($manifest.Version)" }
    Write-Host "Module $label packaged in $folder with $($rids -join ', ')"
    $folder
}

# -ModuleFrom: a module staged elsewhere (a core job of the release workflow) becomes this
# run's staged module, unbuilt, after checking it is this version's.
function Use-StagedModule {
    $version = Assert-VersionsAgree
    $manifest = Join-Path $ModuleFrom 'ImmutableId.psd1'
    if (-not (Test-Path $manifest)) { throw "-ModuleFrom '$ModuleFrom' holds no ImmutableId.psd1: give a folder Build staged (out/ImmutableId)." }
    $staged = (Import-PowerShellDataFile $manifest).ModuleVersion
    if ($staged -ne $version) { throw "-ModuleFrom holds version $staged, not $version." }
    if ((Resolve-Path $ModuleFrom).Path -ne $ModuleDir) {
        if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
        New-Item -ItemType Directory -Path $ModuleDir -Force | Out-Null
        Copy-Item (Join-Path $ModuleFrom '*') $ModuleDir -Recurse
    }
    $script:built = $true
    Write-Host "Module $version staged from $ModuleFrom (not built)"
}

# The .nupkg of the assembled package folder, made the way the Gallery would receive it:
# Publish-PSResource to a local folder registered for the purpose, and unregistered
# afterwards. Its libraries are checked again: something (signing) may have changed them.
function Invoke-Pack {
    $version = Assert-VersionsAgree
    $folder = Join-Path $PackageRoot "ImmutableId/$version"
    if (-not (Test-Path (Join-Path $folder 'ImmutableId.psd1'))) { throw "No package folder in ${folder}: run ./build.ps1 Assemble (or Package) first." }
    Get-ChildItem $PackageRoot -Filter '*.nupkg' | Remove-Item
    Invoke-ToolScript 'Test-NativeLibrary.ps1' @('-Path', $folder)
    if (-not (Get-Command Publish-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Package needs Microsoft.PowerShell.PSResourceGet (built into PowerShell 7.4 and later): run ./build.ps1 Package from pwsh.'
    }
    $repository = "ImmutableId-build-$([guid]::NewGuid().ToString('N'))"
    $feed = Join-Path ([IO.Path]::GetTempPath()) $repository
    New-Item -ItemType Directory -Path $feed | Out-Null
    try {
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        Publish-PSResource -Path $folder -Repository $repository
        $nupkg = Get-ChildItem $feed -Filter 'ImmutableId.*.nupkg' | Select-Object -First 1
        if (-not $nupkg) { throw "Publish-PSResource wrote no ImmutableId package to $feed" }
        Copy-Item $nupkg.FullName $PackageRoot
        Write-Host "Package $(Join-Path $PackageRoot $nupkg.Name)"
    }
    finally {
        Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
        Remove-Item $feed -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-Fuzz {
    if (-not (Test-Path (Join-Path $Root 'rust-core/abi/tests/properties.rs'))) { throw 'rust-core/abi/tests/properties.rs does not exist: Fuzz has nothing to run.' }
    $env:IID_FUZZ_CASES = "$FuzzCases"
    try { Invoke-Cargo @('test', '--release', '-p', 'immutableid', '--test', 'properties') }
    finally { Remove-Item Env:IID_FUZZ_CASES }
}

function Invoke-Bench {
    Invoke-Native (Get-PowerShellExe) @('-NoProfile', '-File', (Join-Path $Root 'tests/bench/Bench.ps1'), '-ModulePath', $ModuleDir)
}

function Invoke-Header {
    $env:IID_BLESS = '1'
    try {
        # The header first: the layout test checks it lists every struct of the header.
        Invoke-Cargo @('test', '-p', 'immutableid', '--test', 'header')
        Invoke-Cargo @('test', '-p', 'immutableid', '--test', 'abi_layout')
    }
    finally { Remove-Item Env:IID_BLESS }
}

function Invoke-Clean {
    foreach ($dir in $OutDir, (Get-CargoTargetDir), (Join-Path $Root 'pwsh-module/src/bin'), (Join-Path $Root 'pwsh-module/src/obj')) {
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    }
}

# Tasks that need a staged module build it first, unless this run has built it already.
$built = $false
function Confirm-Built {
    if (-not $script:built) { Invoke-Build }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    $started = [Diagnostics.Stopwatch]::StartNew()
    switch ($name) {
        'Build' { Invoke-Build }
        'Native' { Invoke-NativeTask }
        'Demo' { Invoke-Demo }
        'Tools' { Invoke-Tools }
        'Help' { Confirm-Built; Invoke-Help }
        'Compat' { Confirm-Built; Invoke-Compat }
        'Test' { Confirm-Built; Invoke-Test }
        'Pester' { Invoke-PesterTests }
        'Assemble' { if ($ModuleFrom) { Use-StagedModule } else { Confirm-Built }; $null = Invoke-PackageFolder }
        'Pack' { Invoke-Pack }
        'Package' { if ($ModuleFrom) { Use-StagedModule } else { Confirm-Built }; $null = Invoke-PackageFolder; Invoke-Pack }
        'Fuzz' { Invoke-Fuzz }
        'Bench' { Confirm-Built; Invoke-Bench }
        'Header' { Invoke-Header }
        'Clean' { Invoke-Clean }
    }
    Write-Host ("== {0} done in {1:n1} s" -f $name, $started.Elapsed.TotalSeconds) -ForegroundColor Cyan
}
