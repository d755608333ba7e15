using System;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

// Mirrors rust-core/include/immutableid.h. Every type here is blittable, so no marshalling
// stubs run; tests/Module.Tests.ps1 checks that these entry points are the header's.

/// <summary>IidStatus: what every export returns.</summary>
internal enum IidStatus
{
    Ok = 0,
    InvalidArgument = 1,
    Panic = 2,
}

/// <summary>IID_VALUE_*: how a batch value is to be read.</summary>
internal enum IidValueKind : uint
{
    None = 0,
    Text = 1,
    Guid = 2,
    Bytes = 3,
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidValue
{
    public IidValueKind Kind;
    public nuint Offset;
    public nuint Len;
}

[StructLayout(LayoutKind.Sequential)]
internal struct IidBuffer
{
    public IntPtr Ptr;
    public nuint Len;
    public nuint Cap;
}

internal static unsafe class NativeMethods
{
    private const string Lib = NativeLibraryResolver.LibraryName;

    [DllImport(Lib, EntryPoint = "iid_to_immutable_id_many", ExactSpelling = true)]
    internal static extern IidStatus ToImmutableIdMany(
        char* text, nuint textLen, byte* bytes, nuint bytesLen,
        IidValue* preferred, IidValue* fallback, nuint count, uint format,
        byte* output, nuint outputLen, IidBuffer* errors);

    [DllImport(Lib, EntryPoint = "iid_output_width", ExactSpelling = true)]
    internal static extern nuint OutputWidth(uint form);

    [DllImport(Lib, EntryPoint = "iid_from_immutable_id_many", ExactSpelling = true)]
    internal static extern IidStatus FromImmutableIdMany(
        char* text, nuint textLen, IidValue* values, nuint count, uint form,
        byte* output, nuint outputLen, IidBuffer* errors);

    [DllImport(Lib, EntryPoint = "iid_describe_many", ExactSpelling = true)]
    internal static extern IidStatus DescribeMany(
        char* text, nuint textLen, IidValue* values, nuint count, IidBuffer* outJson, IidBuffer* errors);

    [DllImport(Lib, EntryPoint = "iid_cloud_anchor_decode_many", ExactSpelling = true)]
    internal static extern IidStatus CloudAnchorDecodeMany(
        char* text, nuint textLen, IidValue* values, nuint count, IidBuffer* outJson, IidBuffer* errors);

    [DllImport(Lib, EntryPoint = "iid_cloud_anchor_encode_many", ExactSpelling = true)]
    internal static extern IidStatus CloudAnchorEncodeMany(
        char* text, nuint textLen, IidValue* values, nuint count,
        char* objectType, nuint objectTypeLen, IidBuffer* outJson, IidBuffer* errors);

    [DllImport(Lib, EntryPoint = "iid_buffer_free", ExactSpelling = true)]
    internal static extern void BufferFree(IidBuffer buffer);

    [DllImport(Lib, EntryPoint = "iid_version", ExactSpelling = true)]
    internal static extern IntPtr Version();
}
