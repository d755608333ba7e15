using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>ConvertTo-CloudAnchor: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/ConvertTo-CloudAnchor.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsData.ConvertTo, "CloudAnchor")]
[OutputType(typeof(string), typeof(CloudAnchorInfo))]
public sealed class ConvertToCloudAnchorCommand : ImmutableIdCmdlet
{
    /// <summary>Object ids (Get-MgUser's Id) or Type_objectId strings, or records whose Id or ObjectId is read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ObjectId", "Id")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The object type put before a bare object id: one of the types Entra Connect syncs (User, Group, Device, Contact).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CloudObjectTypeCompleter))]
    public string ObjectType { get; set; } = "User";

    /// <summary>Return one object per input with the name, object type, object id, CloudAnchor and DN.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private CloudAnchorConverter _converter = null!;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var (type, error) = CoreLibrary.CheckCloudObjectType(ObjectType);
        if (error is not null)
        {
            ThrowArgumentError(error.Message, error.Code, ObjectType);
        }
        _converter = new CloudAnchorConverter(IidSchema.CloudAnchorTo, type);
    }

    protected override void ProcessRecord() => _converter.Convert(this, RecordReader.Items(InputObject), Detailed);
}
