namespace ResumableUpload.Pipeline;

/// <summary>One part of the source: its number (from 1), offset and length.</summary>
internal readonly record struct PartSpec(int Number, long Offset, long Length);

/// <summary>How a source of a given length is cut into parts for a given target.</summary>
internal readonly record struct PartLayout(long Length, long PartSize, int PartCount)
{
    private const long Alignment = 1L << 20;

    /// <summary>
    /// Clamps the requested part size to the target's limits, then grows it (to a whole MiB where the target
    /// allows) until the upload needs no more than the target's maximum part count.
    /// </summary>
    public static PartLayout Compute(long length, long requestedPartSize, TargetCapabilities capabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(capabilities);
        var partSize = Math.Clamp(requestedPartSize, Math.Max(1, capabilities.MinPartSize), capabilities.MaxPartSize);
        var smallestFitting = CeilingDivide(length, capabilities.MaxPartCount);
        if (partSize < smallestFitting)
        {
            if (smallestFitting > capabilities.MaxPartSize)
            {
                throw new ArgumentException($"The source has {length} bytes; the target takes at most {capabilities.MaxPartCount} parts of {capabilities.MaxPartSize} bytes.");
            }

            var aligned = CeilingDivide(smallestFitting, Alignment) * Alignment;
            partSize = aligned <= capabilities.MaxPartSize ? aligned : smallestFitting;
        }

        var count = length == 0 ? 0 : CeilingDivide(length, partSize);
        return new PartLayout(length, partSize, (int)count);
    }

    public PartSpec Part(int number)
    {
        var offset = (number - 1) * PartSize;
        return new PartSpec(number, offset, Math.Min(PartSize, Length - offset));
    }

    private static long CeilingDivide(long a, long b) => (a + b - 1) / b;
}
