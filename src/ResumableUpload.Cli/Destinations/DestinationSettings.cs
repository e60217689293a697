namespace ResumableUpload.Cli.Destinations;

/// <summary>Command-line settings and environment that destinations may need (endpoints, credentials from the environment).</summary>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="Endpoint">The <c>--endpoint</c> value, or <see langword="null"/>.</param>
/// <param name="S3Checksums">The <c>--s3-checksums</c> value (<c>additional</c> or <c>when-required</c>), or <see langword="null"/> for the default.</param>
/// <param name="S3UnsignedPayload">Whether <c>--s3-unsigned-payload</c> was given: S3 part bodies go as <c>UNSIGNED-PAYLOAD</c>.</param>
internal sealed record DestinationSettings(Func<string, string?> Environment, string? Endpoint, string? S3Checksums = null, bool S3UnsignedPayload = false)
{
    /// <summary>Gets the <c>--s3-addressing</c> value (<c>virtual</c> or <c>path</c>), or <see langword="null"/> to choose from the endpoint.</summary>
    public string? S3Addressing { get; init; }

    /// <summary>Gets the <c>--network-timeout</c> value, or <see langword="null"/> for the target's default.</summary>
    public TimeSpan? NetworkTimeout { get; init; }
}
