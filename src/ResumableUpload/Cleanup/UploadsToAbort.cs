using ResumableUpload.Pipeline;

namespace ResumableUpload.Cleanup;

/// <summary>
/// What discarding a checkpoint leaves to abort: the one upload it names, or, when it names none that is ours
/// (unreadable, only an intent, or written for another source, target or object), every upload in progress for
/// exactly the key. The lease on the key excludes any other uploader of this source to this key.
/// </summary>
internal readonly record struct UploadsToAbort(ObjectLocation Location, string? UploadId)
{
    /// <summary>Gets a value indicating whether every upload of the key is aborted (the upload id is unknown).</summary>
    public bool EveryForKey => UploadId is null;

    public static UploadsToAbort One(ObjectLocation location, string uploadId) => new(location, uploadId);

    public static UploadsToAbort AllFor(ObjectLocation location) => new(location, null);

    /// <summary>
    /// The one decision tree: what to abort when the checkpoint <paramref name="stored"/> of the key for
    /// (<paramref name="sourcePath"/>, <paramref name="targetIdentity"/>, <paramref name="location"/>) is discarded.
    /// </summary>
    public static UploadsToAbort For(StoredCheckpoint stored, string sourcePath, string targetIdentity, ObjectLocation location)
    {
        if (stored.Checkpoint?.Header is not { } header || header.UploadId.Length == 0)
        {
            // Unreadable, or only an intent (its run died around initiate): an upload of this key may exist that nothing names.
            return AllFor(location);
        }

        // A checkpoint written for another source, target or object (copied or mixed up) names an upload that is not
        // ours to abort; ours is unknown, exactly as with an unreadable checkpoint.
        var foreign = !string.Equals(header.TargetIdentity, targetIdentity, StringComparison.Ordinal)
            || header.Location != location
            || !string.Equals(header.Source.Path, sourcePath, StringComparison.Ordinal);
        return foreign ? AllFor(location) : One(header.Location, header.UploadId);
    }
}
