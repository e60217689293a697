using ResumableUpload.S3;

namespace ResumableUpload.Targets.Tests.Sources;

/// <summary>Stream cancel and replay against Ceph RGW (5 MiB parts, S3's minimum).</summary>
public sealed class RgwStreamEndToEndTests : StreamEndToEndTests
{
    private S3MultipartTarget? s3;

    protected override long PartSize => 5L << 20;

    protected override IMultipartTarget CreateTarget() => s3 = RgwStore.CreateTarget();

    protected override Task<string> CreateBucketAsync() => RgwStore.CreateBucketAsync(s3!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => RgwStore.TryReadAsync(s3!.Client, location);
}
