# Every example value the documentation shows (the help sources, about_ImmutableId, the
# README) is derived here from its GUID: an ImmutableId, its hex, LDAP filter or connector-space
# DN, a CloudAnchor, or a documented mistake made from that GUID (its bytes in big-endian order,
# the Base64 of its text, its letters in one case). The GUIDs are the stand-in directory's
# (tests/helpers/stand-ins/Directory.ps1, which the help examples run against) and the README's
# placeholders. A value typed by hand, or copied from another example, fails here: the README
# once showed another bob's ImmutableId than the help did.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    $documents = @(
        @(Get-ChildItem (Join-Path $RepoRoot 'pwsh-module/help') -Filter '*.psd1' | ForEach-Object { $_.FullName })
        Join-Path $RepoRoot 'pwsh-module/en-US/about_ImmutableId.help.txt'
        Join-Path $RepoRoot 'README.md'
    ) | ForEach-Object { @{ Path = $_; Name = Split-Path $_ -Leaf } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    . (Join-Path $TestsRoot 'helpers/stand-ins/Directory.ps1')
    $script:People = @(Get-StandInPeople)

    # Placeholders the README's worked example and the help use as object ids, and Graph's
    # well-known role template (Global Administrator).
    $script:Placeholders = @('11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222', '62e90394-69f5-4237-9190-012177145e10')

    function Get-Bytes([guid] $Guid) { $Guid.ToByteArray() }
    function Get-BigEndianBytes([guid] $Guid) {
        $n = $Guid.ToString('N')
        [byte[]]@(for ($i = 0; $i -lt 32; $i += 2) { [Convert]::ToByte($n.Substring($i, 2), 16) })
    }
    function ConvertTo-Hex([byte[]] $Bytes) { -join ($Bytes | ForEach-Object { $_.ToString('X2') }) }
    function ConvertTo-CloudAnchorText([string] $Name) {
        $text = [Text.Encoding]::Unicode.GetBytes($Name + [char]0)
        [Convert]::ToBase64String([BitConverter]::GetBytes([int32]$text.Length) + $text)
    }

    # Every form the documentation may show of one GUID, each with what it is.
    function Get-DerivedForm([guid] $Guid) {
        $id = [Convert]::ToBase64String([byte[]](Get-Bytes $Guid))
        $bigEndian = [Convert]::ToBase64String([byte[]](Get-BigEndianBytes $Guid))
        $stored = ConvertTo-Hex ([byte[]](Get-Bytes $Guid))
        @{
            Guid       = @("$Guid", ([guid]::new([byte[]](Get-BigEndianBytes $Guid))).ToString())
            Base64     = @($id, $bigEndian, $id.ToLowerInvariant(), $id.ToUpperInvariant(), [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$Guid")))
            Hex        = @($stored, $Guid.ToString('N'), $Guid.ToString('N').ToUpperInvariant())
            Ldap       = @(-join ((Get-Bytes $Guid) | ForEach-Object { '\' + $_.ToString('x2') }))
            Dn         = @('CN={' + (ConvertTo-Hex ([Text.Encoding]::ASCII.GetBytes($id))) + '}')
            LongBase64 = @([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$Guid")))
        }
    }

    $script:Derived = @{ Guid = @(); Base64 = @(); Hex = @(); Ldap = @(); Dn = @(); LongBase64 = @() }
    # Which person each value belongs to.
    $script:Owner = @{}
    function Add-Derived([hashtable] $Forms, [string] $Person) {
        foreach ($kind in $Forms.Keys) {
            foreach ($value in $Forms[$kind]) {
                $script:Derived[$kind] += $value
                if ($Person) { $script:Owner[$value] = $Person }
            }
        }
    }
    foreach ($person in $People) {
        $name = $person.Given.ToLowerInvariant()
        foreach ($guid in @($person.ObjectGuid, $person.ConsistencyGuid) | Where-Object { $_ }) { Add-Derived (Get-DerivedForm $guid) $name }
        $cloudId = [guid]$person.CloudId
        Add-Derived @{ Guid = @("$cloudId") } $name
        foreach ($type in 'User', 'Group', 'Device', 'Contact') {
            $anchorName = "${type}_$cloudId"
            Add-Derived @{ LongBase64 = @(ConvertTo-CloudAnchorText $anchorName); Dn = @('CN={' + (ConvertTo-Hex ([Text.Encoding]::ASCII.GetBytes($anchorName))) + '}') } $name
        }
        if ($person.EmployeeId) {
            Add-Derived @{ Base64 = @([Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($person.EmployeeId))) } $name
        }
        # What the directory itself holds is derived too.
        foreach ($value in @($person.ImmutableId, $person.CloudAnchor) | Where-Object { $_ }) {
            $script:Derived.Base64 -contains $value | Should -BeTrue -Because "the stand-in value $value is derived from a GUID"
        }
    }
    Add-Derived @{ Guid = $Placeholders } $null

    $script:Patterns = [ordered]@{
        Base64     = '(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{22}==(?![A-Za-z0-9+/=])'
        Hex        = '(?<![0-9A-Fa-f{])[0-9A-Fa-f]{32}(?![0-9A-Fa-f}])'
        Ldap       = '(?:\\[0-9A-Fa-f]{2}){16}'
        Dn         = 'CN=\{[0-9A-Fa-f]+\}'
        Guid       = '(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])'
        LongBase64 = '(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}'
        LongHex    = '(?<![0-9A-Fa-f{])[0-9A-F]{40,}(?![0-9A-Fa-f}])'
    }

    # True when a long value is derived, or is a part of one that a table or list cut or
    # wrapped (at least 40 characters of its start or its end).
    function Test-LongDerived([string] $Value, [string[]] $Among) {
        foreach ($derived in $Among) {
            if ($derived -ceq $Value -or $derived.StartsWith($Value, 'Ordinal') -or $derived.EndsWith($Value, 'Ordinal')) { return $true }
        }
        $false
    }
}

Describe 'Example values in the documentation' {
    It 'derives every value <Name> shows from its GUID' -ForEach $documents {
        $text = [IO.File]::ReadAllText($Path)
        $found = 0
        foreach ($kind in $Patterns.Keys) {
            foreach ($match in [regex]::Matches($text, $Patterns[$kind])) {
                $value = $match.Value
                # A long word is Base64 only with a digit, '+' or '/' in it, and not all hex
                # (the hex of a DN, cut or wrapped, is LongHex).
                if ($kind -eq 'LongBase64' -and ($value -cnotmatch '[0-9+/]' -or $value -cmatch '^[0-9A-F]+$')) { continue }
                $found++
                $known = switch ($kind) {
                    'LongBase64' { Test-LongDerived $value $Derived.LongBase64 }
                    'LongHex' { Test-LongDerived $value @($Derived.Dn | ForEach-Object { $_.Substring(4, $_.Length - 5) }) }
                    'Guid' { $Derived.Guid -contains $value.ToLowerInvariant() }
                    default { $Derived[$kind] -ccontains $value }
                }
                $line = $text.Substring(0, $match.Index).Split("`n").Count
                $known | Should -BeTrue -Because "$Name line ${line}: $kind '$value' must be derived from a documented GUID"
            }
        }
        $found | Should -BeGreaterThan 0
    }

    It 'shows in <Name> each person''s values after a command that names that person' -ForEach ($documents | Where-Object { $_.Name -notlike '*.psd1' }) {
        # A "PS> " command naming one person, and the lines it prints up to the next command.
        $names = @($People | ForEach-Object { $_.Given.ToLowerInvariant() })
        $person = $null
        $lineNumber = 0
        foreach ($line in [IO.File]::ReadAllLines($Path)) {
            $lineNumber++
            if ($line -match '^\s*(PS>|```)') {
                $named = @($names | Where-Object { $line -match "\b$_\b" })
                $person = if ($line -match '^\s*PS>' -and $named.Count -eq 1) { $named[0] } else { $null }
                continue
            }
            if (-not $person) { continue }
            foreach ($match in [regex]::Matches($line, $Patterns.Base64)) {
                if ($Owner.ContainsKey($match.Value)) {
                    $Owner[$match.Value] | Should -Be $person -Because "line ${lineNumber}: $($match.Value) follows a command about $person"
                }
            }
        }
    }
}
