using System;
using System.Collections.Generic;
using System.Text;

namespace ImmutableId.Native;

/// <summary>The conversions: ConvertTo-ImmutableId (records and packed GUIDs), ConvertFrom-ImmutableId
/// and its -Detailed forms (rust-core/abi/src/convert.rs).</summary>
internal static unsafe partial class CoreLibrary
{
    /// <summary>ConvertTo-ImmutableId on every record of <paramref name="batch"/>, into
    /// <paramref name="results"/>; the GUID and the field of each only when <paramref name="details"/>.
    /// <paramref name="sourceAnchor"/> is the -SourceAnchor (null for the default).</summary>
    internal static void ToImmutableId(RecordBatch batch, uint format, string? sourceAnchor, List<ItemNote> notes, ConvertedBatch results, bool details)
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
            fixed (char* anchor = sourceAnchor)
            {
                IidInput input = InputOf(batch, text, bytes, values);
                Check(Lib.ToImmutableId(&input, format, anchor, (UIntPtr)(sourceAnchor?.Length ?? 0), outPtr, (UIntPtr)count, &answer));
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
                    // An attribute's string (or the Base64 of its bytes) comes as text in the answer.
                    bool isText = !c->Anchor.IsNone;
                    items[i].ImmutableId = isText ? new AnswerReader(&answer).Text(c->Anchor) ?? "" : Ascii(c->ImmutableId, 24);
                    if (details)
                    {
                        items[i].Guid = isText ? null : GuidOf(c->Guid);
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
}
