using System;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

// The types of rust-core/abi/include/immutableid.h, laid out as the header lays them out.
// Every one is blittable. tests/module/Module.Tests.ps1 checks each enum's names and numbers
// against the header, and tests/module/AbiLayout.Tests.ps1 each struct's size and every
// field's name, offset and size against the layout Rust writes (tests/data/abi-layout.json,
// from rust-core/abi/tests/abi_layout.rs), so a change on one side fails the tests until the
// other follows.

/// <summary>IidStatus: what every export returns.</summary>
internal enum IidStatus : uint
{
    Ok = 0,
    InvalidArgument = 1,
    Panic = 2,
    Interrupted = 3,
}

/// <summary>IidValueKind: how a value in a batch is to be read.</summary>
internal enum IidValueKind : uint
{
    Absent = 0,
    Null = 1,
    Text = 2,
    Guid = 3,
    Bytes = 4,
    UnrolledBytes = 5,
}

/// <summary>IidSchema: the field lists of the cmdlets.</summary>
internal enum IidSchema : uint
{
    ConvertTo = 0,
    ConvertFrom = 1,
    CloudAnchorFrom = 2,
    CloudAnchorTo = 3,
    Test = 4,
    OnPremisesUser = 5,
    CloudUser = 6,
    DeletedUser = 7,
    Mapping = 8,
    Domain = 9,
    Synchronization = 10,
    RoleAssignment = 11,
    GroupMembership = 12,
    Mailbox = 13,
}

/// <summary>IidSide: which input a reconciled account came from.</summary>
internal enum IidSide : uint
{
    OnPremises = 0,
    Cloud = 1,
    Deleted = 2,
}

/// <summary>IidRole: what a schema field is for.</summary>
internal enum IidRole : uint
{
    Itself = 0,
    Value = 1,
    Anchor = 2,
    Parameter = 3,
    Attribute = 4,
    Identity = 5,
    SourceAnchor = 6,
}

/// <summary>IidSourceAnchorKind: what a -SourceAnchor names.</summary>
internal enum IidSourceAnchorKind : uint
{
    ConsistencyGuid = 0,
    ObjectGuid = 1,
    Attribute = 2,
}

/// <summary>IidValidatorMode.</summary>
internal enum IidValidatorMode : uint
{
    Results = 0,
    Summary = 1,
    Problems = 2,
}

/// <summary>IidSeverity: how bad a note is.</summary>
internal enum IidSeverity : uint
{
    Error = 0,
    Warning = 1,
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidValue
{
    public uint Kind;
    public UIntPtr Offset;
    public UIntPtr Len;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidInput
{
    public char* Text;
    public UIntPtr TextLen;
    public byte* Bytes;
    public UIntPtr BytesLen;
    public IidValue* Values;
    public UIntPtr ValuesLen;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidText
{
    public UIntPtr Offset;
    public UIntPtr Len;

    /// <summary>IID_NO_TEXT: SIZE_MAX (the module runs in 64-bit processes only).</summary>
    public bool IsNone => Offset.ToUInt64() == ulong.MaxValue;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidSpan
{
    public UIntPtr Start;
    public UIntPtr Len;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidNote
{
    public UIntPtr Item;
    public uint Severity;
    public IidText Code;
    public IidText Message;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidAnswer
{
    public char* Text;
    public UIntPtr TextLen;
    public IidNote* Notes;
    public UIntPtr NotesLen;
    public IidText* Lists;
    public UIntPtr ListsLen;
    public ulong* Numbers;
    public UIntPtr NumbersLen;
    public IntPtr Owner;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidConverted
{
    public fixed byte ImmutableId[24];
    public fixed byte Guid[16];
    public uint Field;
    public uint Ok;
    public IidText Anchor;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidForms
{
    public IidText ImmutableId;
    public IidText Hex;
    public IidText LdapFilter;
    public IidText DistinguishedName;
    public fixed byte Guid[16];
    public uint HasGuid;
    public uint Field;
    public UIntPtr ByteCount;
    public uint Ok;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidCloudAnchor
{
    public IidText Name;
    public IidText ObjectType;
    public IidText CloudAnchor;
    public IidText DistinguishedName;
    public fixed byte ObjectId[16];
    public uint Ok;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidField
{
    public IidText Name;
    public uint Role;
    public uint Passed;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidCsvRequest
{
    public char* Path;
    public UIntPtr PathLen;
    public char* Column;
    public UIntPtr ColumnLen;
    public char* ExpectedColumn;
    public UIntPtr ExpectedColumnLen;
    public ushort Delimiter;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidSummary
{
    public const int ReasonSlots = 64;
    public ulong Total;
    public ulong Valid;
    public ulong Warning;
    public ulong Invalid;
    public ulong NoAnchor;
    public ulong NotChecked;
    public fixed ulong Reasons[ReasonSlots];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidTestRecord
{
    public const uint HasGuid = 1;
    public const uint HasExpectedGuid = 2;
    public ulong Index;
    public ulong Line;
    public uint Status;
    public uint Flags;
    public ulong Reasons;
    public fixed byte Guid[16];
    public fixed byte ExpectedGuid[16];
    public IidText Value;
    public IidText Property;
    public IidText ExpectedProperty;
    public IidText Suggestion;
    public IidText File;
    public IidText ErrorCode;
    public IidSpan Messages;
    public IidSpan Duplicates;
    public ulong DuplicateCount;
    public IidSpan ColumnNames;
    public IidSpan ColumnValues;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidReconcileCounts
{
    public UIntPtr Results;
    public UIntPtr Pairs;
    public UIntPtr MappingErrors;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidAccountResult
{
    public uint Side;
    public uint Status;
    public UIntPtr Index;
    public IidText Label;
    public IidText Anchor;
    public IidText AnchorSource;
    public IidText Counterpart;
    public IidSpan Findings;
    public IidSpan Messages;
    public IidSpan NotChecked;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IidPlanOptions
{
    public char* OutOfScopeOu;
    public UIntPtr OutOfScopeOuLen;
    public uint SyncEngine;
    public uint FreeAnchor;
    public char* Server;
    public UIntPtr ServerLen;
    public uint Route;
    public char* Pairs;
    public UIntPtr PairsLen;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidPlanStep
{
    public uint Order;
    public uint Reversible;
    public IidText Account;
    public IidText Action;
    public IidText Command;
    public IidText Reason;
    public IidText Warning;
    public IidText Alternative;
    public IidText Unsettled;
}
