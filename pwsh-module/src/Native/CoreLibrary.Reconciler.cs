using System;
using System.Collections.Generic;

namespace ImmutableId.Native;

/// <summary>Compare-ImmutableId's and New-HardMatchPlan's reconciler: accounts in, results, plan
/// steps and the script out (rust-core/abi/src/reconcile.rs).</summary>
internal static unsafe partial class CoreLibrary
{
    /// <summary>A new reconciler (Compare-ImmutableId, New-HardMatchPlan) for a tenant anchored on
    /// <paramref name="sourceAnchor"/> (-SourceAnchor; null for the default).</summary>
    internal static ReconcilerHandle NewReconciler(string? sourceAnchor)
    {
        IntPtr handle = IntPtr.Zero;
        fixed (char* anchor = sourceAnchor)
        {
            Check(Lib.ReconcilerNew(anchor, (UIntPtr)(sourceAnchor?.Length ?? 0), &handle));
        }
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

    /// <summary>Joins everything added; returns the number of results, and the mapping errors with,
    /// for each, the file and line of its row (empty for a record given).</summary>
    internal static int ReconcilerFinish(ReconcilerHandle reconciler, InterruptFlag interrupt, List<ItemNote> mappingErrors, List<string> mappingTargets)
    {
        IidReconcileCounts counts = default;
        IidAnswer answer = default;
        IntPtr handle = reconciler.Acquire();
        try
        {
            Check(Lib.ReconcilerFinish(handle, interrupt.Pointer, &counts));
            Check(Lib.ReconcilerMappingErrors(handle, &answer));
            var reader = new AnswerReader(&answer);
            reader.AddNotes(mappingErrors);
            mappingTargets.AddRange(reader.AllLists());
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

    /// <summary>Makes the plan; returns its number of steps (read them with <see cref="ReconcilerSteps"/>, or write the script).
    /// <paramref name="pairs"/>: the names of the pairs to plan, one a line (none: every pair).</summary>
    internal static int ReconcilerPlan(ReconcilerHandle reconciler, string? outOfScopeOu, uint syncEngine, uint freeAnchor, string? server, uint route, string? pairs)
    {
        IntPtr handle = reconciler.Acquire();
        try
        {
            UIntPtr count = UIntPtr.Zero;
            fixed (char* ou = outOfScopeOu)
            fixed (char* dc = server)
            fixed (char* names = pairs)
            {
                var options = new IidPlanOptions
                {
                    OutOfScopeOu = ou,
                    OutOfScopeOuLen = (UIntPtr)(outOfScopeOu?.Length ?? 0),
                    SyncEngine = syncEngine,
                    FreeAnchor = freeAnchor,
                    Server = dc,
                    ServerLen = (UIntPtr)(server?.Length ?? 0),
                    Route = route,
                    Pairs = names,
                    PairsLen = (UIntPtr)(pairs?.Length ?? 0),
                };
                Check(Lib.ReconcilerPlan(handle, &options, &count));
            }
            return checked((int)count.ToUInt64());
        }
        finally
        {
            reconciler.Release();
        }
    }

    /// <summary>Every step of the plan made last.</summary>
    internal static List<PlanStepData> ReconcilerSteps(ReconcilerHandle reconciler)
    {
        IntPtr handle = reconciler.Acquire();
        try
        {
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
}
