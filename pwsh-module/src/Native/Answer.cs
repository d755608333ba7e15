using System;
using System.Collections.Generic;

namespace ImmutableId.Native;

/// <summary>An error or warning the core gave about one item of a call.</summary>
internal sealed class ItemNote
{
    public ItemNote(int item, bool warning, string code, string message)
    {
        Item = item;
        IsWarning = warning;
        Code = code;
        Message = message;
    }

    public int Item { get; }
    public bool IsWarning { get; }
    /// <summary>The ErrorId.</summary>
    public string Code { get; }
    public string Message { get; }
}

/// <summary>The string made last for a text that repeats from record to record, and where that text was.</summary>
internal struct RepeatedText
{
    public string? Value;
    public UIntPtr Offset;
}

/// <summary>Reads an <see cref="IidAnswer"/> the core filled: its texts, lists and notes.
/// Only reads; the facade frees the answer.</summary>
internal readonly unsafe struct AnswerReader
{
    private readonly IidAnswer* _answer;

    public AnswerReader(IidAnswer* answer) => _answer = answer;

    public string? Text(IidText text) =>
        text.IsNone ? null : new string(_answer->Text, checked((int)text.Offset.ToUInt64()), checked((int)text.Len.ToUInt64()));

    /// <summary>
    /// <see cref="Text(IidText)"/> for a text that mostly repeats from one record to the next
    /// (a file name, a property name): the string <paramref name="last"/> holds when the text
    /// is the same, so a page of records makes it once.
    /// </summary>
    public string? Text(IidText text, ref RepeatedText last)
    {
        if (text.IsNone)
        {
            return null;
        }
        if (last.Value is not null && (last.Offset == text.Offset || SameChars(text, last.Value)))
        {
            last.Offset = text.Offset;
            return last.Value;
        }
        last.Value = Text(text);
        last.Offset = text.Offset;
        return last.Value;
    }

    private bool SameChars(IidText text, string value)
    {
        int length = checked((int)text.Len.ToUInt64());
        if (length != value.Length)
        {
            return false;
        }
        char* chars = _answer->Text + checked((int)text.Offset.ToUInt64());
        for (int i = 0; i < length; i++)
        {
            if (chars[i] != value[i])
            {
                return false;
            }
        }
        return true;
    }

    public string[] List(IidSpan span)
    {
        if (span.Len == UIntPtr.Zero)
        {
            return Array.Empty<string>();
        }
        int start = checked((int)span.Start.ToUInt64());
        var items = new string[checked((int)span.Len.ToUInt64())];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = Text(_answer->Lists[start + i]) ?? "";
        }
        return items;
    }

    public string[] AllLists() => List(new IidSpan { Start = UIntPtr.Zero, Len = _answer->ListsLen });

    public long[] Numbers(IidSpan span)
    {
        if (span.Len == UIntPtr.Zero)
        {
            return Array.Empty<long>();
        }
        int start = checked((int)span.Start.ToUInt64());
        var items = new long[checked((int)span.Len.ToUInt64())];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = (long)_answer->Numbers[start + i];
        }
        return items;
    }

    public void AddNotes(List<ItemNote> notes)
    {
        int count = checked((int)_answer->NotesLen.ToUInt64());
        for (int i = 0; i < count; i++)
        {
            IidNote note = _answer->Notes[i];
            notes.Add(new ItemNote(checked((int)note.Item.ToUInt64()), note.Severity == (uint)IidSeverity.Warning, Text(note.Code) ?? "", Text(note.Message) ?? ""));
        }
    }
}
