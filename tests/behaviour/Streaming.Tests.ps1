# Conversions stream: each result (or error) is written while its input is being processed,
# so Select-Object -First stops upstream early and results survive an upstream failure.
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
}

Describe 'Streaming' {
    It '<name> writes each result before the next input is made' -ForEach @(
        @{ name = 'ConvertTo-ImmutableId'; value = { $G1 } }
        @{ name = 'ConvertFrom-ImmutableId'; value = { 'K81Lh40UykezCZHfZPBb9Q==' } }
        @{ name = 'ConvertTo-CloudAnchor'; value = { 'c72903ed-7816-41cd-9066-eac33d171d77' } }
        @{ name = 'ConvertFrom-CloudAnchor'; value = { 'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==' } }
    ) {
        $made = [ref]0
        $first = & { foreach ($i in 1..10000) { $made.Value++; & $value } } | & $name | Select-Object -First 1
        $first | Should -Not -BeNullOrEmpty
        $made.Value | Should -BeLessOrEqual 2 -Because 'Select-Object -First 1 stops the pipeline after the first result'
    }

    It 'keeps every result made before an upstream command fails' {
        $seen = [Collections.Generic.List[string]]::new()
        { & { $G1; $G1; throw 'LDAP timeout' } | ConvertTo-ImmutableId | ForEach-Object { $seen.Add($_) } } | Should -Throw '*LDAP timeout*'
        $seen.Count | Should -Be 2
    }

    It 'writes an error in the place of its input, between results' {
        $order = [Collections.Generic.List[string]]::new()
        $G1, 'bad', $G1 | ConvertTo-ImmutableId -ErrorVariable +errs -ErrorAction SilentlyContinue | ForEach-Object { $order.Add("$($errs.Count):$_") }
        $order | Should -Be @('0:K81Lh40UykezCZHfZPBb9Q==', '1:K81Lh40UykezCZHfZPBb9Q==')
    }
}
