# The workflows cannot run here, so this reads them (issue 23). .github/workflows/build.yml,
# the dry run of every pull request, must build and test the core for every runtime the
# module loads on a runner of that runtime's own OS and architecture, run Pester in
# PowerShell 7 everywhere and in Windows PowerShell 5.1 on both Windows runners, check each
# library it tested, package exactly those libraries without rebuilding, and install the
# .nupkg on every platform; .github/workflows/release.yml, on tags, must refuse a tag that is
# not the manifest's version, reuse build.yml, and alone publish: a GitHub Release with the
# .nupkg, SHA256SUMS and a provenance attestation, and the Gallery from a protected
# environment. Both use only GitHub's own actions, a timeout on every job and a concurrency
# group. PowerShell has no YAML reader; the one below reads the subset the workflows keep to
# and refuses everything else, so a construct it does not know fails this file instead of
# being misread.
BeforeAll {
    $script:Root = $PSScriptRoot
    while ($Root -and -not (Test-Path (Join-Path $Root 'build.ps1'))) { $script:Root = Split-Path $Root }
    $script:BuildWorkflowPath = Join-Path $Root '.github/workflows/build.yml'
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

    # ${{ matrix.x }} replaced by the entry's value; the contexts a run supplies (github,
    # inputs, needs, secrets, env, steps, vars, runner) kept as written; anything else refused.
    $script:RunContexts = '^(github|inputs|needs|secrets|env|steps|vars|runner)\.[\w.-]+$'
    function Expand-WorkflowText([string] $Text, $Entry) {
        if ($null -eq $Text) { return $null }
        [regex]::Replace($Text, '\$\{\{\s*(?<expr>[^}]*?)\s*\}\}', {
                param($m)
                $expr = $m.Groups['expr'].Value
                if ($expr -match $RunContexts) { return $m.Value }
                if ($expr -notmatch '^matrix\.([\w-]+)$') { throw "expression not read here: $expr" }
                if (-not $Entry.Contains($Matches[1])) { throw "no matrix value $expr" }
                [string]$Entry[$Matches[1]]
            })
    }

    # An 'if:' over matrix values and run contexts: matrix.x, env.X (and the other contexts
    # a run supplies, whose value is not known here), 'literal', true, false, ==, !=, !, &&,
    # ||, ( ). True, false, or $null when it depends on the run (a secret, an input...).
    function Test-WorkflowCondition([string] $Condition, $Entry) {
        if ([string]::IsNullOrWhiteSpace($Condition)) { return $true }
        $text = $Condition.Trim()
        if ($text -match '^\$\{\{(.*)\}\}$') { $text = $Matches[1] }
        $tokens = @([regex]::Matches($text, "\s*(matrix\.[\w-]+|[a-z]+\.[\w.-]+|'[^']*'|true|false|==|!=|&&|\|\||!|\(|\)|\S+)") | ForEach-Object { $_.Groups[1].Value })
        $parser = @{ Tokens = $tokens; At = 0; Entry = $Entry }
        $value = Read-ConditionOr $parser
        if ($parser.At -ne $tokens.Count) { throw "condition not read here: $Condition" }
        ConvertTo-ConditionBool $value
    }
    # The value a run decides: unknown here.
    $script:RunValue = [pscustomobject]@{ RunValue = $true }
    function Test-RunValue($Value) { [object]::ReferenceEquals($Value, $RunValue) }
    function ConvertTo-ConditionBool($Value) {
        if (Test-RunValue $Value) { return $null }
        if ($null -eq $Value -or $Value -is [bool]) { return $Value }
        $Value -notin @('', 'false', '0')
    }
    function Read-ConditionOr($P) {
        $left = Read-ConditionAnd $P
        while ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -eq '||') {
            $P.At++; $right = Read-ConditionAnd $P
            $l = ConvertTo-ConditionBool $left; $r = ConvertTo-ConditionBool $right
            $left = if ($l -eq $true -or $r -eq $true) { $true } elseif ($null -eq $l -or $null -eq $r) { $RunValue } else { $false }
        }
        $left
    }
    function Read-ConditionAnd($P) {
        $left = Read-ConditionCompare $P
        while ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -eq '&&') {
            $P.At++; $right = Read-ConditionCompare $P
            $l = ConvertTo-ConditionBool $left; $r = ConvertTo-ConditionBool $right
            $left = if ($l -eq $false -or $r -eq $false) { $false } elseif ($null -eq $l -or $null -eq $r) { $RunValue } else { $true }
        }
        $left
    }
    function Read-ConditionCompare($P) {
        $left = Read-ConditionUnary $P
        if ($P.At -lt $P.Tokens.Count -and $P.Tokens[$P.At] -in @('==', '!=')) {
            $op = $P.Tokens[$P.At]; $P.At++
            $right = Read-ConditionUnary $P
            if ((Test-RunValue $left) -or (Test-RunValue $right)) { return $RunValue }
            $equal = "$left" -eq "$right"
            if ($op -eq '==') { return $equal } else { return -not $equal }
        }
        $left
    }
    function Read-ConditionUnary($P) {
        if ($P.At -ge $P.Tokens.Count) { throw 'condition ends too soon' }
        $token = $P.Tokens[$P.At]; $P.At++
        if ($token -eq '!') {
            $operand = ConvertTo-ConditionBool (Read-ConditionUnary $P)
            if ($null -eq $operand) { return $RunValue }
            return -not $operand
        }
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
        if ($token -match $RunContexts) { return $RunValue }
        if ($token -match "^'(.*)'$") { return $Matches[1] }
        if ($token -eq 'true') { return $true }
        if ($token -eq 'false') { return $false }
        throw "condition token not read here: $token"
    }

    # Each matrix entry of a job (one empty entry without a matrix) with what runs for it:
    # the runner, and the steps whose condition holds or depends on the run (RunDependent),
    # expanded, with their shell.
    function Get-JobRuns($Job, $Document = $Workflow) {
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
                $condition = if ($step.Contains('if')) { Test-WorkflowCondition $step.if $entry } else { $true }
                if ($condition -eq $false) { continue }
                $shell = if ($step.Contains('shell')) { $step.shell } elseif ($runner -like 'windows-*') { 'pwsh' } else { 'bash' }
                $environment = @{}
                foreach ($scope in $Document.env, $Job.env, $step.env) { if ($scope) { foreach ($k in $scope.Keys) { $environment[$k] = Expand-WorkflowText $scope[$k] $entry } } }
                $with = @{}
                if ($step.Contains('with')) { foreach ($k in $step.with.Keys) { $with[$k] = Expand-WorkflowText $step.with[$k] $entry } }
                [pscustomobject]@{
                    Name = $step.name; Uses = $step.uses; Shell = $shell; Run = Expand-WorkflowText $step.run $entry; Env = $environment; With = $with
                    If = $step.if; RunDependent = ($null -eq $condition)
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
            $tasks = @(); $parameters = @{}; $splats = @()
            for ($i = 0; $i -lt $words.Count; $i++) {
                if ($words[$i] -like '-*') { $parameters[$words[$i].Substring(1)] = $words[$i + 1]; $i++ }
                elseif ($words[$i] -like '@*') { $splats += $words[$i].Substring(1) }
                else { $tasks += $words[$i].TrimEnd(',') }
            }
            [pscustomobject]@{ Tasks = $tasks; Parameters = $parameters; Splats = $splats }
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
        # What a run decides (a secret, an input, the ref) is neither true nor false here...
        Test-WorkflowCondition "env.SECRET != ''" $entry | Should -BeNullOrEmpty
        Test-WorkflowCondition "github.ref == 'x'" $entry | Should -BeNullOrEmpty
        # ...unless the matrix decides without it.
        Test-WorkflowCondition "matrix.rid == 'linux-x64' && env.SECRET != ''" $entry | Should -BeFalse
        Test-WorkflowCondition "matrix.rid == 'win-x64' || env.SECRET != ''" $entry | Should -BeTrue
        { Test-WorkflowCondition 'success()' $entry } | Should -Throw
        { Test-WorkflowCondition "unknown.thing == 'x'" $entry } | Should -Throw
    }
}

Describe 'The workflows' {
    BeforeAll {
        $script:Build = ConvertFrom-WorkflowYaml (Get-Content -Raw $BuildWorkflowPath)
        $script:Workflow = ConvertFrom-WorkflowYaml (Get-Content -Raw $WorkflowPath)
        $script:Documents = @(@{ Path = $BuildWorkflowPath; Doc = $Build }, @{ Path = $WorkflowPath; Doc = $Workflow })
        $script:CoreRuns = @(Get-JobRuns $Build.jobs.core $Build)
        $script:PackageRun = @(Get-JobRuns $Build.jobs.package $Build)[0]
        $script:InstallRuns = @(Get-JobRuns $Build.jobs.install $Build)
        # The steps of a run whose script calls a tools/ script, by name.
        function Get-ToolStep($Run, [string] $Tool) { @($Run.Steps | Where-Object { $_.Run -match "tools[\\/]$([regex]::Escape($Tool))" }) }
        # The index of the first step matching a filter, or -1.
        function Find-StepIndex($Run, [scriptblock] $Filter) {
            for ($i = 0; $i -lt $Run.Steps.Count; $i++) { if (& $Filter $Run.Steps[$i]) { return $i } }
            -1
        }
    }

    It 'uses only GitHub''s own actions, each pinned to a major version' {
        $allowed = '^actions/(checkout|setup-dotnet|upload-artifact|download-artifact|attest-build-provenance)@v\d+$'
        foreach ($document in $Documents) {
            $uses = @(foreach ($job in $document.Doc.jobs.Values) { foreach ($step in $job.steps) { if ($step.Contains('uses')) { $step.uses } } })
            foreach ($action in $uses) { $action | Should -Match $allowed }
            # Every step 'uses:' in the text was read: none hides where the reader did not look
            # (a job's own 'uses:' calls a workflow and is not a step).
            $inText = [regex]::Matches((Get-Content -Raw $document.Path), '(?m)^\s+-\s+uses\s*:').Count
            $uses.Count | Should -Be $inText -Because $document.Path
        }
    }

    It 'runs the dry run on every pull request, publishing nothing, and the tag run calls it' {
        $Build.on.Contains('pull_request') | Should -BeTrue
        $Build.on.Contains('workflow_call') | Should -BeTrue
        $Build.on.workflow_call.inputs.Contains('prerelease') | Should -BeTrue
        @($Workflow.on.Keys) | Should -Be @('push')
        @($Workflow.on.push.tags) | Should -Be @('v*')
        $call = $Workflow.jobs.build
        $call.uses | Should -Be './.github/workflows/build.yml'
        $call.secrets | Should -Be 'inherit'
        $call.with.prerelease | Should -Be '${{ needs.version.outputs.prerelease }}'
        # Nothing in the dry run can write to the repository or publish.
        $text = Get-Content -Raw $BuildWorkflowPath
        $text | Should -Not -Match 'gh release|Publish-PSResource|attest-build-provenance|contents:\s*write|id-token'
        @($Build.permissions.Keys) | Should -Be @('contents')
        $Build.permissions.contents | Should -Be 'read'
    }

    It 'builds and tests the core for every runtime on a runner of its own OS and architecture' {
        @($CoreRuns.Entry | ForEach-Object { $_.rid } | Sort-Object) | Should -Be @($Rids | Sort-Object)
        foreach ($run in $CoreRuns) {
            $rid = $run.Entry.rid
            $run.Platform | Should -Be $rid -Because "$rid is built and tested natively (no cross-compiling), on $($run.Runner)"
            $tests = @($run.Steps | Where-Object { $_.Builds | Where-Object { $_.Tasks -contains 'Test' } })
            $tests.Count | Should -Be 1 -Because "$rid runs ./build.ps1 Test"
            $tests[0].Shell | Should -Be 'pwsh'
            $tests[0].RunDependent | Should -BeFalse
            @($run.Steps | Where-Object { $_.Run -match '--target|build\.ps1 Native' }).Count | Should -Be 0 -Because 'every core is built for the runner it runs on'
            # The pinned toolchain is installed before anything builds.
            $rustup = Find-StepIndex $run { param($s) $s.Run -match '(?m)^\s*rustup toolchain install\s*$' }
            $test = Find-StepIndex $run { param($s) $s.Builds | Where-Object { $_.Tasks -contains 'Test' } }
            $rustup | Should -BeGreaterOrEqual 0
            $rustup | Should -BeLessThan $test
        }
    }

    It 'installs valgrind and strace on the Linux runners before the tests' {
        foreach ($run in $CoreRuns | Where-Object { $_.Entry.rid -like 'linux-*' }) {
            $install = Find-StepIndex $run { param($s) $s.Run -match 'apt-get install[^\n]*\bstrace\b' -and $s.Run -match 'apt-get install[^\n]*\bvalgrind\b' }
            $test = Find-StepIndex $run { param($s) $s.Builds | Where-Object { $_.Tasks -contains 'Test' } }
            $install | Should -BeGreaterOrEqual 0 -Because "$($run.Entry.rid) has strace for the isolation tests"
            $install | Should -BeLessThan $test
        }
    }

    It 'runs Pester in Windows PowerShell 5.1 on both Windows runners, after the module is staged' {
        foreach ($run in $CoreRuns | Where-Object { $_.Entry.rid -like 'win-*' }) {
            $desktop = Find-StepIndex $run { param($s) $s.Shell -eq 'powershell' -and ($s.Builds | Where-Object { $_.Tasks -contains 'Pester' -and $_.Parameters.Edition -eq 'Desktop' }) }
            $test = Find-StepIndex $run { param($s) $s.Builds | Where-Object { $_.Tasks -contains 'Test' } }
            $desktop | Should -BeGreaterThan $test -Because "$($run.Entry.rid) runs Pester in 5.1 after Test stages the module"
            $run.Steps[$desktop].RunDependent | Should -BeFalse
        }
        # PowerShell 7 comes before any pwsh step where the image may lack it.
        $arm = $CoreRuns | Where-Object { $_.Entry.rid -eq 'win-arm64' }
        $pwsh = Find-StepIndex $arm { param($s) $s.Shell -eq 'powershell' -and $s.Run -match 'dotnet tool install --global PowerShell' }
        $firstPwsh = Find-StepIndex $arm { param($s) $s.Run -and $s.Shell -eq 'pwsh' }
        $pwsh | Should -BeGreaterOrEqual 0
        $pwsh | Should -BeLessThan $firstPwsh
    }

    It 'checks each tested library, then uploads the library Pester tested' {
        foreach ($run in $CoreRuns) {
            $test = Find-StepIndex $run { param($s) $s.Builds | Where-Object { $_.Tasks -contains 'Test' } }
            $check = Find-StepIndex $run { param($s) $s.Run -match 'tools[\\/]Test-NativeLibrary\.ps1 -Path out/ImmutableId\s*$' }
            $upload = Find-StepIndex $run { param($s) $s.Uses -like 'actions/upload-artifact@*' -and $s.With.name -like 'core-*' }
            $check | Should -BeGreaterThan $test
            $upload | Should -BeGreaterThan $check
            $run.Steps[$upload].With.name | Should -Be "core-$($run.Entry.rid)"
            $run.Steps[$upload].With.path | Should -Be 'out/ImmutableId/runtimes/' -Because 'the staged module''s library is the one Pester loaded'
            # A library changed after the check (signed) is checked again before it leaves.
            $last = -1
            for ($i = 0; $i -lt $upload; $i++) { if ($run.Steps[$i].Run -match 'tools[\\/]Test-NativeLibrary\.ps1') { $last = $i } }
            foreach ($i in ($last + 1)..($upload - 1)) { if ($i -gt $last -and $i -lt $upload) { $run.Steps[$i].Run | Should -Not -Match 'codesign' } }
        }
        $staged = @($CoreRuns | ForEach-Object { $_.Steps } | Where-Object { $_.Uses -like 'actions/upload-artifact@*' -and $_.With.name -eq 'module-staged' })
        $staged.Count | Should -Be 1 -Because 'one runner''s staged module is packaged'
        $staged[0].With.path | Should -Be 'out/ImmutableId/'
    }

    It 'packages the tested module and cores, rebuilding nothing, and checks what it packed' {
        $steps = @($PackageRun.Steps)
        @($Build.jobs.package.needs) | Should -Contain 'core'
        $modules = @($steps | Where-Object { $_.Uses -like 'actions/download-artifact@*' -and $_.With.name -eq 'module-staged' })
        $cores = @($steps | Where-Object { $_.Uses -like 'actions/download-artifact@*' -and $_.With.pattern -eq 'core-*' })
        $modules.Count | Should -Be 1
        $cores.Count | Should -Be 1
        $cores[0].With['merge-multiple'] | Should -Be 'true'
        $builds = @($steps | ForEach-Object { $_.Builds })
        @($builds | ForEach-Object { $_.Tasks }) | Should -Be @('Assemble', 'Pack')
        $assemble = $builds[0]
        $assemble.Parameters.ModuleFrom | Should -Be $modules[0].With.path
        $assemble.Parameters.RuntimesDir | Should -Be $cores[0].With.path
        $assemble.Splats | Should -Be @('prerelease')
        ($steps | Where-Object { $_.Builds.Count -gt 0 } | Select-Object -First 1).Run | Should -Match '\$env:PRERELEASE'
        $PackageRun.Steps[0].Env.PRERELEASE | Should -Be '${{ inputs.prerelease }}'
        @($steps | Where-Object { $_.Run -match 'cargo|dotnet build|build\.ps1 (Build|Test|Native|Package)\b' }).Count | Should -Be 0
        # The folder holds the six tested libraries; the .nupkg holds the folder's (signed or not).
        $folderCheck = @($steps | Where-Object { $_.Run -match 'Test-NativeLibrary\.ps1 -Path out/package/ImmutableId -AllRuntimes -SameAs prebuilt' })
        $packCheck = @($steps | Where-Object { $_.Run -match 'Test-NativeLibrary\.ps1 -Path \(Get-Item out/package/\*\.nupkg\)\.FullName -AllRuntimes -SameAs out/package/ImmutableId' })
        $folderCheck.Count | Should -Be 1
        $packCheck.Count | Should -Be 1
        $packCheck[0].Run | Should -Match 'SHA256SUMS'
        $upload = @($steps | Where-Object { $_.Uses -like 'actions/upload-artifact@*' })
        $upload.Count | Should -Be 1
        $upload[0].With.name | Should -Be 'package'
        $upload[0].With.path | Should -Match 'out/package/\*\.nupkg'
        $upload[0].With.path | Should -Match 'out/package/SHA256SUMS'
    }

    It 'installs the .nupkg and converts on every OS and architecture, in PowerShell 7 and in 5.1 on Windows' {
        @($InstallRuns.Entry | ForEach-Object { $_.rid } | Sort-Object) | Should -Be @($Rids | Sort-Object)
        @($Build.jobs.install.needs) | Should -Contain 'package'
        foreach ($run in $InstallRuns) {
            $rid = $run.Entry.rid
            $run.Platform | Should -Be $rid
            $core = @(Get-ToolStep $run 'Test-PackageInstall.ps1' | Where-Object { $_.Shell -eq 'pwsh' })
            $core.Count | Should -Be 1 -Because "$rid installs in PowerShell 7"
            $core[0].Run | Should -Match '-Package \(Get-Item package/\*\.nupkg\)\.FullName'
            $core[0].Run | Should -Match "-ExpectedRid $rid\b"
            $desktop = @(Get-ToolStep $run 'Test-PackageInstall.ps1' | Where-Object { $_.Shell -eq 'powershell' })
            if ($rid -like 'win-*') { $desktop.Count | Should -Be 1 -Because "$rid imports in Windows PowerShell 5.1" }
            else { $desktop.Count | Should -Be 0 }
        }
    }

    It 'signs when the secrets are there and says so when they are not' {
        $authenticode = @($PackageRun.Steps | Where-Object { $_.Run -match 'Add-PackageSignature\.ps1' })
        $authenticode.Count | Should -Be 1
        $authenticode[0].If | Should -Be "env.AUTHENTICODE_PFX_BASE64 != ''"
        $Build.jobs.package.env.AUTHENTICODE_PFX_BASE64 | Should -Be '${{ secrets.AUTHENTICODE_PFX_BASE64 }}'
        @($PackageRun.Steps | Where-Object { $_.If -eq "env.AUTHENTICODE_PFX_BASE64 == ''" -and $_.Run -match '::notice' }).Count | Should -Be 1
        # Signed between Assemble and Pack: the manifest carries its prerelease label first.
        $order = @($PackageRun.Steps | ForEach-Object { if ($_.Builds.Count) { $_.Builds[0].Tasks[0] } elseif ($_.Run -match 'Add-PackageSignature') { 'Sign' } })
        $order | Should -Be @('Assemble', 'Sign', 'Pack')
        foreach ($run in $CoreRuns | Where-Object { $_.Entry.rid -like 'osx-*' }) {
            $sign = @($run.Steps | Where-Object { $_.Run -match 'codesign --force' -and $_.Run -match 'notarytool submit' })
            $sign.Count | Should -Be 1
            $sign[0].If | Should -Match "env\.APPLE_CERTIFICATE_P12_BASE64 != ''"
            @($run.Steps | Where-Object { $_.If -match "env\.APPLE_CERTIFICATE_P12_BASE64 == ''" -and $_.Run -match '::notice' }).Count | Should -Be 1
        }
        foreach ($run in $CoreRuns | Where-Object { $_.Entry.rid -notlike 'osx-*' }) { @($run.Steps | Where-Object { $_.Run -match 'codesign' }).Count | Should -Be 0 }
    }

    It 'refuses a tag that is not the manifest''s version before anything is built' {
        $version = $Workflow.jobs.version
        (@(Get-JobRuns $version)[0].Steps | Where-Object Run).Run | Should -Match "tools[\\/]Get-ReleaseVersion\.ps1 -Tag '\$\{\{ github\.ref_name \}\}'"
        $version.outputs.prerelease | Should -Be '${{ steps.tag.outputs.prerelease }}'
        @($Workflow.jobs.build.needs) | Should -Be @('version')
    }

    It 'publishes from the tag run only: a GitHub Release with the .nupkg, SHA256SUMS and provenance; the Gallery from a protected environment' {
        $release = $Workflow.jobs.release
        @($release.needs) | Should -Contain 'build'
        $release.permissions.contents | Should -Be 'write'
        $release.permissions['id-token'] | Should -Be 'write'
        $release.permissions.attestations | Should -Be 'write'
        # Write permission on that job only.
        $Workflow.permissions.contents | Should -Be 'read'
        foreach ($name in $Workflow.jobs.Keys | Where-Object { $_ -ne 'release' }) {
            $job = $Workflow.jobs[$name]
            if ($job.Contains('permissions')) { @($job.permissions.Values) | Should -Not -Contain 'write' -Because $name }
        }
        $steps = @(Get-JobRuns $release)[0].Steps
        $attest = @($steps | Where-Object { $_.Uses -like 'actions/attest-build-provenance@*' })
        $attest.Count | Should -Be 1
        $attest[0].With['subject-path'] | Should -Be 'package/*.nupkg'
        $publish = @($steps | Where-Object { $_.Run -match 'gh release create' })
        $publish.Count | Should -Be 1
        $publish[0].Run | Should -Match 'package/\*\.nupkg package/SHA256SUMS'
        $publish[0].Run | Should -Match '--verify-tag'
        $publish[0].Run | Should -Match '--prerelease'
        @($steps | Where-Object { $_.Run -match '(?m)^sha256sum --check SHA256SUMS\s*$' }).Count | Should -Be 1

        $gallery = $Workflow.jobs.gallery
        $gallery.environment | Should -Be 'powershell-gallery'
        @($gallery.needs) | Should -Contain 'release'
        $gallery.env.PSGALLERY_API_KEY | Should -Be '${{ secrets.PSGALLERY_API_KEY }}'
        $galleryRuns = @(Get-JobRuns $gallery)[0].Steps
        $push = @($galleryRuns | Where-Object { $_.Run -match 'Publish-PSResource -NupkgPath' })
        $push.Count | Should -Be 1
        $push[0].If | Should -Be "env.PSGALLERY_API_KEY != ''"
        @($galleryRuns | Where-Object { $_.If -eq "env.PSGALLERY_API_KEY == ''" -and $_.Run -match '::notice' }).Count | Should -Be 1
        # Nothing else in either workflow publishes.
        (Get-Content -Raw $WorkflowPath) -split "`n" | Where-Object { $_ -match '^\s*(gh release create|Publish-PSResource -)' } | Should -HaveCount 2
    }

    It 'sets timeout-minutes on every job that runs on a runner, and a concurrency group on each workflow' {
        foreach ($document in $Documents) {
            $document.Doc.Contains('concurrency') | Should -BeTrue -Because $document.Path
            $document.Doc.concurrency.group | Should -Not -BeNullOrEmpty
            foreach ($name in $document.Doc.jobs.Keys) {
                $job = $document.Doc.jobs[$name]
                if ($job.Contains('uses')) {
                    # A job that calls a workflow takes no runs-on nor timeout: the called jobs have theirs.
                    $job.Contains('timeout-minutes') | Should -BeFalse
                    continue
                }
                [int]$job['timeout-minutes'] | Should -BeGreaterThan 0 -Because "$name in $($document.Path)"
            }
        }
        # Distinct groups: a called workflow sharing its caller's group would deadlock.
        $Build.concurrency.group | Should -Not -Be $Workflow.concurrency.group
        $Build.concurrency.group | Should -Not -Match 'github\.workflow'
    }

    It 'pins the Rust toolchain to one version and builds with --locked' {
        $toolchain = Get-Content -Raw (Join-Path $Root 'rust-toolchain.toml')
        $toolchain | Should -Match '(?m)^\[toolchain\]'
        $toolchain | Should -Match '(?m)^channel\s*=\s*"\d+\.\d+\.\d+"\s*$'
        $buildScript = Get-Content -Raw (Join-Path $Root 'build.ps1')
        $buildScript | Should -Match "\`$Arguments\[0\] -in 'build', 'test'\) \{ @\('--locked'\) \}"
        (Get-Content -Raw (Join-Path $Root '.ci/run')) | Should -Match 'rust-toolchain\.toml'
    }

    It 'links the Windows cores with a static C runtime (build.ps1 sets it for both Windows targets)' {
        $buildScript = Get-Content -Raw (Join-Path $Root 'build.ps1')
        $buildScript | Should -Match 'foreach \(\$target in ''x86_64-pc-windows-msvc'', ''aarch64-pc-windows-msvc''\)'
        $buildScript | Should -Match "'-C target-feature=\+crt-static'"
    }
}

Describe 'Release tags' {
    BeforeAll {
        $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'pwsh-module/ImmutableId.psd1')).ModuleVersion
        $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $Pwsh -and $PSVersionTable.PSEdition -eq 'Core') { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
        function Invoke-TagCheck([string] $Tag) {
            $output = @(& $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Get-ReleaseVersion.ps1') -Tag $Tag 2>&1 | ForEach-Object { "$_" })
            @{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
        }
    }

    It 'takes v + the manifest''s version, as a release' {
        $run = Invoke-TagCheck "v$Version"
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match "(?m)^Prerelease=$"
        $run.Text | Should -Match "(?m)^PackageVersion=$([regex]::Escape($Version))$"
    }

    It 'takes a prerelease label of letters and digits, which becomes the package''s' {
        $run = Invoke-TagCheck "refs/tags/v$Version-rc2"
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match '(?m)^Prerelease=rc2$'
        $run.Text | Should -Match "(?m)^PackageVersion=$([regex]::Escape($Version))-rc2$"
    }

    It 'refuses <Tag>' -ForEach @(
        @{ Tag = 'v99.0.0' }
        @{ Tag = '0.2.0' }
        @{ Tag = 'v0.2' }
        @{ Tag = 'v0.2.0-rc.1' }
        @{ Tag = 'v0.2.0-' }
        @{ Tag = 'release-0.2.0' }
    ) {
        $run = Invoke-TagCheck $Tag
        $run.ExitCode | Should -Be 1 -Because $run.Text
        $run.Text | Should -Match 'tag'
    }
}

Describe 'A package made as the release workflow makes it' {
    BeforeAll {
        $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'pwsh-module/ImmutableId.psd1')).ModuleVersion
        $script:Staged = Join-Path $Root 'out/ImmutableId'
        if (-not (Test-Path (Join-Path $Staged 'ImmutableId.psd1'))) { throw "No staged module in ${Staged}: run ./build.ps1 Build first." }
        $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $Pwsh -and $PSVersionTable.PSEdition -eq 'Core') { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
        # build.ps1 in a fresh pwsh (Pack needs PSResourceGet); its exit code and output.
        function Invoke-BuildScript([string[]] $Arguments) {
            $output = @(& $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'build.ps1') @Arguments 2>&1 | ForEach-Object { "$_" })
            @{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
        }
    }

    It 'packages the staged module unbuilt (-ModuleFrom) under the tag''s prerelease label (-Prerelease)' {
        $dir = Join-Path $TestDrive 'package'
        $run = Invoke-BuildScript @('Package', '-ModuleFrom', $Staged, '-Prerelease', 'rc7', '-PackageDir', $dir)
        $run.ExitCode | Should -Be 0 -Because $run.Text
        $run.Text | Should -Match 'staged from .* \(not built\)'
        $run.Text | Should -Not -Match '> cargo|> dotnet build'
        $run.Text | Should -Match 'Native libraries pass'
        @(Get-ChildItem $dir -Filter '*.nupkg').Name | Should -Be @("ImmutableId.$Version-rc7.nupkg")
        $manifest = Join-Path $dir "ImmutableId/$Version/ImmutableId.psd1"
        (Import-PowerShellDataFile $manifest).PrivateData.PSData.Prerelease | Should -Be 'rc7'
        (Import-PowerShellDataFile $manifest).ModuleVersion | Should -Be $Version
    }

    It 'refuses a -RuntimesDir core that is not the staged module''s own for the same runtime' {
        $library = @(Get-ChildItem (Join-Path $Staged 'runtimes') -Recurse -File)[0]
        $rid = Split-Path (Split-Path (Split-Path $library.FullName)) -Leaf
        $other = Join-Path $TestDrive "runtimes/$rid/native"
        New-Item -ItemType Directory -Path $other -Force | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $other $library.Name), [IO.File]::ReadAllBytes($library.FullName) + [byte[]](0))
        $run = Invoke-BuildScript @('Assemble', '-ModuleFrom', $Staged, '-RuntimesDir', (Join-Path $TestDrive 'runtimes'), '-PackageDir', (Join-Path $TestDrive 'refused'))
        $run.ExitCode | Should -Not -Be 0
        $run.Text | Should -Match "staged module's $rid core differs"
    }
}

Describe 'Line endings' {
    It 'keeps LF in every checkout for the files compared byte for byte (<_>)' -ForEach @('rust-core/abi/include/immutableid.h', 'pwsh-module/en-US/ImmutableId.dll-Help.xml') {
        $attributes = Get-Content (Join-Path $Root '.gitattributes')
        $attributes | Should -Contain '* text=auto eol=lf'
        $git = Get-Command git -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($git -and (Test-Path (Join-Path $Root '.git'))) {
            $attr = & $git.Source -C $Root check-attr eol -- $_
            $attr | Should -Be "${_}: eol: lf"
        }
        [IO.File]::ReadAllText((Join-Path $Root $_)) | Should -Not -Match "`r"
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
