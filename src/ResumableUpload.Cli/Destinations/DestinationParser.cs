using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Destinations;

/// <summary>
/// Turns a destination argument into a target and an object:
/// <c>file:///absolute/path/of/object</c> (a local folder target rooted at the object's folder) and
/// <c>null:</c> (a target that discards the data, to measure the uploader).
/// </summary>
internal static class DestinationParser
{
    public const string Schemes = "file:///absolute/path, null:";

    public static Destination Parse(string text, DestinationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseFile(text);
        }

        if (text is "null:" or "null://" || text.StartsWith("null://", StringComparison.OrdinalIgnoreCase))
        {
            var key = text.Length > "null://".Length ? text["null://".Length..] : "object";
            return new Destination(new NullMultipartTarget(), new ObjectLocation(string.Empty, key), "null:");
        }

        var colon = text.IndexOf("://", StringComparison.Ordinal);
        throw new UsageException(colon > 0
            ? $"Unknown destination scheme '{text[..colon]}://'. Supported: {Schemes}."
            : $"'{text}' is not a destination. Supported: {Schemes}.");
    }

    private static Destination ParseFile(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"'{text}' is not a file destination; write file:///absolute/path/of/object.");
        }

        var path = uri.LocalPath;
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new UsageException($"'{text}' names a folder; give the path of the object file, e.g. file:///data/out/big.bin.");
        }

        var folder = Path.GetDirectoryName(path);
        var name = Path.GetFileName(path);
        if (string.IsNullOrEmpty(folder) || string.IsNullOrEmpty(name))
        {
            throw new UsageException($"'{text}' has no folder and file name.");
        }

        return new Destination(new LocalFolderTarget(folder), new ObjectLocation(string.Empty, name), "file://" + path);
    }
}
