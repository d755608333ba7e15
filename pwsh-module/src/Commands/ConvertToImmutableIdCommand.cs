using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>How a source string is read; the values are the core's SourceFormat.</summary>
public enum SourceFormat
{
    Auto = 0,
    Guid = 1,
    Hex = 2,
    LdapFilter = 3,
    DistinguishedName = 4,
}

/// <summary>
/// <para type="synopsis">Converts an objectGUID or mS-DS-ConsistencyGuid, in any form, to its ImmutableId.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "ImmutableId", DefaultParameterSetName = InputSet)]
[OutputType(typeof(string))]
public sealed class ConvertToImmutableIdCommand : ImmutableIdCmdlet
{
    private const string InputSet = "InputObject";
    private const string PropertiesSet = "Properties";
    private const string AnchorProperties = "mS-DS-ConsistencyGuid, ObjectGUID, Guid";

    /// <summary>
    /// A [guid], GUID string, byte[], byte hex, LDAP-escaped bytes or connector-space DN, an
    /// array of them, or objects (Get-ADUser, Import-Csv rows) whose mS-DS-ConsistencyGuid,
    /// ObjectGUID or Guid property is read.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The objectGUID, given directly.</summary>
    [Parameter(ParameterSetName = PropertiesSet)]
    [Alias("Guid")]
    [AllowNull, AllowEmptyString]
    public object? ObjectGuid { get; set; }

    /// <summary>The mS-DS-ConsistencyGuid, given directly; when set it wins over ObjectGuid.</summary>
    [Parameter(ParameterSetName = PropertiesSet)]
    [Alias("mS-DS-ConsistencyGuid")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? ConsistencyGuid { get; set; }

    /// <summary>How to read strings; needed for a bare 32-hex-digit string.</summary>
    [Parameter]
    public SourceFormat InputFormat { get; set; } = SourceFormat.Auto;

    private readonly List<object?> _targets = new();

    // Piped objects are read by property name here rather than by PowerShell's
    // ValueFromPipelineByPropertyName: that binding costs ~10 us per piped [guid] (measured
    // in tests/bench), several times the conversion itself.
    protected override void ProcessRecord()
    {
        if (ParameterSetName == PropertiesSet)
        {
            AddItem(ConsistencyGuid, ObjectGuid, ConsistencyGuid ?? ObjectGuid);
        }
        else
        {
            foreach (object? item in ValueBatch.Items(InputObject))
            {
                AddRecordOrValue(item);
            }
        }
    }

    // Pipeline input is converted in chunks, so results arrive in bursts, in input order.
    protected override void EndProcessing() => Emit();

    private void AddRecordOrValue(object? item)
    {
        if (ValueBatch.IsValue(item))
        {
            AddItem(item, null, item);
            return;
        }
        var properties = PSObject.AsPSObject(item).Properties;
        var consistency = properties["mS-DS-ConsistencyGuid"];
        var guid = properties["ObjectGUID"] ?? properties["Guid"];
        if (consistency is null && guid is null)
        {
            Emit();
            WriteNoValueError(item, AnchorProperties);
            return;
        }
        // The core picks the ConsistencyGuid when it is set, as Entra Connect does.
        AddItem(consistency?.Value, guid?.Value, item);
    }

    private void AddItem(object? preferred, object? fallback, object? target)
    {
        Batch.Add(preferred, fallback);
        _targets.Add(target);
        if (Batch.IsFull)
        {
            Emit();
        }
    }

    /// <summary>Converts what the batch holds and writes results and errors in input order.</summary>
    private void Emit()
    {
        if (Batch.Count == 0)
        {
            return;
        }
        var errors = Batch.ToImmutableIds((uint)InputFormat, out byte[] output);
        int count = Batch.Count;
        Batch.Clear();
        WriteInOrder(count, errors, i => Encoding.ASCII.GetString(output, i * 24, 24), i => _targets[i]);
        _targets.Clear();
    }
}
