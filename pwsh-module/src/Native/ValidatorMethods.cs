using System;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

// The validator half of rust-core/include/immutableid.h (rust-core/src/ffi_validate.rs).
internal static unsafe class ValidatorMethods
{
    private const string Lib = NativeLibraryResolver.LibraryName;

    internal const uint ResultsMode = 0;
    internal const uint SummaryMode = 1;

    [DllImport(Lib, EntryPoint = "iid_validator_new", ExactSpelling = true)]
    internal static extern IntPtr ValidatorNew(uint mode);

    [DllImport(Lib, EntryPoint = "iid_validator_add_many", ExactSpelling = true)]
    internal static extern IidStatus ValidatorAddMany(
        IntPtr validator, char* text, nuint textLen, byte* bytes, nuint bytesLen,
        IidValue* values, IidValue* expected, nuint count);

    [DllImport(Lib, EntryPoint = "iid_validator_add_csv", ExactSpelling = true)]
    internal static extern IidStatus ValidatorAddCsv(
        IntPtr validator, char* path, nuint pathLen, char* column, nuint columnLen,
        char* expectedColumn, nuint expectedColumnLen, IidBuffer* error);

    [DllImport(Lib, EntryPoint = "iid_validator_finish", ExactSpelling = true)]
    internal static extern IidStatus ValidatorFinish(IntPtr validator, IidBuffer* outJson);

    [DllImport(Lib, EntryPoint = "iid_validator_free", ExactSpelling = true)]
    internal static extern void ValidatorFree(IntPtr validator);
}

/// <summary>A file-level problem the core found reading a CSV.</summary>
internal sealed class NativeFileError
{
    public string Code { get; set; } = "";
    public string Message { get; set; } = "";
}

/// <summary>Owns one native validator; values go in by batches, the verdict comes out as JSON.</summary>
internal sealed unsafe class NativeValidator : IDisposable
{
    private IntPtr _handle;

    public NativeValidator(bool summary)
    {
        _handle = ValidatorMethods.ValidatorNew(summary ? ValidatorMethods.SummaryMode : ValidatorMethods.ResultsMode);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("The ImmutableId native library refused to create a validator; this is a bug in the module.");
        }
    }

    /// <summary>Adds what a batch holds: each item's first value is the ImmutableId, its second the expected GUID.</summary>
    public void Add(ValueBatch batch) => batch.WithPointers((text, textLength, bytes, bytesLength, values, expected, count) =>
        ValueBatch.Check(ValidatorMethods.ValidatorAddMany(_handle, text, textLength, bytes, bytesLength, values, expected, count)));

    /// <summary>Reads a CSV file; returns the file-level error, if any.</summary>
    public NativeFileError? AddCsv(string path, string? column, string? expectedColumn)
    {
        IidBuffer error = default;
        fixed (char* p = path)
        fixed (char* c = column)
        fixed (char* e = expectedColumn)
        {
            ValueBatch.Check(ValidatorMethods.ValidatorAddCsv(
                _handle, p, (nuint)path.Length, c, (nuint)(column?.Length ?? 0), e, (nuint)(expectedColumn?.Length ?? 0), &error));
        }
        return ValueBatch.TakeJson<NativeFileError>(ref error);
    }

    /// <summary>The verdict: results or summary JSON, parsed as <typeparamref name="T"/>.</summary>
    public T? Finish<T>()
    {
        IidBuffer json = default;
        ValueBatch.Check(ValidatorMethods.ValidatorFinish(_handle, &json));
        return ValueBatch.TakeJson<T>(ref json);
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            ValidatorMethods.ValidatorFree(_handle);
            _handle = IntPtr.Zero;
        }
    }
}
