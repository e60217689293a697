namespace ResumableUpload;

/// <summary>What identifies the content of a source file between two runs.</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Length">The length in bytes.</param>
/// <param name="LastWriteTimeUtc">The last-write time, with the file system's sub-second precision.</param>
/// <param name="FileId">The device and inode (or the OS's equivalent), or <see langword="null"/> where the OS gives none.</param>
public sealed record SourceIdentity(string Path, long Length, DateTime LastWriteTimeUtc, string? FileId)
{
    /// <summary>Says how <paramref name="other"/> differs from this identity, or returns <see langword="null"/> when it is the same file, unchanged.</summary>
    /// <param name="other">The identity read now.</param>
    /// <returns>A reason, or <see langword="null"/>.</returns>
    internal string? DescribeDifference(SourceIdentity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(Path, other.Path, StringComparison.Ordinal))
        {
            return $"the source path changed from '{Path}' to '{other.Path}'";
        }

        if (Length != other.Length)
        {
            return $"the source length changed from {Length} to {other.Length} bytes";
        }

        if (LastWriteTimeUtc != other.LastWriteTimeUtc)
        {
            return $"the source last-write time changed from {LastWriteTimeUtc:O} to {other.LastWriteTimeUtc:O}";
        }

        if (FileId is not null && other.FileId is not null && !string.Equals(FileId, other.FileId, StringComparison.Ordinal))
        {
            return $"the source was replaced by another file (file id {FileId} became {other.FileId})";
        }

        return null;
    }
}
