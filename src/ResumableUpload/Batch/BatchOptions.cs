using System.ComponentModel.DataAnnotations;
using ResumableUpload.Validation;

namespace ResumableUpload;

/// <summary>Options of one batch: many files through the uploader's one engine.</summary>
public sealed class BatchOptions
{
    /// <summary>The default of <see cref="FilesInFlight"/>.</summary>
    public const int DefaultFilesInFlight = 16;

    /// <summary>
    /// Gets or sets the most files uploading at once. Small files (one part or less) go as single requests, so this is
    /// what keeps the link busy with them; large files are bounded further by <see cref="UploadOptions.PartsInFlight"/> per
    /// file and by the uploader's <see cref="UploadOptions.MaxRequestsInFlight"/> and memory budget.
    /// </summary>
    /// <value>The default is 16; the range is 1 to 1024.</value>
    [Range(1, 1024)]
    public int FilesInFlight { get; set; } = DefaultFilesInFlight;

    /// <summary>Gets or sets what the batch does when a file fails.</summary>
    /// <value>The default is <see cref="BatchFailurePolicy.Continue"/>.</value>
    [EnumDataType(typeof(BatchFailurePolicy))]
    public BatchFailurePolicy FailurePolicy { get; set; } = BatchFailurePolicy.Continue;

    /// <summary>
    /// Gets or sets the name under which the batch records its finished files in the checkpoint store, so that running
    /// the same batch again sends only what is not yet done (an interrupted large file resumes at part level from its
    /// own checkpoint either way). <see langword="null"/> records nothing for <see cref="ResumableUploader.UploadManyAsync"/>
    /// and the block; a directory upload derives a name from its directory, destination and globs when none is given.
    /// The record is deleted when the batch ends with every file done. Needs a checkpoint store.
    /// </summary>
    public string? BatchId { get; set; }

    /// <summary>Gets or sets where batch progress goes: files found, done, skipped and failed, bytes, rate and ETA.</summary>
    public IProgress<BatchProgress>? Progress { get; set; }

    /// <summary>
    /// Gets or sets where each file's own progress goes, for a file whose request carries no
    /// <see cref="UploadRequest.Progress"/>: called once as the file starts, with its request (a directory upload's
    /// files are found inside the library, so this is how a display shows the files in flight). May return
    /// <see langword="null"/> for a file not to follow.
    /// </summary>
    public Func<UploadRequest, IProgress<UploadProgress>?>? FileProgress { get; set; }

    /// <summary>Gets or sets the least time between two progress reports (the last report is always sent).</summary>
    /// <value>The default is 100 ms.</value>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    internal void Validate() => OptionsValidation.ThrowIfInvalid(this);
}
