using System.Management.Automation;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>
/// <para type="synopsis">Decodes a CloudAnchor value to Type_objectId, such as User_c72903ed-7816-41cd-9066-eac33d171d77.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "CloudAnchor")]
[OutputType(typeof(string))]
public sealed class ConvertFromCloudAnchorCommand : ImmutableIdCmdlet
{
    /// <summary>CloudAnchor values, as Entra Connect's connector space and disconnector reports show them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public string?[]? CloudAnchor { get; set; }

    protected override unsafe void ProcessRecord() =>
        ConvertWithJson<string>(CloudAnchor, NativeMethods.CloudAnchorDecodeMany);
}

/// <summary>
/// <para type="synopsis">Encodes a cloud object ID (or Type_objectId) as a CloudAnchor value.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "CloudAnchor")]
[OutputType(typeof(string))]
public sealed class ConvertToCloudAnchorCommand : ImmutableIdCmdlet
{
    /// <summary>Object IDs (Get-MgUser's Id) or Type_objectId strings.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public string?[]? ObjectId { get; set; }

    /// <summary>The object type put before a bare object ID: User, Group, Device, Contact.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ObjectType { get; set; } = "User";

    protected override unsafe void ProcessRecord() =>
        ConvertWithJson<string>(ObjectId, (text, textLength, values, count, json, errors) =>
        {
            fixed (char* type = ObjectType)
            {
                return NativeMethods.CloudAnchorEncodeMany(text, textLength, values, count, type, (nuint)ObjectType.Length, json, errors);
            }
        });
}
