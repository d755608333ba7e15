using System;
using System.Collections.Generic;

namespace ImmutableId.Model;

/// <summary>
/// The columns of one CSV header that its rows' results carry: every column but those with no
/// name and those a result has a property of (ImmutableId, Status, Path...), the first of
/// names that differ only in case. Decided once per header and shared by its rows, each of
/// which keeps only its values (<see cref="ImmutableIdTestResult"/>).
/// </summary>
internal sealed class CarriedColumns
{
    private readonly Dictionary<string, int> _byName;

    private CarriedColumns(string[] header, List<string> names, List<int> positions)
    {
        Header = header;
        Names = names.ToArray();
        Positions = positions.ToArray();
        _byName = new Dictionary<string, int>(Names.Length, StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Names.Length; i++)
        {
            _byName[Names[i]] = i;
        }
    }

    /// <summary>The header as the core gave it: every column, in order.</summary>
    public string[] Header { get; }

    /// <summary>The carried columns' names, in the header's order.</summary>
    public string[] Names { get; }

    /// <summary>Where each carried column is among a row's values.</summary>
    public int[] Positions { get; }

    /// <summary>The carried column <paramref name="name"/> (ignoring case): its number, or -1.</summary>
    public int Find(string name) => _byName.TryGetValue(name, out int i) ? i : -1;

    public static CarriedColumns For(string[] header)
    {
        var names = new List<string>(header.Length);
        var positions = new List<int>(header.Length);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i];
            if (name.Length == 0 || ImmutableIdTestResultAdapter.IsOwnProperty(name) || !seen.Add(name))
            {
                continue;
            }
            names.Add(name);
            positions.Add(i);
        }
        return new CarriedColumns(header, names, positions);
    }

    /// <summary>True when <paramref name="header"/> holds the same names as this one's.</summary>
    public bool Matches(string[] header)
    {
        if (ReferenceEquals(header, Header))
        {
            return true;
        }
        if (header.Length != Header.Length)
        {
            return false;
        }
        for (int i = 0; i < header.Length; i++)
        {
            if (!string.Equals(header[i], Header[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
