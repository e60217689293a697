using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace ResumableUpload.S3;

/// <summary>Builds an <see cref="IAmazonS3"/> from <see cref="S3TargetOptions"/>.</summary>
internal static class S3ClientFactory
{
    /// <summary>
    /// Creates a client for the endpoint, region, addressing style, credentials and checksum compatibility in
    /// <paramref name="options"/>, with the SDK's own retries off (<c>MaxErrorRetry = 0</c>): the uploader retries every
    /// call itself (<see cref="RetryingMultipartTarget"/>), and two retry layers would multiply the attempts.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>A new client; the caller disposes it.</returns>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid.</exception>
    public static IAmazonS3 Create(S3TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var config = new AmazonS3Config
        {
            ForcePathStyle = S3AddressingRules.Resolve(options) == S3Addressing.Path,
            MaxErrorRetry = 0,
        };
        if (options.ServiceUrl is not null)
        {
            config.ServiceURL = options.ServiceUrl;
            if (options.Region is not null)
            {
                config.AuthenticationRegion = options.Region;
            }
        }
        else if (options.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        if (options.ChecksumCompatibility == S3ChecksumCompatibility.WhenRequired)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        options.ConfigureClient?.Invoke(config);
        return options.Credentials is null ? new ResumableS3Client(config) : new ResumableS3Client(options.Credentials, config);
    }

    /// <summary>Gives the target identity of a client: <c>s3:</c>, the endpoint and <c>#</c> + the region, never credentials.</summary>
    internal static string IdentityOf(IClientConfig config)
    {
        var endpoint = "aws";
        if (!string.IsNullOrEmpty(config.ServiceURL) && Uri.TryCreate(config.ServiceURL, UriKind.Absolute, out var url))
        {
            // Scheme, host, port and path only: never user info or a query (which could carry a secret).
            endpoint = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
        }

        var region = !string.IsNullOrEmpty(config.AuthenticationRegion) ? config.AuthenticationRegion : config.RegionEndpoint?.SystemName;
        return string.IsNullOrEmpty(region) ? "s3:" + endpoint : $"s3:{endpoint}#{region}";
    }
}
