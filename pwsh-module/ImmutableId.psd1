@{
    RootModule             = 'ImmutableId.dll'
    ModuleVersion          = '0.2.0'
    GUID                   = '5d0c8f5e-4a43-4c4e-9d4e-2f7f3b8d6a11'
    Author                 = 'ImmutableId developers'
    Description            = 'Convert, validate and plan Entra Connect sourceAnchor (ImmutableId / onPremisesImmutableId) values. A Rust core holds every rule; the module never contacts AD or Graph.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    TypesToProcess         = @('ImmutableId.Types.ps1xml')
    FormatsToProcess       = @('ImmutableId.Format.ps1xml')
    CmdletsToExport        = @(
        'ConvertTo-ImmutableId'
        'ConvertFrom-ImmutableId'
        'ConvertTo-CloudAnchor'
        'ConvertFrom-CloudAnchor'
        'Test-ImmutableId'
        'Compare-ImmutableId'
        'New-HardMatchPlan'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('EntraID', 'AzureAD', 'EntraConnect', 'ImmutableId', 'sourceAnchor', 'ActiveDirectory', 'HybridIdentity', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # No LicenseUri or ProjectUri: the project has no public address yet, and a
            # guessed one would be wrong. The licence (MIT) is the LICENSE file in the
            # module folder; set both URIs when the project is published somewhere.
            ReleaseNotes = '0.2.0: Compare-ImmutableId and New-HardMatchPlan (reconciliation and hard-match planning); Windows PowerShell 5.1 support (one netstandard2.0 build for both editions, no run-time package dependency); streaming cmdlets; records and hashtables in every cmdlet; -Detailed on every conversion; Test-ImmutableId statuses NoAnchor and NotChecked, -LiteralPath, -Delimiter and several files; reason codes CaseMangled, MaybeCaseMangled, HexInsteadOfImmutableId, NilGuid and ExpectedGuidUnreadable; a safe Rust rules crate under a hardened C ABI crate. Every change: CHANGELOG.md in the module folder.'
        }
    }
}
