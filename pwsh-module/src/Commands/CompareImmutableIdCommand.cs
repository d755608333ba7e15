using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
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

    /// <summary>The TextLists of finding codes made so far, by their codes: most results share a few.</summary>
    private readonly Dictionary<string, TextList> _codeLists = new();
    private static readonly TextList NoMessages = new(Array.Empty<string>(), " ");

    protected override void EndProcessing()
    {
        if (Join() == 0)
        {
            WriteWarning(NoAccounts);
        }
        // Each page is read from the core and made into results on a worker thread while this
        // one writes the page before (the results are plain objects; the inputs they carry are
        // only read). One page at a time, in order.
        Task<ImmutableIdComparison[]> next = Task.Run(NextPage);
        try
        {
            while (true)
            {
                ImmutableIdComparison[] page = next.GetAwaiter().GetResult();
                if (page.Length == 0)
                {
                    return;
                }
                next = Task.Run(NextPage);
                foreach (ImmutableIdComparison result in page)
                {
                    WriteObject(result);
                }
            }
        }
        finally
        {
            // Stopped midway: the core finishes the page before the reconciler can be freed.
            try
            {
                next.Wait();
            }
            catch (AggregateException)
            {
            }
        }
    }

    private ImmutableIdComparison[] NextPage()
    {
        List<AccountResultData> page = CoreLibrary.ReconcilerNext(Reconciler!, PageSize);
        var results = new ImmutableIdComparison[page.Count];
        for (int i = 0; i < results.Length; i++)
        {
            AccountResultData r = page[i];
            results[i] = new ImmutableIdComparison
            {
                Side = (AccountSide)r.Side,
                Index = r.Index,
                Account = r.Label,
                Status = (AccountStatus)r.Status,
                Anchor = r.Anchor,
                AnchorSource = r.AnchorSource,
                Counterpart = r.Counterpart,
                Findings = Codes(r.Findings),
                Messages = r.Messages.Length == 0 ? NoMessages : new TextList(r.Messages, " "),
                NotChecked = Codes(r.NotChecked),
                Input = InputOf(r.Side, r.Index),
            };
        }
        return results;
    }

    private TextList Codes(string[] codes)
    {
        string key = string.Join(",", codes);
        if (!_codeLists.TryGetValue(key, out TextList? list))
        {
            list = new TextList(codes, ", ");
            _codeLists[key] = list;
        }
        return list;
    }
}
