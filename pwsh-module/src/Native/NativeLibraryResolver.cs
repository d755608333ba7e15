using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

/// <summary>
/// Loads the Rust core only from the module's own folder,
/// <c>runtimes/&lt;rid&gt;/native/&lt;library&gt;</c>: never from PATH, the current directory or
/// the system's library path.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibraryName = "immutableid";

    private static IntPtr _handle;

    /// <summary>Where the library must be for this process's OS and architecture.</summary>
    internal static string ExpectedPath { get; } = BuildExpectedPath();

#pragma warning disable CA2255 // a module initializer is the one place to register the resolver before any P/Invoke
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    /// <summary>Loads the library now, so a missing file is reported before any input is read.</summary>
    internal static void EnsureLoaded() => Load();

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibraryName ? Load() : IntPtr.Zero;

    private static IntPtr Load()
    {
        if (_handle != IntPtr.Zero)
        {
            return _handle;
        }
        // Throwing (not returning zero) keeps .NET from falling back to its default probing.
        if (!File.Exists(ExpectedPath))
        {
            throw new DllNotFoundException(
                $"The ImmutableId native library was not found at '{ExpectedPath}'. Rebuild the module with ./build.ps1, or reinstall it.");
        }
        _handle = NativeLibrary.Load(ExpectedPath);
        return _handle;
    }

    private static string BuildExpectedPath()
    {
        string moduleBase = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location) ?? AppContext.BaseDirectory;
        string arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        (string os, string file) =
            OperatingSystem.IsWindows() ? ("win", $"{LibraryName}.dll")
            : OperatingSystem.IsMacOS() ? ("osx", $"lib{LibraryName}.dylib")
            : ("linux", $"lib{LibraryName}.so");
        return Path.Combine(moduleBase, "runtimes", $"{os}-{arch}", "native", file);
    }
}
