using System.Net;
using System.Xml;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>Reads the lean UploadPart and PutObject path's HTTP answer as the SDK's unmarshallers would: the response, or the <see cref="AmazonS3Exception"/> of an S3 error document.</summary>
internal static class S3PartResponse
{
    public static UploadPartResponse Read(HttpResponseMessage response)
        => WithMetadata(new UploadPartResponse { ETag = ETagOf(response) }, response);

    public static PutObjectResponse ReadPut(HttpResponseMessage response)
        => WithMetadata(
            new PutObjectResponse
            {
                ETag = ETagOf(response),
                ChecksumCRC32C = Header(response, "x-amz-checksum-crc32c"),
                ChecksumCRC64NVME = Header(response, "x-amz-checksum-crc64nvme"),
            },
            response);

    public static async Task<AmazonS3Exception> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? code = null, message = null, requestId = null;
        try
        {
            var document = new XmlDocument { XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
            code = document.DocumentElement?["Code"]?.InnerText;
            message = document.DocumentElement?["Message"]?.InnerText;
            requestId = document.DocumentElement?["RequestId"]?.InnerText;
        }
        catch (XmlException)
        {
            // Not an S3 error document (a proxy's or a web server's page): the status and the request id header say what is known.
        }

        requestId ??= Header(response, "x-amz-request-id");
        var status = response.StatusCode;
        var type = (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;
        return new AmazonS3Exception(message ?? $"Error making request with Error Code {status} and Http Status Code {status}.", null, type, code, requestId, status);
    }

    private static string? ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? Header(response, "ETag");

    // The status, the request id and OSS's CRC header (read by OssCrcHeader from the metadata, as from the SDK's responses).
    private static T WithMetadata<T>(T result, HttpResponseMessage response)
        where T : AmazonWebServiceResponse
    {
        result.HttpStatusCode = response.StatusCode;
        result.ResponseMetadata = new ResponseMetadata { RequestId = Header(response, "x-amz-request-id") };
        if (Header(response, OssCrcHeader.Name) is { } ossCrc)
        {
            result.ResponseMetadata.Metadata[OssCrcHeader.Name] = ossCrc;
        }

        return result;
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
