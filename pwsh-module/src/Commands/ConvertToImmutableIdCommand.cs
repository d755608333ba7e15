using System;
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

/// <summary>ConvertTo-ImmutableId: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/ConvertTo-ImmutableId.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsData.ConvertTo, "ImmutableId", DefaultParameterSetName = InputSet)]
[OutputType(typeof(string), ParameterSetName = new[] { InputSet, PropertiesSet })]
[OutputType(typeof(ImmutableIdConversion))]
public sealed class ConvertToImmutableIdCommand : ImmutableIdCmdlet
{
    private const string InputSet = "InputObject";
    private const string PropertiesSet = "Properties";

    /// <summary>A [guid], GUID string, byte[], byte hex, LDAP-escaped bytes or connector-space DN, an
    /// array of them, or records (Get-ADUser objects, Import-Csv rows, hashtables) whose
    /// mS-DS-ConsistencyGuid (when set) or ObjectGUID is read (or what -SourceAnchor names).</summary>
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

    /// <summary>The tenant's sourceAnchor: ConsistencyGuid (the default: mS-DS-ConsistencyGuid when set, else objectGUID),
    /// ObjectGUID (objectGUID always), or the LDAP name of another attribute (msDS-SourceAnchor, employeeID), whose
    /// string value is the anchor as it is, or the Base64 of its bytes. Values given themselves are always GUIDs.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string? SourceAnchor { get; set; }

    private SchemaInfo _schema = null!;
    /// <summary>Where a value given itself goes in a record of the schema.</summary>
    private int _itself;
    private bool _expectingInput;
    private RecordBatch _batch = null!;
    /// <summary>The batch's inputs, in order: the targets of its errors, and -Detailed's Input.</summary>
    private readonly List<object?> _targets = new();
    private readonly List<ItemNote> _notes = new();
    private readonly ConvertedBatch _converted = new();
    /// <summary>[guid]s given themselves (without -Detailed), converted by the core's packed export.</summary>
    private readonly GuidBatch _guids = new();
    /// <summary>Single bytes piped one by one, gathered until the run ends.</summary>
    private readonly List<byte> _unrolled = new();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _schema = CoreLibrary.Schema(IidSchema.ConvertTo).ForSourceAnchor(SourceAnchorAttribute(SourceAnchor));
        _itself = _schema.Itself;
        _batch = new RecordBatch(_schema.PassedCount);
        _expectingInput = MyInvocation.ExpectingInput;
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PropertiesSet)
        {
            AddPairs();
            Convert();
            return;
        }
        // -InputObject is optional (the -ConsistencyGuid/-ObjectGuid set needs none): a bare
        // call converts nothing rather than calling a value that was never given null.
        if (!_expectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            return;
        }
        object? input = InputObject;
        if (_expectingInput && RecordReader.IsSingleByte(input))
        {
            _unrolled.Add((byte)RecordReader.Unwrap(input)!);
            return;
        }
        FlushUnrolled();
        if (RecordReader.IsValue(input))
        {
            // One value, the commonest input: nothing to enumerate.
            Add(input);
        }
        else if (RecordReader.Unwrap(input) is object?[] array)
        {
            // An array, as PowerShell makes them: indexed, not enumerated.
            for (int i = 0; i < array.Length; i++)
            {
                Add(array[i]);
            }
        }
        else
        {
            foreach (object? item in RecordReader.Items(input))
            {
                Add(item);
            }
        }
        ConvertGuids();
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
            RecordReader.Add(_batch, _schema, record);
            Added((hasConsistency && consistency[i] is not null ? consistency[i] : hasObjectGuid ? objectGuid[i] : null) ?? record);
        }
    }

    /// <summary>
    /// Adds one item of the input: a [guid] (the commonest) to the GUIDs, another value
    /// straight into its field, a record through the schema. Items are converted in order:
    /// adding to the GUIDs converts the records before them first, and the other way round.
    /// </summary>
    private void Add(object? item)
    {
        // The packed export gives no notes, so the all-zero GUID, which the core warns
        // about, and -Detailed, which wants each GUID's source, take the records' way.
        if (!Detailed && RecordReader.Unwrap(item) is Guid guid && guid != Guid.Empty)
        {
            if (_batch.Records > 0)
            {
                Convert();
            }
            _guids.Add(guid);
            if (_guids.IsFull)
            {
                ConvertGuids();
            }
            return;
        }
        ConvertGuids();
        if (RecordReader.IsValue(item))
        {
            RecordReader.AddValue(_batch, _itself, item);
        }
        else
        {
            RecordReader.Add(_batch, _schema, item);
        }
        Added(item);
    }

    /// <summary>Notes the target of the record just added; converts when the batch is full.</summary>
    private void Added(object? target)
    {
        _targets.Add(target);
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

    /// <summary>Converts the GUIDs gathered and writes their ImmutableIds, in order.</summary>
    private void ConvertGuids()
    {
        if (_guids.Count == 0)
        {
            return;
        }
        CoreLibrary.GuidsToImmutableIds(_guids);
        int count = _guids.Count;
        _guids.Clear();
        string[] ids = _guids.ImmutableIds;
        for (int i = 0; i < count; i++)
        {
            WriteObject(ids[i]);
        }
    }

    /// <summary>
    /// Converts what the batch holds and writes each result or error in input order: an item
    /// with an error gets its error (targeting the item), the others their result, after any
    /// warning about them.
    /// </summary>
    private void Convert()
    {
        if (_batch.Records == 0)
        {
            return;
        }
        _notes.Clear();
        bool detailed = Detailed;
        CoreLibrary.ToImmutableId(_batch, (uint)InputFormat, SourceAnchor, _notes, _converted, detailed);
        _batch.Clear();
        try
        {
            ConvertedItem[] items = _converted.Items;
            int count = _converted.Count;
            int next = 0;
            for (int i = 0; i < count; i++)
            {
                bool failed = false;
                for (; next < _notes.Count && _notes[next].Item == i; next++)
                {
                    if (_notes[next].IsWarning)
                    {
                        WriteWarning(_notes[next].Message);
                    }
                    else
                    {
                        WriteItemError(_notes[next], _targets[i]);
                        failed = true;
                    }
                }
                if (!failed)
                {
                    WriteObject(detailed ? Describe(items[i], _targets[i]) : items[i].ImmutableId);
                }
            }
        }
        finally
        {
            _targets.Clear();
        }
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
