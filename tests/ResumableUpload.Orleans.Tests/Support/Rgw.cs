using Amazon.Runtime;
using Amazon.S3.Model;
using ResumableUpload.S3;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Orleans.Tests.Support;

/// <summary>Ceph RGW from the test environment: a fresh bucket per test, downloads to compare, the incomplete uploads left.</summary>
internal sealed class Rgw
{
    private Rgw(S3MultipartTarget target, string bucket)
    {
        Target = target;
        Bucket = bucket;
    }

    public S3MultipartTarget Target { get; }

    public string Bucket { get; }

    public static S3TargetOptions Options() => new()
    {
        ServiceUrl = ServerEnvironment.S3Endpoint,
        Region = ServerEnvironment.S3Region,
        ForcePathStyle = true,
        Credentials = new BasicAWSCredentials(ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey),
        // Ceph RGW 16 predates S3's additional checksums and rejects streamed trailers.
        ChecksumCompatibility = S3ChecksumCompatibility.WhenRequired,
    };

    public static async Task<Rgw> CreateAsync(string prefix)
    {
        var target = S3MultipartTarget.Create(Options());
        var bucket = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await target.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return new Rgw(target, bucket);
    }

    /// <summary>Downloads an object into a file next to <paramref name="original"/> and compares the bytes.</summary>
    public async Task<bool> SameBytesAsync(string key, string original)
    {
        var copy = original + ".downloaded";
        using (var response = await Target.Client.GetObjectAsync(Bucket, key))
        {
            await response.WriteResponseStreamToFileAsync(copy, append: false, CancellationToken.None);
        }

        var same = TestData.FilesEqual(original, copy);
        File.Delete(copy);
        return same;
    }

    public async Task<List<PendingUpload>> IncompleteUploadsAsync()
    {
        var pending = new List<PendingUpload>();
        await foreach (var upload in Target.ListUploadsAsync(Bucket, string.Empty))
        {
            pending.Add(upload);
        }

        return pending;
    }
}
