# The files the help examples read, written into a folder (the example's current location):
# what an admin would have prepared from the directory of Directory.ps1.
#   hardmatch.csv       a hard-match batch: alice is right; carol's value has a space pasted
#                       after it; dave's has the GUID's bytes in big-endian order.
#   hardmatch-emea.csv  a second batch, with bob and erin.
#   users [EU].csv      an Excel export with semicolons and Graph's column names; its name
#                       holds brackets, which -Path would read as a wildcard.

function New-StandInFiles {
    param([string] $Path)
    $p = @{}
    foreach ($person in Get-StandInPeople) { $p[$person.Given.ToLowerInvariant()] = $person }
    $files = @{
        'hardmatch.csv'      = @(
            'UserPrincipalName,ObjectGUID,ImmutableId'
            "alice@contoso.com,$($p.alice.ObjectGuid),$($p.alice.ImmutableId)"
            "carol@contoso.com,$($p.carol.ObjectGuid),""$($p.carol.ImmutableId) """
            "dave@contoso.com,$($p.dave.ObjectGuid),$($p.dave.CloudAnchor)"
        )
        'hardmatch-emea.csv' = @(
            'UserPrincipalName,ObjectGUID,mS-DS-ConsistencyGuid,ImmutableId'
            "bob@contoso.com,$($p.bob.ObjectGuid),$($p.bob.ConsistencyGuid),$($p.bob.ImmutableId)"
            "erin@contoso.com,,,$($p.erin.CloudAnchor)"
        )
        'users [EU].csv'     = @(
            'userPrincipalName;objectGUID;onPremisesImmutableId'
            "alice@contoso.com;$($p.alice.ObjectGuid);$($p.alice.ImmutableId)"
            "dave@contoso.com;$($p.dave.ObjectGuid);$($p.dave.CloudAnchor)"
        )
    }
    foreach ($name in $files.Keys) {
        [System.IO.File]::WriteAllLines((Join-Path $Path $name), [string[]]$files[$name], [System.Text.UTF8Encoding]::new($false))
    }
}
