#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and benchmarks the ImmutableId module.
.DESCRIPTION
    Tasks (run in the order given):
      Build   cargo build of the Rust core, dotnet build of the binary module, staged as an
              importable module in out/ImmutableId (runtimes/<rid>/native/ holds the core).
      Demo    converts the public vectors with the staged module in a fresh pwsh.
      Tools   fetches Pester from NuGet into .tools/ when it is not there.
      Test    cargo tests (core, C ABI, header drift), then Pester in a separate pwsh
              against the staged module.
      Bench   the benchmarks in tests/bench, each printing ratios against its baseline.
      Header  regenerates rust-core/abi/include/immutableid.h with cbindgen.
      Clean   removes out/, target/ and the .NET build folders.
    With no task: Build, Demo.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromRemainingArguments)]
    [ValidateSet('Build', 'Demo', 'Tools', 'Test', 'Bench', 'Header', 'Clean')]
    [string[]] $Task = @('Build', 'Demo')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'ImmutableId'
$PesterVersion = '5.7.1'
$ToolsDir = Join-Path $Root '.tools'

function Invoke-Native {
    param([string] $Command, [string[]] $Arguments)
    Write-Host "> $Command $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command exited with $LASTEXITCODE" }
}

function Get-Rid {
    $arch = [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$arch"
}

function Get-NativeFileName {
    if ($IsWindows) { 'immutableid.dll' } elseif ($IsMacOS) { 'libimmutableid.dylib' } else { 'libimmutableid.so' }
}

function Invoke-Build {
    # The C ABI crate is the cdylib the module loads; it pulls in the rules crate.
    Invoke-Native cargo @('build', '--release', '--manifest-path', (Join-Path $Root 'Cargo.toml'), '-p', 'immutableid')
    $dotnetOut = Join-Path $OutDir 'dotnet'
    Invoke-Native dotnet @('build', (Join-Path $Root 'pwsh-module/src/ImmutableId.csproj'), '-c', 'Release', '-o', $dotnetOut, '--nologo', '-v', 'quiet')

    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $native = Join-Path $ModuleDir "runtimes/$(Get-Rid)/native"
    New-Item -ItemType Directory -Path $native -Force | Out-Null
    Copy-Item (Join-Path $dotnetOut 'ImmutableId.dll') $ModuleDir
    Copy-Item (Join-Path $Root 'pwsh-module/*.psd1'), (Join-Path $Root 'pwsh-module/*.ps1xml') $ModuleDir
    Copy-Item (Join-Path $Root 'pwsh-module/en-US') $ModuleDir -Recurse
    Copy-Item (Join-Path $Root "target/release/$(Get-NativeFileName)") $native
    Write-Host "Module staged in $ModuleDir"
}

function Invoke-Demo {
    $demo = {
        param($ModulePath)
        Import-Module $ModulePath
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
    & (Get-Pwsh) -NoProfile -Command "& { $demo } '$ModuleDir'"
    if ($LASTEXITCODE -ne 0) { throw 'Demo failed' }
}

function Get-Pwsh {
    # The .NET global tool runs as 'dotnet pwsh.dll', so the process path is not pwsh itself.
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $onPath.Source } else { Join-Path $PSHOME 'pwsh' }
}

function Get-PesterManifest {
    Join-Path $ToolsDir "pester/$PesterVersion/tools/Pester.psd1"
}

function Invoke-Tools {
    if (Test-Path (Get-PesterManifest)) { return }
    # A restore that only downloads the package: NuGet is the one registry this needs.
    $project = Join-Path $ToolsDir 'tools.proj'
    New-Item -ItemType Directory -Path $ToolsDir -Force | Out-Null
    Set-Content -Path $project -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$PesterVersion]" /></ItemGroup>
</Project>
"@
    Invoke-Native dotnet @('restore', $project, '--packages', $ToolsDir, '--nologo', '-v', 'quiet')
    if (-not (Test-Path (Get-PesterManifest))) { throw "Pester $PesterVersion did not arrive in $ToolsDir" }
}

function Invoke-Test {
    Invoke-Native cargo @('test', '--manifest-path', (Join-Path $Root 'Cargo.toml'), '--workspace', '--release')
    Invoke-Tools
    $resultFile = Join-Path $OutDir 'pester-result.txt'
    # A separate pwsh: a loaded assembly and native library cannot be unloaded.
    $pester = {
        param($PesterManifest, $TestsDir, $ResultFile)
        Import-Module $PesterManifest
        $config = New-PesterConfiguration
        $config.Run.Path = $TestsDir
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $config
        "$($result.PassedCount) passed, $($result.FailedCount) failed" | Set-Content $ResultFile
        if ($result.Result -ne 'Passed') { exit 1 }
    }
    & (Get-Pwsh) -NoProfile -Command "& { $pester } '$(Get-PesterManifest)' '$(Join-Path $Root 'tests')' '$resultFile'"
    $failed = $LASTEXITCODE -ne 0
    if (Test-Path $resultFile) { "Pester: $(Get-Content $resultFile)" }
    if ($failed) { throw 'Pester tests failed' }
}

function Invoke-Bench {
    Invoke-Native (Get-Pwsh) @('-NoProfile', '-File', (Join-Path $Root 'tests/bench/Bench.ps1'), '-ModulePath', $ModuleDir)
}

function Invoke-Header {
    $env:IID_BLESS = '1'
    try { Invoke-Native cargo @('test', '--manifest-path', (Join-Path $Root 'Cargo.toml'), '-p', 'immutableid', '--test', 'header') }
    finally { Remove-Item Env:IID_BLESS }
}

function Invoke-Clean {
    foreach ($dir in $OutDir, (Join-Path $Root 'target'), (Join-Path $Root 'pwsh-module/src/bin'), (Join-Path $Root 'pwsh-module/src/obj')) {
        if (Test-Path $dir) { Remove-Item $dir -Recurse -Force }
    }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    switch ($name) {
        'Build' { Invoke-Build }
        'Demo' { Invoke-Demo }
        'Tools' { Invoke-Tools }
        'Test' { if (-not ($Task -contains 'Build')) { Invoke-Build }; Invoke-Test }
        'Bench' { if (-not ($Task -contains 'Build')) { Invoke-Build }; Invoke-Bench }
        'Header' { Invoke-Header }
        'Clean' { Invoke-Clean }
    }
}
