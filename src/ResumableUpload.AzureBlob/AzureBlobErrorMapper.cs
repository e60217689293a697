using System.Net.Sockets;
using Azure;

namespace ResumableUpload.AzureBlob;

/// <summary>Turns Azure SDK and network exceptions into <see cref="TargetException"/> with the right <see cref="TargetErrorKind"/>.</summary>
internal static class AzureBlobErrorMapper
{
    /// <summary>Gets whether to map <paramref name="exception"/>: everything but a cancellation the caller asked for.</summary>
    public static bool ShouldMap(Exception exception, CancellationToken cancellationToken)
        => exception is not TargetException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    /// <summary>
    /// Sends one request and maps its error: the one place the target turns SDK exceptions into
    /// <see cref="TargetException"/>. A <see cref="TargetException"/> the request throws itself passes unchanged.
    /// </summary>
    /// <typeparam name="T">The response.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="operation">The operation, for the message.</param>
    /// <param name="where">The container and blob, for the message.</param>
    /// <param name="cancellationToken">The caller's token; its cancellation is never wrapped.</param>
    /// <param name="blobNotFound">What a missing blob means to this request.</param>
    /// <returns>The response.</returns>
    public static async Task<T> SendAsync<T>(Func<Task<T>> request, string operation, string where, CancellationToken cancellationToken, TargetErrorKind blobNotFound = TargetErrorKind.Permanent)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (Exception ex) when (ShouldMap(ex, cancellationToken))
        {
            throw Map(ex, operation, where, blobNotFound);
        }
    }

    /// <summary>Maps an exception of a request about <paramref name="where"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="operation">The operation, for the message.</param>
    /// <param name="where">The container and blob, for the message.</param>
    /// <param name="blobNotFound">What a missing blob means to this request.</param>
    public static TargetException Map(Exception exception, string operation, string where, TargetErrorKind blobNotFound = TargetErrorKind.Permanent)
    {
        // Azure.Core throws an AggregateException after its retries when every try failed without a response.
        if (exception is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            exception = aggregate.InnerExceptions[^1];
        }

        if (exception is RequestFailedException { Status: > 0 } failed)
        {
            var code = string.IsNullOrEmpty(failed.ErrorCode) ? failed.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : failed.ErrorCode;
            var kind = KindOf(code, failed.Status, blobNotFound);
            var requestId = failed.GetRawResponse()?.Headers.RequestId;
            if (kind != TargetErrorKind.Transient && (failed.Status < 400 || string.IsNullOrEmpty(requestId)))
            {
                // The Blob service (and Azurite) sends x-ms-request-id on every response and never a success status
                // the SDK rejects: a web page at the endpoint does both.
                kind = TargetErrorKind.NotAnObjectStore;
                return new TargetException(kind, code, $"Azure Blob {operation} {where}: the endpoint answered HTTP {failed.Status} without the Blob service's request id.{Fix(kind)}", requestId, failed.Status, exception);
            }

            return new TargetException(kind, code, $"Azure Blob {operation} {where} failed with {code} (HTTP {failed.Status}): {FirstLine(failed.Message)}{Fix(kind)}", requestId, failed.Status, exception);
        }

        if (IsUnreachable(exception))
        {
            return new TargetException(TargetErrorKind.Unreachable, "Unreachable", $"Azure Blob {operation} {where}: the service could not be reached ({FirstLine(exception.Message)}).{Fix(TargetErrorKind.Unreachable)}", innerException: exception);
        }

        if (IsTransient(exception))
        {
            return new TargetException(TargetErrorKind.Transient, exception is OperationCanceledException ? "Timeout" : "NetworkError", $"Azure Blob {operation} {where}: {FirstLine(exception.Message)}", innerException: exception);
        }

        return new TargetException(TargetErrorKind.Permanent, exception.GetType().Name, $"Azure Blob {operation} {where} failed: {FirstLine(exception.Message)}", innerException: exception);
    }

    private static TargetErrorKind KindOf(string code, int status, TargetErrorKind blobNotFound) => code switch
    {
        "BlobNotFound" => blobNotFound,
        "ContainerNotFound" or "ContainerBeingDeleted" => TargetErrorKind.BucketNotFound,
        "Md5Mismatch" or "Crc64Mismatch" or "InvalidMd5" => TargetErrorKind.ChecksumMismatch,
        "AuthenticationFailed" or "AuthorizationFailure" or "AuthorizationPermissionMismatch" or "InsufficientAccountPermissions" or "AccountIsDisabled" => TargetErrorKind.AccessDenied,
        "InvalidBlockList" => TargetErrorKind.InvalidPart,
        "ServerBusy" or "OperationTimedOut" or "InternalError" => TargetErrorKind.Transient,
        "InvalidBlockId" or "InvalidHeaderValue" or "InvalidInput" or "InvalidQueryParameterValue" or "RequestBodyTooLarge" or "InvalidResourceName" or "OutOfRangeInput" => TargetErrorKind.InvalidRequest,
        _ when status >= 500 || status == 429 || status == 408 => TargetErrorKind.Transient,
        _ when status == 401 || status == 403 => TargetErrorKind.AccessDenied,
        _ => TargetErrorKind.Permanent,
    };

    // One sentence naming the fix, for the errors only the user's set-up can fix.
    private static string Fix(TargetErrorKind kind) => kind switch
    {
        TargetErrorKind.AccessDenied => " The account key or SAS was refused or lacks the permission: check AccountName and AccountKey (or SharedAccessSignature) in AZURE_STORAGE_CONNECTION_STRING.",
        TargetErrorKind.BucketNotFound => " The container does not exist: create it, or check the container name and the BlobEndpoint in AZURE_STORAGE_CONNECTION_STRING.",
        TargetErrorKind.NotAnObjectStore => " This is not an Azure Blob service: check the BlobEndpoint in AZURE_STORAGE_CONNECTION_STRING.",
        TargetErrorKind.Unreachable => " Check the BlobEndpoint in AZURE_STORAGE_CONNECTION_STRING and that the service is running.",
        _ => string.Empty,
    };

    // The SDK's messages append the whole response (headers included); the first line is the service's text.
    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
                || e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.NoData })
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
            if (e is HttpRequestException or IOException or SocketException or OperationCanceledException or TimeoutException or RequestFailedException { Status: 0 })
            {
                return true;
            }
        }

        return false;
    }
}
