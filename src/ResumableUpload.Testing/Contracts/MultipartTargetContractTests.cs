using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace ResumableUpload.Testing;

/// <summary>
/// The contract every <see cref="IMultipartTarget"/> keeps, as an xunit suite: subclass it in a test project, create
/// your target and a fresh bucket in the hooks, and every test runs against your target. A target that does not
/// enforce or verify something (a minimum part size, a checksum kind) says so in its
/// <see cref="TargetCapabilities"/>, and the suite checks that the capability tells the truth both ways.
/// </summary>
/// <remarks>
/// Each test gets a new instance, so a new target and a new bucket. Tests write parts of
/// <see cref="PartSize"/> bytes, so a suite against S3 (5 MiB parts) uploads about 35 MiB.
/// </remarks>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names are Member_Scenario_Expectation.")]
public abstract class MultipartTargetContractTests : IAsyncLifetime
{
    private const string ContentType = "application/x-rupload-contract";
    private static readonly ChecksumAlgorithm[] AllAlgorithms = [ChecksumAlgorithm.Crc64Xz, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Crc32C];

    private IMultipartTarget? target;
    private string? bucket;

    /// <summary>Gets the target under test (created by <see cref="CreateTarget"/> for each test).</summary>
    protected IMultipartTarget Target => target ?? throw new InvalidOperationException("The target is created in InitializeAsync.");

    /// <summary>Gets the bucket of the current test (created by <see cref="CreateBucketAsync"/>).</summary>
    protected string Bucket => bucket ?? throw new InvalidOperationException("The bucket is created in InitializeAsync.");

    /// <summary>Gets the smallest size of a part other than the last that the target accepts at complete.</summary>
    /// <value>The default is the target's <see cref="TargetCapabilities.MinPartSize"/>; 1 or less means the target enforces none.</value>
    protected virtual long MinimumPartSize => Target.Capabilities.MinPartSize;

    /// <summary>
    /// Gets the number of parts the paging test uploads: configure the target's listing page size below it, so that
    /// listing parts takes several pages.
    /// </summary>
    /// <value>The default is 5.</value>
    protected virtual int PagingPartCount => 5;

    /// <summary>Gets the size of a full part in these tests: <see cref="MinimumPartSize"/>, at least 64 KiB.</summary>
    protected long PartSize => Math.Max(MinimumPartSize, 64 * 1024);

    /// <summary>Gets the CRC the tests upload with: the first the target verifies, else CRC-64/XZ.</summary>
    protected ChecksumAlgorithm Algorithm => Target.Capabilities.PartChecksums.Count > 0 ? Target.Capabilities.PartChecksums.First() : ChecksumAlgorithm.Crc64Xz;

    private bool Md5 => Target.Capabilities.SupportsContentMd5;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        target = CreateTarget();
        bucket = await CreateBucketAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        switch (target)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>A multipart upload of three parts produces an object with exactly their bytes.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_ThreePartsUploaded_ObjectHasTheirBytes()
    {
        var location = NewLocation("round-trip");
        var data = ContractData.Bytes((2 * PartSize) + (PartSize / 3), seed: 1);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);

        var parts = new List<PartRecord>();
        foreach (var (number, offset, length) in Layout(data.Length))
        {
            parts.Add(await UploadAsync(location, uploadId, number, data, offset, length).ConfigureAwait(false));
        }

        var completed = await CompleteAsync(location, uploadId, parts, data).ConfigureAwait(false);

        Assert.Equal(data, await ReadObjectAsync(location).ConfigureAwait(false));
        if (completed.Crc is { } crc)
        {
            Assert.Equal(ContractData.Crc(Algorithm, data), crc);
        }

        await AssertNotListedAsync(location, uploadId).ConfigureAwait(false);
    }

    /// <summary>Listing parts pages through the target's listing and returns every part once, in part-number order, with the ETag and length of its upload.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListPartsAsync_MorePartsThanOnePage_ListsEveryPartInOrder()
    {
        var location = NewLocation("paging");
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var count = PagingPartCount;
        var uploaded = new Dictionary<int, UploadedPart>();
        foreach (var number in Enumerable.Range(1, count).OrderBy(n => (n * 7) % count))
        {
            var bytes = ContractData.Bytes(1000 + number, seed: number);
            uploaded[number] = await Target.UploadPartAsync(ContractData.Part(location, uploadId, number, bytes, ContractData.Checksums(Algorithm, bytes, Md5))).ConfigureAwait(false);
        }

        var listed = await ListPartsAsync(location, uploadId).ConfigureAwait(false);

        Assert.Equal(Enumerable.Range(1, count), listed.Select(p => p.PartNumber));
        foreach (var part in listed)
        {
            Assert.Equal(uploaded[part.PartNumber].ETag, part.ETag);
            Assert.Equal(1000 + part.PartNumber, part.Length);
        }

        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
    }

    /// <summary>Parts uploaded in parallel and in reverse order are assembled by part number.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_PartsUploadedInReverseOrder_AssemblesByPartNumber()
    {
        var location = NewLocation("order");
        var data = ContractData.Bytes((2 * PartSize) + 12_345, seed: 2);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);

        var uploads = Layout(data.Length).Reverse().Select(p => UploadAsync(location, uploadId, p.Number, data, p.Offset, p.Length)).ToList();
        var parts = (await Task.WhenAll(uploads).ConfigureAwait(false)).OrderBy(p => p.PartNumber).ToList();
        await CompleteAsync(location, uploadId, parts, data).ConfigureAwait(false);

        Assert.Equal(data, await ReadObjectAsync(location).ConfigureAwait(false));
    }

    /// <summary>Complete refuses a part list that is not numbered 1, 2, 3, ... in order.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_PartsNotInOrder_ThrowsInvalidRequest()
    {
        var location = NewLocation("bad-order");
        var data = ContractData.Bytes(2000, seed: 3);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var first = await UploadAsync(location, uploadId, 1, data, 0, 1000).ConfigureAwait(false);
        var second = await UploadAsync(location, uploadId, 2, data, 1000, 1000).ConfigureAwait(false);

        var error = await Assert.ThrowsAsync<TargetException>(() => CompleteAsync(location, uploadId, [second, first], data)).ConfigureAwait(false);

        Assert.Equal(TargetErrorKind.InvalidRequest, error.Kind);
        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
    }

    /// <summary>Complete refuses a part whose ETag is not the one the target gave.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_PartETagDiffers_ThrowsInvalidPart()
    {
        var location = NewLocation("bad-etag");
        var data = ContractData.Bytes(1000, seed: 4);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var part = await UploadAsync(location, uploadId, 1, data, 0, data.Length).ConfigureAwait(false);

        var error = await Assert.ThrowsAsync<TargetException>(() => CompleteAsync(location, uploadId, [part with { ETag = "\"0123456789abcdef0123456789abcdef\"" }], data)).ConfigureAwait(false);

        Assert.Equal(TargetErrorKind.InvalidPart, error.Kind);
        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
    }

    /// <summary>Uploading a part again replaces it: the listing and the object have the second version.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UploadPartAsync_SamePartTwice_SecondReplacesFirst()
    {
        var location = NewLocation("replace");
        var first = ContractData.Bytes(1500, seed: 5);
        var second = ContractData.Bytes(1700, seed: 6);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        await UploadAsync(location, uploadId, 1, first, 0, first.Length).ConfigureAwait(false);
        var replaced = await UploadAsync(location, uploadId, 1, second, 0, second.Length).ConfigureAwait(false);

        var listed = Assert.Single(await ListPartsAsync(location, uploadId).ConfigureAwait(false));
        Assert.Equal(replaced.ETag, listed.ETag);
        Assert.Equal(second.Length, listed.Length);
        await CompleteAsync(location, uploadId, [replaced], second).ConfigureAwait(false);
        Assert.Equal(second, await ReadObjectAsync(location).ConfigureAwait(false));
    }

    /// <summary>After abort the upload is neither listed nor listable.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AbortAsync_UploadInProgress_GoneFromListUploadsAndListParts()
    {
        var location = NewLocation("abort");
        var data = ContractData.Bytes(1000, seed: 7);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        await UploadAsync(location, uploadId, 1, data, 0, data.Length).ConfigureAwait(false);
        Assert.Contains(await ListUploadsAsync(location.Key).ConfigureAwait(false), u => u.UploadId == uploadId && u.Location == location);

        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);

        await AssertNotListedAsync(location, uploadId).ConfigureAwait(false);
        var error = await Assert.ThrowsAsync<TargetException>(() => ListPartsAsync(location, uploadId)).ConfigureAwait(false);
        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
    }

    /// <summary>A part sent to an aborted upload fails with <see cref="TargetErrorKind.UploadNotFound"/>, so the uploader starts fresh.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UploadPartAsync_UploadAborted_ThrowsUploadNotFound()
    {
        var location = NewLocation("vanished-part");
        var data = ContractData.Bytes(1000, seed: 8);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);

        var error = await Assert.ThrowsAsync<TargetException>(() => UploadAsync(location, uploadId, 1, data, 0, data.Length)).ConfigureAwait(false);

        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
    }

    /// <summary>Completing an aborted upload fails with <see cref="TargetErrorKind.UploadNotFound"/> and creates no object.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_UploadAborted_ThrowsUploadNotFound()
    {
        var location = NewLocation("vanished-complete");
        var data = ContractData.Bytes(1000, seed: 9);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var part = await UploadAsync(location, uploadId, 1, data, 0, data.Length).ConfigureAwait(false);
        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);

        var error = await Assert.ThrowsAsync<TargetException>(() => CompleteAsync(location, uploadId, [part], data)).ConfigureAwait(false);

        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
        Assert.Null(await TryReadObjectAsync(location).ConfigureAwait(false));
    }

    /// <summary>Aborting an upload twice fails the second time with <see cref="TargetErrorKind.UploadNotFound"/>.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AbortAsync_UploadAlreadyAborted_ThrowsUploadNotFound()
    {
        var location = NewLocation("abort-twice");
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);

        var error = await Assert.ThrowsAsync<TargetException>(() => Target.AbortAsync(location, uploadId)).ConfigureAwait(false);

        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
    }

    /// <summary>Aborting an upload leaves a completed object with the same key as it is.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task AbortAsync_ObjectAlreadyExists_LeavesObject()
    {
        var location = NewLocation("abort-keeps-object");
        var existing = ContractData.Bytes(3000, seed: 10);
        await PutAsync(location, existing, ObjectProperties.Empty).ConfigureAwait(false);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        await UploadAsync(location, uploadId, 1, ContractData.Bytes(1000, seed: 11), 0, 1000).ConfigureAwait(false);

        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);

        Assert.Equal(existing, await ReadObjectAsync(location).ConfigureAwait(false));
    }

    /// <summary>
    /// A part other than the last below the minimum part size is refused at complete with
    /// <see cref="TargetErrorKind.PartTooSmall"/>; a target without a minimum (<see cref="MinimumPartSize"/> ≤ 1) completes it.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_NonLastPartBelowMinimum_ThrowsPartTooSmallWhereEnforced()
    {
        var location = NewLocation("too-small");
        var small = Math.Max(1, MinimumPartSize - 1);
        var data = ContractData.Bytes(small + 100, seed: 12);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var first = await UploadAsync(location, uploadId, 1, data, 0, small).ConfigureAwait(false);
        var last = await UploadAsync(location, uploadId, 2, data, small, 100).ConfigureAwait(false);

        if (MinimumPartSize > 1)
        {
            var error = await Assert.ThrowsAsync<TargetException>(() => CompleteAsync(location, uploadId, [first, last], data)).ConfigureAwait(false);
            Assert.Equal(TargetErrorKind.PartTooSmall, error.Kind);
            await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
        }
        else
        {
            await CompleteAsync(location, uploadId, [first, last], data).ConfigureAwait(false);
            Assert.Equal(data, await ReadObjectAsync(location).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// For every CRC kind, a part whose CRC does not match its bytes is refused with
    /// <see cref="TargetErrorKind.ChecksumMismatch"/> exactly when the target lists the kind in
    /// <see cref="TargetCapabilities.PartChecksums"/>; otherwise the target does not look at it.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UploadPartAsync_WrongCrc_ThrowsChecksumMismatchForVerifiedKinds()
    {
        foreach (var algorithm in AllAlgorithms)
        {
            var location = NewLocation("bad-crc-" + algorithm);
            var bytes = ContractData.Bytes(2000, seed: 13);
            var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, algorithm).ConfigureAwait(false);
            var good = ContractData.Checksums(algorithm, bytes, md5: false);
            var request = ContractData.Part(location, uploadId, 1, bytes, good with { Crc = good.Crc ^ 1 });

            if (Target.Capabilities.PartChecksums.Contains(algorithm))
            {
                var error = await Assert.ThrowsAsync<TargetException>(() => Target.UploadPartAsync(request)).ConfigureAwait(false);
                Assert.True(error.Kind == TargetErrorKind.ChecksumMismatch, $"{algorithm}: expected ChecksumMismatch, got {error.Kind} ({error.Message})");
            }
            else
            {
                await Target.UploadPartAsync(request).ConfigureAwait(false);
            }

            await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
        }
    }

    /// <summary>A part whose Content-MD5 does not match is refused with <see cref="TargetErrorKind.ChecksumMismatch"/> when the target verifies MD5.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task UploadPartAsync_WrongContentMd5_ThrowsChecksumMismatchWhereVerified()
    {
        var location = NewLocation("bad-md5");
        var bytes = ContractData.Bytes(2000, seed: 14);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var request = ContractData.Part(location, uploadId, 1, bytes, ContractData.Checksums(Algorithm, bytes, md5: false) with { Md5 = new byte[16] });

        if (Md5)
        {
            var error = await Assert.ThrowsAsync<TargetException>(() => Target.UploadPartAsync(request)).ConfigureAwait(false);
            Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
        }
        else
        {
            await Target.UploadPartAsync(request).ConfigureAwait(false);
        }

        await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
    }

    /// <summary>
    /// A whole-object CRC that does not match the parts is refused at complete with
    /// <see cref="TargetErrorKind.ChecksumMismatch"/> when the target lists the algorithm in
    /// <see cref="TargetCapabilities.ObjectChecksums"/>.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_WrongObjectCrc_ThrowsChecksumMismatchWhereVerified()
    {
        var location = NewLocation("bad-object-crc");
        var data = ContractData.Bytes(PartSize + 500, seed: 15);
        var uploadId = await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false);
        var parts = new List<PartRecord>();
        foreach (var (number, offset, length) in Layout(data.Length))
        {
            parts.Add(await UploadAsync(location, uploadId, number, data, offset, length).ConfigureAwait(false));
        }

        var wrong = new PartChecksums(Algorithm, ContractData.Crc(Algorithm, data) ^ 1, ReadOnlyMemory<byte>.Empty);
        if (Target.Capabilities.ObjectChecksums.Contains(Algorithm))
        {
            var error = await Assert.ThrowsAsync<TargetException>(() => Target.CompleteAsync(location, uploadId, parts, wrong)).ConfigureAwait(false);
            Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
            Assert.Null(await TryReadObjectAsync(location).ConfigureAwait(false));
            await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
        }
        else
        {
            await Target.CompleteAsync(location, uploadId, parts, wrong).ConfigureAwait(false);
            Assert.Equal(data, await ReadObjectAsync(location).ConfigureAwait(false));
        }
    }

    /// <summary>The content type and metadata given at initiate are on the completed object.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task CompleteAsync_ContentTypeAndMetadata_ArePreserved()
    {
        var location = NewLocation("properties");
        var data = ContractData.Bytes(5000, seed: 16);
        var properties = Properties("multipart");
        var uploadId = await Target.InitiateAsync(location, properties, Algorithm).ConfigureAwait(false);
        var part = await UploadAsync(location, uploadId, 1, data, 0, data.Length).ConfigureAwait(false);

        await CompleteAsync(location, uploadId, [part], data).ConfigureAwait(false);

        AssertProperties(properties, await ReadPropertiesAsync(location).ConfigureAwait(false));
    }

    /// <summary>The content type and metadata given to a single put are on the object.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PutAsync_ContentTypeAndMetadata_ArePreserved()
    {
        var location = NewLocation("put-properties");
        var properties = Properties("put");

        await PutAsync(location, ContractData.Bytes(100, seed: 17), properties).ConfigureAwait(false);

        AssertProperties(properties, await ReadPropertiesAsync(location).ConfigureAwait(false));
    }

    /// <summary>A single put stores exactly the bytes sent, and replaces an object with the same key.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PutAsync_SmallObject_RoundTrips()
    {
        var location = NewLocation("put");
        await PutAsync(location, ContractData.Bytes(70_000, seed: 18), ObjectProperties.Empty).ConfigureAwait(false);
        var data = ContractData.Bytes(12_345, seed: 19);

        var completed = await PutAsync(location, data, ObjectProperties.Empty).ConfigureAwait(false);

        Assert.Equal(data, await ReadObjectAsync(location).ConfigureAwait(false));
        if (completed.Crc is { } crc)
        {
            Assert.Equal(ContractData.Crc(Algorithm, data), crc);
        }
    }

    /// <summary>A single put of no bytes creates an empty object.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PutAsync_EmptyObject_CreatesEmptyObject()
    {
        var location = NewLocation("empty");

        await PutAsync(location, [], ObjectProperties.Empty).ConfigureAwait(false);

        Assert.Empty(await ReadObjectAsync(location).ConfigureAwait(false));
    }

    /// <summary>
    /// For every kind the target verifies, a single put whose CRC or Content-MD5 does not match is refused with
    /// <see cref="TargetErrorKind.ChecksumMismatch"/> and stores nothing.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task PutAsync_WrongChecksum_ThrowsChecksumMismatchForVerifiedKinds()
    {
        var bytes = ContractData.Bytes(3000, seed: 20);
        foreach (var algorithm in Target.Capabilities.PartChecksums)
        {
            var location = NewLocation("put-bad-crc-" + algorithm);
            var good = ContractData.Checksums(algorithm, bytes, md5: false);
            var error = await Assert.ThrowsAsync<TargetException>(() => Target.PutAsync(location, new MemoryStream(bytes), bytes.Length, good with { Crc = good.Crc ^ 1 }, ObjectProperties.Empty)).ConfigureAwait(false);
            Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
            Assert.Null(await TryReadObjectAsync(location).ConfigureAwait(false));
        }

        if (Md5)
        {
            var location = NewLocation("put-bad-md5");
            var checksums = ContractData.Checksums(Algorithm, bytes, md5: false) with { Md5 = new byte[16] };
            var error = await Assert.ThrowsAsync<TargetException>(() => Target.PutAsync(location, new MemoryStream(bytes), bytes.Length, checksums, ObjectProperties.Empty)).ConfigureAwait(false);
            Assert.Equal(TargetErrorKind.ChecksumMismatch, error.Kind);
            Assert.Null(await TryReadObjectAsync(location).ConfigureAwait(false));
        }
    }

    /// <summary>Listing uploads by key prefix returns exactly the uploads in progress under it.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task ListUploadsAsync_KeyPrefix_ListsOnlyMatchingUploads()
    {
        var prefix = "list-" + Guid.NewGuid().ToString("N")[..8] + "/";
        var a1 = new ObjectLocation(Bucket, prefix + "a/1.bin");
        var a2 = new ObjectLocation(Bucket, prefix + "a/2.bin");
        var b1 = new ObjectLocation(Bucket, prefix + "b/1.bin");
        var ids = new Dictionary<string, ObjectLocation>();
        foreach (var location in new[] { a1, a2, b1, a1 })
        {
            ids[await Target.InitiateAsync(location, ObjectProperties.Empty, Algorithm).ConfigureAwait(false)] = location;
        }

        var underA = await ListUploadsAsync(prefix + "a/").ConfigureAwait(false);
        var all = await ListUploadsAsync(prefix).ConfigureAwait(false);

        Assert.Equal(ids.Where(p => p.Value != b1).Select(p => p.Key).Order(), underA.Select(u => u.UploadId).Order());
        Assert.Equal(ids.Keys.Order(), all.Select(u => u.UploadId).Order());
        Assert.All(all, u => Assert.Equal(ids[u.UploadId], u.Location));
        Assert.All(all, u => Assert.True(u.InitiatedAt > DateTimeOffset.UtcNow.AddHours(-1), $"InitiatedAt {u.InitiatedAt} is not recent"));
        foreach (var (uploadId, location) in ids)
        {
            await Target.AbortAsync(location, uploadId).ConfigureAwait(false);
        }

        Assert.Empty(await ListUploadsAsync(prefix).ConfigureAwait(false));
    }

    /// <summary>Creates the target under test; called once per test.</summary>
    /// <returns>The target.</returns>
    protected abstract IMultipartTarget CreateTarget();

    /// <summary>Creates an empty bucket (container) for one test and returns its name; the empty string for a single-namespace target.</summary>
    /// <returns>The bucket name.</returns>
    protected abstract Task<string> CreateBucketAsync();

    /// <summary>Reads a completed object's bytes straight from the store, or returns <see langword="null"/> when it does not exist.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The bytes, or <see langword="null"/>.</returns>
    protected abstract Task<byte[]?> TryReadObjectAsync(ObjectLocation location);

    /// <summary>Reads a completed object's content type and user metadata straight from the store.</summary>
    /// <param name="location">The object.</param>
    /// <returns>The properties.</returns>
    protected abstract Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location);

    /// <summary>Gives a new key in the test's bucket.</summary>
    /// <param name="name">A readable part of the key.</param>
    /// <returns>The location.</returns>
    protected ObjectLocation NewLocation(string name) => new(Bucket, $"contract/{name}/{Guid.NewGuid():N}.bin");

    private static ObjectProperties Properties(string flavour) => new()
    {
        ContentType = ContentType,
        Metadata = new Dictionary<string, string> { ["origin"] = "contract-" + flavour, ["batch"] = "42" },
    };

    private static void AssertProperties(ObjectProperties expected, ObjectProperties actual)
    {
        Assert.Equal(expected.ContentType, actual.ContentType);
        Assert.Equal(expected.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    private async Task<byte[]> ReadObjectAsync(ObjectLocation location)
        => await TryReadObjectAsync(location).ConfigureAwait(false) ?? throw new Xunit.Sdk.XunitException($"The object {location} does not exist.");

    private IEnumerable<(int Number, long Offset, long Length)> Layout(long length)
    {
        var number = 1;
        for (long offset = 0; offset < length; offset += PartSize, number++)
        {
            yield return (number, offset, Math.Min(PartSize, length - offset));
        }
    }

    private async Task<PartRecord> UploadAsync(ObjectLocation location, string uploadId, int number, byte[] data, long offset, long length)
    {
        var bytes = data.AsSpan((int)offset, (int)length).ToArray();
        var checksums = ContractData.Checksums(Algorithm, bytes, Md5);
        var uploaded = await Target.UploadPartAsync(ContractData.Part(location, uploadId, number, bytes, checksums)).ConfigureAwait(false);
        Assert.Equal(number, uploaded.PartNumber);
        Assert.Equal(length, uploaded.Length);
        Assert.False(string.IsNullOrEmpty(uploaded.ETag), "The target gave no ETag for the part.");
        return ContractData.Record(uploaded, offset, checksums);
    }

    // Sends the whole-object CRC of the bytes the object should have, as the uploader does.
    private Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, byte[] content)
        => Target.CompleteAsync(location, uploadId, parts, new PartChecksums(Algorithm, ContractData.Crc(Algorithm, content), ReadOnlyMemory<byte>.Empty));

    private Task<CompletedObject> PutAsync(ObjectLocation location, byte[] data, ObjectProperties properties)
        => Target.PutAsync(location, new MemoryStream(data, writable: false), data.Length, ContractData.Checksums(Algorithm, data, Md5), properties);

    private async Task<List<UploadedPart>> ListPartsAsync(ObjectLocation location, string uploadId)
    {
        var parts = new List<UploadedPart>();
        await foreach (var part in Target.ListPartsAsync(location, uploadId).ConfigureAwait(false))
        {
            parts.Add(part);
        }

        return parts;
    }

    private async Task<List<PendingUpload>> ListUploadsAsync(string keyPrefix)
    {
        var uploads = new List<PendingUpload>();
        await foreach (var upload in Target.ListUploadsAsync(Bucket, keyPrefix).ConfigureAwait(false))
        {
            uploads.Add(upload);
        }

        return uploads;
    }

    private async Task AssertNotListedAsync(ObjectLocation location, string uploadId)
        => Assert.DoesNotContain(await ListUploadsAsync(location.Key).ConfigureAwait(false), u => u.UploadId == uploadId);
}
