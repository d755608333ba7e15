using System;
using System.Collections;
using System.Management.Automation;
using System.Text;

namespace ImmutableId.Native;

/// <summary>
/// Records laid out for one core call: strings end to end in a UTF-16 buffer, GUIDs and
/// byte arrays in a byte buffer, and one <see cref="IidValue"/> per field of each record.
/// Only layout: no native call, no rule. Buffers are kept across calls, so a cmdlet that
/// converts one record per <c>ProcessRecord</c> allocates nothing per record.
/// </summary>
internal sealed class RecordBatch
{
    internal char[] Text = new char[256];
    internal int TextLength;
    internal byte[] Bytes = new byte[64];
    internal int BytesLength;
    internal IidValue[] Values = new IidValue[16];
    internal int ValueCount;

    public RecordBatch(int fieldCount) => FieldCount = fieldCount;

    /// <summary>Values per record: the schema's passed fields.</summary>
    public int FieldCount { get; }

    public int Records => ValueCount / FieldCount;

    /// <summary>Enough for one call: amortises the call, and bounds the buffers whatever the strings hold.</summary>
    public bool IsFull => Records >= 4096 || TextLength >= 1 << 22;

    public void Clear()
    {
        TextLength = 0;
        BytesLength = 0;
        ValueCount = 0;
    }

    /// <summary>Starts a record with every field absent; returns its number.</summary>
    public int AddRecord()
    {
        Grow(ref Values, ValueCount + FieldCount);
        Array.Clear(Values, ValueCount, FieldCount);
        ValueCount += FieldCount;
        return Records - 1;
    }

    /// <summary>Sets field <paramref name="field"/> of record <paramref name="record"/> to a .NET value.</summary>
    public void Set(int record, int field, object? value) => Values[record * FieldCount + field] = Describe(value);

    /// <summary>Sets a field to single bytes that arrived one at a time (a byte array PowerShell unrolled).</summary>
    public void SetUnrolledBytes(int record, int field, byte[] bytes) =>
        Values[record * FieldCount + field] = AppendBytes(bytes, IidValueKind.UnrolledBytes);

    private IidValue Describe(object? value)
    {
        switch (value is PSObject pso ? pso.BaseObject : value)
        {
            case null:
                return new IidValue { Kind = (uint)IidValueKind.Null };
            case string s:
                return AppendText(s);
            case Guid g:
                return AppendGuid(g);
            case byte[] b:
                return AppendBytes(b, IidValueKind.Bytes);
            // Dates (a role eligibility's end) as ISO 8601, the form Graph takes, whatever the culture.
            case DateTime d:
                return AppendText(d.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            case DateTimeOffset d:
                return AppendText(d.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            case IEnumerable items and not IDictionary when AsBytes(items) is byte[] numbers:
                // A byte array that went through JSON or CliXml comes back as numbers.
                return AppendBytes(numbers, IidValueKind.Bytes);
            case IEnumerable items and not IDictionary:
                // A multi-valued property (proxyAddresses): its values, one per line.
                var joined = new StringBuilder();
                foreach (object? item in items)
                {
                    joined.Append(joined.Length > 0 ? "\n" : "").Append(LanguagePrimitives.ConvertTo<string>(item));
                }
                return AppendText(joined.ToString());
            case var other:
                return AppendText(LanguagePrimitives.ConvertTo<string>(other) ?? "");
        }
    }

    /// <summary>The items as bytes when every one is a whole number from 0 to 255; else null.</summary>
    private static byte[]? AsBytes(IEnumerable items)
    {
        var bytes = new System.Collections.Generic.List<byte>();
        foreach (object? item in items)
        {
            switch (item is PSObject pso ? pso.BaseObject : item)
            {
                case byte b:
                    bytes.Add(b);
                    break;
                case int or long or short or sbyte or ushort or uint or ulong when Convert.ToDecimal(item is PSObject p ? p.BaseObject : item) is >= 0 and <= 255 and var d:
                    bytes.Add((byte)d);
                    break;
                default:
                    return null;
            }
        }
        return bytes.Count > 0 ? bytes.ToArray() : null;
    }

    private IidValue AppendText(string s)
    {
        Grow(ref Text, TextLength + s.Length);
        s.CopyTo(0, Text, TextLength, s.Length);
        var value = new IidValue { Kind = (uint)IidValueKind.Text, Offset = (UIntPtr)TextLength, Len = (UIntPtr)s.Length };
        TextLength += s.Length;
        return value;
    }

    /// <summary>A GUID's 16 bytes in Guid.ToByteArray() order, which is how a little-endian
    /// machine holds a Guid: copied as they lie, with no array per GUID.</summary>
    private unsafe IidValue AppendGuid(Guid g)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return AppendBytes(g.ToByteArray(), IidValueKind.Guid);
        }
        Grow(ref Bytes, BytesLength + 16);
        fixed (byte* b = &Bytes[BytesLength])
        {
            *(Guid*)b = g;
        }
        var value = new IidValue { Kind = (uint)IidValueKind.Guid, Offset = (UIntPtr)BytesLength, Len = (UIntPtr)16 };
        BytesLength += 16;
        return value;
    }

    private IidValue AppendBytes(byte[] b, IidValueKind kind)
    {
        Grow(ref Bytes, BytesLength + b.Length);
        Buffer.BlockCopy(b, 0, Bytes, BytesLength, b.Length);
        var value = new IidValue { Kind = (uint)kind, Offset = (UIntPtr)BytesLength, Len = (UIntPtr)b.Length };
        BytesLength += b.Length;
        return value;
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }
}
