# Dot-sourced by tests/module/Isolation.Tests.ps1: starts a child process with its own working
# directory and environment, leaving the test's own process untouched (a loader reads
# LD_LIBRARY_PATH once, at its start, so it has to be set for the child, not changed here).

# The pwsh to start children with: the one on PATH (the .NET global tool's shim), else this one's.
function Get-PwshPath {
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $onPath.Source } else { Join-Path $PSHOME 'pwsh' }
}

# Runs FilePath with ArgumentList; Environment entries set (or, when $null, remove) variables.
# Returns ExitCode, StdOut and StdErr; kills the child if it outlives TimeoutSeconds.
function Invoke-ChildProcess {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [string] $WorkingDirectory = (Get-Location -PSProvider FileSystem).ProviderPath,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $start.ArgumentList.Add($argument) }
    $start.WorkingDirectory = $WorkingDirectory
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) }
        else { $start.Environment[$name] = [string]$Environment[$name] }
    }
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        # Both pipes read at once, so that a child filling one does not block on it.
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "$FilePath $($ArgumentList -join ' ') did not finish in $TimeoutSeconds s"
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    } finally {
        $process.Dispose()
    }
}

# Settings that keep pwsh itself from phoning home or checking for updates.
$script:QuietPwshEnvironment = @{ POWERSHELL_TELEMETRY_OPTOUT = '1'; POWERSHELL_UPDATECHECK = 'Off' }
