using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace ImmutableId.Native;

/// <summary>
/// A 32-bit integer in unmanaged memory that long core calls read between chunks: a
/// cmdlet's <c>StopProcessing</c> (Ctrl+C, another thread) sets it, and the call returns
/// early. Unmanaged, so it stays put while the call reads it.
/// </summary>
internal sealed unsafe class InterruptFlag : IDisposable
{
    private readonly object _gate = new();
    private IntPtr _memory = Marshal.AllocHGlobal(sizeof(int));

    public InterruptFlag() => *(int*)_memory = 0;

    internal int* Pointer => (int*)_memory;

    /// <summary>Asks the running call to stop. Safe from any thread, also after Dispose.</summary>
    public void Set()
    {
        lock (_gate)
        {
            if (_memory != IntPtr.Zero)
            {
                Interlocked.Exchange(ref *(int*)_memory, 1);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_memory != IntPtr.Zero)
            {
                Marshal.FreeHGlobal(_memory);
                _memory = IntPtr.Zero;
            }
        }
    }
}
