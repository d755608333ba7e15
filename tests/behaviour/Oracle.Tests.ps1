BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    # 10,000 random GUIDs; .NET's own ToByteArray + Base64 is the oracle.
    $script:Guids = [guid[]](1..10000 | ForEach-Object { [guid]::NewGuid() })
    $script:Expected = [string[]]($Guids | ForEach-Object { [Convert]::ToBase64String($_.ToByteArray()) })
}

Describe 'Oracle: 10,000 random GUIDs against [Convert]::ToBase64String($g.ToByteArray())' {
    It 'ConvertTo-ImmutableId agrees, as one array argument' {
        $actual = [string[]](ConvertTo-ImmutableId $Guids)
        $actual.Count | Should -Be $Guids.Count
        for ($i = 0; $i -lt $Guids.Count; $i++) {
            if ($actual[$i] -cne $Expected[$i]) { throw "GUID $($Guids[$i]): got $($actual[$i]), .NET says $($Expected[$i])" }
        }
    }

    It 'ConvertTo-ImmutableId agrees through the pipeline, from GUID strings and from bytes' {
        $fromText = [string[]]($Guids.ForEach({ $_.ToString() }) | ConvertTo-ImmutableId)
        $fromBytes = [string[]]($Guids.ForEach({ , $_.ToByteArray() }) | ConvertTo-ImmutableId)
        for ($i = 0; $i -lt $Guids.Count; $i++) {
            if ($fromText[$i] -cne $Expected[$i] -or $fromBytes[$i] -cne $Expected[$i]) { throw "GUID $($Guids[$i]) disagrees" }
        }
    }

    It 'ConvertFrom-ImmutableId gives back the GUIDs' {
        $back = [guid[]](ConvertFrom-ImmutableId $Expected)
        for ($i = 0; $i -lt $Guids.Count; $i++) {
            if ($back[$i] -ne $Guids[$i]) { throw "$($Expected[$i]): got $($back[$i]), expected $($Guids[$i])" }
        }
    }

    It 'ConvertFrom-ImmutableId -Format Hex and Bytes give .NET''s byte order' {
        $hex = [string[]](ConvertFrom-ImmutableId $Expected[0..999] -Format Hex)
        for ($i = 0; $i -lt 1000; $i++) {
            $want = [BitConverter]::ToString($Guids[$i].ToByteArray()).Replace('-', '')
            if ($hex[$i] -cne $want) { throw "$($Guids[$i]): hex $($hex[$i]), .NET says $want" }
        }
    }
}
