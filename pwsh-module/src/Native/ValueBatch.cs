using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace ImmutableId.Native;

/// <summary>One value that the core could not convert, as the core described it.</summary>
internal sealed class NativeValueError
{
    public int Index { get; set; }
    public string Code { get; set; } = "";
    public string Message { get; set; } = "";
}

/// <summary>
/// Values laid out for one batch call: strings end to end in a UTF-16 buffer, byte arrays
/// in a byte buffer, and an <see cref="IidValue"/> per value. Buffers are reused across
/// calls, so a cmdlet keeps one batch for its lifetime.
/// </summary>
internal sealed unsafe class ValueBatch
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private char[] _text = new char[256];
    private int _textLength;
    private byte[] _bytes = new byte[64];
    private int _bytesLength;
    private IidValue[] _preferred = new IidValue[8];
    private IidValue[] _fallback = new IidValue[8];
    private byte[] _output = new byte[256];

    public int Count { get; private set; }

    /// <summary>
    /// Callers convert what they hold once a batch reaches this many items or UTF-16 units:
    /// large enough to amortise a call, small enough that many huge strings (the core
    /// refuses anything over 1024 characters) never pile up in one buffer.
    /// </summary>
    public bool IsFull => Count >= 4096 || _textLength >= 1 << 22;

    /// <summary>True once any item has a fallback value.</summary>
    private bool _hasFallback;

    public void Clear()
    {
        _textLength = 0;
        _bytesLength = 0;
        Count = 0;
        _hasFallback = false;
    }

    /// <summary>
    /// True for what can be sent as a value: null, a string, a [guid], a byte[] or a
    /// primitive. Other objects are records whose properties hold the values.
    /// </summary>
    public static bool IsValue(object? value)
    {
        value = Unwrap(value);
        return value is null or string or Guid or byte[] or decimal || value.GetType().IsPrimitive;
    }

    public static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

    /// <summary>The values an argument holds: an array's elements, or the value itself.</summary>
    public static IEnumerable<object?> Items(object? input)
    {
        if (Unwrap(input) is IEnumerable sequence and not string and not byte[] and not IDictionary)
        {
            foreach (object? item in sequence)
            {
                yield return item;
            }
        }
        else
        {
            yield return input;
        }
    }

    /// <summary>Adds one item: <paramref name="preferred"/>, or <paramref name="fallback"/> when the former is unset.</summary>
    public void Add(object? preferred, object? fallback = null)
    {
        Grow(ref _preferred, Count + 1);
        Grow(ref _fallback, Count + 1);
        _preferred[Count] = Describe(preferred);
        _fallback[Count] = Describe(fallback);
        _hasFallback |= fallback is not null;
        Count++;
    }

    private IidValue Describe(object? value)
    {
        switch (Unwrap(value))
        {
            case null:
                return default;
            case string s:
                return AppendText(s.AsSpan(), IidValueKind.Text);
            case Guid g:
                Span<char> d = stackalloc char[36];
                g.TryFormat(d, out int written, "D");
                return AppendText(d[..written], IidValueKind.Guid);
            case byte[] b:
                Grow(ref _bytes, _bytesLength + b.Length);
                b.CopyTo(_bytes, _bytesLength);
                var bytesValue = new IidValue { Kind = IidValueKind.Bytes, Offset = (nuint)_bytesLength, Len = (nuint)b.Length };
                _bytesLength += b.Length;
                return bytesValue;
            case var other:
                return AppendText(LanguagePrimitives.ConvertTo<string>(other).AsSpan(), IidValueKind.Text);
        }
    }

    private IidValue AppendText(ReadOnlySpan<char> text, IidValueKind kind)
    {
        Grow(ref _text, _textLength + text.Length);
        text.CopyTo(_text.AsSpan(_textLength));
        var value = new IidValue { Kind = kind, Offset = (nuint)_textLength, Len = (nuint)text.Length };
        _textLength += text.Length;
        return value;
    }

    private static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, array.Length * 2));
        }
    }

    /// <summary>ImmutableIds of every item; the 24 characters of item i start at i*24 of <paramref name="output"/>.</summary>
    public Dictionary<int, NativeValueError>? ToImmutableIds(uint format, out byte[] output)
    {
        const int width = 24;
        Grow(ref _output, Count * width);
        output = _output;
        IidBuffer errors = default;
        fixed (char* text = _text)
        fixed (byte* bytes = _bytes)
        fixed (IidValue* preferred = _preferred)
        fixed (IidValue* fallback = _fallback)
        fixed (byte* outPtr = _output)
        {
            Check(NativeMethods.ToImmutableIdMany(
                text, (nuint)_textLength, bytes, (nuint)_bytesLength, preferred, _hasFallback ? fallback : null, (nuint)Count,
                format, outPtr, (nuint)_output.Length, &errors));
        }
        return ErrorsByIndex(ref errors);
    }

    /// <summary>Each item's GUID rendered in <paramref name="form"/>, <paramref name="width"/> bytes per item.</summary>
    public Dictionary<int, NativeValueError>? FromImmutableIds(uint form, out byte[] output, out int width)
    {
        width = checked((int)NativeMethods.OutputWidth(form));
        Grow(ref _output, Count * width);
        output = _output;
        IidBuffer errors = default;
        fixed (char* text = _text)
        fixed (IidValue* values = _preferred)
        fixed (byte* outPtr = _output)
        {
            Check(NativeMethods.FromImmutableIdMany(
                text, (nuint)_textLength, values, (nuint)Count, form, outPtr, (nuint)_output.Length, &errors));
        }
        return ErrorsByIndex(ref errors);
    }

    internal delegate IidStatus JsonCall(char* text, nuint textLength, IidValue* values, nuint count, IidBuffer* outJson, IidBuffer* errors);

    /// <summary>Runs a call that answers with a JSON array (one entry per item, null where the item failed).</summary>
    public Dictionary<int, NativeValueError>? CallJson<T>(JsonCall call, out T?[] results)
    {
        IidBuffer json = default;
        IidBuffer errors = default;
        fixed (char* text = _text)
        fixed (IidValue* values = _preferred)
        {
            Check(call(text, (nuint)_textLength, values, (nuint)Count, &json, &errors));
        }
        results = TakeJson<T?[]>(ref json) ?? Array.Empty<T?>();
        return ErrorsByIndex(ref errors);
    }

    internal delegate void PointerCall(char* text, nuint textLength, byte* bytes, nuint bytesLength, IidValue* first, IidValue* second, nuint count);

    /// <summary>Pins the batch for one native call that takes its buffers and both value columns.</summary>
    public void WithPointers(PointerCall call)
    {
        fixed (char* text = _text)
        fixed (byte* bytes = _bytes)
        fixed (IidValue* preferred = _preferred)
        fixed (IidValue* fallback = _fallback)
        {
            call(text, (nuint)_textLength, bytes, (nuint)_bytesLength, preferred, fallback, (nuint)Count);
        }
    }

    internal static void Check(IidStatus status)
    {
        if (status != IidStatus.Ok)
        {
            throw new InvalidOperationException($"The ImmutableId native library refused the call ({status}); this is a bug in the module.");
        }
    }

    /// <summary>Parses and frees a buffer the library filled.</summary>
    internal static T? TakeJson<T>(ref IidBuffer buffer)
    {
        if (buffer.Ptr == IntPtr.Zero)
        {
            return default;
        }
        try
        {
            var span = new ReadOnlySpan<byte>((void*)buffer.Ptr, checked((int)buffer.Len));
            return JsonSerializer.Deserialize<T>(span, JsonOptions);
        }
        finally
        {
            NativeMethods.BufferFree(buffer);
            buffer = default;
        }
    }

    /// <summary>The errors of a call by item index; null when every item converted (the common case).</summary>
    private static Dictionary<int, NativeValueError>? ErrorsByIndex(ref IidBuffer errors)
    {
        if (errors.Ptr == IntPtr.Zero)
        {
            return null;
        }
        var byIndex = new Dictionary<int, NativeValueError>();
        foreach (var error in TakeJson<List<NativeValueError>>(ref errors) ?? new List<NativeValueError>())
        {
            byIndex[error.Index] = error;
        }
        return byIndex;
    }
}
