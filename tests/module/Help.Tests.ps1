# The cmdlet help says what the cmdlets are: Get-Help -Full against Get-Command's metadata,
# the committed MAML against what tools/New-ModuleHelp.ps1 generates, and the ERROR IDS of
# about_ImmutableId against the ErrorIds the code can raise.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $commands = @(Get-Command -Module ImmutableId | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh) { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    $script:Generator = Join-Path $Root 'tools/New-ModuleHelp.ps1'
    $script:CommittedHelp = Join-Path $Root 'pwsh-module/en-US/ImmutableId.dll-Help.xml'
    $script:CommonParameters = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'

    # Each parameter set's parameters, common ones aside.
    function Get-SetParameter {
        param([System.Management.Automation.CommandParameterSetInfo] $Set)
        @($Set.Parameters | Where-Object { $CommonParameters -notcontains $_.Name })
    }

    function Get-Position {
        param([System.Management.Automation.CommandParameterInfo] $Parameter)
        if ($Parameter.Position -eq [int]::MinValue) { 'named' } else { [string]$Parameter.Position }
    }

    # Asserts a help attribute of one parameter: the sets' one value, or, when the sets differ,
    # each set's value with its name.
    function Assert-SetValue {
        param([string] $Shown, [object[]] $PerSet, [string] $What)
        $distinct = @($PerSet | ForEach-Object Value | Select-Object -Unique)
        if ($distinct.Count -eq 1) { $Shown | Should -Be $distinct[0] -Because $What; return }
        foreach ($entry in $PerSet) { $Shown | Should -Match ([regex]::Escape("$($entry.Value) ($($entry.Set))")) -Because $What }
    }

    # "True (ByValue, ByPropertyName)" and the like, read back as what it says.
    function Assert-PipelineInput {
        param([string] $Shown, [bool] $ByValue, [bool] $ByPropertyName, [string] $What)
        ($Shown -match '\bByValue\b') | Should -Be $ByValue -Because "$What (ByValue)"
        ($Shown -match '\bByPropertyName\b') | Should -Be $ByPropertyName -Because "$What (ByPropertyName)"
        ($Shown -match '^True\b') | Should -Be ($ByValue -or $ByPropertyName) -Because $What
    }

    function Assert-Aliases {
        param([string] $Shown, [string[]] $Aliases, [string] $What)
        $listed = @(if ($Shown -and $Shown -ne 'none') { $Shown -split ',\s*' })
        ($listed | Sort-Object) -join ', ' | Should -Be ((@($Aliases) | Sort-Object) -join ', ') -Because $What
    }

    # Lines of a section of Get-Help's text: from its heading to the next heading.
    function Get-HelpSection {
        param([string] $Text, [string] $Heading)
        $match = [regex]::Match($Text, "(?ms)^$Heading[ \t]*\r?\n(?<body>.*?)(?=^[A-Z][A-Z ]+[ \t]*\r?$|^\s+-{10,} Example|\z)")
        $match.Success | Should -BeTrue -Because "Get-Help shows $Heading"
        $match.Groups['body'].Value
    }

    # A string from C# source text, starting at its opening quote (or @/$ prefix): the index
    # after it. Verbatim ("" escapes), regular (\ escapes) and interpolated ({...} holes
    # that may hold strings of their own).
    function Skip-CSharpString {
        param([string] $Text, [int] $At)
        $verbatim = $false
        $interpolated = $false
        while ($Text[$At] -eq '@' -or $Text[$At] -eq '$') {
            if ($Text[$At] -eq '@') { $verbatim = $true } else { $interpolated = $true }
            $At++
        }
        $At++
        while ($At -lt $Text.Length) {
            $c = $Text[$At]
            if ($verbatim -and $c -eq '"' -and $At + 1 -lt $Text.Length -and $Text[$At + 1] -eq '"') { $At += 2; continue }
            if (-not $verbatim -and $c -eq '\') { $At += 2; continue }
            if ($c -eq '"') { return $At + 1 }
            if ($interpolated -and $c -eq '{') {
                if ($Text[$At + 1] -eq '{') { $At += 2; continue }
                $depth = 1
                $At++
                while ($At -lt $Text.Length -and $depth -gt 0) {
                    if ($Text[$At] -eq '"' -or (($Text[$At] -eq '@' -or $Text[$At] -eq '$') -and $Text[$At + 1] -eq '"')) { $At = Skip-CSharpString $Text $At; continue }
                    if ($Text[$At] -eq '{') { $depth++ } elseif ($Text[$At] -eq '}') { $depth-- }
                    $At++
                }
                continue
            }
            $At++
        }
        $At
    }

    # C# source with its comments blanked out (strings and character literals kept).
    function Remove-CSharpComment {
        param([string] $Text)
        $out = [System.Text.StringBuilder]::new($Text.Length)
        $i = 0
        while ($i -lt $Text.Length) {
            $c = $Text[$i]
            $next = if ($i + 1 -lt $Text.Length) { $Text[$i + 1] } else { [char]0 }
            if ($c -eq '/' -and $next -eq '/') {
                while ($i -lt $Text.Length -and $Text[$i] -ne "`n") { $i++ }
                continue
            }
            if ($c -eq '/' -and $next -eq '*') {
                $end = $Text.IndexOf('*/', $i + 2)
                $i = if ($end -lt 0) { $Text.Length } else { $end + 2 }
                [void]$out.Append(' ')
                continue
            }
            if ($c -eq '"' -or (($c -eq '@' -or $c -eq '$') -and ($next -eq '"' -or (($next -eq '@' -or $next -eq '$') -and $i + 2 -lt $Text.Length -and $Text[$i + 2] -eq '"')))) {
                $end = Skip-CSharpString $Text $i
                [void]$out.Append($Text, $i, $end - $i)
                $i = $end
                continue
            }
            if ($c -eq "'") {
                $end = $i + 1
                while ($end -lt $Text.Length -and $Text[$end] -ne "'") { if ($Text[$end] -eq '\') { $end++ }; $end++ }
                [void]$out.Append($Text, $i, $end + 1 - $i)
                $i = $end + 1
                continue
            }
            [void]$out.Append($c)
            $i++
        }
        $out.ToString()
    }

    # The top-level arguments of a call whose '(' is at $Open, as source text.
    function Get-CallArgument {
        param([string] $Text, [int] $Open)
        $arguments = [System.Collections.Generic.List[string]]::new()
        $start = $Open + 1
        $depth = 0
        $i = $start
        while ($i -lt $Text.Length) {
            $c = $Text[$i]
            if ($c -eq '"' -or (($c -eq '@' -or $c -eq '$') -and $Text[$i + 1] -in '"', '@', '$')) { $i = Skip-CSharpString $Text $i; continue }
            if ($c -eq "'") { $i++; while ($Text[$i] -ne "'") { if ($Text[$i] -eq '\') { $i++ }; $i++ }; $i++; continue }
            if ('(', '[', '{' -contains $c) { $depth++ }
            elseif (')', ']', '}' -contains $c) {
                if ($depth -eq 0) { $arguments.Add($Text.Substring($start, $i - $start).Trim()); return , $arguments.ToArray() }
                $depth--
            }
            elseif ($c -eq ',' -and $depth -eq 0) { $arguments.Add($Text.Substring($start, $i - $start).Trim()); $start = $i + 1 }
            $i++
        }
        throw "An unclosed call at $Open."
    }

    # The ErrorIds the C# sources raise themselves: the errorId argument of every ErrorRecord
    # they make, and of every method of theirs that takes a string errorId (ThrowArgumentError).
    # An argument is a literal, a nameof() or a const string; one read from the core
    # (something.Code) is in the core's list; a helper's own errorId parameter is passed on.
    # Anything else cannot be checked, and fails.
    function Get-SourceErrorId {
        param([string] $Folder)
        $files = @(Get-ChildItem $Folder -Recurse -Filter '*.cs' | Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
        $sources = @($files | ForEach-Object { @{ Name = $_.Name; Text = Remove-CSharpComment ([System.IO.File]::ReadAllText($_.FullName)) } })
        $constants = @{}
        $helpers = @{ ErrorRecord = 1 }
        foreach ($source in $sources) {
            foreach ($match in [regex]::Matches($source.Text, '\bconst\s+string\s+(\w+)\s*=\s*"([^"\\]*)"')) { $constants[$match.Groups[1].Value] = $match.Groups[2].Value }
            foreach ($match in [regex]::Matches($source.Text, '\b(\w+)\s*\(([^()]*\bstring\??\s+errorId\b[^()]*)\)')) {
                $parameters = @($match.Groups[2].Value -split ',')
                $helpers[$match.Groups[1].Value] = @(0..($parameters.Count - 1) | Where-Object { $parameters[$_] -match '\berrorId\b' })[0]
            }
        }
        foreach ($source in $sources) {
            foreach ($name in $helpers.Keys) {
                foreach ($match in [regex]::Matches($source.Text, "\b$name\s*\(")) {
                    $arguments = Get-CallArgument $source.Text ($match.Index + $match.Length - 1)
                    if ($arguments.Count -gt 0 -and $arguments[$helpers[$name]] -match '\bstring\??\s+errorId$') { continue }
                    $named = @($arguments | Where-Object { $_ -match '^errorId\s*:' })
                    $argument = if ($named) { $named[0] -replace '^errorId\s*:\s*', '' } elseif ($arguments.Count -gt $helpers[$name]) { $arguments[$helpers[$name]] } else { '' }
                    if ($argument -match '^"([^"\\]+)"$') { $Matches[1] }
                    elseif ($argument -match '^nameof\((?:\w+\.)*(\w+)\)$') { $Matches[1] }
                    elseif ($constants.ContainsKey($argument)) { $constants[$argument] }
                    elseif ($argument -match '^[\w.?]+\.Code$' -or $argument -eq 'errorId') { }
                    else { throw "$($source.Name): cannot tell which ErrorId '$name(... $argument ...)' raises; give it a literal id, or add this form here." }
                }
            }
        }
    }
}

Describe 'Cmdlet help of <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        $text = Get-Help $Name -Full | Out-String -Width 4096
        $helpParameters = @{}
        foreach ($parameter in @($help.parameters.parameter)) { $helpParameters[$parameter.name] = $parameter }
    }

    It 'comes from the MAML, with a synopsis and a description' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s" -Because 'without MAML, Get-Help shows the syntax as the synopsis'
        (@($help.description | ForEach-Object Text) -join '') | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter with the position, Mandatory flag, pipeline input, aliases and wildcards Get-Command gives' {
        $names = @($command.ParameterSets | ForEach-Object { Get-SetParameter $_ } | ForEach-Object Name | Select-Object -Unique)
        @($helpParameters.Keys | Where-Object { $names -notcontains $_ }) | Should -BeNullOrEmpty -Because 'the help documents only parameters the cmdlet has'
        foreach ($parameterName in $names) {
            $shown = $helpParameters[$parameterName]
            $shown | Should -Not -BeNullOrEmpty -Because "-$parameterName is a parameter of $Name"
            (@($shown.description | ForEach-Object Text) -join '').Trim() | Should -Not -BeNullOrEmpty -Because "-$parameterName is described"
            $perSet = @(foreach ($set in $command.ParameterSets) {
                    foreach ($parameter in Get-SetParameter $set) {
                        if ($parameter.Name -eq $parameterName) { [pscustomobject]@{ Set = $set.Name; Parameter = $parameter } }
                    }
                })
            Assert-SetValue $shown.required @($perSet | ForEach-Object { @{ Set = $_.Set; Value = ([string]$_.Parameter.IsMandatory).ToLowerInvariant() } }) "-$parameterName Required"
            Assert-SetValue $shown.position @($perSet | ForEach-Object { @{ Set = $_.Set; Value = Get-Position $_.Parameter } }) "-$parameterName Position"
            $first = $perSet[0].Parameter
            if (@($perSet | Where-Object { $_.Parameter.ValueFromPipeline -ne $first.ValueFromPipeline -or $_.Parameter.ValueFromPipelineByPropertyName -ne $first.ValueFromPipelineByPropertyName }).Count -eq 0) {
                Assert-PipelineInput $shown.pipelineInput $first.ValueFromPipeline $first.ValueFromPipelineByPropertyName "-$parameterName pipeline input"
            }
            else {
                foreach ($entry in $perSet) { $shown.pipelineInput | Should -Match "\($([regex]::Escape($entry.Set))\)" -Because "-$parameterName takes pipeline input differently per set" }
            }
            Assert-Aliases $shown.aliases $command.Parameters[$parameterName].Aliases "-$parameterName aliases"
            $wildcards = @($command.Parameters[$parameterName].Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
            $shown.globbing | Should -Be ([string]$wildcards).ToLowerInvariant() -Because "-$parameterName wildcards"
            $shown.type.name | Should -Be $command.Parameters[$parameterName].ParameterType.FullName -Because "-$parameterName type"
        }
    }

    It 'has one SYNTAX item per parameter set, with that set''s parameters' {
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be @($command.ParameterSets).Count
        foreach ($set in $command.ParameterSets) {
            $parameters = Get-SetParameter $set
            $wanted = (@($parameters.Name) | Sort-Object) -join ','
            $item = @($items | Where-Object { (@($_.parameter | ForEach-Object name) | Sort-Object) -join ',' -eq $wanted })
            $item.Count | Should -Be 1 -Because "SYNTAX shows parameter set $($set.Name) ($wanted) once"
            foreach ($parameter in $parameters) {
                $shown = @($item[0].parameter | Where-Object name -EQ $parameter.Name)[0]
                $shown.required | Should -Be ([string]$parameter.IsMandatory).ToLowerInvariant() -Because "-$($parameter.Name) in set $($set.Name)"
                $shown.position | Should -Be (Get-Position $parameter) -Because "-$($parameter.Name) in set $($set.Name)"
                Assert-PipelineInput $shown.pipelineInput $parameter.ValueFromPipeline $parameter.ValueFromPipelineByPropertyName "-$($parameter.Name) in set $($set.Name)"
                Assert-Aliases $shown.aliases $parameter.Aliases "-$($parameter.Name) in set $($set.Name)"
            }
        }
    }

    It 'renders SYNTAX, each parameter''s pipeline input and aliases, INPUTS and OUTPUTS' {
        $syntax = Get-HelpSection $text 'SYNTAX'
        @([regex]::Matches($syntax, "(?m)^\s+$([regex]::Escape($Name)) .*\[<CommonParameters>\]")).Count | Should -Be @($command.ParameterSets).Count
        $parameters = Get-HelpSection $text 'PARAMETERS'
        foreach ($parameterName in $helpParameters.Keys) {
            $block = [regex]::Match($parameters, "(?ms)^\s{4}-$parameterName\b.*?(?=^\s{4}(-\w|<CommonParameters>)|\z)").Value
            $block | Should -Match "(?m)Accept pipeline input\?\s+$([regex]::Escape($helpParameters[$parameterName].pipelineInput))\s*$" -Because "-$parameterName"
            $block | Should -Match "(?m)^\s+Aliases\s+$([regex]::Escape($helpParameters[$parameterName].aliases))\s*$" -Because "-$parameterName"
        }
        (Get-HelpSection $text 'INPUTS').Trim() | Should -Not -BeNullOrEmpty
        (Get-HelpSection $text 'OUTPUTS').Trim() | Should -Not -BeNullOrEmpty
        @($help.inputTypes.inputType | Where-Object { $_.type.name -and (@($_.description | ForEach-Object Text) -join '') }).Count | Should -BeGreaterThan 0
    }

    It 'lists in OUTPUTS the [OutputType] of every parameter set, and no other' {
        $shown = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        $declared = @($command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true))
        $declared.Count | Should -BeGreaterThan 0
        foreach ($set in $command.ParameterSets) {
            $types = @($declared | Where-Object { $_.ParameterSetName -contains $set.Name -or $_.ParameterSetName -contains '__AllParameterSets' } | ForEach-Object { $_.Type } | ForEach-Object { $_.Type.FullName })
            $types.Count | Should -BeGreaterThan 0 -Because "parameter set $($set.Name) declares what it returns"
            foreach ($type in $types) { $shown -contains $type | Should -BeTrue -Because "parameter set $($set.Name) returns $type, which OUTPUTS ($($shown -join ', ')) should list" }
        }
        $all = @($declared | ForEach-Object { $_.Type } | ForEach-Object { $_.Type.FullName })
        foreach ($type in $shown) { $all -contains $type | Should -BeTrue -Because "OUTPUTS lists $type, which $Name does not declare" }
        foreach ($returnValue in @($help.returnValues.returnValue)) { (@($returnValue.description | ForEach-Object Text) -join '') | Should -Not -BeNullOrEmpty }
    }

    It 'has an example that runs it' {
        @($help.examples.example | Where-Object { $_.code -match "(?<![\w-])$([regex]::Escape($Name))(?![\w-])" }).Count | Should -BeGreaterThan 0
    }
}

Describe 'Help generation' {
    It 'the committed MAML is what tools/New-ModuleHelp.ps1 generates from the cmdlets and pwsh-module/help' {
        $output = & $Pwsh -NoProfile -NonInteractive -File $Generator -ModulePath $ModuleManifest -Check 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }

    It 'the staged module carries the committed MAML, so Get-Help above showed it' {
        $staged = Join-Path (Split-Path $ModuleManifest) 'en-US/ImmutableId.dll-Help.xml'
        [System.IO.File]::ReadAllText($staged).Replace("`r`n", "`n") | Should -BeExactly ([System.IO.File]::ReadAllText($CommittedHelp).Replace("`r`n", "`n"))
    }

    It 'refuses, naming them, a cmdlet without a help source and a parameter without a description' {
        $sources = Join-Path $TestDrive 'help'
        Copy-Item (Join-Path $Root 'pwsh-module/help') $sources -Recurse
        Remove-Item (Join-Path $sources 'Test-ImmutableId.psd1')
        # A source that describes -InputObject but not -Detailed.
        Set-Content (Join-Path $sources 'ConvertFrom-CloudAnchor.psd1') @'
@{
    Synopsis    = 'Decodes a CloudAnchor.'
    Description = 'Decodes a CloudAnchor.'
    Parameters  = @{ InputObject = 'A CloudAnchor.' }
    Inputs      = @(@{ Type = 'System.String'; Description = 'A CloudAnchor.' })
    Outputs     = @(@{ Type = 'System.String'; Description = 'Its name.' }, @{ Type = 'ImmutableId.Model.CloudAnchorInfo'; Description = 'Every form.' })
    Examples    = @(@{ Title = 'Decode'; Code = "'x' | ConvertFrom-CloudAnchor" })
}
'@
        $outFile = Join-Path $TestDrive 'help.xml'
        $output = (& $Pwsh -NoProfile -NonInteractive -File $Generator -ModulePath $ModuleManifest -SourcePath $sources -OutFile $outFile 2>&1) -join "`n"
        $LASTEXITCODE | Should -Not -Be 0
        $output | Should -Match 'Test-ImmutableId: no help source'
        $output | Should -Match 'ConvertFrom-CloudAnchor\.psd1: parameter -Detailed has no description'
        $outFile | Should -Not -Exist
    }
}

Describe 'about_ImmutableId' {
    It 'lists under ERROR IDS every ErrorId the module can raise, once, and nothing else' {
        $coreLibrary = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly.GetType('ImmutableId.Native.CoreLibrary', $true)
        $core = @($coreLibrary.GetMethod('ErrorCodes', [System.Reflection.BindingFlags]'NonPublic, Static').Invoke($null, @()))
        $core.Count | Should -BeGreaterThan 0
        $fromSources = @(Get-SourceErrorId (Join-Path $Root 'pwsh-module/src'))
        $fromSources | Should -Contain 'NativeLibraryNotFound' -Because 'the scan finds the ids the C# code raises itself'
        $raised = @($core + $fromSources | Sort-Object -Unique)

        $about = [System.IO.File]::ReadAllText((Join-Path $Root 'pwsh-module/en-US/about_ImmutableId.help.txt'))
        $section = [regex]::Match($about, '(?ms)^ERROR IDS[ \t]*\r?\n(?<body>.*?)(?=^[A-Z][A-Z ]+[ \t]*\r?$|\z)')
        $section.Success | Should -BeTrue -Because 'about_ImmutableId has an ERROR IDS section'
        $documented = @([regex]::Matches($section.Groups['body'].Value, '(?m)^ {8}([A-Z][A-Za-z0-9]+)(?= |\r?$)') | ForEach-Object { $_.Groups[1].Value })

        @($documented | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name) | Should -BeNullOrEmpty -Because 'each ErrorId is listed once'
        @($raised | Where-Object { $documented -cnotcontains $_ }) | Should -BeNullOrEmpty -Because 'every ErrorId the code raises is listed'
        @($documented | Where-Object { $raised -cnotcontains $_ }) | Should -BeNullOrEmpty -Because 'the list names nothing the code does not raise'
    }
}
