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
        var where = location.Key.Length == 0 ? $"s3://{location.Bucket}" : $"s3://{location.Bucket}/{location.Key}";
        if (exception is AmazonServiceException service && (service.StatusCode != 0 || !string.IsNullOrEmpty(service.ErrorCode)))
        {
            var status = (int)service.StatusCode;
            var code = string.IsNullOrEmpty(service.ErrorCode) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : service.ErrorCode;
            var kind = KindOf(code, status, onUpload);
            var detail = string.IsNullOrWhiteSpace(service.Message) || service.Message.StartsWith("Error making request", StringComparison.Ordinal) ? string.Empty : ": " + service.Message;
            var hint = code == "XAmzContentSHA256Mismatch"
                ? " The server does not understand the SDK's streamed checksums; use S3ChecksumCompatibility.WhenRequired (RequestChecksumCalculation and ResponseChecksumValidation = WHEN_REQUIRED)."
                : string.Empty;
            return new TargetException(kind, code, $"S3 {operation} {where} failed with {code} (HTTP {status}){detail}.{hint}", service.RequestId, status, exception);
        }

        if (IsUnreachable(exception))
        {
            return new TargetException(TargetErrorKind.Unreachable, "Unreachable", $"S3 {operation} {where}: the server could not be reached ({exception.Message}).", innerException: exception);
        }

        if (IsTransient(exception))
        {
            return new TargetException(TargetErrorKind.Transient, exception is OperationCanceledException ? "Timeout" : "NetworkError", $"S3 {operation} {where}: {exception.Message}", innerException: exception);
        }

        return new TargetException(TargetErrorKind.Permanent, exception.GetType().Name, $"S3 {operation} {where} failed: {exception.Message}", innerException: exception);
    }

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
