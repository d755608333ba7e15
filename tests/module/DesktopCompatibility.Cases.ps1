# The snippets tests/module/DesktopCompatibility.Tests.ps1 feeds tools/Test-DesktopCompatibility.ps1,
# dot-sourced in its discovery and run phases: each bad one is one PowerShell 7-only use and
# the rule that must report it; the good ones are the same uses where Windows PowerShell 5.1
# does not reach them, and 5.1's own ways. Strings only: nothing here runs.
@{
    Bad  = @(
        @{ Rule = 'Syntax'; Name = 'the ternary operator'; Code = '$a = $true ? 1 : 2' }
        @{ Rule = 'Syntax'; Name = 'the null-coalescing operator'; Code = '$b = $null ?? ''x''' }
        @{ Rule = 'Syntax'; Name = 'the null-coalescing assignment'; Code = '$c = $null; $c ??= 3' }
        @{ Rule = 'Syntax'; Name = 'null-conditional member access'; Code = '$d = ''x''; ${d}?.Length' }
        @{ Rule = 'Syntax'; Name = 'a null-conditional index'; Code = '$e = @(1); ${e}?[0]' }
        @{ Rule = 'Syntax'; Name = 'a pipeline chain'; Code = 'Get-Item . && Get-Item .' }
        @{ Rule = 'Syntax'; Name = 'a clean block'; Code = 'function f { process { $_ } clean { } }' }
        @{ Rule = 'Syntax'; Name = 'a background job operator'; Code = 'Start-Sleep 1 &' }
        @{ Rule = 'Syntax'; Name = 'a binary literal'; Code = '$f = 0b101' }
        @{ Rule = 'Syntax'; Name = 'a number suffix'; Code = '$g = 7u' }
        @{ Rule = 'Syntax'; Name = 'the escape character escape'; Code = '$h = "`e[31m"' }
        @{ Rule = 'Syntax'; Name = 'a character range'; Code = '$i = ''a''..''e''' }
        @{ Rule = 'Syntax'; Name = '-replace with a script block'; Code = '$j = ''abc'' -replace ''b'', { ''x'' }' }
        @{ Rule = 'Syntax'; Name = 'a generic method call'; Code = '$k = [Array]::Empty[int]()' }
        @{ Rule = 'Syntax'; Name = 'ValidateRange with a range kind'; Code = 'function f { param([ValidateRange(''Positive'')] [int] $N) $N }' }
        @{ Rule = 'Parameter'; Name = 'ForEach-Object -Parallel'; Code = '1..2 | ForEach-Object -Parallel { $_ }' }
        @{ Rule = 'Parameter'; Name = '-Parallel through the % alias'; Code = '1..2 | % -Parallel { $_ }' }
        @{ Rule = 'Parameter'; Name = 'ConvertFrom-Json -AsHashtable'; Code = '''{}'' | ConvertFrom-Json -AsHashtable' }
        @{ Rule = 'Parameter'; Name = 'Join-Path with a third path'; Code = 'Join-Path a b c' }
        @{ Rule = 'Parameter'; Name = 'Get-Content -AsByteStream'; Code = 'Get-Content x.bin -AsByteStream' }
        @{ Rule = 'Parameter'; Name = 'the -ProgressAction common parameter'; Code = 'Get-ChildItem -ProgressAction SilentlyContinue' }
        @{ Rule = 'Command'; Name = 'Join-String'; Code = '1, 2 | Join-String -Separator '','' ' }
        @{ Rule = 'Command'; Name = 'Get-Error'; Code = 'Get-Error' }
        @{ Rule = 'Value'; Name = 'Export-Csv -Encoding utf8NoBOM'; Code = '[pscustomobject]@{ a = 1 } | Export-Csv x.csv -NoTypeInformation -Encoding utf8NoBOM' }
        @{ Rule = 'Value'; Name = 'Set-Content -Encoding with an Encoding object'; Code = 'Set-Content x.txt -Value a -Encoding ([System.Text.Encoding]::UTF8)' }
        @{ Rule = 'Value'; Name = 'a 7-only encoding name given as data'; Code = '$encodings = @(''utf8BOM'', ''Unicode'')' }
        @{ Rule = 'Value'; Name = '-ErrorAction Break'; Code = 'Get-Item . -ErrorAction Break' }
        @{ Rule = 'Variable'; Name = '$IsWindows'; Code = 'if ($IsWindows) { ''windows'' }' }
        @{ Rule = 'Variable'; Name = '$IsLinux under Set-StrictMode'; Code = "Set-StrictMode -Version Latest`nif (`$IsLinux) { 'linux' }" }
        @{ Rule = 'DotNet'; Name = '[Convert]::ToHexString'; Code = '[Convert]::ToHexString([byte[]](1, 2))' }
        @{ Rule = 'DotNet'; Name = '[Math]::Clamp'; Code = '[Math]::Clamp(5, 1, 3)' }
        @{ Rule = 'DotNet'; Name = '[IO.Path]::GetRelativePath'; Code = '[IO.Path]::GetRelativePath(''a'', ''b'')' }
        @{ Rule = 'DotNet'; Name = 'a constructor overload 4.7.2 lacks'; Code = '$g = [guid]::new([byte[]]::new(16), $true)' }
        @{ Rule = 'DotNet'; Name = 'a type 4.7.2 lacks'; Code = '$pool = [System.Buffers.ArrayPool[byte]]::Shared' }
        @{ Rule = 'DotNet'; Name = 'a 7-only type accelerator'; Code = '$v = [semver]''1.0.0''' }
        @{ Rule = 'DotNet'; Name = 'a 7-only numeric accelerator'; Code = '$n = [uint]5' }
        @{ Rule = 'DotNet'; Name = 'a 7-only validation attribute'; Code = 'function f { param([ValidateNotNullOrWhiteSpace()] [string] $S) $S }' }
        @{ Rule = 'Parse'; Name = 'code that does not parse'; Code = 'function f {' }
    )
    Good = @(
        @{ Name = 'an if on the version'; Code = 'if ($PSVersionTable.PSVersion.Major -ge 7) { $a = $true ? 1 : 2; 1..2 | ForEach-Object -Parallel { $_ } }' }
        @{ Name = 'an if on the edition, with an else for 5.1'; Code = '$t = if ($PSVersionTable.PSEdition -eq ''Core'') { ''{}'' | ConvertFrom-Json -AsHashtable } else { ''{}'' | ConvertFrom-Json }' }
        @{ Name = 'an early return'; Code = "if (`$PSVersionTable.PSVersion.Major -lt 6) { return }`n[Convert]::ToHexString([byte[]](1))" }
        @{ Name = '$IsCoreCLR on the left of -and'; Code = 'if ($IsCoreCLR -and [Convert]::ToHexString([byte[]](1))) { ''x'' }' }
        @{ Name = 'a guard through a variable'; Code = "`$core = `$PSVersionTable.PSEdition -eq 'Core'`nif (`$core) { Get-Content x.bin -AsByteStream } else { Get-Content x.bin -Encoding Byte }" }
        @{ Name = 'It -Skip on the edition'; Code = "Describe 'd' {`n    It 'seven' -Skip:(`$PSVersionTable.PSEdition -eq 'Desktop') { 1..2 | ForEach-Object -Parallel { `$_ } }`n}" }
        @{ Name = 'Set-ItResult -Skipped in BeforeEach'; Code = "BeforeAll { `$script:SkipReason = if (`$PSVersionTable.PSVersion.Major -lt 7) { 'needs 7' } }`nDescribe 'd' {`n    BeforeEach { if (`$SkipReason) { Set-ItResult -Skipped -Because `$SkipReason } }`n    It 'seven' { Get-Item . && Get-Item . }`n}" }
        @{ Name = 'a Linux-only branch'; Code = "if (`$IsLinux) { '{}' | ConvertFrom-Json -AsHashtable }" }
        @{ Name = '.NET Framework members and overloads'; Code = "[Convert]::ToBase64String([guid]::NewGuid().ToByteArray())`n[BitConverter]::ToString([byte[]](1, 2)).Replace('-', '')`n[guid]::new('874bcd2b-148d-47ca-b309-91df64f05bf5')`n[IO.Path]::Combine('a', 'b', 'c', 'd', 'e')`n[string]::Join(',', @('a', 'b'))`n`$l = [System.Collections.Generic.List[string]]::new()`n`$b = [byte[]]::new(16)`n[Text.Encoding]::UTF8.GetBytes('x')`n[Environment]::OSVersion.Platform" }
        @{ Name = '5.1 encoding names'; Code = "'a' | Set-Content x.txt -Encoding UTF8`n[pscustomobject]@{ a = 1 } | Export-Csv x.csv -NoTypeInformation -Encoding Unicode" }
        @{ Name = 'a script that requires PowerShell 7'; Code = "#requires -Version 7.4`n`$a = `$true ? 1 : 2" }
    )
}
