using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// Reads the parts still to send, in order, through a <see cref="PipeReader"/> into pooled part buffers. Each run of
/// consecutive parts is one sequential read; finished parts between runs are skipped without being read.
/// </summary>
internal static class Slicer
{
    private const int ReadBufferSize = 4 << 20;

    public static async IAsyncEnumerable<PartBuffer> ReadAsync(SafeFileHandle source, IReadOnlyList<PartSpec> parts, PartBufferPool pool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (pool.StreamFromFile)
        {
            // Parts too large for the memory budget are not buffered: the hasher and the uploader read the file.
            foreach (var part in parts)
            {
                yield return await pool.RentAsync(part, cancellationToken).ConfigureAwait(false);
            }

            yield break;
        }

        for (var first = 0; first < parts.Count;)
        {
            var last = first;
            while (last + 1 < parts.Count && parts[last + 1].Offset == parts[last].Offset + parts[last].Length)
            {
                last++;
            }

            var runStart = parts[first].Offset;
            var runLength = parts[last].Offset + parts[last].Length - runStart;
            var reader = PipeReader.Create(
                new FileSegmentStream(source, runStart, runLength),
                new StreamPipeReaderOptions(bufferSize: ReadBufferSize, minimumReadSize: ReadBufferSize / 4, leaveOpen: false));
            try
            {
                for (var i = first; i <= last; i++)
                {
                    var buffer = await pool.RentAsync(parts[i], cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await FillAsync(reader, buffer.Memory, parts[i], cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        buffer.Dispose();
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

    private static async ValueTask FillAsync(PipeReader reader, Memory<byte> destination, PartSpec part, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var available = result.Buffer;
            var take = (int)Math.Min(available.Length, destination.Length - filled);
            available.Slice(0, take).CopyTo(destination.Span[filled..]);
            filled += take;
            reader.AdvanceTo(available.GetPosition(take));
            if (take == 0 && result.IsCompleted)
            {
                throw new SourceChangedException($"The source ended inside part {part.Number} (at byte {part.Offset + filled} of a part ending at byte {part.Offset + part.Length}): the file was truncated during the upload.");
            }
        }
    }
}
