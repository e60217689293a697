using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace ResumableUpload.S3;

/// <summary>
/// Runs just before the SDK's signer and, for requests the target marked (<see cref="Mark"/>), hands the signer a body
/// it cannot rewind, so that it signs <c>UNSIGNED-PAYLOAD</c>: no SHA-256 over the body on the client, none on the
/// server. AWSSDK.S3 4.1 refuses <c>DisablePayloadSigning</c> over http, and this is the only other way to the same
/// request; over https the target uses <c>DisablePayloadSigning</c> instead. Verified against Ceph RGW 16.
/// </summary>
internal sealed class UnsignedPayloadHandler : PipelineHandler
{
    private const string MarkKey = "ResumableUpload.UnsignedPayload";

    /// <summary>Marks a request whose body should go unsigned.</summary>
    public static void Mark(AmazonWebServiceRequest request) => ((IAmazonWebServiceRequest)request).RequestState[MarkKey] = true;

    public override void InvokeSync(IExecutionContext executionContext)
    {
        Apply(executionContext);
        base.InvokeSync(executionContext);
    }

    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        Apply(executionContext);
        return base.InvokeAsync<T>(executionContext);
    }

    private static void Apply(IExecutionContext executionContext)
    {
        var request = executionContext.RequestContext.Request;
        if (request.ContentStream is { CanSeek: true } body
            && request.OriginalRequest is IAmazonWebServiceRequest original
            && original.RequestState.ContainsKey(MarkKey))
        {
            request.UseChunkEncoding = false;
            request.ContentStream = new ForwardOnlyStream(body);
        }
    }
}
