using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace ResumableUpload.S3;

/// <summary>Turns AWS SDK and network exceptions into <see cref="TargetException"/> with the right <see cref="TargetErrorKind"/>.</summary>
internal static class S3ErrorMapper
{
    /// <summary>
    /// Gets whether <paramref name="exception"/> is one to map: everything but a cancellation the caller asked for,
    /// which is never wrapped.
    /// </summary>
    public static bool ShouldMap(Exception exception, CancellationToken cancellationToken)
        => exception is not TargetException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Sends one request and maps its error: the one place the target turns SDK exceptions into
    /// <see cref="TargetException"/>. A <see cref="TargetException"/> the request throws itself passes unchanged.
    /// </summary>
    /// <typeparam name="T">The response.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="operation">The S3 operation, for the message.</param>
    /// <param name="location">The object (or the bucket, with an empty key).</param>
    /// <param name="onUpload">Whether the request names a multipart upload (see <see cref="Map"/>).</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is never wrapped.</param>
    /// <returns>The response.</returns>
    public static async Task<T> SendAsync<T>(Func<Task<T>> request, string operation, ObjectLocation location, bool onUpload, CancellationToken cancellationToken)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Map(ex, operation, location, onUpload);
        }
    }

    /// <summary>Maps an exception of a request about <paramref name="location"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="operation">The S3 operation, for the message.</param>
    /// <param name="location">The object (or the bucket, with an empty key).</param>
    /// <param name="onUpload">
    /// Whether the request names a multipart upload: then Ceph RGW's <c>NoSuchKey</c> (its answer to ListParts of an
    /// aborted upload) means the upload is gone.
    /// </param>
    public static TargetException Map(Exception exception, string operation, ObjectLocation location, bool onUpload)
    {
        var where = Where(location);
        if (exception is AmazonServiceException service && (service.StatusCode != 0 || !string.IsNullOrEmpty(service.ErrorCode)))
        {
            var status = (int)service.StatusCode;
            var code = string.IsNullOrEmpty(service.ErrorCode) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : service.ErrorCode;
            var kind = KindOf(code, status, onUpload);
            if (string.IsNullOrEmpty(service.RequestId) && kind != TargetErrorKind.Transient)
            {
                // Every S3 server (AWS, RGW, MinIO, OSS) sends a request id, on errors too: a web page does not.
                kind = TargetErrorKind.NotAnObjectStore;
            }

            var detail = string.IsNullOrWhiteSpace(service.Message) || service.Message.StartsWith("Error making request", StringComparison.Ordinal) || kind == TargetErrorKind.NotAnObjectStore
                ? string.Empty
                : ": " + FirstLine(service.Message);
            var hint = code == "XAmzContentSHA256Mismatch"
                ? " The server does not understand the SDK's streamed checksums; use S3ChecksumCompatibility.WhenRequired (RequestChecksumCalculation and ResponseChecksumValidation = WHEN_REQUIRED)."
                : Fix(kind);
            return new TargetException(kind, code, $"S3 {operation} {where} failed with {code} (HTTP {status}){detail}.{hint}", service.RequestId, status, exception);
        }

        if (IsMissingCredentials(exception))
        {
            // The SDK's message lists every provider it tried (four exceptions); the fix is one line.
            return new TargetException(TargetErrorKind.MissingCredentials, "MissingCredentials", $"S3 {operation} {where}: no AWS credentials were found.{Fix(TargetErrorKind.MissingCredentials)}", innerException: exception);
        }

        if (IsUnreachable(exception))
        {
            return new TargetException(TargetErrorKind.Unreachable, "Unreachable", $"S3 {operation} {where}: the server could not be reached ({FirstLine(exception.Message)}).{Fix(TargetErrorKind.Unreachable)}", innerException: exception);
        }

        if (IsTransient(exception))
        {
            return new TargetException(TargetErrorKind.Transient, exception is OperationCanceledException ? "Timeout" : "NetworkError", $"S3 {operation} {where}: {exception.Message}", innerException: exception);
        }

        return new TargetException(TargetErrorKind.Permanent, exception.GetType().Name, $"S3 {operation} {where} failed: {exception.Message}", innerException: exception);
    }

    /// <summary>
    /// The error for a success response no S3 server sends (no upload id from CreateMultipartUpload, no ETag and no
    /// request id from PutObject): the endpoint answers HTTP, but is not an S3 server.
    /// </summary>
    /// <param name="operation">The S3 operation.</param>
    /// <param name="location">The object.</param>
    /// <param name="missing">What the response lacked, for the message.</param>
    /// <param name="statusCode">The HTTP status of the response.</param>
    public static TargetException NotAnS3Server(string operation, ObjectLocation location, string missing, int statusCode)
        => new(TargetErrorKind.NotAnObjectStore, "NotAnS3Server", $"S3 {operation} {Where(location)}: the response has no {missing}.{Fix(TargetErrorKind.NotAnObjectStore)}", statusCode: statusCode);

    // One sentence naming the fix, for the errors only the user's set-up can fix.
    private static string Fix(TargetErrorKind kind) => kind switch
    {
        TargetErrorKind.MissingCredentials => " Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE to a profile in ~/.aws/credentials.",
        TargetErrorKind.AccessDenied => " The credentials were refused or lack the permission: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE).",
        TargetErrorKind.BucketNotFound => " The bucket does not exist: create it, or check the bucket name and the endpoint (--endpoint or AWS_ENDPOINT_URL_S3).",
        TargetErrorKind.NotAnObjectStore => " The endpoint answers, but not as an S3 server: check the endpoint (--endpoint or AWS_ENDPOINT_URL_S3).",
        TargetErrorKind.Unreachable => " Check the endpoint (--endpoint or AWS_ENDPOINT_URL_S3) and that the server is running.",
        _ => string.Empty,
    };

    private static string Where(ObjectLocation location) => location.Key.Length == 0 ? $"s3://{location.Bucket}" : $"s3://{location.Bucket}/{location.Key}";

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    // The SDK reports an empty credential chain as a bare AmazonClientException (no subtype, no inner exception); its
    // fixed opening sentence is the only mark it leaves. ConfigurationErrorTests runs the real SDK, so a reworded
    // message fails a test instead of passing silently.
    private static bool IsMissingCredentials(Exception exception)
        => exception.GetType() == typeof(AmazonClientException) && exception.InnerException is null
            && exception.Message.StartsWith("Failed to resolve AWS credentials", StringComparison.Ordinal);

    private static TargetErrorKind KindOf(string code, int status, bool onUpload) => code switch
    {
        "NoSuchUpload" => TargetErrorKind.UploadNotFound,
        "NoSuchKey" when onUpload => TargetErrorKind.UploadNotFound,
        "NoSuchBucket" => TargetErrorKind.BucketNotFound,
        "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidSecurity" or "ExpiredToken" or "InvalidToken" => TargetErrorKind.AccessDenied,
        "BadDigest" or "InvalidDigest" or "XAmzContentChecksumMismatch" or "XAmzContentSHA256Mismatch" => TargetErrorKind.ChecksumMismatch,
        "EntityTooSmall" => TargetErrorKind.PartTooSmall,
        "InvalidPart" or "InvalidPartOrder" => TargetErrorKind.InvalidPart,
        "SlowDown" or "RequestTimeout" or "InternalError" or "ServiceUnavailable" or "Throttling" or "ThrottlingException" => TargetErrorKind.Transient,
        "InvalidArgument" or "InvalidRequest" or "InvalidBucketName" or "KeyTooLongError" or "MalformedXML" or "EntityTooLarge" => TargetErrorKind.InvalidRequest,
        _ when status >= 500 || status == 429 || status == 408 => TargetErrorKind.Transient,
        _ when status == 401 || status == 403 => TargetErrorKind.AccessDenied,
        _ => TargetErrorKind.Permanent,
    };

    private static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
            {
                return true;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NoData })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // A timeout (HttpClient's own cancellation), a reset or broken connection, a truncated response.
            if (e is HttpRequestException or IOException or SocketException or OperationCanceledException or TimeoutException or WebException)
            {
                return true;
            }
        }

        return false;
    }
}
