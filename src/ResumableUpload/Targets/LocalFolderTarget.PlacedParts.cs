using System.Globalization;
using ResumableUpload.Hashing;

namespace ResumableUpload;

/// <summary>
/// Parts written in place: when a part arrives with its <see cref="PartUploadRequest.ObjectOffset"/>, its bytes go
/// straight into the upload's data file at that offset and a small marker records it, so complete flushes and renames
/// that file instead of copying every byte a second time.
/// </summary>
/// <remarks>
/// The first placed part fixes the upload's stride (part 1: its length; part n: its offset / (n - 1)); every placed
/// part must then start at (n - 1) × stride and be at most one stride long, so placed parts never overlap whatever order
/// they arrive in. An upload's old marker is removed before its bytes are rewritten, so a process killed mid-write
/// leaves the part missing (sent again on resume), never a marker over other bytes.
/// </remarks>
public sealed partial class LocalFolderTarget
{
    private const string PlacedExtension = ".placed";
    private const string DataFileName = "object.data";
    private const string StrideFileName = "stride";

    private static string DataPath(string folder) => Path.Combine(folder, DataFileName);

    private static string MarkerPath(string folder, int number) => Path.Combine(folder, $"{number:D5}{PlacedExtension}");

    /// <summary>Removes a part's earlier files: its staged ones (a listing) and its marker (a known name, no listing).</summary>
    private static void RemovePartFiles(string folder, int number, string except)
    {
        foreach (var stale in Directory.EnumerateFiles(folder, $"{number:D5}-*{PartExtension}"))
        {
            if (!string.Equals(stale, except, StringComparison.Ordinal))
            {
                File.Delete(stale);
            }
        }

        File.Delete(MarkerPath(folder, number));
    }

    private static long FixStride(string folder, PartUploadRequest request, long offset)
    {
        var path = Path.Combine(folder, StrideFileName);
        if (!File.Exists(path))
        {
            var proposed = request.PartNumber == 1 ? request.Length : offset / (request.PartNumber - 1);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, proposed.ToString(CultureInfo.InvariantCulture));
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException)
            {
                // another part fixed it first
            }
            finally
            {
                TryDelete(temp);
            }
        }

        return long.Parse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static async Task<UploadedPart> UploadPlacedPartAsync(PartUploadRequest request, long offset, ChecksumAlgorithm algorithm, string folder, CancellationToken cancellationToken)
    {
        long stride = 0;
        Guarded(() =>
        {
            stride = FixStride(folder, request, offset);
            File.Delete(MarkerPath(folder, request.PartNumber)); // a staged file of this number, if any, is older: the marker wins
        });
        if (offset != (request.PartNumber - 1) * stride || request.Length > stride)
        {
            throw new TargetException(
                TargetErrorKind.InvalidRequest,
                "InvalidPartLayout",
                $"Part {request.PartNumber} ({request.Length} bytes at offset {offset}) does not fit this upload's layout: part n starts at (n - 1) x {stride} and holds at most {stride} bytes.");
        }

        var crc = await WriteVerifiedAsync(
            request,
            algorithm,
            () => new FileStream(DataPath(folder), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous) { Position = offset },
            cancellationToken).ConfigureAwait(false);
        var marker = MarkerPath(folder, request.PartNumber);
        var temp = marker + "." + Guid.NewGuid().ToString("N") + ".tmp";
        Guarded(() =>
        {
            try
            {
                File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{offset} {request.Length} {crc:x16}"));
                File.Move(temp, marker, overwrite: true);
            }
            finally
            {
                TryDelete(temp);
            }
        });
        return new UploadedPart(request.PartNumber, request.Length, ETagOf(crc));
    }

    private static IEnumerable<StagedPart> ReadPlacedParts(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + PlacedExtension))
        {
            string[] fields;
            try
            {
                fields = File.ReadAllText(file).Split(' ');
            }
            catch (FileNotFoundException)
            {
                continue; // replaced meanwhile
            }

            if (int.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && fields.Length == 3
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                && ulong.TryParse(fields[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc))
            {
                yield return new StagedPart(number, length, crc, DataPath(folder), offset, file);
            }
        }
    }

    /// <summary>Whether the parts are all placed and lie end to end from offset 0, so the data file is the object.</summary>
    private static bool IsPlacedContiguously(IReadOnlyList<StagedPart> parts)
    {
        long next = 0;
        foreach (var part in parts)
        {
            if (part.Offset != next)
            {
                return false;
            }

            next += part.Length;
        }

        return parts.Count > 0;
    }

    private async Task CompletePlacedAsync(ObjectLocation location, string uploadId, UploadManifest manifest, IReadOnlyList<StagedPart> parts, ulong crc, string destination, CancellationToken cancellationToken)
    {
        var folder = UploadFolder(uploadId);
        var data = DataPath(folder);
        var length = parts[^1].Offset!.Value + parts[^1].Length;
        Guarded(() => Directory.CreateDirectory(Path.GetDirectoryName(destination)!));
        if (!File.Exists(data))
        {
            // A complete killed between moving the data file into place and removing the upload's folder: the object is
            // there if it has exactly the parts' bytes.
            if (!await HoldsAsync(destination, length, manifest.Algorithm, crc, cancellationToken).ConfigureAwait(false))
            {
                throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The data of upload {uploadId} is gone.");
            }
        }
        else
        {
            Guarded(() =>
            {
                using (var file = new FileStream(data, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    file.SetLength(length); // bytes of parts sent but not completed go
                    file.Flush(flushToDisk: true);
                }

                File.Move(data, destination, overwrite: true);
            });
        }

        Guarded(() =>
        {
            WriteProperties(location, manifest);
            DeleteUploadFolder(uploadId);
        });
    }

    private static async Task<bool> HoldsAsync(string path, long length, ChecksumAlgorithm algorithm, ulong crc, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != length)
        {
            return false;
        }

        var hash = Crc.CreateIncremental(algorithm);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, read));
                }
            }
        }
        catch (IOException ex)
        {
            throw IoError(ex);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return Crc.GetCurrentValue(hash) == crc;
    }

    private static async Task CopyExactlyAsync(Stream input, Stream output, long length, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (length > 0)
            {
                var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new TargetException(TargetErrorKind.InvalidPart, "InvalidPart", "The upload's data file is shorter than its parts say.");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                length -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
