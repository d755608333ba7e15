namespace ImmutableId.Model;

/// <summary>
/// The verdict on one value (Test-ImmutableId). The numbers are the core's
/// (IidTestStatus in the header; a test checks they match).
/// </summary>
public enum ImmutableIdStatus
{
    /// <summary>Nothing wrong.</summary>
    Valid = 0,
    /// <summary>Legitimate but worth a look: a non-GUID anchor, a case-only twin, the nil GUID.</summary>
    Warning = 1,
    /// <summary>Must not be written as it is.</summary>
    Invalid = 2,
    /// <summary>The record's anchor property is empty: a cloud-only account, or one never synced.</summary>
    NoAnchor = 3,
    /// <summary>Not checked: the input had no ImmutableId property, or was not a value that can be one.</summary>
    NotChecked = 4,
}
