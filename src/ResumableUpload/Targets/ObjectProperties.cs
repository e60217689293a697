namespace ResumableUpload;

/// <summary>Properties stored with the completed object.</summary>
public sealed class ObjectProperties
{
    /// <summary>An instance with no content type and no metadata.</summary>
    public static readonly ObjectProperties Empty = new();

    /// <summary>Gets the content type, or <see langword="null"/> for the target's default.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets user metadata (names without the <c>x-amz-meta-</c> style prefix).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
