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

# A smaller join written by hand with hashtables, as a quick admin script would: each user's
# anchor (its mS-DS-ConsistencyGuid when set, else its objectGUID) looked up among the cloud
# anchors, proposals by UPN among cloud accounts without one, one status per account. It
# checks far less than the module (no wrong encodings, case folding, validity, findings or
# messages): the StatusOnly rows report it for scale; the targets are on the same join below.
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


# The same join as Compare-ImmutableId, written by hand with hashtables and foreach loops
# (no pipelines in the loops, so it is not slow for want of care), for the inputs the bench
# tenant has: on-premises and cloud users, no -Mapping, -Deleted or tenant facts. It finds
# each user's anchor (mS-DS-ConsistencyGuid when set, else objectGUID); duplicates on either
# side; anchors differing only in case; wrong encodings of a user's GUID (big-endian bytes,
# the Base64 of its text, objectGUID where the ConsistencyGuid is the anchor); invalid and
# non-GUID anchors; hard-match proposals by UPN (or id), else mail, else SMTP proxy address,
# among cloud accounts that could be taken over, with the checks a proposal needs and cannot
# make without facts; and writes one result per account with its findings and a sentence
# each. Assert-SameJoin checks it against the module: statuses, findings and counterparts.
function Invoke-CompareSameJoin {
    param([object[]] $OnPremises, [object[]] $Cloud)
    $ordinal = [StringComparer]::Ordinal
    $ignoreCase = [StringComparer]::OrdinalIgnoreCase
    $unchecked = [string[]]('TenantSwitches', 'Federation', 'ObjectIdentifier', 'Roles', 'CloudManagedState', 'SoftDeletedHolders', 'OnPremisesMailbox', 'Mailboxes')
    $none = [string[]]@()
    $conflicts = [Collections.Generic.HashSet[string]]::new([string[]]('DuplicateAnchor', 'DuplicateOnPremisesAnchor', 'InvalidAnchor', 'BigEndianAnchor', 'GuidTextAnchor', 'ObjectGuidAnchor', 'AmbiguousProposal', 'NoOnPremisesAnchor'))
    $separators = [char[]]";, `t`r`n"

    # On-premises users: anchors, makers, and the GUIDs wrong encodings are made of.
    $on = [Collections.Generic.List[object]]::new($OnPremises.Count)
    $makers = [Collections.Generic.Dictionary[string, Collections.Generic.List[int]]]::new($ordinal)
    $makersFolded = [Collections.Generic.Dictionary[string, int]]::new($ignoreCase)
    $byGuid = [Collections.Generic.Dictionary[guid, int]]::new()
    $objectGuidNotAnchor = [Collections.Generic.Dictionary[guid, int]]::new()
    foreach ($o in $OnPremises) {
        $sam = "$($o.SamAccountName)".Trim(); $upn = "$($o.UserPrincipalName)".Trim(); $dn = "$($o.DistinguishedName)".Trim(); $mail = "$($o.Mail)".Trim()
        $smtp = [Collections.Generic.List[string]]::new()
        foreach ($p in "$($o.ProxyAddresses)".Split($separators, [StringSplitOptions]::RemoveEmptyEntries)) {
            if ($p.Length -gt 5 -and $p.StartsWith('smtp:', [StringComparison]::OrdinalIgnoreCase)) { $smtp.Add($p.Substring(5).ToLowerInvariant()) }
        }
        $objectGuid = $null; $consistency = $null; $anchor = $null; $source = $null; $problem = $null
        $g = [guid]::Empty
        $text = "$($o.ObjectGUID)".Trim()
        if ($text) { if ([guid]::TryParse($text, [ref] $g)) { $objectGuid = $g } else { $problem = "its ObjectGUID is '$text': not a GUID" } }
        $text = "$($o.'mS-DS-ConsistencyGuid')".Trim()
        if ($text) {
            if ([guid]::TryParse($text, [ref] $g)) { $consistency = $g; $source = 'mS-DS-ConsistencyGuid' } else { $problem = "its mS-DS-ConsistencyGuid is '$text': not a GUID" }
        } elseif ($objectGuid) { $source = 'ObjectGUID' }
        if ($source -and -not ($source -eq 'mS-DS-ConsistencyGuid' -and $null -eq $consistency)) {
            $anchor = [Convert]::ToBase64String($(if ($consistency) { $consistency } else { $objectGuid }).ToByteArray())
            $problem = $null
        } elseif (-not $problem) { $problem = 'it has neither an objectGUID nor an mS-DS-ConsistencyGuid' }
        $label = if ($sam) { $sam } elseif ($upn) { $upn } elseif ($dn) { $dn } else { "$objectGuid" }
        $index = $on.Count
        $on.Add([pscustomobject]@{ Index = $index; Label = $label; Upn = $upn; Mail = $mail; Smtp = $smtp; Anchor = $anchor; Source = $source; Problem = $problem })
        if ($anchor) {
            $list = $null
            if ($makers.TryGetValue($anchor, [ref] $list)) { $list.Add($index) } else { $makers[$anchor] = [Collections.Generic.List[int]]::new([int[]]@($index)) }
            if (-not $makersFolded.ContainsKey($anchor)) { $makersFolded[$anchor] = $index }
        }
        if ($objectGuid -and -not $byGuid.ContainsKey($objectGuid)) { $byGuid[$objectGuid] = $index }
        if ($consistency -and -not $byGuid.ContainsKey($consistency)) { $byGuid[$consistency] = $index }
        if ($objectGuid -and $consistency -and $objectGuid -ne $consistency -and -not $objectGuidNotAnchor.ContainsKey($objectGuid)) { $objectGuidNotAnchor[$objectGuid] = $index }
    }

    # Cloud users: holders, spellings ignoring case, and wrong encodings found by decoding.
    $cl = [Collections.Generic.List[object]]::new($Cloud.Count)
    $holders = [Collections.Generic.Dictionary[string, Collections.Generic.List[int]]]::new($ordinal)
    $spellings = [Collections.Generic.Dictionary[string, Collections.Generic.List[string]]]::new($ignoreCase)
    $mistakes = [Collections.Generic.Dictionary[string, object[]]]::new($ordinal)
    $mistaken = [Collections.Generic.Dictionary[int, Collections.Generic.List[string]]]::new()
    foreach ($c in $Cloud) {
        $a = "$($c.OnPremisesImmutableId)"
        $id = "$($c.Id)".Trim(); $upn = "$($c.UserPrincipalName)".Trim()
        $smtp = [Collections.Generic.List[string]]::new()
        foreach ($p in "$($c.ProxyAddresses)".Split($separators, [StringSplitOptions]::RemoveEmptyEntries)) {
            if ($p.Length -gt 5 -and $p.StartsWith('smtp:', [StringComparison]::OrdinalIgnoreCase)) { $smtp.Add($p.Substring(5).ToLowerInvariant()) }
        }
        $index = $cl.Count
        $cl.Add([pscustomobject]@{ Index = $index; Id = $id; Upn = $upn; Label = $(if ($upn) { $upn } else { $id }); Mail = "$($c.Mail)".Trim().ToLowerInvariant(); Smtp = $smtp
                Anchor = $(if ($a) { $a } else { $null }); Synced = "$($c.OnPremisesSyncEnabled)" -eq 'True' })
        if (-not $a) { continue }
        $list = $null
        if ($holders.TryGetValue($a, [ref] $list)) { $list.Add($index) } else { $holders[$a] = [Collections.Generic.List[int]]::new([int[]]@($index)) }
        $kept = $null
        if (-not $spellings.TryGetValue($a, [ref] $kept)) { $spellings[$a] = [Collections.Generic.List[string]]::new([string[]]@($a)) }
        elseif ($kept.Count -lt 2 -and -not $kept.Contains($a)) { $kept.Add($a) }
        if ($makers.ContainsKey($a) -or $mistakes.ContainsKey($a)) { continue }
        $bytes = $null
        if ($a.Length -eq 24 -or $a.Length -eq 48) { try { $bytes = [Convert]::FromBase64String($a) } catch { } }
        $found = $null
        $owner = 0
        if ($null -ne $bytes -and $bytes.Length -eq 16) {
            $bigEndian = [guid]::new([BitConverter]::ToString($bytes).Replace('-', ''))
            if ($objectGuidNotAnchor.TryGetValue([guid]::new($bytes), [ref] $owner)) { $found = $owner, 'ObjectGuidAnchor' }
            elseif ($byGuid.TryGetValue($bigEndian, [ref] $owner)) { $found = $owner, 'BigEndianAnchor' }
        } elseif ($null -ne $bytes -and $bytes.Length -eq 36) {
            $g = [guid]::Empty
            if ([guid]::TryParse([Text.Encoding]::UTF8.GetString($bytes), [ref] $g) -and $byGuid.TryGetValue($g, [ref] $owner)) { $found = $owner, 'GuidTextAnchor' }
        }
        if ($found) {
            $mistakes[$a] = $found
            if (-not $mistaken.ContainsKey($found[0])) { $mistaken[$found[0]] = [Collections.Generic.List[string]]::new() }
            $mistaken[$found[0]].Add($a)
        }
    }

    # Proposals among cloud accounts that could be taken over: by UPN (or id), mail, SMTP.
    $byUpn = [Collections.Generic.Dictionary[string, Collections.Generic.List[int]]]::new($ignoreCase)
    $byMail = [Collections.Generic.Dictionary[string, Collections.Generic.List[int]]]::new($ignoreCase)
    $bySmtp = [Collections.Generic.Dictionary[string, Collections.Generic.List[int]]]::new($ignoreCase)
    foreach ($v in $cl) {
        if ($v.Synced -or ($v.Anchor -and $makers.ContainsKey($v.Anchor))) { continue }
        foreach ($pair in @(@($byUpn, $v.Upn), @($byUpn, $v.Id), @($byMail, $v.Mail), @($bySmtp, $v.Mail))) {
            if (-not $pair[1]) { continue }
            $list = $null
            if (-not $pair[0].TryGetValue($pair[1], [ref] $list)) { $pair[0][$pair[1]] = [Collections.Generic.List[int]]::new([int[]]@($v.Index)) } elseif ($list[$list.Count - 1] -ne $v.Index) { $list.Add($v.Index) }
        }
        foreach ($s in $v.Smtp) {
            $list = $null
            if (-not $bySmtp.TryGetValue($s, [ref] $list)) { $bySmtp[$s] = [Collections.Generic.List[int]]::new([int[]]@($v.Index)) } elseif ($list[$list.Count - 1] -ne $v.Index) { $list.Add($v.Index) }
        }
    }
    $claimed = [Collections.Generic.HashSet[int]]::new()
    $pairOfOn = [Collections.Generic.Dictionary[int, object]]::new()
    $pairOfCloud = [Collections.Generic.Dictionary[int, object]]::new()
    $ambiguous = [Collections.Generic.Dictionary[int, object]]::new()
    $how = @{ ProposedByUpn = 'the same user principal name'; ProposedByMail = 'the same mail address'; ProposedByProxyAddress = 'an SMTP proxy address' }
    $levels = @(@('ProposedByUpn', $byUpn), @('ProposedByMail', $byMail), @('ProposedByProxyAddress', $bySmtp))
    $found = [Collections.Generic.List[int]]::new()
    foreach ($u in $on) {
        for ($l = 0; $l -lt 3; $l++) {
            $level = $levels[$l]
            $keys = if ($l -eq 0) { $u.Upn } elseif ($l -eq 1) { $u.Mail } else { $u.Smtp }
            $found.Clear()
            foreach ($key in $keys) {
                $list = $null
                if (-not $key -or -not $level[1].TryGetValue($key, [ref] $list)) { continue }
                foreach ($c in $list) { if (-not $claimed.Contains($c) -and -not $found.Contains($c)) { $found.Add($c) } }
            }
            if ($found.Count -eq 0) { continue }
            if ($found.Count -gt 1) { $ambiguous[$u.Index] = $found.ToArray(); break }
            $c = $found[0]; $v = $cl[$c]; $null = $claimed.Add($c)
            $findings = [Collections.Generic.List[string]]::new(); $messages = [Collections.Generic.List[string]]::new()
            $findings.Add($level[0]); $messages.Add("Proposed, not given: $($u.Label) and $($v.Label) have $($how[$level[0]]). Confirm it with -Mapping before acting on it.")
            $notChecked = $unchecked
            if (-not $u.Anchor) { $findings.Add('NoOnPremisesAnchor'); $messages.Add("$($u.Label) has no anchor to move: $($u.Problem)."); $notChecked = $none }
            elseif ($makers[$u.Anchor].Count -gt 1) { $findings.Add('DuplicateOnPremisesAnchor'); $messages.Add("Another on-premises account makes the same anchor $($u.Anchor) as $($u.Label); Entra Connect cannot sync both."); $notChecked = $none }
            else {
                if ($v.Anchor -and $v.Anchor -cne $u.Anchor) { $findings.Add('TargetHoldsOtherAnchor'); $messages.Add("$($v.Label) already holds the anchor $($v.Anchor); the plan writes $($u.Anchor) over it.") }
                $list = $null
                if ($holders.TryGetValue($u.Anchor, [ref] $list)) {
                    foreach ($h in $list) { if ($h -ne $c) { $findings.Add('AnchorHeldByActiveTwin'); $messages.Add("$($cl[$h].Label) (the account sync made for $($u.Label)) holds $($u.Anchor): it must leave sync scope and be deleted, and the anchor freed, before $($v.Label) can take it.") } }
                }
                $wrong = $null
                if ($mistaken.TryGetValue($u.Index, [ref] $wrong)) {
                    foreach ($m in $wrong) { foreach ($h in $holders[$m]) { if ($h -ne $c) { $findings.Add($mistakes[$m][1]); $messages.Add("$($cl[$h].Label) holds $m, a wrong encoding of $($u.Label)'s GUID: correct or remove it before $($v.Label) takes $($u.Anchor).") } } }
                }
            }
            $status = 'HardMatchCandidate'
            foreach ($f in $findings) { if ($conflicts.Contains($f)) { $status = 'Conflict' } }
            $pair = [pscustomobject]@{ On = $u.Index; Cloud = $c; Findings = $findings.ToArray(); Messages = $messages.ToArray(); Status = $status; NotChecked = $notChecked }
            $pairOfOn[$u.Index] = $pair; $pairOfCloud[$c] = $pair
            break
        }
    }

    # One result per account: on-premises users first, then cloud users.
    $results = [Collections.Generic.List[object]]::new($on.Count + $cl.Count)
    foreach ($u in $on) {
        $findings = [Collections.Generic.List[string]]::new(); $messages = [Collections.Generic.List[string]]::new()
        $status = 'NotSynced'; $counterpart = $null; $notChecked = $none
        $pair = $null
        if ($pairOfOn.TryGetValue($u.Index, [ref] $pair)) {
            $status = $pair.Status; $counterpart = $cl[$pair.Cloud].Label; $findings.AddRange($pair.Findings); $messages.AddRange($pair.Messages); $notChecked = $pair.NotChecked
        } elseif (-not $u.Anchor) {
            $status = 'Conflict'; $findings.Add('NoOnPremisesAnchor'); $messages.Add("$($u.Label) has no anchor: $($u.Problem).")
        } else {
            $a = $u.Anchor
            $made = $makers[$a]
            if ($made.Count -gt 1) {
                $others = [Collections.Generic.List[string]]::new()
                foreach ($m in $made) { if ($m -ne $u.Index -and $others.Count -lt 5) { $others.Add($on[$m].Label) } }
                $findings.Add('DuplicateOnPremisesAnchor'); $messages.Add("$($u.Label) and $($others -join ', ') make the same anchor $a; Entra Connect can sync only one of them.")
            }
            $candidates = $null
            if ($ambiguous.TryGetValue($u.Index, [ref] $candidates)) {
                $names = [Collections.Generic.List[string]]::new(); foreach ($c in $candidates) { $names.Add($cl[$c].Label) }
                $findings.Add('AmbiguousProposal'); $messages.Add("$($u.Label) could be meant for any of $($names -join ', '): name the one to keep with -Mapping.")
            }
            $held = $null
            if ($holders.TryGetValue($a, [ref] $held)) {
                if ($held.Count -gt 1) {
                    $names = [Collections.Generic.List[string]]::new(); foreach ($h in $held) { if ($names.Count -lt 5) { $names.Add($cl[$h].Label) } }
                    $findings.Add('DuplicateAnchor'); $messages.Add("$($held.Count) cloud accounts hold $($u.Label)'s anchor ${a}: $($names -join ', ').")
                }
                $status = 'Matched'; $counterpart = $cl[$held[0]].Label
            } else {
                $twins = $null
                if ($spellings.TryGetValue($a, [ref] $twins)) {
                    foreach ($twin in $twins) {
                        if ($twin -ceq $a) { continue }
                        foreach ($h in $holders[$twin]) {
                            $findings.Add('CaseOnlyAnchorTwin'); $messages.Add("$($cl[$h].Label) holds $twin, which differs from $($u.Label)'s anchor $a only in letter case: Entra compares anchors case-sensitively, so it matches nothing. Its anchor should be $a.")
                            if (-not $counterpart) { $counterpart = $cl[$h].Label }
                        }
                    }
                }
                $wrong = $null
                if ($mistaken.TryGetValue($u.Index, [ref] $wrong)) {
                    foreach ($m in $wrong) { foreach ($h in $holders[$m]) { $findings.Add($mistakes[$m][1]); $messages.Add("$($cl[$h].Label) holds $m, a wrong encoding of $($u.Label)'s GUID; its anchor should be $a.") } }
                }
            }
            foreach ($f in $findings) { if ($conflicts.Contains($f)) { $status = 'Conflict' } }
        }
        $results.Add([pscustomobject]@{ Side = 'OnPremises'; Index = $u.Index; Account = $u.Label; Status = $status; Anchor = $u.Anchor; AnchorSource = $u.Source; Counterpart = $counterpart
                Findings = $findings.ToArray(); Messages = $messages.ToArray(); NotChecked = $notChecked; Input = $OnPremises[$u.Index] })
    }
    foreach ($v in $cl) {
        $findings = [Collections.Generic.List[string]]::new(); $messages = [Collections.Generic.List[string]]::new()
        $status = 'CloudOnly'; $counterpart = $null; $notChecked = $none
        $a = $v.Anchor
        $pair = $null
        if ($pairOfCloud.TryGetValue($v.Index, [ref] $pair)) {
            $status = $pair.Status; $counterpart = $on[$pair.On].Label; $findings.AddRange($pair.Findings); $messages.AddRange($pair.Messages); $notChecked = $pair.NotChecked
        } elseif ($a) {
            $held = $holders[$a]
            if ($held.Count -gt 1) {
                $names = [Collections.Generic.List[string]]::new(); foreach ($h in $held) { if ($h -ne $v.Index -and $names.Count -lt 5) { $names.Add($cl[$h].Label) } }
                $findings.Add('DuplicateAnchor'); $messages.Add("$($v.Label) holds the anchor $a, and so does $($names -join ', ').")
            }
            $twins = $spellings[$a]
            if ($twins.Count -gt 1) {
                $other = if ($twins[0] -cne $a) { $twins[0] } else { $twins[1] }
                $findings.Add('CaseOnlyAnchorTwin'); $messages.Add("The anchor $a differs only in letter case from $other; Entra compares anchors case-sensitively, but anything that does not will mix these accounts up.")
            }
            $made = $null; $owner = 0
            if ($makers.TryGetValue($a, [ref] $made)) {
                $status = 'Matched'; $counterpart = $on[$made[0]].Label
                $pair = $null
                if ($pairOfOn.TryGetValue($made[0], [ref] $pair)) { $findings.Add('TwinOfHardMatch'); $messages.Add("$($v.Label) holds $counterpart's anchor, which is to move to $($cl[$pair.Cloud].Label): this account is its synced twin.") }
            } else {
                $status = 'Orphan'
                if ($makersFolded.TryGetValue($a, [ref] $owner)) {
                    $counterpart = $on[$owner].Label
                    if (-not $findings.Contains('CaseOnlyAnchorTwin')) { $findings.Add('CaseOnlyAnchorTwin'); $messages.Add("$($v.Label) holds $a, which differs from $counterpart's anchor $($on[$owner].Anchor) only in letter case: it matches nothing.") }
                }
                $found = $null
                if ($mistakes.TryGetValue($a, [ref] $found)) {
                    $counterpart = $on[$found[0]].Label
                    $findings.Add($found[1]); $messages.Add("$($v.Label) holds $a, a wrong encoding of $counterpart's GUID: it matches no on-premises object. Its anchor should be $($on[$found[0]].Anchor).")
                } else {
                    # A valid ImmutableId (16 bytes, canonical Base64) is an orphan; another
                    # canonical Base64 value or a plain identifier is not GUID-based; anything
                    # else (padding bits set, characters outside Base64) is invalid.
                    $bytes = $null
                    if ($a.Length % 4 -eq 0 -and $a -match '^[A-Za-z0-9+/]*={0,2}$') { try { $bytes = [Convert]::FromBase64String($a) } catch { } }
                    if ($null -ne $bytes -and [Convert]::ToBase64String($bytes) -cne $a) { $findings.Add('InvalidAnchor'); $messages.Add("'$a' is not an ImmutableId: its Base64 is not canonical.") }
                    elseif ($null -ne $bytes -and $bytes.Length -eq 16) { }
                    elseif ($null -ne $bytes -or $a -match '^[A-Za-z0-9.@-]+$') { $findings.Add('NotGuidBasedAnchor'); $messages.Add("$($v.Label) holds '$a', an anchor that is not GUID-based (a third-party identity provider, an employee ID): no AD object's GUID makes it.") }
                    else { $findings.Add('InvalidAnchor'); $messages.Add("'$a' is not an ImmutableId: it is not Base64.") }
                }
            }
            foreach ($f in $findings) { if ($conflicts.Contains($f)) { $status = 'Conflict' } }
            # An orphan's anchor can be adopted on-premises when it is a GUID's 16 bytes.
            if ($status -eq 'Orphan') {
                $bytes = $null
                try { $bytes = [Convert]::FromBase64String($a) } catch { }
                if ($null -ne $bytes -and $bytes.Length -eq 16 -and [Convert]::ToBase64String($bytes) -ceq $a) { $findings.Add('AdoptPossible'); $messages.Add("No AD user given holds $a.") }
                else { $findings.Add('AdoptNotPossible'); $messages.Add("An AD user cannot adopt $a.") }
            }
        }
        $results.Add([pscustomobject]@{ Side = 'Cloud'; Index = $v.Index; Account = $v.Label; Status = $status; Anchor = $a; AnchorSource = $null; Counterpart = $counterpart
                Findings = $findings.ToArray(); Messages = $messages.ToArray(); NotChecked = $notChecked; Input = $Cloud[$v.Index] })
    }
    $results
}

# Users shaped like Get-ADUser and Get-MgUser output, as the issue measured them:
# [pscustomobject]s, on-premises with a [guid] ObjectGUID, a null mS-DS-ConsistencyGuid, UPN
# and mail; cloud with Id, UPN, Mail, OnPremisesImmutableId (for 90% of them: the others are
# cloud accounts a hard match would take over) and OnPremisesSyncEnabled. Seeded.
function New-DirectoryUsers {
    param([int] $Count, [int] $Seed = 20261201)
    $rng = [Random]::new($Seed)
    $bytes = [byte[]]::new(16)
    $onPremises = [Collections.Generic.List[object]]::new($Count)
    $cloud = [Collections.Generic.List[object]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $rng.NextBytes($bytes); $objectGuid = [guid]::new($bytes)
        $rng.NextBytes($bytes); $id = [guid]::new($bytes)
        $upn = "user$i@contoso.com"
        $onPremises.Add([pscustomobject]@{ SamAccountName = "user$i"; UserPrincipalName = $upn; ObjectGUID = $objectGuid; 'mS-DS-ConsistencyGuid' = $null; Mail = $upn })
        $synced = $i % 10 -ne 0
        $cloud.Add([pscustomobject]@{ Id = "$id"; UserPrincipalName = $upn; Mail = $upn
                OnPremisesImmutableId = $(if ($synced) { [Convert]::ToBase64String($objectGuid.ToByteArray()) } else { $null })
                OnPremisesSyncEnabled = $(if ($synced) { $true } else { $null }) })
    }
    @{ OnPremises = $onPremises.ToArray(); Cloud = $cloud.ToArray() }
}

# The issue's "ten-line hashtable join": anchor and UPN lookups, one [pscustomobject] with a
# status per on-premises record. The least a script that joins the two sides does.
function Invoke-MinimalJoin {
    param([object[]] $OnPremises, [object[]] $Cloud)
    $byAnchor = [hashtable]::new([StringComparer]::Ordinal); $byUpn = @{}
    foreach ($c in $Cloud) { if ($c.OnPremisesImmutableId) { $byAnchor[$c.OnPremisesImmutableId] = $c } elseif ($c.UserPrincipalName -and "$($c.OnPremisesSyncEnabled)" -ne 'True') { $byUpn[$c.UserPrincipalName] = $c } }
    foreach ($a in $OnPremises) {
        $g = $a.'mS-DS-ConsistencyGuid'; if (-not $g) { $g = $a.ObjectGUID }
        $guid = if ($g -is [byte[]]) { [guid]::new($g) } else { $g -as [guid] }
        $anchor = if ($guid) { [Convert]::ToBase64String($guid.ToByteArray()) }
        $status = if (-not $anchor) { 'Conflict' } elseif ($byAnchor.ContainsKey($anchor)) { 'Matched' } elseif ($a.UserPrincipalName -and $byUpn.ContainsKey($a.UserPrincipalName)) { 'HardMatchCandidate' } else { 'NotSynced' }
        [pscustomobject]@{ SamAccountName = $a.SamAccountName; Anchor = $anchor; Status = $status }
    }
}

# The seed's case $Pairs times, with every fact a plan needs and none a blocker, shaped as
# Get-ADUser, Get-MgUser and the facts' cmdlets return them: AD user userN (a [guid]
# ObjectGUID, Exchange attributes read and empty) whose synced twin holds its anchor, and the
# cloud-only account userN.cloud it takes over (not cloud-managed, no onPremisesObjectIdentifier),
# mapped. Splat it into New-HardMatchPlan or Compare-ImmutableId.
function New-PlanTenant {
    param([int] $Pairs)
    $onPremises = [Collections.Generic.List[object]]::new($Pairs)
    $cloud = [Collections.Generic.List[object]]::new(2 * $Pairs)
    $mapping = [Collections.Generic.List[object]]::new($Pairs)
    for ($i = 1; $i -le $Pairs; $i++) {
        $guid = [guid]('{0:x8}-0000-4000-8000-{0:x12}' -f $i)
        $onPremises.Add([pscustomobject]@{ SamAccountName = "user$i"; ObjectGUID = $guid; 'mS-DS-ConsistencyGuid' = $null; UserPrincipalName = "user$i@contoso.com"
                DistinguishedName = "CN=user$i,OU=Staff,DC=contoso,DC=com"; Mail = $null; proxyAddresses = [string[]]@(); msExchMailboxGuid = $null; msExchArchiveGuid = $null
                msExchRecipientTypeDetails = $null; msExchRemoteRecipientType = $null; legacyExchangeDN = $null })
        $cloud.Add([pscustomobject]@{ Id = '{0:x8}-0001-4000-8000-{0:x12}' -f $i; UserPrincipalName = "user$i@contoso.com"; Mail = $null; ProxyAddresses = @()
                OnPremisesImmutableId = [Convert]::ToBase64String($guid.ToByteArray()); OnPremisesSyncEnabled = $true; AdditionalProperties = @{} })
        $cloud.Add([pscustomobject]@{ Id = '{0:x8}-0002-4000-8000-{0:x12}' -f $i; UserPrincipalName = "user$i.cloud@contoso.onmicrosoft.com"; Mail = $null; ProxyAddresses = @()
                OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null; AdditionalProperties = @{ onPremisesObjectIdentifier = $null }
                OnPremisesSyncBehavior = [pscustomobject]@{ IsCloudManaged = $false } })
        $mapping.Add([pscustomobject]@{ OnPremises = "user$i"; Cloud = "user$i.cloud@contoso.onmicrosoft.com" })
    }
    @{
        OnPremises      = $onPremises.ToArray()
        Cloud           = $cloud.ToArray()
        Mapping         = $mapping.ToArray()
        Deleted         = @()
        Synchronization = [pscustomobject]@{ Id = 'sync-1'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $true; BlockSoftMatchEnabled = $false } }
        Domain          = @(
            [pscustomobject]@{ Id = 'contoso.com'; AuthenticationType = 'Managed'; IsInitial = $false }
            [pscustomobject]@{ Id = 'contoso.onmicrosoft.com'; AuthenticationType = 'Managed'; IsInitial = $true }
        )
        RoleAssignment  = @()
        GroupMembership = @()
        Mailbox         = @()
    }
}
