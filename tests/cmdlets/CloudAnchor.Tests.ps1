# The CloudAnchor cmdlets: the public vectors both ways, Get-MgUser objects, -ObjectType
# (validated and completed from the core), and the connector-space DN of a cloud object.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:CloudDn = 'CN={557365725F63373239303365642D373831362D343163642D393036362D656163333364313731643737}'
}

Describe 'ConvertTo-CloudAnchor and ConvertFrom-CloudAnchor' {
    It 'decodes <cloudAnchor> to <decoded>' -ForEach $Vectors.cloudAnchors {
        $cloudAnchor | ConvertFrom-CloudAnchor | Should -BeExactly $decoded
    }

    It 'encodes <decoded> back to <cloudAnchor>' -ForEach $Vectors.cloudAnchors {
        $decoded | ConvertTo-CloudAnchor | Should -BeExactly $cloudAnchor
    }

    It 'encodes the Id of a Get-MgUser object as a User CloudAnchor' {
        $user = [pscustomobject]@{ Id = 'c72903ed-7816-41cd-9066-eac33d171d77'; UserPrincipalName = 'alice@contoso.com' }
        $user | ConvertTo-CloudAnchor | Should -BeExactly $Vectors.cloudAnchors[0].cloudAnchor
        $user | ConvertTo-CloudAnchor | ConvertFrom-CloudAnchor | Should -BeExactly 'User_c72903ed-7816-41cd-9066-eac33d171d77'
    }

    It 'uses -ObjectType for bare object IDs' {
        [guid]'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType Device | ConvertFrom-CloudAnchor |
            Should -BeExactly 'Device_c72903ed-7816-41cd-9066-eac33d171d77'
    }

    It 'reports a value that is not a CloudAnchor as InvalidCloudAnchor' {
        $records = 'K81Lh40UykezCZHfZPBb9Q==', $Vectors.cloudAnchors[0].cloudAnchor | ConvertFrom-CloudAnchor 2>&1
        $records.Count | Should -Be 2
        $records[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCloudAnchor,*'
        $records[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $records[1] | Should -BeExactly 'User_c72903ed-7816-41cd-9066-eac33d171d77'
    }

    It 'validates -ObjectType and completes it from the core' {
        { 'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType Banana } | Should -Throw -ErrorId 'InvalidObjectType,*'
        'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType device | ConvertFrom-CloudAnchor |
            Should -Be 'Device_c72903ed-7816-41cd-9066-eac33d171d77'
        $line = 'ConvertTo-CloudAnchor -ObjectType '
        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        @($completions.CompletionMatches.CompletionText) | Should -Be @('User', 'Group', 'Device', 'Contact')
        $completions = TabExpansion2 -inputScript "${line}G" -cursorColumn ($line.Length + 1)
        @($completions.CompletionMatches.CompletionText) | Should -Be @('Group')
    }

    It 'reads the connector-space DN of a cloud object in ConvertFrom-CloudAnchor, with -Detailed' {
        $CloudDn | ConvertFrom-CloudAnchor | Should -Be 'User_c72903ed-7816-41cd-9066-eac33d171d77'
        $info = $CloudDn | ConvertFrom-CloudAnchor -Detailed
        ($info.ObjectType, $info.ObjectId) | Should -Be @('User', [guid]'c72903ed-7816-41cd-9066-eac33d171d77')
        $info.CloudAnchor | Should -Be $Vectors.cloudAnchors[0].cloudAnchor
        $info.DistinguishedName | Should -Be $CloudDn
        $detailed = 'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -Detailed
        $detailed.DistinguishedName | Should -Be $CloudDn
    }
}
