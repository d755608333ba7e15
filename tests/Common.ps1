# Dot-sourced by every *.Tests.ps1 (in BeforeDiscovery and BeforeAll): where the staged
# module is, and the shared test vectors that the cargo tests read too.
$script:ModuleManifest = Join-Path $PSScriptRoot '../out/ImmutableId/ImmutableId.psd1'
$script:Vectors = Get-Content -Raw (Join-Path $PSScriptRoot 'vectors.json') | ConvertFrom-Json -AsHashtable

# Runs a block and returns its outputs and errors in the order they were written.
function Invoke-Collect {
    param([scriptblock] $Block)
    $records = & $Block 2>&1
    , @($records)
}
