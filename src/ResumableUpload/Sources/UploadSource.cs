namespace ResumableUpload;

/// <summary>
/// Where the bytes of an upload come from, and so how far a later run can resume it (README, "Streams"):
/// <list type="bullet">
/// <item><see cref="FileSource"/>: a regular file, read at any offset; fully resumable.</item>
/// <item><see cref="ReopenableSource"/>: a source that opens at any offset (<see cref="HttpRangeSource"/>: an HTTP(S) URL
/// served with <c>Range</c>); a resume reopens it at the first part not done and reads nothing before it.</item>
/// <item><see cref="StreamSource"/>: a forward-only <see cref="Stream"/> of unknown length (stdin, a pipe, a response
/// body); a resume replays it: the caller runs the same producer again, and parts whose CRC and length match the
/// checkpoint are read and hashed but not sent.</item>
/// </list>
/// </summary>
public abstract class UploadSource
{
    private protected UploadSource()
    {
    }

    /// <summary>Creates the source of a regular file (the same as <see cref="UploadRequest.SourcePath"/>).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The source.</returns>
    public static FileSource FromFile(string path) => new(path);

    /// <summary>Creates the source of a forward-only stream of unknown length.</summary>
    /// <param name="stream">The stream, read once from its current position to its end; not disposed.</param>
    /// <param name="lengthHint">The expected length, if known roughly: parts are then sized as for a file of that length.</param>
    /// <returns>The source.</returns>
    public static StreamSource FromStream(Stream stream, long? lengthHint = null) => new(stream) { LengthHint = lengthHint };

    /// <summary>Gets the text that, with the target and the object, names this source's checkpoint.</summary>
    internal abstract string CheckpointId { get; }
}
