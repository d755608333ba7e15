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
[Cmdlet(VerbsData.ConvertTo, "ImmutableId")]
[OutputType(typeof(string))]
public sealed class ConvertToImmutableIdCommand : ImmutableIdCmdlet
{
    private const string AnchorProperties = "mS-DS-ConsistencyGuid, ObjectGUID, Guid";

    /// <summary>A [guid], GUID string, byte[], byte hex, LDAP-escaped bytes or connector-space DN; or an array of them.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The objectGUID, bound from a piped object's ObjectGUID or Guid property.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Guid")]
    [AllowNull, AllowEmptyString]
    public object? ObjectGuid { get; set; }

    /// <summary>The mS-DS-ConsistencyGuid; when set, it is the anchor and wins over ObjectGuid.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("mS-DS-ConsistencyGuid", "msDSConsistencyGuid")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? ConsistencyGuid { get; set; }

    /// <summary>How to read strings; needed for a bare 32-hex-digit string.</summary>
    [Parameter]
    public SourceFormat InputFormat { get; set; } = SourceFormat.Auto;

    private readonly List<object?> _targets = new();

    protected override void ProcessRecord()
    {
        Batch.Clear();
        _targets.Clear();
        if (ConsistencyGuid is not null || ObjectGuid is not null)
        {
            // A record such as Get-ADUser's output: the core picks the ConsistencyGuid when set.
            AddItem(ConsistencyGuid, ObjectGuid ?? (ValueBatch.IsValue(InputObject) ? InputObject : null), InputObject ?? ObjectGuid);
        }
        else
        {
            foreach (object? item in ValueBatch.Items(InputObject))
            {
                AddRecordOrValue(item);
            }
        }
        if (Batch.Count > 0)
        {
            Emit();
        }
    }

    private void AddRecordOrValue(object? item)
    {
        if (ValueBatch.IsValue(item))
        {
            AddItem(item, null, item);
            return;
        }
        // An object in an array argument: read the same properties the pipeline binds.
        var properties = PSObject.AsPSObject(item).Properties;
        object? consistency = properties["mS-DS-ConsistencyGuid"]?.Value;
        object? guid = (properties["ObjectGUID"] ?? properties["Guid"])?.Value;
        if (consistency is null && guid is null)
        {
            Emit();
            WriteNoValueError(item, AnchorProperties);
            return;
        }
        AddItem(consistency, guid, item);
    }

    private void AddItem(object? preferred, object? fallback, object? target)
    {
        Batch.Add(preferred, fallback);
        _targets.Add(target);
    }

    /// <summary>Converts what the batch holds and writes results and errors in input order.</summary>
    private void Emit()
    {
        if (Batch.Count == 0)
        {
            return;
        }
        var errors = Batch.ToImmutableIds((uint)InputFormat, out byte[] output);
        for (int i = 0; i < Batch.Count; i++)
        {
            if (errors.TryGetValue(i, out var error))
            {
                WriteValueError(error, _targets[i]);
            }
            else
            {
                WriteObject(Encoding.ASCII.GetString(output, i * 24, 24));
            }
        }
        Batch.Clear();
        _targets.Clear();
    }
}
