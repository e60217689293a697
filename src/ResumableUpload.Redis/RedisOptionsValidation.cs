using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ResumableUpload.Redis;

/// <summary>Validates <see cref="RedisCheckpointStoreOptions"/> and lists every problem at once.</summary>
internal static class RedisOptionsValidation
{
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(365);

    public static List<string> Collect(RedisCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => $"{r.MemberNames.FirstOrDefault() ?? "?"}: {r.ErrorMessage}").ToList();
        if (options.TimeToLive is { } ttl && (ttl < TimeSpan.FromSeconds(1) || ttl > MaxTimeToLive))
        {
            errors.Add("TimeToLive: must be between 1 second and 365 days, or null for no expiry.");
        }

        var connections = (string.IsNullOrWhiteSpace(options.Configuration) ? 0 : 1)
            + (options.ConfigurationOptions is null ? 0 : 1)
            + (options.ConnectionMultiplexerFactory is null ? 0 : 1);
        if (connections > 1)
        {
            errors.Add("Configuration, ConfigurationOptions, ConnectionMultiplexerFactory: set at most one of them.");
        }

        return errors;
    }

    public static void ThrowIfInvalid(RedisCheckpointStoreOptions options)
    {
        var errors = Collect(options);
        if (errors.Count == 0)
        {
            return;
        }

        var message = new StringBuilder("Invalid Redis checkpoint store options:");
        foreach (var error in errors)
        {
            message.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {error}");
        }

        throw new ValidationException(message.ToString());
    }
}

/// <summary>Validates the options registered in DI, so a bad option fails at host start.</summary>
internal sealed class RedisCheckpointStoreOptionsValidator : IValidateOptions<RedisCheckpointStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisCheckpointStoreOptions options)
    {
        var errors = RedisOptionsValidation.Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
