using System.Net;

namespace ResumableUpload.S3;

/// <summary>Where the bucket goes in a request's URL.</summary>
public enum S3Addressing
{
    /// <summary>
    /// Chosen from <see cref="S3TargetOptions.ServiceUrl"/> (see <see cref="S3AddressingRules.Choose"/>): virtual-hosted
    /// for Amazon S3 (no endpoint, or <c>*.amazonaws.com</c>) and Alibaba OSS (<c>*.aliyuncs.com</c>), path style for an
    /// IP address, <c>localhost</c> and any other host name (most self-hosted servers have no wildcard DNS).
    /// </summary>
    Auto = 0,

    /// <summary>The bucket is part of the host name: <c>https://bucket.endpoint/key</c>. Alibaba OSS accepts only this.</summary>
    VirtualHosted = 1,

    /// <summary>The bucket is the first path segment: <c>https://endpoint/bucket/key</c>. Ceph RGW and MinIO on a bare address need this.</summary>
    Path = 2,
}

/// <summary>The rule behind <see cref="S3Addressing.Auto"/>, in pure code so that it can be tested without a server.</summary>
public static class S3AddressingRules
{
    /// <summary>Chooses virtual-hosted or path style for an endpoint.</summary>
    /// <param name="serviceUrl">The endpoint, or <see langword="null"/> for Amazon S3.</param>
    /// <returns><see cref="S3Addressing.VirtualHosted"/> or <see cref="S3Addressing.Path"/>, never <see cref="S3Addressing.Auto"/>.</returns>
    public static S3Addressing Choose(string? serviceUrl)
    {
        if (serviceUrl is null)
        {
            return S3Addressing.VirtualHosted;
        }

        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url))
        {
            return S3Addressing.Path;
        }

        var host = url.IdnHost.TrimEnd('.');
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || IPAddress.TryParse(host, out _))
        {
            return S3Addressing.Path;
        }

        return host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".aliyuncs.com", StringComparison.OrdinalIgnoreCase)
            ? S3Addressing.VirtualHosted
            : S3Addressing.Path;
    }

    /// <summary>Resolves the addressing that a client built from <paramref name="options"/> uses.</summary>
    /// <param name="options">The options.</param>
    /// <returns><see cref="S3Addressing.VirtualHosted"/> or <see cref="S3Addressing.Path"/>.</returns>
    public static S3Addressing Resolve(S3TargetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ForcePathStyle)
        {
            return S3Addressing.Path;
        }

        return options.Addressing == S3Addressing.Auto ? Choose(options.ServiceUrl) : options.Addressing;
    }
}
