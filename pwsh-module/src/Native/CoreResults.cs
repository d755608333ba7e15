using System;
using System.Collections.Generic;

namespace ImmutableId.Native;

// What the facade hands the cmdlets: plain managed values copied out of the core's answers.

/// <summary>One field of a schema.</summary>
internal sealed class SchemaField
{
    public SchemaField(string name, IidRole role, int passed)
    {
        Name = name;
        Role = role;
        Passed = passed;
    }

    /// <summary>The property or column name (matched ignoring case).</summary>
    public string Name { get; }
    public IidRole Role { get; }
    /// <summary>Position among the values a record passes; -1 for identity fields, which are not passed.</summary>
    public int Passed { get; }
}

/// <summary>The fields a cmdlet reads off each record, in the core's order.</summary>
internal sealed class SchemaInfo
{
    public SchemaInfo(IReadOnlyList<SchemaField> fields)
    {
        Fields = fields;
        foreach (var f in fields)
        {
            if (f.Passed >= 0)
            {
                PassedCount++;
            }
        }
    }

    public IReadOnlyList<SchemaField> Fields { get; }
    public int PassedCount { get; }

    private Records.RecordPlan? _plan;

    /// <summary>How records are read for this schema, worked out on first use.</summary>
    public Records.RecordPlan Plan => _plan ??= new Records.RecordPlan(this);

    /// <summary>The passed position of the field a value given itself goes in; -1 if the schema has none.</summary>
    public int Itself
    {
        get
        {
            foreach (var f in Fields)
            {
                if (f.Role == IidRole.Itself && f.Passed >= 0)
                {
                    return f.Passed;
                }
            }
            return -1;
        }
    }

    /// <summary>
    /// The schema as a call anchored on <paramref name="attribute"/> reads it: its
    /// SourceAnchor field named after the attribute, read off records as any other property.
    /// Null (ConsistencyGuid, ObjectGUID) gives this schema, whose SourceAnchor field is not read.
    /// </summary>
    public SchemaInfo ForSourceAnchor(string? attribute)
    {
        if (attribute is null)
        {
            return this;
        }
        var fields = new List<SchemaField>(Fields.Count);
        foreach (var f in Fields)
        {
            fields.Add(f.Role == IidRole.SourceAnchor ? new SchemaField(attribute, IidRole.Attribute, f.Passed) : f);
        }
        return new SchemaInfo(fields);
    }

    /// <summary>The passed field that the core numbered <paramref name="passed"/>.</summary>
    public SchemaField? ByPassed(int passed)
    {
        foreach (var f in Fields)
        {
            if (f.Passed == passed)
            {
                return f;
            }
        }
        return null;
    }
}

internal struct ConvertedItem
{
    public bool Ok;
    public string ImmutableId;
    /// <summary>Null for an anchor that is not a GUID's ImmutableId (an attribute's string).</summary>
    public Guid? Guid;
    public int Field;
}

/// <summary>
/// ConvertTo-ImmutableId's results for one batch, in buffers kept from call to call, so a
/// cmdlet that converts one value per ProcessRecord allocates nothing but the strings.
/// </summary>
internal sealed class ConvertedBatch
{
    internal IidConverted[] Slots = new IidConverted[1];

    /// <summary>One per record of the batch converted last (valid up to <see cref="Count"/>);
    /// Ok is false where the record failed. Guid and Field are set only when details were asked for.</summary>
    public ConvertedItem[] Items = new ConvertedItem[1];

    public int Count;

    internal void Reserve(int count)
    {
        if (Slots.Length < count)
        {
            int size = Math.Max(count, Slots.Length * 2);
            Slots = new IidConverted[size];
            Items = new ConvertedItem[size];
        }
    }
}

internal struct DescribedItem
{
    public bool Ok;
    public string ImmutableId;
    public string Hex;
    public string LdapFilter;
    public string DistinguishedName;
    public Guid? Guid;
    public int ByteCount;
    public int Field;
}

internal struct CloudAnchorItem
{
    public bool Ok;
    public string Name;
    public string ObjectType;
    public string CloudAnchor;
    public string DistinguishedName;
    public Guid ObjectId;
}

/// <summary>A problem with a CSV file as a whole.</summary>
internal sealed class FileError
{
    public FileError(string code, string message)
    {
        Code = code;
        Message = message;
    }

    public string Code { get; }
    public string Message { get; }
}

/// <summary>Counts per status, and per reason by reason number.</summary>
internal sealed class SummaryCounts
{
    public long Total;
    public long Valid;
    public long Warning;
    public long Invalid;
    public long NoAnchor;
    public long NotChecked;
    public long[] Reasons = new long[IidSummary.ReasonSlots];
}

/// <summary>
/// A page of Test-ImmutableId verdicts and the buffers it is read through, kept from page to
/// page: the slots the core fills, the verdicts read from them (valid up to <see cref="Count"/>,
/// overwritten by the next page), and the texts that repeat from record to record.
/// </summary>
internal sealed class TestRecordPage
{
    public TestRecordPage(int size)
    {
        Slots = new IidTestRecord[size];
        Records = new TestRecordData[size];
    }

    internal IidTestRecord[] Slots { get; }
    public TestRecordData[] Records { get; }
    public int Count;
    /// <summary>Read only the index, file and status of Valid records (the caller drops them).</summary>
    public bool SkipValid;
    internal RepeatedText File;
    internal RepeatedText Property;
    internal RepeatedText ExpectedProperty;
    internal RepeatedText ErrorCode;
    /// <summary>The header of the records read last, and where the answer held it.</summary>
    internal string[]? ColumnNames;
    internal UIntPtr ColumnNamesStart;
}

/// <summary>One Test-ImmutableId verdict.</summary>
internal sealed class TestRecordData
{
    public long Index;
    public long? Line;
    public string? File;
    public int Status;
    public ulong Reasons;
    public string Value = "";
    public string? Property;
    public Guid? Guid;
    public Guid? ExpectedGuid;
    public string? ExpectedProperty;
    public string? Suggestion;
    public string? ErrorCode;
    public string[] Messages = Array.Empty<string>();
    public long[] Duplicates = Array.Empty<long>();
    public long DuplicateCount;
    public string[]? ColumnNames;
    public string[]? ColumnValues;
}

/// <summary>One reconciled account.</summary>
internal sealed class AccountResultData
{
    public IidSide Side;
    public int Status;
    public int Index;
    public string Label = "";
    public string? Anchor;
    public string? AnchorSource;
    public string? Counterpart;
    public string[] Findings = Array.Empty<string>();
    public string[] Messages = Array.Empty<string>();
    public string[] NotChecked = Array.Empty<string>();
}

/// <summary>One step of a hard-match plan.</summary>
internal sealed class PlanStepData
{
    public int Order;
    public bool Reversible;
    public string Account = "";
    public string Action = "";
    public string? Command;
    public string Reason = "";
    public string? Warning;
    public string? Alternative;
    public string? Unsettled;
}
