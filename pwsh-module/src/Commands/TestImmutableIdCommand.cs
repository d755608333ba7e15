using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>Counts per status and per reason (Test-ImmutableId -Summary).</summary>
public sealed class ImmutableIdTestSummary
{
    public long Total { get; set; }
    public long Valid { get; set; }
    public long Warning { get; set; }
    public long Invalid { get; set; }
    public Dictionary<string, long> Reasons { get; set; } = new();
}

/// <summary>One verdict as the core wrote it.</summary>
internal sealed class NativeTestResult
{
    public long Index { get; set; }
    public long? Line { get; set; }
    public string? Value { get; set; }
    public string Status { get; set; } = "";
    public string[] Reasons { get; set; } = Array.Empty<string>();
    public string[] Messages { get; set; } = Array.Empty<string>();
    public Guid? Guid { get; set; }
    public Guid? ExpectedGuid { get; set; }
    public string? Suggestion { get; set; }
    public long[] Duplicates { get; set; } = Array.Empty<long>();
    public long DuplicateCount { get; set; }
    public JsonElement? Columns { get; set; }
}

/// <summary>
/// <para type="synopsis">Checks many ImmutableIds at once, before any is written to the cloud.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImmutableId", DefaultParameterSetName = ValueSet)]
[OutputType(typeof(PSObject), typeof(ImmutableIdTestSummary), typeof(bool))]
public sealed class TestImmutableIdCommand : ImmutableIdCmdlet, IDisposable
{
    private const string ValueSet = "Value";
    private const string PathSet = "Path";
    private const string ResultTypeName = "ImmutableId.TestResult";

    /// <summary>ImmutableId strings, or objects (Get-MgUser, Import-Csv rows) whose other properties are carried into the result.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = ValueSet)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    /// <summary>The value to check, bound from a piped object's ImmutableId or OnPremisesImmutableId.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ValueSet)]
    [Alias("OnPremisesImmutableId")]
    [AllowNull, AllowEmptyString]
    public string? ImmutableId { get; set; }

    /// <summary>The on-premises GUID the value must match: a [guid], GUID string or 16-byte array; bound from ObjectGUID.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ValueSet)]
    [Alias("ObjectGUID")]
    [AllowNull, AllowEmptyString]
    public object? ExpectedGuid { get; set; }

    /// <summary>A CSV file (UTF-8 with or without BOM, or UTF-16 with BOM), read by the core.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    public string Path { get; set; } = "";

    /// <summary>The column holding the values; by default the first of ImmutableId, OnPremisesImmutableId.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public string? Column { get; set; }

    /// <summary>The column holding each row's on-premises GUID; by default ObjectGUID when present.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public string? ExpectedGuidColumn { get; set; }

    /// <summary>Return counts per status and reason instead of one result per value.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>Return only $true when every value is Valid, else $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    private NativeValidator? _validator;
    /// <summary>The input objects whose properties results carry (not kept with -Summary or -Quiet).</summary>
    private readonly List<object?> _records = new();
    /// <summary>Each checked value's position among all inputs, errors included: its result's Index.</summary>
    private readonly List<long> _positions = new();
    /// <summary>Errors for inputs that are not values, held back so they come out in input order.</summary>
    private readonly List<(long Position, ErrorRecord Error)> _heldErrors = new();
    private long _inputCount;

    private bool CountsOnly => Summary || Quiet;

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _validator = new NativeValidator(CountsOnly);
        Batch.Clear();
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PathSet)
        {
            return;
        }
        if (ImmutableId is not null || !ValueBatch.IsValue(InputObject) && HasAnchorProperty(InputObject))
        {
            AddValue(ImmutableId, ExpectedGuid, InputObject);
            return;
        }
        foreach (object? item in ValueBatch.Items(InputObject))
        {
            if (ValueBatch.IsValue(item))
            {
                AddValue(ValueBatch.Unwrap(item)?.ToString(), ExpectedGuid, item);
            }
            else if (HasAnchorProperty(item))
            {
                var properties = PSObject.AsPSObject(item).Properties;
                var value = (properties["ImmutableId"] ?? properties["OnPremisesImmutableId"])?.Value;
                AddValue(value?.ToString(), ExpectedGuid ?? properties["ObjectGUID"]?.Value, item);
            }
            else
            {
                HoldOrWrite(NoValueError(item, "ImmutableId, OnPremisesImmutableId"));
            }
        }
    }

    private void AddValue(string? value, object? expectedGuid, object? record)
    {
        if (ValueBatch.Unwrap(record) is byte[])
        {
            HoldOrWrite(new ErrorRecord(
                new ArgumentException("A byte array is not an ImmutableId. Convert it first: ConvertTo-ImmutableId -InputObject $bytes."),
                "ByteArrayNotImmutableId", ErrorCategory.InvalidArgument, record));
            return;
        }
        Batch.Add(value, expectedGuid);
        if (!CountsOnly)
        {
            _records.Add(record);
            _positions.Add(_inputCount);
        }
        _inputCount++;
        // Results mode may add in several calls too: the core keeps every record until the end.
        if (Batch.IsFull)
        {
            _validator!.Add(Batch);
            Batch.Clear();
        }
    }

    /// <summary>Counts only: write the error now. Results: keep it for its place among the results.</summary>
    private void HoldOrWrite(ErrorRecord error)
    {
        if (CountsOnly)
        {
            WriteError(error);
        }
        else
        {
            _heldErrors.Add((_inputCount, error));
        }
        _inputCount++;
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == PathSet)
        {
            string path = ResolveFilePath(Path);
            var fileError = _validator!.AddCsv(path, Column, ExpectedGuidColumn);
            if (fileError is not null)
            {
                ThrowTerminatingError(new ErrorRecord(new System.IO.IOException(fileError.Message), fileError.Code, CategoryOf(fileError.Code), Path));
            }
        }
        else
        {
            // The last, partly filled batch; the core holds every earlier one until Finish.
            _validator!.Add(Batch);
            Batch.Clear();
        }
        if (CountsOnly)
        {
            var summary = _validator.Finish<ImmutableIdTestSummary>() ?? new ImmutableIdTestSummary();
            WriteObject(Quiet ? summary.Valid == summary.Total : summary);
            return;
        }
        int held = 0;
        foreach (var result in _validator.Finish<NativeTestResult[]>() ?? Array.Empty<NativeTestResult>())
        {
            var output = ToResultObject(result);
            for (; held < _heldErrors.Count && _heldErrors[held].Position < PositionOf(result.Index); held++)
            {
                WriteError(_heldErrors[held].Error);
            }
            WriteObject(output);
        }
        for (; held < _heldErrors.Count; held++)
        {
            WriteError(_heldErrors[held].Error);
        }
    }

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, also when stopped or failed.</summary>
    public void Dispose() => _validator?.Dispose();

    /// <summary>The input position of the core's i-th value (they differ once an input was an error).</summary>
    private long PositionOf(long index) => index < _positions.Count ? _positions[(int)index] : index;

    private static bool HasAnchorProperty(object? input)
    {
        var properties = PSObject.AsPSObject(input).Properties;
        return properties["ImmutableId"] is not null || properties["OnPremisesImmutableId"] is not null;
    }

    private PSObject ToResultObject(NativeTestResult result)
    {
        var output = new PSObject();
        output.TypeNames.Insert(0, ResultTypeName);
        var properties = output.Properties;
        properties.Add(new PSNoteProperty("ImmutableId", result.Value));
        properties.Add(new PSNoteProperty("Status", result.Status));
        properties.Add(new PSNoteProperty("Reasons", result.Reasons));
        properties.Add(new PSNoteProperty("Guid", result.Guid));
        properties.Add(new PSNoteProperty("ExpectedGuid", result.ExpectedGuid));
        properties.Add(new PSNoteProperty("Suggestion", result.Suggestion));
        properties.Add(new PSNoteProperty(result.Line is null ? "Index" : "Line", result.Line ?? PositionOf(result.Index)));
        // Duplicates lists at most 100 others; DuplicateCount is how many there are.
        properties.Add(new PSNoteProperty("Duplicates", result.Line is null ? Array.ConvertAll(result.Duplicates, PositionOf) : result.Duplicates));
        properties.Add(new PSNoteProperty("DuplicateCount", result.DuplicateCount));
        properties.Add(new PSNoteProperty("Messages", result.Messages));
        if (result.Columns is { ValueKind: JsonValueKind.Object } columns)
        {
            foreach (var column in columns.EnumerateObject())
            {
                AddCarried(properties, column.Name, column.Value.ValueKind == JsonValueKind.Null ? null : column.Value.GetString());
            }
        }
        else if (result.Index < _records.Count && !ValueBatch.IsValue(_records[(int)result.Index]))
        {
            foreach (var property in PSObject.AsPSObject(_records[(int)result.Index]).Properties)
            {
                AddCarried(properties, property.Name, property.Value);
            }
        }
        return output;
    }

    /// <summary>Carries an input property (UserPrincipalName, Id...) unless the result already has one of that name.</summary>
    private static void AddCarried(PSMemberInfoCollection<PSPropertyInfo> properties, string name, object? value)
    {
        if (properties[name] is null && !name.Equals("OnPremisesImmutableId", StringComparison.OrdinalIgnoreCase))
        {
            properties.Add(new PSNoteProperty(name, value));
        }
    }

    /// <summary>
    /// The file system path -Path names: wildcards must match one file; other providers
    /// (Variable:, Env:...) are refused rather than read relative to the process's directory.
    /// </summary>
    private string ResolveFilePath(string path)
    {
        ProviderInfo provider;
        string resolved;
        if (WildcardPattern.ContainsWildcardCharacters(path))
        {
            var matches = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
            if (matches.Count != 1)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-Path '{path}' matches {matches.Count} files; name one file."),
                    "AmbiguousPath", ErrorCategory.InvalidArgument, path));
            }
            resolved = matches[0];
        }
        else
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-Path '{path}' is on the {provider.Name} provider; Test-ImmutableId reads files from the file system."),
                "NotAFileSystemPath", ErrorCategory.InvalidArgument, path));
        }
        return resolved;
    }

    private static ErrorCategory CategoryOf(string code) => code switch
    {
        "FileNotFound" => ErrorCategory.ObjectNotFound,
        "FileUnreadable" => ErrorCategory.ReadError,
        "ColumnNotFound" => ErrorCategory.InvalidArgument,
        _ => ErrorCategory.InvalidData,
    };
}
