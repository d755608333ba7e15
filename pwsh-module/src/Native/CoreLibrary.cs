using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

/// <summary>
/// The typed facade over the Rust core: the one class that calls it. Cmdlets pass managed
/// values and get managed values back; buffers, pinning, statuses and answer lifetimes
/// stay here. The library is loaded on first use (<see cref="EnsureLoaded"/>), by absolute
/// path (<see cref="NativeLibraryLoader"/>), and its exports are called through function
/// pointers, so nothing is ever looked up by library name.
/// </summary>
internal static unsafe partial class CoreLibrary
{
    /// <summary>The exports, found once by name.</summary>
    private sealed class Exports
    {
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, void> AnswerFree;
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus> PanicMessage;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, uint, char*, UIntPtr, IidConverted*, UIntPtr, IidAnswer*, IidStatus> ToImmutableId;
        public readonly delegate* unmanaged[Cdecl]<byte*, UIntPtr, byte*, UIntPtr, IidStatus> GuidsToImmutableIds;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, uint, byte*, UIntPtr, IidAnswer*, IidStatus> FromImmutableId;
        public readonly delegate* unmanaged[Cdecl]<uint, UIntPtr> OutputWidth;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, IidForms*, UIntPtr, IidAnswer*, IidStatus> Describe;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, IidCloudAnchor*, UIntPtr, IidAnswer*, IidStatus> CloudAnchorDecode;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, char*, UIntPtr, IidCloudAnchor*, UIntPtr, IidAnswer*, IidStatus> CloudAnchorEncode;
        public readonly delegate* unmanaged[Cdecl]<char*, UIntPtr, IidAnswer*, IidStatus> CloudObjectType;
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus> CloudObjectTypes;
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus> ReasonNames;
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus> ErrorCodes;
        public readonly delegate* unmanaged[Cdecl]<IntPtr> Version;
        public readonly delegate* unmanaged[Cdecl]<uint, IidField*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus> Schema;
        public readonly delegate* unmanaged[Cdecl]<char*, UIntPtr, uint*, IidAnswer*, IidStatus> SourceAnchor;
        public readonly delegate* unmanaged[Cdecl]<uint, char*, UIntPtr, IntPtr*, IidStatus> ValidatorNew;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidInput*, IidAnswer*, IidStatus> ValidatorAdd;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidCsvRequest*, int*, IidAnswer*, IidStatus> ValidatorAddCsv;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IidSummary*, IidStatus> ValidatorFinish;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidTestRecord*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus> ValidatorNext;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ValidatorFree;
        public readonly delegate* unmanaged[Cdecl]<char*, UIntPtr, IntPtr*, IidStatus> ReconcilerNew;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, IidInput*, IidAnswer*, IidStatus> ReconcilerAdd;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, uint, IidCsvRequest*, int*, IidAnswer*, IidStatus> ReconcilerAddCsv;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IidReconcileCounts*, IidStatus> ReconcilerFinish;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidAnswer*, IidStatus> ReconcilerMappingErrors;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidAccountResult*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus> ReconcilerNext;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidPlanOptions*, UIntPtr*, IidStatus> ReconcilerPlan;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidPlanStep*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus> ReconcilerSteps;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, char*, UIntPtr, IidAnswer*, IidStatus> ReconcilerScript;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ReconcilerFree;

        public Exports(Func<string, IntPtr> find)
        {
            AnswerFree = (delegate* unmanaged[Cdecl]<IidAnswer*, void>)find("iid_answer_free");
            PanicMessage = (delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus>)find("iid_panic_message");
            ToImmutableId = (delegate* unmanaged[Cdecl]<IidInput*, uint, char*, UIntPtr, IidConverted*, UIntPtr, IidAnswer*, IidStatus>)find("iid_to_immutable_id");
            GuidsToImmutableIds = (delegate* unmanaged[Cdecl]<byte*, UIntPtr, byte*, UIntPtr, IidStatus>)find("iid_guids_to_immutable_ids");
            FromImmutableId = (delegate* unmanaged[Cdecl]<IidInput*, uint, byte*, UIntPtr, IidAnswer*, IidStatus>)find("iid_from_immutable_id");
            OutputWidth = (delegate* unmanaged[Cdecl]<uint, UIntPtr>)find("iid_output_width");
            Describe = (delegate* unmanaged[Cdecl]<IidInput*, IidForms*, UIntPtr, IidAnswer*, IidStatus>)find("iid_describe");
            CloudAnchorDecode = (delegate* unmanaged[Cdecl]<IidInput*, IidCloudAnchor*, UIntPtr, IidAnswer*, IidStatus>)find("iid_cloud_anchor_decode");
            CloudAnchorEncode = (delegate* unmanaged[Cdecl]<IidInput*, char*, UIntPtr, IidCloudAnchor*, UIntPtr, IidAnswer*, IidStatus>)find("iid_cloud_anchor_encode");
            CloudObjectType = (delegate* unmanaged[Cdecl]<char*, UIntPtr, IidAnswer*, IidStatus>)find("iid_cloud_object_type");
            CloudObjectTypes = (delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus>)find("iid_cloud_object_types");
            ReasonNames = (delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus>)find("iid_reason_names");
            ErrorCodes = (delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus>)find("iid_error_codes");
            Version = (delegate* unmanaged[Cdecl]<IntPtr>)find("iid_version");
            Schema = (delegate* unmanaged[Cdecl]<uint, IidField*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus>)find("iid_schema");
            SourceAnchor = (delegate* unmanaged[Cdecl]<char*, UIntPtr, uint*, IidAnswer*, IidStatus>)find("iid_source_anchor");
            ValidatorNew = (delegate* unmanaged[Cdecl]<uint, char*, UIntPtr, IntPtr*, IidStatus>)find("iid_validator_new");
            ValidatorAdd = (delegate* unmanaged[Cdecl]<IntPtr, IidInput*, IidAnswer*, IidStatus>)find("iid_validator_add");
            ValidatorAddCsv = (delegate* unmanaged[Cdecl]<IntPtr, IidCsvRequest*, int*, IidAnswer*, IidStatus>)find("iid_validator_add_csv");
            ValidatorFinish = (delegate* unmanaged[Cdecl]<IntPtr, int*, IidSummary*, IidStatus>)find("iid_validator_finish");
            ValidatorNext = (delegate* unmanaged[Cdecl]<IntPtr, IidTestRecord*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus>)find("iid_validator_next");
            ValidatorFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)find("iid_validator_free");
            ReconcilerNew = (delegate* unmanaged[Cdecl]<char*, UIntPtr, IntPtr*, IidStatus>)find("iid_reconciler_new");
            ReconcilerAdd = (delegate* unmanaged[Cdecl]<IntPtr, uint, IidInput*, IidAnswer*, IidStatus>)find("iid_reconciler_add");
            ReconcilerAddCsv = (delegate* unmanaged[Cdecl]<IntPtr, uint, IidCsvRequest*, int*, IidAnswer*, IidStatus>)find("iid_reconciler_add_csv");
            ReconcilerFinish = (delegate* unmanaged[Cdecl]<IntPtr, int*, IidReconcileCounts*, IidStatus>)find("iid_reconciler_finish");
            ReconcilerMappingErrors = (delegate* unmanaged[Cdecl]<IntPtr, IidAnswer*, IidStatus>)find("iid_reconciler_mapping_errors");
            ReconcilerNext = (delegate* unmanaged[Cdecl]<IntPtr, IidAccountResult*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus>)find("iid_reconciler_next");
            ReconcilerPlan = (delegate* unmanaged[Cdecl]<IntPtr, IidPlanOptions*, UIntPtr*, IidStatus>)find("iid_reconciler_plan");
            ReconcilerSteps = (delegate* unmanaged[Cdecl]<IntPtr, IidPlanStep*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus>)find("iid_reconciler_steps");
            ReconcilerScript = (delegate* unmanaged[Cdecl]<IntPtr, char*, UIntPtr, IidAnswer*, IidStatus>)find("iid_reconciler_script");
            ReconcilerFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)find("iid_reconciler_free");
        }
    }

    private static readonly object Gate = new();
    private static Exports? _exports;
    private static readonly Dictionary<IidSchema, SchemaInfo> Schemas = new();
    private static string[]? _reasonNames;
    private static bool[]? _reasonIsWarning;

    /// <summary>Where the library is (or should be).</summary>
    internal static string LibraryPath => NativeLibraryLoader.ExpectedPath;

    /// <summary>Loads the library now, so a missing file is reported before any input is read.</summary>
    internal static void EnsureLoaded() => _ = Lib;

    private static Exports Lib
    {
        get
        {
            if (_exports is not null)
            {
                return _exports;
            }
            lock (Gate)
            {
                if (_exports is null)
                {
                    var exports = new Exports(NativeLibraryLoader.Load());
                    string version = Marshal.PtrToStringAnsi(exports.Version()) ?? "";
                    string expected = typeof(CoreLibrary).Assembly.GetName().Version?.ToString(3) ?? "";
                    if (version != expected)
                    {
                        throw new NativeLibraryException(
                            $"The ImmutableId native library at '{LibraryPath}' is version {version}, but the module is {expected}: they come from different builds. Reinstall the module.", LibraryPath);
                    }
                    _exports = exports;
                }
                return _exports;
            }
        }
    }

    /// <summary>Turns a status into an exception; OK passes.</summary>
    private static void Check(IidStatus status)
    {
        switch (status)
        {
            case IidStatus.Ok:
                return;
            case IidStatus.Interrupted:
                throw new PipelineStoppedException();
            case IidStatus.Panic:
                IidAnswer answer = default;
                string message = "";
                if (Lib.PanicMessage(&answer) == IidStatus.Ok && answer.NotesLen != UIntPtr.Zero)
                {
                    message = new AnswerReader(&answer).Text(answer.Notes[0].Message) ?? "";
                }
                Lib.AnswerFree(&answer);
                throw new InvalidOperationException($"The ImmutableId core failed; this is a bug, please report it: {message}");
            default:
                throw new InvalidOperationException($"The ImmutableId core refused a call ({status}); this is a bug in the module, please report it.");
        }
    }

    /// <summary>Frees an answer the core filled (an empty one too).</summary>
    private static void Free(IidAnswer* answer) => Lib.AnswerFree(answer);

    /// <summary>The fields of <paramref name="schema"/>, asked once.</summary>
    internal static SchemaInfo Schema(IidSchema schema)
    {
        lock (Gate)
        {
            if (Schemas.TryGetValue(schema, out var known))
            {
                return known;
            }
        }
        var fields = new IidField[64];
        UIntPtr count = UIntPtr.Zero;
        IidAnswer answer = default;
        var list = new List<SchemaField>();
        try
        {
            fixed (IidField* f = fields)
            {
                Check(Lib.Schema((uint)schema, f, (UIntPtr)fields.Length, &count, &answer));
            }
            var reader = new AnswerReader(&answer);
            for (int i = 0; i < (int)count.ToUInt64(); i++)
            {
                int passed = fields[i].Passed == uint.MaxValue ? -1 : (int)fields[i].Passed;
                list.Add(new SchemaField(reader.Text(fields[i].Name) ?? "", (IidRole)fields[i].Role, passed));
            }
        }
        finally
        {
            Free(&answer);
        }
        var info = new SchemaInfo(list);
        lock (Gate)
        {
            Schemas[schema] = info;
        }
        return info;
    }

    /// <summary>
    /// Reads a -SourceAnchor as the core does: the attribute to read off records (null for
    /// ConsistencyGuid and ObjectGUID, which the core reads from the schema's own fields), or
    /// the error saying why it is none of these.
    /// </summary>
    internal static (IidSourceAnchorKind Kind, string? Attribute, ItemNote? Error) CheckSourceAnchor(string name)
    {
        IidAnswer answer = default;
        uint kind = 0;
        try
        {
            fixed (char* n = name)
            {
                Check(Lib.SourceAnchor(n, (UIntPtr)name.Length, &kind, &answer));
            }
            var reader = new AnswerReader(&answer);
            var notes = new List<ItemNote>();
            reader.AddNotes(notes);
            if (notes.Count > 0)
            {
                return (IidSourceAnchorKind.ConsistencyGuid, null, notes[0]);
            }
            var choice = (IidSourceAnchorKind)kind;
            return (choice, choice == IidSourceAnchorKind.Attribute ? reader.AllLists()[0] : null, null);
        }
        finally
        {
            Free(&answer);
        }
    }

    /// <summary>Every reason code, by number.</summary>
    internal static string[] ReasonNames
    {
        get
        {
            if (_reasonNames is null)
            {
                IidAnswer answer = default;
                try
                {
                    Check(Lib.ReasonNames(&answer));
                    var reader = new AnswerReader(&answer);
                    var names = reader.AllLists();
                    var severities = reader.Numbers(new IidSpan { Start = UIntPtr.Zero, Len = (UIntPtr)names.Length });
                    _reasonIsWarning = Array.ConvertAll(severities, s => s == (long)IidSeverity.Warning);
                    _reasonNames = names;
                }
                finally
                {
                    Free(&answer);
                }
            }
            return _reasonNames;
        }
    }

    internal static bool ReasonIsWarning(int reason)
    {
        _ = ReasonNames;
        return _reasonIsWarning![reason];
    }

    /// <summary>Every ErrorId the core can give.</summary>
    internal static string[] ErrorCodes()
    {
        IidAnswer answer = default;
        try
        {
            Check(Lib.ErrorCodes(&answer));
            return new AnswerReader(&answer).AllLists();
        }
        finally
        {
            Free(&answer);
        }
    }

    private static IidInput InputOf(RecordBatch batch, char* text, byte* bytes, IidValue* values) => new()
    {
        Text = text,
        TextLen = (UIntPtr)batch.TextLength,
        Bytes = bytes,
        BytesLen = (UIntPtr)batch.BytesLength,
        Values = values,
        ValuesLen = (UIntPtr)batch.ValueCount,
    };

    /// <summary>A GUID from its 16 stored bytes (Guid.ToByteArray() order), as new Guid(byte[]) reads them.</summary>
    private static Guid GuidOf(byte* b) => new(
        b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24),
        (short)(b[4] | (b[5] << 8)),
        (short)(b[6] | (b[7] << 8)),
        b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}
