namespace ResumableUpload;

/// <summary>A regular file: read at any offset, so an upload resumes at the first part not done and reads nothing else.</summary>
public sealed class FileSource : UploadSource
{
    /// <summary>Initializes a new instance of the <see cref="FileSource"/> class.</summary>
    /// <param name="path">The file path.</param>
    public FileSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>Gets the file path.</summary>
    public string Path { get; }

    internal override string CheckpointId => System.IO.Path.GetFullPath(Path);
}
