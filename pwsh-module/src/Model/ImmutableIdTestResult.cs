using System;
using System.Collections.Generic;

namespace ImmutableId.Model;

/// <summary>One verdict of Test-ImmutableId. The input record's other properties (or the
/// CSV row's other columns) show as properties of the result too
/// (<see cref="ImmutableIdTestResultAdapter"/>).</summary>
public sealed class ImmutableIdTestResult
{
    /// <summary>The value checked, exactly as written.</summary>
    public string ImmutableId { get; internal set; } = "";
    public ImmutableIdStatus Status { get; internal set; }
    /// <summary>Reason codes, in a fixed order; see about_ImmutableId.</summary>
    public TextList Reasons { get; internal set; } = null!;
    /// <summary>One sentence per reason, saying how to fix it.</summary>
    public TextList Messages { get; internal set; } = null!;
    /// <summary>The GUID the value stands for or most likely meant.</summary>
    public Guid? Guid { get; internal set; }
    /// <summary>The on-premises GUID the record says the value must stand for.</summary>
    public Guid? ExpectedGuid { get; internal set; }
    /// <summary>Where ExpectedGuid came from: mS-DS-ConsistencyGuid, ObjectGUID, ExpectedGuid (the parameter)..., or the
    /// attribute -SourceAnchor names (whose value, when not GUID-based, is the Suggestion for a value that is not it).</summary>
    public string? ExpectedGuidSource { get; internal set; }
    /// <summary>The value to write instead, when one can be worked out.</summary>
    public string? Suggestion { get; internal set; }
    /// <summary>0-based position among all inputs.</summary>
    public long Index { get; internal set; }
    /// <summary>The line the record starts on, for records read from a file.</summary>
    public long? Line { get; internal set; }
    /// <summary>The file, for records read from a file.</summary>
    public string? Path { get; internal set; }
    /// <summary>The property or column the value came from (ImmutableId, OnPremisesImmutableId...).</summary>
    public string? Source { get; internal set; }
    /// <summary>Other records sharing the value exactly or but for case (lines for one file, else indexes), at most 100.</summary>
    public NumberList Duplicates { get; internal set; } = null!;
    /// <summary>How many other records share the value, listed or not.</summary>
    public long DuplicateCount { get; internal set; }

    // What the result carries, kept as it came rather than copied into a property per value:
    // a CSV row's values under its header's carried columns, or the piped record itself.
    internal CarriedColumns? Columns;
    internal string[]? ColumnValues;
    internal object? Record;
    /// <summary>Values given to carried properties after the result was made, by name ignoring case.</summary>
    internal Dictionary<string, object?>? SetValues;
}
