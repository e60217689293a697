using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Configuration errors are errors, not retries: through the real CLI against Ceph RGW and Azurite, each exits 2 with
/// exactly one stderr line naming the fix, prints no secret and no SDK dump, retries nothing (a retry logs a warning
/// line, so one line also proves none happened), and leaves no checkpoint and no upload behind.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    // 12 MiB with the default 8 MiB parts: a multipart upload, whose intent checkpoint is written before initiate.
    private const long MultipartLength = 12L << 20;
    private const string ClosedEndpoint = "http://127.0.0.1:9"; // privileged port: nothing on this machine listens there
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_S3NoCredentials_Exit2NamingTheVariablesAndNothingLeft()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = string.Empty,
            ["AWS_SECRET_ACCESS_KEY"] = string.Empty,
            ["AWS_SESSION_TOKEN"] = string.Empty,
            ["AWS_PROFILE"] = string.Empty,
            ["AWS_REGION"] = ServerEnvironment.S3Region,
            ["AWS_SHARED_CREDENTIALS_FILE"] = temp.File("no-such-credentials"),
            ["AWS_CONFIG_FILE"] = temp.File("no-such-config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true", // else the SDK probes instance metadata for seconds
        };
        var line = await RunFailingUploadAsync($"s3://{bucket}/k.bin", env, "--endpoint", ServerEnvironment.S3Endpoint);
        Assert.StartsWith("rupload: no credentials: ", line, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", line, StringComparison.Ordinal);
        Assert.Contains("AWS_PROFILE", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception 1 of", line, StringComparison.Ordinal);
        await AssertNoS3UploadAsync(rgw, bucket);
    }

    [Fact]
    public async Task Upload_S3WrongSecret_Exit2NamingTheVariablesWithoutTheSecret()
    {
        // RGW's "auth none" is Ceph's internal cephx; S3 requests are still signed and checked (SignatureDoesNotMatch).
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        const string secret = "WrongSecretKeyThatMustNeverBePrinted0001";
        var env = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = ServerEnvironment.S3AccessKey, ["AWS_SECRET_ACCESS_KEY"] = secret, ["AWS_REGION"] = ServerEnvironment.S3Region };
        var line = await RunFailingUploadAsync($"s3://{bucket}/k.bin", env, "--endpoint", ServerEnvironment.S3Endpoint, "--verbose");
        Assert.StartsWith("rupload: access denied: ", line, StringComparison.Ordinal);
        Assert.Contains("SignatureDoesNotMatch", line, StringComparison.Ordinal);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", line, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
        await AssertNoS3UploadAsync(rgw, bucket);
    }

    [Fact]
    public async Task Upload_S3UnknownBucket_Exit2NamingTheBucketFix()
    {
        var bucket = ServerTargets.NewName("nobucket");
        var line = await RunFailingUploadAsync($"s3://{bucket}/k.bin", ServerEnvironment.S3CliEnvironment(), "--endpoint", ServerEnvironment.S3Endpoint);
        Assert.StartsWith("rupload: the bucket or container does not exist: ", line, StringComparison.Ordinal);
        Assert.Contains("NoSuchBucket", line, StringComparison.Ordinal);
        Assert.Contains("--endpoint", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_S3EndpointServesHtml_Exit2NamingTheEndpointFlag()
    {
        using var html = HtmlServer.Start();
        var line = await RunFailingUploadAsync("s3://bucket/k.bin", ServerEnvironment.S3CliEnvironment(), "--endpoint", html.Url);
        Assert.StartsWith("rupload: wrong endpoint: ", line, StringComparison.Ordinal);
        Assert.Contains("--endpoint", line, StringComparison.Ordinal);
        Assert.True(html.Requests > 0, "the CLI never asked the HTML server");
    }

    [Fact]
    public async Task Upload_S3EndpointServesHtmlSinglePut_Exit2InsteadOfSuccess()
    {
        // A one-part file goes in a single PutObject; an HTML 200 used to pass for a stored object (exit 0).
        using var html = HtmlServer.Start();
        var line = await RunFailingUploadAsync("s3://bucket/k.bin", ServerEnvironment.S3CliEnvironment(), 100, "--endpoint", html.Url, "--progress", "none");
        Assert.StartsWith("rupload: wrong endpoint: ", line, StringComparison.Ordinal);
        Assert.Contains("--endpoint", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_S3ClosedPort_Exit2NamingTheEndpointFlag()
    {
        var line = await RunFailingUploadAsync("s3://bucket/k.bin", ServerEnvironment.S3CliEnvironment(), "--endpoint", ClosedEndpoint);
        Assert.StartsWith("rupload: cannot connect: ", line, StringComparison.Ordinal);
        Assert.Contains("--endpoint", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_AzureBadAccountKey_Exit2NamingTheConnectionStringWithoutTheKey()
    {
        var container = await ServerTargets.NewContainerAsync();
        var badKey = Convert.ToBase64String(TestData.RandomBytes(64, 7));
        var bad = Regex.Replace(ServerEnvironment.AzureConnectionString, "AccountKey=[^;]+", "AccountKey=" + badKey);
        var line = await RunFailingUploadAsync($"az://{container}/k.bin", AzureEnvironment(bad), "--verbose");
        Assert.StartsWith("rupload: access denied: ", line, StringComparison.Ordinal);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", line, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, line, StringComparison.Ordinal);
        await AssertNoAzureUploadAsync(container);
    }

    [Fact]
    public async Task Upload_AzureUnknownContainer_Exit2NamingTheContainerFix()
    {
        var container = ServerTargets.NewName("nocontainer");
        var line = await RunFailingUploadAsync($"az://{container}/k.bin", ServerEnvironment.AzureCliEnvironment());
        Assert.StartsWith("rupload: the bucket or container does not exist: ", line, StringComparison.Ordinal);
        Assert.Contains("ContainerNotFound", line, StringComparison.Ordinal);
        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_AzureEndpointServesHtml_Exit2NamingBlobEndpoint()
    {
        using var html = HtmlServer.Start();
        var line = await RunFailingUploadAsync("az://container/k.bin", AzureEnvironment(WithBlobHost(html.Url)));
        Assert.StartsWith("rupload: wrong endpoint: ", line, StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint", line, StringComparison.Ordinal);
        Assert.True(html.Requests > 0, "the CLI never asked the HTML server");
    }

    [Fact]
    public async Task Upload_AzureClosedPort_Exit2NamingBlobEndpoint()
    {
        var line = await RunFailingUploadAsync("az://container/k.bin", AzureEnvironment(WithBlobHost(ClosedEndpoint)));
        Assert.StartsWith("rupload: cannot connect: ", line, StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint", line, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();

    private static Dictionary<string, string> AzureEnvironment(string connectionString) => new() { ["AZURE_STORAGE_CONNECTION_STRING"] = connectionString };

    // The Azurite connection string with its BlobEndpoint's scheme, host and port replaced (the account path stays).
    private static string WithBlobHost(string baseUrl) => Regex.Replace(ServerEnvironment.AzureConnectionString, "BlobEndpoint=https?://[^/;]+", "BlobEndpoint=" + baseUrl.TrimEnd('/'));

    private static async Task AssertNoS3UploadAsync(ResumableUpload.S3.S3MultipartTarget rgw, string bucket)
    {
        var uploads = new List<PendingUpload>();
        await foreach (var upload in rgw.ListUploadsAsync(bucket, string.Empty))
        {
            uploads.Add(upload);
        }

        Assert.Empty(uploads);
    }

    private static async Task AssertNoAzureUploadAsync(string container)
    {
        var uploads = new List<PendingUpload>();
        await foreach (var upload in ServerTargets.Azurite().ListUploadsAsync(container, string.Empty))
        {
            uploads.Add(upload);
        }

        Assert.Empty(uploads);
    }

    private Task<string> RunFailingUploadAsync(string destination, Dictionary<string, string> environment, params string[] options)
        => RunFailingUploadAsync(destination, environment, MultipartLength, options);

    /// <summary>Runs a fresh upload that must fail with a configuration error; returns its one stderr line.</summary>
    private async Task<string> RunFailingUploadAsync(string destination, Dictionary<string, string> environment, long length, params string[] options)
    {
        var source = temp.RandomFile("s.bin", length, seed: 11);
        var checkpoints = temp.SubDirectory("checkpoints");
        using var run = Rupload.Start(["upload", source, destination, "--checkpoint", "dir:" + checkpoints, .. options], environment);
        var code = await run.WaitAsync(TimeSpan.FromMinutes(1));
        var stderr = run.Stderr.ToList();
        var all = run.Output;
        Assert.True(code == 2, $"exit {code}, expected 2: {all}");
        Assert.True(stderr.Count == 1, $"expected one stderr line, got {stderr.Count}: {all}");
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("run the same command again", all, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
        return stderr[0];
    }

    /// <summary>A loopback HTTP server that answers every request with 200 and an HTML page, like a web server at a wrong URL.</summary>
    private sealed class HtmlServer : IDisposable
    {
        private static readonly byte[] Page = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><h1>It works!</h1></body></html>");
        private readonly HttpListener listener;
        private readonly Task loop;
        private int requests;

        private HtmlServer(HttpListener listener, string url)
        {
            this.listener = listener;
            Url = url;
            loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public int Requests => Volatile.Read(ref requests);

        public static HtmlServer Start()
        {
            // Take a free port from the kernel, then listen on it (retry if another process took it in between).
            for (var attempt = 0; ; attempt++)
            {
                var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var url = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    return new HtmlServer(listener, url.TrimEnd('/'));
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    listener.Close();
                }
            }
        }

        public void Dispose()
        {
            listener.Close();
            try
            {
                loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref requests);
                await context.Request.InputStream.CopyToAsync(Stream.Null); // read the body, so the client sees an answer, not a reset
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength64 = Page.Length;
                await context.Response.OutputStream.WriteAsync(Page);
                context.Response.Close();
            }
        }
    }
}
