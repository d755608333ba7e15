using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>Compare-ImmutableId: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/Compare-ImmutableId.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsData.Compare, "ImmutableId")]
[OutputType(typeof(ImmutableIdComparison))]
public sealed class CompareImmutableIdCommand : ReconcileCmdlet
{
    /// <summary>Results read from the core per call.</summary>
    private const int PageSize = 4096;

    protected override void EndProcessing()
    {
        if (Join() == 0)
        {
            WriteWarning(NoAccounts);
        }
        var texts = new Dictionary<string, TextList>();
        var noMessages = new TextList(Array.Empty<string>(), " ");
        TextList Codes(string[] codes)
        {
            string key = string.Join(",", codes);
            if (!texts.TryGetValue(key, out TextList? list))
            {
                list = new TextList(codes, ", ");
                texts[key] = list;
            }
            return list;
        }
        while (true)
        {
            List<AccountResultData> page = CoreLibrary.ReconcilerNext(Reconciler!, PageSize);
            if (page.Count == 0)
            {
                return;
            }
            foreach (AccountResultData r in page)
            {
                WriteObject(new ImmutableIdComparison
                {
                    Side = (AccountSide)r.Side,
                    Index = r.Index,
                    Account = r.Label,
                    Status = (AccountStatus)r.Status,
                    Anchor = r.Anchor,
                    AnchorSource = r.AnchorSource,
                    Counterpart = r.Counterpart,
                    Findings = Codes(r.Findings),
                    Messages = r.Messages.Length == 0 ? noMessages : new TextList(r.Messages, " "),
                    NotChecked = Codes(r.NotChecked),
                    Input = InputOf(r.Side, r.Index),
                });
            }
        }
    }
}
