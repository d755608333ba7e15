using System.Collections.Generic;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>What the two CloudAnchor cmdlets share: one call per input, written in order.</summary>
internal sealed class CloudAnchorConverter
{
    private readonly SchemaInfo _schema;
    private readonly RecordBatch _batch;
    private readonly string? _objectType;
    private readonly List<ItemNote> _notes = new();

    public CloudAnchorConverter(IidSchema schema, string? objectType)
    {
        _schema = CoreLibrary.Schema(schema);
        _batch = new RecordBatch(_schema.PassedCount);
        _objectType = objectType;
    }

    public void Convert(ImmutableIdCmdlet cmdlet, IEnumerable<object?> inputs, bool detailed)
    {
        var targets = new List<object?>();
        foreach (object? item in inputs)
        {
            RecordReader.Add(_batch, _schema, item);
            targets.Add(item);
            if (_batch.IsFull)
            {
                Flush(cmdlet, targets, detailed);
            }
        }
        Flush(cmdlet, targets, detailed);
    }

    private void Flush(ImmutableIdCmdlet cmdlet, List<object?> targets, bool detailed)
    {
        if (_batch.Records == 0)
        {
            return;
        }
        _notes.Clear();
        CloudAnchorItem[] items = CoreLibrary.CloudAnchor(_batch, _objectType, _notes);
        var inputs = targets.ToArray();
        _batch.Clear();
        targets.Clear();
        bool encode = _objectType is not null;
        cmdlet.WriteItems(items.Length, _notes, i => inputs[i], i => detailed
            ? new CloudAnchorInfo
            {
                Input = inputs[i],
                Name = items[i].Name,
                ObjectType = items[i].ObjectType,
                ObjectId = items[i].ObjectId,
                CloudAnchor = items[i].CloudAnchor,
                DistinguishedName = items[i].DistinguishedName,
            }
            : encode ? items[i].CloudAnchor : items[i].Name);
    }
}
