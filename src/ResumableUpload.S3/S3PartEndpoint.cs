using System.Collections;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>
/// A bucket's endpoint as the SDK's endpoint rules give it (<see cref="ClientConfig.DetermineServiceOperationEndpoint"/>),
/// resolved once for the lean UploadPart path and applied to each part's request the way the SDK's endpoint handler
/// does: URL, SigV4 signing region and name, double encoding, extra headers.
/// </summary>
internal sealed class S3PartEndpoint
{
    private readonly Uri url;
    private readonly string? signingRegion;
    private readonly string? signingName;
    private readonly bool? doubleEncoding;
    private readonly IDictionary<string, IList<string>>? headers;

    private S3PartEndpoint(Uri url, string? signingRegion, string? signingName, bool? doubleEncoding, IDictionary<string, IList<string>>? headers)
    {
        this.url = url;
        this.signingRegion = signingRegion;
        this.signingName = signingName;
        this.doubleEncoding = doubleEncoding;
        this.headers = headers;
    }

    /// <summary>Resolves the endpoint of <paramref name="request"/>'s bucket (UploadPart or PutObject), or <see langword="null"/> when it needs another scheme than SigV4 (SigV4a, S3 Express): the SDK sends those.</summary>
    public static S3PartEndpoint? Resolve(IClientConfig config, AmazonWebServiceRequest request)
    {
        var endpoint = config.DetermineServiceOperationEndpoint(new ServiceOperationEndpointParameters(request));
        // The rules may end the URL with '/' (path style: http://host/bucket/); the part's resource path starts with one.
        var url = new Uri(endpoint.URL.TrimEnd('/'));
        if (config.UseHttp && string.IsNullOrEmpty(config.ServiceURL))
        {
            url = new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.IsDefaultPort ? -1 : url.Port }.Uri;
        }

        string? region = null, name = null;
        bool? doubleEncoding = null;
        if (endpoint.Attributes?["authSchemes"] is IList { Count: > 0 } schemes)
        {
            if (schemes[0] is not PropertyBag scheme || (string)scheme["name"] != "sigv4")
            {
                return null;
            }

            region = scheme["signingRegion"] as string;
            name = scheme["signingName"] as string;
            doubleEncoding = scheme["disableDoubleEncoding"] is bool disable ? !disable : null;
        }

        return new S3PartEndpoint(url, region, name, doubleEncoding, endpoint.Headers);
    }

    /// <summary>Points <paramref name="request"/> at this endpoint, for the signer and <see cref="AmazonServiceClient.ComposeUrl(IRequest)"/>.</summary>
    public void Apply(IRequest request, IClientConfig config)
    {
        request.Endpoint = url;
        request.OverrideSigningServiceName = string.IsNullOrEmpty(signingName) ? "s3" : signingName;
        request.AuthenticationRegion = !string.IsNullOrEmpty(config.AuthenticationRegion) ? config.AuthenticationRegion : signingRegion;
        if (doubleEncoding is { } encode)
        {
            request.UseDoubleEncoding = encode;
        }

        foreach (var (name, values) in headers ?? new Dictionary<string, IList<string>>())
        {
            request.Headers[name] = string.Join(',', values);
        }
    }
}
