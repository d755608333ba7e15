using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>
/// <para type="synopsis">Decodes a CloudAnchor, or the connector-space DN of a cloud object, to Type_objectId, such as User_c72903ed-7816-41cd-9066-eac33d171d77.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "CloudAnchor")]
[OutputType(typeof(string), typeof(CloudAnchorInfo))]
public sealed class ConvertFromCloudAnchorCommand : ImmutableIdCmdlet
{
    /// <summary>CloudAnchor values (Base64), or connector-space DNs of objects that came from the
    /// cloud (CN={hex of User_objectId}), or records whose CloudAnchor or DistinguishedName is read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("CloudAnchor")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>Return one object per input with the name, object type, object id, CloudAnchor and DN.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private CloudAnchorConverter _converter = null!;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _converter = new CloudAnchorConverter(IidSchema.CloudAnchorFrom, null);
    }

    protected override void ProcessRecord() => _converter.Convert(this, RecordReader.Items(InputObject), Detailed);
}
