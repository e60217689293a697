namespace ResumableUpload.Orleans.Tests.Support;

/// <summary>
/// Fault injection: lets the first <c>allowance</c> part uploads and puts through, then holds every later one until the
/// test opens the gate (or the caller cancels: a killed silo's worker). So a job is surely mid-way when silos die.
/// </summary>
internal sealed class TestGate(int allowance)
{
    private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int passed;
    private int waiting;

    /// <summary>Gets the number of sends held at the gate now.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    public void Open() => open.TrySetResult();

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref passed) <= allowance)
        {
            return;
        }

        Interlocked.Increment(ref waiting);
        try
        {
            await open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }
}

/// <summary>Fault injection: every complete fails (a transient target error) while <see cref="Failing"/> is set.</summary>
internal sealed class CompleteFault
{
    private int attempts;

    public bool Failing { get; set; } = true;

    /// <summary>Gets the number of completes asked for, failed or not.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public void Pass()
    {
        Interlocked.Increment(ref attempts);
        if (Failing)
        {
            throw new TargetException(TargetErrorKind.Permanent, "InjectedFault", "The test fails every complete for now (permanent: no retry delays).");
        }
    }
}

/// <summary>
/// A target whose part uploads and puts pass a <see cref="TestGate"/> first and whose completes pass a
/// <see cref="CompleteFault"/> (when given); everything else goes straight through.
/// </summary>
internal sealed class GatedTarget(IMultipartTarget inner, TestGate gate, CompleteFault? completeFault = null) : IMultipartTarget
{
    public string Identity => inner.Identity;

    public TargetCapabilities Capabilities => inner.Capabilities;

    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
        => inner.InitiateAsync(location, properties, algorithm, cancellationToken);

    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        await gate.PassAsync(cancellationToken);
        return await inner.UploadPartAsync(request, cancellationToken);
    }

    public IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => inner.ListPartsAsync(location, uploadId, cancellationToken);

    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        completeFault?.Pass();
        return inner.CompleteAsync(location, uploadId, parts, objectCrc, cancellationToken);
    }

    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
        => inner.AbortAsync(location, uploadId, cancellationToken);

    public IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, CancellationToken cancellationToken = default)
        => inner.ListUploadsAsync(bucket, keyPrefix, cancellationToken);

    public async Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
    {
        await gate.PassAsync(cancellationToken);
        return await inner.PutAsync(location, content, length, checksums, properties, cancellationToken);
    }
}
