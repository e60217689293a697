using System.Buffers;
using ResumableUpload.Hashing;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// Placed parts are not flushed to the disk one by one: the object is flushed once, at complete (DECISIONS 35). A part
/// recorded before a power cut may therefore have lost its bytes while its marker survived. The upload's folder records
/// the boot (Linux's boot id) whose parts it has checked; in any other boot, before its parts are listed or another is
/// written, each placed part is read back and held against its marker's CRC, a part whose bytes are gone loses its
/// marker (so it is sent again), the data file is flushed, and only then is the current boot recorded.
/// </summary>
/// <remarks>A killed process loses nothing the kernel accepted, so within one boot no part is read back. Off Linux
/// (no boot id) nothing is checked.</remarks>
internal static class PowerCutCheck
{
    private const string FileName = "boot";
    private const int BufferSize = 1 << 20;
    private static readonly Lazy<string?> CurrentBoot = new(ReadBootId);

    /// <summary>Checks the folder's placed parts if they were recorded in another boot, then records this boot.</summary>
    public static void EnsureChecked(string folder, ChecksumAlgorithm algorithm)
    {
        if (CurrentBoot.Value is not { } boot || string.Equals(Recorded(folder), boot, StringComparison.Ordinal))
        {
            return;
        }

        var data = PlacedParts.DataPath(folder);
        foreach (var part in PlacedParts.ReadMarkers(folder))
        {
            if (!Holds(data, part, algorithm))
            {
                FileSystemErrors.TryDelete(part.MarkerPath);
            }
        }

        if (File.Exists(data))
        {
            using var file = new FileStream(data, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Flush(flushToDisk: true); // the parts kept are now durable, whatever happens to this boot
        }

        Record(folder, boot);
    }

    /// <summary>Records this boot in a new upload's folder, which has no parts to check.</summary>
    public static void Stamp(string folder)
    {
        if (CurrentBoot.Value is { } boot)
        {
            Record(folder, boot);
        }
    }

    private static void Record(string folder, string boot)
    {
        var path = Path.Combine(folder, FileName);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temp, boot);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            FileSystemErrors.TryDelete(temp);
        }
    }

    private static string? Recorded(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, FileName)).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static bool Holds(string data, StoredPart part, ChecksumAlgorithm algorithm)
    {
        if (!File.Exists(data))
        {
            return false;
        }

        using var handle = File.OpenHandle(data, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var crc = Crc.CreateIncremental(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long done = 0;
            while (done < part.Length)
            {
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(BufferSize, part.Length - done)), part.Offset!.Value + done);
                if (read == 0)
                {
                    return false; // the data file is shorter than the part
                }

                crc.Append(buffer.AsSpan(0, read));
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Crc.GetCurrentValue(crc) == part.Crc;
    }

    private static string? ReadBootId()
    {
        const string path = "/proc/sys/kernel/random/boot_id";
        return OperatingSystem.IsLinux() && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
