using System.ComponentModel.DataAnnotations;
using Amazon.Runtime;
using ResumableUpload.Shared;

namespace ResumableUpload.S3;

/// <summary>
/// Options of the <see cref="S3MultipartTarget"/>. <see cref="ServiceUrl"/>, <see cref="Region"/>,
/// <see cref="Addressing"/>, <see cref="ForcePathStyle"/> and <see cref="Credentials"/> configure the client that
/// <see cref="S3MultipartTarget.Create(S3TargetOptions)"/> builds; with a client of your own, configure that client
/// instead and leave them unset.
/// </summary>
public sealed class S3TargetOptions : IValidatedOptions
{
    /// <summary>The most parts or uploads S3 returns in one listing page.</summary>
    public const int MaxListPageSize = 1000;

    /// <summary>Gets or sets the endpoint of an S3-compatible server, for example <c>http://127.0.0.1:7480</c>.</summary>
    /// <value>The default is <see langword="null"/>: Amazon S3 in <see cref="Region"/>.</value>
    public string? ServiceUrl { get; set; }

    /// <summary>Gets or sets the region (the signing region for an S3-compatible <see cref="ServiceUrl"/>).</summary>
    /// <value>The default is <see langword="null"/>: the AWS SDK's region chain (<c>AWS_REGION</c>, profile, ...).</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets where the bucket goes in the URL: in the host name (virtual-hosted) or in the path.</summary>
    /// <value>
    /// The default is <see cref="S3Addressing.Auto"/>: virtual-hosted for Amazon S3 and Alibaba OSS (<c>*.amazonaws.com</c>,
    /// <c>*.aliyuncs.com</c>, no <see cref="ServiceUrl"/>), path style for IP addresses, <c>localhost</c> and other hosts
    /// (<see cref="S3AddressingRules.Choose"/>).
    /// </value>
    public S3Addressing Addressing { get; set; }

    /// <summary>Gets or sets a value indicating whether the bucket goes in the path; <see langword="true"/> is the same as <see cref="Addressing"/> = <see cref="S3Addressing.Path"/>.</summary>
    /// <value>The default is <see langword="false"/>: <see cref="Addressing"/> decides.</value>
    public bool ForcePathStyle { get; set; }

    /// <summary>Gets or sets the credentials.</summary>
    /// <value>
    /// The default is <see langword="null"/>: the AWS SDK's credential chain (<c>AWS_ACCESS_KEY_ID</c> and
    /// <c>AWS_SECRET_ACCESS_KEY</c>, profile, instance role, ...).
    /// </value>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>Gets or sets how much of S3's checksum protocol the server understands.</summary>
    /// <value>The default is <see cref="S3ChecksumCompatibility.AdditionalChecksums"/> (Amazon S3).</value>
    public S3ChecksumCompatibility ChecksumCompatibility { get; set; } = S3ChecksumCompatibility.AdditionalChecksums;

    /// <summary>Gets or sets a value indicating whether part bodies are signed (SigV4 <c>x-amz-content-sha256</c> is the SHA-256 of the body).</summary>
    /// <value>
    /// The default is <see langword="true"/>: the server checks every body against its signed hash, at the cost of a SHA-256
    /// over every byte on the client and again on the server. <see langword="false"/> sends <c>UNSIGNED-PAYLOAD</c>: no
    /// hashing, measurably more throughput where client and server share CPUs, but over http nothing then checks the body
    /// end to end unless <see cref="ChecksumCompatibility"/> is <see cref="S3ChecksumCompatibility.AdditionalChecksums"/>
    /// (with CRC-64/NVME or CRC-32C) or the uploader sends Content-MD5 (<c>UploadOptions.ContentMd5</c>). Over http this
    /// needs the client that <see cref="S3MultipartTarget.Create(S3TargetOptions)"/> builds.
    /// </value>
    public bool SignPayload { get; set; } = true;

    /// <summary>Gets or sets how long one part or small-object upload may stand still before it fails and is retried.</summary>
    /// <value>
    /// The default is 100 seconds, as Azure.Core's <c>NetworkTimeout</c>; the range is
    /// 10 ms to 1 hour. The clock restarts with every slice of the body the connection takes, so a large part on a slow
    /// link is never cut while it moves. A server that stops reading the body (a full Ceph cluster blocks every write) or
    /// never answers makes the request fail as a transient timeout, which the uploader retries and, when its attempts run
    /// out, reports with the upload's checkpoint kept. The SDK's own calls (initiate, complete, list, abort) keep the
    /// client's <c>Timeout</c>.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the page size of part and upload listings (<c>max-parts</c>, <c>max-uploads</c>).</summary>
    /// <value>The default is 1000, the most S3 returns; the range is 1 to 1000.</value>
    [Range(1, MaxListPageSize)]
    public int ListPageSize { get; set; } = MaxListPageSize;

    /// <summary>Gets a value indicating whether any of the client settings is set.</summary>
    internal bool HasClientSettings => ServiceUrl is not null || Region is not null || Addressing != S3Addressing.Auto || ForcePathStyle || Credentials is not null || ConfigureClient is not null;

    /// <summary>Gets or sets a last change to the client configuration that <see cref="S3ClientFactory"/> builds (tests put a fault-injecting HTTP handler under it).</summary>
    internal Action<Amazon.S3.AmazonS3Config>? ConfigureClient { get; set; }

    /// <summary>Checks every option and throws one exception that lists every problem.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    internal void Validate() => ValidationHelper.ThrowIfInvalid(this);

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid S3 target options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (ServiceUrl is not null && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add("ServiceUrl: must be an absolute http or https URL.");
        }

        if (!Enum.IsDefined(ChecksumCompatibility))
        {
            problems.Add($"ChecksumCompatibility: {ChecksumCompatibility} is not a defined value.");
        }

        if (!Enum.IsDefined(Addressing))
        {
            problems.Add($"Addressing: Addressing {Addressing} is not a defined value.");
        }

        if (ForcePathStyle && Addressing == S3Addressing.VirtualHosted)
        {
            problems.Add("ForcePathStyle: ForcePathStyle = true contradicts Addressing = VirtualHosted; set only Addressing.");
        }
    }
}
