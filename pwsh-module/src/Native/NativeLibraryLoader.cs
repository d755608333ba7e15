using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ImmutableId.Native;

/// <summary>The Rust core could not be loaded; says where it was looked for.</summary>
internal sealed class NativeLibraryException : Exception
{
    public NativeLibraryException(string message, string path) : base(message) => Path = path;

    public string Path { get; }
}

/// <summary>
/// Loads the Rust core by absolute path from the module's own folder,
/// <c>runtimes/&lt;rid&gt;/native/&lt;file&gt;</c>, and finds its exports. Never from PATH, the
/// current directory or the system's library path: nothing is loaded by name, so no
/// search order applies. On PowerShell 7 (.NET) it uses NativeLibrary; on Windows
/// PowerShell 5.1 (.NET Framework, which has none) the Windows loader with an absolute path.
/// </summary>
internal static class NativeLibraryLoader
{
    private const string BaseName = "immutableid";

    /// <summary>The runtime identifier of this process: win-x64, linux-arm64, osx-arm64...</summary>
    internal static string RuntimeIdentifier { get; } = BuildRuntimeIdentifier();

    // After RuntimeIdentifier: static initializers run in this order.
    /// <summary>Where the library must be for this process's OS and architecture.</summary>
    internal static string ExpectedPath { get; } = BuildExpectedPath();

    private static string BuildRuntimeIdentifier()
    {
        string os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : "linux";
        // .NET Framework 4.7/4.7.1 could report the architecture wrongly; a 32-bit process
        // is what matters, and IntPtr.Size says so whatever the runtime reports.
        string arch = IntPtr.Size != 8 ? "x86"
            : RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64"
            : "x64";
        return $"{os}-{arch}";
    }

    private static string BuildExpectedPath()
    {
        string moduleBase = System.IO.Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location) ?? AppContext.BaseDirectory;
        string file = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? $"{BaseName}.dll"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? $"lib{BaseName}.dylib"
            : $"lib{BaseName}.so";
        return System.IO.Path.Combine(moduleBase, "runtimes", RuntimeIdentifier, "native", file);
    }

    /// <summary>Loads the library; returns a function that finds an export's address by name.</summary>
    internal static Func<string, IntPtr> Load()
    {
        string path = ExpectedPath;
        if (IntPtr.Size != 8)
        {
            throw new NativeLibraryException(
                "ImmutableId runs only in 64-bit PowerShell; this is a 32-bit process (on Windows, the SysWOW64 copy). Start the 64-bit PowerShell.", path);
        }
        if (!File.Exists(path))
        {
            throw new NativeLibraryException(
                $"The ImmutableId native library was not found at '{path}'. Reinstall the module, or rebuild it with ./build.ps1; this build may not include {RuntimeIdentifier}.", path);
        }
        var netCore = NetCoreLoader.TryCreate();
        if (netCore is not null)
        {
            IntPtr handle = netCore.Value.Load(path);
            return name => netCore.Value.GetExport(handle, name);
        }
        IntPtr module = WindowsLoader.LoadLibraryExW(path, IntPtr.Zero, WindowsLoader.LoadWithAlteredSearchPath);
        if (module == IntPtr.Zero)
        {
            throw new NativeLibraryException(
                $"The ImmutableId native library at '{path}' could not be loaded (Windows error {Marshal.GetLastWin32Error()}).", path);
        }
        return name =>
        {
            IntPtr address = WindowsLoader.GetProcAddress(module, name);
            if (address == IntPtr.Zero)
            {
                throw new NativeLibraryException($"The ImmutableId native library at '{path}' has no export '{name}': it is not this module's version.", path);
            }
            return address;
        };
    }

    /// <summary>System.Runtime.InteropServices.NativeLibrary, where the runtime has it (.NET Core 3 and later).</summary>
    private readonly struct NetCoreLoader
    {
        public readonly Func<string, IntPtr> Load;
        public readonly Func<IntPtr, string, IntPtr> GetExport;

        private NetCoreLoader(Func<string, IntPtr> load, Func<IntPtr, string, IntPtr> getExport)
        {
            Load = load;
            GetExport = getExport;
        }

        public static NetCoreLoader? TryCreate()
        {
            Type? type = typeof(Marshal).Assembly.GetType("System.Runtime.InteropServices.NativeLibrary");
            MethodInfo? load = type?.GetMethod("Load", new[] { typeof(string) });
            MethodInfo? getExport = type?.GetMethod("GetExport", new[] { typeof(IntPtr), typeof(string) });
            if (load is null || getExport is null)
            {
                return null;
            }
            return new NetCoreLoader(
                (Func<string, IntPtr>)Delegate.CreateDelegate(typeof(Func<string, IntPtr>), load),
                (Func<IntPtr, string, IntPtr>)Delegate.CreateDelegate(typeof(Func<IntPtr, string, IntPtr>), getExport));
        }
    }

    /// <summary>The Windows loader, for .NET Framework. An absolute path with
    /// LOAD_WITH_ALTERED_SEARCH_PATH: the library's own dependencies come from its folder
    /// and the system, never from the current directory.</summary>
    private static class WindowsLoader
    {
        public const uint LoadWithAlteredSearchPath = 0x00000008;

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
        public static extern IntPtr LoadLibraryExW(string path, IntPtr file, uint flags);

        [DllImport("kernel32", CharSet = CharSet.Ansi, ExactSpelling = true, SetLastError = true)]
        public static extern IntPtr GetProcAddress(IntPtr module, string name);
    }
}
