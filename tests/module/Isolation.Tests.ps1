# The module is safe to run in an admin's shell (issue 9): it loads its Rust core only from
# its own folder, whatever libimmutableid.so lies around, and it opens no network connection
# and writes no file the user did not name. Every check runs in a child pwsh, so that what is
# planted around it (current directory, PATH, LD_LIBRARY_PATH) is in place when its loader starts.
# Linux only: a decoy ELF library built with gcc, /proc/<pid>/maps, strace.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $PSScriptRoot 'isolation/ChildProcess.ps1')
    $script:Pwsh = Get-PwshPath
    $script:Seed = $Vectors.guids[0]
    $script:LibraryName = 'libimmutableid.so'

    # A copy of the staged module: these tests plant files beside it and remove its library.
    function Copy-StagedModule([string] $Destination) {
        New-Item -ItemType Directory -Path (Split-Path $Destination) -Force | Out-Null
        Copy-Item -LiteralPath (Split-Path $ModuleManifest) -Destination $Destination -Recurse
        Join-Path $Destination 'ImmutableId.psd1'
    }

    # The first line of a child's output that is JSON (pwsh may print warnings before it).
    function ConvertFrom-ChildJson($Child) {
        $line = $Child.StdOut -split "`r?`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1
        if (-not $line) { throw "The child printed no report. Exit code $($Child.ExitCode). Output: $($Child.StdOut) Errors: $($Child.StdErr)" }
        $line | ConvertFrom-Json
    }
}

Describe 'Native library loading' {
    BeforeAll {
        $script:SkipReason = if (-not $IsLinux) {
            'needs Linux: the decoy is an ELF library and the check reads /proc/<pid>/maps'
        } elseif (-not (Get-Command gcc -CommandType Application -ErrorAction SilentlyContinue)) {
            'gcc is not installed (apt-get install gcc): it builds the decoy library from tests/module/decoy'
        }
        if ($SkipReason) { return }

        $script:Manifest = Copy-StagedModule (Join-Path $TestDrive 'loading/module/ImmutableId')
        $script:ModuleRoot = Split-Path $Manifest
        $script:OwnLibrary = (Get-ChildItem -LiteralPath (Join-Path $ModuleRoot 'runtimes') -Recurse -File -Filter $LibraryName | Select-Object -First 1).FullName
        $script:BrokenManifest = Copy-StagedModule (Join-Path $TestDrive 'loading/broken/ImmutableId')
        $script:BrokenRoot = Split-Path $BrokenManifest
        $script:ExpectedMissing = $OwnLibrary.Replace($ModuleRoot, $BrokenRoot)
        Remove-Item -LiteralPath $ExpectedMissing

        # The decoy says it is the module's version, so that, loaded, it would be used.
        . (Join-Path $PSScriptRoot 'isolation/DecoyLibrary.ps1')
        $script:Decoy = Join-Path $TestDrive "loading/build/$LibraryName"
        New-Item -ItemType Directory -Path (Split-Path $Decoy) -Force | Out-Null
        New-DecoyLibrary -Destination $Decoy -SourceDirectory (Join-Path $PSScriptRoot 'decoy') `
            -IncludeDirectory (Join-Path $RepoRoot 'rust-core/abi/include') `
            -Version ([Reflection.AssemblyName]::GetAssemblyName((Join-Path $ModuleRoot 'ImmutableId.dll')).Version.ToString(3))

        # Where a search by name would look: the current directory (Windows' habit, and
        # Linux's when a path list has an empty entry), PATH, LD_LIBRARY_PATH, and the
        # folder of the assembly (where .NET's DllImport probing starts).
        $script:CurrentDirectory = Join-Path $TestDrive 'loading/cwd'
        $script:OnPath = Join-Path $TestDrive 'loading/bin'
        $script:OnLibraryPath = Join-Path $TestDrive 'loading/lib'
        foreach ($directory in $CurrentDirectory, $OnPath, $OnLibraryPath, $ModuleRoot, $BrokenRoot) {
            New-Item -ItemType Directory -Path $directory -Force | Out-Null
            Copy-Item -LiteralPath $Decoy -Destination $directory
        }
        $script:Marker = Join-Path $TestDrive 'loading/decoy-loaded.txt'

        function Invoke-Probe([string] $ProbeManifest, [switch] $LoadByName) {
            $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'isolation/Probe-NativeLoad.ps1'),
                '-ModuleManifest', $ProbeManifest, '-Guid', $Seed.guid)
            if ($LoadByName) { $arguments += '-LoadByName' }
            $environment = $QuietPwshEnvironment + @{
                IID_DECOY_MARKER = $Marker
                LD_LIBRARY_PATH  = $OnLibraryPath
                PATH             = "$OnPath$([IO.Path]::PathSeparator)$env:PATH"
            }
            ConvertFrom-ChildJson (Invoke-ChildProcess -FilePath $Pwsh -ArgumentList $arguments -WorkingDirectory $CurrentDirectory -Environment $environment)
        }

        function Get-MarkerText {
            if (Test-Path -LiteralPath $Marker) { Get-Content -Raw -LiteralPath $Marker } else { '' }
        }
    }

    BeforeEach {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason }
        Remove-Item -LiteralPath $Marker -ErrorAction SilentlyContinue
    }

    It 'has a decoy within reach: loaded by name, the system search finds it and it leaves its marker' {
        $report = Invoke-Probe $Manifest -LoadByName
        $report.ErrorId | Should -BeNullOrEmpty
        $report.LoadedLibraries | Should -Be (Join-Path $OnLibraryPath $LibraryName)
        Get-MarkerText | Should -BeLike "*decoy loaded from $(Join-Path $OnLibraryPath $LibraryName) by pid $($report.ProcessId)*"
    }

    It 'has a decoy that answers wrongly: in place of the module''s own library, it is what the cmdlets use' {
        $replaced = Copy-StagedModule (Join-Path $TestDrive 'loading/replaced/ImmutableId')
        $library = $OwnLibrary.Replace($ModuleRoot, (Split-Path $replaced))
        Copy-Item -LiteralPath $Decoy -Destination $library -Force
        $report = Invoke-Probe $replaced
        $report.ImmutableId | Should -BeExactly 'DECOYDECOYDECOYDECOYDE==' -Because 'the decoy gives this for every GUID'
        $report.LoadedLibraries | Should -Contain $library
        Get-MarkerText | Should -Not -BeNullOrEmpty
    }

    It 'loads only its own library, by absolute path, with decoys in the current directory, on PATH, in LD_LIBRARY_PATH and beside the module' {
        $report = Invoke-Probe $Manifest
        # The child ran with the decoys in place.
        $report.WorkingDirectory | Should -Be $CurrentDirectory
        $report.LdLibraryPath | Should -Be $OnLibraryPath
        # (pwsh puts its own folder first on PATH as it starts.)
        $report.Path -split [IO.Path]::PathSeparator | Should -Contain $OnPath
        Test-Path -LiteralPath (Join-Path $ModuleRoot $LibraryName) | Should -BeTrue

        $report.ErrorId | Should -BeNullOrEmpty
        $report.NonTerminating | Should -BeNullOrEmpty
        $report.ImmutableId | Should -BeExactly $Seed.immutableId
        $report.LoadedLibraries | Should -Be $OwnLibrary
        Get-MarkerText | Should -BeNullOrEmpty -Because 'no decoy may be loaded, even for a moment'
    }

    It 'with its own library missing, stops with NativeLibraryNotFound naming the expected path, and still loads no decoy' {
        $report = Invoke-Probe $BrokenManifest
        $report.Imported | Should -BeTrue
        $report.ErrorId | Should -BeLike 'NativeLibraryNotFound,*' -Because 'a terminating error is what the probe''s try/catch sees'
        $report.ErrorMessage | Should -BeLike "*'$ExpectedMissing'*"
        $report.ImmutableId | Should -BeNullOrEmpty
        $report.LoadedLibraries | Should -BeNullOrEmpty
        Get-MarkerText | Should -BeNullOrEmpty
    }
}

Describe 'Network and file activity' {
    BeforeAll {
        $script:SkipReason = if (-not $IsLinux) {
            'needs Linux: the trace is taken with strace'
        } elseif (-not (Get-Command strace -CommandType Application -ErrorAction SilentlyContinue)) {
            'strace is not installed (apt-get install strace)'
        } else {
            $probe = & strace -f -o /dev/null true 2>&1
            if ($LASTEXITCODE -ne 0) { "strace cannot trace here (ptrace not permitted?): $probe" }
        }
        if ($SkipReason) { return }
        . (Join-Path $PSScriptRoot 'isolation/StraceLog.ps1')

        $script:Manifest = Copy-StagedModule (Join-Path $TestDrive 'activity/module/ImmutableId')
        $script:CsvPath = Join-Path $TestDrive 'activity/input/anchors.csv'
        New-Item -ItemType Directory -Path (Split-Path $CsvPath) -Force | Out-Null
        # Every public vector, right (Valid) and in the wrong byte order where one is given.
        $rows = foreach ($vector in $Vectors.guids) {
            [pscustomobject]@{ UserPrincipalName = "$($vector.guid)@contoso.com"; ImmutableId = $vector.immutableId; ObjectGUID = $vector.guid }
            if ($vector.ContainsKey('neverBigEndian')) {
                [pscustomobject]@{ UserPrincipalName = "swapped-$($vector.guid)@contoso.com"; ImmutableId = $vector.neverBigEndian; ObjectGUID = $vector.guid }
            }
        }
        $rows | Export-Csv -LiteralPath $CsvPath -NoTypeInformation -Encoding utf8NoBOM
        $script:CsvRows = @($rows)

        # Each child starts from empty pwsh caches of its own, so that neither inherits the
        # other's (nor this machine's) state, and what pwsh writes for itself is alike in both.
        function Invoke-TracedChild([string] $Name, [string] $Script, [string[]] $MoreArguments = @()) {
            $root = Join-Path $TestDrive "activity/$Name"
            foreach ($directory in 'cache', 'data', 'config', 'trace') { New-Item -ItemType Directory -Path (Join-Path $root $directory) -Force | Out-Null }
            $report = Join-Path $root 'report.json'
            $arguments = @(Get-StraceArgument -OutputPrefix (Join-Path $root 'trace/t')) + @(
                '--', $Pwsh, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot "isolation/$Script"),
                '-ModuleManifest', $Manifest, '-CsvPath', $CsvPath, '-ReportPath', $report) + $MoreArguments
            $environment = $QuietPwshEnvironment + @{
                XDG_CACHE_HOME  = Join-Path $root 'cache'
                XDG_DATA_HOME   = Join-Path $root 'data'
                XDG_CONFIG_HOME = Join-Path $root 'config'
            }
            $child = Invoke-ChildProcess -FilePath 'strace' -ArgumentList $arguments -WorkingDirectory $root -Environment $environment
            if ($child.ExitCode -ne 0) { throw "The traced $Name child failed ($($child.ExitCode)): $($child.StdOut) $($child.StdErr)" }
            [pscustomobject]@{
                Root       = $root
                Report     = Get-Content -Raw -LiteralPath $report | ConvertFrom-Json
                ReportPath = $report
                Events     = @(Read-StraceLog -OutputPrefix (Join-Path $root 'trace/t') -ChildRoot $root)
            }
        }

        $script:Baseline = Invoke-TracedChild 'baseline' 'Invoke-EveryCmdlet.ps1' '-ImportOnly'
        $script:Exercise = Invoke-TracedChild 'exercise' 'Invoke-EveryCmdlet.ps1'
    }

    BeforeEach {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason }
    }

    It 'catches what the module must not do: a control child that writes, connects and starts a program is caught on each' {
        $stray = Join-Path $TestDrive 'activity/stray.txt'
        $control = Invoke-TracedChild 'control' 'Invoke-Misbehaving.ps1' '-StrayPath', $stray
        $control.Report.Imported | Should -BeTrue
        $writes = Compare-StraceEvent -Kind Write -Run $control.Events -Baseline $Baseline.Events -Except $control.ReportPath
        ($writes -join "`n") | Should -Match ([regex]::Escape((Get-StraceKey $stray $control.Root)))
        $network = Compare-StraceEvent -Kind Network -Run $control.Events -Baseline $Baseline.Events -CountEach
        ($network -join "`n") | Should -Match 'connect\(.*192\.0\.2\.1'
        $started = Compare-StraceEvent -Kind Exec -Run $control.Events -Baseline $Baseline.Events
        ($started -join "`n") | Should -Match '/bin/true|/usr/bin/true'
    }

    It 'traced real work: every cmdlet gave its right answers, and the CSV was read' {
        $Baseline.Report.Imported | Should -BeTrue
        $report = $Exercise.Report
        $report.ToImmutableId | Should -BeExactly (@($Seed.immutableId) * 4)
        $report.FromImmutableId | Should -BeExactly @(
            $Seed.guid, $Seed.hex, $Seed.ldapFilter, $Seed.distinguishedName, $Seed.immutableId, $Seed.hex)
        $report.CloudAnchor[0] | Should -BeExactly $Vectors.cloudAnchors[0].decoded
        $report.CloudAnchor[1] | Should -BeExactly $Vectors.cloudAnchors[0].cloudAnchor
        $report.Completions | Should -Contain 'User'
        $report.CsvStatuses.Count | Should -Be $CsvRows.Count
        $report.CsvSummary.Total | Should -Be $CsvRows.Count
        $report.CsvSummary.Valid | Should -Be $Vectors.guids.Count
        $report.CsvQuiet | Should -BeFalse
        $report.Errors | Should -Be @('AmbiguousHex', 'EmbeddedWhiteSpace', 'InvalidCloudAnchor', 'FileNotFound')
        # The trace followed the process that did the work: the module read the CSV.
        $Exercise.Events | Where-Object { $_.Kind -eq 'Read' -and $_.Path -eq $CsvPath } | Should -Not -BeNullOrEmpty
    }

    It 'opens no IPv4 or IPv6 socket and connects nowhere, beyond what pwsh does by itself' {
        $added = Compare-StraceEvent -Kind Network -Run $Exercise.Events -Baseline $Baseline.Events -CountEach
        $added | Should -BeNullOrEmpty -Because "these network calls come only from the run that used the module:`n$($added -join "`n")"
    }

    It 'writes no file but the one it was told to, and starts no program, beyond what pwsh does by itself' {
        $named = @($Exercise.ReportPath)
        $added = Compare-StraceEvent -Kind Write -Run $Exercise.Events -Baseline $Baseline.Events -Except $named
        $added | Should -BeNullOrEmpty -Because "these writes come only from the run that used the module:`n$($added -join "`n")"
        $started = Compare-StraceEvent -Kind Exec -Run $Exercise.Events -Baseline $Baseline.Events
        $started | Should -BeNullOrEmpty -Because "$($started -join "`n")"
    }
}

# Static, and so beside the trace: what the core could call at all.
Describe 'The core''s imports' {
    It 'has a core that imports no socket, name-resolution or file-changing function from libc' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'needs Linux: reads the ELF library''s imports with nm' }
        if (-not (Get-Command nm -CommandType Application -ErrorAction SilentlyContinue)) {
            Set-ItResult -Skipped -Because 'nm is not installed (apt-get install binutils)'
        }
        $library = Get-ChildItem -LiteralPath (Join-Path (Split-Path $ModuleManifest) 'runtimes') -Recurse -File -Filter $LibraryName | Select-Object -First 1
        $imports = & nm -D --undefined-only $library.FullName | ForEach-Object { (($_ -split '\s+')[-1] -split '@')[0] }
        $imports | Should -Not -BeNullOrEmpty -Because 'nm lists what the library imports'
        $forbidden = 'socket', 'connect', 'bind', 'sendto', 'sendmsg', 'getaddrinfo', 'gethostbyname',
            'creat', 'creat64', 'fopen', 'fopen64', 'rename', 'renameat', 'unlink', 'unlinkat', 'mkdir', 'mkdirat', 'rmdir',
            'truncate', 'ftruncate', 'ftruncate64', 'link', 'symlink', 'chmod', 'fork', 'vfork', 'execve', 'posix_spawn', 'system', 'popen', 'dlopen'
        $imports | Where-Object { $_ -in $forbidden } | Should -BeNullOrEmpty
    }
}
