#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The version a release tag names, refused unless it is the module manifest's.
.DESCRIPTION
    A release tag is 'v' + the manifest's ModuleVersion (v0.2.0), optionally followed by a
    prerelease label of letters and digits, as PowerShellGet and the PowerShell Gallery take
    it (v0.2.0-rc1). Anything else fails, naming the manifest's version, so that no package is
    published under a version its manifest does not carry.

    Writes Version=, Prerelease= (empty for a release) and PackageVersion= (0.2.0 or
    0.2.0-rc1) lines; under GitHub Actions also to $env:GITHUB_OUTPUT as version,
    prerelease and package-version. build.ps1 Package -Prerelease writes the label into the
    packaged manifest.
.PARAMETER Tag
    The tag: v0.2.0, v0.2.0-rc1, or refs/tags/v0.2.0.
.PARAMETER Manifest
    The module manifest. Default: pwsh-module/ImmutableId.psd1.
.EXAMPLE
    pwsh -NoProfile -File tools/Get-ReleaseVersion.ps1 -Tag v0.2.0-rc1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Tag,
    [string] $Manifest = (Join-Path (Split-Path -Parent $PSScriptRoot) 'pwsh-module/ImmutableId.psd1')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$version = (Import-PowerShellDataFile $Manifest).ModuleVersion
$name = $Tag -replace '^refs/tags/', ''
if ($name -notmatch '^v(?<version>\d+\.\d+\.\d+)(-(?<prerelease>[0-9A-Za-z]+))?$') {
    Write-Host "The tag '$name' is not a release tag: v$version, or v$version-<label> for a prerelease (the label letters and digits only, as PowerShellGet takes it)." -ForegroundColor Red
    exit 1
}
if ($Matches['version'] -ne $version) {
    Write-Host "The tag '$name' names version $($Matches['version']), but $Manifest's ModuleVersion is ${version}: tag v$version (or v$version-<label>), or change the version first." -ForegroundColor Red
    exit 1
}
$prerelease = if ($Matches.ContainsKey('prerelease')) { $Matches['prerelease'] } else { '' }
$package = if ($prerelease) { "$version-$prerelease" } else { $version }
$lines = @("Version=$version", "Prerelease=$prerelease", "PackageVersion=$package")
$lines | ForEach-Object { Write-Output $_ }
if ($env:GITHUB_OUTPUT) {
    Add-Content -Path $env:GITHUB_OUTPUT -Value @("version=$version", "prerelease=$prerelease", "package-version=$package")
}
exit 0
