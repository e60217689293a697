using ResumableUpload.S3;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>Resume and damaged-checkpoint recovery against Ceph RGW, with CRC-64/NVME (checked by the uploader; RGW 16 does not verify it).</summary>
public sealed class S3RgwEndToEndTests : ResumableUploaderEndToEndTests
{
    private S3MultipartTarget? s3;

    protected override ChecksumAlgorithm Algorithm => ChecksumAlgorithm.Crc64Nvme;

    protected override IMultipartTarget CreateTarget() => s3 = RgwStore.CreateTarget();

    protected override Task<string> CreateBucketAsync() => RgwStore.CreateBucketAsync(s3!);

    protected override Task<byte[]?> TryReadObjectAsync(ObjectLocation location) => RgwStore.TryReadAsync(s3!.Client, location);
}
