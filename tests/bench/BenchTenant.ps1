# The Compare-ImmutableId benchmark's tenant and the hand-written baseline it is measured
# against. Dot-sourced by Bench.ps1.
#
# The tenant comes from the repository's seeded generator,
# rust-core/rules/examples/gen_tenant.rs: onpremises.csv (as Get-ADUser | Export-Csv writes
# it) and cloud.csv (as Get-MgUser | Export-Csv writes it), with a few percent of each
# problem an admin meets (see the generator's header).

function New-BenchTenant {
    # Writes the tenant's two files into $Folder and returns their paths.
    param([int] $Count, [string] $Folder, [int] $Seed = 20261127)
    $cargo = Get-Command cargo -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $cargo) { throw 'The Compare cases need cargo, to run the generator rust-core/rules/examples/gen_tenant.rs.' }
    $manifest = Join-Path $PSScriptRoot '../../rust-core/rules/Cargo.toml'
    & $cargo.Source run --quiet --release --manifest-path $manifest --example gen_tenant -- --count $Count --seed $Seed --out $Folder
    if ($LASTEXITCODE -ne 0) { throw "gen_tenant exited with $LASTEXITCODE" }
    @{ OnPremises = Join-Path $Folder 'onpremises.csv'; Cloud = Join-Path $Folder 'cloud.csv' }
}

# The same join written by hand with hashtables, as an admin would: each user's anchor (its
# mS-DS-ConsistencyGuid when set, else its objectGUID) looked up among the cloud anchors,
# proposals by UPN among cloud accounts without one, one status per account. It checks less
# than the module (no wrong encodings, case folding or validity), so the ratio is conservative.
function Invoke-CompareBaseline {
    param([object[]] $OnPremises, [object[]] $Cloud)
    # Anchors are case-sensitive: PowerShell's @{} is not, and would match a case-mangled
    # anchor to its user. UPNs are compared ignoring case, as Entra does.
    $holders = [hashtable]::new([StringComparer]::Ordinal)
    $cloudByUpn = @{}
    foreach ($c in $Cloud) {
        if ($c.OnPremisesImmutableId) {
            if ($holders.ContainsKey($c.OnPremisesImmutableId)) { $holders[$c.OnPremisesImmutableId].Add($c) } else { $holders[$c.OnPremisesImmutableId] = [Collections.Generic.List[object]]@($c) }
        }
        if ($c.UserPrincipalName) { $cloudByUpn[$c.UserPrincipalName] = $c }
    }
    $makers = [hashtable]::new([StringComparer]::Ordinal)
    $claimed = @{}
    $results = [Collections.Generic.List[object]]::new($OnPremises.Count + $Cloud.Count)
    foreach ($o in $OnPremises) {
        $text = if ($o.'mS-DS-ConsistencyGuid') { $o.'mS-DS-ConsistencyGuid' } else { $o.ObjectGUID }
        $guid = [guid]::Empty
        if (-not [guid]::TryParse("$text", [ref] $guid)) {
            $results.Add([pscustomobject]@{ Account = $o.SamAccountName; Status = 'Conflict' })
            continue
        }
        $anchor = [Convert]::ToBase64String($guid.ToByteArray())
        $makers[$anchor] = $o
        $status = 'NotSynced'
        if ($holders.ContainsKey($anchor)) {
            $status = if ($holders[$anchor].Count -gt 1) { 'Conflict' } else { 'Matched' }
        }
        elseif ($o.UserPrincipalName -and $cloudByUpn.ContainsKey($o.UserPrincipalName)) {
            $target = $cloudByUpn[$o.UserPrincipalName]
            if (-not $target.OnPremisesImmutableId -and $target.OnPremisesSyncEnabled -ne 'True') {
                $status = 'HardMatchCandidate'
                $claimed[$target.Id] = $o
            }
        }
        $results.Add([pscustomobject]@{ Account = $o.SamAccountName; Status = $status })
    }
    foreach ($c in $Cloud) {
        $anchor = $c.OnPremisesImmutableId
        $status = if ($claimed.ContainsKey($c.Id)) { 'HardMatchCandidate' }
        elseif (-not $anchor) { 'CloudOnly' }
        elseif ($holders[$anchor].Count -gt 1) { 'Conflict' }
        elseif ($makers.ContainsKey($anchor)) { 'Matched' }
        else { 'Orphan' }
        $results.Add([pscustomobject]@{ Account = $c.UserPrincipalName; Status = $status })
    }
    $results
}
