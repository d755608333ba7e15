using System;
using System.Management.Automation;

namespace ImmutableId.Model;

/// <summary>One record converted by ConvertTo-ImmutableId -Detailed, with the identity of the
/// record it came from, so that every output can be matched to its user.</summary>
public sealed class ImmutableIdConversion
{
    public string? SamAccountName { get; internal set; }
    public string? UserPrincipalName { get; internal set; }
    public string? DistinguishedName { get; internal set; }
    public string? Id { get; internal set; }
    /// <summary>The property that supplied the anchor (mS-DS-ConsistencyGuid, ObjectGUID, or the attribute -SourceAnchor names), or InputObject for a value given itself.</summary>
    public string Source { get; internal set; } = "";
    /// <summary>The GUID the ImmutableId is made of; null for an anchor that is not GUID-based (an attribute's string, or the Base64 of bytes that are not 16).</summary>
    public Guid? Guid { get; internal set; }
    public string ImmutableId { get; internal set; } = "";
    /// <summary>The input itself. Hidden, so that Export-Csv writes only text (the record's
    /// identity is in the other properties); <c>$result.Input</c> still gives it.</summary>
    [Hidden]
    public object? Input { get; internal set; }
}

/// <summary>Every form of one anchor (ConvertFrom-ImmutableId -Detailed).</summary>
public sealed class ImmutableIdInfo
{
    /// <summary>The input itself. Hidden, so that Export-Csv writes only text (the record's
    /// identity is in the other properties); <c>$result.Input</c> still gives it.</summary>
    [Hidden]
    public object? Input { get; internal set; }
    public string? SamAccountName { get; internal set; }
    public string? UserPrincipalName { get; internal set; }
    public string? Id { get; internal set; }
    /// <summary>The property the anchor came from (OnPremisesImmutableId, ImmutableId...), or InputObject.</summary>
    public string Source { get; internal set; } = "";
    public string ImmutableId { get; internal set; } = "";
    public bool IsGuidBased { get; internal set; }
    public Guid? Guid { get; internal set; }
    public string Hex { get; internal set; } = "";
    public string LdapFilter { get; internal set; } = "";
    /// <summary>The connector-space DN of the anchor, CN={hex of its characters}.</summary>
    public string DistinguishedName { get; internal set; } = "";
    public int ByteCount { get; internal set; }
}

/// <summary>One cloud object named every way Entra Connect writes it (the CloudAnchor cmdlets' -Detailed).</summary>
public sealed class CloudAnchorInfo
{
    /// <summary>The input itself. Hidden, so that Export-Csv writes only text (the record's
    /// identity is in the other properties); <c>$result.Input</c> still gives it.</summary>
    [Hidden]
    public object? Input { get; internal set; }
    /// <summary>User_&lt;objectId&gt;.</summary>
    public string Name { get; internal set; } = "";
    public string ObjectType { get; internal set; } = "";
    public Guid ObjectId { get; internal set; }
    /// <summary>The Base64 CloudAnchor.</summary>
    public string CloudAnchor { get; internal set; } = "";
    /// <summary>The object's connector-space DN, CN={hex of the name}.</summary>
    public string DistinguishedName { get; internal set; } = "";
}
