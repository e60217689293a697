using System.Runtime.CompilerServices;

namespace ResumableUpload.Cli.Batch;

/// <summary>
/// The files of <c>--files-from</c>: one path per line (empty lines skipped, a trailing CR dropped, nothing else
/// trimmed, so names may have spaces), read as the batch needs them. A relative path is taken against the base
/// directory; a file inside the base directory keeps its path relative to it in the key, a file outside it (an
/// absolute path elsewhere, or one climbing out with '..') keeps only its file name.
/// </summary>
internal static class FileList
{
    public static async IAsyncEnumerable<UploadRequest> ReadAsync(TextReader lines, string baseDirectory, string bucket, string keyPrefix, ObjectProperties properties, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (line.Length == 0)
            {
                continue;
            }

            var path = Path.GetFullPath(line, baseDirectory);
            var key = keyPrefix + KeyOf(path, baseDirectory);
            yield return new UploadRequest { SourcePath = path, Bucket = bucket, Key = key, Properties = properties };
        }
    }

    /// <summary>The key of a file under the prefix: its path relative to the base directory, or its name when it is outside.</summary>
    internal static string KeyOf(string fullPath, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, fullPath);
        var outside = Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return outside ? Path.GetFileName(fullPath) : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
