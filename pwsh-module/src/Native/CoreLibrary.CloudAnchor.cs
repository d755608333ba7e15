using System;
using System.Collections.Generic;

namespace ImmutableId.Native;

/// <summary>The CloudAnchor cmdlets and their object types (rust-core/abi/src/cloud_anchor.rs).</summary>
internal static unsafe partial class CoreLibrary
{
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
}
