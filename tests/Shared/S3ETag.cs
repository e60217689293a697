using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace ResumableUpload.TestSupport;

/// <summary>
/// S3's ETag of an object, from its source file: the hex MD5 of the bytes for a single PUT; for a multipart upload, the
/// MD5 of the parts' binary MD5s, then "-" and the part count. RGW computes it from the bytes it stored, so an ETag and
/// a size equal to the file's prove the object byte-identical without downloading it.
/// </summary>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "S3's ETag is MD5; compared, not trusted for security.")]
public static class S3ETag
{
    /// <summary>Whether <paramref name="serverETag"/> is the ETag of <paramref name="path"/>'s bytes, in the form the server reports (one PUT, or parts of <paramref name="partSize"/>).</summary>
    public static bool Matches(string serverETag, string path, long partSize)
    {
        var etag = serverETag.Trim('"');
        var dash = etag.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            using var file = File.OpenRead(path);
            return string.Equals(etag, Convert.ToHexStringLower(MD5.HashData(file)), StringComparison.Ordinal);
        }

        var parts = int.Parse(etag.AsSpan(dash + 1), CultureInfo.InvariantCulture);
        return string.Equals(etag, OfParts(path, partSize, parts), StringComparison.Ordinal);
    }

    /// <summary>Describes each source whose object the listing lacks, or lists with another size or ETag.</summary>
    /// <param name="listed">The listed objects' sizes and ETags, by key.</param>
    /// <param name="sources">Each expected key and its source file.</param>
    /// <param name="partSize">The part size the multipart objects were cut into.</param>
    public static List<string> Differences(IReadOnlyDictionary<string, (long? Size, string ETag)> listed, IReadOnlyDictionary<string, string> sources, long partSize)
    {
        var differences = new List<string>();
        foreach (var (key, path) in sources)
        {
            if (!listed.TryGetValue(key, out var o))
            {
                differences.Add($"{key} is missing on the target");
            }
            else if (o.Size != new FileInfo(path).Length || !Matches(o.ETag, path, partSize))
            {
                differences.Add($"{key} differs from {path}: {o.Size} bytes, ETag {o.ETag}");
            }
        }

        return differences;
    }

    /// <summary>The multipart ETag of <paramref name="path"/> cut into <paramref name="parts"/> parts of <paramref name="partSize"/> (the last shorter), or null when the file does not cut that way.</summary>
    public static string? OfParts(string path, long partSize, int parts)
    {
        using var file = File.OpenRead(path);
        if (parts != Math.Max(1, (file.Length + partSize - 1) / partSize))
        {
            return null;
        }

        var digests = new byte[parts * MD5.HashSizeInBytes];
        var buffer = new byte[partSize];
        for (var i = 0; i < parts; i++)
        {
            var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            MD5.HashData(buffer.AsSpan(0, read), digests.AsSpan(i * MD5.HashSizeInBytes));
        }

        return Convert.ToHexStringLower(MD5.HashData(digests)) + "-" + parts.ToString(CultureInfo.InvariantCulture);
    }
}
