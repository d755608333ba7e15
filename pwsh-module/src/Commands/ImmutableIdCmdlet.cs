using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutableId.Native;

namespace ImmutableId.Commands;

/// <summary>What every cmdlet of the module shares: loading the core, stopping, and writing
/// each item's result or error in input order.</summary>
public abstract class ImmutableIdCmdlet : PSCmdlet, IDisposable
{
    /// <summary>Set by Ctrl+C (StopProcessing); long core calls read it between chunks.</summary>
    private protected InterruptFlag Interrupt { get; } = new();

    protected override void BeginProcessing()
    {
        Records.PropertyLookup.Reset();
        try
        {
            CoreLibrary.EnsureLoaded();
        }
        catch (NativeLibraryException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "NativeLibraryNotFound", ErrorCategory.ResourceUnavailable, ex.Path));
        }
    }

    protected override void StopProcessing() => Interrupt.Set();

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, also when stopped or failed.</summary>
    public void Dispose()
    {
        Interrupt.Dispose();
        DisposeResources();
    }

    private protected virtual void DisposeResources()
    {
    }

    /// <summary>One non-terminating error for one bad item, as the core described it.</summary>
    private protected void WriteItemError(ItemNote note, object? target) =>
        WriteError(new ErrorRecord(new ArgumentException(note.Message), note.Code, ErrorCategory.InvalidArgument, target));

    /// <summary>
    /// Writes a call's <paramref name="count"/> items in order: an item with an error note
    /// gets its error (targeting <paramref name="target"/>), the others their result, after
    /// any warning about them.
    /// </summary>
    private protected void WriteInOrder(int count, List<ItemNote> notes, Func<int, object?> target, Func<int, object?> result)
    {
        int next = 0;
        for (int i = 0; i < count; i++)
        {
            bool failed = false;
            for (; next < notes.Count && notes[next].Item == i; next++)
            {
                if (notes[next].IsWarning)
                {
                    WriteWarning(notes[next].Message);
                }
                else
                {
                    WriteItemError(notes[next], target(i));
                    failed = true;
                }
            }
            if (!failed)
            {
                WriteObject(result(i), enumerateCollection: false);
            }
        }
    }

    /// <summary><see cref="WriteInOrder"/>, for helpers that write on a cmdlet's behalf.</summary>
    internal void WriteItems(int count, List<ItemNote> notes, Func<int, object?> target, Func<int, object?> result) =>
        WriteInOrder(count, notes, target, result);

    /// <summary>A path taken as written (no wildcards), on the file system, made absolute
    /// against PowerShell's current location (the process's directory can differ).</summary>
    private protected string ResolveLiteral(string path)
    {
        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        RequireFileSystem(provider, path);
        return resolved;
    }

    private protected void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            ThrowArgumentError($"'{path}' is on the {provider.Name} provider; {MyInvocation.MyCommand.Name} reads files from the file system.", "NotAFileSystemPath", path);
        }
    }

    /// <summary>The ErrorCategory of a CSV file error code.</summary>
    private protected static ErrorCategory FileErrorCategory(string code) => code switch
    {
        "FileNotFound" => ErrorCategory.ObjectNotFound,
        "FileUnreadable" => ErrorCategory.ReadError,
        "ColumnNotFound" => ErrorCategory.InvalidArgument,
        _ => ErrorCategory.InvalidData,
    };

    /// <summary>
    /// Reads a -SourceAnchor through the core: returns the attribute to read off records, or
    /// null for ConsistencyGuid and ObjectGUID (and when the parameter is not given). A value
    /// that is none of these stops the cmdlet (InvalidSourceAnchor), before any input is read.
    /// </summary>
    private protected string? SourceAnchorAttribute(string? sourceAnchor)
    {
        if (sourceAnchor is null)
        {
            return null;
        }
        var (_, attribute, error) = CoreLibrary.CheckSourceAnchor(sourceAnchor);
        if (error is not null)
        {
            ThrowArgumentError(error.Message, error.Code, sourceAnchor);
        }
        return attribute;
    }

    private protected void ThrowArgumentError(string message, string errorId, object? target) =>
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target));
}
