BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh) { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
}

Describe 'Module' {
    It 'exports exactly its binary cmdlets' {
        $manifest = Test-ModuleManifest $ModuleManifest
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be (@(
                'Compare-ImmutableId', 'ConvertFrom-CloudAnchor', 'ConvertFrom-ImmutableId', 'ConvertTo-CloudAnchor', 'ConvertTo-ImmutableId',
                'New-HardMatchPlan', 'Test-ImmutableId'
            ) | Sort-Object)
        $manifest.ExportedFunctions.Count | Should -Be 0
        $manifest.PowerShellVersion | Should -Be ([version]'5.1')
        $manifest.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
    }

    It 'is a binary module: its commands are cmdlets, not functions' {
        Import-Module $ModuleManifest -Force
        (Get-Command -Module ImmutableId).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
    }

    It 'finds exactly the exports the committed C header declares, in the facade only' {
        $header = Get-Content -Raw (Join-Path $Root 'rust-core/abi/include/immutableid.h')
        $exported = [regex]::Matches($header, '\b(iid_\w+)\(') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $facade = Get-Content -Raw (Join-Path $Root 'pwsh-module/src/Native/CoreLibrary.cs')
        $found = [regex]::Matches($facade, 'find\("(iid_\w+)"\)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $found | Should -Be $exported
    }

    It 'keeps native calls in the facade: Commands/ has no unsafe code and never names the native layer' {
        foreach ($file in Get-ChildItem (Join-Path $Root 'pwsh-module/src/Commands') -Filter *.cs) {
            $text = Get-Content -Raw $file.FullName
            $text | Should -Not -Match '\bunsafe\b' -Because $file.Name
            $text | Should -Not -Match 'NativeMethods|DllImport|delegate\*' -Because $file.Name
        }
    }

    It 'mirrors every enum of the header with the same names and numbers' {
        Import-Module $ModuleManifest -Force
        $header = Get-Content -Raw (Join-Path $Root 'rust-core/abi/include/immutableid.h')
        $assembly = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly
        # The C# enums that cross the boundary, and the public ones with the core's numbers.
        $mirrors = @{
            IidStatus = 'ImmutableId.Native.IidStatus'; IidValueKind = 'ImmutableId.Native.IidValueKind'
            IidSchema = 'ImmutableId.Native.IidSchema'; IidRole = 'ImmutableId.Native.IidRole'
            IidValidatorMode = 'ImmutableId.Native.IidValidatorMode'; IidSeverity = 'ImmutableId.Native.IidSeverity'
            IidSourceFormat = 'ImmutableId.Commands.SourceFormat'; IidTestStatus = 'ImmutableId.Model.ImmutableIdStatus'
            IidSide = 'ImmutableId.Model.AccountSide'; IidAccountStatus = 'ImmutableId.Model.AccountStatus'
            IidSyncEngine = 'ImmutableId.Commands.SyncEngine'; IidFreeAnchor = 'ImmutableId.Commands.FreeAnchorMethod'
            IidSourceAnchorKind = 'ImmutableId.Native.IidSourceAnchorKind'
        }
        foreach ($name in $mirrors.Keys) {
            $block = [regex]::Match($header, "enum $name\b[^{]*\{(?<body>[^}]*)\}").Groups['body'].Value
            $block | Should -Not -BeNullOrEmpty -Because "the header declares $name"
            $prefix = ([regex]::Replace($name, '(?<=[a-z])(?=[A-Z])', '_')).ToUpperInvariant() + '_'
            $inHeader = [regex]::Matches($block, '(\w+) = (\d+)') | ForEach-Object {
                '{0}={1}' -f ($_.Groups[1].Value.Substring($prefix.Length) -replace '_', ''), $_.Groups[2].Value
            }
            $type = $assembly.GetType($mirrors[$name], $true)
            $inCSharp = [Enum]::GetValues($type) | ForEach-Object { '{0}={1}' -f $_.ToString().ToUpperInvariant(), [long]$_ }
            ($inCSharp | Sort-Object) | Should -Be ($inHeader | Sort-Object) -Because $name
        }
        # The output forms ConvertFrom-ImmutableId offers are the header's, less ImmutableId.
        $forms = [regex]::Match($header, 'enum IidOutputForm\b[^{]*\{(?<body>[^}]*)\}').Groups['body'].Value
        foreach ($form in [Enum]::GetValues([ImmutableId.Commands.ImmutableIdFormat])) {
            $constant = 'IID_OUTPUT_FORM_' + ([regex]::Replace("$form", '(?<=[a-z])(?=[A-Z])', '_')).ToUpperInvariant()
            $forms | Should -Match "$constant = $([int]$form)\b"
        }
    }

    Context 'native library resolution' {
        BeforeAll {
            # A copy of the staged module without its native library, and a decoy library
            # in the current directory that must not be picked up.
            $script:Broken = Join-Path $TestDrive 'ImmutableId'
            Copy-Item (Split-Path $ModuleManifest) $Broken -Recurse
            $script:Library = Get-ChildItem (Join-Path $Broken 'runtimes') -Recurse -File | Select-Object -First 1
            $script:Decoy = Join-Path $TestDrive 'cwd'
            New-Item -ItemType Directory $Decoy | Out-Null
            Copy-Item $Library.FullName $Decoy
            Remove-Item $Library.FullName
        }

        It 'gives one terminating error naming the path it looked for, ignoring the current directory' {
            $script = "Set-Location '$Decoy'; Import-Module '$Broken/ImmutableId.psd1'; " +
                "try { 'K81Lh40UykezCZHfZPBb9Q==', 'QF5HMK7n80qvdYsUPIHa9Q==' | ConvertFrom-ImmutableId; 'NO ERROR' } " +
                "catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
            $out = & $Pwsh -NoProfile -Command $script
            $out[0] | Should -BeLike 'NativeLibraryNotFound,*'
            $out[1] | Should -BeLike "*$($Library.FullName)*"
            $out | Should -Not -Contain 'NO ERROR'
        }
    }
}
