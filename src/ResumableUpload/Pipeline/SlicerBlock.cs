using System.Threading.Tasks.Dataflow;
using Microsoft.Win32.SafeHandles;

namespace ResumableUpload.Pipeline;

/// <summary>
/// The slicer as a Dataflow block: fed lists of parts to send (an upload's part list), it emits one pooled
/// <see cref="SlicedPart"/> per part, read by <see cref="Slicer.ReadAsync"/> through a PipeReader straight into the
/// pool's blocks (no copy). Bounded: it holds at most one finished part while the next is read, and it takes a pool
/// slot (and the part's bytes in the engine's budget) before it reads a part, so back-pressure reaches the file.
/// </summary>
internal static class SlicerBlock
{
    /// <param name="source">The open source file.</param>
    /// <param name="pool">The upload's part buffers.</param>
    /// <param name="onFailure">Told of a read failure (the file ended early, an I/O error) or of the stop; the block then completes without the rest.</param>
    /// <param name="cancellationToken">Stops reading; parts not yet read are not emitted.</param>
    public static IPropagatorBlock<IReadOnlyList<PartSpec>, SlicedPart> Create(SafeFileHandle source, PartArrayPool pool, Action<Exception> onFailure, CancellationToken cancellationToken)
    {
        var output = new BufferBlock<SlicedPart>(new DataflowBlockOptions { BoundedCapacity = 1 });
        var reader = new ActionBlock<IReadOnlyList<PartSpec>>(
            async parts =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await foreach (var part in Slicer.ReadAsync(source, parts, pool, cancellationToken).ConfigureAwait(false))
                    {
                        // Declined only once the output is completed, which happens after this delegate: never, but
                        // the part must not leak if it does.
                        if (!await output.SendAsync(part).ConfigureAwait(false))
                        {
                            part.Dispose();
                            return;
                        }
                    }
                }
                catch (Exception ex)
                {
                    onFailure(ex);
                }
            },
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = 1 });

        // The delegate lets nothing out, so the reader only ever completes; its end is the output's end.
        _ = reader.Completion.ContinueWith(static (_, block) => ((IDataflowBlock)block!).Complete(), output, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return DataflowBlock.Encapsulate(reader, output);
    }

    /// <summary>
    /// A slicer for parts that a reader makes itself (a stream's): it runs <paramref name="read"/> once and emits what
    /// it yields, one part held at a time. A failure is told to <paramref name="onFailure"/> and ends the block.
    /// </summary>
    public static ISourceBlock<SlicedPart> FromReader(Func<CancellationToken, IAsyncEnumerable<SlicedPart>> read, Action<Exception> onFailure, CancellationToken cancellationToken)
    {
        var output = new BufferBlock<SlicedPart>(new DataflowBlockOptions { BoundedCapacity = 1 });
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var part in read(cancellationToken).ConfigureAwait(false))
                    {
                        if (!await output.SendAsync(part).ConfigureAwait(false))
                        {
                            part.Dispose();
                            return;
                        }
                    }
                }
                catch (Exception ex)
                {
                    onFailure(ex);
                }
                finally
                {
                    output.Complete();
                }
            },
            CancellationToken.None);
        return output;
    }
}
