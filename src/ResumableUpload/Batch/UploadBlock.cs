using System.Threading.Tasks.Dataflow;

namespace ResumableUpload.Batch;

/// <summary>
/// The batch as a Dataflow block: requests in, one outcome per file out, as each finishes. Both ends are bounded, so
/// a producer that posts faster than files upload waits (SendAsync), and a consumer that reads slowly holds the
/// uploads back. Completing the block's input ends the batch once the files in flight end; a batch-wide failure
/// (the ledger's lease is held elsewhere, the store is down) faults the block.
/// </summary>
internal static class UploadBlock
{
    public static IPropagatorBlock<UploadRequest, UploadOutcome> Create(Func<IAsyncEnumerable<UploadRequest>, CancellationToken, IAsyncEnumerable<UploadOutcome>> run, int boundedCapacity, CancellationToken cancellationToken)
    {
        var input = new BufferBlock<UploadRequest>(new DataflowBlockOptions { BoundedCapacity = boundedCapacity, CancellationToken = cancellationToken });
        var output = new BufferBlock<UploadOutcome>(new DataflowBlockOptions { BoundedCapacity = boundedCapacity });
        _ = PumpAsync(run(input.ReceiveAllAsync(cancellationToken), cancellationToken), input, output, cancellationToken);
        return DataflowBlock.Encapsulate(input, output);
    }

    private static async Task PumpAsync(IAsyncEnumerable<UploadOutcome> outcomes, BufferBlock<UploadRequest> input, BufferBlock<UploadOutcome> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (!await output.SendAsync(outcome, cancellationToken).ConfigureAwait(false))
                {
                    break; // the output was faulted or completed from outside
                }
            }

            output.Complete();
        }
        catch (Exception ex)
        {
            ((IDataflowBlock)output).Fault(ex);
            ((IDataflowBlock)input).Fault(ex);
        }
    }
}
