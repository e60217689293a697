using Xunit;
using Amazon.S3;
using ResumableUpload.S3;

namespace ResumableUpload.Targets.Tests.S3;

/// <summary>The addressing a client gets by default (pure rule), explicit choices, and that the built client has the SDK's own retries off.</summary>
public class S3AddressingTests
{
    [Theory]
    [InlineData(null, S3Addressing.VirtualHosted)]
    [InlineData("https://s3.amazonaws.com", S3Addressing.VirtualHosted)]
    [InlineData("https://s3.eu-west-1.amazonaws.com", S3Addressing.VirtualHosted)]
    [InlineData("https://s3.oss-cn-hangzhou.aliyuncs.com", S3Addressing.VirtualHosted)]
    [InlineData("https://oss-cn-hangzhou-internal.aliyuncs.com", S3Addressing.VirtualHosted)]
    [InlineData("https://S3.OSS-CN-BEIJING.ALIYUNCS.COM.", S3Addressing.VirtualHosted)]
    [InlineData("http://127.0.0.1:7480", S3Addressing.Path)]
    [InlineData("http://10.1.2.3", S3Addressing.Path)]
    [InlineData("http://[::1]:9000", S3Addressing.Path)]
    [InlineData("http://localhost:9000", S3Addressing.Path)]
    [InlineData("https://minio.example.internal", S3Addressing.Path)]
    [InlineData("https://aliyuncs.com.evil.example", S3Addressing.Path)]
    public void Choose_Endpoint_DefaultAddressing(string? endpoint, S3Addressing expected)
        => Assert.Equal(expected, S3AddressingRules.Choose(endpoint));

    [Theory]
    [InlineData("http://127.0.0.1:7480", S3Addressing.VirtualHosted, false, S3Addressing.VirtualHosted)]
    [InlineData("https://s3.oss-cn-hangzhou.aliyuncs.com", S3Addressing.Path, false, S3Addressing.Path)]
    [InlineData("https://s3.oss-cn-hangzhou.aliyuncs.com", S3Addressing.Auto, true, S3Addressing.Path)]
    [InlineData("https://s3.oss-cn-hangzhou.aliyuncs.com", S3Addressing.Auto, false, S3Addressing.VirtualHosted)]
    public void Resolve_ExplicitChoice_Wins(string endpoint, S3Addressing addressing, bool forcePathStyle, S3Addressing expected)
        => Assert.Equal(expected, S3AddressingRules.Resolve(new S3TargetOptions { ServiceUrl = endpoint, Addressing = addressing, ForcePathStyle = forcePathStyle }));

    [Theory]
    [InlineData("http://127.0.0.1:7480", true)]
    [InlineData("https://s3.oss-cn-hangzhou.aliyuncs.com", false)]
    public void Create_Endpoint_ClientHasAddressingAndNoSdkRetries(string endpoint, bool pathStyle)
    {
        using var client = S3ClientFactory.Create(new S3TargetOptions { ServiceUrl = endpoint, Region = "cn-hangzhou", Credentials = new Amazon.Runtime.BasicAWSCredentials("a", "b") });
        var config = Assert.IsType<AmazonS3Config>(client.Config);
        Assert.Equal(pathStyle, config.ForcePathStyle);
        Assert.Equal(0, config.MaxErrorRetry);
    }

    [Fact]
    public void Validate_UndefinedAddressingAndContradiction_OneExceptionListingBoth()
    {
        var undefined = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new S3TargetOptions { Addressing = (S3Addressing)7 }.Validate());
        Assert.Contains("Addressing 7 is not a defined value", undefined.Message, StringComparison.Ordinal);
        var contradiction = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new S3TargetOptions { Addressing = S3Addressing.VirtualHosted, ForcePathStyle = true }.Validate());
        Assert.Contains("ForcePathStyle", contradiction.Message, StringComparison.Ordinal);
    }
}
