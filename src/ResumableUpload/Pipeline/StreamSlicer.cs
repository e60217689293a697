using System.IO.Hashing;
using System.Runtime.CompilerServices;
using ResumableUpload.Hashing;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Reads the parts of a stream into buffers of the engine's one memory budget (a part is held until it is sent, and
/// retried from there; nothing is spooled to disk). A forward-only stream is read to its end on the part schedule; a
/// replayed one is hashed part by part against the checkpoint, and parts that match go on as verified, without bytes.
/// A re-openable source is opened at the start of each run of parts still to send.
/// </summary>
internal static class StreamSlicer
{
    /// <summary>
    /// Reads one part of up to <see cref="PartSpec.Length"/> bytes (less only at the end of the stream), after taking a
    /// slot and the part's bytes in the budget (all of it, for a part larger than the whole budget: one at a time).
    /// </summary>
    /// <param name="stream">The stream, read forward.</param>
    /// <param name="pool">The upload's buffers.</param>
    /// <param name="spec">The part to read.</param>
    /// <param name="crc">
    /// A reset CRC that takes each piece as it arrives, or <see langword="null"/>. Hashing a pipe's piece while its writer
    /// fills the pipe again keeps the writer going, where hashing the whole part after reading it stalls the writer.
    /// </param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The part, or <see langword="null"/> when the stream had no byte left.</returns>
    public static async ValueTask<SlicedPart?> ReadPartAsync(Stream stream, PartArrayPool pool, PartSpec spec, NonCryptographicHashAlgorithm? crc, CancellationToken cancellationToken)
    {
        var length = checked((int)spec.Length);
        var reserved = Math.Min(spec.Length, pool.Memory.Budget.Capacity);
        await pool.WaitForSlotAsync(reserved, cancellationToken).ConfigureAwait(false);
        SharedPartArray? block = null;
        try
        {
            block = pool.TakeBlock(length);
            var read = crc is null
                ? await stream.ReadAtLeastAsync(block.Memory[..length], length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
                : await ReadHashingAsync(stream, block.Memory[..length], crc, cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                return new SlicedPart(pool, spec with { Length = read }, block, reserved);
            }
        }
        catch
        {
            block?.Release();
            pool.ReleaseSlot(reserved);
            throw;
        }

        block.Release();
        pool.ReleaseSlot(reserved);
        return null;
    }

    /// <summary>
    /// Reads a forward-only stream from part 2 on (the session has read part 1, to choose between a single put and parts)
    /// to its end. With a replay, each part the checkpoint records is hashed here, in order, and goes on as verified
    /// when it matches; from the first part that differs, every part is sent.
    /// </summary>
    public static async IAsyncEnumerable<SlicedPart> ReadForwardAsync(ForwardRead read, PartArrayPool pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var schedule = read.Schedule;
        var first = read.First!;
        read.First = null;
        yield return first;
        if (first.Spec.Length < schedule.Size(1))
        {
            read.End.Reached(first.Spec.Length, 1);
            yield break;
        }

        for (var number = 2; ; number++)
        {
            var spec = schedule.Part(number);
            if (number > schedule.MaxPartCount)
            {
                // The parts so far hold all the target takes: one byte more is one part too many. The parts read are still
                // sent and recorded (the graph drains); the session then fails without completing.
                if (await HasMoreAsync(read.Stream, cancellationToken).ConfigureAwait(false))
                {
                    read.End.Overflowed(new PartCountExceededException(schedule.MaxPartCount, spec.Offset));
                    yield break;
                }

                read.End.Reached(spec.Offset, number - 1);
                yield break;
            }

            var crc = read.CrcFor(number);
            var part = await ReadPartAsync(read.Stream, pool, spec, crc, cancellationToken).ConfigureAwait(false);
            if (part is null)
            {
                read.End.Reached(spec.Offset, number - 1);
                yield break;
            }

            yield return await read.ClassifyAsync(part, crc is null ? null : Crc.GetCurrentValue(crc), pool, cancellationToken).ConfigureAwait(false);
            if (part.Spec.Length < spec.Length)
            {
                read.End.Reached(spec.Offset + part.Spec.Length, number);
                yield break;
            }
        }
    }

    /// <summary>Reads the parts of a re-openable source, opening it once per run of consecutive parts.</summary>
    public static async IAsyncEnumerable<SlicedPart> ReadReopenedAsync(ReopenableSource source, SourceDescription description, IReadOnlyList<PartSpec> parts, PartArrayPool pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var first = 0; first < parts.Count;)
        {
            var last = first;
            while (last + 1 < parts.Count && parts[last + 1].Number == parts[last].Number + 1)
            {
                last++;
            }

            var stream = await source.OpenAtAsync(parts[first].Offset, description, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                for (var i = first; i <= last; i++)
                {
                    var spec = parts[i];
                    var part = await ReadPartAsync(stream, pool, spec, crc: null, cancellationToken).ConfigureAwait(false);
                    if (part is null || part.Spec.Length < spec.Length)
                    {
                        var read = part?.Spec.Length ?? 0;
                        part?.Dispose();
                        throw new SourceEndedException(spec.Offset + read, spec.Offset + spec.Length);
                    }

                    yield return part;
                }
            }

            first = last + 1;
        }
    }

    private static async ValueTask<int> ReadHashingAsync(Stream stream, Memory<byte> buffer, NonCryptographicHashAlgorithm crc, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[filled..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            crc.Append(buffer.Span.Slice(filled, read));
            filled += read;
        }

        return filled;
    }

    private static async ValueTask<bool> HasMoreAsync(Stream stream, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }
}

/// <summary>Where a stream ended: known once the reader has seen its end, read by the session after the graph.</summary>
internal sealed class StreamEnd
{
    public bool IsReached { get; private set; }

    public long Length { get; private set; }

    public int PartCount { get; private set; }

    /// <summary>Gets what ended the read early because the stream outgrew the target, or <see langword="null"/>.</summary>
    public PartCountExceededException? Overflow { get; private set; }

    public void Overflowed(PartCountExceededException overflow) => Overflow = overflow;

    public void Reached(long length, int partCount)
    {
        Length = length;
        PartCount = partCount;
        IsReached = true;
    }
}

/// <summary>One forward read of a stream: the stream, its schedule, part 1 (already read), and the replay state.</summary>
internal sealed class ForwardRead(Stream stream, PartSchedule schedule, SlicedPart first, ChecksumAlgorithm algorithm, IReadOnlyDictionary<int, PartRecord>? replayed)
{
    private bool diverged;
    private NonCryptographicHashAlgorithm? hasher;

    public Stream Stream => stream;

    public PartSchedule Schedule => schedule;

    /// <summary>Gets or sets part 1, until the reader takes it.</summary>
    public SlicedPart? First { get; set; } = first;

    public StreamEnd End { get; } = new();

    /// <summary>Gets the parts verified against the checkpoint, not sent.</summary>
    public int VerifiedParts { get; private set; }

    /// <summary>Gets the bytes of <see cref="VerifiedParts"/>.</summary>
    public long VerifiedBytes { get; private set; }

    /// <summary>
    /// Gives a reset CRC for the reader to hash part <paramref name="number"/> with as it arrives, when the part will be
    /// checked against the checkpoint; otherwise <see langword="null"/> (no replay, or the replay has diverged).
    /// </summary>
    public NonCryptographicHashAlgorithm? CrcFor(int number)
    {
        if (replayed is null || diverged || !replayed.ContainsKey(number))
        {
            return null;
        }

        hasher ??= Crc.CreateIncremental(algorithm);
        hasher.Reset();
        return hasher;
    }

    /// <summary>
    /// Hashes a replayed part (unless <paramref name="partCrc"/> already holds its CRC) and, when the checkpoint records
    /// the same bytes and no earlier part differed, gives back a part without bytes that says so (its buffer goes back at
    /// once); otherwise the part itself, to be sent.
    /// </summary>
    public async ValueTask<SlicedPart> ClassifyAsync(SlicedPart part, ulong? partCrc, PartArrayPool pool, CancellationToken cancellationToken)
    {
        if (replayed is null || diverged || !replayed.TryGetValue(part.Spec.Number, out var recorded))
        {
            return part;
        }

        var crc = partCrc ?? Crc.Compute(algorithm, part.Memory.Span);
        switch (ResumePlanner.Replay(recorded, part.Spec, crc))
        {
            case ReplayStep.Verified:
                var spec = part.Spec;
                part.Dispose();
                await pool.WaitForSlotAsync(0, cancellationToken).ConfigureAwait(false);
                VerifiedParts++;
                VerifiedBytes += spec.Length;
                return new SlicedPart(pool, spec, block: null, reserved: 0) { Verified = recorded };
            default:
                diverged = true;
                return part;
        }
    }
}
