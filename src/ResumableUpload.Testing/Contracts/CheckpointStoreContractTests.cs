using System.Diagnostics;
using System.Security.Cryptography;
using Xunit;

namespace ResumableUpload.Testing;

/// <summary>
/// The behaviour every <see cref="ICheckpointStore"/> must have. Subclass it in an xunit test project, implement the
/// hooks for your store, and every test here runs against it. xunit creates a new instance per test: each instance
/// must start on fresh, empty storage (a new directory, database, key prefix...).
/// </summary>
/// <remarks>
/// "Another process" is a second store instance from <see cref="CreateStoreAsync"/> on the same storage. Stores whose
/// leases expire (a row or a key with a deadline) are also checked for takeover after the holder dies and for fencing:
/// the old holder's writes must be refused once another holder has taken over.
/// </remarks>
public abstract class CheckpointStoreContractTests : IAsyncLifetime
{
    private const long PartSize = 8L * 1024 * 1024;
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(2);
    private readonly List<ICheckpointStore> stores = [];

    /// <summary>Gets object keys that must reach the store and come back exactly (only the checkpoint key names storage).</summary>
    public static TheoryData<string> HostileObjectKeys { get; } = new(HostileKeys.Names);

    /// <summary>Gets a value indicating whether the store's leases expire unless renewed (a crashed holder's lease lapses).</summary>
    /// <value>For stores whose lease dies with the holder's process (an OS file lock), <see langword="false"/>.</value>
    protected abstract bool LeasesExpire { get; }

    /// <summary>Gets how long the store's leases live without renewal (short, for example 2 seconds, so tests stay quick).</summary>
    /// <value>Unused when <see cref="LeasesExpire"/> is <see langword="false"/>.</value>
    protected virtual TimeSpan LeaseDuration => TimeSpan.Zero;

    /// <summary>
    /// Gets a value indicating whether the store records each lease's <see cref="LeaseHolder"/> and takes over at once a
    /// lease whose holder is known dead on this host (see <see cref="LeaseHolder.IsKnownDead"/>). Stores that opt in
    /// implement <see cref="CreateStoreAsHolderAsync"/>.
    /// </summary>
    /// <value><see langword="false"/> by default: a dead holder's lease then frees as the store's own rule says (OS release or expiry).</value>
    protected virtual bool TakesOverDeadHolderOnSameHost => false;

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await CleanupAsync().ConfigureAwait(false);
    }

    /// <summary>Loading where nothing was stored gives no checkpoint.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadAsync_NoCheckpoint_ReturnsNull()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);

        Assert.Null(await lease.LoadAsync().ConfigureAwait(false));
    }

    /// <summary>A created checkpoint loads with its header and no parts.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CreateAsync_NewCheckpoint_LoadReturnsHeaderAndEmptyLedger()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var header = NewHeader();
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);

        await lease.CreateAsync(header).ConfigureAwait(false);
        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(header, loaded.Header);
        Assert.Empty(loaded.Parts);
    }

    /// <summary>Committed parts load back field for field (MD5 or none, short and long ETags).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CommitPartAsync_Parts_LoadReturnsThemExactly()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader(contentMd5: true)).ConfigureAwait(false);
        PartRecord[] parts =
        [
            Part(1),
            Part(2) with { Md5Base64 = Convert.ToBase64String([0xD4, 0x1D, 0x8C, 0xD9, 0x8F, 0x00, 0xB2, 0x04, 0xE9, 0x80, 0x09, 0x98, 0xEC, 0xF8, 0x42, 0x7E]) },
            Part(3) with { ETag = "\"" + new string('e', 1000) + "\"", Crc = ulong.MaxValue },
            Part(4) with { Length = 17, ETag = string.Empty, Crc = 0 },
        ];

        foreach (var part in parts)
        {
            await lease.CommitPartAsync(part).ConfigureAwait(false);
        }

        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(parts, loaded.Parts);
    }

    /// <summary>Committing a part number again replaces its record: one record per number, the latest values.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CommitPartAsync_SamePartTwice_LoadReturnsOneRecordWithTheLatestValues()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        var retried = Part(2) with { ETag = "\"retried\"", Crc = 42 };

        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(2)).ConfigureAwait(false);
        await lease.CommitPartAsync(retried).ConfigureAwait(false);
        await lease.CommitPartAsync(retried).ConfigureAwait(false);
        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal([Part(1), retried], loaded.Parts);
    }

    /// <summary>The ledger comes back in part-number order whatever the commit order.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CommitPartAsync_OutOfOrder_LoadReturnsPartNumberOrder()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);

        await lease.CommitPartAsync(Part(5)).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(3)).ConfigureAwait(false);
        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal([1, 3, 5], loaded.Parts.Select(p => p.PartNumber));
        Assert.Equal(3 * PartSize, loaded.CompletedBytes);
    }

    /// <summary>A deleted checkpoint is gone.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DeleteAsync_ExistingCheckpoint_LoadReturnsNull()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);

        await lease.DeleteAsync().ConfigureAwait(false);

        Assert.Null(await lease.LoadAsync().ConfigureAwait(false));
    }

    /// <summary>Deleting what does not exist is not an error (an uploader deletes to start fresh).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DeleteAsync_NoCheckpoint_Succeeds()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);

        await lease.DeleteAsync().ConfigureAwait(false);

        Assert.Null(await lease.LoadAsync().ConfigureAwait(false));
    }

    /// <summary>An empty store lists nothing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListAsync_EmptyStore_ReturnsNothing()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);

        Assert.Empty(await ListAsync(store).ConfigureAwait(false));
    }

    /// <summary>Every stored checkpoint is listed with its own header and ledger, without taking leases.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListAsync_TwoCheckpoints_ListsEachWithItsLedger()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var (first, second) = (NewKey(), NewKey());
        var (firstHeader, secondHeader) = (NewHeader(objectKey: "a.bin"), NewHeader(objectKey: "b.bin"));
        await using (var lease = await store.AcquireAsync(first).ConfigureAwait(false))
        {
            await lease.CreateAsync(firstHeader).ConfigureAwait(false);
            await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        }

        await using var held = await store.AcquireAsync(second).ConfigureAwait(false);
        await held.CreateAsync(secondHeader).ConfigureAwait(false);
        await held.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await held.CommitPartAsync(Part(2)).ConfigureAwait(false);

        var entries = (await ListAsync(store).ConfigureAwait(false)).ToDictionary(e => e.Key);

        Assert.Equal(2, entries.Count);
        Assert.Null(entries[first].Problem);
        Assert.Equal(firstHeader, entries[first].Checkpoint?.Header);
        Assert.Equal([Part(1)], entries[first].Checkpoint?.Parts ?? []);
        Assert.Null(entries[second].Problem);
        Assert.Equal(secondHeader, entries[second].Checkpoint?.Header);
        Assert.Equal([Part(1), Part(2)], entries[second].Checkpoint?.Parts ?? []);
    }

    /// <summary>A deleted checkpoint is no longer listed.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListAsync_AfterDelete_OmitsTheCheckpoint()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var (kept, deleted) = (NewKey(), NewKey());
        await CreateWithPartsAsync(store, kept, 1).ConfigureAwait(false);
        await CreateWithPartsAsync(store, deleted, 1).ConfigureAwait(false);
        await using (var lease = await store.AcquireAsync(deleted).ConfigureAwait(false))
        {
            await lease.DeleteAsync().ConfigureAwait(false);
        }

        var entries = await ListAsync(store).ConfigureAwait(false);

        Assert.Equal([kept], entries.Select(e => e.Key));
    }

    /// <summary>A damaged checkpoint is reported as corrupt, never loaded as if valid.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadAsync_CorruptCheckpoint_ThrowsCheckpointCorrupt()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var key = NewKey();
        await CreateWithPartsAsync(store, key, 3).ConfigureAwait(false);

        await CorruptCheckpointAsync(key).ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(key).ConfigureAwait(false);

        await Assert.ThrowsAsync<CheckpointCorruptException>(() => lease.LoadAsync()).ConfigureAwait(false);
    }

    /// <summary>A damaged checkpoint is listed with the reason instead of breaking the listing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListAsync_CorruptCheckpoint_ListsEntryWithProblem()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var (healthy, corrupt) = (NewKey(), NewKey());
        await CreateWithPartsAsync(store, healthy, 2).ConfigureAwait(false);
        await CreateWithPartsAsync(store, corrupt, 2).ConfigureAwait(false);

        await CorruptCheckpointAsync(corrupt).ConfigureAwait(false);
        var entries = (await ListAsync(store).ConfigureAwait(false)).ToDictionary(e => e.Key);

        Assert.Equal(2, entries.Count);
        Assert.Null(entries[corrupt].Checkpoint);
        Assert.False(string.IsNullOrWhiteSpace(entries[corrupt].Problem));
        Assert.Null(entries[healthy].Problem);
        Assert.Equal(2, entries[healthy].Checkpoint?.Parts.Count);
    }

    /// <summary>Creating over an existing checkpoint replaces it: the new header and an empty ledger.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CreateAsync_ExistingCheckpoint_ReplacesItWithAnEmptyLedger()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader(uploadId: "old-upload")).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(2)).ConfigureAwait(false);
        var fresh = NewHeader(uploadId: "new-upload");

        await lease.CreateAsync(fresh).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(3)).ConfigureAwait(false);
        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(fresh, loaded.Header);
        Assert.Equal([Part(3)], loaded.Parts);
    }

    /// <summary>A second process cannot take a held lease, and learns it at once rather than by waiting.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_HeldByAnotherInstance_ThrowsCheckpointLockedAtOnce()
    {
        var (holder, contender) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        await using var lease = await holder.AcquireAsync(key).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<CheckpointLockedException>(() => contender.AcquireAsync(key)).ConfigureAwait(false);

        Assert.True(clock.Elapsed < AtOnce, $"AcquireAsync took {clock.Elapsed} to refuse a held lease; it must refuse at once.");
    }

    /// <summary>
    /// <see cref="ICheckpointStore.MayHoldAsync"/> never says "nothing here" while a lease is held (by any instance) or
    /// a checkpoint is stored: an upload that believed it would skip the lease and race the holder.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task MayHoldAsync_LeaseHeldOrCheckpointStored_True()
    {
        var (holder, other) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        await using (var lease = await holder.AcquireAsync(key).ConfigureAwait(false))
        {
            Assert.True(await other.MayHoldAsync(key).ConfigureAwait(false), "a held lease must count");
            await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        }

        Assert.True(await other.MayHoldAsync(key).ConfigureAwait(false), "a stored checkpoint must count after its lease is released");
    }

    /// <summary>Two uploaders in one process cannot drive one checkpoint either.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_HeldInSameInstance_ThrowsCheckpointLocked()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var key = NewKey();
        await using var lease = await store.AcquireAsync(key).ConfigureAwait(false);

        await Assert.ThrowsAsync<CheckpointLockedException>(() => store.AcquireAsync(key)).ConfigureAwait(false);
    }

    /// <summary>Leases are per checkpoint: holding one does not block another.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_OtherKeyHeld_Succeeds()
    {
        var (first, second) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        await using var held = await first.AcquireAsync(NewKey()).ConfigureAwait(false);

        await using var other = await second.AcquireAsync(NewKey()).ConfigureAwait(false);
        await other.CreateAsync(NewHeader()).ConfigureAwait(false);
    }

    /// <summary>A cancelled acquire throws <see cref="OperationCanceledException"/>, unwrapped.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_CancelledToken_ThrowsOperationCanceled()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync().ConfigureAwait(false);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AcquireAsync(NewKey(), cancelled.Token)).ConfigureAwait(false);
    }

    /// <summary>Disposing a lease releases it: another process acquires it and finds the checkpoint intact.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DisposeAsync_HeldLease_AnotherInstanceAcquiresAndFindsTheCheckpoint()
    {
        var (first, second) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        var lease = await first.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);

        await lease.DisposeAsync().ConfigureAwait(false);
        await using var next = await second.AcquireAsync(key).ConfigureAwait(false);
        var loaded = await next.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal([Part(1)], loaded.Parts);
    }

    /// <summary>Disposing twice is harmless, and a disposed lease refuses to be used.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task DisposeAsync_Twice_IsHarmlessAndTheLeaseRefusesUse()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);

        await lease.DisposeAsync().ConfigureAwait(false);
        await lease.DisposeAsync().ConfigureAwait(false);

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await lease.CommitPartAsync(Part(1)).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// A holder that dies without releasing does not block the checkpoint for ever: with expiring leases another process
    /// is refused at first and takes over once the lease lapses; with process-bound leases it takes over at once.
    /// Either way it finds the ledger intact.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_HolderDied_AnotherInstanceTakesOverOnceTheLeaseLapses()
    {
        var (dying, survivor) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        var lease = await dying.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);

        await SimulateHolderDeathAsync(lease).ConfigureAwait(false);
        if (LeasesExpire)
        {
            await Assert.ThrowsAsync<CheckpointLockedException>(() => survivor.AcquireAsync(key)).ConfigureAwait(false);
        }

        await using var taken = await AcquireOnceFreeAsync(survivor, key).ConfigureAwait(false);
        var loaded = await taken.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal([Part(1)], loaded.Parts);
    }

    /// <summary>
    /// Fencing: once another process has taken over an expired lease, the old holder's writes are refused with
    /// <see cref="CheckpointLockedException"/> and leave the new holder's checkpoint alone. A store whose leases cannot
    /// expire must instead never let a live holder be taken over, so its writes stay its own.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Writes_AfterTakeover_ThrowCheckpointLockedAndChangeNothing()
    {
        var (stalled, successor) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        await using var old = await stalled.AcquireAsync(key).ConfigureAwait(false);
        await old.CreateAsync(NewHeader()).ConfigureAwait(false);
        await old.CommitPartAsync(Part(1)).ConfigureAwait(false);
        if (!LeasesExpire)
        {
            await Assert.ThrowsAsync<CheckpointLockedException>(() => successor.AcquireAsync(key)).ConfigureAwait(false);
            await old.CommitPartAsync(Part(2)).ConfigureAwait(false);
            await old.EnsureHeldAsync().ConfigureAwait(false);
            Assert.Equal(2, (await old.LoadAsync().ConfigureAwait(false))?.Parts.Count);
            return;
        }

        await SimulateHolderDeathAsync(old).ConfigureAwait(false);
        await using var taken = await AcquireOnceFreeAsync(successor, key).ConfigureAwait(false);
        await taken.CommitPartAsync(Part(2)).ConfigureAwait(false);

        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await old.CommitPartAsync(Part(3)).ConfigureAwait(false)).ConfigureAwait(false);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => old.CreateAsync(NewHeader(uploadId: "stale"))).ConfigureAwait(false);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => old.DeleteAsync()).ConfigureAwait(false);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => old.EnsureHeldAsync()).ConfigureAwait(false);
        await taken.EnsureHeldAsync().ConfigureAwait(false);
        var loaded = await taken.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(NewHeader(), loaded.Header);
        Assert.Equal([Part(1), Part(2)], loaded.Parts);
    }

    /// <summary>
    /// A holder whose process is gone from this host (it exited, or its process id now names a process started at
    /// another time) is taken over at once, long before its lease would expire; its writes are refused afterwards.
    /// Stores that do not opt in (<see cref="TakesOverDeadHolderOnSameHost"/>) must still free a dead holder's lease
    /// by their own rule.
    /// </summary>
    /// <param name="death">"exited": a real process that ran and was reaped; "reused": this process's id with another start time.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData("exited")]
    [InlineData("reused")]
    public async Task AcquireAsync_DeadHolderOnThisHost_TakenOverAtOnce(string death)
    {
        var key = NewKey();
        var successor = await NewStoreAsync().ConfigureAwait(false);
        if (!TakesOverDeadHolderOnSameHost)
        {
            var dying = await (await NewStoreAsync().ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false);
            await dying.CreateAsync(NewHeader()).ConfigureAwait(false);
            await SimulateHolderDeathAsync(dying).ConfigureAwait(false);
            await using var freed = await AcquireOnceFreeAsync(successor, key).ConfigureAwait(false);
            Assert.Equal(NewHeader(), (await freed.LoadAsync().ConfigureAwait(false))?.Header);
            return;
        }

        var dead = death == "exited" ? ExitedProcess() : LeaseHolder.Current with { StartTime = LeaseHolder.Current.StartTime + 1 };
        Assert.True(dead.IsKnownDead(), $"{dead} should be known dead");
        var old = await (await NewStoreAsync(dead).ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false);
        var held = Stopwatch.StartNew();
        await old.CreateAsync(NewHeader()).ConfigureAwait(false);
        await old.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await SimulateHolderDeathAsync(old).ConfigureAwait(false);

        await using var taken = await successor.AcquireAsync(key).ConfigureAwait(false);

        Assert.True(held.Elapsed < LeaseDuration, $"the takeover came {held.Elapsed} after the dead holder's last write, not before its lease could expire: the test proves nothing on a machine this slow");
        Assert.Equal([Part(1)], (await taken.LoadAsync().ConfigureAwait(false))?.Parts ?? []);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => old.EnsureHeldAsync()).ConfigureAwait(false);
        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await old.CommitPartAsync(Part(2)).ConfigureAwait(false)).ConfigureAwait(false);
        await taken.EnsureHeldAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A live holder is never taken over, even when it recorded this very process and stopped renewing (as a stalled
    /// holder does): before its lease expires every other process is refused, and the holder keeps writing.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_LiveHolderOnThisHost_NeverTakenOver()
    {
        var key = NewKey();
        var holderStore = TakesOverDeadHolderOnSameHost ? await NewStoreAsync(LeaseHolder.Current).ConfigureAwait(false) : await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await holderStore.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);
        if (LeasesExpire)
        {
            await SimulateHolderDeathAsync(lease).ConfigureAwait(false); // not renewed, but neither expired nor dead
        }

        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await (await NewStoreAsync().ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false)).ConfigureAwait(false);
        await Assert.ThrowsAsync<CheckpointLockedException>(() => holderStore.AcquireAsync(key)).ConfigureAwait(false);
        await lease.EnsureHeldAsync().ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        Assert.Equal([Part(1)], (await lease.LoadAsync().ConfigureAwait(false))?.Parts ?? []);
    }

    /// <summary>
    /// A holder recorded on another host is never judged from here, even with a process id that does not exist here:
    /// other processes are refused until its lease expires, then take over. Stores that do not opt in check the same
    /// with a holder of their own.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AcquireAsync_HolderOnAnotherHost_TakenOverOnlyAfterExpiry()
    {
        var key = NewKey();
        var elsewhere = TakesOverDeadHolderOnSameHost
            ? ExitedProcess() with { Host = "another-host-" + Guid.NewGuid().ToString("N") }
            : null;
        var holderStore = elsewhere is null ? await NewStoreAsync().ConfigureAwait(false) : await NewStoreAsync(elsewhere).ConfigureAwait(false);
        var old = await holderStore.AcquireAsync(key).ConfigureAwait(false);
        await old.CreateAsync(NewHeader()).ConfigureAwait(false);
        await old.CommitPartAsync(Part(1)).ConfigureAwait(false);
        await SimulateHolderDeathAsync(old).ConfigureAwait(false);
        var successor = await NewStoreAsync().ConfigureAwait(false);

        if (LeasesExpire)
        {
            Assert.False(elsewhere?.IsKnownDead() ?? false);
            await Assert.ThrowsAsync<CheckpointLockedException>(() => successor.AcquireAsync(key)).ConfigureAwait(false);
        }

        await using var taken = await AcquireOnceFreeAsync(successor, key).ConfigureAwait(false);

        Assert.Equal([Part(1)], (await taken.LoadAsync().ConfigureAwait(false))?.Parts ?? []);
    }

    /// <summary>A held lease confirms it is held, again and again, past its duration (renewal and confirmation agree).</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EnsureHeldAsync_WhileHeld_SucceedsAndKeepsTheLease()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var key = NewKey();
        await using var lease = await store.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);

        await lease.EnsureHeldAsync().ConfigureAwait(false);
        await Task.Delay(LeasesExpire ? LeaseDuration * 1.5 : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        await lease.EnsureHeldAsync().ConfigureAwait(false);

        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await (await NewStoreAsync().ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>A disposed lease refuses to confirm it is held.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task EnsureHeldAsync_Disposed_ThrowsObjectDisposed()
    {
        var store = await NewStoreAsync().ConfigureAwait(false);
        var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.DisposeAsync().ConfigureAwait(false);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => lease.EnsureHeldAsync()).ConfigureAwait(false);
    }

    /// <summary>A live holder keeps its lease past the lease duration (renewal works) and keeps writing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task Lease_HeldLongerThanItsDuration_IsRenewedAndNeverTakenOver()
    {
        var (holder, contender) = (await NewStoreAsync().ConfigureAwait(false), await NewStoreAsync().ConfigureAwait(false));
        var key = NewKey();
        await using var lease = await holder.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);

        await Task.Delay(LeasesExpire ? LeaseDuration * 1.5 : TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);

        await Assert.ThrowsAsync<CheckpointLockedException>(() => contender.AcquireAsync(key)).ConfigureAwait(false);
        await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        Assert.Equal([Part(1)], (await lease.LoadAsync().ConfigureAwait(false))?.Parts ?? []);
    }

    /// <summary>Commits racing from parallel tasks (8 × 250 parts) all land.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CommitPartAsync_ParallelTasks_AllPartsLand()
    {
        const int Tasks = 8;
        const int PartsPerTask = 250;
        var store = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await store.AcquireAsync(NewKey()).ConfigureAwait(false);
        await lease.CreateAsync(NewHeader()).ConfigureAwait(false);

        using var start = new Barrier(Tasks);
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Factory.StartNew(
            async () =>
            {
                start.SignalAndWait(); // all tasks commit at the same moment, on their own threads
                for (var i = 0; i < PartsPerTask; i++)
                {
                    await lease.CommitPartAsync(Part((i * Tasks) + t + 1)).ConfigureAwait(false);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap())).ConfigureAwait(false);
        var loaded = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(Enumerable.Range(1, Tasks * PartsPerTask).Select(Part), loaded.Parts);
    }

    /// <summary>A new store instance (a restarted process) resumes the ledger and goes on committing.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task LoadAsync_NewStoreInstance_ResumesTheLedger()
    {
        var key = NewKey();
        var header = NewHeader();
        await CreateWithPartsAsync(await NewStoreAsync().ConfigureAwait(false), key, 3, header).ConfigureAwait(false);

        var restarted = await NewStoreAsync().ConfigureAwait(false);
        await using var lease = await restarted.AcquireAsync(key).ConfigureAwait(false);
        var resumed = await lease.LoadAsync().ConfigureAwait(false);
        await lease.CommitPartAsync(Part(4)).ConfigureAwait(false);
        var after = await lease.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(resumed);
        Assert.Equal(header, resumed.Header);
        Assert.Equal([Part(1), Part(2), Part(3)], resumed.Parts);
        Assert.Equal([Part(1), Part(2), Part(3), Part(4)], after?.Parts ?? []);
    }

    /// <summary>The largest checkpoint S3 and OSS allow, 10,000 parts, round-trips.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CommitPartAsync_TenThousandParts_RoundTrip()
    {
        const int Parts = 10_000;
        var store = await NewStoreAsync().ConfigureAwait(false);
        var key = NewKey();
        await using (var lease = await store.AcquireAsync(key).ConfigureAwait(false))
        {
            await lease.CreateAsync(NewHeader(partCount: Parts)).ConfigureAwait(false);
            for (var number = 1; number <= Parts; number++)
            {
                await lease.CommitPartAsync(Part(number)).ConfigureAwait(false);
            }
        }

        await using var reopened = await (await NewStoreAsync().ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false);
        var loaded = await reopened.LoadAsync().ConfigureAwait(false);

        Assert.NotNull(loaded);
        Assert.Equal(Parts, loaded.Parts.Count);
        Assert.Equal(Enumerable.Range(1, Parts).Select(Part), loaded.Parts);
    }

    /// <summary>Object keys with quotes, newlines, unicode or 1,024 bytes come back exactly; storage is named by the hash only.</summary>
    /// <param name="name">Which hostile key.</param>
    /// <returns>A task.</returns>
    [Theory]
    [MemberData(nameof(HostileObjectKeys), MemberType = typeof(CheckpointStoreContractTests))]
    public async Task CreateAsync_HostileObjectKey_RoundTripsExactly(string name)
    {
        var objectKey = HostileKeys.Get(name);
        var store = await NewStoreAsync().ConfigureAwait(false);
        var header = NewHeader(objectKey: objectKey) with
        {
            Source = new SourceIdentity("/data/" + objectKey.Replace('\0', '_'), 1, new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc).AddTicks(9), "dev:1 ino:2"),
            UploadId = objectKey,
        };
        var key = CheckpointKey.For(header.Source.Path, header.TargetIdentity, header.Location);
        await using (var lease = await store.AcquireAsync(key).ConfigureAwait(false))
        {
            await lease.CreateAsync(header).ConfigureAwait(false);
            await lease.CommitPartAsync(Part(1)).ConfigureAwait(false);
        }

        await using var reopened = await (await NewStoreAsync().ConfigureAwait(false)).AcquireAsync(key).ConfigureAwait(false);
        var loaded = await reopened.LoadAsync().ConfigureAwait(false);
        var listed = Assert.Single(await ListAsync(store).ConfigureAwait(false));

        Assert.Equal(header, loaded?.Header);
        Assert.Equal(objectKey, loaded?.Header.Location.Key);
        Assert.Equal(header, listed.Checkpoint?.Header);
    }

    /// <summary>Creates a store instance on this test's storage; each call stands for another process.</summary>
    /// <returns>The store; the base class disposes it when it is disposable.</returns>
    protected abstract Task<ICheckpointStore> CreateStoreAsync();

    /// <summary>
    /// Creates a store instance on this test's storage whose leases record <paramref name="holder"/> as their holder
    /// instead of this process (a process that has exited, or one on another host). Needed only when
    /// <see cref="TakesOverDeadHolderOnSameHost"/> is <see langword="true"/>.
    /// </summary>
    /// <param name="holder">The holder to record.</param>
    /// <returns>The store; the base class disposes it when it is disposable.</returns>
    /// <exception cref="NotSupportedException">The store does not record holders (the default).</exception>
    protected virtual Task<ICheckpointStore> CreateStoreAsHolderAsync(LeaseHolder holder)
        => throw new NotSupportedException("Override CreateStoreAsHolderAsync when TakesOverDeadHolderOnSameHost is true.");

    /// <summary>Damages the stored checkpoint of <paramref name="key"/> (its header record) the way a disk or a stray write would.</summary>
    /// <param name="key">A checkpoint that exists and whose lease is free.</param>
    /// <returns>A task.</returns>
    protected abstract Task CorruptCheckpointAsync(CheckpointKey key);

    /// <summary>
    /// Makes the holder of <paramref name="lease"/> stop as a killed or frozen process would: it neither renews nor
    /// releases. For an expiring lease, stop renewing and keep the object usable (fencing tests write through it later);
    /// for a lease the OS holds for the process, release it as the OS would.
    /// </summary>
    /// <param name="lease">A lease from one of this test's stores.</param>
    /// <returns>A task.</returns>
    protected abstract Task SimulateHolderDeathAsync(ICheckpointLease lease);

    /// <summary>Removes this test's storage after the stores are disposed.</summary>
    /// <returns>A task.</returns>
    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>Makes a random, well-formed checkpoint key.</summary>
    /// <returns>The key.</returns>
    protected static CheckpointKey NewKey() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    /// <summary>Makes a header of an upload of 8 MiB parts.</summary>
    /// <param name="partCount">The number of parts.</param>
    /// <param name="objectKey">The object key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="contentMd5">Whether parts carry MD5.</param>
    /// <returns>The header.</returns>
    protected static CheckpointHeader NewHeader(int partCount = 10_000, string objectKey = "videos/movie.mp4", string uploadId = "upload-1", bool contentMd5 = false) => new()
    {
        TargetIdentity = "s3:http://127.0.0.1:9000",
        Location = new ObjectLocation("bucket", objectKey),
        UploadId = uploadId,
        Source = new SourceIdentity("/data/movie.mp4", partCount * PartSize, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567), "2049:131"),
        PartSize = PartSize,
        PartCount = partCount,
        Algorithm = ChecksumAlgorithm.Crc64Xz,
        ContentMd5 = contentMd5,
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(7654321),
    };

    /// <summary>Makes the record of a finished 8 MiB part, with values derived from its number.</summary>
    /// <param name="number">The part number.</param>
    /// <returns>The record.</returns>
    protected static PartRecord Part(int number)
        => new(number, (number - 1) * PartSize, PartSize, "\"etag-" + number + "\"", (ulong)number * 0x9E3779B97F4A7C15UL);

    /// <summary>Creates a checkpoint with parts 1 to <paramref name="parts"/> and releases its lease.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The key.</param>
    /// <param name="parts">How many parts to commit.</param>
    /// <param name="header">The header, or <see langword="null"/> for <see cref="NewHeader"/>.</param>
    /// <returns>A task.</returns>
    protected static async Task CreateWithPartsAsync(ICheckpointStore store, CheckpointKey key, int parts, CheckpointHeader? header = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var lease = await store.AcquireAsync(key).ConfigureAwait(false);
        await lease.CreateAsync(header ?? NewHeader()).ConfigureAwait(false);
        for (var number = 1; number <= parts; number++)
        {
            await lease.CommitPartAsync(Part(number)).ConfigureAwait(false);
        }
    }

    /// <summary>Lists every checkpoint of a store.</summary>
    /// <param name="store">The store.</param>
    /// <returns>The entries.</returns>
    protected static async Task<List<CheckpointEntry>> ListAsync(ICheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entries = new List<CheckpointEntry>();
        await foreach (var entry in store.ListAsync().ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Creates a store through <see cref="CreateStoreAsync"/> and disposes it with the test.</summary>
    /// <returns>The store.</returns>
    protected async Task<ICheckpointStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync().ConfigureAwait(false);
        stores.Add(store);
        return store;
    }

    /// <summary>Creates a store through <see cref="CreateStoreAsHolderAsync"/> and disposes it with the test.</summary>
    /// <param name="holder">The holder its leases record.</param>
    /// <returns>The store.</returns>
    protected async Task<ICheckpointStore> NewStoreAsync(LeaseHolder holder)
    {
        var store = await CreateStoreAsHolderAsync(holder).ConfigureAwait(false);
        stores.Add(store);
        return store;
    }

    /// <summary>The identity of a real process of this host that ran, was killed and reaped: known dead.</summary>
    private static LeaseHolder ExitedProcess()
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe", "/c ping -n 30 127.0.0.1")
            : new ProcessStartInfo("sleep", "30");
        start.RedirectStandardOutput = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var holder = LeaseHolder.OfProcess(process.Id);
        process.Kill();
        process.WaitForExit();
        Assert.NotNull(holder);
        return holder;
    }

    private async Task<ICheckpointLease> AcquireOnceFreeAsync(ICheckpointStore store, CheckpointKey key)
    {
        // A lapsed lease must be free within its duration; allow the same again for timer and scheduling slack.
        var deadline = Stopwatch.StartNew();
        var limit = LeasesExpire ? LeaseDuration * 2 : AtOnce;
        while (true)
        {
            try
            {
                return await store.AcquireAsync(key).ConfigureAwait(false);
            }
            catch (CheckpointLockedException) when (deadline.Elapsed < limit)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }
}
