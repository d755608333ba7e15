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
    /// <summary>Reason code -> number of records with it, in reason order.</summary>
    public OrderedDictionary Reasons { get; internal set; } = new();
}
