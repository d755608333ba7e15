# Dot-sourced by every *.Tests.ps1 (in BeforeDiscovery and BeforeAll): where the staged
# module is, and the shared test vectors that the cargo tests read too.
# The tests' folder and the repository's root, wherever the test file that dot-sources this is.
$script:TestsRoot = Split-Path $PSScriptRoot
$script:RepoRoot = Split-Path $script:TestsRoot
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/ImmutableId/ImmutableId.psd1'
# ConvertFrom-Json -AsHashtable is PowerShell 7's; Windows PowerShell 5.1 converts by hand.
function ConvertTo-Hashtable($Value) {
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        $table = [ordered]@{}
        foreach ($property in $Value.PSObject.Properties) { $table[$property.Name] = ConvertTo-Hashtable $property.Value }
        return $table
    }
    if ($Value -is [System.Collections.IList]) { return , @($Value | ForEach-Object { ConvertTo-Hashtable $_ }) }
    $Value
}
$json = Get-Content -Raw (Join-Path $script:TestsRoot 'data/vectors.json')
$script:Vectors = if ($PSVersionTable.PSVersion.Major -ge 6) { $json | ConvertFrom-Json -AsHashtable } else { ConvertTo-Hashtable ($json | ConvertFrom-Json) }

# Runs a block and returns its outputs and errors in the order they were written.
function Invoke-Collect {
    param([scriptblock] $Block)
    $records = & $Block 2>&1
    , @($records)
}

# The stand-ins of tests/helpers/stand-ins (Get-ADUser, Get-MgUser, Get-EXOMailbox...) as one
# module of their own, so that their shared state (the directory) is that module's. Pester runs
# every file in one session: remove it in AfterAll (Remove-StandIns).
function Import-StandIns {
    $files = @(Get-ChildItem (Join-Path $script:TestsRoot 'helpers/stand-ins') -Filter '*.ps1')
    New-Module -Name ImmutableIdStandIns -ArgumentList (, $files) -ScriptBlock {
        param($Files)
        foreach ($file in $Files) { . $file.FullName }
        Export-ModuleMember -Function *
    } | Import-Module -Force -Global
}

function Remove-StandIns { Remove-Module ImmutableIdStandIns -Force -ErrorAction SilentlyContinue }
