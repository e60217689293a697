namespace ResumableUpload;

/// <summary>How one file of a batch ended.</summary>
public enum UploadOutcomeStatus
{
    /// <summary>The file was uploaded (resumed or from the start).</summary>
    Uploaded,

    /// <summary>An earlier run of the same batch uploaded the file and it has not changed since: nothing was sent.</summary>
    Skipped,

    /// <summary>The file failed; see <see cref="UploadOutcome.Error"/> and <see cref="UploadOutcome.IsResumable"/>.</summary>
    Failed,
}
