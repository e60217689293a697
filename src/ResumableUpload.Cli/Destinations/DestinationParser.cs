using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Targets;

namespace ResumableUpload.Cli.Destinations;

/// <summary>
/// Turns a destination argument into a target and an object (or, for <c>list</c> and <c>sweep</c>, a key prefix):
/// <c>file:///absolute/path/of/object</c>, <c>s3://bucket/key</c>, <c>az://container/blob</c>, and <c>null:</c>
/// (discards the data, to measure the uploader).
/// </summary>
internal static class DestinationParser
{
    public const string Schemes = "file:///absolute/path, s3://bucket/key, az://container/blob, null:";

    /// <param name="text">The argument.</param>
    /// <param name="settings">Endpoints and environment.</param>
    /// <param name="prefix">Whether the key is a prefix that may be empty (list, sweep).</param>
    public static Destination Parse(string text, DestinationSettings settings, bool prefix = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return FileDestination.Parse(text, prefix);
        }

        if (text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var (bucket, key) = SplitBucketAndKey(text, "s3://", prefix);
            return S3Destination.Create(bucket, key, settings);
        }

        if (text.StartsWith("az://", StringComparison.OrdinalIgnoreCase))
        {
            var (container, blob) = SplitBucketAndKey(text, "az://", prefix);
            return AzureDestination.Create(container, blob, settings);
        }

        if (text is "null:" or "null://" || text.StartsWith("null://", StringComparison.OrdinalIgnoreCase))
        {
            var key = text.Length > "null://".Length ? text["null://".Length..] : prefix ? string.Empty : "object";
            
            // The null target has no Use… extension (it is internal, for measuring): registered as the builder allows any target.
            return new Destination(b => b.Services.AddSingleton<IMultipartTarget>(new NullMultipartTarget()), new ObjectLocation(string.Empty, key), "null:");
        }

        var colon = text.IndexOf("://", StringComparison.Ordinal);
        throw new UsageException(colon > 0
            ? $"Unknown destination scheme '{text[..colon]}://'. Supported: {Schemes}."
            : $"'{text}' is not a destination. Supported: {Schemes}.");
    }

    private static (string Bucket, string Key) SplitBucketAndKey(string text, string scheme, bool prefix)
    {
        var rest = text[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new UsageException($"'{text}' has no {(scheme == "az://" ? "container" : "bucket")}; write {scheme}<{(scheme == "az://" ? "container" : "bucket")}>/<key>.");
        }

        if (key.Length == 0 && !prefix)
        {
            throw new UsageException($"'{text}' has no object key; write {scheme}{bucket}/<key>.");
        }

        return (bucket, key);
    }
}
