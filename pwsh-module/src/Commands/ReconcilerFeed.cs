using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>
/// Feeds the records of one input (-OnPremises, piped or not; -Cloud...) into the reconciler
/// a batch at a time. Properties are read on the pipeline thread (PowerShell objects belong to
/// it); the core takes each full batch on a worker thread while the next one is read, one
/// batch at a time and in order, and its errors are written on the pipeline thread when the
/// batch comes back, so they keep their order. Records piped one per ProcessRecord fill the
/// same batches as an array does: a core call per batch, not per record.
/// </summary>
internal sealed class ReconcilerFeed
{
    private readonly ReconcilerHandle _reconciler;
    private readonly IidSchema _schema;
    private readonly SchemaInfo _schemaInfo;
    private readonly Action<ItemNote, object?> _writeError;
    private PendingBatch _filling;
    private PendingBatch? _spare;
    private PendingBatch? _inCore;
    private Task? _adding;

    public ReconcilerFeed(ReconcilerHandle reconciler, IidSchema schema, SchemaInfo schemaInfo, Action<ItemNote, object?> writeError)
    {
        _reconciler = reconciler;
        _schema = schema;
        _schemaInfo = schemaInfo;
        _writeError = writeError;
        _filling = new PendingBatch(schemaInfo.PassedCount);
    }

    /// <summary>Reads one record; hands the batch to the core when it is full.</summary>
    public void Add(object? item)
    {
        RecordReader.Add(_filling.Records, _schemaInfo, item);
        _filling.Targets.Add(item);
        if (_filling.Records.IsFull)
        {
            Hand();
        }
    }

    /// <summary>Adds the last, partial batch on this thread (a worker pays only for full
    /// batches) and writes the errors of everything added.</summary>
    public void Finish()
    {
        Collect();
        CoreLibrary.ReconcilerAdd(_reconciler, _schema, _filling.Records, _filling.Notes);
        WriteNotes(_filling);
        _filling.Clear();
    }

    /// <summary>Stopped or failed midway: the core finishes the batch it holds before the
    /// reconciler can be freed.</summary>
    public void Abandon()
    {
        try
        {
            _adding?.Wait();
        }
        catch (AggregateException)
        {
        }
        _adding = null;
    }

    private void Hand()
    {
        Collect();
        PendingBatch batch = _filling;
        _adding = Task.Run(() => CoreLibrary.ReconcilerAdd(_reconciler, _schema, batch.Records, batch.Notes));
        _inCore = batch;
        _filling = _spare ?? new PendingBatch(_schemaInfo.PassedCount);
        _spare = null;
    }

    private void Collect()
    {
        if (_adding is null || _inCore is null)
        {
            return;
        }
        try
        {
            _adding.GetAwaiter().GetResult();
        }
        finally
        {
            _adding = null;
        }
        WriteNotes(_inCore);
        _inCore.Clear();
        _spare = _inCore;
        _inCore = null;
    }

    private void WriteNotes(PendingBatch batch)
    {
        foreach (ItemNote note in batch.Notes)
        {
            _writeError(note, batch.Targets[note.Item]);
        }
    }

    /// <summary>A batch of records with the inputs they came from and the core's notes on them.</summary>
    private sealed class PendingBatch
    {
        public PendingBatch(int fields) => Records = new RecordBatch(fields);

        public RecordBatch Records { get; }
        public List<object?> Targets { get; } = new();
        public List<ItemNote> Notes { get; } = new();

        public void Clear()
        {
            Records.Clear();
            Targets.Clear();
            Notes.Clear();
        }
    }
}
