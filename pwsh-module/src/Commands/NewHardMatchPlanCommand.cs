using System.Linq;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>How a plan's syncs run; the numbers are the core's (IidSyncEngine).</summary>
public enum SyncEngine
{
    /// <summary>Entra Connect Sync: Start-ADSyncSyncCycle -PolicyType Delta on its server.</summary>
    ConnectSync = 0,
    /// <summary>Entra Cloud Sync: picks changes up on its own about every two minutes.</summary>
    CloudSync = 1,
}

/// <summary>How a plan frees an anchor a soft-deleted twin holds; the numbers are the core's (IidFreeAnchor).</summary>
public enum FreeAnchorMethod
{
    /// <summary>Purge the twin (irreversible: its mailbox and files are gone); restore-and-clear shown as the alternative.</summary>
    Purge = 0,
    /// <summary>Restore the twin and clear its onPremisesImmutableId; purging shown as the alternative.</summary>
    RestoreAndClear = 1,
}

/// <summary>Which way a pair's anchor goes; the numbers are the core's (IidRoute).</summary>
public enum AnchorRoute
{
    /// <summary>Adopt on-premises where the account to keep holds an anchor no AD user holds, else move in the cloud; the plan says why.</summary>
    Auto = 0,
    /// <summary>The account to keep takes the AD user's anchor (Update-MgUser -OnPremisesImmutableId).</summary>
    MoveAnchor = 1,
    /// <summary>The AD user takes the anchor the account to keep holds (its 16 bytes into mS-DS-ConsistencyGuid).</summary>
    AdoptAnchor = 2,
}

/// <summary>New-HardMatchPlan: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/New-HardMatchPlan.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsCommon.New, "HardMatchPlan")]
[OutputType(typeof(HardMatchStep), typeof(string))]
public sealed class NewHardMatchPlanCommand : ReconcileCmdlet
{
    /// <summary>The DN of an OU Entra Connect does not sync, where an on-premises account waits while its anchor moves off its synced twin.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutOfScopeOU { get; set; }

    /// <summary>The sync engine: ConnectSync (default) or CloudSync.</summary>
    [Parameter]
    public SyncEngine SyncEngine { get; set; } = SyncEngine.ConnectSync;

    /// <summary>How to free an anchor a soft-deleted twin holds: Purge (default; irreversible) or RestoreAndClear.</summary>
    [Parameter]
    public FreeAnchorMethod FreeAnchorBy { get; set; } = FreeAnchorMethod.Purge;

    /// <summary>Which way each pair's anchor goes: Auto (default), MoveAnchor or AdoptAnchor.</summary>
    [Parameter]
    public AnchorRoute Route { get; set; } = AnchorRoute.Auto;

    /// <summary>The domain controller the ActiveDirectory commands go to (-Server on each): the one Entra Connect reads. Without it the sync steps say to wait for replication.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    /// <summary>Plan only these pairs: each name is either account's (sAMAccountName, UPN, DN or objectGUID on-premises; UPN or object id in the cloud). A name that picks no pair is said in a notice.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Pair { get; set; }

    /// <summary>Return the plan as the text of a commented PowerShell script for a person to read and run: the steps of each pair under its header, each skipped when its effect is in place, pairs that fail alone, a CSV log, a rerun that resumes each pair, and what was lifted given back in finally.</summary>
    [Parameter]
    public SwitchParameter AsScript { get; set; }

    protected override void EndProcessing()
    {
        int accounts = Join();
        // Names go to the core one a line; a name holding a line break would be two names, so
        // the break is a space (no sAMAccountName, UPN, DN or id holds one).
        string? pairs = Pair is null ? null : string.Join("\n", Pair.Select(n => n.Replace('\r', ' ').Replace('\n', ' ')));
        int stepCount = CoreLibrary.ReconcilerPlan(Reconciler!, OutOfScopeOU, (uint)SyncEngine, (uint)FreeAnchorBy, Server, (uint)Route, pairs);
        if (stepCount == 0)
        {
            // Nothing to plan would print nothing at all: say why.
            WriteWarning(accounts == 0 ? NoAccounts
                : Mapping is null && MappingPath is null
                    ? "New-HardMatchPlan found nothing to plan: it plans only the pairs -Mapping names, and no -Mapping was given. Compare-ImmutableId shows the pairs it proposes by UPN, mail or proxy address; name the right ones in -Mapping."
                    : "New-HardMatchPlan found nothing to plan: no -Mapping row names a pair of the accounts given (see the errors about its rows).");
        }
        if (AsScript)
        {
            string version = MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(NewHardMatchPlanCommand).Assembly.GetName().Version?.ToString(3) ?? "";
            WriteObject(CoreLibrary.ReconcilerScript(Reconciler!, version));
            return;
        }
        // The steps are read only when they are written: a script is made from the plan in the core.
        foreach (PlanStepData s in CoreLibrary.ReconcilerSteps(Reconciler!))
        {
            WriteObject(new HardMatchStep
            {
                Order = s.Order,
                Account = s.Account,
                Action = s.Action,
                Command = s.Command,
                Reversible = s.Reversible,
                Reason = s.Reason,
                Warning = s.Warning,
                Alternative = s.Alternative,
                Unsettled = s.Unsettled,
            });
        }
    }
}
