# The install an admin does, minus the network: the packaged module (./build.ps1 Package, or
# Test, stages out/package/ImmutableId/<version>) is published to a local folder registered
# as a repository, installed from it into a clean folder, and imported by name in a fresh
# PowerShell whose module path is only that folder.
BeforeDiscovery {
    # Built into PowerShell 7.4 and later; Windows PowerShell 5.1 has it only when installed.
    $script:HasPSResourceGet = [bool](Get-Command Publish-PSResource -ErrorAction SilentlyContinue)
    $script:OnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
    $script:OnLinux = [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::Linux)
}

BeforeAll {
    $script:OnWindows = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
    $script:Root = Split-Path (Split-Path $PSScriptRoot)
    $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'pwsh-module/ImmutableId.psd1')).ModuleVersion
    $script:Packaged = Join-Path $Root "out/package/ImmutableId/$Version"
    $script:Seed = @{ Guid = '874bcd2b-148d-47ca-b309-91df64f05bf5'; ImmutableId = 'K81Lh40UykezCZHfZPBb9Q==' }

    $script:Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $Pwsh) { $script:Pwsh = Join-Path $PSHOME 'pwsh' }
    $script:WindowsPowerShell = if ($OnWindows) { Join-Path $env:SystemRoot 'System32/WindowsPowerShell/v1.0/powershell.exe' }

    # Runs a block in a fresh PowerShell, literal string arguments after it; returns its
    # output lines and fails the test on a non-zero exit. Encoded, so no quoting is lost.
    function Invoke-Fresh {
        param([string] $Exe, [scriptblock] $Block, [string[]] $Arguments = @())
        $literals = @($Arguments | ForEach-Object { "'" + ($_ -replace "'", "''") + "'" })
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("& { $Block } $($literals -join ' ')"))
        $options = @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text')
        if ($OnWindows) { $options += @('-ExecutionPolicy', 'Bypass') }
        $output = @(& $Exe @options -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 0 -Because ($output -join [Environment]::NewLine)
        , $output
    }

    # What a fresh session reports after importing ImmutableId by name from one folder only.
    $script:ImportByName = {
        param($ModulesDir, $Guid, $ImmutableId)
        $ErrorActionPreference = 'Stop'
        $env:PSModulePath = $ModulesDir
        Import-Module ImmutableId
        $module = Get-Module ImmutableId
        $assembly = [ImmutableId.Commands.ImmutableIdCmdlet].Assembly
        "Edition=$($PSVersionTable.PSEdition)"
        "ModuleBase=$($module.ModuleBase)"
        "Version=$($module.Version)"
        "Framework=$(($assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false)).FrameworkName)"
        "ToImmutableId=$([guid]$Guid | ConvertTo-ImmutableId)"
        "FromImmutableId=$(($ImmutableId | ConvertFrom-ImmutableId).Guid)"
    }
    # Paths as the system spells them, whatever separators they were joined with.
    function Get-FullPath([string] $Path) { [IO.Path]::GetFullPath($Path) }
    function ConvertFrom-Report([string[]] $Lines) {
        $report = @{}
        foreach ($line in $Lines) { if ($line -match '^(\w+)=(.*)$') { $report[$Matches[1]] = $Matches[2] } }
        $report
    }
}

Describe 'The packaged module' {
    BeforeAll {
        if (-not (Test-Path (Join-Path $Packaged 'ImmutableId.psd1'))) {
            throw "No packaged module in ${Packaged}: run ./build.ps1 Package (Test stages it too)."
        }
    }

    It 'is a versioned folder whose manifest passes Test-ModuleManifest and exports its cmdlets by name' {
        $manifest = Test-ModuleManifest (Join-Path $Packaged 'ImmutableId.psd1')
        $manifest.Version | Should -Be ([version]$Version)
        Split-Path $Packaged -Leaf | Should -Be $Version
        $data = Import-PowerShellDataFile (Join-Path $Packaged 'ImmutableId.psd1')
        # Explicit lists: a wildcard would make PowerShell load the module to find its commands.
        $data.CmdletsToExport | Should -Not -BeNullOrEmpty
        $data.CmdletsToExport | Should -Not -Contain '*'
        @($data.FunctionsToExport).Count | Should -Be 0
        $manifest.ExportedCmdlets.Keys | Sort-Object | Should -Be (@($data.CmdletsToExport) | Sort-Object)
    }

    It 'offers the one netstandard2.0 build to both editions, from Windows PowerShell 5.1 on' {
        $data = Import-PowerShellDataFile (Join-Path $Packaged 'ImmutableId.psd1')
        $data.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        [version]$data.PowerShellVersion | Should -Be ([version]'5.1')
        [version]$data.DotNetFrameworkVersion | Should -Be ([version]'4.7.2')
        @(Get-ChildItem $Packaged -Filter *.dll -File).Name | Should -Be @('ImmutableId.dll')
    }

    It 'carries its licence, its changelog and release notes for the Gallery' {
        Get-Content -Raw (Join-Path $Packaged 'LICENSE') | Should -Match '^MIT License'
        Get-Content -Raw (Join-Path $Packaged 'CHANGELOG.md') | Should -Match "(?m)^## \[$([regex]::Escape($Version))\]"
        $psData = (Import-PowerShellDataFile (Join-Path $Packaged 'ImmutableId.psd1')).PrivateData.PSData
        $psData.ReleaseNotes | Should -Match "^$([regex]::Escape($Version)):"
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $psData.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'holds each runtime''s core under the name the loader looks for, and this machine''s' {
        $names = @{ win = 'immutableid.dll'; linux = 'libimmutableid.so'; osx = 'libimmutableid.dylib' }
        $runtimes = @(Get-ChildItem (Join-Path $Packaged 'runtimes') -Directory)
        $runtimes.Count | Should -BeGreaterThan 0
        foreach ($runtime in $runtimes) {
            $runtime.Name | Should -BeIn @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')
            $files = @(Get-ChildItem (Join-Path $runtime.FullName 'native') -File)
            $files.Name | Should -Be @($names[$runtime.Name.Split('-')[0]]) -Because $runtime.Name
        }
        $os = if ($OnWindows) { 'win' } elseif ([Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::OSX)) { 'osx' } else { 'linux' }
        $arch = if ([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
        $runtimes.Name | Should -Contain "$os-$arch"
    }
}

Describe 'Install from a repository' -Skip:(-not $HasPSResourceGet) {
    BeforeAll {
        if (-not (Test-Path (Join-Path $Packaged 'ImmutableId.psd1'))) {
            throw "No packaged module in ${Packaged}: run ./build.ps1 Package (Test stages it too)."
        }
        $script:Feed = Join-Path $TestDrive 'feed'
        $script:Modules = Join-Path $TestDrive 'Modules'
        New-Item -ItemType Directory $Feed, $Modules | Out-Null
        $script:Repository = "ImmutableId-test-$([guid]::NewGuid().ToString('N'))"
        Register-PSResourceRepository -Name $Repository -Uri $Feed -Trusted
        Publish-PSResource -Path $Packaged -Repository $Repository
    }

    AfterAll {
        if ($Repository) { Unregister-PSResourceRepository -Name $Repository }
    }

    It 'publishes one package of the manifest''s version' {
        @(Get-ChildItem $Feed).Name | Should -Be @("ImmutableId.$Version.nupkg")
        $found = @(Find-PSResource -Name ImmutableId -Repository $Repository)
        $found.Count | Should -Be 1
        $found[0].Version | Should -Be ([version]$Version)
        $found[0].Type | Should -Be 'Module'
    }

    It 'installs into a clean module folder what was packaged' {
        # Install-PSResource installs only into a scope's module path; Save-PSResource
        # -IncludeXml writes the same layout (with PSResourceGet's record) into a chosen folder.
        Save-PSResource -Name ImmutableId -Repository $Repository -Path $Modules -TrustRepository -IncludeXml
        $installed = Join-Path $Modules "ImmutableId/$Version"
        Test-Path (Join-Path $installed 'PSGetModuleInfo.xml') | Should -BeTrue
        $relative = { param($Base) Get-ChildItem $Base -Recurse -File | ForEach-Object { $_.FullName.Substring($Base.Length + 1) -replace '\\', '/' } | Sort-Object }
        @(& $relative $installed | Where-Object { $_ -ne 'PSGetModuleInfo.xml' }) | Should -Be @(& $relative $Packaged)
    }

    It 'imports by name in a fresh pwsh whose module path is only that folder, and converts the seed vector' {
        $report = ConvertFrom-Report (Invoke-Fresh $Pwsh $ImportByName @($Modules, $Seed.Guid, $Seed.ImmutableId))
        $report.Edition | Should -Be 'Core'
        Get-FullPath $report.ModuleBase | Should -Be (Get-FullPath (Join-Path $Modules "ImmutableId/$Version"))
        $report.Version | Should -Be $Version
        # The build the Desktop edition loads is the one Core just loaded.
        $report.Framework | Should -Be '.NETStandard,Version=v2.0'
        $report.ToImmutableId | Should -Be $Seed.ImmutableId
        $report.FromImmutableId | Should -Be $Seed.Guid
    }

    It 'imports by name in a fresh Windows PowerShell 5.1 from the same folder' -Skip:(-not $OnWindows) {
        $report = ConvertFrom-Report (Invoke-Fresh $WindowsPowerShell $ImportByName @($Modules, $Seed.Guid, $Seed.ImmutableId))
        $report.Edition | Should -Be 'Desktop'
        Get-FullPath $report.ModuleBase | Should -Be (Get-FullPath (Join-Path $Modules "ImmutableId/$Version"))
        $report.Framework | Should -Be '.NETStandard,Version=v2.0'
        $report.ToImmutableId | Should -Be $Seed.ImmutableId
        $report.FromImmutableId | Should -Be $Seed.Guid
    }

    It 'installs with Install-PSResource -Scope CurrentUser and imports by name, in a home of its own' -Skip:(-not $OnLinux) {
        # The README's commands, as a user types them. A home under TestDrive keeps the
        # user's repositories and modules untouched. Linux only: there the XDG variables
        # place both PSResourceGet's repository list and the CurrentUser module path; on
        # Windows (Documents) and macOS (Library) they cannot be moved this way.
        $isolated = Join-Path $TestDrive 'home'
        $environment = @{
            HOME = $isolated; XDG_DATA_HOME = Join-Path $isolated '.local/share'
            XDG_CONFIG_HOME = Join-Path $isolated '.config'; XDG_CACHE_HOME = Join-Path $isolated '.cache'
        }
        # .NET reports no LocalApplicationData (and PSResourceGet would write beside the
        # current directory) unless the folder exists.
        foreach ($dir in $environment.Values) { New-Item -ItemType Directory $dir -Force | Out-Null }
        $install = {
            param($IsolatedHome, $Feed, $Name)
            $ErrorActionPreference = 'Stop'
            $appData = [Environment]::GetFolderPath('LocalApplicationData')
            if (-not $appData.StartsWith($IsolatedHome)) { throw "LocalApplicationData is '$appData', not in $IsolatedHome" }
            Register-PSResourceRepository -Name $Name -Uri $Feed -Trusted
            Install-PSResource -Name ImmutableId -Repository $Name -Scope CurrentUser -TrustRepository
        }
        $use = {
            param($Guid)
            $ErrorActionPreference = 'Stop'
            Import-Module ImmutableId
            "ModuleBase=$((Get-Module ImmutableId).ModuleBase)"
            "ToImmutableId=$([guid]$Guid | ConvertTo-ImmutableId)"
        }
        $saved = @{}
        foreach ($name in $environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            foreach ($name in $environment.Keys) { [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
            Invoke-Fresh $Pwsh $install @($isolated, $Feed, 'Local') | Out-Null
            $report = ConvertFrom-Report (Invoke-Fresh $Pwsh $use @($Seed.Guid))
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $report.ModuleBase | Should -Be (Join-Path $environment.XDG_DATA_HOME "powershell/Modules/ImmutableId/$Version")
        $report.ToImmutableId | Should -Be $Seed.ImmutableId
    }
}
