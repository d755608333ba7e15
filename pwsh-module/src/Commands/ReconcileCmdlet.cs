using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>
/// The inputs Compare-ImmutableId and New-HardMatchPlan share, with the same names so that
/// scripts can switch between them: accounts, the mapping, and the tenant's facts. Records
/// are read through the core's schemas and joined by the core.
/// </summary>
public abstract class ReconcileCmdlet : ImmutableIdCmdlet
{
    /// <summary>On-premises users, as Get-ADUser -Properties mS-DS-ConsistencyGuid,mail,proxyAddresses returns them (or Import-Csv rows with those columns).</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] OnPremises { get; set; } = Array.Empty<object>();

    /// <summary>Cloud users, as Get-MgUser -All -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled returns them, or Invoke-MgGraphRequest hashtables.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[] Cloud { get; set; } = Array.Empty<object>();

    /// <summary>Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser -All -Property Id,UserPrincipalName,OnPremisesImmutableId). Without it, holders in the recycle bin are not checked.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? Deleted { get; set; }

    /// <summary>Which on-premises account takes over which cloud account: objects or CSV rows with OnPremises (sAMAccountName, UPN, DN or GUID) and Cloud (UPN or object id).</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? Mapping { get; set; }

    /// <summary>The tenant's domains (Get-MgDomain: Id, AuthenticationType, IsInitial), to know which are federated.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? Domain { get; set; }

    /// <summary>The tenant's synchronization object (Get-MgDirectoryOnPremiseSynchronization), with Features.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? Synchronization { get; set; }

    /// <summary>Directory roles of the accounts to keep: PIM's Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance and -EligibilityScheduleInstance records (they say whether a role is permanent, time-bound, activated or eligible, and until when), ideally -ExpandProperty RoleDefinition; plain Get-MgRoleManagementDirectoryRoleAssignment records do not say.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? RoleAssignment { get; set; }

    /// <summary>The groups the accounts to keep are members of (Get-MgUserTransitiveMemberOf, with the user's id as PrincipalId), so that roles held through role-assignable groups are found.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? GroupMembership { get; set; }

    /// <summary>The Exchange Online mailboxes of the accounts to keep and of the twins: Get-EXOMailbox -Properties ExchangeGuid,ArchiveGuid,LegacyExchangeDN,IsInactiveMailbox (with -SoftDeletedMailbox for those in the recycle bin). ExternalDirectoryObjectId links each to its Entra user. Without it the mailbox checks are not made; -Mailbox @() says there is no cloud mailbox.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object[]? Mailbox { get; set; }

    /// <summary>CSV exports of on-premises users (Get-ADUser ... | Export-Csv), read by the core: much faster than Import-Csv for large tenants. Read after -OnPremises.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? OnPremisesPath { get; set; }

    /// <summary>CSV exports of cloud users (Get-MgUser ... | Export-Csv), read by the core. Read after -Cloud.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? CloudPath { get; set; }

    /// <summary>CSV exports of soft-deleted users (Get-MgDirectoryDeletedItemAsUser ... | Export-Csv), read by the core.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DeletedPath { get; set; }

    /// <summary>CSV files of -Mapping rows (columns OnPremises and Cloud), read by the core.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MappingPath { get; set; }

    /// <summary>CSV exports of Exchange Online mailboxes (Get-EXOMailbox ... | Select-Object ExternalDirectoryObjectId, ExchangeGuid, ..., @{n='EmailAddresses';e={$_.EmailAddresses -join ';'}} | Export-Csv), read by the core.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? MailboxPath { get; set; }

    /// <summary>The delimiter of the -...Path files: a comma by default, a semicolon for CSV files Excel saves in many locales.</summary>
    [Parameter]
    public char Delimiter { get; set; } = ',';

    /// <summary>The tenant's sourceAnchor, which on-premises anchors are made from: ConsistencyGuid (the default:
    /// mS-DS-ConsistencyGuid when set, else objectGUID), ObjectGUID (objectGUID always; mS-DS-ConsistencyGuid is
    /// ignored), or the LDAP name of another attribute (msDS-SourceAnchor, employeeID): its string value as it is, or
    /// the Base64 of its bytes. -OnPremisesPath files need a column of that name.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string? SourceAnchor { get; set; }

    /// <summary>The on-premises schema as -SourceAnchor reads it.</summary>
    private SchemaInfo? _onPremisesSchema;

    private protected ReconcilerHandle? Reconciler { get; private set; }
    /// <summary>The on-premises records, by position, for results to carry.</summary>
    private protected List<object?> OnPremisesInputs { get; } = new();
    private readonly List<object?> _cloudInputs = new();
    private readonly List<object?> _deletedInputs = new();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _onPremisesSchema = CoreLibrary.Schema(IidSchema.OnPremisesUser).ForSourceAnchor(SourceAnchorAttribute(SourceAnchor));
        Reconciler = CoreLibrary.NewReconciler(SourceAnchor);
    }

    /// <summary>The on-premises records, piped or given, read as they come.</summary>
    private ReconcilerFeed? _onPremisesFeed;

    protected override void ProcessRecord()
    {
        _onPremisesFeed ??= NewFeed(IidSchema.OnPremisesUser);
        Feed(_onPremisesFeed, OnPremises, OnPremisesInputs);
    }

    private ReconcilerFeed NewFeed(IidSchema schema) =>
        new(Reconciler!, schema, schema == IidSchema.OnPremisesUser && _onPremisesSchema is not null ? _onPremisesSchema : CoreLibrary.Schema(schema), WriteItemError);

    private static void Feed(ReconcilerFeed feed, IEnumerable<object?> inputs, List<object?>? kept)
    {
        foreach (object? input in inputs)
        {
            foreach (object? item in RecordReader.Items(input))
            {
                feed.Add(item);
                kept?.Add(item);
            }
        }
    }

    /// <summary>Reads the records of one input into the reconciler (<see cref="ReconcilerFeed"/>).</summary>
    private void AddAll(IidSchema schema, IEnumerable<object?> inputs, List<object?>? kept)
    {
        ReconcilerFeed feed = NewFeed(schema);
        try
        {
            Feed(feed, inputs, kept);
            feed.Finish();
        }
        finally
        {
            feed.Abandon();
        }
    }

    /// <summary>
    /// Reads CSV files into the reconciler. A record that cannot be used is a
    /// non-terminating error naming its file and line; a problem with a file as a whole
    /// stops the cmdlet, naming the file. Files come after the objects of the same input, so
    /// results' positions (and their Input) line up with the objects first.
    /// </summary>
    private void AddFiles(IidSchema schema, string[]? paths)
    {
        foreach (string path in paths ?? Array.Empty<string>())
        {
            string file = ResolveLiteral(path);
            var rowErrors = new List<ItemNote>();
            FileError? error = CoreLibrary.ReconcilerAddCsv(Reconciler!, schema, file, Delimiter, Interrupt, rowErrors);
            if (error is not null)
            {
                ThrowTerminatingError(new ErrorRecord(new System.IO.IOException(error.Message), error.Code, FileErrorCategory(error.Code), file));
            }
            // The core's message names the file and the line.
            foreach (ItemNote note in rowErrors)
            {
                WriteError(new ErrorRecord(new ArgumentException(note.Message), note.Code, ErrorCategory.InvalidData, $"{file}:{note.Item}"));
            }
        }
    }

    /// <summary>Adds the parameters that are not piped, then joins; returns the number of results.</summary>
    private protected int Join()
    {
        // The on-premises records piped or given: the last batch, and any errors still due.
        _onPremisesFeed?.Finish();
        AddFiles(IidSchema.OnPremisesUser, OnPremisesPath);
        AddAll(IidSchema.CloudUser, Cloud, _cloudInputs);
        AddFiles(IidSchema.CloudUser, CloudPath);
        // A facts parameter that is bound was given, even as $null: Get-MgDirectoryDeletedItemAsUser
        // on an empty recycle bin returns nothing, and that means "none", not "not checked".
        AddGiven(nameof(Deleted), IidSchema.DeletedUser, Deleted, _deletedInputs);
        AddFiles(IidSchema.DeletedUser, DeletedPath);
        var mappingRows = new List<object?>();
        AddGiven(nameof(Mapping), IidSchema.Mapping, Mapping, mappingRows);
        AddFiles(IidSchema.Mapping, MappingPath);
        AddGiven(nameof(Domain), IidSchema.Domain, Domain, null);
        AddGiven(nameof(Synchronization), IidSchema.Synchronization, Synchronization, null);
        AddGiven(nameof(RoleAssignment), IidSchema.RoleAssignment, RoleAssignment, null);
        AddGiven(nameof(GroupMembership), IidSchema.GroupMembership, GroupMembership, null);
        AddGiven(nameof(Mailbox), IidSchema.Mailbox, Mailbox, null);
        AddFiles(IidSchema.Mailbox, MailboxPath);
        var notes = new List<ItemNote>();
        var targets = new List<string>();
        int results = CoreLibrary.ReconcilerFinish(Reconciler!, Interrupt, notes, targets);
        for (int i = 0; i < notes.Count; i++)
        {
            ItemNote note = notes[i];
            if (note.IsWarning)
            {
                WriteWarning(note.Message);
                continue;
            }
            // A row of a -MappingPath file targets its file and line; a record given, itself.
            object? target = i < targets.Count && targets[i].Length > 0 ? targets[i] : note.Item < mappingRows.Count ? mappingRows[note.Item] : null;
            WriteItemError(note, target);
        }
        return results;
    }

    /// <summary>Adds a facts parameter when it was bound, whatever it holds.</summary>
    private void AddGiven(string parameter, IidSchema schema, object[]? records, List<object?>? kept)
    {
        if (records is not null || MyInvocation.BoundParameters.ContainsKey(parameter))
        {
            AddAll(schema, records ?? Array.Empty<object>(), kept);
        }
    }
    /// <summary>The warning for a call that was given no account at all (it would print nothing).</summary>
    private protected string NoAccounts =>
        $"{MyInvocation.MyCommand.Name} was given no accounts: -OnPremises (or the pipeline), -Cloud and -Deleted, and their -...Path files, held none.";

    /// <summary>The input record an account result came from.</summary>
    private protected object? InputOf(IidSide side, int index)
    {
        List<object?> inputs = side switch
        {
            IidSide.OnPremises => OnPremisesInputs,
            IidSide.Cloud => _cloudInputs,
            _ => _deletedInputs,
        };
        return index < inputs.Count ? inputs[index] : null;
    }

    private protected override void DisposeResources()
    {
        _onPremisesFeed?.Abandon();
        Reconciler?.Dispose();
    }
}
