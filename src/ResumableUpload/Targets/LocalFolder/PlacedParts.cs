using System.Globalization;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// Parts written in place, the target's one strategy for callers that give <see cref="PartUploadRequest.ObjectOffset"/>
/// (<see cref="ResumableUploader"/> always does): a part's bytes go straight into the upload's data file at that offset
/// and a small marker records it, so complete flushes and renames that file instead of copying every byte again.
/// </summary>
/// <remarks>
/// The first placed part fixes the upload's stride (part 1: its length; part n: its offset / (n - 1)); every placed
/// part must then start at (n - 1) × stride and be at most one stride long, so placed parts never overlap whatever order
/// they arrive in. An upload's old marker is removed before its bytes are rewritten, so a process killed mid-write
/// leaves the part missing (sent again on resume), never a marker over other bytes.
/// </remarks>
internal static class PlacedParts
{
    private const string MarkerExtension = ".placed";
    private const string DataFileName = "object.data";
    private const string StrideFileName = "stride";

    public static string MarkerPath(string folder, int number) => Path.Combine(folder, $"{number:D5}{MarkerExtension}");

    /// <summary>Writes and verifies the part at <paramref name="offset"/> of the data file, then records it.</summary>
    /// <returns>The part's CRC.</returns>
    public static async Task<ulong> UploadAsync(PartUploadRequest request, long offset, ChecksumAlgorithm algorithm, string folder, CancellationToken cancellationToken)
    {
        long stride = 0;
        FileSystemErrors.Guard(() =>
        {
            PowerCutCheck.EnsureChecked(folder, algorithm);
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

        var data = DataPath(folder);
        using var direct = DirectWrites.CanPlace(offset, stride) ? DirectWrites.TryOpen(data) : null;
        var crc = direct is not null
            ? await DirectWrites.WriteAsync(request, algorithm, direct, data, offset, cancellationToken).ConfigureAwait(false)
            : await VerifiedWrites.WriteAsync(
                request,
                algorithm,
                () => new FileStream(data, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous) { Position = offset },
                cancellationToken).ConfigureAwait(false);
        var marker = MarkerPath(folder, request.PartNumber);
        var temp = marker + "." + Guid.NewGuid().ToString("N") + ".tmp";
        FileSystemErrors.Guard(() =>
        {
            try
            {
                File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{offset} {request.Length} {crc:x16}"));
                File.Move(temp, marker, overwrite: true);
            }
            finally
            {
                FileSystemErrors.TryDelete(temp);
            }
        });
        return crc;
    }

    /// <summary>The placed parts, checked against a power cut since they were written (<see cref="PowerCutCheck"/>).</summary>
    public static IEnumerable<StoredPart> Read(string folder, ChecksumAlgorithm algorithm)
    {
        FileSystemErrors.Guard(() => PowerCutCheck.EnsureChecked(folder, algorithm));
        return ReadMarkers(folder);
    }

    /// <summary>The placed parts their markers record, unchecked.</summary>
    public static IEnumerable<StoredPart> ReadMarkers(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + MarkerExtension))
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
                yield return new StoredPart(number, length, crc, DataPath(folder), offset, file);
            }
        }
    }

    /// <summary>Whether the parts are all placed and lie end to end from offset 0, so the data file is the object.</summary>
    public static bool AreContiguous(IReadOnlyList<StoredPart> parts)
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

    /// <summary>Cuts the data file to the parts' bytes, flushes it and renames it to <paramref name="destination"/>.</summary>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when the data file is gone and the object is not whole.</exception>
    public static async Task MoveIntoPlaceAsync(string folder, IReadOnlyList<StoredPart> parts, ChecksumAlgorithm algorithm, ulong crc, string destination, CancellationToken cancellationToken)
    {
        var data = DataPath(folder);
        var length = parts[^1].Offset!.Value + parts[^1].Length;
        FileSystemErrors.Guard(() => Directory.CreateDirectory(Path.GetDirectoryName(destination)!));
        if (!File.Exists(data))
        {
            // A complete killed between moving the data file into place and removing the upload's folder: the object is
            // there if it has exactly the parts' bytes.
            if (!await VerifiedWrites.HoldsAsync(destination, length, algorithm, crc, cancellationToken).ConfigureAwait(false))
            {
                throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The data of upload {Path.GetFileName(folder)} is gone.");
            }

            return;
        }

        FileSystemErrors.Guard(() =>
        {
            using (var file = new FileStream(data, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                file.SetLength(length); // bytes of parts sent but not completed go
                file.Flush(flushToDisk: true);
            }

            File.Move(data, destination, overwrite: true);
        });
    }

    public static string DataPath(string folder) => Path.Combine(folder, DataFileName);

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
                FileSystemErrors.TryDelete(temp);
            }
        }

        return long.Parse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
