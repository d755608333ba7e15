using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>ConvertFrom-CloudAnchor: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/ConvertFrom-CloudAnchor.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
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
