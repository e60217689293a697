namespace ResumableUpload;

/// <summary>One source to upload to one object: a file (<see cref="SourcePath"/>), or any <see cref="UploadSource"/> (<see cref="Source"/>).</summary>
public sealed class UploadRequest
{
    /// <summary>Gets the path of the source file; set this or <see cref="Source"/>.</summary>
    public string SourcePath { get; init; } = string.Empty;

    /// <summary>
    /// Gets the source: a <see cref="StreamSource"/>, a <see cref="ReopenableSource"/> or a <see cref="FileSource"/>;
    /// set this or <see cref="SourcePath"/>.
    /// </summary>
    public UploadSource? Source { get; init; }

    /// <summary>Gets the bucket or container (empty for targets with one namespace, such as a local folder).</summary>
    public string Bucket { get; init; } = string.Empty;

    /// <summary>Gets the object key.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the content type and metadata to store with the object.</summary>
    public ObjectProperties Properties { get; init; } = ObjectProperties.Empty;

    /// <summary>Gets the receiver of progress reports, or <see langword="null"/>.</summary>
    public IProgress<UploadProgress>? Progress { get; init; }

    /// <summary>Gets the object location.</summary>
    public ObjectLocation Location => new(Bucket, Key);

    /// <summary>Gets the path of the file to upload, or an empty string when the source is not a file.</summary>
    internal string FilePath => Source is FileSource file ? file.Path : Source is null ? SourcePath : string.Empty;

    /// <summary>Gets the source as one of the kinds the engine reads.</summary>
    internal UploadSource EffectiveSource => Source ?? new FileSource(SourcePath);

    /// <summary>Checks that exactly one source is given and the object is named.</summary>
    internal void Validate()
    {
        if (Source is null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(SourcePath, "request.SourcePath");
        }
        else if (!string.IsNullOrEmpty(SourcePath))
        {
            throw new ArgumentException("Set either SourcePath or Source, not both.", "request");
        }

        ArgumentException.ThrowIfNullOrEmpty(Key, "request.Key");
        ArgumentNullException.ThrowIfNull(Bucket, "request.Bucket");
        ArgumentNullException.ThrowIfNull(Properties, "request.Properties");
    }

    /// <summary>A copy with another progress receiver.</summary>
    internal UploadRequest WithProgress(IProgress<UploadProgress> progress) => new()
    {
        SourcePath = SourcePath,
        Source = Source,
        Bucket = Bucket,
        Key = Key,
        Properties = Properties,
        Progress = progress,
    };
}
