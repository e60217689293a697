using ResumableUpload.S3;
using ResumableUpload.Testing;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>
/// The target contract against Ceph RGW (scripts/servers/ceph-rgw.sh). RGW 16 verifies Content-MD5 but not S3's
/// additional checksums, so the target runs with <see cref="S3ChecksumCompatibility.WhenRequired"/> and declares
/// no CRC kinds; listings page by 2 so that paging is exercised with a handful of parts.
/// </summary>
public sealed class S3RgwContractTests : MultipartTargetContractTests
{
    private S3MultipartTarget? s3;

    protected override IMultipartTarget CreateTarget() => s3 = RgwStore.CreateTarget(listPageSize: 2);

    protected override Task<string> CreateBucketAsync() => RgwStore.CreateBucketAsync(s3!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => RgwStore.TryReadAsync(s3!.Client, location);

    protected override Task<ObjectProperties> ReadPropertiesAsync(ObjectLocation location) => RgwStore.ReadPropertiesAsync(s3!.Client, location);
}
