using System.Collections.Specialized;

namespace ImmutableId.Model;

/// <summary>Counts per status and per reason (Test-ImmutableId -Summary).</summary>
public sealed class ImmutableIdTestSummary
{
    public long Total { get; internal set; }
    public long Valid { get; internal set; }
    public long Warning { get; internal set; }
    public long Invalid { get; internal set; }
    /// <summary>Records whose anchor property is empty (cloud-only accounts): not broken values.</summary>
    public long NoAnchor { get; internal set; }
    /// <summary>Inputs that could not be checked at all (no ImmutableId property, a byte array).</summary>
    public long NotChecked { get; internal set; }
    /// <summary>Reason code -> number of records with it, in reason order; reads as
    /// "NotGuidBased 1, Duplicate 2" where PowerShell turns it into text (Export-Csv).</summary>
    public ReasonCounts Reasons { get; internal set; } = new();
}

/// <summary>
/// Records per reason code, in reason order: a dictionary (<c>$summary.Reasons['Duplicate']</c>,
/// <c>.Keys</c>, <c>foreach</c>) that reads as "NotGuidBased 1, Duplicate 2" where PowerShell
/// turns it into text, so <c>Export-Csv</c> writes the counts, not the type's name.
/// </summary>
public sealed class ReasonCounts : OrderedDictionary
{
    public override string ToString()
    {
        var parts = new System.Collections.Generic.List<string>(Count);
        foreach (System.Collections.DictionaryEntry entry in this)
        {
            parts.Add($"{entry.Key} {entry.Value}");
        }
        return string.Join(", ", parts);
    }
}
