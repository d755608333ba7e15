#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Authenticode-signs the assembled package folder: the managed ImmutableId.dll, the Windows
    cores (runtimes/win-*/native/immutableid.dll), the manifest and the types and format files.
.DESCRIPTION
    The release workflow runs this on Windows between ./build.ps1 Assemble and Pack, when the
    signing secrets are configured; without them it skips signing and says so. The certificate
    comes from the environment, never the command line:
      AUTHENTICODE_PFX_BASE64    the code-signing certificate with its private key, a .pfx in Base64
      AUTHENTICODE_PFX_PASSWORD  its password
      AUTHENTICODE_TIMESTAMP_URL an RFC 3161 timestamp server (a signature then outlives the
                                 certificate)
    Every file must read back Valid from Get-AuthenticodeSignature, or this fails.
.PARAMETER Folder
    The assembled package folder (out/package/ImmutableId/<version>).
.EXAMPLE
    pwsh -NoProfile -File tools/Add-PackageSignature.ps1 -Folder out/package/ImmutableId/0.2.0
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [string] $Folder)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) { throw 'Authenticode signing runs on Windows (Set-AuthenticodeSignature).' }
foreach ($name in 'AUTHENTICODE_PFX_BASE64', 'AUTHENTICODE_PFX_PASSWORD', 'AUTHENTICODE_TIMESTAMP_URL') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set." }
}
$Folder = (Resolve-Path $Folder).Path
$files = @(
    Get-ChildItem $Folder -File | Where-Object { $_.Extension -in '.dll', '.psd1', '.ps1xml' }
    Get-ChildItem (Join-Path $Folder 'runtimes') -Recurse -File -Filter 'immutableid.dll' | Where-Object { $_.FullName -match '[\\/]win-[^\\/]+[\\/]native[\\/]' }
)
if ($files.Count -lt 4) { throw "Expected the module DLL, manifest, types and format files and the Windows cores in $Folder; found $($files.Count) file(s)." }

$password = ConvertTo-SecureString $env:AUTHENTICODE_PFX_PASSWORD -AsPlainText -Force
$pfx = Join-Path ([IO.Path]::GetTempPath()) "$([guid]::NewGuid().ToString('N')).pfx"
try {
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:AUTHENTICODE_PFX_BASE64))
    $certificate = Get-PfxCertificate -FilePath $pfx -Password $password
    if (-not $certificate.HasPrivateKey) { throw 'The certificate in AUTHENTICODE_PFX_BASE64 has no private key.' }
    Write-Host "Signing with $($certificate.Subject) ($($certificate.Thumbprint)), timestamped by $env:AUTHENTICODE_TIMESTAMP_URL"
    $signed = Set-AuthenticodeSignature -FilePath $files.FullName -Certificate $certificate -TimestampServer $env:AUTHENTICODE_TIMESTAMP_URL -HashAlgorithm SHA256
    $bad = @($signed | Where-Object Status -ne 'Valid')
    foreach ($item in $signed) { Write-Host ('{0,-10} {1}' -f $item.Status, $item.Path) }
    if ($bad.Count -gt 0) { throw "$($bad.Count) file(s) did not sign Valid: $($bad.Path -join ', ')" }
    foreach ($file in $files) {
        $status = (Get-AuthenticodeSignature -FilePath $file.FullName).Status
        if ($status -ne 'Valid') { throw "$($file.FullName) reads back $status." }
    }
}
finally {
    Remove-Item $pfx -Force -ErrorAction SilentlyContinue
}
Write-Host "Signed $($files.Count) files in $Folder."
