namespace ResumableUpload.Pipeline;

/// <summary>
/// The finished parts of one upload, resumed ones included, indexed by part number: recording a part allocates
/// nothing, and complete gets the parts in order. Written only by the committer (a single writer). A stream's ledger
/// starts empty and grows with its parts.
/// </summary>
internal sealed class PartLedger(int partCount)
{
    private PartRecord?[] parts = new PartRecord?[Math.Max(partCount, 1)];

    /// <summary>Gets the number of finished parts.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the bytes of the finished parts.</summary>
    public long Bytes { get; private set; }

    public bool Contains(int partNumber) => partNumber <= parts.Length && parts[partNumber - 1] is not null;

    /// <summary>Records a finished part (again: a re-sent part replaces its earlier record).</summary>
    public void Add(PartRecord record)
    {
        if (record.PartNumber > parts.Length)
        {
            Array.Resize(ref parts, Math.Max(record.PartNumber, parts.Length * 2));
        }

        ref var slot = ref parts[record.PartNumber - 1];
        if (slot is { } earlier)
        {
            Count--;
            Bytes -= earlier.Length;
        }

        slot = record;
        Count++;
        Bytes += record.Length;
    }

    /// <summary>Gives the finished parts in part-number order.</summary>
    public List<PartRecord> InOrder()
    {
        var ordered = new List<PartRecord>(Count);
        foreach (var part in parts)
        {
            if (part is { } finished)
            {
                ordered.Add(finished);
            }
        }

        return ordered;
    }
}
