using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Model.Internal.MarshallTransformations;
using Amazon.Util;

namespace ResumableUpload.S3;

/// <summary>
/// The lean UploadPart and PutObject path (DECISIONS 34, 39): the SDK's own marshaller, endpoint rules (once per bucket, not once per part),
/// credential chain and SigV4 signer, with the payload SHA-256 the uploader's hasher computed in the CRC's pass
/// (<see cref="IRequest.PrecomputedContentSha256"/>), sent on one <see cref="HttpClient"/> (the client config's
/// <see cref="ClientConfig.HttpClientFactory"/> when it has one) without the SDK's per-request pipeline, whose
/// re-compilation by the JIT was half the client CPU of an upload (benchmarks/results/s3-profile-before.md).
/// Errors become the same <see cref="AmazonS3Exception"/> the SDK would throw, for <see cref="S3ErrorMapper"/>.
/// </summary>
internal sealed class S3PartSender : IDisposable
{
    private readonly ResumableS3Client client;
    private readonly IClientConfig config;
    private readonly AWS4Signer signer;
    private readonly bool signPayload;
    private readonly TimeSpan networkTimeout;
    private readonly HttpClient? shared;
    private readonly ConcurrentDictionary<string, S3PartEndpoint?> endpoints = new(StringComparer.Ordinal);
    private AWSCredentials? credentials;

    private S3PartSender(ResumableS3Client client, bool signPayload, TimeSpan networkTimeout)
    {
        this.client = client;
        config = client.Config;
        this.signPayload = signPayload;
        this.networkTimeout = networkTimeout;
        signer = new AWS4Signer(signPayload);
        if (config.HttpClientFactory is null)
        {
            shared = CreateHttpClient(config);
        }
        else if (!config.HttpClientFactory.DisposeHttpClientsAfterUse(config))
        {
            shared = config.HttpClientFactory.CreateHttpClient(config);
        }
    }

    /// <summary>
    /// Gets the sender for <paramref name="client"/>, or <see langword="null"/> when UploadPart stays on the SDK: a client
    /// the caller built (its pipeline customizations, events and retries would be skipped here), or one configured with
    /// SDK retries (<see cref="ClientConfig.MaxErrorRetry"/> above 0), which this path does not make.
    /// </summary>
    public static S3PartSender? TryCreate(IAmazonS3 client, bool signPayload, TimeSpan networkTimeout)
        => client is ResumableS3Client { Config.MaxErrorRetry: 0 } built ? new S3PartSender(built, signPayload, networkTimeout) : null;

    /// <summary>
    /// Sends one UploadPart; returns the response as the SDK would, or <see langword="null"/> when the SDK must send it:
    /// the bucket's endpoint needs another scheme (SigV4a, S3 Express), or a signed payload has neither the hasher's
    /// SHA-256 nor a body that can be read twice.
    /// </summary>
    public async Task<UploadPartResponse?> SendAsync(UploadPartRequest upload, PartUploadRequest part, Stream content, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(upload.BucketName, upload);
        var payloadHash = signPayload ? PayloadHash(part, content) : null;
        if (endpoint is null || (signPayload && payloadHash is null))
        {
            return null;
        }

        using var response = await SendAsync(UploadPartRequestMarshaller.Instance.Marshall(upload), endpoint, payloadHash, content, part.Length, cancellationToken).ConfigureAwait(false);
        return S3PartResponse.Read(response);
    }

    /// <summary>
    /// Sends one PutObject (a single put of the engine: a small file, or a whole source no larger than one part) the
    /// same way; <see langword="null"/> when the SDK must send it: another endpoint scheme, or a signed payload without
    /// the hasher's SHA-256 (the body is not read twice here: it is metered).
    /// </summary>
    public async Task<PutObjectResponse?> PutAsync(PutObjectRequest put, PartChecksums checksums, Stream content, long length, CancellationToken cancellationToken)
    {
        var endpoint = EndpointOf(put.BucketName, put);
        var hasHash = checksums.Sha256.Length == SHA256.HashSizeInBytes;
        if (endpoint is null || (signPayload && !hasHash))
        {
            return null;
        }

        var payloadHash = signPayload ? Convert.ToHexStringLower(checksums.Sha256.Span) : null;
        using var response = await SendAsync(PutObjectRequestMarshaller.Instance.Marshall(put), endpoint, payloadHash, content, length, cancellationToken).ConfigureAwait(false);
        return S3PartResponse.ReadPut(response);
    }

    public void Dispose() => shared?.Dispose();

    // Endpoint rules once per bucket: UploadPart and PutObject resolve alike (bucket, region, addressing).
    private S3PartEndpoint? EndpointOf(string bucket, AmazonWebServiceRequest request)
        => endpoints.GetOrAdd(bucket, static (_, state) => S3PartEndpoint.Resolve(state.config, state.request), (config, request));

    // Signs the marshalled request and sends it with the body; a success response, or the S3 error as the SDK throws it.
    private async Task<HttpResponseMessage> SendAsync(IRequest request, S3PartEndpoint endpoint, string? payloadHash, Stream content, long length, CancellationToken cancellationToken)
    {
        endpoint.Apply(request, config);
        request.DisablePayloadSigning = null; // the signer's own flag decides: UNSIGNED-PAYLOAD over http as over https
        request.Headers[HeaderKeys.ContentLengthHeader] = length.ToString(CultureInfo.InvariantCulture);
        if (signPayload)
        {
            request.PrecomputedContentSha256 = payloadHash;
        }

        credentials ??= client.Credentials ?? config.DefaultAWSCredentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(config).ConfigureAwait(false);
        var keys = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        if (keys.UseToken)
        {
            request.Headers[HeaderKeys.XAmzSecurityTokenHeader] = keys.Token;
        }

        var signature = signer.SignRequest(request, config, null, keys.AccessKey, keys.SecretKey);
        request.Headers[HeaderKeys.AuthorizationHeader] = signature.ForAuthorizationHeader;

        using var guard = new S3StallGuard(networkTimeout, cancellationToken);
        using var message = new HttpRequestMessage(HttpMethod.Put, AmazonServiceClient.ComposeUrl(request)) { Content = new S3PartContent(content, length, guard) };
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, HeaderKeys.HostHeader, StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value;
            }
            else if (!string.Equals(name, HeaderKeys.ContentLengthHeader, StringComparison.OrdinalIgnoreCase) && !message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var http = shared ?? config.HttpClientFactory!.CreateHttpClient(config);
        try
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, guard.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (guard.Stalled)
            {
                throw guard.Exception(e);
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                throw await S3PartResponse.ErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (shared is null)
            {
                http.Dispose();
            }
        }
    }

    // The hasher's SHA-256 (the engine's parts); for a part sent outside the engine, the SHA-256 of a seekable body, read
    // as the SDK's signer would read it.
    private static string? PayloadHash(PartUploadRequest part, Stream content)
    {
        if (part.Checksums.Sha256.Length == SHA256.HashSizeInBytes)
        {
            return Convert.ToHexStringLower(part.Checksums.Sha256.Span);
        }

        if (!content.CanSeek)
        {
            return null;
        }

        var start = content.Position;
        var hash = SHA256.HashData(content);
        content.Position = start;
        return Convert.ToHexStringLower(hash);
    }

    private static HttpClient CreateHttpClient(IClientConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (config.GetWebProxy() is { } proxy)
        {
            handler.Proxy = proxy;
        }
        else
        {
            handler.UseProxy = false;
        }

        if (config.MaxConnectionsPerServer is { } connections)
        {
            handler.MaxConnectionsPerServer = connections;
        }

        // A part can take long on a slow link: no whole-request timeout unless the config sets one; a request that stops
        // moving is failed by its S3StallGuard instead.
        return new HttpClient(handler) { Timeout = config.Timeout ?? Timeout.InfiniteTimeSpan };
    }
}
