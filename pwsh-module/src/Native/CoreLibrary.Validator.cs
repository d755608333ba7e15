using System;
using System.Collections.Generic;

namespace ImmutableId.Native;

/// <summary>Test-ImmutableId's validator: records and files in, results or a summary out
/// (rust-core/abi/src/validator.rs).</summary>
internal static unsafe partial class CoreLibrary
{
    /// <summary>A new validator for a tenant anchored on <paramref name="sourceAnchor"/> (-SourceAnchor; null for the default).</summary>
    internal static ValidatorHandle NewValidator(IidValidatorMode mode, string? sourceAnchor)
    {
        IntPtr handle = IntPtr.Zero;
        fixed (char* anchor = sourceAnchor)
        {
            Check(Lib.ValidatorNew((uint)mode, anchor, (UIntPtr)(sourceAnchor?.Length ?? 0), &handle));
        }
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
