using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace ResumableUpload.S3;

/// <summary>The client <see cref="S3ClientFactory"/> builds: an <see cref="AmazonS3Client"/> that can send part bodies unsigned over http.</summary>
internal sealed class ResumableS3Client : AmazonS3Client
{
    public ResumableS3Client(AmazonS3Config config)
        : base(config)
    {
    }

    public ResumableS3Client(AWSCredentials credentials, AmazonS3Config config)
        : base(credentials, config)
    {
    }

    /// <summary>Gets the credentials the client was built with, or <see langword="null"/> for the SDK's default chain.</summary>
    internal AWSCredentials? Credentials => ExplicitAWSCredentials;

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Signer>(new UnsignedPayloadHandler());
    }
}
