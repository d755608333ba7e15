BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh) { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    $script:Root = Resolve-Path (Join-Path $PSScriptRoot '..')
}

Describe 'Module' {
    It 'exports exactly its binary cmdlets' {
        $manifest = Test-ModuleManifest $ModuleManifest
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be (@(
                'ConvertFrom-CloudAnchor', 'ConvertFrom-ImmutableId', 'ConvertTo-CloudAnchor', 'ConvertTo-ImmutableId', 'Test-ImmutableId'
            ) | Sort-Object)
        $manifest.ExportedFunctions.Count | Should -Be 0
        $manifest.PowerShellVersion | Should -Be ([version]'7.4')
    }

    It 'is a binary module: its commands are cmdlets, not functions' {
        Import-Module $ModuleManifest -Force
        (Get-Command -Module ImmutableId).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
    }

    It 'has help for <_>: synopsis, an example, and every parameter described' -ForEach @(
        'ConvertTo-ImmutableId', 'ConvertFrom-ImmutableId', 'ConvertTo-CloudAnchor', 'ConvertFrom-CloudAnchor', 'Test-ImmutableId'
    ) {
        Import-Module $ModuleManifest -Force
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "*$_ *[<CommonParameters>]*"
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        foreach ($name in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $described = (Get-Help $_ -Parameter $name).Description.Text -join ''
            $described | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'declares exactly the entry points the committed C header exports' {
        $header = Get-Content -Raw (Join-Path $Root 'rust-core/include/immutableid.h')
        $exported = [regex]::Matches($header, '\b(iid_\w+)\(') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $source = Get-ChildItem (Join-Path $Root 'pwsh-module/src') -Recurse -Filter *.cs | Get-Content -Raw
        $imported = [regex]::Matches(($source -join "`n"), 'EntryPoint = "(iid_\w+)"') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $imported | Should -Be $exported
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
