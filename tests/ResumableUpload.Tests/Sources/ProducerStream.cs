namespace ResumableUpload.Tests.Sources;

/// <summary>
/// A forward-only stream over bytes, as a pipe gives them: not seekable, short reads, and optionally a stall at a byte
/// (until <see cref="Resume"/>) to stand for a slow producer.
/// </summary>
internal sealed class ProducerStream(byte[] bytes, long stallAt = -1) : TestSupport.ForwardOnlyStream
{
    private readonly TaskCompletionSource stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long position;

    /// <summary>Gets a task that completes when the producer reaches its stall.</summary>
    public Task Stalled => stalled.Task;

    public void Resume() => resumed.TrySetResult();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position == stallAt)
        {
            stalled.TrySetResult();
            await resumed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // A pipe hands out at most 64 KiB at a time, and never past the stall.
        var limit = stallAt > position ? stallAt - position : long.MaxValue;
        var n = (int)Math.Min(Math.Min(buffer.Length, 65536), Math.Min(bytes.Length - position, limit));
        bytes.AsMemory((int)position, n).CopyTo(buffer);
        position += n;
        return n;
    }
}
