#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Generates the module's cmdlet help (MAML) from the cmdlets' metadata and the written text
    in pwsh-module/help, or checks that the committed help is what it would generate.
.DESCRIPTION
    The built module is imported in a child PowerShell (its native library cannot be unloaded,
    so the calling session stays clean). For every command the module exports, Get-Command
    gives the parameter sets, positions, Mandatory, pipeline input, aliases, types and
    wildcard support, the cmdlet's [OutputType]s, and (from a fresh instance of the cmdlet
    class) the parameters' default values. pwsh-module/help/<Command>.psd1 gives what only a
    person can write: the synopsis, the description, one description per parameter, the
    input and output types with what they mean, notes, examples and related links.

    The result is refused, naming every problem, when a command has no help source, a
    parameter has no description, a description names a parameter the command lacks, the
    written outputs differ from [OutputType], a written input type cannot be piped, an
    example does not parse, or a related link leads nowhere.

    Output is deterministic: commands in ordinal name order, parameter sets with the default
    first, parameters as the syntax lists them, "\n" line ends, no dates.

    A help source is a data file:
        @{
            Synopsis     = 'One line.'
            Description  = @('Paragraph.', 'Paragraph.')
            Parameters   = @{ InputObject = 'Text.'; Detailed = @('Paragraph.', 'Paragraph.') }
            Inputs       = @(@{ Type = 'System.String'; Description = 'Text.' })
            Outputs      = @(@{ Type = 'System.String'; Description = 'Text.' })
            Notes        = @('Paragraph.')                                    # optional
            Examples     = @(@{ Title = 'Text'; Code = 'Verb-Noun'; Output = 'text'; Remarks = 'Text.' })
            RelatedLinks = @(@{ Text = 'about_Topic' }, @{ Text = 'Page'; Uri = 'https://...' })
        }
    Examples are shown as typed at a prompt ("PS> ", ">> " on continuation lines) followed
    by the Output, if any, so tests/module/HelpExamples.Tests.ps1 can run them and compare.
.PARAMETER ModulePath
    The staged module's manifest (out/ImmutableId/ImmutableId.psd1).
.PARAMETER OutFile
    The MAML file to write or check. Default: pwsh-module/en-US/<RootModule>-Help.xml.
.PARAMETER SourcePath
    The folder of help sources. Default: pwsh-module/help.
.PARAMETER Check
    Write nothing; exit 1, showing the lines that differ, when OutFile is not what this
    would generate.
.PARAMETER ChildOutFile
    Internal: the child PowerShell writes the generated MAML here.
.EXAMPLE
    pwsh -NoProfile -File tools/New-ModuleHelp.ps1 -ModulePath out/ImmutableId/ImmutableId.psd1
.EXAMPLE
    pwsh -NoProfile -File tools/New-ModuleHelp.ps1 -ModulePath out/ImmutableId/ImmutableId.psd1 -Check
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $ModulePath,
    [string] $OutFile,
    [string] $SourcePath,
    [switch] $Check,
    [string] $ChildOutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$RepoRoot = Split-Path $PSScriptRoot -Parent
$MamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

# The optional common parameters a ShouldProcess cmdlet gets; their text is PowerShell's own.
$StandardParameterText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

#region Reading the written text

$SourceKeys = @{
    Top     = @('Synopsis', 'Description', 'Parameters', 'Inputs', 'Outputs', 'Notes', 'Examples', 'RelatedLinks')
    Example = @('Title', 'Code', 'Output', 'Remarks')
    Type    = @('Type', 'Description')
    Link    = @('Text', 'Uri')
}

# Paragraphs from a string or an array of strings; empty when there is nothing written.
function Get-Paragraphs {
    param($Value)
    @($Value | Where-Object { $null -ne $_ } | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_ -ne '' })
}

function Test-Keys {
    param([System.Collections.IDictionary] $Table, [string[]] $Allowed, [string] $Where, [System.Collections.Generic.List[string]] $Problems)
    foreach ($key in $Table.Keys) {
        if ($Allowed -notcontains $key) { $Problems.Add("${Where}: unknown key '$key' (known: $($Allowed -join ', '))") }
    }
}

function Read-HelpSource {
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)
    $name = Split-Path $Path -Leaf
    try { $source = Import-PowerShellDataFile -Path $Path }
    catch { $Problems.Add("${name}: cannot be read: $($_.Exception.Message)"); return $null }
    Test-Keys $source $SourceKeys.Top $name $Problems
    foreach ($required in 'Synopsis', 'Description') {
        if (-not $source.ContainsKey($required) -or @(Get-Paragraphs $source[$required]).Count -eq 0) { $Problems.Add("${name}: no $required") }
    }
    if (-not $source.ContainsKey('Parameters')) { $source['Parameters'] = @{} }
    if ($source['Parameters'] -isnot [System.Collections.IDictionary]) { $Problems.Add("${name}: Parameters must be a hashtable of name = description"); $source['Parameters'] = @{} }
    foreach ($list in 'Inputs', 'Outputs', 'Examples', 'RelatedLinks') {
        $items = if ($source.ContainsKey($list)) { @($source[$list]) } else { @() }
        foreach ($item in $items) {
            if ($item -isnot [System.Collections.IDictionary]) { $Problems.Add("${name}: every item of $list must be a hashtable"); continue }
            $keys = switch ($list) { 'Examples' { $SourceKeys.Example } 'RelatedLinks' { $SourceKeys.Link } default { $SourceKeys.Type } }
            Test-Keys $item $keys "$name $list" $Problems
            $needed = switch ($list) { 'Examples' { 'Title', 'Code' } 'RelatedLinks' { , 'Text' } default { 'Type', 'Description' } }
            foreach ($key in $needed) {
                if (-not $item.ContainsKey($key) -or [string]::IsNullOrWhiteSpace((@($item[$key]) -join ''))) { $Problems.Add("${name}: an item of $list has no $key") }
            }
        }
        $source[$list] = @($items | Where-Object { $_ -is [System.Collections.IDictionary] })
    }
    if ($source['Examples'].Count -eq 0) { $Problems.Add("${name}: no Examples") }
    $source
}

#endregion

#region Reading the metadata

# A type as PowerShell shows it in syntax (Object, String[]), or in full (System.Object).
function Get-TypeLabel {
    param([type] $Type, [switch] $Full)
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    if ($Type.IsArray) { return (Get-TypeLabel $Type.GetElementType() -Full:$Full) + '[]' }
    if ($Type.IsGenericType) {
        $definition = $Type.GetGenericTypeDefinition()
        $base = $(if ($Full) { $definition.FullName } else { $definition.Name }) -replace '`\d+$', ''
        $arguments = @($Type.GetGenericArguments() | ForEach-Object { Get-TypeLabel $_ -Full:$Full })
        return "$base[$($arguments -join ',')]"
    }
    if ($Full) { $Type.FullName } else { $Type.Name }
}

# The values a parameter takes, when they are a closed list: an enum, a ValidateSet, or the
# completions of an argument completer the module itself defines.
function Get-ValueList {
    param([System.Management.Automation.CommandInfo] $Command, [System.Management.Automation.ParameterMetadata] $Parameter)
    $type = $Parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    $underlying = [Nullable]::GetUnderlyingType($type)
    if ($underlying) { $type = $underlying }
    if ($type.IsEnum) { return @([Enum]::GetNames($type)) }
    foreach ($attribute in $Parameter.Attributes) {
        if ($attribute -is [System.Management.Automation.ValidateSetAttribute]) { return @($attribute.ValidValues) }
    }
    $moduleAssembly = if ($Command -is [System.Management.Automation.CmdletInfo]) { $Command.ImplementingType.Assembly } else { $null }
    foreach ($attribute in $Parameter.Attributes) {
        if ($attribute -is [System.Management.Automation.ArgumentCompleterAttribute] -and $attribute.Type -and $moduleAssembly -and $attribute.Type.Assembly -eq $moduleAssembly) {
            # A completer that needs a command line to answer gives no list.
            try { $values = @([Activator]::CreateInstance($attribute.Type).CompleteArgument($Command.Name, $Parameter.Name, '', $null, @{}) | ForEach-Object { $_.CompletionText }) }
            catch { $values = @() }
            if ($values.Count -gt 0) { return $values }
        }
    }
    @()
}

# Default values, read from a fresh instance of the cmdlet class: what a parameter is when
# it is not given. Functions and cmdlets that cannot be made this way have none.
function Get-DefaultValues {
    param([System.Management.Automation.CommandInfo] $Command)
    $defaults = @{}
    if ($Command -isnot [System.Management.Automation.CmdletInfo]) { return $defaults }
    try { $instance = [Activator]::CreateInstance($Command.ImplementingType) }
    catch { return $defaults }
    try {
        foreach ($name in $Command.Parameters.Keys) {
            $property = $Command.ImplementingType.GetProperty($name)
            if ($property -and $property.CanRead) { $defaults[$name] = Format-DefaultValue $property.GetValue($instance) }
        }
    }
    finally { if ($instance -is [IDisposable]) { $instance.Dispose() } }
    $defaults
}

function Format-DefaultValue {
    param($Value)
    if ($null -eq $Value) { return 'None' }
    if ($Value -is [System.Management.Automation.SwitchParameter]) { return [string]$Value.IsPresent }
    if ($Value -is [string]) { if ($Value -eq '') { return 'None' } else { return $Value } }
    if ($Value -is [char]) { if ([char]::IsControl($Value) -or [char]::IsWhiteSpace($Value)) { return '[char]{0}' -f [int]$Value } else { return [string]$Value } }
    if ($Value -is [Array]) {
        if ($Value.Length -eq 0) { return 'None' }
        return (@($Value | ForEach-Object { Format-DefaultValue $_ }) -join ', ')
    }
    [string]::Format([Globalization.CultureInfo]::InvariantCulture, '{0}', $Value)
}

function Format-PipelineInput {
    param([bool] $ByValue, [bool] $ByPropertyName)
    $ways = @()
    if ($ByValue) { $ways += 'ByValue' }
    if ($ByPropertyName) { $ways += 'ByPropertyName' }
    if ($ways.Count -eq 0) { 'False' } else { "True ($($ways -join ', '))" }
}

# One parameter as one parameter set has it.
function Get-SetParameter {
    param([System.Management.Automation.CommandParameterInfo] $Parameter, [System.Management.Automation.ParameterMetadata] $Metadata)
    [pscustomobject]@{
        Name          = $Parameter.Name
        Required      = $Parameter.IsMandatory
        Position      = $(if ($Parameter.Position -eq [int]::MinValue) { 'named' } else { [string]$Parameter.Position })
        PipelineInput = Format-PipelineInput $Parameter.ValueFromPipeline $Parameter.ValueFromPipelineByPropertyName
        Aliases       = $(if ($Parameter.Aliases.Count -gt 0) { @($Parameter.Aliases) -join ', ' } else { 'none' })
        Globbing      = [bool]@($Metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
        IsSwitch      = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
        IsArray       = $Parameter.ParameterType.IsArray
        Type          = $Parameter.ParameterType
    }
}

# Everything the MAML says that the command itself knows.
function Get-CommandMetadata {
    param([System.Management.Automation.CommandInfo] $Command)
    $common = @([System.Management.Automation.Cmdlet]::CommonParameters) + 'UseTransaction'
    # The default set first, as Get-Help lists it; the others in the command's order.
    $sets = @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
    $syntax = foreach ($set in $sets) {
        $parameters = @($set.Parameters | Where-Object { $common -notcontains $_.Name })
        $positional = @($parameters | Where-Object { $_.Position -ne [int]::MinValue } | Sort-Object Position)
        $named = @($parameters | Where-Object { $_.Position -eq [int]::MinValue })
        [pscustomobject]@{
            Name       = $set.Name
            Parameters = @(($positional + $named) | ForEach-Object { Get-SetParameter $_ $Command.Parameters[$_.Name] })
        }
    }
    $outputs = if ($Command -is [System.Management.Automation.CmdletInfo]) {
        foreach ($attribute in $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true)) {
            foreach ($type in $attribute.Type) {
                [pscustomobject]@{ Type = $(if ($type.Type) { Get-TypeLabel $type.Type -Full } else { $type.Name }); Sets = @($attribute.ParameterSetName) }
            }
        }
    }
    else {
        foreach ($type in $Command.OutputType) { [pscustomobject]@{ Type = $type.Name; Sets = @('__AllParameterSets') } }
    }
    [pscustomobject]@{
        Name     = $Command.Name
        Verb     = $Command.Verb
        Noun     = $Command.Noun
        Command  = $Command
        Syntax   = @($syntax)
        Defaults = Get-DefaultValues $Command
        Outputs  = @($outputs)
    }
}

#endregion

#region Checking the text against the metadata

function Test-HelpSource {
    param($Metadata, $Source, [string[]] $Commands, [string[]] $AboutTopics, [System.Collections.Generic.List[string]] $Problems)
    $name = "$($Metadata.Name).psd1"
    $parameterNames = @($Metadata.Syntax | ForEach-Object { $_.Parameters } | ForEach-Object Name | Select-Object -Unique)
    foreach ($parameter in $parameterNames) {
        $written = @(if ($Source.Parameters.ContainsKey($parameter)) { Get-Paragraphs $Source.Parameters[$parameter] })
        if ($written.Count -eq 0 -and -not $StandardParameterText.ContainsKey($parameter)) { $Problems.Add("${name}: parameter -$parameter has no description") }
    }
    foreach ($written in $Source.Parameters.Keys) {
        if ($parameterNames -notcontains $written) { $Problems.Add("${name}: describes -$written, which $($Metadata.Name) does not have") }
    }

    # Outputs: exactly the [OutputType]s.
    $declared = @($Metadata.Outputs | ForEach-Object Type | Select-Object -Unique)
    $writtenOutputs = @($Source.Outputs | ForEach-Object { [string]$_.Type })
    if ($declared.Count -eq 0) { $Problems.Add("${name}: $($Metadata.Name) declares no [OutputType]") }
    foreach ($type in $declared) { if ($writtenOutputs -notcontains $type) { $Problems.Add("${name}: no Outputs entry for [OutputType] $type") } }
    foreach ($type in $writtenOutputs) { if ($declared -notcontains $type) { $Problems.Add("${name}: Outputs names $type, which is not an [OutputType] of $($Metadata.Name)") } }

    # Inputs: types that can be piped to a parameter that takes pipeline input by value.
    $pipelineParameters = @($Metadata.Syntax | ForEach-Object { $_.Parameters } | Where-Object PipelineInput -ne 'False')
    $byValueTypes = @($pipelineParameters | Where-Object { $_.PipelineInput -match 'ByValue' } | ForEach-Object Type | Select-Object -Unique)
    if ($pipelineParameters.Count -eq 0 -and $Source.Inputs.Count -gt 0) { $Problems.Add("${name}: Inputs are written, but no parameter takes pipeline input") }
    if ($pipelineParameters.Count -gt 0 -and $Source.Inputs.Count -eq 0) { $Problems.Add("${name}: no Inputs, but $($Metadata.Name) takes pipeline input") }
    foreach ($entry in $Source.Inputs) {
        $type = [string]$entry.Type -as [type]
        if (-not $type) { $Problems.Add("${name}: input type $($entry.Type) is not a type PowerShell knows"); continue }
        $fits = @($byValueTypes | Where-Object { $_.IsAssignableFrom($type) -or ($_.IsArray -and $_.GetElementType().IsAssignableFrom($type)) }).Count -gt 0
        $byName = @($pipelineParameters | Where-Object { $_.PipelineInput -match 'ByPropertyName' }).Count -gt 0
        if (-not $fits -and -not $byName) { $Problems.Add("${name}: input type $($entry.Type) cannot be piped to any parameter of $($Metadata.Name)") }
    }
    foreach ($type in $byValueTypes) {
        $covered = @($Source.Inputs | Where-Object { $t = [string]$_.Type -as [type]; $t -and ($type.IsAssignableFrom($t) -or ($type.IsArray -and $type.GetElementType().IsAssignableFrom($t))) }).Count -gt 0
        if (-not $covered) { $Problems.Add("${name}: no Inputs entry for what is piped to the $(Get-TypeLabel $type) parameter") }
    }

    foreach ($example in $Source.Examples) {
        $errors = $null
        $null = [System.Management.Automation.Language.Parser]::ParseInput([string]$example.Code, [ref]$null, [ref]$errors)
        if ($errors.Count -gt 0) { $Problems.Add("${name}: example '$($example.Title)' does not parse: $($errors[0].Message)") }
    }
    foreach ($link in $Source.RelatedLinks) {
        $text = [string]$link.Text
        if (-not $link.ContainsKey('Uri') -and $Commands -notcontains $text -and $AboutTopics -notcontains $text) {
            $Problems.Add("${name}: related link '$text' is neither a command of the module nor one of its about topics, and has no Uri")
        }
    }
}

#endregion

#region Writing MAML

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string] $Element, [string] $Namespace, $Text)
    $Writer.WriteStartElement($Element, $Namespace)
    foreach ($paragraph in (Get-Paragraphs $Text)) { $Writer.WriteElementString('para', $MamlNs, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-Type {
    param([System.Xml.XmlWriter] $Writer, [string] $Name)
    $Writer.WriteStartElement('type', $DevNs)
    $Writer.WriteElementString('name', $MamlNs, $Name)
    $Writer.WriteEndElement()
}

# A parameter's attributes in the parameters section: one value, or each set's when they differ.
function Join-SetValues {
    param($Entries, [string] $Property, [switch] $Lower)
    $values = @($Entries | ForEach-Object {
            $value = [string]$_.Parameter.$Property
            if ($Lower) { $value = $value.ToLowerInvariant() }
            [pscustomobject]@{ Set = $_.Set; Value = $value }
        })
    $distinct = @($values | ForEach-Object Value | Select-Object -Unique)
    if ($distinct.Count -eq 1) { return $distinct[0] }
    (@($values | ForEach-Object { '{0} ({1})' -f $_.Value, $_.Set }) -join ', ')
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Command, $Entries, $Source, [switch] $InSyntax)
    $parameter = $Entries[0].Parameter
    $Writer.WriteStartElement('parameter', $CommandNs)
    $Writer.WriteAttributeString('required', (Join-SetValues $Entries Required -Lower))
    $Writer.WriteAttributeString('variableLength', ([string]$parameter.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([string]$parameter.Globbing).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Join-SetValues $Entries PipelineInput))
    $Writer.WriteAttributeString('position', (Join-SetValues $Entries Position))
    $Writer.WriteAttributeString('aliases', $parameter.Aliases)
    $Writer.WriteElementString('name', $MamlNs, $parameter.Name)
    $text = if ($Source.Parameters.ContainsKey($parameter.Name)) { $Source.Parameters[$parameter.Name] } else { $StandardParameterText[$parameter.Name] }
    Write-Paragraphs $Writer 'description' $MamlNs $text
    $values = @(Get-ValueList $Command.Command $Command.Command.Parameters[$parameter.Name])
    if ($InSyntax -and $values.Count -gt 0 -and -not $parameter.IsSwitch) {
        $Writer.WriteStartElement('parameterValueGroup', $CommandNs)
        foreach ($value in $values) {
            $Writer.WriteStartElement('parameterValue', $CommandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $parameter.IsSwitch)) {
        $Writer.WriteStartElement('parameterValue', $CommandNs)
        $Writer.WriteAttributeString('required', ([string](-not $parameter.IsSwitch)).ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([string]$parameter.IsArray).ToLowerInvariant())
        $Writer.WriteString((Get-TypeLabel $parameter.Type))
        $Writer.WriteEndElement()
    }
    Write-Type $Writer (Get-TypeLabel $parameter.Type -Full)
    $default = if ($Command.Defaults.ContainsKey($parameter.Name)) { $Command.Defaults[$parameter.Name] } else { 'None' }
    $Writer.WriteElementString('defaultValue', $DevNs, $default)
    $Writer.WriteEndElement()
}

# Example code as typed at a prompt: "PS> " where a statement starts, ">> " on the lines it
# continues onto; then the output, as it is shown.
function Format-ExampleCode {
    param($Example)
    $code = ([string]$Example.Code).Replace("`r`n", "`n").Trim("`n")
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$null)
    $continued = @{}
    foreach ($statement in $ast.FindAll({ param($node) $node.Parent -is [System.Management.Automation.Language.NamedBlockAst] -and $node.Parent.Parent -eq $ast }, $false)) {
        for ($line = $statement.Extent.StartLineNumber + 1; $line -le $statement.Extent.EndLineNumber; $line++) { $continued[$line] = $true }
    }
    $lines = $code.Split("`n")
    $shown = for ($i = 0; $i -lt $lines.Count; $i++) {
        ($(if ($continued.ContainsKey($i + 1)) { '>> ' } else { 'PS> ' }) + $lines[$i]).TrimEnd()
    }
    if ($Example.ContainsKey('Output') -and -not [string]::IsNullOrWhiteSpace([string]$Example.Output)) {
        $shown = @($shown) + @(([string]$Example.Output).Replace("`r`n", "`n").Trim("`n").Split("`n") | ForEach-Object { $_.TrimEnd() })
    }
    @($shown) -join "`n"
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Command, $Source)
    $Writer.WriteStartElement('command', 'command', $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNs)
    $Writer.WriteAttributeString('xmlns', 'command', $null, $CommandNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $DevNs)

    $Writer.WriteStartElement('details', $CommandNs)
    $Writer.WriteElementString('name', $CommandNs, $Command.Name)
    $Writer.WriteElementString('verb', $CommandNs, $Command.Verb)
    $Writer.WriteElementString('noun', $CommandNs, $Command.Noun)
    Write-Paragraphs $Writer 'description' $MamlNs $Source.Synopsis
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer 'description' $MamlNs $Source.Description

    $Writer.WriteStartElement('syntax', $CommandNs)
    foreach ($set in $Command.Syntax) {
        $Writer.WriteStartElement('syntaxItem', $CommandNs)
        $Writer.WriteElementString('name', $MamlNs, $Command.Name)
        foreach ($parameter in $set.Parameters) {
            Write-Parameter $Writer $Command @([pscustomobject]@{ Set = $set.Name; Parameter = $parameter }) $Source -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Each parameter once, in the order the command declares them.
    $Writer.WriteStartElement('parameters', $CommandNs)
    $inSyntax = @($Command.Syntax | ForEach-Object { $_.Parameters } | ForEach-Object Name)
    $order = @($Command.Command.Parameters.Keys | Where-Object { $inSyntax -contains $_ })
    foreach ($name in $order) {
        $entries = @(foreach ($set in $Command.Syntax) {
                foreach ($parameter in $set.Parameters) {
                    if ($parameter.Name -eq $name) { [pscustomobject]@{ Set = $set.Name; Parameter = $parameter } }
                }
            })
        Write-Parameter $Writer $Command $entries $Source
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('inputTypes', $CommandNs)
    $inputs = if ($Source.Inputs.Count -gt 0) { $Source.Inputs } else { @(@{ Type = 'None'; Description = "You cannot pipe objects to $($Command.Name)." }) }
    foreach ($entry in $inputs) {
        $Writer.WriteStartElement('inputType', $CommandNs)
        Write-Type $Writer ([string]$entry.Type)
        Write-Paragraphs $Writer 'description' $MamlNs $entry.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('returnValues', $CommandNs)
    foreach ($output in $Source.Outputs) {
        $Writer.WriteStartElement('returnValue', $CommandNs)
        Write-Type $Writer ([string]$output.Type)
        Write-Paragraphs $Writer 'description' $MamlNs $output.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    if (@(Get-Paragraphs $Source['Notes']).Count -gt 0) {
        $Writer.WriteStartElement('alertSet', $MamlNs)
        Write-Paragraphs $Writer 'alert' $MamlNs $Source.Notes
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('examples', $CommandNs)
    $number = 0
    foreach ($example in $Source.Examples) {
        $number++
        $Writer.WriteStartElement('example', $CommandNs)
        $Writer.WriteElementString('title', $MamlNs, ('-------------------------- Example {0}: {1} --------------------------' -f $number, ([string]$example.Title).Trim()))
        $Writer.WriteElementString('code', $DevNs, (Format-ExampleCode $example))
        Write-Paragraphs $Writer 'remarks' $DevNs $(if ($example.ContainsKey('Remarks')) { $example.Remarks } else { $null })
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('relatedLinks', $CommandNs)
    foreach ($link in $Source.RelatedLinks) {
        $Writer.WriteStartElement('navigationLink', $MamlNs)
        $Writer.WriteElementString('linkText', $MamlNs, [string]$link.Text)
        if ($link.ContainsKey('Uri')) { $Writer.WriteElementString('uri', $MamlNs, [string]$link.Uri) }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

#endregion

# In the child: import the module, check, and write the MAML to $Path; throws naming every problem.
function New-Maml {
    param([string] $Manifest, [string] $Sources, [string] $Path)
    $module = Import-Module $Manifest -PassThru -Force
    $commands = [string[]]@($module.ExportedCommands.Keys)
    [Array]::Sort($commands, [StringComparer]::Ordinal)
    $moduleHelpDir = Join-Path $module.ModuleBase 'en-US'
    $aboutTopics = @(Get-ChildItem $moduleHelpDir -Filter 'about_*.help.txt' -ErrorAction SilentlyContinue | ForEach-Object { $_.Name -replace '\.help\.txt$', '' })

    $problems = [System.Collections.Generic.List[string]]::new()
    foreach ($file in Get-ChildItem $Sources -Filter '*.psd1' -ErrorAction SilentlyContinue) {
        if ($commands -notcontains $file.BaseName) { $problems.Add("$($file.Name): $($module.Name) exports no command $($file.BaseName)") }
    }
    $helped = foreach ($name in $commands) {
        $sourceFile = Join-Path $Sources "$name.psd1"
        if (-not (Test-Path $sourceFile)) {
            # What the missing source must give, so that it can be written in one go.
            $metadata = Get-CommandMetadata $module.ExportedCommands[$name]
            $parameters = @($metadata.Syntax | ForEach-Object { $_.Parameters } | ForEach-Object Name | Select-Object -Unique | Where-Object { -not $StandardParameterText.ContainsKey($_) })
            $piped = @($metadata.Syntax | ForEach-Object { $_.Parameters } | Where-Object PipelineInput -ne 'False' | ForEach-Object { "-$($_.Name) ($(Get-TypeLabel $_.Type), $($_.PipelineInput))" } | Select-Object -Unique)
            $needs = "Synopsis, Description, Parameters ($($parameters -join ', ')), Outputs ($(@($metadata.Outputs | ForEach-Object Type | Select-Object -Unique) -join ', ')), Inputs (for $(if ($piped) { $piped -join ', ' } else { 'nothing: no parameter takes pipeline input' })), Examples"
            $problems.Add("${name}: no help source $sourceFile; it needs $needs")
            continue
        }
        $source = Read-HelpSource $sourceFile $problems
        if ($null -eq $source) { continue }
        $metadata = Get-CommandMetadata $module.ExportedCommands[$name]
        Test-HelpSource $metadata $source $commands $aboutTopics $problems
        [pscustomobject]@{ Metadata = $metadata; Source = $source }
    }
    if ($problems.Count -gt 0) { throw ("The help cannot be generated:`n  " + ($problems -join "`n  ")) }

    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.IndentChars = '  '
    $settings.NewLineChars = "`n"
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Replace
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $stream = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($stream, $settings)
    $writer.WriteStartDocument()
    $writer.WriteComment(" Generated by tools/New-ModuleHelp.ps1 from the cmdlets' metadata and pwsh-module/help/<cmdlet>.psd1: edit those and regenerate; do not edit this file. ")
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($item in $helped) { Write-CommandHelp $writer $item.Metadata $item.Source }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
    $writer.Flush()
    [System.IO.File]::WriteAllText($Path, [System.Text.Encoding]::UTF8.GetString($stream.ToArray()).TrimStart([char]0xFEFF) + "`n", [System.Text.UTF8Encoding]::new($false))
}

# The commands whose help differs between two MAML texts: added, removed or changed.
function Compare-HelpCommands {
    param([string] $Old, [string] $New)
    $texts = foreach ($xml in $Old, $New) {
        $byName = @{}
        try {
            $document = [xml]$xml
            foreach ($node in $document.DocumentElement.ChildNodes) {
                if ($node.LocalName -eq 'command') { $byName[$node.details.name] = $node.OuterXml }
            }
        }
        catch { $byName['(the committed file is not well-formed XML)'] = '' }
        , $byName
    }
    $names = @($texts[0].Keys) + @($texts[1].Keys) | Sort-Object -Unique
    foreach ($name in $names) {
        if (-not $texts[0].ContainsKey($name)) { "$name (new)" }
        elseif (-not $texts[1].ContainsKey($name)) { "$name (gone)" }
        elseif ($texts[0][$name] -cne $texts[1][$name]) { $name }
    }
}

if ($ChildOutFile) {
    try { New-Maml (Resolve-Path $ModulePath).Path $SourcePath $ChildOutFile }
    catch {
        # A list of problems is the whole story; anything else is a bug here, so say where.
        $message = $_.Exception.Message
        if (-not $message.StartsWith('The help cannot be generated')) { $message += "`n" + $_.ScriptStackTrace }
        [Console]::Error.WriteLine($message)
        exit 1
    }
    exit 0
}

if (-not $SourcePath) { $SourcePath = Join-Path $RepoRoot 'pwsh-module/help' }
if (-not $OutFile) {
    $rootModule = (Import-PowerShellDataFile (Resolve-Path $ModulePath).Path).RootModule
    $OutFile = Join-Path $RepoRoot "pwsh-module/en-US/$rootModule-Help.xml"
}

# A fresh PowerShell of this edition, so the native library is loaded there and not here.
$exe = if ($PSVersionTable.PSEdition -eq 'Desktop') { Join-Path $PSHOME 'powershell.exe' }
else {
    $onPath = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { $onPath.Source } else { Join-Path $PSHOME 'pwsh' }
}
$generated = [System.IO.Path]::GetTempFileName()
try {
    & $exe -NoProfile -NonInteractive -File $PSCommandPath -ModulePath (Resolve-Path $ModulePath).Path -SourcePath (Resolve-Path $SourcePath).Path -ChildOutFile $generated
    if ($LASTEXITCODE -ne 0) { exit 1 }
    $new = [System.IO.File]::ReadAllText($generated)
    if (-not $Check) {
        [System.IO.File]::WriteAllText($OutFile, $new, [System.Text.UTF8Encoding]::new($false))
        Write-Host "Help written to $OutFile"
        exit 0
    }
    $old = if (Test-Path $OutFile) { [System.IO.File]::ReadAllText($OutFile).Replace("`r`n", "`n") } else { '' }
    if ($old -eq $new) {
        Write-Host "Help is up to date: $OutFile"
        exit 0
    }
    $report = @("$OutFile is not what tools/New-ModuleHelp.ps1 generates; run it without -Check (build.ps1 Help) and commit the result.")
    $report += "Help that differs: $((Compare-HelpCommands $old $new) -join ', ')"
    # The lines that differ: pair by pair when they are as many in both, else the whole
    # region between the lines both files share at the start and at the end.
    $oldLines = $old.Split("`n")
    $newLines = $new.Split("`n")
    $first = 0
    while ($first -lt $oldLines.Count -and $first -lt $newLines.Count -and $oldLines[$first] -ceq $newLines[$first]) { $first++ }
    $oldLast = $oldLines.Count - 1
    $newLast = $newLines.Count - 1
    while ($oldLast -ge $first -and $newLast -ge $first -and $oldLines[$oldLast] -ceq $newLines[$newLast]) { $oldLast--; $newLast-- }
    if ($oldLast - $first -eq $newLast - $first) {
        $pairs = @(for ($i = $first; $i -le $oldLast; $i++) { if ($oldLines[$i] -cne $newLines[$i]) { $i } })
        foreach ($i in ($pairs | Select-Object -First 20)) { $report += @("line $($i + 1):", "- $($oldLines[$i])", "+ $($newLines[$i])") }
        if ($pairs.Count -gt 20) { $report += "... and $($pairs.Count - 20) more lines" }
    }
    else {
        $report += "From line $($first + 1): the committed lines (-), then the generated ones (+), at most 40 of each:"
        if ($oldLast -ge $first) { $report += @($oldLines[$first..$oldLast] | Select-Object -First 40 | ForEach-Object { "- $_" }) }
        if ($newLast -ge $first) { $report += @($newLines[$first..$newLast] | Select-Object -First 40 | ForEach-Object { "+ $_" }) }
    }
    [Console]::Error.WriteLine(($report -join "`n"))
    exit 1
}
finally {
    Remove-Item $generated -ErrorAction SilentlyContinue
}
