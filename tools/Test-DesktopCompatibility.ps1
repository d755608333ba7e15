#!/usr/bin/env pwsh
#requires -Version 7.4
<#
.SYNOPSIS
    Fails when a script that Windows PowerShell 5.1 runs uses something only PowerShell 7 has.
.DESCRIPTION
    Reads each script with PowerShell's parser (tokens and syntax tree; nothing is run) and
    reports, with file, line and column:
      Syntax      7-only syntax: ?: (ternary), ?? and ??=, ?. and ?[], && and ||, a clean
                  block, a trailing & (background job), generic method calls ([Array]::Empty[int]()),
                  -replace with a script block, character ranges ('a'..'z'), "`e" and "`u{}"
                  escapes, number suffixes (1u, 1y, 1s, 1n...) and binary literals (0b101),
                  ValidateSet with a generator type, ValidateRange with a range kind.
      Command     cmdlets 5.1 does not have (Join-String, Get-Error, Test-Json...).
      Parameter   7-only parameters of 5.1's cmdlets (ForEach-Object -Parallel,
                  ConvertFrom-Json -AsHashtable, Get-Content -AsByteStream, Join-Path
                  -AdditionalChildPath or a third path, -ProgressAction...).
      Value       7-only parameter values: -Encoding utf8NoBOM, utf8BOM, ansi, a code page or an
                  Encoding object (5.1 takes only its names), -ErrorAction Break; and the strings
                  'utf8NoBOM' and 'utf8BOM' anywhere (data that becomes an -Encoding).
      Variable    $IsWindows (unset in 5.1, so false on Windows), $PSStyle and the other 7-only
                  preference variables; $IsLinux, $IsMacOS and $IsCoreCLR where Set-StrictMode is on.
      DotNet      [Type]::Member and [Type]::new(...) whose type, member or overload (by argument
                  count) is not in the .NET Framework 4.7.2 reference assemblies or Windows
                  PowerShell 5.1's System.Management.Automation (PowerShell Standard 5.1); type
                  names (casts, [Type] literals, attributes) that PowerShell 7 resolves but those
                  assemblies lack; 7-only type accelerators ([semver], [uint], [ushort]...).
      Encoding    non-ASCII characters outside comments in a file without a byte order mark
                  (Windows PowerShell reads such a file in the ANSI code page).
      Parse       a parse error.

    Code that 5.1 never reaches is not reported, judged as Windows PowerShell 5.1 on Windows
    would judge it ($PSVersionTable.PSVersion 5.1, PSEdition Desktop, $IsCoreCLR, $IsLinux,
    $IsMacOS and $IsWindows unset, [Environment]::OSVersion.Platform Win32NT):
      - an if/elseif clause whose condition is false there, and the clauses after a true one;
      - the right side of -and/-or when the left side decides;
      - what follows, in the same block, an if whose taken clause ends with return, exit,
        throw, break, continue or Set-ItResult;
      - Pester It, Context and Describe blocks whose -Skip is true there, and the It blocks of
        a Describe or Context whose BeforeEach ends that way;
      - a whole file that starts with #requires -Version 6 or later or -PSEdition Core (5.1
        refuses to run it).
    A condition is judged from constants, those automatic variables, and variables the file
    assigns only values that can be judged the same way; anything else counts as reachable.

    With no -Path, checks what Windows PowerShell 5.1 runs from this repository: build.ps1,
    the module's manifest, types and format files (their script blocks), the examples of the
    module's MAML help (tests/module/HelpExamples.Tests.ps1 runs them in 5.1), every .ps1 under
    tests/, tools/Test-PackageInstall.ps1 (the release workflow runs it in 5.1), and, with
    -ModulePath, the plan scripts New-HardMatchPlan -AsScript writes for the
    test tenants of tests/Tenant.ps1 (admins run those in 5.1).

    Needs PowerShell 7.4 or later (it compiles tools/DesktopReference.cs, which reads the
    reference assemblies with System.Reflection.Metadata) and the reference assemblies that
    ./build.ps1 Tools fetches into .tools/ (Microsoft.NETFramework.ReferenceAssemblies.net472
    and PowerShellStandard.Library). Exit code 0 when nothing is found, 1 otherwise.
.PARAMETER Path
    Files or folders (every .ps1, .psm1, .psd1 and .ps1xml under them) to check instead.
.PARAMETER Root
    The repository. Default: the one this script is in.
.PARAMETER ModulePath
    A staged module folder (out/ImmutableId): its ImmutableId.dll is added to the reference
    assemblies, and plan scripts generated with it are checked.
.PARAMETER ToolsDir
    Where the reference assemblies were fetched. Default: <Root>/.tools.
.EXAMPLE
    pwsh -NoProfile -File tools/Test-DesktopCompatibility.ps1 -ModulePath out/ImmutableId
.EXAMPLE
    pwsh -NoProfile -File tools/Test-DesktopCompatibility.ps1 -Path ./my-script.ps1
#>
[CmdletBinding()]
param(
    [string[]] $Path,
    [string] $Root = (Split-Path -Parent $PSScriptRoot),
    [string] $ModulePath,
    [string] $ToolsDir
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path $Root).Path
if (-not $ToolsDir) { $ToolsDir = Join-Path $Root '.tools' }

#region What PowerShell 7 has and Windows PowerShell 5.1 does not

# Cmdlets added after 5.1 (Microsoft.PowerShell.* modules that ship with PowerShell 7).
$Commands7 = @{
    'Join-String' = '6.2'; 'Get-Error' = '7.0'; 'Test-Json' = '6.1'; 'ConvertFrom-Markdown' = '6.1'; 'Show-Markdown' = '6.1'
    'Get-MarkdownOption' = '6.1'; 'Set-MarkdownOption' = '6.1'; 'Get-Uptime' = '6.0'; 'Remove-Alias' = '6.0'; 'Remove-Service' = '6.0'
    'Get-PSSubsystem' = '7.3'; 'Enable-ExperimentalFeature' = '6.2'; 'Disable-ExperimentalFeature' = '6.2'; 'Get-ExperimentalFeature' = '6.2'
    'Start-ThreadJob' = '6.0 (ThreadJob module)'; 'ConvertTo-CliXml' = '7.5'; 'ConvertFrom-CliXml' = '7.5'; 'Get-SecureRandom' = '7.4'
}

# Parameters of 5.1's cmdlets that 5.1 does not have.
$Parameters7 = @{
    'ForEach-Object'            = 'Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'
    'Where-Object'              = @('Not')
    'ConvertFrom-Json'          = 'AsHashtable', 'Depth', 'NoEnumerate', 'DateKind'
    'ConvertTo-Json'            = 'AsArray', 'EnumsAsStrings', 'EscapeHandling'
    'Get-Content'               = @('AsByteStream')
    'Set-Content'               = @('AsByteStream')
    'Add-Content'               = @('AsByteStream')
    'Export-Csv'                = 'UseQuotes', 'QuoteFields', 'IncludeTypeInformation'
    'ConvertTo-Csv'             = 'UseQuotes', 'QuoteFields', 'IncludeTypeInformation'
    'Select-Object'             = @('SkipIndex')
    'Sort-Object'               = 'Top', 'Bottom', 'Stable'
    'Split-Path'                = 'LeafBase', 'Extension'
    'Join-Path'                 = @('AdditionalChildPath')
    'Get-Random'                = @('Shuffle')
    'Get-Date'                  = 'AsUTC', 'UnixTimeSeconds'
    'Out-String'                = @('NoNewline')
    'Select-String'             = 'Raw', 'NoEmphasis', 'Culture'
    'Format-Hex'                = 'Count', 'Offset'
    'Import-PowerShellDataFile' = @('SkipLimitCheck')
    'Start-Job'                 = @('WorkingDirectory')
    'Start-Process'             = @('Environment')
    'Tee-Object'                = @('Encoding')
    'Measure-Object'            = 'StandardDeviation', 'AllStats'
    'Get-Command'               = 'UseFuzzyMatching', 'UseAbbreviationExpansion', 'FuzzyMinimumDistance'
    'Test-Connection'           = 'TargetName', 'Ping', 'Repeat', 'TcpPort', 'MtuSize', 'Traceroute', 'Detailed', 'IPv4', 'IPv6', 'ResolveDestination', 'TimeoutSeconds'
    'Invoke-WebRequest'         = 'SkipCertificateCheck', 'Authentication', 'Token', 'SslProtocol', 'SkipHeaderValidation', 'MaximumRetryCount', 'RetryIntervalSec', 'StatusCodeVariable', 'ResponseHeadersVariable', 'SkipHttpErrorCheck', 'Resume', 'Form', 'NoProxy', 'HttpVersion', 'AllowUnencryptedAuthentication', 'CustomMethod', 'PreserveAuthorizationOnRedirect', 'AllowInsecureRedirect', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'PreserveHttpMethodOnRedirect', 'UnixSocket'
    'Invoke-RestMethod'         = 'SkipCertificateCheck', 'Authentication', 'Token', 'SslProtocol', 'SkipHeaderValidation', 'MaximumRetryCount', 'RetryIntervalSec', 'StatusCodeVariable', 'ResponseHeadersVariable', 'SkipHttpErrorCheck', 'Resume', 'Form', 'NoProxy', 'HttpVersion', 'AllowUnencryptedAuthentication', 'CustomMethod', 'PreserveAuthorizationOnRedirect', 'AllowInsecureRedirect', 'ConnectionTimeoutSeconds', 'OperationTimeoutSeconds', 'PreserveHttpMethodOnRedirect', 'UnixSocket'
}
# Common parameters 5.1 does not have, on any command.
$CommonParameters7 = @('ProgressAction')

# The -Encoding names Windows PowerShell 5.1 takes (its FileSystemCmdletProviderEncoding and
# the ValidateSets of Out-File, Export-Csv, Import-Csv, Select-String, Export-Clixml...).
$Encodings51 = @('Unknown', 'String', 'Unicode', 'Byte', 'BigEndianUnicode', 'UTF8', 'UTF7', 'UTF32', 'Ascii', 'Default', 'Oem', 'BigEndianUTF32')
# Strings that are PowerShell 7 encoding names and nothing else: wherever they appear, they
# are headed for an -Encoding.
$EncodingNames7 = @('utf8NoBOM', 'utf8BOM')

$Variables7 = @{
    IsWindows = 'is unset in Windows PowerShell 5.1, so it is false there on Windows'
    PSStyle = 'is PowerShell 7.2''s'; PSNativeCommandArgumentPassing = 'is PowerShell 7.3''s'
    PSNativeCommandUseErrorActionPreference = 'is PowerShell 7.4''s'; EnabledExperimentalFeatures = 'is PowerShell 6.2''s'
}
# Unset in 5.1: reading them fails under Set-StrictMode, and reads as $null (false) without it,
# which is right on Windows for these three.
$StrictVariables7 = @('IsLinux', 'IsMacOS', 'IsCoreCLR')

# Windows PowerShell 5.1's type accelerators (about_Type_Accelerators, 5.1).
$Accelerators51 = @{
    adsi = 'System.DirectoryServices.DirectoryEntry'; adsisearcher = 'System.DirectoryServices.DirectorySearcher'; Alias = 'System.Management.Automation.AliasAttribute'
    AllowEmptyCollection = 'System.Management.Automation.AllowEmptyCollectionAttribute'; AllowEmptyString = 'System.Management.Automation.AllowEmptyStringAttribute'
    AllowNull = 'System.Management.Automation.AllowNullAttribute'; ArgumentCompleter = 'System.Management.Automation.ArgumentCompleterAttribute'; array = 'System.Array'
    bigint = 'System.Numerics.BigInteger'; bool = 'System.Boolean'; byte = 'System.Byte'; char = 'System.Char'
    cimclass = 'Microsoft.Management.Infrastructure.CimClass'; cimconverter = 'Microsoft.Management.Infrastructure.CimConverter'
    ciminstance = 'Microsoft.Management.Infrastructure.CimInstance'; CimSession = 'Microsoft.Management.Infrastructure.CimSession'; cimtype = 'Microsoft.Management.Infrastructure.CimType'
    CmdletBinding = 'System.Management.Automation.CmdletBindingAttribute'; cultureinfo = 'System.Globalization.CultureInfo'; datetime = 'System.DateTime'
    decimal = 'System.Decimal'; double = 'System.Double'; DscLocalConfigurationManager = 'System.Management.Automation.DscLocalConfigurationManagerAttribute'
    DscProperty = 'System.Management.Automation.DscPropertyAttribute'; DscResource = 'System.Management.Automation.DscResourceAttribute'; float = 'System.Single'
    guid = 'System.Guid'; hashtable = 'System.Collections.Hashtable'; initialsessionstate = 'System.Management.Automation.Runspaces.InitialSessionState'
    int = 'System.Int32'; int16 = 'System.Int16'; int32 = 'System.Int32'; int64 = 'System.Int64'; ipaddress = 'System.Net.IPAddress'; IPEndpoint = 'System.Net.IPEndPoint'
    long = 'System.Int64'; mailaddress = 'System.Net.Mail.MailAddress'; NullString = 'System.Management.Automation.Language.NullString'
    ObjectSecurity = 'System.Security.AccessControl.ObjectSecurity'; OutputType = 'System.Management.Automation.OutputTypeAttribute'
    Parameter = 'System.Management.Automation.ParameterAttribute'; PhysicalAddress = 'System.Net.NetworkInformation.PhysicalAddress'
    powershell = 'System.Management.Automation.PowerShell'; psaliasproperty = 'System.Management.Automation.PSAliasProperty'
    pscredential = 'System.Management.Automation.PSCredential'; pscustomobject = 'System.Management.Automation.PSObject'
    PSDefaultValue = 'System.Management.Automation.PSDefaultValueAttribute'; pslistmodifier = 'System.Management.Automation.PSListModifier'
    psmoduleinfo = 'System.Management.Automation.PSModuleInfo'; psnoteproperty = 'System.Management.Automation.PSNoteProperty'; psobject = 'System.Management.Automation.PSObject'
    psprimitivedictionary = 'System.Management.Automation.PSPrimitiveDictionary'; psscriptmethod = 'System.Management.Automation.PSScriptMethod'
    psscriptproperty = 'System.Management.Automation.PSScriptProperty'; PSTypeNameAttribute = 'System.Management.Automation.PSTypeNameAttribute'
    psvariable = 'System.Management.Automation.PSVariable'; psvariableproperty = 'System.Management.Automation.PSVariableProperty'; ref = 'System.Management.Automation.PSReference'
    regex = 'System.Text.RegularExpressions.Regex'; runspace = 'System.Management.Automation.Runspaces.Runspace'; runspacefactory = 'System.Management.Automation.Runspaces.RunspaceFactory'
    sbyte = 'System.SByte'; scriptblock = 'System.Management.Automation.ScriptBlock'; securestring = 'System.Security.SecureString'; single = 'System.Single'
    string = 'System.String'; SupportsWildcards = 'System.Management.Automation.SupportsWildcardsAttribute'; switch = 'System.Management.Automation.SwitchParameter'
    timespan = 'System.TimeSpan'; type = 'System.Type'; uint16 = 'System.UInt16'; uint32 = 'System.UInt32'; uint64 = 'System.UInt64'; uri = 'System.Uri'
    ValidateCount = 'System.Management.Automation.ValidateCountAttribute'; ValidateDrive = 'System.Management.Automation.ValidateDriveAttribute'
    ValidateLength = 'System.Management.Automation.ValidateLengthAttribute'; ValidateNotNull = 'System.Management.Automation.ValidateNotNullAttribute'
    ValidateNotNullOrEmpty = 'System.Management.Automation.ValidateNotNullOrEmptyAttribute'; ValidatePattern = 'System.Management.Automation.ValidatePatternAttribute'
    ValidateRange = 'System.Management.Automation.ValidateRangeAttribute'; ValidateScript = 'System.Management.Automation.ValidateScriptAttribute'
    ValidateSet = 'System.Management.Automation.ValidateSetAttribute'; ValidateTrustedData = 'System.Management.Automation.ValidateTrustedDataAttribute'
    ValidateUserDrive = 'System.Management.Automation.ValidateUserDriveAttribute'; version = 'System.Version'; void = 'System.Void'
    WildcardPattern = 'System.Management.Automation.WildcardPattern'; wmi = 'System.Management.ManagementObject'; wmiclass = 'System.Management.ManagementClass'
    wmisearcher = 'System.Management.ManagementObjectSearcher'; X500DistinguishedName = 'System.Security.Cryptography.X509Certificates.X500DistinguishedName'
    X509Certificate = 'System.Security.Cryptography.X509Certificates.X509Certificate'; xml = 'System.Xml.XmlDocument'
    # Not an accelerator but a keyword of the parser since 3.0.
    ordered = 'System.Collections.Specialized.OrderedDictionary'
}
$Accelerators7 = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get

#endregion

#region Reference assemblies

function Get-ReferenceAssemblyPath {
    $net472 = @(Get-ChildItem (Join-Path $ToolsDir 'microsoft.netframework.referenceassemblies.net472') -Directory -ErrorAction SilentlyContinue |
            ForEach-Object { Join-Path $_.FullName 'build/.NETFramework/v4.7.2' } | Where-Object { Test-Path $_ } | Select-Object -Last 1)
    $standard = @(Get-ChildItem (Join-Path $ToolsDir 'powershellstandard.library') -Directory -ErrorAction SilentlyContinue |
            ForEach-Object { Join-Path $_.FullName 'lib/net452/System.Management.Automation.dll' } | Where-Object { Test-Path $_ } | Select-Object -Last 1)
    if (-not $net472 -or -not $standard) {
        throw "The reference assemblies are not in ${ToolsDir}: run ./build.ps1 Tools (it fetches Microsoft.NETFramework.ReferenceAssemblies.net472 and PowerShellStandard.Library from NuGet)."
    }
    @(Get-ChildItem $net472[0] -Filter '*.dll' -File | ForEach-Object FullName) + $standard[0]
}

Add-Type -Path (Join-Path $PSScriptRoot 'DesktopReference.cs')
$Reference = [ImmutableIdTools.DesktopReference]::new()
foreach ($file in Get-ReferenceAssemblyPath) { $Reference.Add($file) }
if ($ModulePath) {
    $moduleDll = Join-Path $ModulePath 'ImmutableId.dll'
    if (-not (Test-Path $moduleDll)) { throw "No ImmutableId.dll in -ModulePath $ModulePath" }
    $Reference.Add((Resolve-Path $moduleDll).Path)
}

#endregion

#region Judging a condition as Windows PowerShell 5.1 on Windows would

$Unknown = [pscustomobject]@{ Unknown = $true }
# A variable's name without its scope: $script:x is x.
function Get-VariableName($VariableAst) { $VariableAst.VariablePath.UserPath -replace '^(global|script|local|private):', '' }
function Test-Unknown($Value) { [object]::ReferenceEquals($Value, $Unknown) }
$DesktopVariables = @{
    PSVersionTable = @{ PSVersion = [version]'5.1.19041.1'; PSEdition = 'Desktop'; CLRVersion = [version]'4.0.30319.42000'; BuildVersion = [version]'10.0.19041.1' }
    PSEdition = 'Desktop'
    IsCoreCLR = $null; IsLinux = $null; IsMacOS = $null; IsWindows = $null
    true = $true; false = $false; null = $null
}
$ComparisonOperators = @('Ieq', 'Ine', 'Igt', 'Ige', 'Ilt', 'Ile', 'Ceq', 'Cne', 'Cgt', 'Cge', 'Clt', 'Cle', 'Ilike', 'Inotlike', 'Clike', 'Cnotlike',
    'Imatch', 'Inotmatch', 'Cmatch', 'Cnotmatch', 'Icontains', 'Inotcontains', 'Ccontains', 'Cnotcontains', 'Iin', 'Inotin', 'Cin', 'Cnotin')
$OperatorBlocks = @{}

# The value of an expression in 5.1 on Windows, or $Unknown. $Context.Values holds the
# variables the file assigns, by name: their assignments' right sides.
function Get-DesktopValue($Ast, $Context, [int] $Depth = 0) {
    if ($Depth -gt 20 -or $null -eq $Ast) { return $Unknown }
    switch ($Ast) {
        { $_ -is [System.Management.Automation.Language.ConstantExpressionAst] } { return , $_.Value }
        { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] } { return , $_.Value }
        { $_ -is [System.Management.Automation.Language.ParenExpressionAst] } { return , (Get-DesktopValue $_.Pipeline $Context ($Depth + 1)) }
        { $_ -is [System.Management.Automation.Language.SubExpressionAst] } {
            if ($_.SubExpression.Statements.Count -ne 1) { return $Unknown }
            return , (Get-DesktopValue $_.SubExpression.Statements[0] $Context ($Depth + 1))
        }
        { $_ -is [System.Management.Automation.Language.CommandExpressionAst] } { return , (Get-DesktopValue $_.Expression $Context ($Depth + 1)) }
        { $_ -is [System.Management.Automation.Language.PipelineAst] } {
            if ($_.PipelineElements.Count -ne 1 -or $_.PipelineElements[0] -isnot [System.Management.Automation.Language.CommandExpressionAst]) { return $Unknown }
            return , (Get-DesktopValue $_.PipelineElements[0].Expression $Context ($Depth + 1))
        }
        { $_ -is [System.Management.Automation.Language.StatementBlockAst] } {
            if ($_.Statements.Count -eq 0) { return $null }
            if ($_.Statements.Count -ne 1) { return $Unknown }
            return , (Get-DesktopValue $_.Statements[0] $Context ($Depth + 1))
        }
        { $_ -is [System.Management.Automation.Language.IfStatementAst] } {
            foreach ($clause in $_.Clauses) {
                $condition = Get-DesktopValue $clause.Item1 $Context ($Depth + 1)
                if (Test-Unknown $condition) { return $Unknown }
                if ($condition) { return , (Get-DesktopValue $clause.Item2 $Context ($Depth + 1)) }
            }
            if ($_.ElseClause) { return , (Get-DesktopValue $_.ElseClause $Context ($Depth + 1)) }
            return $null
        }
        { $_ -is [System.Management.Automation.Language.VariableExpressionAst] } {
            $name = Get-VariableName $_
            if ($DesktopVariables.ContainsKey($name)) { return , $DesktopVariables[$name] }
            if (-not $Context.Values.ContainsKey($name)) { return $Unknown }
            if ($Context.Known.ContainsKey($name)) { return , $Context.Known[$name] }
            # Assume unknown while working it out (a variable defined from itself).
            $Context.Known[$name] = $Unknown
            # Every assignment must give a value, and all of them the same truth.
            $values = @(foreach ($right in $Context.Values[$name]) { , (Get-DesktopValue $right $Context ($Depth + 1)) })
            $result = $Unknown
            if ($values.Count -gt 0 -and -not ($values | Where-Object { Test-Unknown $_ })) {
                $truths = @(foreach ($value in $values) { [bool]$value }) | Sort-Object -Unique
                if (@($truths).Count -eq 1) { $result = $values[0] }
            }
            $Context.Known[$name] = $result
            return , $result
        }
        { $_ -is [System.Management.Automation.Language.UnaryExpressionAst] } {
            if ($_.TokenKind -notin 'Not', 'Exclaim') { return $Unknown }
            $operand = Get-DesktopValue $_.Child $Context ($Depth + 1)
            if (Test-Unknown $operand) { return $Unknown }
            return -not $operand
        }
        { $_ -is [System.Management.Automation.Language.BinaryExpressionAst] } {
            $left = Get-DesktopValue $_.Left $Context ($Depth + 1)
            if ($_.Operator -eq 'And') {
                if ((-not (Test-Unknown $left)) -and -not $left) { return $false }
                $right = Get-DesktopValue $_.Right $Context ($Depth + 1)
                if ((-not (Test-Unknown $right)) -and -not $right) { return $false }
                if ((Test-Unknown $left) -or (Test-Unknown $right)) { return $Unknown }
                return $true
            }
            if ($_.Operator -eq 'Or') {
                if ((-not (Test-Unknown $left)) -and $left) { return $true }
                $right = Get-DesktopValue $_.Right $Context ($Depth + 1)
                if ((-not (Test-Unknown $right)) -and $right) { return $true }
                if ((Test-Unknown $left) -or (Test-Unknown $right)) { return $Unknown }
                return $false
            }
            if ("$($_.Operator)" -notin $ComparisonOperators) { return $Unknown }
            $right = Get-DesktopValue $_.Right $Context ($Depth + 1)
            if ((Test-Unknown $left) -or (Test-Unknown $right)) { return $Unknown }
            $op = "$($_.Operator)"
            if (-not $OperatorBlocks.ContainsKey($op)) {
                $text = [System.Management.Automation.Language.TokenTraits]::Text($_.Operator)
                $OperatorBlocks[$op] = [scriptblock]::Create("param(`$l, `$r) `$l $text `$r")
            }
            return , (& $OperatorBlocks[$op] $left $right)
        }
        { $_ -is [System.Management.Automation.Language.ConvertExpressionAst] } {
            $value = Get-DesktopValue $_.Child $Context ($Depth + 1)
            if (Test-Unknown $value) { return $Unknown }
            $type = $_.Type.TypeName.FullName
            if ($type -notin 'version', 'System.Version', 'int', 'long', 'string', 'bool', 'double') { return $Unknown }
            return , ($value -as ($type -as [type]))
        }
        { $_ -is [System.Management.Automation.Language.InvokeMemberExpressionAst] } {
            # [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([...OSPlatform]::X)
            if ($_.Static -and $_.Member.Extent.Text -eq 'IsOSPlatform' -and $_.Expression.TypeName.FullName -match '(^|\.)RuntimeInformation$' -and @($_.Arguments).Count -eq 1) {
                $platform = Get-DesktopValue $_.Arguments[0] $Context ($Depth + 1)
                if (Test-Unknown $platform) { return $Unknown }
                return "$platform" -eq 'WINDOWS'
            }
            return $Unknown
        }
        { $_ -is [System.Management.Automation.Language.MemberExpressionAst] } {
            if ($_.Member -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) { return $Unknown }
            $member = $_.Member.Value
            if ($_.Static) {
                $typeName = $_.Expression.TypeName.FullName
                if ($typeName -match '^(System\.)?Environment$' -and $member -eq 'OSVersion') { return , @{ Platform = [PlatformID]::Win32NT } }
                $type = $typeName -as [type]
                if ($type -and ($type.IsEnum -or $type.FullName -eq 'System.Runtime.InteropServices.OSPlatform')) { return , $type::$member }
                return $Unknown
            }
            $target = Get-DesktopValue $_.Expression $Context ($Depth + 1)
            if (Test-Unknown $target) { return $Unknown }
            if ($null -eq $target) { return $null }
            return , $target.$member
        }
    }
    $Unknown
}

# True when the statements of a block end there in 5.1 (return, exit, throw, break, continue,
# Set-ItResult), as far as can be judged.
function Test-DesktopStops($Statements, $Context) {
    foreach ($statement in $Statements) {
        if ($statement -is [System.Management.Automation.Language.ReturnStatementAst] -or $statement -is [System.Management.Automation.Language.ExitStatementAst] -or
            $statement -is [System.Management.Automation.Language.ThrowStatementAst] -or $statement -is [System.Management.Automation.Language.BreakStatementAst] -or
            $statement -is [System.Management.Automation.Language.ContinueStatementAst]) { return $true }
        if ($statement -is [System.Management.Automation.Language.PipelineAst] -and $statement.PipelineElements.Count -eq 1 -and
            $statement.PipelineElements[0] -is [System.Management.Automation.Language.CommandAst] -and $statement.PipelineElements[0].GetCommandName() -eq 'Set-ItResult') { return $true }
        if ($statement -is [System.Management.Automation.Language.IfStatementAst]) {
            $taken = Get-TakenClause $statement $Context
            if ($taken -and (Test-DesktopStops $taken.Statements $Context)) { return $true }
        }
    }
    $false
}

# The body an if statement runs in 5.1, when that can be judged; $null otherwise (or none).
function Get-TakenClause($IfAst, $Context) {
    foreach ($clause in $IfAst.Clauses) {
        $condition = Get-DesktopValue $clause.Item1 $Context
        if (Test-Unknown $condition) { return $null }
        if ($condition) { return $clause.Item2 }
    }
    $IfAst.ElseClause
}

# The extents (start and end offsets) of code 5.1 does not reach.
function Get-UnreachedRanges($Nodes, $Context) {
    $ranges = [System.Collections.Generic.List[object]]::new()
    $add = { param($Extent, [int] $End = -1) if ($Extent) { $ranges.Add(@($Extent.StartOffset, $(if ($End -ge 0) { $End } else { $Extent.EndOffset }))) } }
    foreach ($node in $Nodes) {
        $kind = $node.GetType().Name
        if ($kind -notin 'IfStatementAst', 'BinaryExpressionAst', 'StatementBlockAst', 'NamedBlockAst', 'CommandAst') { continue }
        if ($node -is [System.Management.Automation.Language.IfStatementAst]) {
            $decided = $false
            foreach ($clause in $node.Clauses) {
                if ($decided) { & $add $clause.Item2.Extent; continue }
                $condition = Get-DesktopValue $clause.Item1 $Context
                if (Test-Unknown $condition) { continue }
                if ($condition) { $decided = $true } else { & $add $clause.Item2.Extent }
            }
            if ($decided -and $node.ElseClause) { & $add $node.ElseClause.Extent }
        }
        elseif ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -in 'And', 'Or') {
            $left = Get-DesktopValue $node.Left $Context
            if ((-not (Test-Unknown $left)) -and (($node.Operator -eq 'And' -and -not $left) -or ($node.Operator -eq 'Or' -and $left))) { & $add $node.Right.Extent }
        }
        elseif ($node -is [System.Management.Automation.Language.StatementBlockAst] -or $node -is [System.Management.Automation.Language.NamedBlockAst]) {
            $statements = @($node.Statements)
            for ($i = 0; $i -lt $statements.Count - 1; $i++) {
                if (Test-DesktopStops @($statements[$i]) $Context) {
                    $ranges.Add(@($statements[$i + 1].Extent.StartOffset, $node.Extent.EndOffset))
                    break
                }
            }
        }
        elseif ($node -is [System.Management.Automation.Language.CommandAst]) {
            $name = $node.GetCommandName()
            if ($name -notin 'It', 'Context', 'Describe') { continue }
            $elements = @($node.CommandElements)
            $skipped = $false
            for ($i = 1; $i -lt $elements.Count; $i++) {
                $element = $elements[$i]
                if ($element -isnot [System.Management.Automation.Language.CommandParameterAst] -or $element.ParameterName -ne 'Skip') { continue }
                if ($element.Argument) { $value = Get-DesktopValue $element.Argument $Context; $skipped = ((-not (Test-Unknown $value))) -and [bool]$value }
                else { $skipped = $true }
            }
            $blocks = @($elements | Where-Object { $_ -is [System.Management.Automation.Language.ScriptBlockExpressionAst] })
            if ($skipped) { foreach ($block in $blocks) { & $add $block.Extent }; continue }
            if ($name -eq 'It') { continue }
            # A BeforeEach that ends every test there: the container's It blocks do not run.
            foreach ($block in $blocks) {
                $container = $block.ScriptBlock.EndBlock
                if (-not $container) { continue }
                $beforeEach = @($container.Statements | Where-Object {
                        $_ -is [System.Management.Automation.Language.PipelineAst] -and $_.PipelineElements[0] -is [System.Management.Automation.Language.CommandAst] -and $_.PipelineElements[0].GetCommandName() -eq 'BeforeEach'
                    })
                foreach ($statement in $beforeEach) {
                    $body = @($statement.PipelineElements[0].CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.ScriptBlockExpressionAst] }) | Select-Object -First 1
                    if (-not $body -or -not $body.ScriptBlock.EndBlock -or -not (Test-DesktopStops $body.ScriptBlock.EndBlock.Statements $Context)) { continue }
                    foreach ($it in $block.ScriptBlock.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'It' }, $true)) {
                        foreach ($itBlock in @($it.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.ScriptBlockExpressionAst] })) { & $add $itBlock.Extent }
                    }
                }
            }
        }
    }
    , $ranges.ToArray()
}

# The right sides of every assignment to each variable of the file, by name (scope dropped);
# a name also bound another way (parameter, foreach, +=...) gets a right side that is unknown.
function Get-AssignedValues($Nodes) {
    $values = @{}
    $note = { param($Name, $Right) if (-not $values.ContainsKey($Name)) { $values[$Name] = [System.Collections.Generic.List[object]]::new() }; $values[$Name].Add($Right) }
    foreach ($node in $Nodes) {
        if ($node -is [System.Management.Automation.Language.AssignmentStatementAst]) {
            $left = $node.Left
            if ($left -is [System.Management.Automation.Language.ConvertExpressionAst]) { $left = $left.Child }
            if ($left -isnot [System.Management.Automation.Language.VariableExpressionAst]) { continue }
            $right = if ($node.Operator -eq 'Equals') { $node.Right } else { $null }
            & $note (Get-VariableName $left) $right
        }
        elseif ($node -is [System.Management.Automation.Language.ParameterAst]) { & $note (Get-VariableName $node.Name) $null }
        elseif ($node -is [System.Management.Automation.Language.ForEachStatementAst]) { & $note (Get-VariableName $node.Variable) $null }
    }
    $values
}

#endregion

#region The checks

function New-Finding($Source, $Extent, [string] $Rule, [string] $Message) {
    $line = $Source.LineOffset + $(if ($Extent) { $Extent.StartLineNumber } else { 1 })
    $column = if ($Extent) { $Extent.StartColumnNumber } else { 1 }
    [pscustomobject]@{ File = $Source.Name; Line = $line; Column = $column; Rule = $Rule; Message = $Message; Offset = $(if ($Extent) { $Extent.StartOffset } else { 0 }) }
}

# The type a [name] means in 5.1: @{ Name; Type (a ReferenceType or $null); Problem }.
function Resolve-DesktopType([string] $Name, [string[]] $Namespaces) {
    $bare = $Name.TrimStart('.')
    if ($Accelerators51.ContainsKey($bare)) { return @{ Name = $Accelerators51[$bare]; Type = $Reference.Find($Accelerators51[$bare]); Problem = $null } }
    if ($Accelerators7.ContainsKey($bare) -and -not $bare.Contains('.')) {
        $candidate = $Reference.Find("System.$bare")
        if (-not $candidate) { return @{ Name = $bare; Type = $null; Problem = "the type accelerator [$bare] does not exist in Windows PowerShell 5.1" } }
    }
    foreach ($prefix in @('') + @('System.') + @($Namespaces | ForEach-Object { "$_." })) {
        $type = $Reference.Find("$prefix$bare")
        if ($type) { return @{ Name = $type.FullName; Type = $type; Problem = $null } }
    }
    # PowerShell 7 knows it and 5.1's assemblies do not: 7-only. Neither: a type the script
    # itself defines or loads (class, Add-Type), not judged here.
    $seven = $bare -as [type]
    if (-not $seven) { return @{ Name = $bare; Type = $null; Problem = $null } }
    $type = $Reference.Find(($seven.FullName -replace '\[.*$', ''))
    if ($type) { return @{ Name = $type.FullName; Type = $type; Problem = $null } }
    @{ Name = $seven.FullName; Type = $null; Problem = "[$bare] ($($seven.FullName)) is not in .NET Framework 4.7.2 nor Windows PowerShell 5.1" }
}

# Every type name inside a type name (generic arguments, array elements), as full names to look up.
function Get-TypeNameParts($TypeName) {
    if ($TypeName -is [System.Management.Automation.Language.ArrayTypeName]) { return Get-TypeNameParts $TypeName.ElementType }
    if ($TypeName -is [System.Management.Automation.Language.GenericTypeName]) {
        @{ Name = "$($TypeName.TypeName.FullName)``$($TypeName.GenericArguments.Count)"; TypeName = $TypeName }
        foreach ($argument in $TypeName.GenericArguments) { Get-TypeNameParts $argument }
        return
    }
    if ($TypeName -is [System.Management.Automation.Language.ReflectionTypeName]) { return }
    @{ Name = $TypeName.FullName; TypeName = $TypeName }
}

function Test-Source($Source) {
    $tokens = $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Source.Text, [ref] $tokens, [ref] $errors)
    foreach ($e in $errors) { New-Finding $Source $e.Extent 'Parse' $e.Message }
    if ($errors.Count -gt 0) { return }
    foreach ($requirement in @($ast.ScriptRequirements)) {
        if (-not $requirement) { continue }
        if ($requirement.RequiredPSVersion -and $requirement.RequiredPSVersion.Major -ge 6) { return }
        if ($requirement.RequiredPSEditions -and $requirement.RequiredPSEditions -notcontains 'Desktop') { return }
    }

    $nodes = $ast.FindAll({ $true }, $true)
    $context = @{ Values = Get-AssignedValues $nodes; Known = @{} }
    $ranges = Get-UnreachedRanges $nodes $context
    $reached = { param([int] $Offset) foreach ($r in $ranges) { if ($Offset -ge $r[0] -and $Offset -lt $r[1]) { return $false } }; $true }
    $namespaces = @($ast.UsingStatements | Where-Object { $_.UsingStatementKind -eq 'Namespace' } | ForEach-Object { $_.Name.Value })
    $strict = [bool]$ast.Find({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'Set-StrictMode' }, $true)

    $found = & {
        # Tokens: literals and escapes the parser keeps no node for; characters 5.1 misreads.
        foreach ($token in $tokens) {
            $kind = "$($token.Kind)"
            if ($kind -eq 'Number' -and $token.Text -match '(?i)^(0b[01]+|(0x[0-9a-f]+|[0-9.]+(e[+-]?[0-9]+)?)(uy|us|ul|u|y|s|n)(kb|mb|gb|tb|pb)?)$') {
                New-Finding $Source $token.Extent 'Syntax' "the number literal $($token.Text) (binary or with a type suffix) is PowerShell 7's"
            }
            if ($kind -in 'StringExpandable', 'HereStringExpandable' -and $token.Text -cmatch '(?<!`)(``)*`(e|u\{)') {
                New-Finding $Source $token.Extent 'Syntax' "the escape ``$($Matches[2]) is PowerShell 6's: 5.1 reads it as the letter"
            }
            if (-not $Source.HasBom -and $kind -ne 'Comment' -and $token.Text -match '[^\x00-\x7F]') {
                New-Finding $Source $token.Extent 'Encoding' 'a non-ASCII character in a file without a byte order mark: Windows PowerShell 5.1 reads the file in the ANSI code page'
            }
        }

        foreach ($node in $nodes) {
            $kind = $node.GetType().Name
            if ($kind -notin $NodeKinds) { continue }
            switch ($kind) {
                'TernaryExpressionAst' { New-Finding $Source $node.Extent 'Syntax' 'the ternary operator ?: is PowerShell 7''s' }
                'PipelineChainAst' { New-Finding $Source $node.Extent 'Syntax' "the pipeline chain operator $([System.Management.Automation.Language.TokenTraits]::Text($node.Operator)) is PowerShell 7's" }
                'AssignmentStatementAst' {
                    if ($node.Operator -eq 'QuestionQuestionEquals') { New-Finding $Source $node.Extent 'Syntax' 'the null-coalescing assignment ??= is PowerShell 7''s' }
                }
                'IndexExpressionAst' {
                    if ($node.NullConditional) { New-Finding $Source $node.Extent 'Syntax' 'the null-conditional index ?[] is PowerShell 7''s' }
                }
                'ScriptBlockAst' {
                    if ($node.CleanBlock) { New-Finding $Source $node.CleanBlock.Extent 'Syntax' 'the clean block is PowerShell 7.3''s' }
                }
                'PipelineAst' {
                    if ($node.Background) { New-Finding $Source $node.Extent 'Syntax' 'a trailing & (run as a background job) is PowerShell 6''s' }
                }
                'BinaryExpressionAst' {
                    if ($node.Operator -eq 'QuestionQuestion') { New-Finding $Source $node.Extent 'Syntax' 'the null-coalescing operator ?? is PowerShell 7''s' }
                    if ($node.Operator -in 'Ireplace', 'Creplace' -and $node.Right -is [System.Management.Automation.Language.ArrayLiteralAst] -and
                        $node.Right.Elements.Count -eq 2 -and $node.Right.Elements[1] -is [System.Management.Automation.Language.ScriptBlockExpressionAst]) {
                        New-Finding $Source $node.Extent 'Syntax' '-replace with a script block is PowerShell 6.1''s'
                    }
                    if ($node.Operator -eq 'DotDot' -and $node.Left -is [System.Management.Automation.Language.StringConstantExpressionAst] -and
                        $node.Right -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $node.Left.Value.Length -eq 1 -and
                        $node.Right.Value.Length -eq 1 -and $node.Left.Value -notmatch '\d') {
                        New-Finding $Source $node.Extent 'Syntax' 'a character range (''a''..''z'') is PowerShell 6''s'
                    }
                }
                'AttributeAst' {
                    $name = $node.TypeName.FullName
                    if ($name -match '^(System\.Management\.Automation\.)?ValidateSet(Attribute)?$' -and @($node.PositionalArguments | Where-Object { $_ -is [System.Management.Automation.Language.TypeExpressionAst] }).Count -gt 0) {
                        New-Finding $Source $node.Extent 'Syntax' 'ValidateSet with a values generator type is PowerShell 6''s'
                    }
                    if ($name -match '^(System\.Management\.Automation\.)?ValidateRange(Attribute)?$' -and $node.PositionalArguments.Count -eq 1) {
                        New-Finding $Source $node.Extent 'Syntax' 'ValidateRange with a range kind (Positive, NonNegative...) is PowerShell 6.1''s'
                    }
                    $resolved = Resolve-DesktopType $name $namespaces
                    if (-not $resolved.Type -and -not $resolved.Problem) { $resolved = Resolve-DesktopType "${name}Attribute" $namespaces }
                    if ($resolved.Problem) { New-Finding $Source $node.Extent 'DotNet' $resolved.Problem }
                }
                { $_ -in 'TypeExpressionAst', 'TypeConstraintAst' } {
                    foreach ($part in Get-TypeNameParts $node.TypeName) {
                        $resolved = Resolve-DesktopType $part.Name $namespaces
                        if ($resolved.Problem) { New-Finding $Source $node.Extent 'DotNet' $resolved.Problem }
                    }
                }
                { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
                    if ($node.NullConditional) { New-Finding $Source $node.Extent 'Syntax' 'the null-conditional member access ?. is PowerShell 7''s' }
                    if ($kind -eq 'InvokeMemberExpressionAst' -and $node.GenericTypeArguments) { New-Finding $Source $node.Extent 'Syntax' 'a generic method call with type arguments is PowerShell 7.3''s' }
                    if (-not $node.Static -or $node.Expression -isnot [System.Management.Automation.Language.TypeExpressionAst] -or
                        $node.Member -isnot [System.Management.Automation.Language.StringConstantExpressionAst]) { continue }
                    # [T[]]::new(n) makes an array: nothing to look up.
                    if ($node.Expression.TypeName -is [System.Management.Automation.Language.ArrayTypeName]) { continue }
                    $parts = @(Get-TypeNameParts $node.Expression.TypeName)
                    $resolved = Resolve-DesktopType $parts[0].Name $namespaces
                    if (-not $resolved.Type) { continue }
                    $member = $node.Member.Value
                    $invoked = $kind -eq 'InvokeMemberExpressionAst'
                    $count = if (-not $invoked) { -1 } elseif ($node.Arguments) { $node.Arguments.Count } else { 0 }
                    $problem = if ($invoked -and $member -eq 'new') { $Reference.CheckConstructor($resolved.Type.FullName, $count) } else { $Reference.CheckStatic($resolved.Type.FullName, $member, $count) }
                    if ($problem) { New-Finding $Source $node.Extent 'DotNet' "$problem in .NET Framework 4.7.2 / Windows PowerShell 5.1" }
                }
                'VariableExpressionAst' {
                    $name = Get-VariableName $node
                    if ($Variables7.ContainsKey($name)) { New-Finding $Source $node.Extent 'Variable' "`$$name $($Variables7[$name])" }
                    if ($strict -and $name -in $StrictVariables7 -and $node.Parent -isnot [System.Management.Automation.Language.AssignmentStatementAst]) {
                        New-Finding $Source $node.Extent 'Variable' "`$$name is unset in Windows PowerShell 5.1: reading it fails under Set-StrictMode"
                    }
                }
                'StringConstantExpressionAst' {
                    if ($node.Value -in $EncodingNames7) {
                        New-Finding $Source $node.Extent 'Value' "'$($node.Value)' is a PowerShell 7 encoding name: Windows PowerShell 5.1 takes $($Encodings51 -join ', ')"
                    }
                }
                'CommandAst' { if (& $reached $node.Extent.StartOffset) { Test-Command $Source $node } }
            }
        }
    }
    # What 5.1 reaches.
    foreach ($finding in $found) { if (& $reached $finding.Offset) { $finding } }
}

$CommandCache = @{}
# Aliases as PowerShell 7 has them (the tables name cmdlets).
$Aliases = @{}
foreach ($alias in Get-Alias) { $Aliases[$alias.Name] = $alias.ResolvedCommandName }
foreach ($pair in @{ foreach = 'ForEach-Object'; where = 'Where-Object'; sort = 'Sort-Object'; select = 'Select-Object'; gc = 'Get-Content'; sc = 'Set-Content'; ac = 'Add-Content'; epcsv = 'Export-Csv'; ipcsv = 'Import-Csv' }.GetEnumerator()) {
    $Aliases[$pair.Key] = $pair.Value
}
# The kinds of node the checks look at.
$NodeKinds = @('TernaryExpressionAst', 'PipelineChainAst', 'AssignmentStatementAst', 'IndexExpressionAst', 'ScriptBlockAst', 'PipelineAst', 'BinaryExpressionAst',
    'AttributeAst', 'TypeExpressionAst', 'TypeConstraintAst', 'MemberExpressionAst', 'InvokeMemberExpressionAst', 'VariableExpressionAst', 'StringConstantExpressionAst', 'CommandAst')

# A command's name, parameters and -Encoding or -ErrorAction values.
function Test-Command($Source, $CommandAst) {
    $name = $CommandAst.GetCommandName()
    if (-not $name) { return }
    $full = if ($Aliases.ContainsKey($name)) { $Aliases[$name] } else { $name }
    $elements = @($CommandAst.CommandElements)
    $named = @($elements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
    # Commands of the tables, and those given an -Encoding, are looked up and bound; the rest
    # need only their parameters' names.
    $command = $null
    if ($Parameters7.ContainsKey($full) -or ($named | Where-Object { 'Encoding'.StartsWith($_, [StringComparison]::OrdinalIgnoreCase) -and $_.Length -ge 3 })) {
        if (-not $CommandCache.ContainsKey($full)) { $CommandCache[$full] = Get-Command $full -CommandType Cmdlet -ErrorAction SilentlyContinue | Select-Object -First 1 }
        $command = $CommandCache[$full]
    }
    if ($Commands7.ContainsKey($full)) { New-Finding $Source $CommandAst.Extent 'Command' "$full is PowerShell $($Commands7[$full])'s: Windows PowerShell 5.1 does not have it" }

    # Parameters as PowerShell binds them (prefixes, aliases, positions); names as written
    # when the command is not on this machine.
    $bound = @{}
    if ($command -and $command.CommandType -eq 'Cmdlet') {
        $binding = [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($CommandAst, $true)
        foreach ($key in $binding.BoundParameters.Keys) { $bound[$key] = $binding.BoundParameters[$key].Value }
    }
    for ($i = 1; $i -lt $elements.Count; $i++) {
        if ($elements[$i] -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
        $parameter = $elements[$i].ParameterName
        if ($bound.Keys -contains $parameter) { continue }
        $value = if ($elements[$i].Argument) { $elements[$i].Argument } elseif ($i + 1 -lt $elements.Count -and $elements[$i + 1] -isnot [System.Management.Automation.Language.CommandParameterAst]) { $elements[$i + 1] } else { $null }
        if (-not ($bound.Keys | Where-Object { $_.StartsWith($parameter, [StringComparison]::OrdinalIgnoreCase) })) { $bound[$parameter] = $value }
    }

    foreach ($parameter in @($bound.Keys)) {
        if ($Parameters7.ContainsKey($full) -and $Parameters7[$full] -contains $parameter) {
            New-Finding $Source $CommandAst.Extent 'Parameter' "$full -$parameter is PowerShell 7's: Windows PowerShell 5.1 does not have it"
        }
        if ($parameter -in $CommonParameters7) { New-Finding $Source $CommandAst.Extent 'Parameter' "-$parameter is PowerShell 7.4's" }
        $value = $bound[$parameter]
        if ($parameter -eq 'Encoding' -and $value) {
            if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                if ($value.Value -notin $Encodings51) { New-Finding $Source $value.Extent 'Value' "-Encoding $($value.Value) is PowerShell 7's: Windows PowerShell 5.1 takes $($Encodings51 -join ', ')" }
            }
            elseif ($value -is [System.Management.Automation.Language.ConstantExpressionAst] -or $value.Find({ param($a) $a -is [System.Management.Automation.Language.TypeExpressionAst] -or ($a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'New-Object') }, $true)) {
                New-Finding $Source $value.Extent 'Value' '-Encoding with a code page or an Encoding object is PowerShell 7''s: Windows PowerShell 5.1 takes only its encoding names'
            }
        }
        if ($parameter -in 'ErrorAction', 'WarningAction', 'InformationAction' -and $value -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $value.Value -eq 'Break') {
            New-Finding $Source $value.Extent 'Value' "-$parameter Break is PowerShell 7's"
        }
    }
}

#endregion

#region What to check

function New-Source([string] $Name, [string] $Text, [int] $LineOffset = 0, [bool] $HasBom = $true) {
    @{ Name = $Name; Text = $Text; LineOffset = $LineOffset; HasBom = $HasBom }
}

# The scripts in a file: a script as it is; the script blocks of a types or format file; the
# examples' code ("PS> " and ">> " lines) of a MAML help file.
function Get-FileSource([string] $File) {
    $relative = [IO.Path]::GetRelativePath($Root, $File) -replace '\\', '/'
    $bytes = [IO.File]::ReadAllBytes($File)
    $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    $text = [Text.UTF8Encoding]::new($false).GetString($bytes).TrimStart([char]0xFEFF)
    if ($File -match '\.ps1xml$') {
        $document = [System.Xml.Linq.XDocument]::Parse($text, [System.Xml.Linq.LoadOptions]::SetLineInfo)
        foreach ($element in $document.Descendants() | Where-Object { $_.Name.LocalName -in 'ScriptBlock', 'GetScriptBlock', 'SetScriptBlock' }) {
            New-Source "${relative}" $element.Value ($element.LineNumber - 1) $true
        }
        return
    }
    if ($File -match '-Help\.xml$') {
        $document = [System.Xml.Linq.XDocument]::Parse($text, [System.Xml.Linq.LoadOptions]::SetLineInfo)
        foreach ($element in $document.Descendants() | Where-Object { $_.Name.LocalName -eq 'code' }) {
            $code = @($element.Value -split '\r?\n' | ForEach-Object { if ($_ -match '^(PS>|>>)(?: (.*))?$') { $Matches[2] } else { '' } })
            New-Source "${relative} (example code)" ($code -join "`n") ($element.LineNumber - 1) $true
        }
        return
    }
    New-Source $relative $text 0 $hasBom
}

# What Windows PowerShell 5.1 runs from this repository.
function Get-DesktopFile {
    Join-Path $Root 'build.ps1'
    Get-ChildItem (Join-Path $Root 'pwsh-module') -File | Where-Object Extension -in '.psd1', '.psm1', '.ps1', '.ps1xml' | ForEach-Object FullName
    Get-ChildItem (Join-Path $Root 'pwsh-module/en-US') -Filter '*-Help.xml' -File | ForEach-Object FullName
    Get-ChildItem (Join-Path $Root 'tests') -Recurse -File -Filter '*.ps1' | ForEach-Object FullName
    # The release workflow runs it in 5.1 on Windows against the installed package.
    Join-Path $Root 'tools/Test-PackageInstall.ps1'
}

# The plans New-HardMatchPlan -AsScript writes for the test tenants, made in a runspace of
# their own with the staged module.
function Get-PlanSource {
    $tests = Join-Path $Root 'tests'
    $common = Get-ChildItem $tests -Recurse -File -Filter 'Common.ps1' | Select-Object -First 1
    $tenant = Get-ChildItem $tests -Recurse -File -Filter 'Tenant.ps1' | Select-Object -First 1
    if (-not $common -or -not $tenant) { throw "No Common.ps1 and Tenant.ps1 under $tests to make plans from." }
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript({
                param($Manifest, $Common, $Tenant)
                $ErrorActionPreference = 'Stop'
                . $Common
                . $Tenant
                Import-Module $Manifest -Force
                $ou = 'OU=Unsynced,DC=alwayshotcafe,DC=com'
                $seed = New-SeedTenant
                $facts = New-SeedFacts
                $blocked = New-BlockedTenant
                @{ Name = 'seed tenant'; Text = New-HardMatchPlan @seed @facts -OutOfScopeOU $ou -AsScript }
                @{ Name = 'seed tenant, RestoreAndClear'; Text = New-HardMatchPlan @seed @facts -OutOfScopeOU $ou -FreeAnchorBy RestoreAndClear -AsScript }
                @{ Name = 'blocked tenant'; Text = New-HardMatchPlan @blocked -OutOfScopeOU $ou -AsScript }
                @{ Name = 'blocked tenant, RestoreAndClear'; Text = New-HardMatchPlan @blocked -OutOfScopeOU $ou -FreeAnchorBy RestoreAndClear -AsScript }
            }).AddArgument((Join-Path (Resolve-Path $ModulePath).Path 'ImmutableId.psd1')).AddArgument($common.FullName).AddArgument($tenant.FullName)
        $plans = @($shell.Invoke())
        if ($shell.HadErrors) { throw "Making the plans failed: $($shell.Streams.Error -join '; ')" }
    }
    finally { $shell.Dispose() }
    foreach ($plan in $plans) {
        if (-not $plan.Text) { throw "New-HardMatchPlan -AsScript wrote nothing for the $($plan.Name)." }
        New-Source "New-HardMatchPlan -AsScript ($($plan.Name))" ([string]$plan.Text)
    }
}

#endregion

$files = if ($Path) {
    foreach ($item in $Path) {
        $resolved = (Resolve-Path $item).Path
        if (Test-Path $resolved -PathType Container) { Get-ChildItem $resolved -Recurse -File | Where-Object Extension -in '.ps1', '.psm1', '.psd1', '.ps1xml' | ForEach-Object FullName }
        else { $resolved }
    }
}
else { Get-DesktopFile }

$sources = @(foreach ($file in $files) { Get-FileSource $file })
if ($ModulePath) { $sources += @(Get-PlanSource) }

# One finding per place and rule (an -Encoding value is both a value and a string).
$findings = @($sources | ForEach-Object {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Test-Source $_
        Write-Verbose ('{0}: {1:n0} ms' -f $_.Name, $clock.ElapsedMilliseconds)
    } | Group-Object File, Line, Column, Rule | ForEach-Object { $_.Group[0] })
foreach ($finding in $findings | Sort-Object File, Line, Column) {
    Write-Host ('{0}:{1}:{2}: [{3}] {4}' -f $finding.File, $finding.Line, $finding.Column, $finding.Rule, $finding.Message)
}
if ($findings.Count -gt 0) {
    Write-Host "$($findings.Count) use(s) of PowerShell 7 in what Windows PowerShell 5.1 runs ($($sources.Count) scripts checked against $($Reference.Count) .NET Framework 4.7.2 and PowerShell 5.1 types)." -ForegroundColor Red
    exit 1
}
Write-Host "Windows PowerShell 5.1 compatible: $($sources.Count) scripts checked against $($Reference.Count) .NET Framework 4.7.2 and PowerShell 5.1 types."
exit 0
