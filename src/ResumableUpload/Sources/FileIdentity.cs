using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Sources;

/// <summary>Reads a file's device and inode on Linux, so that a file replaced by another one of the same length and time is noticed.</summary>
internal static partial class FileIdentity
{
    // struct stat on 64-bit Linux (x86_64 and aarch64) starts with st_dev (8 bytes) then st_ino (8 bytes).
    private const int StatBufferSize = 256;

    public static string? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatBufferSize];
        return Stat(path, ref MemoryMarshal.GetReference(buffer)) == 0 ? Format(buffer) : null;
    }

    public static string? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatBufferSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return FStat((int)handle.DangerousGetHandle(), ref MemoryMarshal.GetReference(buffer)) == 0 ? Format(buffer) : null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static string Format(ReadOnlySpan<byte> stat)
        => $"{MemoryMarshal.Read<ulong>(stat)}:{MemoryMarshal.Read<ulong>(stat[8..])}";

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "fstat")]
    private static partial int FStat(int fd, ref byte buffer);
}
