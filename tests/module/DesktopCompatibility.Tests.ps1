# tools/Test-DesktopCompatibility.ps1 (issue 23), the check that what Windows PowerShell 5.1
# runs uses nothing only PowerShell 7 has: it fails on each 7-only use below, passes the same
# uses behind a guard 5.1 does not pass, and passes this repository's scripts and generated
# plan scripts (./build.ps1 Test runs it too, before Pester). The checker runs in a PowerShell
# 7 child (it reads the .NET Framework 4.7.2 reference assemblies of .tools/ with
# System.Reflection.Metadata), also when these tests run in Windows PowerShell 5.1.
BeforeDiscovery {
    $script:BadCases = @((. (Join-Path $PSScriptRoot 'DesktopCompatibility.Cases.ps1')).Bad)
    for ($i = 0; $i -lt $BadCases.Count; $i++) { $BadCases[$i].File = 'bad{0:d2}.ps1' -f $i }
}

BeforeAll {
    # The repository: the folder above this file that holds build.ps1.
    $script:Root = $PSScriptRoot
    while ($Root -and -not (Test-Path (Join-Path $Root 'build.ps1'))) { $script:Root = Split-Path $Root }
    $script:Checker = Join-Path $Root 'tools/Test-DesktopCompatibility.ps1'
    $script:StagedModule = Join-Path $Root 'out/ImmutableId'
    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh -and $PSVersionTable.PSEdition -eq 'Core') { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    if (-not $Pwsh) { throw 'PowerShell 7 (pwsh) is not on PATH: the checker runs in it.' }

    # Runs the checker; its exit code and findings (File, Line, Rule) from its output lines.
    function Invoke-Checker([string[]] $Arguments) {
        $output = @(& $Pwsh -NoProfile -NonInteractive -File $Checker @Arguments 2>&1 | ForEach-Object { "$_" })
        $findings = @(foreach ($line in $output) {
                if ($line -match '^(?<file>.+?):(?<line>\d+):(?<column>\d+): \[(?<rule>\w+)\] ') {
                    [pscustomobject]@{ File = Split-Path $Matches['file'] -Leaf; Line = [int]$Matches['line']; Rule = $Matches['rule']; Text = $line }
                }
            })
        @{ ExitCode = $LASTEXITCODE; Output = $output; Findings = $findings }
    }
}

Describe 'The Windows PowerShell 5.1 check' {
    BeforeAll {
        $cases = . (Join-Path $PSScriptRoot 'DesktopCompatibility.Cases.ps1')
        $script:Bad = $cases.Bad
        $script:Good = $cases.Good
        $snippets = Join-Path $TestDrive 'snippets'
        $script:BadDir = Join-Path $snippets 'bad'
        $script:GoodDir = Join-Path $snippets 'good'
        New-Item -ItemType Directory $BadDir, $GoodDir | Out-Null
        $utf8 = New-Object System.Text.UTF8Encoding $false
        for ($i = 0; $i -lt $Bad.Count; $i++) { [IO.File]::WriteAllText((Join-Path $BadDir ('bad{0:d2}.ps1' -f $i)), $Bad[$i].Code, $utf8) }
        for ($i = 0; $i -lt $Good.Count; $i++) { [IO.File]::WriteAllText((Join-Path $GoodDir ('good{0:d2}.ps1' -f $i)), $Good[$i].Code, $utf8) }
        # A non-ASCII string without a byte order mark (5.1 reads it as ANSI), and with one.
        $accented = "'caf$([char]0xE9)'"
        [IO.File]::WriteAllText((Join-Path $BadDir 'nobom.ps1'), $accented, $utf8)
        [IO.File]::WriteAllText((Join-Path $GoodDir 'bom.ps1'), $accented, (New-Object System.Text.UTF8Encoding $true))
        # A format file's script block is a script 5.1 runs.
        $format = '<?xml version="1.0" encoding="utf-8"?><Configuration><ViewDefinitions><View><Name>x</Name><ViewSelectedBy><TypeName>x</TypeName></ViewSelectedBy>' +
        '<TableControl><TableRowEntries><TableRowEntry><TableColumnItems><TableColumnItem><ScriptBlock>$_.Count ? 1 : 2</ScriptBlock></TableColumnItem></TableColumnItems></TableRowEntry></TableRowEntries></TableControl></View></ViewDefinitions></Configuration>'
        [IO.File]::WriteAllText((Join-Path $BadDir 'bad.Format.ps1xml'), $format, $utf8)

        $script:Run = Invoke-Checker @('-Root', $Root, '-Path', $snippets)
    }

    It 'fails on 7-only code' {
        $Run.ExitCode | Should -Be 1 -Because ($Run.Output -join [Environment]::NewLine)
        ($Run.Output -join "`n") | Should -Match '\d+ use\(s\) of PowerShell 7 in what Windows PowerShell 5\.1 runs'
    }

    It 'reports <Name> as <Rule>' -ForEach $BadCases {
        $rules = @($Run.Findings | Where-Object File -eq $File | ForEach-Object Rule)
        $rules | Should -Contain $Rule -Because "$Name ($File): $Code (found: $($rules -join ', '))"
    }

    It 'reports a non-ASCII character in a file without a byte order mark' {
        @($Run.Findings | Where-Object File -eq 'nobom.ps1').Rule | Should -Contain 'Encoding'
    }

    It 'reads the script blocks of a format file' {
        @($Run.Findings | Where-Object File -eq 'bad.Format.ps1xml').Rule | Should -Contain 'Syntax'
    }

    It 'reports nothing where 5.1 does not reach, nor 5.1''s own ways' {
        $wrong = @($Run.Findings | Where-Object { $_.File -like 'good*' -or $_.File -eq 'bom.ps1' })
        $wrong | Should -BeNullOrEmpty -Because (($wrong | ForEach-Object Text) -join [Environment]::NewLine)
    }
}

Describe 'What Windows PowerShell 5.1 runs from this repository' {
    It 'uses nothing only PowerShell 7 has: build.ps1, the module, its help examples, the tests and generated plan scripts' {
        if (-not (Test-Path (Join-Path $StagedModule 'ImmutableId.psd1'))) { throw "No staged module in ${StagedModule}: run ./build.ps1 Build first." }
        $run = Invoke-Checker @('-Root', $Root, '-ModulePath', $StagedModule)
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join [Environment]::NewLine)
        ($run.Output -join "`n") | Should -Match 'Windows PowerShell 5\.1 compatible: \d+ scripts'
    }
}
