#requires -Version 7.4
<#
.SYNOPSIS
    Child script of tests/module/Isolation.Tests.ps1, run under strace: imports the module and
    calls every cmdlet (conversions, Test-ImmutableId on a CSV, -Summary, -Quiet, results,
    errors, the argument completer), then writes what it got to -ReportPath, the one file
    it may write. With -ImportOnly it imports the module and writes the report, nothing
    else: the baseline whose file and network activity is pwsh's own.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $ReportPath,
    [switch] $ImportOnly
)

$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
$report = [ordered]@{ Imported = [bool](Get-Module ImmutableId) }

if (-not $ImportOnly) {
    $seedGuid = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $seedId = 'K81Lh40UykezCZHfZPBb9Q=='
    $anchor = 'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA=='

    # Conversions, each way and in each form.
    $report.ToImmutableId = @(
        $seedGuid | ConvertTo-ImmutableId
        ConvertTo-ImmutableId -ObjectGuid $seedGuid.ToByteArray()
        '2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5' | ConvertTo-ImmutableId -InputFormat Hex
        ($seedGuid | ConvertTo-ImmutableId -Detailed).ImmutableId
    )
    $report.FromImmutableId = @(
        "$($seedId | ConvertFrom-ImmutableId)"
        $seedId | ConvertFrom-ImmutableId -Format Hex
        $seedId | ConvertFrom-ImmutableId -Format LdapFilter
        $seedId | ConvertFrom-ImmutableId -Format DistinguishedName
        [Convert]::ToBase64String(($seedId | ConvertFrom-ImmutableId -Format Bytes))
        ($seedId | ConvertFrom-ImmutableId -Detailed).Hex
    )
    $report.CloudAnchor = @(
        $anchor | ConvertFrom-CloudAnchor
        'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType User
        ($anchor | ConvertFrom-CloudAnchor -Detailed).DistinguishedName
    )
    $line = 'ConvertTo-CloudAnchor -ObjectType '
    $report.Completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)

    # Validation: values, a CSV file (results, -Summary, -Quiet), and -LiteralPath.
    $values = @($seedId, 'h0vNKxSNR8qzCZHfZPBb9Q==', 'AAAA', $seedId, '')
    $report.Statuses = @((Test-ImmutableId $values).Status | ForEach-Object { "$_" })
    $report.ValueSummary = Test-ImmutableId $values -Summary | Select-Object Total, Valid, Warning, Invalid, NoAnchor
    $report.CsvStatuses = @((Test-ImmutableId -Path $CsvPath).Status | ForEach-Object { "$_" })
    $report.CsvSummary = Test-ImmutableId -LiteralPath $CsvPath -Summary | Select-Object Total, Valid, Warning, Invalid, NoAnchor
    $report.CsvQuiet = Test-ImmutableId -Path $CsvPath -Quiet

    # Errors: non-terminating per value, terminating for a file that is not there.
    $errors = @(
        '874bcd2b148d47cab30991df64f05bf5' | ConvertTo-ImmutableId -ErrorAction Continue 2>&1
        'not an anchor!' | ConvertFrom-ImmutableId -ErrorAction Continue 2>&1
        'nonsense' | ConvertFrom-CloudAnchor -ErrorAction Continue 2>&1
        try { Test-ImmutableId -LiteralPath (Join-Path (Split-Path $CsvPath) 'no-such-file.csv') } catch { $_ }
    )
    $report.Errors = @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
}

$report | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ReportPath -Encoding utf8NoBOM
