# The files the help examples read, written into a folder (the example's current location):
# what an admin would have prepared from the directory of Directory.ps1.
#   hardmatch.csv       a hard-match batch: alice is right; carol's value has a space pasted
#                       after it; dave's has the GUID's bytes in big-endian order.
#   hardmatch-emea.csv  a second batch, with bob and erin.
#   users [EU].csv      an Excel export with semicolons and Graph's column names; its name
#                       holds brackets, which -Path would read as a wildcard.

function New-StandInFiles {
    param([string] $Path)
    $files = @{
        'hardmatch.csv'      = @(
            'UserPrincipalName,ObjectGUID,ImmutableId'
            'alice@contoso.com,874bcd2b-148d-47ca-b309-91df64f05bf5,K81Lh40UykezCZHfZPBb9Q=='
            'carol@contoso.com,0b7e9c4d-6a21-4f3e-b5d8-92c1e7a4f603,"TZx+CyFqPk+12JLB56T2Aw== "'
            'dave@contoso.com,c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f,wtTm+Bo7TF2Of5oLHC0+Tw=='
        )
        'hardmatch-emea.csv' = @(
            'UserPrincipalName,ObjectGUID,mS-DS-ConsistencyGuid,ImmutableId'
            'bob@contoso.com,5f8a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b,3f2504e0-4f89-11d3-9a0c-0305e82c3301,4AQlP4lP0xGaDAMF6CwzAQ=='
            'erin@contoso.com,,,RU1QMDA0Mg=='
        )
        'users [EU].csv'     = @(
            'userPrincipalName;objectGUID;onPremisesImmutableId'
            'alice@contoso.com;874bcd2b-148d-47ca-b309-91df64f05bf5;K81Lh40UykezCZHfZPBb9Q=='
            'dave@contoso.com;c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f;wtTm+Bo7TF2Of5oLHC0+Tw=='
        )
    }
    foreach ($name in $files.Keys) {
        [System.IO.File]::WriteAllLines((Join-Path $Path $name), [string[]]$files[$name], [System.Text.UTF8Encoding]::new($false))
    }
}
