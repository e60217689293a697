namespace ResumableUpload.Engine;

/// <summary>
/// The one memory budget of an uploader's transfer engine: every part buffer of every upload, single or batch,
/// concurrent calls included, takes its bytes here before it is filled and gives them back when its part is sent.
/// Waiters are served first come, first served, so a large part is never starved by small ones. A request larger than
/// the whole budget is a caller's bug (such parts are streamed from the file, not buffered).
/// </summary>
internal sealed class ByteBudget
{
    private readonly object gate = new();
    private readonly LinkedList<Waiter> waiters = new();
    private long used;
    private long highWater;

    public ByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Gets the budget in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Gets the bytes taken now.</summary>
    public long Used
    {
        get
        {
            lock (gate)
            {
                return used;
            }
        }
    }

    /// <summary>Gets the most bytes ever taken at once.</summary>
    public long HighWaterMark
    {
        get
        {
            lock (gate)
            {
                return highWater;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting until they fit and every earlier waiter was served.</summary>
    public ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, Capacity);
        Waiter waiter;
        lock (gate)
        {
            if (waiters.Count == 0 && used + bytes <= Capacity)
            {
                Take(bytes);
                return ValueTask.CompletedTask;
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(bytes);
            waiter.Node = waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((ByteBudget)((object[])state!)[0]).Cancel((Waiter)((object[])state!)[1], token), new object[] { this, waiter });
        }

        return new ValueTask(waiter.Completion.Task);
    }

    /// <summary>Gives back bytes taken with <see cref="AcquireAsync"/>, and serves the waiters that now fit, in order.</summary>
    public void Release(long bytes)
    {
        List<Waiter>? granted = null;
        lock (gate)
        {
            used -= bytes;
            if (used < 0)
            {
                used += bytes;
                throw new InvalidOperationException("The memory budget was released more than it was taken.");
            }

            while (waiters.First is { } first && used + first.Value.Bytes <= Capacity)
            {
                waiters.RemoveFirst();
                first.Value.Node = null;
                Take(first.Value.Bytes);
                (granted ??= []).Add(first.Value);
            }
        }

        foreach (var waiter in granted ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult();
        }
    }

    private void Take(long bytes)
    {
        used += bytes;
        highWater = Math.Max(highWater, used);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted: the caller owns the bytes and releases them
            }

            waiters.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Completion.TrySetCanceled(token);
        Release(0); // the head may have been the one blocking others that now fit
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
