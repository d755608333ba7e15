# Dot-sourced by tests/module/Isolation.Tests.ps1: runs a command under strace and turns the log
# into events (files written or read, programs started, IPv4/IPv6 network calls), each with
# a key that is alike from one run to the next (process ids and random names masked), so
# that a run can be compared with a baseline run of pwsh alone.

# Syscalls that change a file or directory named by path. glibc calls the *at forms;
# the others are here for completeness.
$script:WriteSyscalls = @(
    'creat', 'truncate', 'truncate64', 'mknod', 'mknodat', 'mkdir', 'mkdirat', 'rmdir',
    'unlink', 'unlinkat', 'rename', 'renameat', 'renameat2', 'link', 'linkat', 'symlink', 'symlinkat',
    'chmod', 'fchmodat', 'fchmodat2', 'chown', 'lchown', 'fchownat', 'utime', 'utimes', 'utimensat', 'futimesat',
    'setxattr', 'lsetxattr', 'removexattr', 'lremovexattr'
)
$script:OpenSyscalls = @('open', 'openat', 'openat2')
$script:ExecSyscalls = @('execve', 'execveat')

# Arguments for strace: follow every thread and child process, one log file per thread
# (no interleaved, split lines), full strings, file descriptors shown with their paths and
# socket addresses (-yy), and the network calls and every call that names a file.
function Get-StraceArgument([Parameter(Mandatory)] [string] $OutputPrefix) {
    '-f', '-ff', '-qq', '-s', '4096', '-yy', '-e', 'signal=none', '-e', 'trace=network,file', '-o', $OutputPrefix
}

# The path strings of a call's arguments, made absolute with the directory strace shows for
# a preceding directory descriptor (AT_FDCWD</cwd> or 5</dir>).
function Get-StracePath([string] $Arguments) {
    $pattern = '(?:(?:AT_FDCWD|\d+)<(?<dir>[^>]*)>,\s*)?"(?<path>(?:[^"\\]|\\.)*)"'
    foreach ($match in [regex]::Matches($Arguments, $pattern)) {
        $path = $match.Groups['path'].Value -replace '\\(["\\])', '$1'
        $directory = $match.Groups['dir'].Value
        if (-not $path.StartsWith('/') -and $directory) { $path = "$($directory.TrimEnd('/'))/$path" }
        $path
    }
}

# Masks what differs between two runs of the same program: the child's own folder, process
# and thread ids, socket inodes, and random hexadecimal names.
function Get-StraceKey([string] $Text, [string] $ChildRoot) {
    if ($ChildRoot) { $Text = $Text.Replace($ChildRoot, '<child>') }
    $Text = [regex]::Replace($Text, '[0-9A-Fa-f]{8,}', 'H')
    [regex]::Replace($Text, '\d+', 'N')
}

# The events in the log files OutputPrefix.<thread id>. Kind is Write, Read, Exec or Network.
function Read-StraceLog([Parameter(Mandatory)] [string] $OutputPrefix, [string] $ChildRoot) {
    $files = Get-ChildItem -LiteralPath (Split-Path $OutputPrefix) -File | Where-Object { $_.Name -like "$(Split-Path -Leaf $OutputPrefix)*" }
    foreach ($line in (Get-Content -LiteralPath $files.FullName)) {
        $call = [regex]::Match($line, '^(?<syscall>\w+)\((?<arguments>.*)$')
        if (-not $call.Success) { continue }
        $syscall = $call.Groups['syscall'].Value
        $arguments = $call.Groups['arguments'].Value
        # The result (after the last ' = ') is not part of the arguments.
        $end = $arguments.LastIndexOf(') = ')
        if ($end -ge 0) { $arguments = $arguments.Substring(0, $end) }

        $kind = $null
        $paths = @()
        if ($syscall -in $OpenSyscalls) {
            $paths = @(Get-StracePath $arguments | Select-Object -First 1)
            $kind = if ($arguments -match '\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b') { 'Write' } else { 'Read' }
        } elseif ($syscall -in $WriteSyscalls) {
            $paths = @(Get-StracePath $arguments)
            $kind = 'Write'
        } elseif ($syscall -in $ExecSyscalls) {
            $paths = @(Get-StracePath $arguments | Select-Object -First 1)
            $kind = 'Exec'
        } elseif ($arguments -match 'sun_path="(?<socket>/[^"]*)"' -and $syscall -eq 'bind') {
            # Binding a Unix socket to a path creates a file there.
            $paths = @($Matches['socket'])
            $kind = 'Write'
        } elseif ($arguments -match '\bAF_INET6?\b|<(TCP|UDP|TCPv6|UDPv6):') {
            $kind = 'Network'
        }
        if (-not $kind) { continue }
        if ($kind -eq 'Network') {
            [pscustomobject]@{ Kind = $kind; Syscall = $syscall; Path = $null; Key = Get-StraceKey "$syscall($arguments)" $ChildRoot; Line = $line }
            continue
        }
        foreach ($path in $paths) {
            [pscustomobject]@{ Kind = $kind; Syscall = $syscall; Path = $path; Key = Get-StraceKey $path $ChildRoot; Line = $line }
        }
    }
}

# The events of one kind that the run has and the baseline has not, as text. By default
# compares the sets of keys; with -CountEach, also how many times each key occurs. Events on
# a path in -Except (files the test named) are the user's and left out.
function Compare-StraceEvent {
    param(
        [Parameter(Mandatory)] [string] $Kind,
        [object[]] $Run = @(),
        [object[]] $Baseline = @(),
        [string[]] $Except = @(),
        [switch] $CountEach
    )
    $ours = @($Run | Where-Object { $_.Kind -eq $Kind -and $_.Path -notin $Except })
    $theirs = @($Baseline | Where-Object { $_.Kind -eq $Kind })
    $baselineCounts = @{}
    foreach ($event in $theirs) { $baselineCounts[$event.Key] = 1 + [int]$baselineCounts[$event.Key] }
    foreach ($group in ($ours | Group-Object Key)) {
        $allowed = [int]$baselineCounts[$group.Name]
        $extra = if ($CountEach) { $group.Count - $allowed } elseif ($allowed -eq 0) { $group.Count } else { 0 }
        if ($extra -gt 0) { "$extra x $($group.Name)   e.g. $($group.Group[0].Line)" }
    }
}
