using System.Text;
using ResumableUpload.TestSupport;
using StackExchange.Redis;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Credentials never land in a checkpoint, a log line or an error message: interrupted verbose uploads to S3 and Azure
/// with each checkpoint store, then every byte the CLI printed and every checkpoint it stored is scanned for the
/// secrets it was given.
/// </summary>
[Collection(ProcessTestGroup.Name)]
public class SecretScanTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_InterruptedToS3AndAzure_NoSecretInOutputOrAnyCheckpointStore()
    {
        using var rgw = ServerTargets.Rgw();
        var bucket = await ServerTargets.NewBucketAsync(rgw);
        var container = await ServerTargets.NewContainerAsync();
        var accountKey = System.Text.RegularExpressions.Regex.Match(ServerEnvironment.AzureConnectionString, "AccountKey=([^;]+)").Groups[1].Value;
        string[] secrets = [ServerEnvironment.S3SecretKey, accountKey, ServerEnvironment.AzureConnectionString];
        var source = temp.RandomFile("s.bin", 40L << 20, seed: 8);
        var dir = temp.SubDirectory("ckpt");
        var db = temp.File("c.db");
        var redisPrefix = "rupload:";
        var scanned = new StringBuilder();

        foreach (var (destination, env, partSize) in new[]
        {
            ($"s3://{bucket}/secret.bin", ServerEnvironment.S3CliEnvironment(), "5MiB"),
            ($"az://{container}/secret.bin", ServerEnvironment.AzureCliEnvironment(), "4MiB"),
        })
        {
            foreach (var checkpoint in new[] { "dir:" + dir, "sqlite:" + db, "redis:" + ServerEnvironment.Redis })
            {
                string[] args = ["upload", source, destination, "--endpoint", ServerEnvironment.S3Endpoint, "--part-size", partSize, "--checkpoint", checkpoint, "--lease", "1s", "--verbose", "--progress", "lines", "--progress-interval", "0s"];
                if (destination.StartsWith("az://", StringComparison.Ordinal))
                {
                    args = [.. args.Where((_, i) => i is not 3 and not 4)];
                }

                // The killed holder is known dead (LeaseHolder), so the abort below takes its lease over at once: no
                // wait for the 1 s lease to lapse (an abort that found it held would exit non-zero).
                await KillResume.RunAndKillAtAsync(args, 2, env);
                var (status, statusOutput) = await Rupload.RunAsync(["status", "--checkpoint", checkpoint]);
                Assert.Equal(0, status);
                scanned.Append(statusOutput);
                scanned.Append(StoredBytes(dir, db));
                scanned.Append(await RedisDumpAsync(redisPrefix));
                var (abort, abortOutput) = await Rupload.RunAsync(["abort", source, destination, "--checkpoint", checkpoint, "--verbose", .. args.Contains("--endpoint") ? new[] { "--endpoint", ServerEnvironment.S3Endpoint } : []], env);
                Assert.True(abort == 0, abortOutput);
                scanned.Append(abortOutput);
            }
        }

        var text = scanned.ToString();
        Assert.True(text.Length > 1000, "nothing was scanned");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    public void Dispose() => temp.Dispose();

    private static string StoredBytes(string dir, string db)
    {
        var all = new StringBuilder();
        foreach (var file in Directory.GetFiles(dir).Append(db).Where(File.Exists))
        {
            all.Append(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        return all.ToString();
    }

    private static async Task<string> RedisDumpAsync(string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ServerEnvironment.Redis);
        var all = new StringBuilder();
        foreach (var key in connection.GetServers()[0].Keys(pattern: prefix + "*"))
        {
            if (await connection.GetDatabase().KeyTypeAsync(key) == RedisType.Hash)
            {
                foreach (var field in await connection.GetDatabase().HashGetAllAsync(key))
                {
                    all.Append(Encoding.Latin1.GetString((byte[])field.Value!));
                }
            }
        }

        return all.ToString();
    }
}
