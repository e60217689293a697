namespace ResumableUpload.Orleans;

/// <summary>Where an upload job is.</summary>
public enum UploadJobState
{
    /// <summary>Workers are uploading; the job grain completes each object when its parts are in.</summary>
    Running = 0,

    /// <summary>Every object is complete.</summary>
    Completed = 1,

    /// <summary>Every object was tried; at least one failed for good (see <see cref="UploadJobStatus.Errors"/>).</summary>
    Failed = 2,

    /// <summary>Aborted: no new work is handed out and the job's incomplete uploads were aborted.</summary>
    Aborted = 3,
}
