#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Checks each native core library before it is packaged: its file format and machine type are
    its runtime identifier's, it exports every function of the C header, and on Linux it needs
    no newer glibc than the README promises.
.DESCRIPTION
    Reads the file's own headers (nothing is loaded, so any platform checks any library):
      win-*    a PE32+ DLL (MZ, PE, IMAGE_FILE_DLL) for machine AMD64 (x64) or ARM64; the
               export directory's names.
      linux-*  an ELF64 little-endian shared object (ET_DYN) for EM_X86_64 or EM_AARCH64; the
               defined global functions of .dynsym; the GLIBC_x.y versions .gnu.version_r
               requires, the highest of which must be at most the README's "glibc X.Y+".
      osx-*    a 64-bit Mach-O dylib (MH_DYLIB) for CPU_TYPE_X86_64 or CPU_TYPE_ARM64 (a
               universal binary is refused); the external symbols of LC_SYMTAB and the
               export trie.
    Every iid_* function that rust-core/abi/include/immutableid.h declares must be exported.

    -Path takes library files (with -Rid), folders, or .nupkg files. In a folder or package
    every runtimes/<rid>/native/ or <rid>/native/ folder is checked, and must hold exactly its
    RID's file (immutableid.dll, libimmutableid.so or libimmutableid.dylib). With -SameAs,
    each library must also be byte for byte the one of its RID there: the package holds the
    libraries that were tested. Exit code 0 when every library passes, 1 otherwise.
.PARAMETER Path
    Library files, folders or .nupkg files.
.PARAMETER Rid
    The runtime identifier of a library file given directly.
.PARAMETER AllRuntimes
    Every runtime the module loads must be there (win-x64, win-arm64, linux-x64, linux-arm64,
    osx-x64, osx-arm64).
.PARAMETER SameAs
    A folder of the libraries that were tested (<rid>/native/<file> or runtimes/<rid>/native/<file>).
.PARAMETER Header
    The C header that names the exports. Default: rust-core/abi/include/immutableid.h.
.PARAMETER MaxGlibc
    The highest GLIBC_ version a Linux library may require. Default: the README's "glibc X.Y+".
.EXAMPLE
    pwsh -NoProfile -File tools/Test-NativeLibrary.ps1 -Path out/ImmutableId
.EXAMPLE
    pwsh -NoProfile -File tools/Test-NativeLibrary.ps1 -Path out/package/ImmutableId.0.2.0.nupkg -AllRuntimes -SameAs prebuilt
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string[]] $Path,
    [ValidateSet('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')]
    [string] $Rid,
    [switch] $AllRuntimes,
    [string] $SameAs,
    [string] $Header,
    [string] $MaxGlibc
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot
if (-not $Header) { $Header = Join-Path $Root 'rust-core/abi/include/immutableid.h' }

# What each runtime identifier's library is: its file name, format and machine.
$Runtimes = [ordered]@{
    'win-x64'     = @{ File = 'immutableid.dll'; Format = 'PE'; Machine = 0x8664; MachineName = 'AMD64' }
    'win-arm64'   = @{ File = 'immutableid.dll'; Format = 'PE'; Machine = 0xAA64; MachineName = 'ARM64' }
    'linux-x64'   = @{ File = 'libimmutableid.so'; Format = 'ELF'; Machine = 62; MachineName = 'EM_X86_64' }
    'linux-arm64' = @{ File = 'libimmutableid.so'; Format = 'ELF'; Machine = 183; MachineName = 'EM_AARCH64' }
    'osx-x64'     = @{ File = 'libimmutableid.dylib'; Format = 'MachO'; Machine = 0x01000007; MachineName = 'CPU_TYPE_X86_64' }
    'osx-arm64'   = @{ File = 'libimmutableid.dylib'; Format = 'MachO'; Machine = 0x0100000C; MachineName = 'CPU_TYPE_ARM64' }
}

# Every function the header declares.
$Expected = @([regex]::Matches((Get-Content -Raw $Header), '\b(iid_\w+)\s*\(') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
if ($Expected.Count -eq 0) { throw "$Header declares no iid_ function." }

if (-not $MaxGlibc) {
    $readme = Get-Content -Raw (Join-Path $Root 'README.md')
    if ($readme -notmatch 'glibc (\d+\.\d+)\+') { throw 'README.md promises no "glibc X.Y+": give -MaxGlibc.' }
    $MaxGlibc = $Matches[1]
}

#region Reading the headers

function Read-U16([byte[]] $B, [long] $At) { if ($At + 2 -gt $B.Length) { throw "truncated at offset $At" }; [BitConverter]::ToUInt16($B, $At) }
function Read-U32([byte[]] $B, [long] $At) { if ($At + 4 -gt $B.Length) { throw "truncated at offset $At" }; [BitConverter]::ToUInt32($B, $At) }
function Read-U64([byte[]] $B, [long] $At) { if ($At + 8 -gt $B.Length) { throw "truncated at offset $At" }; [BitConverter]::ToUInt64($B, $At) }
function Read-CString([byte[]] $B, [long] $At) {
    if ($At -lt 0 -or $At -ge $B.Length) { throw "string offset $At outside the file" }
    $end = [Array]::IndexOf($B, [byte]0, [int]$At)
    if ($end -lt 0) { throw "unterminated string at offset $At" }
    [Text.Encoding]::ASCII.GetString($B, [int]$At, $end - [int]$At)
}
function Read-Uleb([byte[]] $B, [ref] $At) {
    [uint64] $value = 0; $shift = 0
    do {
        $byte = $B[$At.Value]; $At.Value++
        $value = $value -bor ([uint64]($byte -band 0x7F) -shl $shift); $shift += 7
    } while ($byte -band 0x80)
    $value
}

# The format of a file from its first bytes: PE, ELF, MachO, MachOFat or $null.
function Get-Format([byte[]] $B) {
    if ($B.Length -ge 2 -and $B[0] -eq 0x4D -and $B[1] -eq 0x5A) { return 'PE' }
    if ($B.Length -ge 4 -and $B[0] -eq 0x7F -and $B[1] -eq 0x45 -and $B[2] -eq 0x4C -and $B[3] -eq 0x46) { return 'ELF' }
    if ($B.Length -ge 4 -and $B[0] -eq 0xCF -and $B[1] -eq 0xFA -and $B[2] -eq 0xED -and $B[3] -eq 0xFE) { return 'MachO' }
    if ($B.Length -ge 4 -and (($B[0] -eq 0xCA -and $B[1] -eq 0xFE -and $B[2] -eq 0xBA -and $B[3] -eq 0xBE) -or ($B[0] -eq 0xBE -and $B[1] -eq 0xBA -and $B[2] -eq 0xFE -and $B[3] -eq 0xCA))) { return 'MachOFat' }
    $null
}

# PE: machine, whether it is a DLL, and the export directory's names.
function Read-PE([byte[]] $B) {
    $pe = Read-U32 $B 0x3C
    if ((Read-U32 $B $pe) -ne 0x4550) { throw 'no PE signature' }
    $coff = $pe + 4
    $machine = Read-U16 $B $coff
    $sections = Read-U16 $B ($coff + 2)
    $optionalSize = Read-U16 $B ($coff + 16)
    $characteristics = Read-U16 $B ($coff + 18)
    $optional = $coff + 20
    if ((Read-U16 $B $optional) -ne 0x20B) { throw 'not PE32+ (64-bit)' }
    $exportRva = Read-U32 $B ($optional + 112)
    $table = $optional + $optionalSize
    $toOffset = {
        param([uint32] $Rva)
        for ($s = 0; $s -lt $sections; $s++) {
            $at = $table + 40 * $s
            $virtual = Read-U32 $B ($at + 12); $size = [Math]::Max((Read-U32 $B ($at + 8)), (Read-U32 $B ($at + 16)))
            if ($Rva -ge $virtual -and $Rva -lt $virtual + $size) { return [long]($Rva - $virtual + (Read-U32 $B ($at + 20))) }
        }
        throw "RVA $Rva is in no section"
    }
    $names = @()
    if ($exportRva -ne 0) {
        $directory = & $toOffset $exportRva
        $count = Read-U32 $B ($directory + 24)
        $namesAt = & $toOffset (Read-U32 $B ($directory + 32))
        $names = @(for ($i = 0; $i -lt $count; $i++) { Read-CString $B (& $toOffset (Read-U32 $B ($namesAt + 4 * $i))) })
    }
    @{ Machine = [int]$machine; Kind = $(if ($characteristics -band 0x2000) { 'DLL' } else { 'not a DLL (IMAGE_FILE_DLL unset)' }); Exports = $names; Glibc = @() }
}

# ELF: machine, type, the defined global functions of .dynsym, the GLIBC_ versions needed.
function Read-ELF([byte[]] $B) {
    if ($B[4] -ne 2) { throw 'not ELF64' }
    if ($B[5] -ne 1) { throw 'not little-endian' }
    $type = Read-U16 $B 16
    $machine = Read-U16 $B 18
    $sectionsAt = Read-U64 $B 0x28
    $entrySize = Read-U16 $B 0x3A
    $count = Read-U16 $B 0x3C
    if ($sectionsAt -eq 0 -or $count -eq 0) { throw 'no section headers' }
    $section = { param([int] $Index) $at = [long]$sectionsAt + $Index * $entrySize; @{ Type = Read-U32 $B ($at + 4); Offset = [long](Read-U64 $B ($at + 0x18)); Size = [long](Read-U64 $B ($at + 0x20)); Link = Read-U32 $B ($at + 0x28); EntrySize = [long](Read-U64 $B ($at + 0x38)) } }
    $exports = [System.Collections.Generic.List[string]]::new()
    $glibc = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $count; $i++) {
        $s = & $section $i
        if ($s.Type -eq 11) {
            # SHT_DYNSYM: st_name, st_info, st_other, st_shndx, st_value, st_size (24 bytes).
            $strings = (& $section $s.Link).Offset
            for ($at = $s.Offset + 24; $at -lt $s.Offset + $s.Size; $at += 24) {
                $info = $B[$at + 4]; $shndx = Read-U16 $B ($at + 6)
                $binding = $info -shr 4; $symbolType = $info -band 0xF
                if ($shndx -ne 0 -and $binding -in 1, 2 -and $symbolType -eq 2 -and ($B[$at + 5] -band 3) -eq 0) {
                    $exports.Add((Read-CString $B ($strings + (Read-U32 $B $at))))
                }
            }
        }
        elseif ($s.Type -eq 0x6FFFFFFE) {
            # SHT_GNU_verneed: Verneed entries, each with its Vernaux list of version names.
            $strings = (& $section $s.Link).Offset
            $need = $s.Offset
            while ($true) {
                $auxCount = Read-U16 $B ($need + 2)
                $aux = $need + (Read-U32 $B ($need + 8))
                for ($a = 0; $a -lt $auxCount; $a++) {
                    $name = Read-CString $B ($strings + (Read-U32 $B ($aux + 8)))
                    if ($name -like 'GLIBC_*') { $glibc.Add($name) }
                    $aux += Read-U32 $B ($aux + 12)
                }
                $next = Read-U32 $B ($need + 12)
                if ($next -eq 0) { break }
                $need += $next
            }
        }
    }
    @{ Machine = [int]$machine; Kind = $(if ($type -eq 3) { 'DLL' } else { "not a shared object (e_type $type)" }); Exports = @($exports); Glibc = @($glibc) }
}

# Mach-O (64-bit): CPU type, file type, external symbols of LC_SYMTAB and the export trie.
function Read-MachO([byte[]] $B) {
    $cpu = Read-U32 $B 4
    $fileType = Read-U32 $B 12
    $commands = Read-U32 $B 16
    $names = [System.Collections.Generic.HashSet[string]]::new()
    $at = 32
    for ($c = 0; $c -lt $commands; $c++) {
        $command = Read-U32 $B $at
        $size = Read-U32 $B ($at + 4)
        if ($size -lt 8) { throw "load command $c has size $size" }
        if ($command -eq 0x2) {
            # LC_SYMTAB: nlist_64 entries (n_strx, n_type, n_sect, n_desc, n_value).
            $symbols = Read-U32 $B ($at + 8); $symbolCount = Read-U32 $B ($at + 12); $strings = Read-U32 $B ($at + 16)
            for ($i = 0; $i -lt $symbolCount; $i++) {
                $entry = [long]$symbols + 16 * $i
                $type = $B[$entry + 4]
                if (($type -band 0xE0) -eq 0 -and ($type -band 0x01) -and ($type -band 0x0E) -eq 0x0E) { $null = $names.Add((Read-CString $B ($strings + (Read-U32 $B $entry))).TrimStart('_')) }
            }
        }
        elseif ($command -in 0x80000022, 0x22, 0x80000033) {
            # LC_DYLD_INFO(_ONLY): export_off, export_size at +40; LC_DYLD_EXPORTS_TRIE: dataoff at +8.
            $trie = if ($command -eq 0x80000033) { [long](Read-U32 $B ($at + 8)) } else { [long](Read-U32 $B ($at + 40)) }
            $trieSize = if ($command -eq 0x80000033) { Read-U32 $B ($at + 12) } else { Read-U32 $B ($at + 44) }
            if ($trieSize -gt 0) {
                $pending = [System.Collections.Generic.Stack[object]]::new()
                $pending.Push(@(0, ''))
                $visited = 0
                while ($pending.Count -gt 0) {
                    $node, $prefix = $pending.Pop()
                    if (++$visited -gt 100000) { throw 'export trie too large or cyclic' }
                    $p = [long]$trie + $node
                    $terminal = Read-Uleb $B ([ref] $p)
                    if ($terminal -gt 0) { $null = $names.Add($prefix.TrimStart('_')) }
                    $p += $terminal
                    $children = $B[$p]; $p++
                    for ($k = 0; $k -lt $children; $k++) {
                        $label = Read-CString $B $p
                        $p += $label.Length + 1
                        $childOffset = Read-Uleb $B ([ref] $p)
                        $pending.Push(@([long]$childOffset, "$prefix$label"))
                    }
                }
            }
        }
        $at += $size
    }
    @{ Machine = [int]$cpu; Kind = $(if ($fileType -eq 6) { 'DLL' } else { "not a dylib (filetype $fileType)" }); Exports = @($names); Glibc = @() }
}

#endregion

# The problems of one library for its RID; none when it passes. Writes what it found.
function Test-Library([string] $File, [string] $ForRid) {
    $runtime = $Runtimes[$ForRid]
    $problems = [System.Collections.Generic.List[string]]::new()
    $bytes = [IO.File]::ReadAllBytes($File)
    $format = Get-Format $bytes
    $summary = ''
    if ($format -eq 'MachOFat') { $problems.Add('a universal (fat) Mach-O binary: expected one architecture, the RID''s') }
    elseif ($format -ne $runtime.Format) { $problems.Add("not a $($runtime.Format) file (it starts with $((($bytes | Select-Object -First 4) | ForEach-Object { '{0:X2}' -f $_ }) -join ' '): $(if ($format) { $format } else { 'no known executable format' }))") }
    else {
        try {
            $read = switch ($format) { 'PE' { Read-PE $bytes } 'ELF' { Read-ELF $bytes } 'MachO' { Read-MachO $bytes } }
        }
        catch { $problems.Add("unreadable $format headers: $($_.Exception.Message)"); $read = $null }
        if ($read) {
            if ($read.Machine -ne $runtime.Machine) {
                $names = @{}
                foreach ($r in $Runtimes.Values) { if ($r.Format -eq $format) { $names[$r.Machine] = $r.MachineName } }
                $found = if ($names.ContainsKey($read.Machine)) { $names[$read.Machine] } else { '0x{0:X}' -f $read.Machine }
                $problems.Add("machine type $found, not $($runtime.MachineName) as $ForRid needs")
            }
            if ($read.Kind -ne 'DLL') { $problems.Add($read.Kind) }
            $missing = @($Expected | Where-Object { $read.Exports -notcontains $_ })
            if ($missing.Count -gt 0) { $problems.Add("missing export(s) the header declares: $($missing -join ', ')") }
            $summary = "$format $($runtime.MachineName), $(@($read.Exports | Where-Object { $_ -like 'iid_*' }).Count) iid_* exports"
            if ($format -eq 'ELF') {
                $versions = @($read.Glibc | ForEach-Object { [version]($_ -replace '^GLIBC_', '') } | Sort-Object -Unique)
                if ($versions.Count -eq 0) { $problems.Add('requires no GLIBC_ version at all: not a glibc build') }
                else {
                    $highest = $versions[-1]
                    $summary += ", highest GLIBC_$highest (README promises glibc $MaxGlibc+)"
                    if ($highest -gt [version]$MaxGlibc) { $problems.Add("requires GLIBC_$highest, newer than the glibc $MaxGlibc the README promises (needs: $(($versions | ForEach-Object { "GLIBC_$_" }) -join ', '))") }
                }
            }
        }
    }
    if ($SameAs) {
        $tested = Find-Library $SameAs | Where-Object Rid -eq $ForRid | Select-Object -First 1
        if (-not $tested) { $problems.Add("no $ForRid library in $SameAs to compare with") }
        elseif ((Get-FileHash -Algorithm SHA256 $tested.File).Hash -ne (Get-FileHash -Algorithm SHA256 $File).Hash) { $problems.Add("not the library that was tested ($($tested.File)): its SHA-256 differs") }
        else { $summary += ', the tested bytes' }
    }
    if ($problems.Count -eq 0) { Write-Host "ok    $ForRid $File`n      $summary" }
    else { foreach ($problem in $problems) { Write-Host "FAIL  $ForRid ${File}: $problem" -ForegroundColor Red } }
    $problems.Count -eq 0
}

# The libraries in a folder: each runtimes/<rid>/native/ or <rid>/native/ folder's files.
function Find-Library([string] $Folder) {
    $full = (Resolve-Path $Folder).Path
    foreach ($file in Get-ChildItem $full -Recurse -File) {
        $relative = $file.FullName.Substring($full.Length).Replace('\', '/')
        if ($relative -match '(^|/)(?<rid>[a-z]+-[a-z0-9]+)/native/[^/]+$' -and $Runtimes.Contains($Matches['rid'])) {
            [pscustomobject]@{ Rid = $Matches['rid']; File = $file.FullName }
        }
    }
}

$passed = $true
$checked = [System.Collections.Generic.List[string]]::new()
$temporary = @()
try {
    foreach ($item in $Path) {
        if (-not (Test-Path $item)) { Write-Host "FAIL  ${item}: not found" -ForegroundColor Red; $passed = $false; continue }
        $resolved = (Resolve-Path $item).Path
        if ((Test-Path $resolved -PathType Leaf) -and $resolved -notlike '*.nupkg') {
            if (-not $Rid) { throw "Give -Rid for the library file $resolved." }
            if (-not (Test-Library $resolved $Rid)) { $passed = $false }
            $checked.Add($Rid)
            continue
        }
        $folder = $resolved
        if ($resolved -like '*.nupkg') {
            # A .nupkg is a zip: its module files sit at its root.
            $folder = Join-Path ([IO.Path]::GetTempPath()) "nupkg-$([guid]::NewGuid().ToString('N'))"
            $temporary += $folder
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            [IO.Compression.ZipFile]::ExtractToDirectory($resolved, $folder)
        }
        $libraries = @(Find-Library $folder)
        if ($libraries.Count -eq 0) { Write-Host "FAIL  ${item}: no <rid>/native/ folder with a library" -ForegroundColor Red; $passed = $false }
        foreach ($library in $libraries) {
            $name = Split-Path $library.File -Leaf
            if ($name -ne $Runtimes[$library.Rid].File) {
                Write-Host "FAIL  $($library.Rid) $($library.File): $($library.Rid)/native/ holds only $($Runtimes[$library.Rid].File)" -ForegroundColor Red
                $passed = $false
                continue
            }
            if (-not (Test-Library $library.File $library.Rid)) { $passed = $false }
            $checked.Add($library.Rid)
        }
    }
    if ($AllRuntimes) {
        $absent = @($Runtimes.Keys | Where-Object { $checked -notcontains $_ })
        if ($absent.Count -gt 0) { Write-Host "FAIL  no library for $($absent -join ', ')" -ForegroundColor Red; $passed = $false }
    }
}
finally {
    foreach ($folder in $temporary) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
}

if (-not $passed) { Write-Host 'Native library check failed.' -ForegroundColor Red; exit 1 }
Write-Host "Native libraries pass: $(($checked | Sort-Object) -join ', ') (exports of $(Split-Path $Header -Leaf): $($Expected.Count))"
exit 0
