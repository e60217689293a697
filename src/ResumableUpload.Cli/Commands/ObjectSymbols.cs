using System.CommandLine;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Targets;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// The object options of <c>rupload upload</c> (README, Object options): they apply to a file, a stream and every file
/// of a batch alike. An SSE-C key never comes from the command line (it would show in <c>ps</c> and shell history):
/// from <c>--sse-c-key-file</c> or the <c>RUPLOAD_SSE_C_KEY</c> variable.
/// </summary>
internal sealed class ObjectSymbols
{
    /// <summary>The variable that may hold the SSE-C key, base64.</summary>
    public const string CustomerKeyVariable = "RUPLOAD_SSE_C_KEY";

    public Option<string?> ContentType { get; } = CliOptions.Text("--content-type", "type", "The object's Content-Type.");

    public Option<string[]> Meta { get; } = CliOptions.Repeated("--meta", "key=value", "User metadata (repeatable).");

    public Option<string?> CacheControl { get; } = CliOptions.Text("--cache-control", "value", "The object's Cache-Control.");

    public Option<string?> ContentEncoding { get; } = CliOptions.Text("--content-encoding", "value", "The object's Content-Encoding (the bytes are stored as given).");

    public Option<string?> ContentDisposition { get; } = CliOptions.Text("--content-disposition", "value", "The object's Content-Disposition.");

    public Option<string[]> Tag { get; } = CliOptions.Repeated("--tag", "key=value", "An object tag (repeatable, at most 10).");

    public Option<string?> StorageClass { get; } = CliOptions.Text("--storage-class", "class", "S3 storage class (STANDARD_IA, GLACIER_IR, ...) or Azure access tier (Hot, Cool, Cold, Archive).");

    private static IReadOnlyList<string> CannedAcls => ObjectPropertyRules.CannedAcls;

    public Option<string?> Acl { get; } = CliOptions.Value<string?>(
        "--acl",
        "acl",
        "S3 canned ACL: " + string.Join(", ", CannedAcls) + ".",
        static text => CannedAcls.Contains(text, StringComparer.Ordinal) ? text : throw new UsageException($"--acl: '{text}' is not one of {string.Join(", ", CannedAcls)}."),
        [.. CannedAcls]);

    public Option<string?> Sse { get; } = CliOptions.Choice("--sse", "S3 server-side encryption: AES256 (SSE-S3) or aws:kms (SSE-KMS).", "AES256", "aws:kms");

    public Option<string?> SseKmsKeyId { get; } = CliOptions.Text("--sse-kms-key-id", "id", "The KMS key id or ARN for SSE-KMS (implies --sse aws:kms).");

    public Option<string?> SseCustomerKeyFile { get; } = CliOptions.Text("--sse-c-key-file", "path", $"SSE-C: a file holding the 32-byte key, raw or base64 (or set {CustomerKeyVariable} to it in base64); give it again to resume.");

    public IEnumerable<Option> All => [ContentType, Meta, CacheControl, ContentEncoding, ContentDisposition, Tag, StorageClass, Acl, Sse, SseKmsKeyId, SseCustomerKeyFile];

    /// <summary>The properties the options give.</summary>
    /// <exception cref="UsageException">An option is malformed or contradicts another.</exception>
    /// <exception cref="InvalidObjectPropertyException">The SSE-C key is not 32 bytes.</exception>
    public ObjectProperties Read(ParseResult parse, Func<string, string?> environment) => new()
    {
        ContentType = parse.GetValue(ContentType),
        Metadata = Pairs(parse.GetValue(Meta), "--meta"),
        CacheControl = parse.GetValue(CacheControl),
        ContentEncoding = parse.GetValue(ContentEncoding),
        ContentDisposition = parse.GetValue(ContentDisposition),
        Tags = Pairs(parse.GetValue(Tag), "--tag"),
        StorageClass = parse.GetValue(StorageClass),
        CannedAcl = parse.GetValue(Acl),
        Encryption = Encryption(parse, environment),
    };

    private static Dictionary<string, string> Pairs(string[]? values, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"{option}: '{value}' is not key=value.");
            }

            if (!pairs.TryAdd(value[..equals], value[(equals + 1)..]))
            {
                throw new UsageException($"{option}: the key '{value[..equals]}' is given twice.");
            }
        }

        return pairs;
    }

    private ServerSideEncryption? Encryption(ParseResult parse, Func<string, string?> environment)
    {
        var sse = parse.GetValue(Sse);
        var kmsKeyId = parse.GetValue(SseKmsKeyId);
        var keyFile = parse.GetValue(SseCustomerKeyFile);
        var keyVariable = environment(CustomerKeyVariable);
        var customer = keyFile is not null || !string.IsNullOrEmpty(keyVariable);
        if (customer && (sse is not null || kmsKeyId is not null))
        {
            throw new UsageException($"SSE-C (--sse-c-key-file or {CustomerKeyVariable}) cannot be combined with --sse or --sse-kms-key-id: an object has one encryption.");
        }

        if (kmsKeyId is not null && sse == "AES256")
        {
            throw new UsageException("--sse-kms-key-id needs --sse aws:kms, not AES256.");
        }

        return customer ? ServerSideEncryption.CustomerKey(CustomerKey(keyFile, keyVariable!))
            : kmsKeyId is not null || sse == "aws:kms" ? ServerSideEncryption.Kms(kmsKeyId)
            : sse == "AES256" ? ServerSideEncryption.ServiceManaged
            : null;
    }

    // A file of exactly 32 bytes is the raw key; anything else must be its base64. The key never appears in a message.
    private static byte[] CustomerKey(string? path, string variable)
    {
        if (path is null)
        {
            return FromBase64(variable.Trim(), CustomerKeyVariable);
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length == ServerSideEncryption.CustomerKeyLength ? bytes
            : TryFromBase64(System.Text.Encoding.ASCII.GetString(bytes).Trim()) ?? throw new UsageException($"--sse-c-key-file: the file holds {bytes.Length} bytes, neither a 32-byte key nor its base64.");
    }

    private static byte[] FromBase64(string text, string origin)
        => TryFromBase64(text) ?? throw new UsageException($"{origin}: the SSE-C key is not base64.");

    private static byte[]? TryFromBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
