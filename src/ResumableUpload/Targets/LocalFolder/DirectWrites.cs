using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using ResumableUpload.Hashing;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// Writes a placed part past the page cache (O_DIRECT, Linux): each chunk of the part is copied once into an aligned
/// buffer, its CRC is taken from that copy while it is hot (the very bytes the disk is handed), and the copy goes to the
/// disk without a page-cache page being filled, dirtied and written back later. DECISIONS 35 says why.
/// </summary>
/// <remarks>
/// Offsets and lengths must be multiples of <see cref="Alignment"/>: the part's offset is, when the upload's stride is
/// (<see cref="CanPlace"/>); the unaligned tail of a last part goes through an ordinary (buffered) write. Where the file
/// system refuses O_DIRECT, or off Linux, <see cref="TryOpen"/> gives <see langword="null"/> and the caller writes
/// through <see cref="VerifiedWrites"/> as before.
/// </remarks>
internal static partial class DirectWrites
{
    /// <summary>The alignment of O_DIRECT offsets, lengths and buffers: a page, a multiple of every common block size.</summary>
    public const int Alignment = 4096;

    private const int ChunkSize = 4 << 20;
    private const int ReadWriteForAll = 0x1B6; // 0666, less the umask: what FileStream creates files with

    private static readonly int OpenFlags = DirectOpenFlags();

    // Pinned arrays of ChunkSize + Alignment bytes, one per part being written at once, kept for the next parts.
    private static readonly ConcurrentBag<byte[]> Chunks = [];

    /// <summary>Whether a part at <paramref name="offset"/> of an upload with this stride can be written with O_DIRECT.</summary>
    public static bool CanPlace(long offset, long stride) => OpenFlags != 0 && offset % Alignment == 0 && stride % Alignment == 0;

    /// <summary>Opens (creating if missing) the file for O_DIRECT writes, or gives <see langword="null"/> where that is refused.</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        var fd = OpenFlags == 0 ? -1 : Open(path, OpenFlags, ReadWriteForAll);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Writes the part at <paramref name="offset"/> of the file <paramref name="direct"/> holds open (at <paramref name="path"/>).</summary>
    /// <returns>The CRC of the bytes written, in <paramref name="algorithm"/>.</returns>
    /// <exception cref="TargetException">The bytes do not match the request, or the file system failed.</exception>
    public static async Task<ulong> WriteAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, SafeFileHandle direct, string path, long offset, CancellationToken cancellationToken)
    {
        var crc = Crc.CreateIncremental(algorithm);
        using var md5 = request.Checksums.Md5.IsEmpty ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var array = Chunks.TryTake(out var pooled) ? pooled : GC.AllocateUninitializedArray<byte>(ChunkSize + Alignment, pinned: true);
        var chunk = array.AsMemory(AlignedStart(array), ChunkSize);
        long written = 0;
        try
        {
            var content = request.OpenContent();
            await using (content.ConfigureAwait(false))
            {
                int filled;
                while ((filled = await content.ReadAtLeastAsync(chunk, ChunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (written + filled > request.Length)
                    {
                        written += filled; // more bytes than declared: write none of them over the next part's range
                        break;
                    }

                    var bytes = chunk[..filled];
                    crc.Append(bytes.Span);
                    md5?.AppendData(bytes.Span);
                    var aligned = filled & ~(Alignment - 1);
                    await RandomAccess.WriteAsync(direct, bytes[..aligned], offset + written, cancellationToken).ConfigureAwait(false);
                    if (aligned < filled)
                    {
                        WriteTail(path, bytes[aligned..], offset + written + aligned);
                    }

                    written += filled;
                }
            }
        }
        catch (IOException ex)
        {
            throw FileSystemErrors.Map(ex);
        }
        finally
        {
            Chunks.Add(array);
        }

        return VerifiedWrites.Check(request, algorithm, written, crc, md5);
    }

    /// <summary>The last bytes of a part that end short of a block: an ordinary write (O_DIRECT needs whole blocks).</summary>
    private static void WriteTail(string path, ReadOnlyMemory<byte> tail, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.Write(handle, tail.Span, offset);
    }

    private static int AlignedStart(byte[] pinned)
    {
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0).ToInt64();
        return (int)((Alignment - (address % Alignment)) % Alignment);
    }

    /// <summary>O_WRONLY | O_CREAT | O_CLOEXEC | O_DIRECT for this architecture, or 0 where O_DIRECT is not used.</summary>
    private static int DirectOpenFlags()
    {
        const int WriteOnly = 0x1, Create = 0x40, CloseOnExec = 0x80000;
        var direct = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x4000,
            Architecture.Arm64 or Architecture.Arm => 0x10000,
            _ => 0,
        };
        return direct == 0 ? 0 : WriteOnly | Create | CloseOnExec | direct;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
