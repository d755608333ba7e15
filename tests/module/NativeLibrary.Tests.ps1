# tools/Test-NativeLibrary.ps1 (issue 23), the check every core library passes before it is
# packaged (build.ps1 Package and Test run it on the package folder; the release workflow on
# each runner's library and on the .nupkg): the staged module's library passes, and a text
# file under a library's name, a library of another machine type, one missing an export, one
# needing a newer glibc than the README promises, a stray file and a library that is not the
# one tested are refused. It runs in a PowerShell 7 child, as build.ps1 and the workflow run it.
BeforeDiscovery {
    $script:OnLinux = [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::Linux)
}

BeforeAll {
    $script:Root = $PSScriptRoot
    while ($Root -and -not (Test-Path (Join-Path $Root 'build.ps1'))) { $script:Root = Split-Path $Root }
    $script:Tool = Join-Path $Root 'tools/Test-NativeLibrary.ps1'
    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh -and $PSVersionTable.PSEdition -eq 'Core') { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    if (-not $Pwsh) { throw 'PowerShell 7 (pwsh) is not on PATH: the tool runs in it.' }

    # The staged module's own library: this machine's RID and file.
    $staged = @(Get-ChildItem (Join-Path $Root 'out/ImmutableId/runtimes') -Recurse -File -ErrorAction SilentlyContinue)
    if ($staged.Count -ne 1) { throw 'Expected one library in out/ImmutableId/runtimes: run ./build.ps1 Build first.' }
    $script:Library = $staged[0].FullName
    $script:HostRid = Split-Path (Split-Path (Split-Path $Library)) -Leaf
    $script:Names = @{ win = 'immutableid.dll'; linux = 'libimmutableid.so'; osx = 'libimmutableid.dylib' }
    # The other architecture of this machine's OS, whose library has the same file name.
    $script:OtherRid = if ($HostRid -like '*-x64') { $HostRid -replace 'x64$', 'arm64' } else { $HostRid -replace 'arm64$', 'x64' }

    # Runs the tool; its exit code and output lines.
    function Invoke-Tool([string[]] $Arguments) {
        $output = @(& $Pwsh -NoProfile -NonInteractive -File $Tool @Arguments 2>&1 | ForEach-Object { "$_" })
        @{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
    }

    # A folder <rid>/native/<name> holding the given bytes, as -RuntimesDir and packages lay it out.
    function New-RuntimeFolder([string] $Name, [string] $Rid, [byte[]] $Bytes, [string] $File) {
        if (-not $File) { $File = $Names[$Rid.Split('-')[0]] }
        $native = Join-Path $TestDrive "$Name/$Rid/native"
        New-Item -ItemType Directory -Path $native -Force | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $native $File), $Bytes)
        Join-Path $TestDrive $Name
    }

    # The library with its machine type changed to the other architecture's, in the header of
    # its own format (PE Machine, ELF e_machine, Mach-O cputype).
    function Get-OtherMachineBytes {
        $bytes = [IO.File]::ReadAllBytes($Library)
        if ($bytes[0] -eq 0x4D) {
            $at = [BitConverter]::ToInt32($bytes, 0x3C) + 4
            $machine = if ([BitConverter]::ToUInt16($bytes, $at) -eq 0x8664) { 0xAA64 } else { 0x8664 }
            [BitConverter]::GetBytes([uint16]$machine).CopyTo($bytes, $at)
        }
        elseif ($bytes[0] -eq 0x7F) {
            $machine = if ([BitConverter]::ToUInt16($bytes, 18) -eq 62) { 183 } else { 62 }
            [BitConverter]::GetBytes([uint16]$machine).CopyTo($bytes, 18)
        }
        else {
            $machine = if ([BitConverter]::ToUInt32($bytes, 4) -eq 0x01000007) { 0x0100000C } else { 0x01000007 }
            [BitConverter]::GetBytes([uint32]$machine).CopyTo($bytes, 4)
        }
        , $bytes
    }
}

Describe 'The native library check' {
    It 'passes the staged module''s library: format, machine type, every export of the header (and glibc on Linux)' {
        $run = Invoke-Tool @('-Path', (Join-Path $Root 'out/ImmutableId'))
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match "ok\s+$HostRid "
        $run.Text | Should -Match '\d+ iid_\* exports'
    }

    It 'refuses a text file named <File> for <Rid>' -ForEach @(
        @{ Rid = 'linux-x64'; File = 'libimmutableid.so' }
        @{ Rid = 'win-x64'; File = 'immutableid.dll' }
        @{ Rid = 'osx-arm64'; File = 'libimmutableid.dylib' }
    ) {
        $folder = New-RuntimeFolder "text-$Rid" $Rid ([Text.Encoding]::ASCII.GetBytes("not a library`n"))
        $run = Invoke-Tool @('-Path', $folder)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match "FAIL\s+$Rid .*not a (PE|ELF|MachO) file"
    }

    It 'refuses a library whose header names another machine type' {
        $folder = New-RuntimeFolder 'other-machine' $HostRid (Get-OtherMachineBytes)
        $run = Invoke-Tool @('-Path', $folder)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match "FAIL\s+$HostRid .*machine type \w+, not \w+ as $HostRid needs"
    }

    It 'refuses this machine''s library offered for the other architecture' {
        $folder = New-RuntimeFolder 'wrong-rid' $OtherRid ([IO.File]::ReadAllBytes($Library))
        $run = Invoke-Tool @('-Path', $folder)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match "FAIL\s+$OtherRid .*machine type"
    }

    It 'refuses a library that lacks a function the header declares' {
        $header = Join-Path $TestDrive 'more.h'
        Set-Content -Path $header -Value ((Get-Content -Raw (Join-Path $Root 'rust-core/abi/include/immutableid.h')) + "`nvoid iid_not_exported(void);`n")
        $run = Invoke-Tool @('-Path', (Join-Path $Root 'out/ImmutableId'), '-Header', $header)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match 'missing export\(s\) the header declares: iid_not_exported'
    }

    It 'refuses a Linux library that needs a newer glibc than promised' -Skip:(-not $OnLinux) {
        $run = Invoke-Tool @('-Path', (Join-Path $Root 'out/ImmutableId'), '-MaxGlibc', '2.17')
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match 'requires GLIBC_[\d.]+, newer than the glibc 2\.17'
    }

    It 'refuses a file other than the RID''s library in its native folder' {
        $folder = New-RuntimeFolder 'stray' $HostRid ([IO.File]::ReadAllBytes($Library)) 'immutableid-old.bin'
        $run = Invoke-Tool @('-Path', $folder)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match "holds only $([regex]::Escape($Names[$HostRid.Split('-')[0]]))"
    }

    It 'refuses a library that is not the one tested, and asks for every runtime with -AllRuntimes' {
        $tested = New-RuntimeFolder 'tested' $HostRid ([IO.File]::ReadAllBytes($Library))
        $other = [IO.File]::ReadAllBytes($Library) + [byte[]](0)
        $packaged = New-RuntimeFolder 'packaged' $HostRid $other
        $run = Invoke-Tool @('-Path', $packaged, '-SameAs', $tested)
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match 'not the library that was tested'
        $same = Invoke-Tool @('-Path', $tested, '-SameAs', $tested)
        $same.ExitCode | Should -Be 0 -Because $same.Text
        $all = Invoke-Tool @('-Path', $tested, '-AllRuntimes')
        $all.ExitCode | Should -Be 1 -Because $all.Text
        $all.Text | Should -Match 'no library for'
    }
}
