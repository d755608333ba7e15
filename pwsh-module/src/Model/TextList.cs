using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace ImmutableId.Model;

/// <summary>
/// A list of texts (reason codes, messages) that reads as one line where PowerShell turns
/// a value into text: <c>Export-Csv</c> writes "Duplicate, GuidMismatch", not
/// "System.String[]". It is still a list: <c>-contains</c>, indexing and <c>foreach</c> work.
/// </summary>
public sealed class TextList : ReadOnlyCollection<string>
{
    private readonly string _separator;

    internal TextList(IList<string> items, string separator) : base(items) => _separator = separator;

    public override string ToString() => string.Join(_separator, this);
}

/// <summary>A list of numbers (duplicate lines or indexes) that reads as "3, 9".</summary>
public sealed class NumberList : ReadOnlyCollection<long>
{
    internal NumberList(IList<long> items) : base(items)
    {
    }

    public override string ToString() => string.Join(", ", this);
}
