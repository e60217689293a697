namespace ResumableUpload;

/// <summary>One file to upload to one object.</summary>
public sealed class UploadRequest
{
    /// <summary>Gets the path of the source file.</summary>
    public required string SourcePath { get; init; }

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
}
