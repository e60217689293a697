using System.Security.Cryptography;

namespace ResumableUpload;

/// <summary>
/// How the target encrypts the object at rest. A customer key (SSE-C) is held only in memory: it is never part of a
/// checkpoint, a log line, an exception message or <see cref="ToString"/>, so a resume must be given the key again.
/// </summary>
public sealed class ServerSideEncryption
{
    /// <summary>The length of an SSE-C key, 32 bytes (AES-256).</summary>
    public const int CustomerKeyLength = 32;

    private readonly byte[]? customerKey;

    private ServerSideEncryption(ServerSideEncryptionKind kind, string? kmsKeyId, byte[]? customerKey)
    {
        Kind = kind;
        KmsKeyId = kmsKeyId;
        this.customerKey = customerKey;
#pragma warning disable CA5351 // S3 names the SSE-C key by its MD5 (x-amz-server-side-encryption-customer-key-MD5)
        CustomerKeyMd5Base64 = customerKey is null ? null : Convert.ToBase64String(MD5.HashData(customerKey));
#pragma warning restore CA5351
    }

    /// <summary>Gets encryption with keys the service manages (SSE-S3, <c>AES256</c>).</summary>
    public static ServerSideEncryption ServiceManaged { get; } = new(ServerSideEncryptionKind.ServiceManaged, null, null);

    /// <summary>Gets who holds the key.</summary>
    public ServerSideEncryptionKind Kind { get; }

    /// <summary>Gets the KMS key id or ARN, or <see langword="null"/> for the service's default KMS key.</summary>
    public string? KmsKeyId { get; }

    /// <summary>Gets the base64 MD5 of the customer key (sent beside it, not secret), or <see langword="null"/>.</summary>
    public string? CustomerKeyMd5Base64 { get; }

    /// <summary>Encryption with a key of the service's KMS (SSE-KMS).</summary>
    /// <param name="keyId">The key id or ARN, or <see langword="null"/> for the service's default key.</param>
    /// <returns>The encryption.</returns>
    /// <exception cref="InvalidObjectPropertyException"><paramref name="keyId"/> is empty or holds white space.</exception>
    public static ServerSideEncryption Kms(string? keyId = null)
    {
        if (keyId is not null && (keyId.Length == 0 || keyId.Any(char.IsWhiteSpace)))
        {
            throw new InvalidObjectPropertyException(nameof(ObjectProperties.Encryption), "The SSE-KMS key id is empty or holds white space.");
        }

        return new ServerSideEncryption(ServerSideEncryptionKind.Kms, keyId, null);
    }

    /// <summary>Encryption with a key the caller provides (SSE-C), sent with every request that writes or reads the object.</summary>
    /// <param name="key">The 32-byte AES-256 key; copied.</param>
    /// <returns>The encryption.</returns>
    /// <exception cref="InvalidObjectPropertyException">The key is not 32 bytes long.</exception>
    public static ServerSideEncryption CustomerKey(ReadOnlySpan<byte> key)
        => key.Length == CustomerKeyLength
            ? new ServerSideEncryption(ServerSideEncryptionKind.CustomerKey, null, key.ToArray())
            : throw new InvalidObjectPropertyException(nameof(ObjectProperties.Encryption), $"An SSE-C key is {CustomerKeyLength} bytes (AES-256), not {key.Length}.");

    /// <summary>Gets the customer key in base64, as S3's <c>x-amz-server-side-encryption-customer-key</c> header carries it.</summary>
    /// <returns>The key, or <see langword="null"/> when <see cref="Kind"/> is not <see cref="ServerSideEncryptionKind.CustomerKey"/>.</returns>
    /// <remarks>A method, not a property, so that serializers and loggers that walk properties never meet the key.</remarks>
    public string? GetCustomerKeyBase64() => customerKey is null ? null : Convert.ToBase64String(customerKey);

    /// <summary>Describes the encryption without the key.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        ServerSideEncryptionKind.Kms => KmsKeyId is null ? "SSE-KMS" : "SSE-KMS " + KmsKeyId,
        ServerSideEncryptionKind.CustomerKey => "SSE-C (key MD5 " + CustomerKeyMd5Base64 + ")",
        _ => "SSE-S3",
    };
}
