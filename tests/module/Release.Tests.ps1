# The release workflow cannot run here, so this reads it: .github/workflows/release.yml must
# build the core for every runtime the module loads, each on a runner of its own OS, test on
# Windows PowerShell 5.1 and on PowerShell 7 on Windows, Linux and macOS, assemble one module
# holding every runtime, and use only GitHub's own actions. PowerShell has no YAML reader; the
# one below reads the subset the workflow keeps to and refuses everything else, so a
# construct it does not know fails this file instead of being misread.
BeforeAll {
    $script:Root = Split-Path (Split-Path $PSScriptRoot)
    $script:WorkflowPath = Join-Path $Root '.github/workflows/release.yml'
    $script:Rids = @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')

    # ---- YAML subset: block mappings, block sequences, plain and quoted scalars, '|' blocks
    # and comments. Every scalar is a string; an empty value is $null.
    function ConvertFrom-WorkflowYaml {
        param([string] $Text)
        $state = @{ Lines = @($Text -split '\r?\n'); Index = 0 }
        for ($n = 0; $n -lt $state.Lines.Count; $n++) {
            if ($state.Lines[$n] -match '^\s*\t') { throw "line $($n + 1): tab in indentation" }
            if ($state.Lines[$n] -match '^(---|\.\.\.)(\s|$)') { throw "line $($n + 1): several documents are not read" }
        }
        $first = Get-YamlLine $state
        if (-not $first) { return $null }
        $node = Read-YamlNode $state $first.Indent
        $rest = Get-YamlLine $state
        if ($rest) { throw "line $($rest.Number): unexpected indentation" }
        $node
    }

    # A line's text without its comment: '#' at the start or after a space, outside quotes.
    function Remove-YamlComment([string] $Line) {
        $quote = $null
        for ($i = 0; $i -lt $Line.Length; $i++) {
            $c = $Line[$i]
            if ($quote) { if ($c -eq $quote) { $quote = $null } }
            elseif (($c -eq "'" -or $c -eq '"') -and ($i -eq 0 -or $Line[$i - 1] -match '[\s:\-\[,]')) { $quote = $c }
            elseif ($c -eq '#' -and ($i -eq 0 -or $Line[$i - 1] -match '\s')) { return $Line.Substring(0, $i).TrimEnd() }
        }
        $Line.TrimEnd()
    }

    # The next line that holds something, without moving past it; $null at the end.
    function Get-YamlLine($State) {
        while ($State.Index -lt $State.Lines.Count) {
            $text = Remove-YamlComment $State.Lines[$State.Index]
            if ($text.Trim()) {
                $indent = $text.Length - $text.TrimStart().Length
                return @{ Indent = $indent; Content = $text.Substring($indent); Number = $State.Index + 1 }
            }
            $State.Index++
        }
        $null
    }

    function Read-YamlNode($State, [int] $Indent) {
        $line = Get-YamlLine $State
        if (-not $line -or $line.Indent -lt $Indent) { return $null }
        if ($line.Content -match '^-(\s|$)') { return , (Read-YamlSequence $State $line.Indent) }
        Read-YamlMapping $State $line.Indent
    }

    function Read-YamlSequence($State, [int] $Indent) {
        $items = New-Object System.Collections.Generic.List[object]
        while ($true) {
            $line = Get-YamlLine $State
            if (-not $line -or $line.Indent -lt $Indent) { break }
            if ($line.Indent -gt $Indent) { throw "line $($line.Number): unexpected indentation" }
            if ($line.Content -notmatch '^-(\s+|$)(?<rest>.*)$') { break }
            $rest = $Matches['rest']
            if (-not $rest) {
                $State.Index++
                $items.Add((Read-YamlNode $State ($Indent + 1)))
            }
            elseif ($rest -match '^(''[^'']*''|"[^"]*"|[^\s''"][^:]*?)\s*:(\s|$)') {
                # '- key: value' opens a mapping whose keys line up with 'key'.
                $column = $Indent + $line.Content.Length - $rest.Length
                $State.Lines[$State.Index] = (' ' * $column) + $rest
                $items.Add((Read-YamlMapping $State $column))
            }
            else {
                $items.Add((ConvertFrom-YamlScalar $rest $line.Number))
                $State.Index++
            }
        }
        , $items.ToArray()
    }

    function Read-YamlMapping($State, [int] $Indent) {
        $map = [ordered]@{}
        while ($true) {
            $line = Get-YamlLine $State
            if (-not $line -or $line.Indent -lt $Indent) { break }
            if ($line.Indent -gt $Indent) { throw "line $($line.Number): unexpected indentation" }
            if ($line.Content -match '^-(\s|$)') { break }
            if ($line.Content -notmatch '^(?<key>''[^'']*''|"[^"]*"|[^\s''"][^:]*?)\s*:(\s+(?<value>.*))?$') {
                throw "line $($line.Number): not a 'key: value' line: $($line.Content)"
            }
            $key = ConvertFrom-YamlScalar $Matches['key'] $line.Number
            $value = $Matches['value']
            if ($map.Contains($key)) { throw "line $($line.Number): key '$key' appears twice" }
            $State.Index++
            if (-not $value) {
                $next = Get-YamlLine $State
                if ($next -and $next.Indent -gt $Indent) { $map[$key] = Read-YamlNode $State $next.Indent }
                elseif ($next -and $next.Indent -eq $Indent -and $next.Content -match '^-(\s|$)') { $map[$key] = Read-YamlSequence $State $Indent }
                else { $map[$key] = $null }
            }
            elseif ($value -match '^\|([+-]?)$') { $map[$key] = Read-YamlLiteral $State $Indent $Matches[1] }
            else { $map[$key] = ConvertFrom-YamlScalar $value $line.Number }
        }
        $map
    }

    # A '|' block: the lines indented deeper than its key, as written.
    function Read-YamlLiteral($State, [int] $Indent, [string] $Chomp) {
        $lines = New-Object System.Collections.Generic.List[string]
        $blockIndent = -1
        while ($State.Index -lt $State.Lines.Count) {
            $raw = $State.Lines[$State.Index]
            if ($raw.Trim()) {
                $own = $raw.Length - $raw.TrimStart().Length
                if ($own -le $Indent) { break }
                if ($blockIndent -lt 0) { $blockIndent = $own }
                if ($own -lt $blockIndent) { throw "line $($State.Index + 1): block less indented than its first line" }
                $lines.Add($raw.Substring($blockIndent))
            }
            else { $lines.Add('') }
            $State.Index++
        }
        $text = ($lines -join "`n")
        if ($Chomp -eq '+') { return $text + "`n" }
        $text = $text.TrimEnd("`n")
        if ($Chomp -eq '-') { $text } else { $text + "`n" }
    }

    function ConvertFrom-YamlScalar([string] $Text, [int] $Number) {
        if ($Text -match "^'(.*)'$") { return $Matches[1] -replace "''", "'" }
        if ($Text -match '^"(.*)"$') {
            $inner = $Matches[1]
            if ($inner -match '\\[^"\\nt]') { throw "line ${Number}: escape not read: $Text" }
            return $inner -replace '\\n', "`n" -replace '\\t', "`t" -replace '\\"', '"' -replace '\\\\', '\'
        }
        if ($Text -match '^[\[\{&\*!>%@`''"]' -or $Text -match '^\|') { throw "line ${Number}: not in the subset read here: $Text" }
        $Text
    }

    # ---- The workflow's meaning: matrix entries, expressions and conditions.
    $script:RunnerLabels = @{
        'ubuntu-latest' = 'linux-x64'; 'ubuntu-24.04' = 'linux-x64'; 'ubuntu-22.04' = 'linux-x64'
        'ubuntu-24.04-arm' = 'linux-arm64'; 'ubuntu-22.04-arm' = 'linux-arm64'
        'windows-latest' = 'win-x64'; 'windows-2025' = 'win-x64'; 'windows-2022' = 'win-x64'; 'windows-11-arm' = 'win-arm64'
        'macos-latest' = 'osx-arm64'; 'macos-15' = 'osx-arm64'; 'macos-14' = 'osx-arm64'; 'macos-15-intel' = 'osx-x64'
    }

    # ${{ matrix.x }} replaced by the entry's value; any other expression is refused.
    function Expand-WorkflowText([string] $Text, $Entry) {
        if ($null -eq $Text) { return $null }
        [regex]::Replace($Text, '\$\{\{\s*(?<expr>[^}]*?)\s*\}\}', {
                param($m)
                $expr = $m.Groups['expr'].Value
                if ($expr -notmatch '^matrix\.([\w-]+)$') { throw "expression not read here: $expr" }
                if (-not $Entry.Contains($Matches[1])) { throw "no matrix value $expr" }
                [string]$Entry[$Matches[1]]
            })
    }

    # An 'if:' over matrix values: matrix.x, 'literal', true, false, ==, !=, !, &&, ||, ( ).
    function Test-WorkflowCondition([string] $Condition, $Entry) {
        if ([string]::IsNullOrWhiteSpace($Condition)) { return $true }
        $text = $Condition.Trim()
        if ($text -match '^\$\{\{(.*)\}\}$') { $text = $Matches[1] }
        $tokens = @([regex]::Matches($text, "\s*(matrix\.[\w-]+|'[^']*'|true|false|==|!=|&&|\|\||!|\(|\)|\S+)") | ForEach-Object { $_.Groups[1].Value })
        $parser = @{ Tokens = $tokens; At = 0; Entry = $Entry }
        $value = Read-ConditionOr $parser
        if ($parser.At -ne $tokens.Count) { throw "condition not read here: $Condition" }
        ConvertTo-ConditionBool $value
    }
    function ConvertTo-ConditionBool($Value) { if ($Value -is [bool]) { $Value } else { $Value -notin @($null, '', 'false', '0') } }
    function Read-ConditionOr($P) {
        $left = Read-ConditionAnd $P
        while ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -eq '||') { $P.At++; $right = Read-ConditionAnd $P; $left = (ConvertTo-ConditionBool $left) -or (ConvertTo-ConditionBool $right) }
        $left
    }
    function Read-ConditionAnd($P) {
        $left = Read-ConditionCompare $P
        while ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -eq '&&') { $P.At++; $right = Read-ConditionCompare $P; $left = (ConvertTo-ConditionBool $left) -and (ConvertTo-ConditionBool $right) }
        $left
    }
    function Read-ConditionCompare($P) {
        $left = Read-ConditionUnary $P
        if ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -in @('==', '!=')) {
            $op = $P.Tokens[$P.At]; $P.At++
            $right = Read-ConditionUnary $P
            $equal = "$left" -eq "$right"
            if ($op -eq '==') { return $equal } else { return -not $equal }
        }
        $left
    }
    function Read-ConditionUnary($P) {
        if ($P.At -ge $P.Tokens.Count) { throw 'condition ends too soon' }
        $token = $P.Tokens[$P.At]; $P.At++
        if ($token -eq '!') { return -not (ConvertTo-ConditionBool (Read-ConditionUnary $P)) }
        if ($token -eq '(') {
            $value = Read-ConditionOr $P
            if ($P.Tokens[$P.At] -ne ')') { throw 'unbalanced parentheses' }
            $P.At++
            return $value
        }
        if ($token -match '^matrix\.([\w-]+)$') {
            if (-not $P.Entry.Contains($Matches[1])) { throw "no matrix value $token" }
            return [string]$P.Entry[$Matches[1]]
        }
        if ($token -match "^'(.*)'$") { return $Matches[1] }
        if ($token -eq 'true') { return $true }
        if ($token -eq 'false') { return $false }
        throw "condition token not read here: $token"
    }

    # Each matrix entry of a job (one empty entry without a matrix) with what runs for it:
    # the runner, and the steps whose condition holds, expanded, with their shell.
    function Get-JobRuns($Job) {
        $entries = @(@{})
        if ($Job.Contains('strategy') -and $Job.strategy.Contains('matrix')) {
            $matrix = $Job.strategy.matrix
            if (@($matrix.Keys) -ne 'include') { throw 'only matrix include lists are read here' }
            $entries = @($matrix.include)
        }
        foreach ($entry in $entries) {
            $runner = Expand-WorkflowText $Job.'runs-on' $entry
            if (-not $RunnerLabels.ContainsKey($runner)) { throw "runner label '$runner' is not in the table of known runners" }
            $steps = foreach ($step in $Job.steps) {
                if (-not (Test-WorkflowCondition $step.if $entry)) { continue }
                $shell = if ($step.Contains('shell')) { $step.shell } elseif ($runner -like 'windows-*') { 'pwsh' } else { 'bash' }
                $environment = @{}
                foreach ($scope in $Workflow.env, $Job.env, $step.env) { if ($scope) { foreach ($k in $scope.Keys) { $environment[$k] = Expand-WorkflowText $scope[$k] $entry } } }
                $with = @{}
                if ($step.Contains('with')) { foreach ($k in $step.with.Keys) { $with[$k] = Expand-WorkflowText $step.with[$k] $entry } }
                [pscustomobject]@{
                    Uses = $step.uses; Shell = $shell; Run = Expand-WorkflowText $step.run $entry; Env = $environment; With = $with
                    Builds = @(Get-BuildInvocation (Expand-WorkflowText $step.run $entry))
                }
            }
            [pscustomobject]@{ Entry = $entry; Runner = $runner; Platform = $RunnerLabels[$runner]; Steps = @($steps) }
        }
    }

    # The build.ps1 calls in a step's script: tasks, then -Name value parameters.
    function Get-BuildInvocation([string] $Run) {
        if (-not $Run) { return }
        foreach ($line in $Run -split "`n") {
            if ($line -notmatch '(^|\s)\.[\\/]build\.ps1(?<args>(\s+[^\s;|&]+)*)') { continue }
            $words = @($Matches['args'].Trim() -split '\s+' | Where-Object { $_ })
            $tasks = @(); $parameters = @{}
            for ($i = 0; $i -lt $words.Count; $i++) {
                if ($words[$i] -like '-*') { $parameters[$words[$i].Substring(1)] = $words[$i + 1]; $i++ }
                else { $tasks += $words[$i].TrimEnd(',') }
            }
            [pscustomobject]@{ Tasks = $tasks; Parameters = $parameters }
        }
    }

    # build.ps1's table of runtimes: RID, Rust target and file name.
    $buildScript = Get-Content -Raw (Join-Path $Root 'build.ps1')
    $script:BuildTargets = @{}
    foreach ($m in [regex]::Matches($buildScript, "'(?<rid>[a-z]+-[a-z0-9]+)'\s*=\s*@\{\s*Target\s*=\s*'(?<target>[^']+)'")) { $BuildTargets[$m.Groups['rid'].Value] = $m.Groups['target'].Value }
}

Describe 'The YAML reader' {
    It 'reads mappings, sequences of mappings, quoted scalars, literal blocks and comments' {
        $doc = ConvertFrom-WorkflowYaml @"
# a comment
name: Release   # trailing comment
on:
  push:
    tags:
      - 'v*'
  workflow_dispatch:
jobs:
  a:
    runs-on: `${{ matrix.runner }}
    steps:
      - uses: actions/checkout@v5
      - name: "say \"hi\""
        run: |
          echo one # kept
          echo two
      - run: |-
          last
list:
- x
- 'it''s'
"@
        $doc.name | Should -Be 'Release'
        @($doc.on.push.tags) | Should -Be @('v*')
        $doc.on.Contains('workflow_dispatch') | Should -BeTrue
        $doc.on.workflow_dispatch | Should -BeNullOrEmpty
        $doc.jobs.a.'runs-on' | Should -Be '${{ matrix.runner }}'
        $doc.jobs.a.steps.Count | Should -Be 3
        $doc.jobs.a.steps[0].uses | Should -Be 'actions/checkout@v5'
        $doc.jobs.a.steps[1].name | Should -Be 'say "hi"'
        $doc.jobs.a.steps[1].run | Should -Be "echo one # kept`necho two`n"
        $doc.jobs.a.steps[2].run | Should -Be 'last'
        @($doc.list) | Should -Be @('x', "it's")
    }

    It 'refuses <Name>' -ForEach @(
        @{ Name = 'a flow sequence'; Text = 'a: [1, 2]' }
        @{ Name = 'a flow mapping'; Text = 'a: {b: 1}' }
        @{ Name = 'an anchor'; Text = 'a: &x 1' }
        @{ Name = 'an alias'; Text = 'a: *x' }
        @{ Name = 'a tag'; Text = 'a: !!str 1' }
        @{ Name = 'a folded block'; Text = "a: >`n  folded" }
        @{ Name = 'a key given twice'; Text = "a: 1`na: 2" }
        @{ Name = 'a tab in indentation'; Text = "a:`n`tb: 1" }
        @{ Name = 'a document marker'; Text = "---`na: 1" }
        @{ Name = 'a line indented under a scalar'; Text = "a: 1`n    b: 2" }
    ) {
        { ConvertFrom-WorkflowYaml $Text } | Should -Throw
    }

    It 'evaluates conditions over matrix values and refuses others' {
        $entry = @{ rid = 'win-x64'; 'runs-here' = 'true'; cross = 'false' }
        Test-WorkflowCondition "matrix.rid == 'win-x64'" $entry | Should -BeTrue
        Test-WorkflowCondition "matrix.rid != 'win-x64'" $entry | Should -BeFalse
        Test-WorkflowCondition 'matrix.runs-here' $entry | Should -BeTrue
        Test-WorkflowCondition 'matrix.cross' $entry | Should -BeFalse
        Test-WorkflowCondition '!matrix.cross && (matrix.runs-here || false)' $entry | Should -BeTrue
        { Test-WorkflowCondition 'success()' $entry } | Should -Throw
        { Test-WorkflowCondition "github.ref == 'x'" $entry } | Should -Throw
    }
}

Describe 'The release workflow' {
    BeforeAll {
        $script:Workflow = ConvertFrom-WorkflowYaml (Get-Content -Raw $WorkflowPath)
        $script:CoreRuns = @(Get-JobRuns $Workflow.jobs.core)
    }

    It 'uses only GitHub''s own actions, each pinned to a major version' {
        $allowed = '^actions/(checkout|setup-dotnet|upload-artifact|download-artifact)@v\d+$'
        $uses = @(foreach ($job in $Workflow.jobs.Values) { foreach ($step in $job.steps) { if ($step.Contains('uses')) { $step.uses } } })
        $uses.Count | Should -BeGreaterThan 0
        foreach ($action in $uses) { $action | Should -Match $allowed }
        # Every 'uses:' in the text was read: none hides where the reader did not look.
        $inText = [regex]::Matches((Get-Content -Raw $WorkflowPath), '(?m)^\s*(-\s+)?uses\s*:').Count
        $uses.Count | Should -Be $inText
    }

    It 'builds the core for every runtime the module loads, each on a runner of its OS' {
        @($CoreRuns.Entry | ForEach-Object { $_.rid } | Sort-Object) | Should -Be @($Rids | Sort-Object)
        foreach ($run in $CoreRuns) {
            $rid = $run.Entry.rid
            $run.Platform.Split('-')[0] | Should -Be $rid.Split('-')[0] -Because "$rid builds on $($run.Runner)"
            $run.Entry.target | Should -Be $BuildTargets[$rid] -Because "build.ps1 builds $rid for that target"
            $native = @($run.Steps | Where-Object { $_.Builds | Where-Object { $_.Tasks -contains 'Native' -and $_.Parameters.Rid -eq $rid } })
            $native.Count | Should -Be 1 -Because "$rid's core is built with ./build.ps1 Native -Rid $rid"
            $rustup = @($run.Steps | Where-Object { $_.Run -match "rustup target add $([regex]::Escape($BuildTargets[$rid]))" })
            $rustup.Count | Should -Be 1 -Because "$rid's Rust target is installed"
            $upload = @($run.Steps | Where-Object { $_.Uses -like 'actions/upload-artifact@*' })
            $upload.Count | Should -Be 1
            $upload[0].With.name | Should -Match ([regex]::Escape($rid))
            $upload[0].With.path | Should -Be 'out/runtimes/'
        }
    }

    It 'runs the cargo tests and Pester wherever the runner can run the core, and only there' {
        foreach ($run in $CoreRuns) {
            $tests = @($run.Steps | Where-Object { $_.Builds | Where-Object { $_.Tasks -contains 'Test' } })
            if ($run.Platform -eq $run.Entry.rid) {
                $tests.Count | Should -Be 1 -Because "$($run.Entry.rid) runs on $($run.Runner)"
                $tests[0].Shell | Should -Be 'pwsh'
            }
            else { $tests.Count | Should -Be 0 -Because "$($run.Entry.rid) is cross-compiled on $($run.Runner)" }
        }
        # Each native runner's platform is tested somewhere.
        @($CoreRuns | Where-Object { $_.Platform -eq $_.Entry.rid }).Count | Should -BeGreaterOrEqual 4
    }

    It 'cross-compiles aarch64 Linux with the GNU cross linker' {
        $run = $CoreRuns | Where-Object { $_.Entry.rid -eq 'linux-arm64' }
        $steps = @($run.Steps)
        $install = -1; $native = -1
        for ($i = 0; $i -lt $steps.Count; $i++) {
            if ($install -lt 0 -and $steps[$i].Run -match 'apt-get install[^\n]*\bgcc-aarch64-linux-gnu\b') { $install = $i }
            if ($native -lt 0 -and @($steps[$i].Builds | Where-Object { $_.Tasks -contains 'Native' }).Count -gt 0) { $native = $i }
        }
        $install | Should -BeGreaterOrEqual 0
        $native | Should -BeGreaterThan $install
        $steps[$native].Env['CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER'] | Should -Be 'aarch64-linux-gnu-gcc'
    }

    It 'links the Windows cores with a static C runtime (build.ps1 sets it for both Windows targets)' {
        $buildScript = Get-Content -Raw (Join-Path $Root 'build.ps1')
        $buildScript | Should -Match 'foreach \(\$target in ''x86_64-pc-windows-msvc'', ''aarch64-pc-windows-msvc''\)'
        $buildScript | Should -Match "'-C target-feature=\+crt-static'"
    }

    It 'runs Pester on Windows PowerShell 5.1, after a step that stages the module' {
        $desktop = @(foreach ($run in $CoreRuns) {
                if ($run.Runner -notlike 'windows-*') { continue }
                for ($i = 0; $i -lt $run.Steps.Count; $i++) {
                    $step = $run.Steps[$i]
                    $pester = @($step.Builds | Where-Object { $_.Tasks -contains 'Pester' -and $_.Parameters.Edition -eq 'Desktop' })
                    if ($i -eq 0 -or $step.Shell -ne 'powershell' -or $pester.Count -eq 0) { continue }
                    $staged = @($run.Steps[0..($i - 1)] | Where-Object { $_.Builds | Where-Object { $_.Tasks -contains 'Test' } })
                    if ($staged.Count -gt 0) { $run.Entry.rid }
                }
            })
        $desktop | Should -Contain 'win-x64'
    }

    It 'runs Pester on PowerShell 7 on Windows, Linux and macOS' {
        foreach ($os in 'win', 'linux', 'osx') {
            $core = @($CoreRuns | Where-Object { $_.Platform -like "$os-*" } | ForEach-Object {
                    $_.Steps | Where-Object { $_.Shell -eq 'pwsh' -and ($_.Builds | Where-Object { $_.Tasks -contains 'Test' }) }
                })
            $core.Count | Should -BeGreaterThan 0 -Because "PowerShell 7 on $os runs ./build.ps1 Test"
        }
    }

    It 'assembles one module from every core and uploads it' {
        $job = $Workflow.jobs.module
        @($job.needs) | Should -Contain 'core'
        $runs = @(Get-JobRuns $job)
        $runs.Count | Should -Be 1
        $steps = @($runs[0].Steps)
        $download = @($steps | Where-Object { $_.Uses -like 'actions/download-artifact@*' })
        $download.Count | Should -Be 1
        $download[0].With['merge-multiple'] | Should -Be 'true'
        # The pattern takes every core's artifact.
        foreach ($run in $CoreRuns) {
            $name = ($run.Steps | Where-Object { $_.Uses -like 'actions/upload-artifact@*' }).With.name
            $name | Should -BeLike $download[0].With.pattern
        }
        $package = @($steps | ForEach-Object { $_.Builds } | Where-Object { $_.Tasks -contains 'Package' })
        $package.Count | Should -Be 1
        $package[0].Parameters.RuntimesDir | Should -Be $download[0].With.path
        $upload = @($steps | Where-Object { $_.Uses -like 'actions/upload-artifact@*' })
        $upload.Count | Should -Be 1
        $upload[0].With.path | Should -Be 'out/package/'
    }
}

Describe 'Versions and the changelog' {
    BeforeAll {
        $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'pwsh-module/ImmutableId.psd1')).ModuleVersion
    }

    It 'has one version: the manifest''s, repeated by Cargo.toml and the csproj' {
        $cargo = Get-Content -Raw (Join-Path $Root 'Cargo.toml')
        $section = [regex]::Match($cargo, '(?ms)^\[workspace\.package\]\s*$(.*?)(?=^\[|\z)').Groups[1].Value
        [regex]::Match($section, '(?m)^version\s*=\s*"([^"]*)"').Groups[1].Value | Should -Be $Version
        $csproj = Get-Content -Raw (Join-Path $Root 'pwsh-module/src/ImmutableId.csproj')
        [regex]::Match($csproj, '<Version>([^<]*)</Version>').Groups[1].Value | Should -Be $Version
    }

    It 'keeps a changelog with an entry for the manifest''s version, newest first' {
        $changelog = Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')
        $changelog | Should -Match 'keepachangelog\.com'
        $versions = @([regex]::Matches($changelog, '(?m)^## \[(\d+\.\d+\.\d+)\]') | ForEach-Object { $_.Groups[1].Value })
        $versions[0] | Should -Be $Version
        $versions | Should -Contain '0.1.0'
        @($versions | Sort-Object { [version]$_ } -Descending) | Should -Be $versions
        (Import-PowerShellDataFile (Join-Path $Root 'pwsh-module/ImmutableId.psd1')).PrivateData.PSData.ReleaseNotes | Should -Match "^$([regex]::Escape($Version)):"
    }
}
