@{
    RootModule             = 'ImmutableId.dll'
    ModuleVersion          = '0.2.0'
    GUID                   = '5d0c8f5e-4a43-4c4e-9d4e-2f7f3b8d6a11'
    Author                 = 'ImmutableId developers'
    Description            = 'Convert, validate and plan Entra Connect sourceAnchor (ImmutableId / onPremisesImmutableId) values. A Rust core holds every rule; the module never contacts AD or Graph.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('ImmutableId.Format.ps1xml')
    CmdletsToExport        = @(
        'ConvertTo-ImmutableId'
        'ConvertFrom-ImmutableId'
        'ConvertTo-CloudAnchor'
        'ConvertFrom-CloudAnchor'
        'Test-ImmutableId'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags = @('EntraID', 'AzureAD', 'EntraConnect', 'ImmutableId', 'sourceAnchor', 'ActiveDirectory', 'HybridIdentity', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
