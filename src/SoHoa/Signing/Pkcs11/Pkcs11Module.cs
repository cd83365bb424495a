using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SoHoa.Signing.Pkcs11;

/// <summary>
/// A vendor's PKCS#11 module, loaded and initialized once per process however many keys use it (C_Initialize may be
/// called once; the officer's token and the seal's HSM often share a module), and finalized when the last key lets go.
/// </summary>
internal sealed class Pkcs11Module : IDisposable
{
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static bool _resolverSet;
    private int _references;

    private Pkcs11Module(string path, Pkcs11InteropFactories factories, IPkcs11Library library)
    {
        Path = path;
        Factories = factories;
        Library = library;
    }

    public string Path { get; }

    public Pkcs11InteropFactories Factories { get; }

    public IPkcs11Library Library { get; }

    /// <summary>Loads the module at <paramref name="path"/>, or shares the one already loaded; dispose once for every call.</summary>
    /// <exception cref="SoHoaException">The module cannot be loaded or initialized (<see cref="SoHoaErrorCode.Configuration"/>).</exception>
    public static Pkcs11Module Acquire(string path)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        lock (Gate)
        {
            FindDynamicLinker();
            if (!Loaded.TryGetValue(fullPath, out Pkcs11Module? module))
            {
                var factories = new Pkcs11InteropFactories();
                IPkcs11Library library;
                try
                {
                    // Multi-threaded: the module does its own locking (CKF_OS_LOCKING_OK), sessions are still one per thread.
                    library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, fullPath, AppType.MultiThreaded);
                }
                catch (Exception ex) when (ex is Pkcs11Exception or UnmanagedException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
                {
                    string reason = ex is Pkcs11Exception p11 ? p11.RV.ToString() : ex.GetType().Name;
                    throw new SoHoaException(SoHoaErrorCode.Configuration, $"The PKCS#11 module '{fullPath}' could not be loaded ({reason}): is it the vendor's PKCS#11 library for this machine?");
                }

                module = new Pkcs11Module(fullPath, factories, library);
                Loaded.Add(fullPath, module);
            }

            module._references++;
            return module;
        }
    }

    /// <summary>
    /// Pkcs11Interop loads modules with <c>dlopen</c> from "libdl", a name only the -dev package provides on Debian; since
    /// glibc 2.34 <c>dlopen</c> lives in libc itself. Point that one name of that one assembly at the runtime's libraries.
    /// </summary>
    private static void FindDynamicLinker()
    {
        if (_resolverSet || !OperatingSystem.IsLinux())
        {
            return;
        }

        _resolverSet = true;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibDl);
        }
        catch (InvalidOperationException)
        {
            // The application set its own resolver for Pkcs11Interop: it knows its machine.
        }
    }

    private static IntPtr ResolveLibDl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl")
        {
            return IntPtr.Zero;
        }

        foreach (string candidate in new[] { "libdl.so.2", "libc.so.6" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    /// <summary>Finds the slot whose token has <paramref name="label"/> and/or <paramref name="serial"/>; null when no such token is present.</summary>
    public ISlot? FindToken(string? label, string? serial)
    {
        foreach (ISlot slot in Library.GetSlotList(SlotsType.WithTokenPresent))
        {
            ITokenInfo token = slot.GetTokenInfo();
            if ((string.IsNullOrEmpty(label) || token.Label.Trim() == label) && (string.IsNullOrEmpty(serial) || token.SerialNumber.Trim() == serial))
            {
                return slot;
            }
        }

        return null;
    }

    public void Dispose()
    {
        lock (Gate)
        {
            if (--_references > 0)
            {
                return;
            }

            Loaded.Remove(Path);
            Library.Dispose();
        }
    }
}
