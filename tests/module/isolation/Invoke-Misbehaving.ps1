#requires -Version 7.4
<#
.SYNOPSIS
    Child script of tests/module/Isolation.Tests.ps1, the control for the trace: does what the
    module must never do (writes a file nobody named, connects a UDP socket to a
    documentation address, starts a program), so that the test shows the comparison with
    the baseline catches each. Same parameters as Invoke-EveryCmdlet.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $ReportPath,
    [Parameter(Mandatory)] [string] $StrayPath
)

$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$report = [ordered]@{ Imported = [bool](Get-Module ImmutableId) }

[IO.File]::WriteAllText($StrayPath, 'nobody asked for this file')
# A UDP connect sends nothing; 192.0.2.1 is TEST-NET-1 (RFC 5737), reachable by no one.
$udp = [System.Net.Sockets.UdpClient]::new()
try { $udp.Connect('192.0.2.1', 9) } finally { $udp.Dispose() }
& /bin/true

$report | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ReportPath -Encoding utf8NoBOM
