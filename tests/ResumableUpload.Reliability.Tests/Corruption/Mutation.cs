using System.Text;

namespace ResumableUpload.Reliability.Tests.Corruption;

/// <summary>The ways the fuzzer damages a stored checkpoint.</summary>
public enum MutationKind
{
    BitFlips,
    TruncateAtRecordBoundary,
    TruncateInsideRecord,
    Garbage,
    AppendGarbage,
    ZeroRange,
    Empty,
    WrongSchemaVersion,
    FromAnotherFile,
}

/// <summary>Applies one seeded mutation to a checkpoint's raw records.</summary>
public static class Mutation
{
    public static readonly MutationKind[] All = Enum.GetValues<MutationKind>();

    /// <param name="records">The raw records (mutated in place).</param>
    /// <param name="other">The raw records of another upload's checkpoint, for <see cref="MutationKind.FromAnotherFile"/>.</param>
    public static void Apply(MutationKind kind, List<byte[]> records, bool singleBlob, IReadOnlyList<byte[]> other, Random random)
    {
        switch (kind)
        {
            case MutationKind.BitFlips:
                {
                    var flips = random.Next(1, 4);
                    for (var i = 0; i < flips; i++)
                    {
                        var r = records[random.Next(records.Count)];
                        if (r.Length > 0)
                        {
                            r[random.Next(r.Length)] ^= (byte)(1 << random.Next(8));
                        }
                    }

                    break;
                }

            case MutationKind.TruncateAtRecordBoundary:
                if (singleBlob)
                {
                    var boundaries = Boundaries(records[0]);
                    var cut = boundaries[random.Next(boundaries.Count)];
                    records[0] = records[0][..cut];
                }
                else
                {
                    // Keep at least the header: removing every record is deleting the checkpoint, not damaging it
                    // (an upload whose checkpoint was deleted is left to `rupload sweep`; see docs/DECISIONS.md).
                    var keep = random.Next(1, records.Count + 1);
                    records.RemoveRange(keep, records.Count - keep);
                }

                break;

            case MutationKind.TruncateInsideRecord:
                {
                    var index = random.Next(records.Count);
                    if (singleBlob)
                    {
                        var boundaries = Boundaries(records[0]);
                        var b = random.Next(boundaries.Count - 1);
                        var inside = boundaries[b] + random.Next(1, Math.Max(2, boundaries[b + 1] - boundaries[b]));
                        records[0] = records[0][..Math.Min(inside, records[0].Length - 1)];
                    }
                    else if (records[index].Length > 1)
                    {
                        records[index] = records[index][..random.Next(1, records[index].Length)];
                    }

                    break;
                }

            case MutationKind.Garbage:
                {
                    var index = random.Next(records.Count);
                    var garbage = new byte[random.Next(0, 400)];
                    random.NextBytes(garbage);
                    records[index] = garbage;
                    break;
                }

            case MutationKind.AppendGarbage:
                {
                    var garbage = new byte[random.Next(1, 200)];
                    random.NextBytes(garbage);
                    var index = singleBlob ? 0 : random.Next(records.Count);
                    records[index] = [.. records[index], .. garbage];
                    break;
                }

            case MutationKind.ZeroRange:
                {
                    var r = records[random.Next(records.Count)];
                    if (r.Length > 0)
                    {
                        var start = random.Next(r.Length);
                        Array.Clear(r, start, random.Next(1, r.Length - start + 1));
                    }

                    break;
                }

            case MutationKind.Empty:
                records.Clear();
                records.Add([]);
                break;

            case MutationKind.WrongSchemaVersion:
                {
                    // A well-formed header record (valid checksum) of a future schema version.
                    var headerLength = singleBlob ? FirstRecordLength(records[0]) : records[0].Length;
                    var header = records[0][..headerLength];
                    var json = Encoding.UTF8.GetString(header, 8, header.Length - 12);
                    var future = CheckpointCodec.FrameHeaderPayload(Encoding.UTF8.GetBytes(json.Replace("\"schema\":1", "\"schema\":" + random.Next(CheckpointCodec.SchemaVersion + 1, 99), StringComparison.Ordinal)));
                    records[0] = singleBlob ? [.. future, .. records[0][headerLength..]] : future;
                    break;
                }

            case MutationKind.FromAnotherFile:
                records.Clear();
                records.AddRange(other.Select(r => (byte[])r.Clone()));
                break;
        }
    }

    private static int FirstRecordLength(byte[] blob) => CheckpointCodec.TryReadFrame(blob, out var length) ? length : blob.Length;

    private static List<int> Boundaries(byte[] blob)
    {
        var boundaries = new List<int> { 0 };
        var position = 0;
        while (position < blob.Length && CheckpointCodec.TryReadFrame(blob.AsSpan(position), out var length))
        {
            position += length;
            boundaries.Add(position);
        }

        return boundaries;
    }
}
