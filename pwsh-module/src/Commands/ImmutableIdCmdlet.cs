using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>What every cmdlet of the module shares: loading the core, and error records.</summary>
public abstract class ImmutableIdCmdlet : PSCmdlet
{
    /// <summary>Reused for every record, so the pipeline allocates no buffers per item.</summary>
    private protected ValueBatch Batch { get; } = new();

    protected override void BeginProcessing()
    {
        try
        {
            NativeLibraryResolver.EnsureLoaded();
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NativeLibraryNotFound", ErrorCategory.ResourceUnavailable, NativeLibraryResolver.ExpectedPath));
        }
    }

    /// <summary>One non-terminating error for one bad value, as the core described it.</summary>
    private protected void WriteValueError(NativeValueError error, object? target) =>
        WriteError(new ErrorRecord(new ArgumentException(error.Message), error.Code, ErrorCategory.InvalidArgument, target));

    /// <summary>The values a string-array parameter holds; a null array stands for one null value.</summary>
    private protected static string?[] ValuesOf(string?[]? input) => input ?? new string?[] { null };

    /// <summary>Converts strings with a core call that answers in JSON, writing results and errors in input order.</summary>
    private protected void ConvertWithJson<T>(string?[]? input, ValueBatch.JsonCall call) =>
        ConvertInBatches(input, () =>
        {
            var errors = Batch.CallJson<T>(call, out var results);
            return (errors, i => results[i]);
        });

    /// <summary>
    /// Feeds strings to the batch and converts each full batch with <paramref name="convert"/>,
    /// which returns the result of item i of that batch; errors and results go out in input order.
    /// </summary>
    private protected void ConvertInBatches(string?[]? input, Func<(Dictionary<int, NativeValueError>? Errors, Func<int, object?> Result)> convert)
    {
        string?[] values = ValuesOf(input);
        int start = 0;
        Batch.Clear();
        for (int i = 0; i < values.Length; i++)
        {
            Batch.Add(values[i]);
            if (Batch.IsFull || i == values.Length - 1)
            {
                var (errors, result) = convert();
                int first = start;
                WriteInOrder(Batch.Count, errors, result, j => values[first + j]);
                start = i + 1;
                Batch.Clear();
            }
        }
    }

    /// <summary>Writes a batch's results and errors (with their inputs as targets) in input order.</summary>
    private protected void WriteInOrder(int count, Dictionary<int, NativeValueError>? errors, Func<int, object?> result, Func<int, object?> target)
    {
        for (int i = 0; i < count; i++)
        {
            if (errors is not null && errors.TryGetValue(i, out var error))
            {
                WriteValueError(error, target(i));
            }
            else
            {
                WriteObject(result(i), enumerateCollection: false);
            }
        }
    }

    /// <summary>For a record that carries none of the properties a cmdlet reads.</summary>
    private protected void WriteNoValueError(object? target, string properties) => WriteError(NoValueError(target, properties));

    private protected static ErrorRecord NoValueError(object? target, string properties) =>
        new(new ArgumentException($"The input object has none of the properties {properties}, and is not itself a value to convert."),
            "NoAnchorProperty", ErrorCategory.InvalidArgument, target);
}
