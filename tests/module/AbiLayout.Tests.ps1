# The C# view of every struct that crosses the ABI (pwsh-module/src/Native/AbiTypes.cs) has
# the layout Rust gives it: tests/data/abi-layout.json is written by
# rust-core/abi/tests/abi_layout.rs from offset_of! and checked there against the header;
# here each C# type's Marshal.SizeOf and Marshal.OffsetOf must agree, field by field, with
# the same names (snake_case in Rust, PascalCase in C#) in the same order.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    $layout = Get-Content -Raw (Join-Path $TestsRoot 'data/abi-layout.json') | ConvertFrom-Json
    $script:Structs = @($layout.structs | ForEach-Object { @{ Struct = $_; Name = $_.name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Layout = Get-Content -Raw (Join-Path $TestsRoot 'data/abi-layout.json') | ConvertFrom-Json
    $script:Assembly = (Get-Module ImmutableId).ImplementingAssembly
    $script:Instance = [Reflection.BindingFlags]'Instance, Public, NonPublic'

    # Marshal.SizeOf(Type): PowerShell would pick the SizeOf(object) overload for a Type.
    $script:SizeOfType = [Runtime.InteropServices.Marshal].GetMethod('SizeOf', [Type[]] @([Type]))
    function Get-MarshalSize([Type] $Type) { $SizeOfType.Invoke($null, @($Type)) }

    function ConvertTo-PascalCase([string] $Name) {
        -join ($Name -split '_' | ForEach-Object { $_.Substring(0, 1).ToUpperInvariant() + $_.Substring(1) })
    }

    # A field's size as it is marshalled: a pointer is a pointer; a fixed buffer is its
    # generated struct; anything else its own size.
    function Get-FieldSize([Reflection.FieldInfo] $Field) {
        if ($Field.FieldType.IsPointer -or $Field.FieldType -eq [IntPtr] -or $Field.FieldType -eq [UIntPtr]) { return [IntPtr]::Size }
        Get-MarshalSize $Field.FieldType
    }

    # Every difference between the layout Rust wrote and a C# type, as sentences.
    function Compare-StructLayout($Struct, [Type] $Type) {
        if (-not $Type) { return @("no C# type ImmutableId.Native.$($Struct.name)") }
        $differences = [Collections.Generic.List[string]]::new()
        $size = Get-MarshalSize $Type
        if ($size -ne $Struct.size) { $differences.Add("size: Rust $($Struct.size), C# $size") }
        $fields = @($Type.GetFields($Instance) | Sort-Object { [Runtime.InteropServices.Marshal]::OffsetOf($Type, $_.Name).ToInt64() })
        $expected = @($Struct.fields | ForEach-Object { ConvertTo-PascalCase $_.name })
        $actual = @($fields | ForEach-Object Name)
        if (($expected -join ',') -cne ($actual -join ',')) { $differences.Add("fields: Rust $($expected -join ', '); C# $($actual -join ', ')") }
        foreach ($field in $Struct.fields) {
            $name = ConvertTo-PascalCase $field.name
            $info = $Type.GetField($name, $Instance)
            if (-not $info) { continue }
            $offset = [Runtime.InteropServices.Marshal]::OffsetOf($Type, $name).ToInt64()
            if ($offset -ne $field.offset) { $differences.Add("$name offset: Rust $($field.offset), C# $offset") }
            $fieldSize = Get-FieldSize $info
            if ($fieldSize -ne $field.size) { $differences.Add("$name size: Rust $($field.size), C# $fieldSize") }
        }
        $differences
    }
}

Describe 'The ABI structs' {
    It 'were laid out by Rust for this pointer size' {
        $Layout.pointerSize | Should -Be ([IntPtr]::Size)
        @($Layout.structs).Count | Should -BeGreaterOrEqual 17
    }

    It '<Name> has the same size, fields, offsets and field sizes in C#' -ForEach $Structs {
        $type = $Assembly.GetType("ImmutableId.Native.$Name")
        Compare-StructLayout $Struct $type | Should -BeNullOrEmpty
    }

    It 'finds a field moved, resized, renamed or missing' {
        $text = $Layout.structs | Where-Object name -EQ 'IidText'
        $type = $Assembly.GetType('ImmutableId.Native.IidText')
        Compare-StructLayout $text $type | Should -BeNullOrEmpty
        $moved = $text | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $moved.fields[1].offset = 4
        Compare-StructLayout $moved $type | Should -Be @('Len offset: Rust 4, C# 8')
        $resized = $text | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $resized.fields[0].size = 4
        $resized.size = 24
        Compare-StructLayout $resized $type | Should -Be @('size: Rust 24, C# 16', 'Offset size: Rust 4, C# 8')
        $renamed = $text | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $renamed.fields[1].name = 'length'
        Compare-StructLayout $renamed $type | Should -Be @('fields: Rust Offset, Length; C# Offset, Len')
        $added = $text | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $added.fields += [pscustomobject]@{ name = 'extra'; offset = 16; size = 8 }
        @(Compare-StructLayout $added $type)[0] | Should -BeLike 'fields: Rust Offset, Len, Extra; C# Offset, Len'
        Compare-StructLayout $text $null | Should -Be @('no C# type ImmutableId.Native.IidText')
    }
}
