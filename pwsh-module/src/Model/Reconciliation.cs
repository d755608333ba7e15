using System.Management.Automation;

namespace ImmutableId.Model;

/// <summary>An account's status in Compare-ImmutableId. The numbers are the core's
/// (IidAccountStatus in the header; a test checks they match).</summary>
public enum AccountStatus
{
    /// <summary>The cloud account holds the on-premises account's anchor.</summary>
    Matched = 0,
    /// <summary>No cloud account holds the on-premises account's anchor.</summary>
    NotSynced = 1,
    /// <summary>An on-premises account is to take over a cloud account (given in -Mapping, or proposed).</summary>
    HardMatchCandidate = 2,
    /// <summary>A cloud account with no anchor.</summary>
    CloudOnly = 3,
    /// <summary>A cloud anchor that no given on-premises account makes.</summary>
    Orphan = 4,
    /// <summary>Something a person must resolve before anything is planned.</summary>
    Conflict = 5,
    /// <summary>A soft-deleted cloud user.</summary>
    SoftDeleted = 6,
}

/// <summary>Which input an account came from.</summary>
public enum AccountSide
{
    OnPremises = 0,
    Cloud = 1,
    Deleted = 2,
}

/// <summary>One account of Compare-ImmutableId.</summary>
public sealed class ImmutableIdComparison
{
    public AccountSide Side { get; internal set; }
    /// <summary>Its position in its input (-OnPremises, -Cloud or -Deleted).</summary>
    public int Index { get; internal set; }
    /// <summary>sAMAccountName (on-premises) or UPN (cloud).</summary>
    public string Account { get; internal set; } = "";
    public AccountStatus Status { get; internal set; }
    /// <summary>The on-premises account's ImmutableId, or the cloud account's onPremisesImmutableId.</summary>
    public string? Anchor { get; internal set; }
    /// <summary>For on-premises accounts: the property the anchor is made from.</summary>
    public string? AnchorSource { get; internal set; }
    /// <summary>The account it is matched to, or paired with for a hard match.</summary>
    public string? Counterpart { get; internal set; }
    /// <summary>Finding codes; see about_ImmutableId.</summary>
    public TextList Findings { get; internal set; } = null!;
    /// <summary>One sentence per finding.</summary>
    public TextList Messages { get; internal set; } = null!;
    /// <summary>Checks not made for want of facts (-Synchronization, -Domain, -RoleAssignment, -Deleted...).</summary>
    public TextList NotChecked { get; internal set; } = null!;
    /// <summary>The input record. Hidden, so that Export-Csv writes only text (Side, Index and
    /// Account say which record it is); <c>$result.Input</c> still gives it.</summary>
    [Hidden]
    public object? Input { get; internal set; }
}

/// <summary>One step of New-HardMatchPlan.</summary>
public sealed class HardMatchStep
{
    public int Order { get; internal set; }
    /// <summary>"alice -> Alice.Cloud@contoso.onmicrosoft.com", or "(tenant)".</summary>
    public string Account { get; internal set; } = "";
    public string Action { get; internal set; } = "";
    /// <summary>The exact command to run; empty for notices and accounts not planned.</summary>
    public string? Command { get; internal set; }
    public bool Reversible { get; internal set; }
    public string Reason { get; internal set; } = "";
    public string? Warning { get; internal set; }
    /// <summary>Another way to do the same step.</summary>
    public string? Alternative { get; internal set; }
    /// <summary>Where Microsoft's documentation is unsettled about this step.</summary>
    public string? Unsettled { get; internal set; }
}
