using System.Globalization;
using Amazon.Runtime;
using Amazon.S3.Model;

namespace ResumableUpload.S3;

/// <summary>
/// Alibaba OSS's own integrity header, <c>x-oss-hash-crc64ecma</c>: the CRC-64/XZ of what it stored, in decimal, on
/// every UploadPart, PutObject and CompleteMultipartUpload response (also through its S3-compatible endpoint).
/// AWSSDK.S3 does not model it, so <see cref="Attach"/> copies it from the raw response headers
/// (<see cref="AmazonServiceClient.AfterResponseEvent"/>) into the response's <see cref="ResponseMetadata.Metadata"/>,
/// where <see cref="TryRead"/> finds it.
/// </summary>
internal static class OssCrcHeader
{
    public const string Name = "x-oss-hash-crc64ecma";

    /// <summary>Starts copying the header on <paramref name="client"/>'s responses; returns what undoes it, or <see langword="null"/> for a client that raises no events.</summary>
    public static IDisposable? Attach(object client)
    {
        if (client is not AmazonServiceClient service)
        {
            return null;
        }

        service.AfterResponseEvent += Copy;
        return new Detach(service);
    }

    /// <summary>Reads the CRC-64/XZ the server reported on this response.</summary>
    public static bool TryRead(AmazonWebServiceResponse response, out ulong crc)
    {
        crc = 0;
        return response.ResponseMetadata?.Metadata is { } metadata
            && metadata.TryGetValue(Name, out var text)
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out crc);
    }

    private static void Copy(object sender, ResponseEventArgs e)
    {
        if (e is not WebServiceResponseEventArgs { Response: { } response, ResponseHeaders: { } headers })
        {
            return;
        }

        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, Name, StringComparison.OrdinalIgnoreCase))
            {
                response.ResponseMetadata ??= new ResponseMetadata();
                response.ResponseMetadata.Metadata[Name] = value;
                return;
            }
        }
    }

    private sealed class Detach(AmazonServiceClient service) : IDisposable
    {
        public void Dispose() => service.AfterResponseEvent -= Copy;
    }

    // OSS reports the CRC-64/XZ of what it stored (x-oss-hash-crc64ecma); other servers send nothing and are not checked here.
    public static ulong? ReportedCrc64Xz(ChecksumAlgorithm algorithm, AmazonWebServiceResponse response)
        => algorithm == ChecksumAlgorithm.Crc64Xz && OssCrcHeader.TryRead(response, out var crc) ? crc : null;

    /// <summary>Throws when OSS reports a CRC-64/XZ of the part other than the one sent.</summary>
    public static void VerifyPart(PartUploadRequest request, UploadPartResponse response)
    {
        var expected = request.Checksums.Crc;
        if (ReportedCrc64Xz(request.Checksums.Algorithm, response) is { } reported && reported != expected)
        {
            throw new ChecksumMismatchException(
                ChecksumAlgorithm.Crc64Xz,
                expected,
                reported,
                request.PartNumber,
                $"The target reports {Name} {reported} for part {request.PartNumber} of {request.Location}, but the part's CRC-64/XZ is {expected}. The part is sent again on the next run.");
        }
    }
}
