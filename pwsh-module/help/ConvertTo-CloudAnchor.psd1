# The written half of ConvertTo-CloudAnchor's help; tools/New-ModuleHelp.ps1 adds the
# syntax, parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Encodes a cloud object id (or Type_objectId) as a CloudAnchor value.'
    Description  = @(
        "Returns the CloudAnchor, the name Entra Connect gives an object that lives in Entra ID, of each input: an object id (Get-MgUser's Id, as a [guid] or text) with the type -ObjectType names, or Type_objectId text such as Group_c72903ed-7816-41cd-9066-eac33d171d77, whose own type is kept. -Detailed also returns the name, the object type and id, and the connector-space DN."
        "Records are read by property name: Get-MgUser objects, Invoke-MgGraphRequest hashtables and Import-Csv rows give their Id or ObjectId. Each value that is not an object id gives one non-terminating error (about_ImmutableId lists every ErrorId), and the rest of the input goes on, in order."
    )
    Parameters   = @{
        InputObject = "Object ids (GUIDs, such as Get-MgUser's Id) or Type_objectId strings, an array of them, or records whose Id or ObjectId is read."
        ObjectType  = 'The object type put before a bare object id: User (the default), Group, Device or Contact, the types Entra Connect syncs, in any case (tab completion offers them). Any other type stops the cmdlet with the error InvalidObjectType before any input is read. A Type_objectId input keeps its own type.'
        Detailed    = 'Returns one CloudAnchorInfo object per input instead of the CloudAnchor: the input, the name (Type_objectId), the object type, the object id, the CloudAnchor and the connector-space DN.'
    }
    Inputs       = @(
        @{ Type = 'System.Guid'; Description = 'An object id.' }
        @{ Type = 'System.String'; Description = 'An object id or Type_objectId.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A record, such as Get-MgUser output, with an Id or ObjectId property.' }
        @{ Type = 'System.Collections.IDictionary'; Description = 'A hashtable with an id or objectId key, such as Invoke-MgGraphRequest returns.' }
    )
    Outputs      = @(
        @{ Type = 'System.String'; Description = 'The CloudAnchor of each input, in input order.' }
        @{ Type = 'ImmutableId.Model.CloudAnchorInfo'; Description = 'With -Detailed: every form of each name.' }
    )
    Examples     = @(
        @{
            Title   = 'The CloudAnchor of a cloud user'
            Code    = 'Get-MgUser -UserId alice@contoso.com | ConvertTo-CloudAnchor'
            Output  = 'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA=='
            Remarks = "Get-MgUser's Id is read by property name; the type is User by default."
        }
        @{
            Title   = 'A group, with every form'
            Code    = "'c72903ed-7816-41cd-9066-eac33d171d77' | ConvertTo-CloudAnchor -ObjectType Group -Detailed"
            Output  = @'
Input             : c72903ed-7816-41cd-9066-eac33d171d77
Name              : Group_c72903ed-7816-41cd-9066-eac33d171d77
ObjectType        : Group
ObjectId          : c72903ed-7816-41cd-9066-eac33d171d77
CloudAnchor       : VgAAAEcAcgBvAHUAcABfAGMANwAyADkAMAAzAGUAZAAtADcAOAAxADYALQA0ADEAYwBkAC0AOQAwADYA
                    NgAtAGUAYQBjADMAMwBkADEANwAxAGQANwA3AAAA
DistinguishedName : CN={47726F75705F63373239303365642D373831362D343163642D393036362D6561633333643137
                    31643737}
'@
            Remarks = 'The DistinguishedName is how the object appears in the Entra ID connector space.'
        }
        @{
            Title   = 'A user from Invoke-MgGraphRequest'
            Code    = "Invoke-MgGraphRequest -Uri 'v1.0/users/alice@contoso.com?`$select=id' | ConvertTo-CloudAnchor"
            Output  = 'VAAAAFUAcwBlAHIAXwBjADcAMgA5ADAAMwBlAGQALQA3ADgAMQA2AC0ANAAxAGMAZAAtADkAMAA2ADYALQBlAGEAYwAzADMAZAAxADcAMQBkADcANwAAAA=='
            Remarks = "The hashtable's id key is read like a property."
        }
    )
    RelatedLinks = @(
        @{ Text = 'ConvertFrom-CloudAnchor' }
        @{ Text = 'about_ImmutableId' }
    )
}
