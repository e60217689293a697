using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// <c>rupload upload</c> with object options: to Azurite for a directory batch and to RGW for a stream, read back from
/// the server; an SSE-C upload to RGW killed and resumed with the key given again, whose key is in no output and no
/// checkpoint; and bad options, each exit 2 with one line.
/// </summary>
public class ObjectOptionsCliTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_DirectoryToAzurite_EveryFileGetsTheOptions()
    {
        var container = await ServerTargets.NewContainerAsync();
        var dir = temp.SubDirectory("batch");
        File.WriteAllBytes(Path.Combine(dir, "a.csv"), TestData.RandomBytes(1000, 1));
        File.WriteAllBytes(Path.Combine(dir, "b.csv"), TestData.RandomBytes(2000, 2));

        var (code, output) = await Rupload.RunAsync(
            ["upload", dir, $"az://{container}/in/", "--content-type", "text/csv", "--meta", "origin=cli", "--meta", "run=7", "--tag", "team=data", "--cache-control", "no-cache", "--content-disposition", "inline", "--content-encoding", "identity", "--storage-class", "Cool", "--progress", "none"],
            ServerEnvironment.AzureCliEnvironment());

        Assert.True(code == 0, output);
        var blobs = new BlobServiceClient(ServerEnvironment.AzureConnectionString).GetBlobContainerClient(container);
        foreach (var name in new[] { "in/a.csv", "in/b.csv" })
        {
            var stored = (await blobs.GetBlobClient(name).GetPropertiesAsync()).Value;
            Assert.Equal(("text/csv", "no-cache", "inline", "identity", "Cool"), (stored.ContentType, stored.CacheControl, stored.ContentDisposition, stored.ContentEncoding, stored.AccessTier));
            Assert.Equal(["origin=cli", "run=7"], stored.Metadata.Select(m => m.Key + "=" + m.Value).Order(StringComparer.Ordinal));
            Assert.Equal("data", (await blobs.GetBlobClient(name).GetTagsAsync()).Value.Tags["team"]);
        }
    }

    [Fact]
    public async Task Upload_StdinToRgw_TagsAclAndKmsOnTheObject()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.RandomFile("s.bin", 3000, seed: 3);

        var (code, output) = await Rupload.RunAsync(
            ["upload", "-", $"s3://{bucket}/stream.bin", "--endpoint", ServerEnvironment.S3Endpoint, "--tag", "k=v", "--acl", "public-read", "--sse-kms-key-id", "testkey-1", "--storage-class", "COLD", "--progress", "none"],
            ServerEnvironment.S3CliEnvironment(),
            Rupload.Pipe(source));

        Assert.True(code == 0, output);
        var head = await rgw.Client.GetObjectMetadataAsync(bucket, "stream.bin");
        Assert.Equal((ServerSideEncryptionMethod.AWSKMS, "testkey-1", "COLD"), (head.ServerSideEncryptionMethod, head.ServerSideEncryptionKeyManagementServiceKeyId, head.StorageClass?.Value));
        Assert.Equal("k=v", Assert.Single((await rgw.Client.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "stream.bin" })).Tagging) is var t ? t.Key + "=" + t.Value : null);
        var acl = await rgw.Client.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "stream.bin" });
        Assert.Contains(acl.Grants, g => g.Grantee.URI == "http://acs.amazonaws.com/groups/global/AllUsers");
    }

    [Fact]
    public async Task Upload_SseCKilledAndResumed_KeyNeededToReadAndInNoOutputOrCheckpoint()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var source = temp.RandomFile("c.bin", 15L << 20, seed: 4);
        var key = RandomNumberGenerator.GetBytes(32);
        var keyFile = temp.File("key");
        File.WriteAllText(keyFile, Convert.ToBase64String(key));
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = ["upload", source, $"s3://{bucket}/c.bin", "--endpoint", ServerEnvironment.S3Endpoint, "--part-size", "5MiB", "--threads", "1", "--checkpoint", "dir:" + checkpoints, "--sse-c-key-file", keyFile, "--verbose", "--progress", "lines", "--progress-interval", "0s"];
        var env = ServerEnvironment.S3CliEnvironment();

        await KillResume.RunAndKillAtAsync(args, 1, env);
        var stored = new StringBuilder();
        foreach (var file in Directory.GetFiles(checkpoints, "*", SearchOption.AllDirectories))
        {
            stored.Append(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        var (code, output) = await Rupload.RunAsync([.. args, "--json"], env); // the resume: verbose log on stderr, JSON lines on stdout

        Assert.True(code == 0, output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, "\"resumedParts\":[123],"), output); // killed at part 1 or just after
        Assert.True(stored.Length > 100, "no checkpoint was scanned");
        foreach (var form in new[] { Convert.ToBase64String(key), Convert.ToHexString(key), Encoding.Latin1.GetString(key) })
        {
            Assert.DoesNotContain(form, output + stored, StringComparison.OrdinalIgnoreCase);
        }

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => rgw.Client.GetObjectMetadataAsync(bucket, "c.bin"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        using var read = await rgw.Client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c.bin", ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key) });
        using var copy = new MemoryStream();
        await read.ResponseStream.CopyToAsync(copy);
        Assert.Equal(await File.ReadAllBytesAsync(source), copy.ToArray());
        await rgw.Client.DeleteObjectAsync(bucket, "c.bin");
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--tag", "a=b&c"], "Tag 'a': keys and values take letters, digits, spaces and + - = . _ : / @ only." },
        { ["--tag", "novalue"], "--tag: 'novalue' is not key=value." },
        { ["--meta", "k=1", "--meta", "k=2"], "--meta: the key 'k' is given twice." },
        { ["--acl", "public"], "--acl: 'public' is not one of private, public-read, public-read-write, authenticated-read, aws-exec-read, bucket-owner-read, bucket-owner-full-control, log-delivery-write." },
        { ["--sse", "AES256", "--sse-kms-key-id", "k"], "--sse-kms-key-id needs --sse aws:kms, not AES256." },
        { ["--sse", "aws:kms", "--sse-c-key-file", "KEY16"], "SSE-C (--sse-c-key-file or RUPLOAD_SSE_C_KEY) cannot be combined with --sse or --sse-kms-key-id: an object has one encryption." },
        { ["--sse-c-key-file", "KEY16"], "--sse-c-key-file: the file holds 16 bytes, neither a 32-byte key nor its base64." },
        { ["--sse-c-key-file", "KEY16B64"], "An SSE-C key is 32 bytes (AES-256), not 16." },
        { ["--storage-class", "standard ia"], "'standard ia' is not a storage class name (upper-case letters, digits, '_' and '-', as STANDARD_IA)." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Upload_BadObjectOption_Exit2WithOneLine(string[] options, string message)
    {
        var source = temp.RandomFile("x.bin", 10, seed: 5);
        var key16 = temp.File("key16");
        File.WriteAllBytes(key16, new byte[16]);
        var key16Base64 = temp.File("key16.b64");
        File.WriteAllText(key16Base64, Convert.ToBase64String(new byte[16]) + "\n");

        var (code, error) = await RunInProcessAsync(["upload", source, "null:", .. options.Select(o => o switch { "KEY16" => key16, "KEY16B64" => key16Base64, _ => o })], new Dictionary<string, string>());

        Assert.Equal(2, code);
        Assert.Equal("rupload: " + message, error.Trim());
    }

    [Fact]
    public async Task Upload_AclToAzure_Exit2NamingTheOption()
    {
        var source = temp.RandomFile("x.bin", 10, seed: 6);

        var (code, error) = await RunInProcessAsync(["upload", source, "az://c/x.bin", "--acl", "private"], ServerEnvironment.AzureCliEnvironment());

        Assert.Equal(2, code);
        Assert.Equal("rupload: A canned ACL cannot be stored by this target; see README, Object options.", error.Trim());
    }

    // The CLI's entry in this process (no child process: these fail before any request).
    private static async Task<(int Code, string Error)> RunInProcessAsync(string[] args, Dictionary<string, string> environment)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cli = new CliContext(output, error, name => environment.GetValueOrDefault(name), CancellationToken.None);
        var code = await CliRunner.RunAsync(args, cli);
        return (code, error.ToString());
    }

    public void Dispose() => temp.Dispose();
}
