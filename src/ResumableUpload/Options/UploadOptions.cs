using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ResumableUpload.Shared;

namespace ResumableUpload;

/// <summary>
/// Options of a <see cref="ResumableUploader"/>. All sizes are in bytes (<see cref="long"/>).
/// </summary>
/// <remarks>
/// The effective part size is <see cref="PartSize"/> clamped to what the target allows and grown so that no
/// upload needs more parts than the target's maximum part count (10,000 for S3 and OSS).
/// </remarks>
public sealed class UploadOptions : IValidatedOptions
{
    /// <summary>The smallest part size accepted, 100 KiB (as Alibaba OSS).</summary>
    public const long MinPartSize = 100 * 1024;

    /// <summary>The largest part size accepted, 5 GiB.</summary>
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>The default part size, 8 MiB.</summary>
    public const long DefaultPartSize = 8L * 1024 * 1024;

    /// <summary>Gets or sets the requested part size in bytes.</summary>
    /// <value>The default is 8 MiB; the range is 100 KiB to 5 GiB.</value>
    [Range(MinPartSize, MaxPartSize)]
    public long PartSize { get; set; } = DefaultPartSize;

    /// <summary>Gets or sets the number of parts of one upload in flight at once (read, hashed and sent in parallel).</summary>
    /// <value>The default is 3, as OSS's <c>ResumableUploadObject</c>; the range is 1 to 64.</value>
    [Range(1, 64)]
    public int PartsInFlight { get; set; } = 3;

    /// <summary>Gets or sets the number of parts of one upload in flight at once.</summary>
    /// <value>The same value as <see cref="PartsInFlight"/>: no thread is started per part.</value>
    [Obsolete("Use PartsInFlight: the value counts parts in flight, not threads. Threads will be removed in the next version.")]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int Threads
    {
        get => PartsInFlight;
        set => PartsInFlight = value;
    }

    /// <summary>Gets or sets the CRC computed per part and combined into a whole-object CRC.</summary>
    /// <value>The default is <see cref="ChecksumAlgorithm.Crc64Xz"/>.</value>
    [EnumDataType(typeof(ChecksumAlgorithm))]
    public ChecksumAlgorithm Checksum { get; set; } = ChecksumAlgorithm.Crc64Xz;

    /// <summary>Gets or sets a value indicating whether each part also carries its MD5 as <c>Content-MD5</c>.</summary>
    /// <value>The default is <see langword="false"/>: MD5 costs about 1.3 CPU-seconds per GB.</value>
    public bool ContentMd5 { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a resume re-reads the parts already uploaded and checks them
    /// against the CRCs in the checkpoint, so that an in-place edit that kept the file's length and time is caught.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool VerifyOnResume { get; set; }

    /// <summary>
    /// Gets or sets the most memory, in bytes, that part buffers may take: one budget shared by every upload of the
    /// uploader, single or batch, concurrent calls included. The engine holds no more than part size ×
    /// (<see cref="MaxRequestsInFlight"/> + 1) of it, since more buffered parts than requests can carry, plus the one
    /// being filled, would only wait.
    /// When part size × (threads + 2) exceeds it, parts are streamed from the file instead of buffered.
    /// </summary>
    /// <value>The default is 1 GiB; the range is 1 MiB to 64 GiB.</value>
    [Range(1L << 20, 64L << 30)]
    public long MemoryBudget { get; set; } = 1L << 30;

    /// <summary>
    /// Gets or sets the most requests to the target in flight at once, across every upload of the uploader (parts,
    /// single puts, listings, completes). Each upload still sends at most <see cref="PartsInFlight"/> parts at a time.
    /// </summary>
    /// <value>The default is 16; the range is 1 to 1024.</value>
    [Range(1, 1024)]
    public int MaxRequestsInFlight { get; set; } = DefaultMaxRequestsInFlight;

    /// <summary>The default of <see cref="MaxRequestsInFlight"/>.</summary>
    public const int DefaultMaxRequestsInFlight = 16;

    /// <summary>
    /// Gets or sets the most bytes per second sent to the target, across every upload of the uploader (parts and single
    /// puts, concurrent calls included), or <see langword="null"/> for no cap. One token bucket
    /// (System.Threading.RateLimiting) paces the bytes as the target reads them, in slices of up to 256 KiB, so the
    /// rate holds over a fraction of a second; retried bytes count again, since they are sent again.
    /// </summary>
    /// <value>The default is <see langword="null"/> (no cap); a cap must be at least 1 byte per second.</value>
    [Range(1L, long.MaxValue)]
    public long? MaxBytesPerSecond { get; set; }

    /// <summary>Gets or sets how requests to the target are retried.</summary>
    public UploadRetryOptions Retry { get; set; } = new();

    /// <summary>Checks every option and throws one exception that lists every problem.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    internal void Validate() => ValidationHelper.ThrowIfInvalid(this);

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid upload options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (Retry is null)
        {
            problems.Add("Retry: must not be null.");
            return;
        }

        ValidationHelper.AddAnnotationProblems(Retry, problems, "Retry.");
        if (Retry.MaxDelay < Retry.BaseDelay)
        {
            problems.Add("Retry.MaxDelay: must not be shorter than Retry.BaseDelay.");
        }
    }
}
