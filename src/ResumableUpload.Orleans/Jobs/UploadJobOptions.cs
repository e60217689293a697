using System.ComponentModel.DataAnnotations;

namespace ResumableUpload.Orleans;

/// <summary>How a job's work is cut into leased items.</summary>
public sealed class UploadJobOptions
{
    /// <summary>Gets or sets how long a worker holds a work item without recording progress before it returns to the pool.</summary>
    /// <value>The default is 30 seconds; the range is 1 second to 1 hour. Every recorded part renews the lease.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many parts of a large file one work item holds.</summary>
    /// <value>The default is 8; the range is 1 to 10,000.</value>
    [Range(1, 10_000)]
    public int PartsPerItem { get; set; } = 8;

    /// <summary>Gets or sets how many small files (one part or less) one work item holds.</summary>
    /// <value>The default is 16; the range is 1 to 10,000.</value>
    [Range(1, 10_000)]
    public int FilesPerItem { get; set; } = 16;

    /// <summary>Gets or sets how often a work item may fail with a transient error before its file is given up.</summary>
    /// <value>The default is 5; the range is 1 to 100.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Gets or sets the part size the submitter fingerprints each file's first part with.</summary>
    /// <value>The default is <see cref="UploadOptions.DefaultPartSize"/>; it should match the workers' part size.</value>
    [Range(UploadOptions.MinPartSize, UploadOptions.MaxPartSize)]
    public long PartSize { get; set; } = UploadOptions.DefaultPartSize;
}
