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
    public Guid Guid;
    public int Field;
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
