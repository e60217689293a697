namespace ResumableUpload.Pipeline;

/// <summary>
/// The part sizes of a stream whose length is not known: <see cref="PartSize"/> for the first
/// <see cref="DoublingInterval"/> parts, then twice that for as many again, and so on up to <see cref="MaxPartSize"/>
/// (0: never grows, every part has <see cref="PartSize"/>). Recorded in the checkpoint, so a replay cuts the stream at
/// the same offsets. A pure value: part n's offset and length follow from n alone.
/// </summary>
internal readonly record struct PartSchedule(long PartSize, int DoublingInterval, long MaxPartSize, int MaxPartCount)
{
    /// <summary>The largest part a stream buffers (one array; the memory budget may hold it alone).</summary>
    public const long MaxBufferedPartSize = 1L << 30;

    /// <summary>Gets the most bytes <see cref="MaxPartCount"/> parts of this schedule hold.</summary>
    public long Capacity => Offset(MaxPartCount + 1);

    public long Size(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (DoublingInterval == 0)
        {
            return PartSize;
        }

        var size = PartSize;
        for (var steps = (number - 1) / DoublingInterval; steps > 0 && size < MaxPartSize; steps--)
        {
            size = Math.Min(size * 2, MaxPartSize);
        }

        return size;
    }

    public long Offset(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        if (DoublingInterval == 0)
        {
            return (number - 1) * PartSize;
        }

        long offset = 0;
        var before = number - 1;
        var size = PartSize;
        while (before > 0)
        {
            // Once the size stops growing, the rest of the parts have it.
            var take = size >= MaxPartSize ? before : Math.Min(DoublingInterval, before);
            offset += take * size;
            before -= take;
            size = Math.Min(size * 2, MaxPartSize);
        }

        return offset;
    }

    public PartSpec Part(int number) => new(number, Offset(number), Size(number));

    /// <summary>
    /// The schedule of a stream: with a length hint, the part size a file of that length gets; without one, the
    /// requested part size. On targets that take unequal parts the size then doubles every
    /// <see cref="DoublingInterval"/> parts, the longest interval that still lets the target's largest object fit in
    /// its maximum part count (from 8 MiB on S3: every 812 parts, so 5 TiB fits in 10,000); where the target states no
    /// largest object, half of what that count holds at <see cref="MaxBufferedPartSize"/> (Azure: about 24 TiB in 50,000 blocks).
    /// </summary>
    public static PartSchedule ForStream(long requestedPartSize, long? lengthHint, TargetCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var maxPart = Math.Min(capabilities.MaxPartSize, MaxBufferedPartSize);
        var partSize = lengthHint is { } hint
            ? PartLayout.Compute(hint, requestedPartSize, capabilities).PartSize
            : Math.Clamp(requestedPartSize, Math.Max(1, capabilities.MinPartSize), maxPart);
        if (partSize > maxPart)
        {
            throw new ArgumentException($"A stream of {lengthHint} bytes needs parts of {partSize} bytes, more than the {maxPart} bytes a part read from a stream may hold in memory.");
        }

        if (capabilities.RequiresEqualParts)
        {
            return new PartSchedule(partSize, 0, partSize, capabilities.MaxPartCount);
        }

        // A stream's parts are buffered, at most MaxBufferedPartSize each. Where the target states no largest object,
        // aiming at all its parts at that size would mean the largest parts almost at once (Azure: 50,000 blocks):
        // half of it keeps the early parts small.
        var reachable = maxPart * capabilities.MaxPartCount;
        var maxObject = Math.Min(capabilities.MaxObjectSize ?? reachable / 2, reachable);
        return new PartSchedule(partSize, DoublingIntervalFor(partSize, maxPart, capabilities.MaxPartCount, maxObject), maxPart, capabilities.MaxPartCount);
    }

    /// <summary>The longest doubling interval whose schedule holds <paramref name="maxObject"/> bytes (0 when a fixed size does).</summary>
    public static int DoublingIntervalFor(long partSize, long maxPartSize, int maxPartCount, long maxObject)
    {
        if (partSize * maxPartCount >= maxObject || partSize >= maxPartSize)
        {
            return 0;
        }

        // The capacity grows as the interval shrinks: find the largest interval that is still enough.
        int low = 1, high = maxPartCount;
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (new PartSchedule(partSize, mid, maxPartSize, maxPartCount).Capacity >= maxObject)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }
}
