namespace ResumableUpload;

/// <summary>
/// A source of known length that can be opened at any offset (an HTTP object read with <c>Range</c>, say). An
/// interrupted upload resumes by reopening it at the first part not done: nothing before that part is read again.
/// Its <see cref="Identity"/> names the checkpoint; its <see cref="SourceDescription.Version"/> tells a changed source.
/// </summary>
public abstract class ReopenableSource : UploadSource
{
    /// <summary>Initializes a new instance of the <see cref="ReopenableSource"/> class.</summary>
#pragma warning disable RS0022 // UploadSource has no protected member to expose: this is the one kind users extend.
    protected ReopenableSource()
#pragma warning restore RS0022
    {
    }

    /// <summary>Gets the stable name of the source (a URL without its signature, say): with the object, it names the checkpoint.</summary>
    public abstract string Identity { get; }

    /// <summary>Finds the source's length and version.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The description.</returns>
    public abstract Task<SourceDescription> DescribeAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens the source at <paramref name="offset"/>, to be read forward to its end (or as far as the caller needs).</summary>
    /// <param name="offset">The first byte to read.</param>
    /// <param name="description">What <see cref="DescribeAsync"/> returned: a source that no longer matches it should fail.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A stream positioned at <paramref name="offset"/>; the caller disposes it.</returns>
    /// <exception cref="SourceChangedException">The source is no longer the one described.</exception>
    public abstract Task<Stream> OpenAtAsync(long offset, SourceDescription description, CancellationToken cancellationToken = default);

    internal override string CheckpointId => Identity;
}
