using System.Security.Cryptography;
using System.Text;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>Where objects live under the root: keys resolved to paths that cannot escape it or name a reserved folder.</summary>
internal sealed class ObjectPaths
{
    public const string StagingFolderName = ".rupload-uploads";
    public const string PropertiesFolderName = ".rupload-properties";

    public ObjectPaths(string root)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        Staging = Path.Combine(Root, StagingFolderName);
        Properties = Path.Combine(Root, PropertiesFolderName);
    }

    /// <summary>Gets the absolute root folder, without a trailing separator.</summary>
    public string Root { get; }

    /// <summary>Gets the folder of uploads in progress and of puts being written.</summary>
    public string Staging { get; }

    /// <summary>Gets the folder of the objects' properties sidecars.</summary>
    public string Properties { get; }

    /// <summary>Gives the file an object is (or would be) stored in.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The absolute path under the root.</returns>
    /// <exception cref="TargetException">The bucket or key is invalid or escapes the root.</exception>
    public string Resolve(ObjectLocation location)
    {
        var bucket = location.Bucket ?? string.Empty;
        var key = location.Key ?? string.Empty;
        if (bucket.Length > 0 && (bucket.Contains('/', StringComparison.Ordinal) || bucket.Contains('\\', StringComparison.Ordinal) || bucket is "." or ".." || bucket.StartsWith('.')))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidBucketName", $"The bucket '{bucket}' is not a single folder name.");
        }

        if (key.Length == 0 || key.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(key) || key.StartsWith('/') || key.EndsWith('/'))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' must be a relative path to a file.");
        }

        foreach (var segment in key.Split('/', '\\'))
        {
            if (segment is "" or "." or ".." or StagingFolderName or PropertiesFolderName)
            {
                throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' escapes the root folder or names a reserved folder.");
            }
        }

        var full = Path.GetFullPath(Path.Combine(Root, bucket, key));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new TargetException(TargetErrorKind.InvalidRequest, "InvalidKey", $"The key '{key}' escapes the root folder.");
        }

        return full;
    }

    /// <summary>Gives a stable, file-name-safe name for an object's path: the SHA-256 of its path under the root, in hex.</summary>
    /// <param name="objectPath">A path <see cref="Resolve"/> gave.</param>
    /// <param name="bytes">How many bytes of the hash to use.</param>
    /// <returns>Lowercase hex.</returns>
    public string NameFor(string objectPath, int bytes = SHA256.HashSizeInBytes)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetRelativePath(Root, objectPath))), 0, bytes);
}
