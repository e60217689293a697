using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Reads the parts still to send, in order, through a <see cref="PipeReader"/> into pooled part buffers. Each run of
/// consecutive parts is one sequential read; finished parts between runs are skipped without being read.
/// </summary>
/// <remarks>
/// The pipe's memory pool is the part pool itself, with segments exactly one part long and a minimum read of one
/// byte, so the pipe fills one block per part straight from the file and the part adopts that block: no copy between
/// the pipe and the part (the copy measured 1.4–1.8× the slicer's cost; see SlicingBenchmarks). Anything else the pipe
/// returns (a part split over two segments) is copied, so correctness never depends on that layout.
/// </remarks>
internal static class Slicer
{
    public static async IAsyncEnumerable<SlicedPart> ReadAsync(SafeFileHandle source, IReadOnlyList<PartSpec> parts, PartArrayPool pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (pool.StreamFromFile)
        {
            // Parts too large for the memory budget are not buffered: the hasher and the uploader read the file.
            foreach (var part in parts)
            {
                await pool.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
                yield return pool.Streamed(part);
            }

            yield break;
        }

        var options = new StreamPipeReaderOptions(pool, bufferSize: pool.BlockLength, minimumReadSize: 1, leaveOpen: false);
        for (var first = 0; first < parts.Count;)
        {
            var last = first;
            while (last + 1 < parts.Count && parts[last + 1].Offset == parts[last].Offset + parts[last].Length)
            {
                last++;
            }

            var runStart = parts[first].Offset;
            var runLength = parts[last].Offset + parts[last].Length - runStart;
            var reader = PipeReader.Create(new FileSegmentStream(source, runStart, runLength), options);
            try
            {
                for (var i = first; i <= last; i++)
                {
                    await pool.WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
                    SlicedPart buffer;
                    try
                    {
                        buffer = await ReadPartAsync(reader, pool, parts[i], cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        pool.ReleaseSlot();
                        throw;
                    }

                    yield return buffer;
                }
            }
            finally
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }

            first = last + 1;
        }
    }

    private static async ValueTask<SlicedPart> ReadPartAsync(PipeReader reader, PartArrayPool pool, PartSpec part, CancellationToken cancellationToken)
    {
        var length = (int)part.Length;
        var result = await reader.ReadAtLeastAsync(length, cancellationToken).ConfigureAwait(false);
        var available = result.Buffer;
        if (available.Length < length)
        {
            throw new SourceEndedException(part.Offset + available.Length, part.Offset + part.Length);
        }

        var bytes = available.Slice(0, length);
        var buffer = pool.Adopt(part, bytes);
        reader.AdvanceTo(bytes.End);
        return buffer;
    }
}
