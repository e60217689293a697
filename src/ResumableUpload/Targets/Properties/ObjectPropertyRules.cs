namespace ResumableUpload.Targets;

/// <summary>
/// The one check of <see cref="ObjectProperties"/>: well-formed values (S3's rules for tags and canned ACLs, no line
/// breaks in headers) and, for each property set, the target's support for it. Pure: no request is sent.
/// </summary>
internal static class ObjectPropertyRules
{
    public const int MaxTags = 10;

    /// <summary>S3's canned ACLs.</summary>
    public static readonly IReadOnlyList<string> CannedAcls =
        ["private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read", "bucket-owner-read", "bucket-owner-full-control", "log-delivery-write"];

    public static void Check(ObjectProperties properties, TargetCapabilities capabilities)
    {
        var supported = capabilities.SupportedProperties;
        CheckHeader(nameof(ObjectProperties.ContentType), properties.ContentType);
        foreach (var (name, value) in properties.Metadata)
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw Invalid(nameof(ObjectProperties.Metadata), $"Metadata name '{name}' is not letters, digits, '-' and '_'.");
            }

            CheckHeader(nameof(ObjectProperties.Metadata), value);
        }

        if (properties.CacheControl is not null || properties.ContentEncoding is not null || properties.ContentDisposition is not null)
        {
            Require(supported, ObjectPropertyFeatures.Headers, "Cache-Control, Content-Encoding and Content-Disposition");
            CheckHeader(nameof(ObjectProperties.CacheControl), properties.CacheControl);
            CheckHeader(nameof(ObjectProperties.ContentEncoding), properties.ContentEncoding);
            CheckHeader(nameof(ObjectProperties.ContentDisposition), properties.ContentDisposition);
        }

        if (properties.Tags.Count > 0)
        {
            Require(supported, ObjectPropertyFeatures.Tags, "Tags");
            CheckTags(properties.Tags);
        }

        if (properties.StorageClass is { } storageClass)
        {
            Require(supported, ObjectPropertyFeatures.StorageClass, "A storage class or access tier");
            CheckStorageClass(storageClass, capabilities.StorageClasses);
        }

        if (properties.CannedAcl is { } acl)
        {
            Require(supported, ObjectPropertyFeatures.CannedAcl, "A canned ACL");
            if (!CannedAcls.Contains(acl, StringComparer.Ordinal))
            {
                throw Invalid(nameof(ObjectProperties.CannedAcl), $"'{acl}' is not a canned ACL; use one of {string.Join(", ", CannedAcls)}.");
            }
        }

        if (properties.Encryption is { } encryption)
        {
            var (feature, name) = encryption.Kind switch
            {
                ServerSideEncryptionKind.Kms => (ObjectPropertyFeatures.KmsEncryption, "SSE-KMS"),
                ServerSideEncryptionKind.CustomerKey => (ObjectPropertyFeatures.CustomerKeyEncryption, "SSE-C (a customer key)"),
                _ => (ObjectPropertyFeatures.ServiceManagedEncryption, "SSE-S3 (AES256)"),
            };
            Require(supported, feature, name);
        }
    }

    private static void CheckTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw Invalid(nameof(ObjectProperties.Tags), $"An object takes at most {MaxTags} tags, not {tags.Count}.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256)
            {
                throw Invalid(nameof(ObjectProperties.Tags), $"Tag '{key}': keys are 1 to 128 characters long and values at most 256.");
            }

            if (!key.All(IsTagCharacter) || !value.All(IsTagCharacter))
            {
                throw Invalid(nameof(ObjectProperties.Tags), $"Tag '{key}': keys and values take letters, digits, spaces and + - = . _ : / @ only.");
            }
        }
    }

    private static void CheckStorageClass(string storageClass, IReadOnlyCollection<string>? known)
    {
        if (known is not null)
        {
            if (!known.Contains(storageClass, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid(nameof(ObjectProperties.StorageClass), $"'{storageClass}' is not one of {string.Join(", ", known)}.");
            }
        }
        else if (storageClass.Length is 0 or > 64 || !storageClass.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
        {
            throw Invalid(nameof(ObjectProperties.StorageClass), $"'{storageClass}' is not a storage class name (upper-case letters, digits, '_' and '-', as STANDARD_IA).");
        }
    }

    // S3's tag rule (letters, digits, white space and + - = . _ : / @); '&' would break the x-amz-tagging query form.
    private static bool IsTagCharacter(char c) => char.IsLetterOrDigit(c) || c is ' ' or '+' or '-' or '=' or '.' or '_' or ':' or '/' or '@';

    private static void CheckHeader(string property, string? value)
    {
        if (value is not null && value.Any(char.IsControl))
        {
            throw Invalid(property, $"{property} holds a control character (a line break, say).");
        }
    }

    private static void Require(ObjectPropertyFeatures supported, ObjectPropertyFeatures feature, string what)
    {
        if ((supported & feature) != feature)
        {
            throw Invalid(feature.ToString(), $"{what} cannot be stored by this target; see README, Object options.");
        }
    }

    private static InvalidObjectPropertyException Invalid(string property, string message) => new(property, message);
}
