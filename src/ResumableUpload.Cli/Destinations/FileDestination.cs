using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Destinations;

/// <summary><c>file:///absolute/path/of/object</c>: a local folder target rooted at the object's folder.</summary>
internal static class FileDestination
{
    public static Destination Parse(string text, bool prefix)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"'{text}' is not a file destination; write file:///absolute/path/of/object.");
        }

        var path = uri.LocalPath;
        var endsWithSeparator = path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar);
        if (endsWithSeparator && !prefix)
        {
            throw new UsageException($"'{text}' names a folder; give the path of the object file, e.g. file:///data/out/big.bin.");
        }

        var folder = endsWithSeparator ? path.TrimEnd('/', Path.DirectorySeparatorChar) : Path.GetDirectoryName(path);
        var name = endsWithSeparator ? string.Empty : Path.GetFileName(path);
        if (string.IsNullOrEmpty(folder) || (!prefix && string.IsNullOrEmpty(name)))
        {
            throw new UsageException($"'{text}' has no folder and file name.");
        }

        return new Destination(b => b.UseLocalFolderTarget(folder), new ObjectLocation(string.Empty, name), "file://" + path);
    }
}
