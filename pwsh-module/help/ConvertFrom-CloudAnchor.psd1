# The written half of ConvertFrom-CloudAnchor's help; tools/New-ModuleHelp.ps1 adds the
# syntax, parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Decodes a CloudAnchor, or the connector-space DN of a cloud object, to Type_objectId, such as User_c72903ed-7816-41cd-9066-eac33d171d77.'
    Description  = @(
        "A CloudAnchor is how Entra Connect names an object that lives in Entra ID (its cloudAnchor attribute): the Base64 of a 4-byte little-endian byte count, the UTF-16LE text Type_<objectId>, and a UTF-16 NUL. ConvertFrom-CloudAnchor returns that text: the object type (User, Group, Device or Contact) and the Entra object id, which Get-MgUser, Get-MgGroup and Get-MgDevice take."
        'It also reads the connector-space DN of such an object, CN={hex of Type_objectId}, and records (objects, hashtables, Import-Csv rows) whose CloudAnchor or DistinguishedName property holds either. Each value that is not a CloudAnchor gives one non-terminating error, InvalidCloudAnchor (about_ImmutableId lists every ErrorId), and the rest of the input goes on, in order.'
    )
    Parameters   = @{
        InputObject = 'CloudAnchor values (Base64), connector-space DNs of objects that came from the cloud (CN={hex of Type_objectId}), an array of them, or records whose CloudAnchor or DistinguishedName property is read.'
        Detailed    = 'Returns one CloudAnchorInfo object per input instead of the name: the input, the name (Type_objectId), the object type, the object id as a [guid], the CloudAnchor and the connector-space DN.'
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'A CloudAnchor or a connector-space DN.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A record with a CloudAnchor or DistinguishedName property.' }
        @{ Type = 'System.Collections.IDictionary'; Description = 'A hashtable with a CloudAnchor or DistinguishedName key.' }
    )
    Outputs      = @(
        @{ Type = 'System.String'; Description = 'The name, Type_objectId, of each input, in input order.' }
        @{ Type = 'ImmutableId.Model.CloudAnchorInfo'; Description = 'With -Detailed: every form of each name.' }
    )
    Examples     = @(
        @{
            Title   = 'Decode a CloudAnchor'
            Code    = "'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA==' | ConvertFrom-CloudAnchor"
            Output  = 'User_c72903ed-7816-41cd-9066-eac33d171d77'
            Remarks = 'The type and object id of the object the CloudAnchor names.'
        }
        @{
            Title   = 'Find the cloud user behind a connector-space DN'
            Code    = @'
$dn = 'CN={557365725F63373239303365642D373831362D343163642D393036362D656163333364313731643737}'
$name = $dn | ConvertFrom-CloudAnchor -Detailed
Get-MgUser -UserId $name.ObjectId | Select-Object DisplayName, UserPrincipalName
'@
            Output  = @'
DisplayName  UserPrincipalName
-----------  -----------------
Alice Archer alice@contoso.com
'@
            Remarks = 'The connector-space DN of a user that came from Entra ID names it by object id, which Get-MgUser takes.'
        }
        @{
            Title   = 'A DN of an object from AD is not a CloudAnchor'
            Code    = "'CN={4B38314C68343055796B657A435A48665A50426239513D3D}' | ConvertFrom-CloudAnchor"
            Output  = 'ConvertFrom-CloudAnchor: ''CN={4B38314C68343055796B657A435A48665A50426239513D3D}'' is not a CloudAnchor: the DN spells ''K81Lh40UykezCZHfZPBb9Q=='', which is not <ObjectType>_<objectId> (the DN of an object that came from AD holds an ImmutableId: ConvertFrom-ImmutableId reads it).'
            Remarks = "This DN holds an ImmutableId (the anchor of an object that came from AD), so it gives the error InvalidCloudAnchor; ConvertFrom-ImmutableId reads it."
        }
    )
    RelatedLinks = @(
        @{ Text = 'ConvertTo-CloudAnchor' }
        @{ Text = 'ConvertFrom-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
    )
}
