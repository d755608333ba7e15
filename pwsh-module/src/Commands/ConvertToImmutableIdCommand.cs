using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>How a source string is read; the numbers are the core's (IidSourceFormat).</summary>
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
[OutputType(typeof(string), ParameterSetName = new[] { InputSet, PropertiesSet })]
[OutputType(typeof(ImmutableIdConversion))]
public sealed class ConvertToImmutableIdCommand : ImmutableIdCmdlet
{
    private const string InputSet = "InputObject";
    private const string PropertiesSet = "Properties";

    /// <summary>A [guid], GUID string, byte[], byte hex, LDAP-escaped bytes or connector-space DN, an
    /// array of them, or records (Get-ADUser objects, Import-Csv rows, hashtables) whose
    /// mS-DS-ConsistencyGuid (when set) or ObjectGUID is read.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The objectGUID, or an array of them.</summary>
    [Parameter(ParameterSetName = PropertiesSet)]
    [Alias("Guid")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? ObjectGuid { get; set; }

    /// <summary>The mS-DS-ConsistencyGuid (a 16-byte array, GUID or hex), or an array of them
    /// paired with -ObjectGuid; when set it wins over the objectGUID, as in Entra Connect.</summary>
    [Parameter(ParameterSetName = PropertiesSet)]
    [Alias("mS-DS-ConsistencyGuid")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? ConsistencyGuid { get; set; }

    /// <summary>How to read strings; needed for a bare 32-hex-digit string.</summary>
    [Parameter]
    public SourceFormat InputFormat { get; set; } = SourceFormat.Auto;

    /// <summary>Return one object per input with the record's identity, the source property, the GUID and the ImmutableId.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    private SchemaInfo _schema = null!;
    private RecordBatch _batch = null!;
    private readonly List<object?> _targets = new();
    private readonly List<ItemNote> _notes = new();
    /// <summary>Single bytes piped one by one, gathered until the run ends.</summary>
    private readonly List<byte> _unrolled = new();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _schema = CoreLibrary.Schema(IidSchema.ConvertTo);
        _batch = new RecordBatch(_schema.PassedCount);
    }

    protected override void ProcessRecord()
    {
        // -InputObject is optional (the -ConsistencyGuid/-ObjectGuid set needs none): a bare
        // call converts nothing rather than calling a value that was never given null.
        if (ParameterSetName != PropertiesSet && !MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            return;
        }
        if (ParameterSetName == PropertiesSet)
        {
            AddPairs();
        }
        else if (MyInvocation.ExpectingInput && RecordReader.IsSingleByte(InputObject))
        {
            _unrolled.Add((byte)RecordReader.Unwrap(InputObject)!);
            return;
        }
        else
        {
            FlushUnrolled();
            foreach (object? item in RecordReader.Items(InputObject))
            {
                Add(item, null);
            }
        }
        Convert();
    }

    protected override void EndProcessing()
    {
        FlushUnrolled();
        Convert();
    }

    /// <summary>-ConsistencyGuid and -ObjectGuid, paired element by element.</summary>
    private void AddPairs()
    {
        var consistency = new List<object?>(RecordReader.Items(ConsistencyGuid));
        var objectGuid = new List<object?>(RecordReader.Items(ObjectGuid));
        bool hasConsistency = MyInvocation.BoundParameters.ContainsKey(nameof(ConsistencyGuid));
        bool hasObjectGuid = MyInvocation.BoundParameters.ContainsKey(nameof(ObjectGuid));
        if (hasConsistency && hasObjectGuid && consistency.Count != objectGuid.Count)
        {
            ThrowArgumentError(
                $"-ConsistencyGuid has {consistency.Count} values and -ObjectGuid {objectGuid.Count}; they pair element by element, so give as many of each (use $null for an object without mS-DS-ConsistencyGuid).",
                "ArgumentCountMismatch", null);
        }
        int count = hasConsistency ? consistency.Count : objectGuid.Count;
        for (int i = 0; i < count; i++)
        {
            var record = new Dictionary<string, object?>();
            if (hasConsistency)
            {
                record["mS-DS-ConsistencyGuid"] = consistency[i];
            }
            if (hasObjectGuid)
            {
                record["ObjectGUID"] = objectGuid[i];
            }
            Add(record, hasConsistency && consistency[i] is not null ? consistency[i] : hasObjectGuid ? objectGuid[i] : null);
        }
    }

    private void Add(object? input, object? target)
    {
        RecordReader.Add(_batch, _schema, input);
        _targets.Add(target ?? input);
        if (_batch.IsFull)
        {
            Convert();
        }
    }

    private void FlushUnrolled()
    {
        if (_unrolled.Count == 0)
        {
            return;
        }
        RecordReader.AddUnrolledBytes(_batch, _unrolled);
        _targets.Add(_unrolled.ToArray());
        _unrolled.Clear();
    }

    /// <summary>Converts what the batch holds and writes each result or error, in input order.</summary>
    private void Convert()
    {
        if (_batch.Records == 0)
        {
            return;
        }
        _notes.Clear();
        ConvertedItem[] items = CoreLibrary.ToImmutableId(_batch, (uint)InputFormat, _notes);
        var targets = _targets.ToArray();
        _batch.Clear();
        _targets.Clear();
        WriteInOrder(items.Length, _notes, i => targets[i], i => Detailed ? Describe(items[i], targets[i]) : items[i].ImmutableId);
    }

    private ImmutableIdConversion Describe(ConvertedItem item, object? input) => new()
    {
        SamAccountName = RecordReader.Identity(input, "SamAccountName")?.ToString(),
        UserPrincipalName = RecordReader.Identity(input, "UserPrincipalName")?.ToString(),
        DistinguishedName = RecordReader.Identity(input, "DistinguishedName")?.ToString(),
        Id = RecordReader.Identity(input, "Id")?.ToString(),
        Source = _schema.ByPassed(item.Field)?.Name ?? "",
        Guid = item.Guid,
        ImmutableId = item.ImmutableId,
        Input = input,
    };
}
