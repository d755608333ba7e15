# The directory every stand-in reads and changes: contoso.com's people on premises (what
# Get-ADUser returns) and in Entra ID (what Get-MgUser returns). The help examples are
# written against it, so their output is known. Reset-StandInDirectory starts it afresh.
#
#   alice  synced: her ImmutableId is her objectGUID's.
#   bob    synced after a forest migration: his mS-DS-ConsistencyGuid (his old objectGUID)
#          is the anchor, not his objectGUID.
#   carol  in AD, and a cloud-only account of her own: the two are to be hard-matched.
#   dave   in AD; his cloud account's ImmutableId was written by a script with the GUID's
#          bytes in big-endian order, so it matches nothing.
#   erin   cloud only, with an anchor from a former identity provider (not GUID-based).
#   frank  a soft-deleted cloud-only account, in the recycle bin.
# The tenant: contoso.com (managed) and contoso.onmicrosoft.com (initial), the hard-match
# block on (BlockCloudObjectTakeoverThroughHardMatchEnabled), alice a Global Administrator.

# The people of the directory. Every anchor value is derived from a GUID (or, for erin, from
# her former identity provider's employee ID), never written by hand: the help, the about topic
# and the README show these values, and tests/module/ExampleValues.Tests.ps1 checks each one
# they show against what is derived here.
function Get-StandInPeople {
    @(
        @{ Sam = 'alice'; Given = 'Alice'; Surname = 'Archer'; Rid = 1105; ObjectGuid = '874bcd2b-148d-47ca-b309-91df64f05bf5'; ConsistencyGuid = $null
            CloudId = 'c72903ed-7816-41cd-9066-eac33d171d77'; Cloud = 'Anchor'; Synced = $true
        }
        @{ Sam = 'bob'; Given = 'Bob'; Surname = 'Baker'; Rid = 1106; ObjectGuid = '5f8a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b'; ConsistencyGuid = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'
            CloudId = '9b1f6c2a-3d4e-4f50-8a61-7b2c3d4e5f60'; Cloud = 'Anchor'; Synced = $true
        }
        @{ Sam = 'carol'; Given = 'Carol'; Surname = 'Chen'; Rid = 1107; ObjectGuid = '0b7e9c4d-6a21-4f3e-b5d8-92c1e7a4f603'; ConsistencyGuid = $null
            CloudId = '2e8d4b6f-0a1c-4e3b-9d5f-7c8e0a2b4d6f'; Cloud = $null; Synced = $null
        }
        @{ Sam = 'dave'; Given = 'Dave'; Surname = 'Diaz'; Rid = 1108; ObjectGuid = 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f'; ConsistencyGuid = $null
            CloudId = '6a0c2e4f-8b1d-4f3a-a5c7-e9f1b3d5a7c9'; Cloud = 'BigEndian'; Synced = $null
        }
        @{ Sam = $null; Given = 'Erin'; Surname = 'Evans'; Rid = $null; ObjectGuid = $null; ConsistencyGuid = $null
            CloudId = '4c6e8a0b-2d4f-4a6c-8e0b-2d4f6a8c0e1f'; Cloud = 'EmployeeId'; EmployeeId = 'EMP0042'; Synced = $null
        }
    ) | ForEach-Object {
        $person = $_
        $anchorGuid = if ($person.ConsistencyGuid) { $person.ConsistencyGuid } else { $person.ObjectGuid }
        $person.ImmutableId = if ($anchorGuid) { ConvertTo-StandInImmutableId $anchorGuid } else { $null }
        # What the cloud account holds: the anchor, the same GUID's bytes in big-endian order
        # (a script's mistake), another identity provider's ID, or nothing (cloud-only).
        $person.CloudAnchor = switch ($person.Cloud) {
            'Anchor' { $person.ImmutableId }
            'BigEndian' { ConvertTo-StandInBigEndian $anchorGuid }
            'EmployeeId' { [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes($person.EmployeeId)) }
            default { $null }
        }
        $person
    }
}

# A GUID's ImmutableId: Base64 of its bytes in [guid]::ToByteArray() order.
function ConvertTo-StandInImmutableId([guid] $Guid) { [Convert]::ToBase64String($Guid.ToByteArray()) }

# A GUID's bytes in big-endian (RFC 4122) order as Base64: what Python's uuid.bytes gives.
function ConvertTo-StandInBigEndian([guid] $Guid) {
    $n = $Guid.ToString('N')
    [Convert]::ToBase64String([byte[]]@(for ($i = 0; $i -lt 32; $i += 2) { [Convert]::ToByte($n.Substring($i, 2), 16) }))
}

function Reset-StandInDirectory {
    $script:OnPremisesUsers = [System.Collections.Generic.List[hashtable]]::new()
    $script:CloudUsers = [System.Collections.Generic.List[hashtable]]::new()
    $script:DeletedUsers = [System.Collections.Generic.List[hashtable]]::new()
    $script:Domains = @(
        @{ Id = 'contoso.com'; AuthenticationType = 'Managed'; IsDefault = $true; IsInitial = $false; IsVerified = $true }
        @{ Id = 'contoso.onmicrosoft.com'; AuthenticationType = 'Managed'; IsDefault = $false; IsInitial = $true; IsVerified = $true }
    )
    $script:Synchronization = @{ Id = '2f6c3e1a-9b4d-4c8e-a7f0-5d3b1e9c7a42'; Features = @{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $true; BlockSoftMatchEnabled = $false } }
    # alice holds Global Administrator for good (PIM: assigned, no end).
    $script:RoleAssignments = @(
        @{ Id = 'lAPpYvVpN0KRkAEhdxReEJC3sBQHlcdCvJ5cbUvGKqk-1'; PrincipalId = 'c72903ed-7816-41cd-9066-eac33d171d77'; RoleDefinitionId = '62e90394-69f5-4237-9190-012177145e10'; DirectoryScopeId = '/'; AppScopeId = $null
            MemberType = 'Direct'; AssignmentType = 'Assigned'; StartDateTime = [datetime]'2025-03-01T08:00:00Z'; EndDateTime = $null; RoleAssignmentScheduleId = 'lAPpYvVpN0KRkAEhdxReEJC3sBQHlcdCvJ5cbUvGKqk-1-e'
        }
    )
    $script:GroupMemberships = @()
    $people = Get-StandInPeople
    foreach ($person in $people) {
        $name = "$($person.Given) $($person.Surname)"
        $upn = "$($person.Given.ToLowerInvariant())@contoso.com"
        $dn = "CN=$name,OU=Staff,DC=contoso,DC=com"
        if ($person.Sam) {
            $script:OnPremisesUsers.Add(@{
                    DistinguishedName       = $dn
                    Enabled                 = $true
                    GivenName               = $person.Given
                    Name                    = $name
                    ObjectGUID              = [guid]$person.ObjectGuid
                    SamAccountName          = $person.Sam
                    SID                     = "S-1-5-21-1004336348-1177238915-682003330-$($person.Rid)"
                    Surname                 = $person.Surname
                    UserPrincipalName       = $upn
                    mail                    = $upn
                    proxyAddresses          = [string[]]@("SMTP:$upn")
                    'mS-DS-ConsistencyGuid' = $null
                    # contoso.com runs no Exchange on-premises: its attributes are in the
                    # schema, and empty.
                    msExchMailboxGuid          = $null
                    msExchArchiveGuid          = $null
                    msExchRecipientTypeDetails = $null
                    msExchRemoteRecipientType  = $null
                    legacyExchangeDN           = $null
                })
            if ($person.ConsistencyGuid) { $script:OnPremisesUsers[-1]['mS-DS-ConsistencyGuid'] = ([guid]$person.ConsistencyGuid).ToByteArray() }
        }
        $script:CloudUsers.Add(@{
                Id                          = $person.CloudId
                AccountEnabled              = $true
                DisplayName                 = $name
                GivenName                   = $person.Given
                Surname                     = $person.Surname
                UserPrincipalName           = $upn
                Mail                        = $upn
                ProxyAddresses              = [string[]]@("SMTP:$upn")
                OnPremisesImmutableId       = $person.CloudAnchor
                OnPremisesSyncEnabled       = $person.Synced
                OnPremisesSamAccountName    = $(if ($person.Synced) { $person.Sam } else { $null })
                OnPremisesDistinguishedName = $(if ($person.Synced) { $dn } else { $null })
            })
    }
    $script:DeletedUsers.Add(@{
            Id = '8d2f4a6c-1e3b-4d5f-9a7c-0e2b4d6f8a1c'; AccountEnabled = $false; DisplayName = 'Frank Fox'; GivenName = 'Frank'; Surname = 'Fox'
            UserPrincipalName = '8d2f4a6c1e3b4d5f9a7c0e2b4d6f8a1cfrank@contoso.com'; Mail = $null; ProxyAddresses = [string[]]@()
            OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null; OnPremisesSamAccountName = $null; OnPremisesDistinguishedName = $null
            DeletedDateTime = [datetime]'2026-11-20T09:14:00Z'
        })
}

# The properties asked for, in the directory's own spelling ('*' is all of them; names match
# whatever their case; "a,b" counts as two). An unknown name fails, as it does in AD and Graph.
function Resolve-StandInProperty {
    param([string[]] $Available, [string[]] $Requested)
    $wanted = @($Requested | ForEach-Object { $_ -split ',' } | ForEach-Object { $_.Trim() } | Where-Object { $_ })
    if ($wanted -contains '*') { return $Available }
    foreach ($name in $wanted) {
        $known = @($Available | Where-Object { $_ -eq $name })
        if ($known.Count -eq 0) { throw "One or more properties are invalid: '$name' is not one of $($Available -join ', ')." }
        $known[0]
    }
}
