# The written half of ConvertTo-ImmutableId's help; tools/New-ModuleHelp.ps1 adds the
# syntax, parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Converts an objectGUID or mS-DS-ConsistencyGuid, in any form, to its ImmutableId.'
    Description  = @(
        "Returns the ImmutableId (Graph's onPremisesImmutableId, Entra Connect's sourceAnchor) of each input: the Base64 of the GUID's 16 bytes in [guid]::ToByteArray() order, as Entra Connect writes it. The conversion is done by the module's native core; nothing is sent to Active Directory or Microsoft Graph."
        "Accepts a [guid]; GUID text in D, B or P form, in any case (the N form, 32 digits, with -InputFormat Guid); a 16-byte byte[] (mS-DS-ConsistencyGuid as Get-ADUser returns it); byte hex with or without separators ('2B CD 4B ...', '2B-CD-4B-...'), as ADSI Edit and Synchronization Service Manager show it; LDAP-escaped bytes ('\2b\cd\4b...', also inside '(objectGUID=...)'); and a connector-space DN, CN={...}. White space around a GUID, hex or DN is ignored."
        "Records are read by property name: an object (Get-ADUser output, an Import-Csv row) or a hashtable gives its mS-DS-ConsistencyGuid when that is set, else its ObjectGUID; ConsistencyGuid and Guid properties are read too. When mS-DS-ConsistencyGuid is set it wins over the objectGUID, as it does in Entra Connect. Arrays are converted element by element, and the results come in input order."
        "A bare 32-hex-digit string reads two ways (an N-form GUID, or the bytes in stored order) and is refused with the error AmbiguousHex, whose message gives both readings, unless -InputFormat says which. An ImmutableId given by mistake is refused with ImmutableIdNotSource, naming its GUID. Each value that cannot be converted gives one non-terminating error (about_ImmutableId lists every ErrorId), and the rest of the input goes on, in order."
    )
    Parameters   = @{
        InputObject     = "The values to convert: [guid]s, GUID text, byte[]s, byte hex, LDAP-escaped bytes or connector-space DNs, an array of them, or records (Get-ADUser objects, Import-Csv rows, hashtables) whose mS-DS-ConsistencyGuid (when set) or ObjectGUID is read. Pass a byte[] whole (-InputObject `$bytes, or ,`$bytes | ConvertTo-ImmutableId): the pipeline unrolls it into single bytes, which are refused with the error UnrolledByteArray."
        ObjectGuid      = 'The objectGUID, in any form -InputObject takes, or an array of them paired element by element with -ConsistencyGuid.'
        ConsistencyGuid = "The mS-DS-ConsistencyGuid (a 16-byte array, [guid], GUID text or hex), or an array of them paired element by element with -ObjectGuid (`$null for an object that has none). When set it wins over -ObjectGuid, as in Entra Connect. Arrays of different lengths are refused with the error ArgumentCountMismatch."
        InputFormat     = "How text is read. Auto recognises every form but a bare 32-hex-digit string; Guid reads GUID text, the N form too; Hex reads the 16 bytes in stored order (as [guid]::ToByteArray() and Get-ADUser's byte[] have them); LdapFilter reads \xx escapes; DistinguishedName reads CN={...}. Values read from a record's properties are always read as Auto."
        Detailed        = "Returns one ImmutableIdConversion object per input instead of the string: the record's SamAccountName, UserPrincipalName, DistinguishedName and Id (when it has them), the property the GUID came from (Source: mS-DS-ConsistencyGuid, ObjectGUID..., the attribute -SourceAnchor names, or InputObject for a value given itself), the GUID (none for an anchor that is not GUID-based), the ImmutableId, and the input."
        SourceAnchor    = "The tenant's sourceAnchor: which property of a record Entra Connect makes the anchor from. ConsistencyGuid (the default): mS-DS-ConsistencyGuid when it is set, else objectGUID. ObjectGUID (older installs, or a custom choice): objectGUID always; mS-DS-ConsistencyGuid is ignored. Or the LDAP name of another attribute (msDS-SourceAnchor, employeeID...): its string value is the anchor as it is, a binary value the Base64 of its bytes, a [guid] its ImmutableId. A record whose attribute is empty gives the error EmptyValue (it has no anchor, so Entra Connect does not sync it); a value Microsoft Graph refuses gives GraphForbiddenCharacter. Values given themselves ([guid]s, GUID text, bytes) are GUIDs whatever it says. Tab completion offers ConsistencyGuid and ObjectGUID; any other name must be an LDAP attribute name (a letter, then letters, digits and hyphens), else the cmdlet stops with the error InvalidSourceAnchor."
    }
    Inputs       = @(
        @{ Type = 'System.Guid'; Description = "A GUID, such as Get-ADUser's ObjectGUID." }
        @{ Type = 'System.String'; Description = 'GUID text, byte hex, LDAP-escaped bytes or a connector-space DN.' }
        @{ Type = 'System.Byte[]'; Description = 'An mS-DS-ConsistencyGuid (16 bytes), piped whole: ,$bytes | ConvertTo-ImmutableId.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A record, such as Get-ADUser output or an Import-Csv row, with an mS-DS-ConsistencyGuid, ConsistencyGuid, ObjectGUID or Guid property.' }
        @{ Type = 'System.Collections.IDictionary'; Description = 'A hashtable with one of those keys.' }
    )
    Outputs      = @(
        @{ Type = 'System.String'; Description = 'The 24-character ImmutableId of each input, in input order.' }
        @{ Type = 'ImmutableId.Model.ImmutableIdConversion'; Description = 'With -Detailed: one object per input, with the identity of its record, the source property, the GUID and the ImmutableId.' }
    )
    Notes        = @(
        'Entra Connect uses mS-DS-ConsistencyGuid as the sourceAnchor when it is set, else the objectGUID. Get-ADUser returns mS-DS-ConsistencyGuid only when -Properties asks for it; without it, the objectGUID is converted, which is wrong for an object whose anchor was carried over from another forest.'
        'Older Entra Connect installs, and some custom ones, anchor on objectGUID or on another attribute: say which with -SourceAnchor.'
    )
    Examples     = @(
        @{
            Title   = "The ImmutableId of an AD user"
            Code    = 'Get-ADUser alice -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId'
            Output  = 'K81Lh40UykezCZHfZPBb9Q=='
            Remarks = "The value Entra Connect uses for alice: her mS-DS-ConsistencyGuid when it is set, else her objectGUID."
        }
        @{
            Title   = 'A GUID'
            Code    = "[guid]'874bcd2b-148d-47ca-b309-91df64f05bf5' | ConvertTo-ImmutableId"
            Output  = 'K81Lh40UykezCZHfZPBb9Q=='
            Remarks = "The ImmutableId of a GUID is the Base64 of its bytes in [guid]::ToByteArray() order."
        }
        @{
            Title   = 'Byte hex, as ADSI Edit shows it'
            Code    = "'2B CD 4B 87 8D 14 CA 47 B3 09 91 DF 64 F0 5B F5' | ConvertTo-ImmutableId"
            Output  = 'K81Lh40UykezCZHfZPBb9Q=='
            Remarks = 'The bytes of the same GUID, in the order AD stores them.'
        }
        @{
            Title   = 'Thirty-two hex digits'
            Code    = @'
'2BCD4B878D14CA47B30991DF64F05BF5' | ConvertTo-ImmutableId -InputFormat Hex
'874bcd2b148d47cab30991df64f05bf5' | ConvertTo-ImmutableId -InputFormat Guid
'@
            Output  = @'
K81Lh40UykezCZHfZPBb9Q==
K81Lh40UykezCZHfZPBb9Q==
'@
            Remarks = 'The same GUID as the bytes in stored order and as an N-form GUID. Without -InputFormat, 32 bare hex digits are refused with the error AmbiguousHex, whose message gives both readings.'
        }
        @{
            Title   = 'Hard-match a cloud-only account to its AD user'
            Code    = @'
$user = Get-ADUser carol -Properties mS-DS-ConsistencyGuid
Update-MgUser -UserId $user.UserPrincipalName -OnPremisesImmutableId ($user | ConvertTo-ImmutableId)
(Get-MgUser -UserId $user.UserPrincipalName -Property OnPremisesImmutableId).OnPremisesImmutableId
'@
            Output  = 'TZx+CyFqPk+12JLB56T2Aw=='
            Remarks = "carol's cloud account gets the ImmutableId of her AD user, and the next sync joins the two. Graph refuses the change for an account that is already synced, or when another account holds the value; Test-ImmutableId checks a whole batch first."
        }
        @{
            Title   = 'Every user, with the property the ImmutableId comes from'
            Code    = 'Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId -Detailed'
            Output  = @'
SamAccountName   Source                ImmutableId              Guid
--------------   ------                -----------              ----
alice            ObjectGUID            K81Lh40UykezCZHfZPBb9Q== 874bcd2b-148d-47ca-b309-91df64f05bf5
bob              mS-DS-ConsistencyGuid 4AQlP4lP0xGaDAMF6CwzAQ== 3f2504e0-4f89-11d3-9a0c-0305e82c3301
carol            ObjectGUID            TZx+CyFqPk+12JLB56T2Aw== 0b7e9c4d-6a21-4f3e-b5d8-92c1e7a4f603
dave             ObjectGUID            +ObUwjsaXUyOf5oLHC0+Tw== c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f
'@
            Remarks = "bob's ImmutableId comes from his mS-DS-ConsistencyGuid (his objectGUID in the forest he came from), the others' from their objectGUID."
        }
        @{
            Title   = 'The two attributes given directly'
            Code    = @'
$bob = Get-ADUser bob -Properties mS-DS-ConsistencyGuid
ConvertTo-ImmutableId -ObjectGuid $bob.ObjectGUID -ConsistencyGuid $bob.'mS-DS-ConsistencyGuid'
'@
            Output  = '4AQlP4lP0xGaDAMF6CwzAQ=='
            Remarks = 'When -ConsistencyGuid is set it wins, as in Entra Connect; when it is $null, -ObjectGuid is converted.'
        }
        @{
            Title   = 'A tenant that anchors on objectGUID'
            Code    = 'Get-ADUser bob -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId -SourceAnchor ObjectGUID'
            Output  = 'HjyKX00rb06KmwwdLj9KWw=='
            Remarks = "Older Entra Connect installs (and custom ones) anchor on objectGUID and ignore mS-DS-ConsistencyGuid: bob's ImmutableId there is his objectGUID's, not his mS-DS-ConsistencyGuid's."
        }
        @{
            Title   = 'A tenant that anchors on another attribute'
            Code    = @'
$carol = [pscustomobject]@{ SamAccountName = 'carol'; ObjectGUID = [guid]'0b7e9c4d-6a21-4f3e-b5d8-92c1e7a4f603'; employeeID = 'E1234' }
$carol | ConvertTo-ImmutableId -SourceAnchor employeeID -Detailed
'@
            Output  = @'
SamAccountName Source     ImmutableId Guid
-------------- ------     ----------- ----
carol          employeeID E1234
'@
            Remarks = "With another attribute, its string value is the anchor as it is (a binary value's the Base64 of its bytes), and the result has no GUID."
        }
        @{
            Title   = 'A bad value does not stop the others'
            Code    = "'874bcd2b-148d-47ca-b309-91df64f05bf5', 'K81Lh40UykezCZHfZPBb9Q==', '{3f2504e0-4f89-11d3-9a0c-0305e82c3301}' | ConvertTo-ImmutableId"
            Output  = @'
K81Lh40UykezCZHfZPBb9Q==
ConvertTo-ImmutableId: 'K81Lh40UykezCZHfZPBb9Q==' is already an ImmutableId (of GUID 874bcd2b-148d-47ca-b309-91df64f05bf5); use ConvertFrom-ImmutableId to read it.
4AQlP4lP0xGaDAMF6CwzAQ==
'@
            Remarks = 'The second value is already an ImmutableId: it gives the error ImmutableIdNotSource, which names its GUID, and the third value is still converted.'
        }
    )
    RelatedLinks = @(
        @{ Text = 'ConvertFrom-ImmutableId' }
        @{ Text = 'Test-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
        @{ Text = 'Entra Connect: design concepts (sourceAnchor, mS-DS-ConsistencyGuid)'; Uri = 'https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-design-concepts' }
    )
}
