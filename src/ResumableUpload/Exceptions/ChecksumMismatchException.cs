namespace ResumableUpload;

/// <summary>
/// A checksum the target reports differs from the one the uploader computed: for the whole object (combined from the
/// parts), or for one part (<see cref="PartNumber"/>) where the target reports a CRC per part (Alibaba OSS).
/// </summary>
public sealed class ChecksumMismatchException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    public ChecksumMismatchException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ChecksumMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChecksumMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class with the facts of the mismatch.</summary>
    /// <param name="algorithm">The CRC algorithm of both values.</param>
    /// <param name="expected">The CRC the uploader computed from the source.</param>
    /// <param name="reported">The CRC the target reports.</param>
    /// <param name="partNumber">The part, or <see langword="null"/> for the whole object.</param>
    /// <param name="message">The message.</param>
    public ChecksumMismatchException(ChecksumAlgorithm algorithm, ulong expected, ulong reported, int? partNumber, string message)
        : base(message)
    {
        Algorithm = algorithm;
        ExpectedCrc = expected;
        ReportedCrc = reported;
        PartNumber = partNumber;
    }

    /// <summary>Gets the CRC algorithm of <see cref="ExpectedCrc"/> and <see cref="ReportedCrc"/>, if known.</summary>
    public ChecksumAlgorithm? Algorithm { get; }

    /// <summary>Gets the CRC the uploader computed from the source, if known.</summary>
    public ulong? ExpectedCrc { get; }

    /// <summary>Gets the CRC the target reports, if known.</summary>
    public ulong? ReportedCrc { get; }

    /// <summary>Gets the part whose CRC differs, or <see langword="null"/> for the whole object (or when unknown).</summary>
    public int? PartNumber { get; }
}
