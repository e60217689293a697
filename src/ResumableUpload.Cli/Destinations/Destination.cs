namespace ResumableUpload.Cli.Destinations;

/// <summary>A parsed destination: how to register its target, and the object on it.</summary>
/// <param name="Use">Chooses the target on the builder that <c>AddResumableUpload</c> returns.</param>
/// <param name="Location">The object (or, for <c>list</c>, <c>sweep</c> and batches, the key prefix).</param>
/// <param name="Display">How to show the destination (never with credentials).</param>
internal sealed record Destination(Action<IResumableUploadBuilder> Use, ObjectLocation Location, string Display)
{
    /// <summary>
    /// Gets the one-line message for a target whose settings cannot be used (a malformed connection string), or
    /// <see langword="null"/> when building the target cannot fail that way.
    /// </summary>
    public string? InvalidConfiguration { get; init; }
}
