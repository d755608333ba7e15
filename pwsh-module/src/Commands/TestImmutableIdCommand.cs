using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Management.Automation;
using ImmutableId.Model;
using ImmutableId.Native;
using ImmutableId.Records;

namespace ImmutableId.Commands;

/// <summary>Test-ImmutableId: binds its parameters and calls the core. Its help (synopsis, parameters,
/// examples) is pwsh-module/help/Test-ImmutableId.psd1, from which en-US/ImmutableId.dll-Help.xml is made.</summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutableId", DefaultParameterSetName = ValueSet)]
[OutputType(typeof(ImmutableIdTestResult), typeof(ImmutableIdTestSummary), typeof(bool))]
public sealed class TestImmutableIdCommand : ImmutableIdCmdlet
{
    private const string ValueSet = "Value";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    /// <summary>Results read from the core per call.</summary>
    private const int PageSize = 4096;

    /// <summary>ImmutableId strings, an array of them, or records (Get-MgUser objects,
    /// Invoke-MgGraphRequest hashtables, Import-Csv rows) whose ImmutableId,
    /// OnPremisesImmutableId or SourceAnchor is checked and whose mS-DS-ConsistencyGuid
    /// (when set) or ObjectGUID is the GUID it must stand for. Their other properties are
    /// carried into the results. Files piped from Get-ChildItem are read as CSV.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = ValueSet)]
    [Alias("ImmutableId")]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The on-premises GUID each value must stand for (a [guid], GUID text, hex, or the
    /// 16-byte mS-DS-ConsistencyGuid). One GUID applies to every value; an array pairs with the
    /// values element by element, given as an -InputObject array or piped alike. It wins over
    /// the records' own GUID properties.</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? ExpectedGuid { get; set; }

    /// <summary>CSV files to read in the core (UTF-8 with or without BOM, or UTF-16 with BOM); wildcards allowed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>CSV files, named exactly (no wildcards: 'users [1].csv' is that file). Piped files
    /// (Get-ChildItem) arrive through -InputObject, which takes every piped object first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The column holding the values; by default the first of ImmutableId, OnPremisesImmutableId, SourceAnchor.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? Column { get; set; }

    /// <summary>The column holding each row's on-premises GUID; by default each row's mS-DS-ConsistencyGuid (when set) or ObjectGUID.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public string? ExpectedGuidColumn { get; set; }

    /// <summary>The field delimiter of the files: ',' by default; ';' for Excel in many locales, or a tab.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public char Delimiter { get; set; } = ',';

    /// <summary>Return counts per status and reason instead of one result per value.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Return only $true or $false: $true when there was input, every input was checked,
    /// and every value is Valid (Warnings and NoAnchor records count as failures unless allowed).</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>With -Quiet, let Warnings pass (tenants with legitimate non-GUID anchors).</summary>
    [Parameter]
    public SwitchParameter AllowWarning { get; set; }

    /// <summary>With -Quiet, let records without an anchor (cloud-only accounts) pass.</summary>
    [Parameter]
    public SwitchParameter AllowNoAnchor { get; set; }

    /// <summary>Return only the results that are not Valid.</summary>
    [Parameter]
    public SwitchParameter ProblemsOnly { get; set; }

    /// <summary>The tenant's sourceAnchor, which says what each record's value must be: ConsistencyGuid (the default:
    /// the ImmutableId of its mS-DS-ConsistencyGuid when set, else of its objectGUID), ObjectGUID (of its objectGUID),
    /// or the LDAP name of another attribute (its value exactly; in files, the column of that name).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string? SourceAnchor { get; set; }

    /// <summary>-ExpectedGuid's values, read once; null when it was not given.</summary>
    private List<object?>? _expected;
    /// <summary>Values given so far, piped or in -InputObject arrays: the next one pairs with this element of an -ExpectedGuid array.</summary>
    private int _valuesGiven;
    private ValidatorHandle? _validator;
    private SchemaInfo _schema = null!;
    private RecordBatch _batch = null!;
    private readonly Dictionary<string, object?> _parameters = new();
    private readonly List<ItemNote> _notes = new();
    /// <summary>Results mode: the piped inputs, in order, whose properties results carry.</summary>
    private readonly Queue<object?> _inputs = new();
    /// <summary>Summary mode: the inputs of the batch being built, the targets of its errors.</summary>
    private readonly List<object?> _batchInputs = new();

    /// <summary>The carried columns of the header read last, and the array it was read as.</summary>
    private CarriedColumns? _columns;
    private string[]? _columnsHeader;

    private bool CountsOnly => Summary || Quiet;

    /// <summary>
    /// -ProblemsOnly over files named by -Path or -LiteralPath: the core keeps only the
    /// results that are not Valid. Piped input keeps every result and drops the Valid ones
    /// here, because a piped record is matched to its result by position, and a file piped
    /// among records adds rows that are not counted here.
    /// </summary>
    private bool ProblemsFromCore => ProblemsOnly && ParameterSetName != ValueSet;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _schema = CoreLibrary.Schema(IidSchema.Test).ForSourceAnchor(SourceAnchorAttribute(SourceAnchor));
        _batch = new RecordBatch(_schema.PassedCount);
        _validator = CoreLibrary.NewValidator(CountsOnly ? IidValidatorMode.Summary : ProblemsFromCore ? IidValidatorMode.Problems : IidValidatorMode.Results, SourceAnchor);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpectedGuid)))
        {
            // A byte array is one GUID (an mS-DS-ConsistencyGuid), not 16 of them.
            object? given = RecordReader.Unwrap(ExpectedGuid) is byte[] ? new object?[] { ExpectedGuid } : ExpectedGuid;
            _expected = new List<object?>(RecordReader.Items(given));
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName != ValueSet)
        {
            foreach (string file in ResolveFiles())
            {
                AddFile(file, Column, ExpectedGuidColumn);
            }
            return;
        }
        // No pipeline and no -InputObject: nothing to check (the same as @() | Test-ImmutableId).
        if (!MyInvocation.ExpectingInput && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            return;
        }
        if (_expected is not null && _expected.Count != 1 && !MyInvocation.ExpectingInput)
        {
            RequirePairs(RecordReader.CountItems(InputObject));
        }
        foreach (object? item in RecordReader.Items(InputObject))
        {
            // Files from Get-ChildItem or Get-Item (anything carrying PSPath) are CSV files to read.
            if (RecordReader.Unwrap(item) is FileInfo file)
            {
                AddFile(file.FullName, null, null);
                continue;
            }
            if (!RecordReader.IsValue(item) && RecordReader.TryGetProperty(item, "PSPath", out object? psPath) && psPath is not null)
            {
                AddFile(ResolveLiteral(psPath.ToString()), null, null);
                continue;
            }
            _parameters.Clear();
            if (_expected is not null)
            {
                _parameters["ExpectedGuid"] = ExpectedFor(_valuesGiven);
            }
            _valuesGiven++;
            RecordReader.Add(_batch, _schema, item, _parameters);
            if (CountsOnly)
            {
                _batchInputs.Add(item);
            }
            else
            {
                _inputs.Enqueue(item);
            }
            if (_batch.IsFull)
            {
                AddBatch();
            }
        }
    }

    /// <summary>
    /// The expected GUID of the value numbered <paramref name="value"/> among all given: the one
    /// -ExpectedGuid, or its element of the same number. Refused when the values outnumber the
    /// elements (piped values are counted as they come; the rest at the end).
    /// </summary>
    private object? ExpectedFor(int value)
    {
        if (_expected!.Count == 1)
        {
            return _expected[0];
        }
        if (value >= _expected.Count)
        {
            RequirePairs(value + 1);
        }
        return _expected[value];
    }

    /// <summary>ExpectedGuidCountMismatch unless -ExpectedGuid holds one GUID, or one per value.</summary>
    private void RequirePairs(int values)
    {
        if (_expected is null || _expected.Count == 1 || _expected.Count == values)
        {
            return;
        }
        ThrowArgumentError(
            $"-ExpectedGuid has {_expected.Count} values for {(values > _expected.Count ? "more than " + _expected.Count : values.ToString(System.Globalization.CultureInfo.InvariantCulture))} values to check; one GUID applies to every value, and several pair with the values element by element (piped or in an array alike), so give one per value (use $null where there is none).",
            "ExpectedGuidCountMismatch", ExpectedGuid);
    }

    /// <summary>Sends the batch to the core; in summary mode, reports the inputs it could not check.</summary>
    private void AddBatch()
    {
        if (_batch.Records == 0)
        {
            return;
        }
        _notes.Clear();
        CoreLibrary.ValidatorAdd(_validator!, _batch, _notes);
        if (CountsOnly)
        {
            foreach (ItemNote note in _notes)
            {
                WriteItemError(note, _batchInputs[note.Item]);
            }
        }
        _batch.Clear();
        _batchInputs.Clear();
    }

    private void AddFile(string path, string? column, string? expectedColumn)
    {
        AddBatch();
        FileError? error = CoreLibrary.ValidatorAddCsv(_validator!, path, column, expectedColumn, Delimiter, Interrupt);
        if (error is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException(error.Message), error.Code, FileErrorCategory(error.Code), path));
        }
    }

    protected override void EndProcessing()
    {
        // Piped values fewer than -ExpectedGuid's elements (none at all is only a warning).
        if (ParameterSetName == ValueSet && MyInvocation.ExpectingInput && _valuesGiven > 0)
        {
            RequirePairs(_valuesGiven);
        }
        AddBatch();
        SummaryCounts counts = CoreLibrary.ValidatorFinish(_validator!, Interrupt);
        if (counts.Total == 0)
        {
            WriteWarning("Test-ImmutableId was given nothing to check.");
        }
        if (Quiet)
        {
            WriteObject(counts.Total > 0 && counts.Invalid == 0 && counts.NotChecked == 0
                && (counts.Warning == 0 || AllowWarning) && (counts.NoAnchor == 0 || AllowNoAnchor));
            return;
        }
        if (Summary)
        {
            WriteObject(ToSummary(counts));
            return;
        }
        var reasonLists = new Dictionary<ulong, TextList>();
        var page = new TestRecordPage(PageSize) { SkipValid = ProblemsOnly && !ProblemsFromCore };
        while (CoreLibrary.ValidatorNext(_validator!, page) > 0)
        {
            for (int i = 0; i < page.Count; i++)
            {
                TestRecordData r = page.Records[i];
                object? input = r.File is null ? _inputs.Dequeue() : null;
                if (r.ErrorCode is not null)
                {
                    WriteItemError(new ItemNote((int)r.Index, false, r.ErrorCode, r.Messages.Length > 0 ? r.Messages[0] : r.ErrorCode), input);
                    continue;
                }
                if (ProblemsOnly && r.Status == (int)ImmutableIdStatus.Valid)
                {
                    continue;
                }
                WriteObject(ToResult(r, input, reasonLists));
            }
        }
    }

    private static ImmutableIdTestSummary ToSummary(SummaryCounts counts)
    {
        var reasons = new ReasonCounts();
        string[] names = CoreLibrary.ReasonNames;
        for (int i = 0; i < names.Length; i++)
        {
            if (counts.Reasons[i] > 0)
            {
                reasons[names[i]] = counts.Reasons[i];
            }
        }
        return new ImmutableIdTestSummary
        {
            Total = counts.Total,
            Valid = counts.Valid,
            Warning = counts.Warning,
            Invalid = counts.Invalid,
            NoAnchor = counts.NoAnchor,
            NotChecked = counts.NotChecked,
            Reasons = reasons,
        };
    }

    /// <summary>What results without messages or duplicates share.</summary>
    private static readonly TextList NoMessages = new(Array.Empty<string>(), " ");
    private static readonly NumberList NoDuplicates = new(Array.Empty<long>());

    private ImmutableIdTestResult ToResult(TestRecordData r, object? input, Dictionary<ulong, TextList> reasonLists)
    {
        if (!reasonLists.TryGetValue(r.Reasons, out TextList? reasons))
        {
            var names = new List<string>();
            string[] all = CoreLibrary.ReasonNames;
            for (int i = 0; i < all.Length; i++)
            {
                if ((r.Reasons & (1UL << i)) != 0)
                {
                    names.Add(all[i]);
                }
            }
            reasons = new TextList(names, ", ");
            reasonLists[r.Reasons] = reasons;
        }
        var result = new ImmutableIdTestResult
        {
            ImmutableId = r.Value,
            Status = (ImmutableIdStatus)r.Status,
            Reasons = reasons,
            Messages = r.Messages.Length == 0 ? NoMessages : new TextList(r.Messages, " "),
            Guid = r.Guid,
            ExpectedGuid = r.ExpectedGuid,
            ExpectedGuidSource = r.ExpectedProperty,
            Suggestion = r.Suggestion,
            Index = r.Index,
            Line = r.Line,
            Path = r.File,
            Source = r.Property,
            Duplicates = r.Duplicates.Length == 0 ? NoDuplicates : new NumberList(r.Duplicates),
            DuplicateCount = r.DuplicateCount,
        };
        if (r.ColumnNames is not null && r.ColumnValues is not null)
        {
            if (!ReferenceEquals(r.ColumnNames, _columnsHeader))
            {
                // A new page's copy of the same header, or another file's.
                if (_columns is null || !_columns.Matches(r.ColumnNames))
                {
                    _columns = CarriedColumns.For(r.ColumnNames);
                }
                _columnsHeader = r.ColumnNames;
            }
            result.Columns = _columns;
            result.ColumnValues = r.ColumnValues;
        }
        else if (input is not null && !RecordReader.IsValue(input))
        {
            result.Record = input;
        }
        return result;
    }

    /// <summary>
    /// The file system paths -Path and -LiteralPath name. -Path may use wildcards and match
    /// several files; a -Path that matches nothing but names a file literally (brackets in
    /// its name) reads that file. Other providers (Variable:, Env:...) are refused.
    /// </summary>
    private IEnumerable<string> ResolveFiles()
    {
        var files = new List<string>();
        if (ParameterSetName == LiteralPathSet)
        {
            foreach (string path in LiteralPath)
            {
                files.Add(ResolveLiteral(path));
            }
            return files;
        }
        foreach (string path in Path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                files.Add(ResolveLiteral(path));
                continue;
            }
            ProviderInfo matchedProvider;
            System.Collections.ObjectModel.Collection<string> matches;
            try
            {
                matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out matchedProvider);
            }
            catch (ItemNotFoundException)
            {
                matches = new System.Collections.ObjectModel.Collection<string>();
                matchedProvider = null!;
            }
            if (matches.Count == 0)
            {
                string literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && File.Exists(literal))
                {
                    files.Add(literal);
                    continue;
                }
                ThrowTerminatingError(new ErrorRecord(
                    new FileNotFoundException($"-Path '{path}' matches no file. (To name a file whose name holds [ or ], use -LiteralPath.)"),
                    "FileNotFound", ErrorCategory.ObjectNotFound, path));
            }
            RequireFileSystem(matchedProvider, path);
            files.AddRange(matches);
        }
        return files;
    }


    private protected override void DisposeResources() => _validator?.Dispose();
}
