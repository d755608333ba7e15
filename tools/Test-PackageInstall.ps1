<#
.SYNOPSIS
    Installs ImmutableId from its .nupkg into a folder, imports it by name in this PowerShell,
    converts the seed vector both ways, and checks the native core it loaded is this
    process's runtime's.
.DESCRIPTION
    What the release workflow runs on every runner (Windows, Linux and macOS, x64 and arm64),
    in PowerShell 7 and, on Windows, in Windows PowerShell 5.1, against the .nupkg it built:
      1. With -Package (PowerShell 7: PSResourceGet), the package is saved into -ModulesDir
         from a temporary local repository holding only that .nupkg, as Install-PSResource
         installs it (Save-PSResource -IncludeXml).
      2. ImmutableId is imported by name with -ModulesDir first on the module path; it must
         come from there.
      3. 874bcd2b-148d-47ca-b309-91df64f05bf5 must convert to K81Lh40UykezCZHfZPBb9Q== and
         back.
      4. The library the module loaded (its runtimes/<rid>/native/ file) must be for one of
         -ExpectedRid (default: this process's OS and architecture), and, on Windows and
         Linux, be among the process's loaded modules.
    Windows PowerShell 5.1 runs this script: tools/Test-DesktopCompatibility.ps1 checks it.
    Exit code 0 when every step passed, 1 otherwise.
.PARAMETER ModulesDir
    The folder the module is installed into and imported from.
.PARAMETER Package
    The .nupkg to install first. Without it, the module must already be in -ModulesDir.
.PARAMETER ExpectedRid
    The runtime identifiers the loaded library may be for. Default: this process's.
.EXAMPLE
    pwsh -NoProfile -File tools/Test-PackageInstall.ps1 -Package out/package/ImmutableId.0.2.0.nupkg -ModulesDir ./installed
.EXAMPLE
    powershell -NoProfile -File tools\Test-PackageInstall.ps1 -ModulesDir .\installed
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModulesDir,
    [string] $Package,
    [string[]] $ExpectedRid
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Seed = @{ Guid = '874bcd2b-148d-47ca-b309-91df64f05bf5'; ImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }
$OnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
$OnMacOS = (-not $OnWindows) -and [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::OSX)
$failures = New-Object System.Collections.Generic.List[string]
function Write-Fact([string] $Name, [string] $Value) { Write-Host ('{0,-22} {1}' -f "${Name}:", $Value) }

if (-not (Test-Path $ModulesDir)) { New-Item -ItemType Directory -Path $ModulesDir | Out-Null }
$ModulesDir = (Resolve-Path $ModulesDir).Path

# 1. Install from the .nupkg, through a repository that holds only it.
if ($Package) {
    if (-not (Get-Command Save-PSResource -ErrorAction SilentlyContinue)) { throw 'Installing needs Microsoft.PowerShell.PSResourceGet (built into PowerShell 7.4 and later).' }
    $nupkg = (Resolve-Path $Package).Path
    $name = 'ImmutableId-install-' + [guid]::NewGuid().ToString('N')
    $feed = Join-Path ([IO.Path]::GetTempPath()) $name
    New-Item -ItemType Directory -Path $feed | Out-Null
    Copy-Item $nupkg $feed
    try {
        Register-PSResourceRepository -Name $name -Uri $feed -Trusted
        Save-PSResource -Name ImmutableId -Repository $name -Path $ModulesDir -Prerelease -TrustRepository -IncludeXml
    }
    finally {
        Unregister-PSResourceRepository -Name $name -ErrorAction SilentlyContinue
        Remove-Item $feed -Recurse -Force -ErrorAction SilentlyContinue
    }
    Write-Fact 'Installed from' $nupkg
}

# 2. Import by name, from the installed folder.
$env:PSModulePath = $ModulesDir + [IO.Path]::PathSeparator + $env:PSModulePath
Import-Module ImmutableId
$module = Get-Module ImmutableId
Write-Fact 'PowerShell' "$($PSVersionTable.PSEdition) $($PSVersionTable.PSVersion)"
Write-Fact 'Process architecture' "$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture) ($([Runtime.InteropServices.RuntimeInformation]::OSDescription))"
$prerelease = $null
if ($module.PrivateData -and $module.PrivateData.ContainsKey('PSData') -and $module.PrivateData['PSData'].ContainsKey('Prerelease')) { $prerelease = $module.PrivateData['PSData']['Prerelease'] }
Write-Fact 'Module' "$($module.Version)$(if ($prerelease) { "-$prerelease" }) from $($module.ModuleBase)"
if (-not $module.ModuleBase.StartsWith($ModulesDir, [StringComparison]::OrdinalIgnoreCase)) { $failures.Add("ImmutableId was imported from $($module.ModuleBase), not from $ModulesDir.") }

# 3. Convert the seed vector both ways.
$immutableId = [guid]$Seed.Guid | ConvertTo-ImmutableId
$guid = $Seed.ImmutableId | ConvertFrom-ImmutableId
Write-Fact 'Converted' "$($Seed.Guid) -> $immutableId -> $guid"
if ($immutableId -cne $Seed.ImmutableId) { $failures.Add("ConvertTo-ImmutableId gave '$immutableId', not '$($Seed.ImmutableId)'.") }
if ("$guid" -ne $Seed.Guid) { $failures.Add("ConvertFrom-ImmutableId gave '$guid', not '$($Seed.Guid)'.") }

# 4. The native library: the one of this process's runtime, loaded.
$loader = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly.GetType('ImmutableId.Native.NativeLibraryLoader', $true)
$library = $loader.GetProperty('ExpectedPath', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
$rid = Split-Path (Split-Path (Split-Path $library)) -Leaf
Write-Fact 'Native library' "$rid $library"
if (-not $ExpectedRid) {
    $os = if ($OnWindows) { 'win' } elseif ($OnMacOS) { 'osx' } else { 'linux' }
    $arch = if ([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
    $ExpectedRid = @("$os-$arch")
}
if ($ExpectedRid -notcontains $rid) { $failures.Add("The module loaded the $rid library; expected $($ExpectedRid -join ' or ').") }
if (-not $library.StartsWith($module.ModuleBase, [StringComparison]::OrdinalIgnoreCase)) { $failures.Add("The library $library is not in the installed module.") }
$loaded = @([Diagnostics.Process]::GetCurrentProcess().Modules | Where-Object { $_.FileName -and [string]::Equals([IO.Path]::GetFullPath($_.FileName), [IO.Path]::GetFullPath($library), [StringComparison]::OrdinalIgnoreCase) })
if ($loaded.Count -gt 0) { Write-Fact 'Loaded' 'yes, in this process''s modules' }
elseif ($OnMacOS) { Write-Fact 'Loaded' 'not listed by Process.Modules on macOS; the conversion above went through it' }
else { $failures.Add("$library is not among this process's loaded modules.") }

if ($failures.Count -gt 0) {
    foreach ($failure in $failures) { Write-Host "FAIL  $failure" -ForegroundColor Red }
    exit 1
}
Write-Host "ImmutableId installs, imports and converts in $($PSVersionTable.PSEdition) $($PSVersionTable.PSVersion) ($rid)."
exit 0
