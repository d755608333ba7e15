using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;

namespace ImmutableId.Native;

/// <summary>
/// The typed facade over the Rust core: the one class that calls it. Cmdlets pass managed
/// values and get managed values back; buffers, pinning, statuses and answer lifetimes
/// stay here. The library is loaded on first use (<see cref="EnsureLoaded"/>), by absolute
/// path (<see cref="NativeLibraryLoader"/>), and its exports are called through function
/// pointers, so nothing is ever looked up by library name.
/// </summary>
internal static unsafe class CoreLibrary
{
    /// <summary>The exports, found once by name.</summary>
    private sealed class Exports
    {
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, void> AnswerFree;
        public readonly delegate* unmanaged[Cdecl]<IidAnswer*, IidStatus> PanicMessage;
        public readonly delegate* unmanaged[Cdecl]<IidInput*, uint, IidConverted*, UIntPtr, IidAnswer*, IidStatus> ToImmutableId;
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
        public readonly delegate* unmanaged[Cdecl]<uint, IntPtr*, IidStatus> ValidatorNew;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidInput*, IidAnswer*, IidStatus> ValidatorAdd;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidCsvRequest*, int*, IidAnswer*, IidStatus> ValidatorAddCsv;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, int*, IidSummary*, IidStatus> ValidatorFinish;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, IidTestRecord*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus> ValidatorNext;
        public readonly delegate* unmanaged[Cdecl]<IntPtr, void> ValidatorFree;
        public readonly delegate* unmanaged[Cdecl]<IntPtr*, IidStatus> ReconcilerNew;
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
            ToImmutableId = (delegate* unmanaged[Cdecl]<IidInput*, uint, IidConverted*, UIntPtr, IidAnswer*, IidStatus>)find("iid_to_immutable_id");
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
            ValidatorNew = (delegate* unmanaged[Cdecl]<uint, IntPtr*, IidStatus>)find("iid_validator_new");
            ValidatorAdd = (delegate* unmanaged[Cdecl]<IntPtr, IidInput*, IidAnswer*, IidStatus>)find("iid_validator_add");
            ValidatorAddCsv = (delegate* unmanaged[Cdecl]<IntPtr, IidCsvRequest*, int*, IidAnswer*, IidStatus>)find("iid_validator_add_csv");
            ValidatorFinish = (delegate* unmanaged[Cdecl]<IntPtr, int*, IidSummary*, IidStatus>)find("iid_validator_finish");
            ValidatorNext = (delegate* unmanaged[Cdecl]<IntPtr, IidTestRecord*, UIntPtr, UIntPtr*, IidAnswer*, IidStatus>)find("iid_validator_next");
            ValidatorFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)find("iid_validator_free");
            ReconcilerNew = (delegate* unmanaged[Cdecl]<IntPtr*, IidStatus>)find("iid_reconciler_new");
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

    /// <summary>The object types ConvertTo-CloudAnchor offers.</summary>
    internal static string[] CloudObjectTypes()
    {
        IidAnswer answer = default;
        try
        {
            Check(Lib.CloudObjectTypes(&answer));
            return new AnswerReader(&answer).AllLists();
        }
        finally
        {
            Free(&answer);
        }
    }

    /// <summary>An object type in its own spelling, or the core's error about it.</summary>
    internal static (string? Type, ItemNote? Error) CheckCloudObjectType(string name)
    {
        IidAnswer answer = default;
        try
        {
            fixed (char* n = name)
            {
                Check(Lib.CloudObjectType(n, (UIntPtr)name.Length, &answer));
            }
            var reader = new AnswerReader(&answer);
            var notes = new List<ItemNote>();
            reader.AddNotes(notes);
            return notes.Count > 0 ? (null, notes[0]) : (reader.AllLists()[0], null);
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

    /// <summary>ConvertTo-ImmutableId on every record of <paramref name="batch"/>, into
    /// <paramref name="results"/>; the GUID and the field of each only when <paramref name="details"/>.</summary>
    internal static void ToImmutableId(RecordBatch batch, uint format, List<ItemNote> notes, ConvertedBatch results, bool details)
    {
        int count = batch.Records;
        results.Reserve(Math.Max(1, count));
        results.Count = count;
        IidAnswer answer = default;
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            fixed (IidConverted* outPtr = results.Slots)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.ToImmutableId(&input, format, outPtr, (UIntPtr)count, &answer));
                if (answer.NotesLen != UIntPtr.Zero)
                {
                    new AnswerReader(&answer).AddNotes(notes);
                }
                ConvertedItem[] items = results.Items;
                for (int i = 0; i < count; i++)
                {
                    IidConverted* c = &outPtr[i];
                    if (c->Ok == 0)
                    {
                        items[i] = default;
                        continue;
                    }
                    items[i].Ok = true;
                    items[i].ImmutableId = Ascii(c->ImmutableId, 24);
                    if (details)
                    {
                        items[i].Guid = GuidOf(c->Guid);
                        items[i].Field = (int)c->Field;
                    }
                }
            }
        }
        finally
        {
            Free(&answer);
        }
    }

    /// <summary>ConvertTo-ImmutableId for GUIDs held as bytes: the ImmutableIds of the
    /// <paramref name="batch"/>'s GUIDs, into its <see cref="GuidBatch.ImmutableIds"/>. The core
    /// gives no notes here: it does not warn about the all-zero GUID as
    /// <see cref="ToImmutableId"/> does.</summary>
    internal static void GuidsToImmutableIds(GuidBatch batch)
    {
        int count = batch.Count;
        fixed (byte* guids = batch.Guids)
        fixed (byte* output = batch.Output)
        {
            Check(Lib.GuidsToImmutableIds(guids, (UIntPtr)count, output, (UIntPtr)(count * 24)));
            string[] ids = batch.ImmutableIds;
            for (int i = 0; i < count; i++)
            {
                ids[i] = Ascii(output + i * 24, 24);
            }
        }
    }

    /// <summary>A string of <paramref name="length"/> ASCII bytes, each widened to its
    /// character (the runtime's ASCII decoding widens many at once; faster here than a loop
    /// or the UTF-8 decoder).</summary>
    private static string Ascii(byte* bytes, int length) => Encoding.ASCII.GetString(bytes, length);

    /// <summary>Characters (bytes for Bytes) per value in output form <paramref name="form"/>.</summary>
    internal static int OutputWidth(uint form) => checked((int)Lib.OutputWidth(form).ToUInt64());

    /// <summary>ConvertFrom-ImmutableId: each record's GUID in <paramref name="form"/>, <paramref name="width"/> bytes each.</summary>
    internal static byte[] FromImmutableId(RecordBatch batch, uint form, int width, List<ItemNote> notes)
    {
        var output = new byte[Math.Max(1, batch.Records * width)];
        IidAnswer answer = default;
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            fixed (byte* outPtr = output)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.FromImmutableId(&input, form, outPtr, (UIntPtr)(batch.Records * width), &answer));
                new AnswerReader(&answer).AddNotes(notes);
            }
        }
        finally
        {
            Free(&answer);
        }
        return output;
    }

    /// <summary>ConvertFrom-ImmutableId -Detailed.</summary>
    internal static DescribedItem[] Describe(RecordBatch batch, List<ItemNote> notes)
    {
        var output = new IidForms[Math.Max(1, batch.Records)];
        var items = new DescribedItem[batch.Records];
        IidAnswer answer = default;
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            fixed (IidForms* outPtr = output)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.Describe(&input, outPtr, (UIntPtr)batch.Records, &answer));
                var reader = new AnswerReader(&answer);
                reader.AddNotes(notes);
                for (int i = 0; i < items.Length; i++)
                {
                    IidForms* f = &outPtr[i];
                    if (f->Ok == 0)
                    {
                        continue;
                    }
                    items[i] = new DescribedItem
                    {
                        Ok = true,
                        ImmutableId = reader.Text(f->ImmutableId) ?? "",
                        Hex = reader.Text(f->Hex) ?? "",
                        LdapFilter = reader.Text(f->LdapFilter) ?? "",
                        DistinguishedName = reader.Text(f->DistinguishedName) ?? "",
                        Guid = f->HasGuid != 0 ? GuidOf(f->Guid) : null,
                        ByteCount = checked((int)f->ByteCount.ToUInt64()),
                        Field = (int)f->Field,
                    };
                }
            }
        }
        finally
        {
            Free(&answer);
        }
        return items;
    }

    /// <summary>ConvertFrom-CloudAnchor, or ConvertTo-CloudAnchor when <paramref name="objectType"/> is given.</summary>
    internal static CloudAnchorItem[] CloudAnchor(RecordBatch batch, string? objectType, List<ItemNote> notes)
    {
        var output = new IidCloudAnchor[Math.Max(1, batch.Records)];
        var items = new CloudAnchorItem[batch.Records];
        IidAnswer answer = default;
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            fixed (IidCloudAnchor* outPtr = output)
            fixed (char* type = objectType)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(objectType is null
                    ? Lib.CloudAnchorDecode(&input, outPtr, (UIntPtr)batch.Records, &answer)
                    : Lib.CloudAnchorEncode(&input, type, (UIntPtr)objectType.Length, outPtr, (UIntPtr)batch.Records, &answer));
                var reader = new AnswerReader(&answer);
                reader.AddNotes(notes);
                for (int i = 0; i < items.Length; i++)
                {
                    IidCloudAnchor* c = &outPtr[i];
                    if (c->Ok != 0)
                    {
                        items[i] = new CloudAnchorItem
                        {
                            Ok = true,
                            Name = reader.Text(c->Name) ?? "",
                            ObjectType = reader.Text(c->ObjectType) ?? "",
                            CloudAnchor = reader.Text(c->CloudAnchor) ?? "",
                            DistinguishedName = reader.Text(c->DistinguishedName) ?? "",
                            ObjectId = GuidOf(c->ObjectId),
                        };
                    }
                }
            }
        }
        finally
        {
            Free(&answer);
        }
        return items;
    }

    /// <summary>A new validator.</summary>
    internal static ValidatorHandle NewValidator(IidValidatorMode mode)
    {
        IntPtr handle = IntPtr.Zero;
        Check(Lib.ValidatorNew((uint)mode, &handle));
        return new ValidatorHandle(handle);
    }

    internal static void FreeValidator(IntPtr handle) => Lib.ValidatorFree(handle);

    /// <summary>Adds the records of <paramref name="batch"/> (Test schema); <paramref name="notes"/>
    /// receives an error for each record that cannot be checked at all.</summary>
    internal static void ValidatorAdd(ValidatorHandle validator, RecordBatch batch, List<ItemNote> notes)
    {
        IidAnswer answer = default;
        IntPtr handle = validator.Acquire();
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.ValidatorAdd(handle, &input, &answer));
                new AnswerReader(&answer).AddNotes(notes);
            }
        }
        finally
        {
            Free(&answer);
            validator.Release();
        }
    }

    /// <summary>Reads a CSV file into the validator; returns its file-level error, if any.</summary>
    internal static FileError? ValidatorAddCsv(ValidatorHandle validator, string path, string? column, string? expectedColumn, char delimiter, InterruptFlag interrupt)
    {
        IidAnswer answer = default;
        IntPtr handle = validator.Acquire();
        try
        {
            fixed (char* p = path)
            fixed (char* c = column)
            fixed (char* e = expectedColumn)
            {
                var request = new IidCsvRequest
                {
                    Path = p,
                    PathLen = (UIntPtr)path.Length,
                    Column = c,
                    ColumnLen = (UIntPtr)(column?.Length ?? 0),
                    ExpectedColumn = e,
                    ExpectedColumnLen = (UIntPtr)(expectedColumn?.Length ?? 0),
                    Delimiter = delimiter,
                };
                Check(Lib.ValidatorAddCsv(handle, &request, interrupt.Pointer, &answer));
            }
            var notes = new List<ItemNote>();
            new AnswerReader(&answer).AddNotes(notes);
            return notes.Count > 0 ? new FileError(notes[0].Code, notes[0].Message) : null;
        }
        finally
        {
            Free(&answer);
            validator.Release();
        }
    }

    /// <summary>Ends the batch: the counts (summary mode) or the number of results to read.</summary>
    internal static SummaryCounts ValidatorFinish(ValidatorHandle validator, InterruptFlag interrupt)
    {
        IidSummary summary = default;
        try
        {
            Check(Lib.ValidatorFinish(validator.Acquire(), interrupt.Pointer, &summary));
        }
        finally
        {
            validator.Release();
        }
        var counts = new SummaryCounts
        {
            Total = (long)summary.Total,
            Valid = (long)summary.Valid,
            Warning = (long)summary.Warning,
            Invalid = (long)summary.Invalid,
            NoAnchor = (long)summary.NoAnchor,
            NotChecked = (long)summary.NotChecked,
        };
        for (int i = 0; i < IidSummary.ReasonSlots; i++)
        {
            counts.Reasons[i] = (long)summary.Reasons[i];
        }
        return counts;
    }

    /// <summary>Reads the next results into <paramref name="page"/>, as many as it holds; returns how many (0 when all were read).</summary>
    internal static int ValidatorNext(ValidatorHandle validator, TestRecordPage page)
    {
        UIntPtr written = UIntPtr.Zero;
        IidAnswer answer = default;
        IntPtr handle = validator.Acquire();
        try
        {
            fixed (IidTestRecord* outPtr = page.Slots)
            {
                Check(Lib.ValidatorNext(handle, outPtr, (UIntPtr)page.Slots.Length, &written, &answer));
                page.Count = checked((int)written.ToUInt64());
                ReadPage(new AnswerReader(&answer), outPtr, page);
                return page.Count;
            }
        }
        finally
        {
            Free(&answer);
            validator.Release();
        }
    }

    /// <summary>A new reconciler (Compare-ImmutableId, New-HardMatchPlan).</summary>
    internal static ReconcilerHandle NewReconciler()
    {
        IntPtr handle = IntPtr.Zero;
        Check(Lib.ReconcilerNew(&handle));
        return new ReconcilerHandle(handle);
    }

    internal static void FreeReconciler(IntPtr handle) => Lib.ReconcilerFree(handle);

    /// <summary>Adds records of one input (<paramref name="schema"/>); <paramref name="notes"/>
    /// receives an error for each record that cannot be used.</summary>
    internal static void ReconcilerAdd(ReconcilerHandle reconciler, IidSchema schema, RecordBatch batch, List<ItemNote> notes)
    {
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            fixed (char* text = batch.Text)
            fixed (byte* bytes = batch.Bytes)
            fixed (IidValue* values = batch.Values)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.ReconcilerAdd(handle, (uint)schema, &input, &answer));
                new AnswerReader(&answer).AddNotes(notes);
            }
        }
        finally
        {
            Free(&answer);
            reconciler.Release();
        }
    }

    /// <summary>Reads a CSV file of accounts or mapping rows into the reconciler. Returns the
    /// file's error (nothing of it kept), or null; <paramref name="rowErrors"/> gets one note
    /// per record that cannot be used, its Item the record's line.</summary>
    internal static FileError? ReconcilerAddCsv(ReconcilerHandle reconciler, IidSchema schema, string path, char delimiter, InterruptFlag interrupt, List<ItemNote> rowErrors)
    {
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            fixed (char* p = path)
            {
                var request = new IidCsvRequest { Path = p, PathLen = (UIntPtr)path.Length, Delimiter = delimiter };
                Check(Lib.ReconcilerAddCsv(handle, (uint)schema, &request, interrupt.Pointer, &answer));
            }
            var notes = new List<ItemNote>();
            new AnswerReader(&answer).AddNotes(notes);
            // Lines start at 1: a note on item 0 is about the file as a whole.
            foreach (ItemNote note in notes)
            {
                if (note.Item == 0)
                {
                    return new FileError(note.Code, note.Message);
                }
            }
            rowErrors.AddRange(notes);
            return null;
        }
        finally
        {
            Free(&answer);
            reconciler.Release();
        }
    }

    /// <summary>Joins everything added; returns the number of results, and the mapping errors.</summary>
    internal static int ReconcilerFinish(ReconcilerHandle reconciler, InterruptFlag interrupt, List<ItemNote> mappingErrors)
    {
        IidReconcileCounts counts = default;
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            Check(Lib.ReconcilerFinish(handle, interrupt.Pointer, &counts));
            Check(Lib.ReconcilerMappingErrors(handle, &answer));
            new AnswerReader(&answer).AddNotes(mappingErrors);
            return checked((int)counts.Results.ToUInt64());
        }
        finally
        {
            Free(&answer);
            reconciler.Release();
        }
    }

    /// <summary>The next account results, at most <paramref name="max"/>; none when all were read.</summary>
    internal static List<AccountResultData> ReconcilerNext(ReconcilerHandle reconciler, int max)
    {
        var output = new IidAccountResult[max];
        UIntPtr written = UIntPtr.Zero;
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            fixed (IidAccountResult* outPtr = output)
            {
                Check(Lib.ReconcilerNext(handle, outPtr, (UIntPtr)max, &written, &answer));
                var reader = new AnswerReader(&answer);
                var results = new List<AccountResultData>((int)written.ToUInt64());
                for (int i = 0; i < (int)written.ToUInt64(); i++)
                {
                    IidAccountResult* r = &outPtr[i];
                    results.Add(new AccountResultData
                    {
                        Side = (IidSide)r->Side,
                        Status = (int)r->Status,
                        Index = checked((int)r->Index.ToUInt64()),
                        Label = reader.Text(r->Label) ?? "",
                        Anchor = reader.Text(r->Anchor),
                        AnchorSource = reader.Text(r->AnchorSource),
                        Counterpart = reader.Text(r->Counterpart),
                        Findings = reader.List(r->Findings),
                        Messages = reader.List(r->Messages),
                        NotChecked = reader.List(r->NotChecked),
                    });
                }
                return results;
            }
        }
        finally
        {
            Free(&answer);
            reconciler.Release();
        }
    }

    /// <summary>Makes the plan and reads every step.</summary>
    internal static List<PlanStepData> ReconcilerPlan(ReconcilerHandle reconciler, string? outOfScopeOu, uint syncEngine, uint freeAnchor)
    {
        IntPtr handle = reconciler.Acquire();
        try
        {
            UIntPtr count = UIntPtr.Zero;
            fixed (char* ou = outOfScopeOu)
            {
                var options = new IidPlanOptions { OutOfScopeOu = ou, OutOfScopeOuLen = (UIntPtr)(outOfScopeOu?.Length ?? 0), SyncEngine = syncEngine, FreeAnchor = freeAnchor };
                Check(Lib.ReconcilerPlan(handle, &options, &count));
            }
            var steps = new List<PlanStepData>();
            var output = new IidPlanStep[256];
            while (true)
            {
                UIntPtr written = UIntPtr.Zero;
                IidAnswer answer = default;
                try
                {
                    fixed (IidPlanStep* outPtr = output)
                    {
                        Check(Lib.ReconcilerSteps(handle, outPtr, (UIntPtr)output.Length, &written, &answer));
                        var reader = new AnswerReader(&answer);
                        for (int i = 0; i < (int)written.ToUInt64(); i++)
                        {
                            IidPlanStep* s = &outPtr[i];
                            steps.Add(new PlanStepData
                            {
                                Order = (int)s->Order,
                                Reversible = s->Reversible != 0,
                                Account = reader.Text(s->Account) ?? "",
                                Action = reader.Text(s->Action) ?? "",
                                Command = reader.Text(s->Command),
                                Reason = reader.Text(s->Reason) ?? "",
                                Warning = reader.Text(s->Warning),
                                Alternative = reader.Text(s->Alternative),
                                Unsettled = reader.Text(s->Unsettled),
                            });
                        }
                    }
                }
                finally
                {
                    Free(&answer);
                }
                if (written == UIntPtr.Zero)
                {
                    return steps;
                }
            }
        }
        finally
        {
            reconciler.Release();
        }
    }

    /// <summary>The plan made last, as a commented script.</summary>
    internal static string ReconcilerScript(ReconcilerHandle reconciler, string moduleVersion)
    {
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            fixed (char* v = moduleVersion)
            {
                Check(Lib.ReconcilerScript(handle, v, (UIntPtr)moduleVersion.Length, &answer));
            }
            return new AnswerReader(&answer).AllLists()[0];
        }
        finally
        {
            Free(&answer);
            reconciler.Release();
        }
    }

    private static void ReadPage(AnswerReader answer, IidTestRecord* records, TestRecordPage page)
    {
        // Where a header lies is only known within one answer.
        page.ColumnNames = null;
        for (int i = 0; i < page.Count; i++)
        {
            IidTestRecord* r = &records[i];
            TestRecordData data = page.Records[i] ??= new TestRecordData();
            data.Index = (long)r->Index;
            data.Line = r->Line == 0 ? null : (long)r->Line;
            data.File = answer.Text(r->File, ref page.File);
            data.Status = (int)r->Status;
            if (page.SkipValid && r->Status == (uint)ImmutableId.Model.ImmutableIdStatus.Valid)
            {
                // Only its place is wanted: the rest is never read.
                data.ErrorCode = null;
                continue;
            }
            data.Reasons = r->Reasons;
            data.Value = answer.Text(r->Value) ?? "";
            data.Property = answer.Text(r->Property, ref page.Property);
            data.Guid = (r->Flags & IidTestRecord.HasGuid) != 0 ? GuidOf(r->Guid) : null;
            data.ExpectedGuid = (r->Flags & IidTestRecord.HasExpectedGuid) != 0 ? GuidOf(r->ExpectedGuid) : null;
            data.ExpectedProperty = answer.Text(r->ExpectedProperty, ref page.ExpectedProperty);
            data.Suggestion = answer.Text(r->Suggestion);
            data.ErrorCode = answer.Text(r->ErrorCode, ref page.ErrorCode);
            data.Messages = answer.List(r->Messages);
            data.Duplicates = answer.Numbers(r->Duplicates);
            data.DuplicateCount = (long)r->DuplicateCount;
            data.ColumnNames = null;
            data.ColumnValues = null;
            if (r->ColumnNames.Len != UIntPtr.Zero)
            {
                // Records of one file share their names: read them once per page.
                if (page.ColumnNames is null || r->ColumnNames.Start != page.ColumnNamesStart)
                {
                    page.ColumnNames = answer.List(r->ColumnNames);
                    page.ColumnNamesStart = r->ColumnNames.Start;
                }
                data.ColumnNames = page.ColumnNames;
                data.ColumnValues = answer.List(r->ColumnValues);
            }
        }
    }
}

/// <summary>A native handle: freed once, when disposed or finalized; kept alive while a call uses it.</summary>
internal abstract class CoreHandle : SafeHandle
{
    protected CoreHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The pointer, for one call; the handle cannot be released until <see cref="Release"/>.</summary>
    internal IntPtr Acquire()
    {
        bool added = false;
        DangerousAddRef(ref added);
        return handle;
    }

    internal void Release() => DangerousRelease();
}

/// <summary>A native validator (Test-ImmutableId).</summary>
internal sealed class ValidatorHandle : CoreHandle
{
    public ValidatorHandle(IntPtr handle) : base(handle)
    {
    }

    protected override bool ReleaseHandle()
    {
        CoreLibrary.FreeValidator(handle);
        return true;
    }
}

/// <summary>A native reconciler (Compare-ImmutableId, New-HardMatchPlan).</summary>
internal sealed class ReconcilerHandle : CoreHandle
{
    public ReconcilerHandle(IntPtr handle) : base(handle)
    {
    }

    protected override bool ReleaseHandle()
    {
        CoreLibrary.FreeReconciler(handle);
        return true;
    }
}
