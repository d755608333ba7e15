using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>What ConvertFrom-ImmutableId returns; the numbers are the core's (IidOutputForm).</summary>
public enum ImmutableIdFormat
{
    Guid = 0,
    Hex = 1,
    LdapFilter = 2,
    DistinguishedName = 3,
    Bytes = 4,
    /// <summary>A PowerShell [byte[]] literal of the bytes, to paste into Set-ADUser -Replace.</summary>
    BytesLiteral = 6,
}

/// <summary>ConvertFrom-ImmutableId: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/ConvertFrom-ImmutableId.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsData.ConvertFrom, "ImmutableId", DefaultParameterSetName = FormatSet)]
[OutputType(typeof(Guid), typeof(string), typeof(byte[]), ParameterSetName = new[] { FormatSet })]
[OutputType(typeof(ImmutableIdInfo), ParameterSetName = new[] { DetailedSet })]
public sealed class ConvertFromImmutableIdCommand : ImmutableIdCmdlet
{
    private const string FormatSet = "Format";
    private const string DetailedSet = "Detailed";

    /// <summary>ImmutableIds (onPremisesImmutableId values) or connector-space DNs, an array of them,
    /// or records (Get-MgUser objects, Invoke-MgGraphRequest hashtables, Import-Csv rows) whose
    /// ImmutableId, OnPremisesImmutableId or SourceAnchor is read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("ImmutableId", "OnPremisesImmutableId", "SourceAnchor")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The form to return.</summary>
    [Parameter(ParameterSetName = FormatSet)]
    public ImmutableIdFormat Format { get; set; } = ImmutableIdFormat.Guid;

    /// <summary>Return one object per input with every form, the record's identity, and whether the value is GUID-based.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DetailedSet)]
    public SwitchParameter Detailed { get; set; }

    private SchemaInfo _schema = null!;
    private RecordBatch _batch = null!;
    private readonly List<object?> _targets = new();
    private readonly List<ItemNote> _notes = new();
    private readonly List<byte> _unrolled = new();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _schema = CoreLibrary.Schema(IidSchema.ConvertFrom);
        _batch = new RecordBatch(_schema.PassedCount);
    }

    protected override void ProcessRecord()
    {
        if (MyInvocation.ExpectingInput && RecordReader.IsSingleByte(InputObject))
        {
            _unrolled.Add((byte)RecordReader.Unwrap(InputObject)!);
            return;
        }
        FlushUnrolled();
        foreach (object? item in RecordReader.Items(InputObject))
        {
            RecordReader.Add(_batch, _schema, item);
            _targets.Add(item);
            if (_batch.IsFull)
            {
                Convert();
            }
        }
        Convert();
    }

    protected override void EndProcessing()
    {
        FlushUnrolled();
        Convert();
    }

    private void FlushUnrolled()
    {
        if (_unrolled.Count > 0)
        {
            RecordReader.AddUnrolledBytes(_batch, _unrolled);
            _targets.Add(_unrolled.ToArray());
            _unrolled.Clear();
        }
    }

    private void Convert()
    {
        if (_batch.Records == 0)
        {
            return;
        }
        _notes.Clear();
        var targets = _targets.ToArray();
        int count = _batch.Records;
        Func<int, object?> result;
        if (Detailed)
        {
            DescribedItem[] items = CoreLibrary.Describe(_batch, _notes);
            result = i => Info(items[i], targets[i]);
        }
        else
        {
            // A [guid] is made from the stored bytes, which is what the core renders for Bytes.
            var form = Format == ImmutableIdFormat.Guid ? ImmutableIdFormat.Bytes : Format;
            int width = CoreLibrary.OutputWidth((uint)form);
            byte[] output = CoreLibrary.FromImmutableId(_batch, (uint)form, width, _notes);
            result = i => Render(output, i * width, width);
        }
        _batch.Clear();
        _targets.Clear();
        WriteInOrder(count, _notes, i => targets[i], result);
    }

    /// <summary>One value as the core rendered it, as the .NET type -Format promises.</summary>
    private object Render(byte[] output, int start, int width)
    {
        switch (Format)
        {
            case ImmutableIdFormat.Guid:
            case ImmutableIdFormat.Bytes:
                var bytes = new byte[width];
                Buffer.BlockCopy(output, start, bytes, 0, width);
                return Format == ImmutableIdFormat.Guid ? new Guid(bytes) : bytes;
            default:
                return Encoding.ASCII.GetString(output, start, width);
        }
    }

    private ImmutableIdInfo Info(DescribedItem item, object? input) => new()
    {
        Input = input,
        SamAccountName = RecordReader.Identity(input, "SamAccountName")?.ToString(),
        UserPrincipalName = RecordReader.Identity(input, "UserPrincipalName")?.ToString(),
        Id = RecordReader.Identity(input, "Id")?.ToString(),
        Source = _schema.ByPassed(item.Field)?.Name ?? "",
        ImmutableId = item.ImmutableId,
        IsGuidBased = item.Guid.HasValue,
        Guid = item.Guid,
        Hex = item.Hex,
        LdapFilter = item.LdapFilter,
        DistinguishedName = item.DistinguishedName,
        ByteCount = item.ByteCount,
    };
}
