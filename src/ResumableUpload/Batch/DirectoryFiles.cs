using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ResumableUpload.Batch;

/// <summary>
/// The files of a directory upload, found as they are needed (one directory entry at a time, never a full list), with
/// the include and exclude globs applied to each file's path relative to the directory ('/' between names).
/// Symbolic links to directories are not followed, so a link cycle cannot loop.
/// </summary>
internal static class DirectoryFiles
{
    public static string Root(DirectoryUploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Directory, "request.Directory");
        ArgumentNullException.ThrowIfNull(request.Bucket, "request.Bucket");
        ArgumentNullException.ThrowIfNull(request.KeyPrefix, "request.KeyPrefix");
        ArgumentNullException.ThrowIfNull(request.Include, "request.Include");
        ArgumentNullException.ThrowIfNull(request.Exclude, "request.Exclude");
        var root = Path.GetFullPath(request.Directory);
        if (!Directory.Exists(root))
        {
            throw File.Exists(root)
                ? new ArgumentException($"The source '{root}' is a file, not a directory.", nameof(request))
                : new DirectoryNotFoundException($"The source directory '{root}' does not exist.");
        }

        return root;
    }

    /// <summary>The batch id a directory upload gets when none is given: its directory, destination and globs.</summary>
    public static string DefaultBatchId(string root, DirectoryUploadRequest request)
    {
        var text = string.Join('\0', root, request.Bucket, request.KeyPrefix, string.Join('\u0001', request.Include), string.Join('\u0001', request.Exclude));
        return "dir-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12);
    }

#pragma warning disable CS1998 // the enumeration is synchronous (the file system's), exposed as async for the batch
    public static async IAsyncEnumerable<UploadRequest> EnumerateAsync(string root, DirectoryUploadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
#pragma warning restore CS1998
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(request.Include.Count == 0 ? ["**/*"] : request.Include);
        matcher.AddExcludePatterns(request.Exclude);
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint, ReturnSpecialDirectories = false };
        foreach (var path in Directory.EnumerateFiles(root, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!matcher.Match(relative).HasMatches)
            {
                continue;
            }

            yield return new UploadRequest { SourcePath = path, Bucket = request.Bucket, Key = request.KeyPrefix + relative, Properties = request.Properties };
        }
    }
}
