using System;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

/// <summary>A native handle: freed once, when disposed or finalized; kept alive while a call uses it.</summary>
internal abstract class CoreHandle : SafeHandle
{
    protected CoreHandle(IntPtr handle) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The pointer, for one call; the handle cannot be released until <see cref="Release"/>.</summary>
    internal IntPtr Acquire()
    {
        bool added = false;
        DangerousAddRef(ref added);
        return handle;
    }

    internal void Release() => DangerousRelease();
}

/// <summary>A native validator (Test-ImmutableId).</summary>
internal sealed class ValidatorHandle : CoreHandle
{
    public ValidatorHandle(IntPtr handle) : base(handle)
    {
    }

    protected override bool ReleaseHandle()
    {
        CoreLibrary.FreeValidator(handle);
        return true;
    }
}

/// <summary>A native reconciler (Compare-ImmutableId, New-HardMatchPlan).</summary>
internal sealed class ReconcilerHandle : CoreHandle
{
    public ReconcilerHandle(IntPtr handle) : base(handle)
    {
    }

    protected override bool ReleaseHandle()
    {
        CoreLibrary.FreeReconciler(handle);
        return true;
    }
}
