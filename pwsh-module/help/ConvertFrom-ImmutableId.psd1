# The written half of ConvertFrom-ImmutableId's help; tools/New-ModuleHelp.ps1 adds the
# syntax, parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Converts ImmutableIds or connector-space DNs to the GUID, hex, LDAP filter, DN or bytes.'
    Description  = @(
        "Reads ImmutableId values (Graph's onPremisesImmutableId, Entra Connect's sourceAnchor) or Entra Connect connector-space DNs (CN={...}, the hex of the ImmutableId's characters) and returns the on-premises GUID each stands for, or with -Format another form of it: the hex of its bytes, the value of an LDAP filter that finds the object in AD, the connector-space DN, or the 16 bytes to write to mS-DS-ConsistencyGuid. -Detailed returns every form at once."
        'An ImmutableId is taken exactly as written, since Entra ID compares it as a string: white space, quotes or zero-width characters around or inside it are errors, and the error names the GUID it would be without them. A connector-space DN may have white space around it.'
        'Records are read by property name: Get-MgUser objects, Invoke-MgGraphRequest hashtables and Import-Csv rows give their ImmutableId, OnPremisesImmutableId or SourceAnchor. A record whose property is empty (a cloud-only account) gives the error EmptyValue.'
        'Valid Base64 that is not 16 bytes is a legitimate anchor that is not GUID-based (from another identity provider, or an employee ID): it has no GUID form and gives the error NotGuidBased, but -Detailed describes it. Any other problem gives an error whose ErrorId is the reason code of the first problem, as Test-ImmutableId names it; a GUID-based value worth a look (the all-zero GUID, letters all of one case) is converted, with a warning. Each error is non-terminating (about_ImmutableId lists every ErrorId), and the rest of the input goes on, in order.'
    )
    Parameters   = @{
        InputObject = 'ImmutableIds or connector-space DNs, an array of them, or records (Get-MgUser objects, Invoke-MgGraphRequest hashtables, Import-Csv rows) whose ImmutableId, OnPremisesImmutableId or SourceAnchor is read.'
        Format      = 'The form to return: Guid (a [guid]); Hex (32 upper-case hex digits, the bytes in stored order); LdapFilter (\xx escapes, for (objectGUID=...) or (mS-DS-ConsistencyGuid=...)); DistinguishedName (the connector-space DN, CN={...}); Bytes (a 16-byte array, the value for mS-DS-ConsistencyGuid); or BytesLiteral (the same bytes as a PowerShell [byte[]] literal to paste into a script, such as Set-ADUser -Replace @{ ''mS-DS-ConsistencyGuid'' = [byte[]](0x2B,...) }).'
        Detailed    = "Returns one ImmutableIdInfo object per input instead: the input, the record's identity (SamAccountName, UserPrincipalName, Id), the property the value came from, the ImmutableId, whether it is GUID-based, and its GUID, hex, LDAP filter, DN and byte count. Anchors that are not GUID-based are described too, without a GUID."
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'An ImmutableId or a connector-space DN.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A record, such as Get-MgUser output or an Import-Csv row, with an ImmutableId, OnPremisesImmutableId or SourceAnchor property.' }
        @{ Type = 'System.Collections.IDictionary'; Description = 'A hashtable with one of those keys, such as a user from Invoke-MgGraphRequest.' }
    )
    Outputs      = @(
        @{ Type = 'System.Guid'; Description = 'By default (-Format Guid): the GUID of each input, in input order.' }
        @{ Type = 'System.String'; Description = 'With -Format Hex, LdapFilter, DistinguishedName or BytesLiteral.' }
        @{ Type = 'System.Byte[]'; Description = 'With -Format Bytes: one 16-byte array per input.' }
        @{ Type = 'ImmutableId.Model.ImmutableIdInfo'; Description = 'With -Detailed: every form of each anchor.' }
    )
    Examples     = @(
        @{
            Title   = 'The on-premises GUID a cloud account is joined to'
            Code    = 'Get-MgUser -UserId alice@contoso.com -Property OnPremisesImmutableId | ConvertFrom-ImmutableId'
            Output  = @'
Guid
----
874bcd2b-148d-47ca-b309-91df64f05bf5
'@
            Remarks = 'Get-MgUser returns OnPremisesImmutableId only when -Property asks for it.'
        }
        @{
            Title   = 'Find the AD user an ImmutableId belongs to'
            Code    = @'
$filter = '4AQlP4lP0xGaDAMF6CwzAQ==' | ConvertFrom-ImmutableId -Format LdapFilter
Get-ADUser -LDAPFilter "(|(mS-DS-ConsistencyGuid=$filter)(objectGUID=$filter))" |
    Select-Object SamAccountName, UserPrincipalName
'@
            Output  = @'
SamAccountName UserPrincipalName
-------------- -----------------
bob            bob@contoso.com
'@
            Remarks = "The anchor is the user's mS-DS-ConsistencyGuid when that is set, else the objectGUID, so the filter asks for either: bob's comes from his mS-DS-ConsistencyGuid."
        }
        @{
            Title   = "Every form of a connector-space DN's anchor"
            Code    = "'CN={4B38314C68343055796B657A435A48665A50426239513D3D}' | ConvertFrom-ImmutableId -Detailed"
            Output  = @'
Input             : CN={4B38314C68343055796B657A435A48665A50426239513D3D}
UserPrincipalName :
Source            : InputObject
ImmutableId       : K81Lh40UykezCZHfZPBb9Q==
IsGuidBased       : True
Guid              : 874bcd2b-148d-47ca-b309-91df64f05bf5
Hex               : 2BCD4B878D14CA47B30991DF64F05BF5
LdapFilter        : \2b\cd\4b\87\8d\14\ca\47\b3\09\91\df\64\f0\5b\f5
DistinguishedName : CN={4B38314C68343055796B657A435A48665A50426239513D3D}
ByteCount         : 16
'@
            Remarks = "A connector-space DN (as Synchronization Service Manager shows it) holds the hex of the ImmutableId's characters."
        }
        @{
            Title   = 'Join a re-created AD user to its cloud account'
            Code    = @'
$bytes = Get-MgUser -UserId alice@contoso.com -Property OnPremisesImmutableId |
    ConvertFrom-ImmutableId -Format Bytes
Set-ADUser alice -Replace @{ 'mS-DS-ConsistencyGuid' = $bytes }
Get-ADUser alice -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId -Detailed
'@
            Output  = @'
SamAccountName   Source                ImmutableId              Guid
--------------   ------                -----------              ----
alice            mS-DS-ConsistencyGuid K81Lh40UykezCZHfZPBb9Q== 874bcd2b-148d-47ca-b309-91df64f05bf5
'@
            Remarks = "An AD user deleted and created again has a new objectGUID, so Entra Connect would not join it to its cloud account. Writing the cloud account's anchor to the user's mS-DS-ConsistencyGuid (16 bytes, as -Format Bytes returns them) joins them; the last line checks it."
        }
        @{
            Title   = 'The bytes as a literal to paste'
            Code    = "'K81Lh40UykezCZHfZPBb9Q==' | ConvertFrom-ImmutableId -Format BytesLiteral"
            Output  = @'
[byte[]](0x2B,0xCD,0x4B,0x87,0x8D,0x14,0xCA,0x47,0xB3,0x09,0x91,0xDF,0x64,0xF0,0x5B,0xF5)
'@
            Remarks = "The 16 bytes in Guid.ToByteArray() order, as a script that writes mS-DS-ConsistencyGuid needs them (never the GUID's text, nor its big-endian bytes). New-HardMatchPlan -Route AdoptAnchor writes the same literal into its Set-ADUser step."
        }
        @{
            Title   = 'Users from Invoke-MgGraphRequest'
            Code    = @'
$uri = 'v1.0/users?$select=userPrincipalName,onPremisesImmutableId&$filter=onPremisesSyncEnabled eq true'
(Invoke-MgGraphRequest -Uri $uri).value | ConvertFrom-ImmutableId -Detailed |
    Format-Table UserPrincipalName, ImmutableId, Guid
'@
            Output  = @'
UserPrincipalName ImmutableId              Guid
----------------- -----------              ----
alice@contoso.com K81Lh40UykezCZHfZPBb9Q== 874bcd2b-148d-47ca-b309-91df64f05bf5
bob@contoso.com   4AQlP4lP0xGaDAMF6CwzAQ== 3f2504e0-4f89-11d3-9a0c-0305e82c3301
'@
            Remarks = 'Invoke-MgGraphRequest returns hashtables; their onPremisesImmutableId key is read like a property.'
        }
        @{
            Title   = 'White space is part of the value'
            Code    = "'K81Lh40UykezCZHfZPBb9Q== ' | ConvertFrom-ImmutableId"
            Output  = 'ConvertFrom-ImmutableId: ''K81Lh40UykezCZHfZPBb9Q== '' has white space before or after it; Entra stores the value as written, so it would match no on-premises object. Remove it. Without them it is K81Lh40UykezCZHfZPBb9Q==, the ImmutableId of GUID 874bcd2b-148d-47ca-b309-91df64f05bf5.'
            Remarks = 'Entra ID compares the value as written, so a pasted space makes it match nothing: the error SurroundingWhiteSpace says what the value would be without it.'
        }
    )
    RelatedLinks = @(
        @{ Text = 'ConvertTo-ImmutableId' }
        @{ Text = 'Test-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
    )
}
