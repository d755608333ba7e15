#requires -Version 7.4
<#
.SYNOPSIS
    Child script of tests/module/Isolation.Tests.ps1: in a fresh pwsh started with a decoy
    libimmutableid.so planted around it, converts one GUID with the module and reports,
    as one line of JSON, the answer (or the error) and every libimmutableid.so this
    process has mapped, read from /proc/<pid>/maps from inside the process.
    With -LoadByName it instead loads 'libimmutableid.so' by name, as a module that used
    the system's search order would: the control that shows the decoy is in reach.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [guid] $Guid,
    [switch] $LoadByName
)

# Errors are caught and reported; a terminating error is the only kind try/catch sees.
$ErrorActionPreference = 'Continue'
$report = [ordered]@{
    ProcessId          = $PID
    WorkingDirectory   = [Environment]::CurrentDirectory
    LdLibraryPath      = $env:LD_LIBRARY_PATH
    Path               = $env:PATH
    Imported           = $false
    ImmutableId        = $null
    ErrorId            = $null
    ErrorMessage       = $null
    NonTerminating     = @()
    LoadedLibraries    = @()
}

try {
    if ($LoadByName) {
        $null = [System.Runtime.InteropServices.NativeLibrary]::Load('libimmutableid.so')
    } else {
        Import-Module $ModuleManifest -ErrorAction Stop
        $report.Imported = $true
        $records = @($Guid | ConvertTo-ImmutableId 2>&1)
        $report.ImmutableId = @($records | Where-Object { $_ -is [string] })
        $report.NonTerminating = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.FullyQualifiedErrorId })
    }
} catch {
    $report.ErrorId = $_.FullyQualifiedErrorId
    $report.ErrorMessage = $_.Exception.Message
}

# /proc/<pid>/maps: address perms offset dev inode path; one line per mapped range.
$report.LoadedLibraries = @(
    Get-Content -LiteralPath "/proc/$PID/maps" |
        ForEach-Object { ($_ -split '\s+', 6)[5] } |
        Where-Object { $_ -and [IO.Path]::GetFileName(($_ -replace ' \(deleted\)$', '')) -eq 'libimmutableid.so' } |
        Sort-Object -Unique
)

$report | ConvertTo-Json -Compress -Depth 3
