namespace ResumableUpload;

/// <summary>A directory to upload, recursively, to a bucket and key prefix.</summary>
public sealed class DirectoryUploadRequest
{
    /// <summary>Gets the directory.</summary>
    public required string Directory { get; init; }

    /// <summary>Gets the bucket or container (empty for a local folder target).</summary>
    public string Bucket { get; init; } = string.Empty;

    /// <summary>
    /// Gets the key prefix: each file's key is the prefix followed by its path relative to the directory, with '/'
    /// between names (for example prefix <c>logs/</c> and file <c>2026/a.txt</c> give <c>logs/2026/a.txt</c>).
    /// </summary>
    public string KeyPrefix { get; init; } = string.Empty;

    /// <summary>
    /// Gets the globs a file's relative path must match to be uploaded (Microsoft.Extensions.FileSystemGlobbing syntax:
    /// <c>**/*.csv</c>, <c>2026/**</c>). Empty means every file.
    /// </summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Gets the globs that exclude a file even when it matches <see cref="Include"/>.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Gets the properties every object gets.</summary>
    public ObjectProperties Properties { get; init; } = ObjectProperties.Empty;
}
