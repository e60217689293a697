using System.Buffers;
using System.Globalization;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// Parts that arrive without <see cref="PartUploadRequest.ObjectOffset"/>, each in a file of its own
/// (<c>&lt;number&gt;-&lt;crc&gt;.part</c>), assembled by copying on complete.
/// </summary>
/// <remarks>
/// Kept for one reason: <see cref="IMultipartTarget"/> lets a caller send parts without an offset, of any size and in any
/// order (the S3 model), and the public contract suite in ResumableUpload.Testing does exactly that. The uploader always
/// gives an offset, so its parts are placed (<see cref="PlacedParts"/>); nothing here runs on its path.
/// </remarks>
internal static class StagedParts
{
    private const string Extension = ".part";
    private const int BufferSize = 1 << 20;

    /// <summary>Writes and verifies the part in a file of its own, replacing the part's earlier files.</summary>
    /// <returns>The part's CRC.</returns>
    public static async Task<ulong> UploadAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, string folder, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(folder, $"{request.PartNumber:D5}.{Guid.NewGuid():N}.tmp");
        try
        {
            var crc = await VerifiedWrites.WriteNewFileAsync(request, algorithm, temp, cancellationToken).ConfigureAwait(false);
            var final = Path.Combine(folder, $"{request.PartNumber:D5}-{StoredPart.ETagOf(crc)}{Extension}");
            FileSystemErrors.Guard(() =>
            {
                File.Move(temp, final, overwrite: true);
                RemoveEarlierFiles(folder, request.PartNumber, except: final);
            });
            return crc;
        }
        finally
        {
            FileSystemErrors.TryDelete(temp);
        }
    }

    public static IEnumerable<StoredPart> Read(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && ulong.TryParse(name.AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc))
            {
                yield return new StoredPart(number, new FileInfo(file).Length, crc, file);
            }
        }
    }

    /// <summary>
    /// Copies the parts (staged or placed), in order, into a temporary file in the upload's own folder, flushes it and
    /// renames it to <paramref name="destination"/>. A process killed here leaves the partial copy where the resumed
    /// complete (or an abort) removes it with the folder, not next to the object.
    /// </summary>
    public static async Task AssembleAsync(string folder, IReadOnlyList<StoredPart> parts, string destination, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(folder, $"{Guid.NewGuid():N}.rupload-tmp");
        try
        {
            FileSystemErrors.Guard(() => Directory.CreateDirectory(Path.GetDirectoryName(destination)!));
            await CopyPartsAsync(parts, temp, cancellationToken).ConfigureAwait(false);
            FileSystemErrors.Guard(() => File.Move(temp, destination, overwrite: true));
        }
        finally
        {
            FileSystemErrors.TryDelete(temp);
        }
    }

    /// <summary>Removes a part's earlier files: its staged ones (a listing) and its marker (a known name, no listing).</summary>
    private static void RemoveEarlierFiles(string folder, int number, string except)
    {
        foreach (var stale in Directory.EnumerateFiles(folder, $"{number:D5}-*{Extension}"))
        {
            if (!string.Equals(stale, except, StringComparison.Ordinal))
            {
                File.Delete(stale);
            }
        }

        File.Delete(PlacedParts.MarkerPath(folder, number));
    }

    private static async Task CopyPartsAsync(IReadOnlyList<StoredPart> parts, string temp, CancellationToken cancellationToken)
    {
        try
        {
            var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                foreach (var part in parts)
                {
                    var input = new FileStream(part.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await using (input.ConfigureAwait(false))
                    {
                        input.Position = part.Offset ?? 0;
                        await CopyExactlyAsync(input, output, part.Length, cancellationToken).ConfigureAwait(false);
                    }
                }

                output.Flush(flushToDisk: true);
            }
        }
        catch (IOException ex)
        {
            throw FileSystemErrors.Map(ex);
        }
    }

    private static async Task CopyExactlyAsync(Stream input, Stream output, long length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
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
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
