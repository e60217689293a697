using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace ResumableUpload.Orleans.Planning;

/// <summary>
/// What a worker checks before it reads a file for a job: the same length, last-write time and CRC-64/NVME of the
/// first part as the submitter saw. The submitter computes it, the worker compares; both use this one class.
/// </summary>
internal static class SourceFingerprint
{
    /// <summary>Stats and fingerprints a file for a job.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static async Task<FileSpec> TakeAsync(string path, string bucket, string key, long partSize, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"The source file '{path}' does not exist.", path);
        }

        var head = Math.Min(info.Length, partSize);
        var crc = await HeadCrcAsync(path, head, cancellationToken).ConfigureAwait(false);
        return new FileSpec(info.FullName, bucket, key, info.Length, info.LastWriteTimeUtc.Ticks, head, crc);
    }

    /// <summary>Returns why the file no longer matches the job's fingerprint, or <see langword="null"/> when it does.</summary>
    public static async Task<string?> DescribeMismatchAsync(FileSpec expected, CancellationToken cancellationToken)
    {
        var stat = DescribeStatMismatch(expected);
        if (stat is not null)
        {
            return stat;
        }

        var crc = await HeadCrcAsync(expected.Path, expected.HeadLength, cancellationToken).ConfigureAwait(false);
        return crc == expected.HeadCrc ? null : $"the CRC-64/NVME of its first {expected.HeadLength} bytes is {crc:x16}, the job's is {expected.HeadCrc:x16}";
    }

    /// <summary>Compares length and last-write time only (cheap: after reading, to catch a change during the read).</summary>
    public static string? DescribeStatMismatch(FileSpec expected)
    {
        var info = new FileInfo(expected.Path);
        if (!info.Exists)
        {
            return "the file does not exist on this worker";
        }

        if (info.Length != expected.Length)
        {
            return $"its length is {info.Length} bytes, the job's is {expected.Length}";
        }

        var ticks = info.LastWriteTimeUtc.Ticks;
        return ticks == expected.LastWriteUtcTicks
            ? null
            : $"its last-write time is {new DateTime(ticks, DateTimeKind.Utc):O}, the job's is {new DateTime(expected.LastWriteUtcTicks, DateTimeKind.Utc):O}";
    }

    /// <summary>The job id: a hash of every file's destination and fingerprint, so the same submission finds the same job.</summary>
    public static string JobId(IEnumerable<FileSpec> files)
    {
        var text = new StringBuilder();
        foreach (var f in files)
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.Path}\n{f.Bucket}\n{f.Key}\n{f.Length}\n{f.LastWriteUtcTicks}\n{f.HeadLength}\n{f.HeadCrc}\n");
            if (f.ContentType is { } type)
            {
                text.Append("content-type:").Append(type).Append('\n'); // only when set: the ids of jobs without one stay as they were
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 10));
    }

    private static async Task<ulong> HeadCrcAsync(string path, long length, CancellationToken cancellationToken)
    {
        var crc = new Crc64(Crc64ParameterSet.Nvme);
        var buffer = new byte[(int)Math.Min(Math.Max(length, 1), 1 << 20)];
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using (handle)
        {
            long offset = 0;
            while (offset < length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - offset)), offset, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                crc.Append(buffer.AsSpan(0, n));
                offset += n;
            }
        }

        return crc.GetCurrentHashAsUInt64();
    }
}
