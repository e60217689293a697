using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace ResumableUpload.Sqlite;

/// <summary>Validates <see cref="SqliteCheckpointStoreOptions"/> and lists every problem at once.</summary>
internal static class SqliteOptionsValidation
{
    public static List<string> Collect(SqliteCheckpointStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var errors = results.Select(r => $"{r.MemberNames.FirstOrDefault() ?? "?"}: {r.ErrorMessage}").ToList();
        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasPath = !string.IsNullOrWhiteSpace(options.Path);
        if (hasConnectionString == hasPath)
        {
            errors.Add("ConnectionString, Path: set exactly one of them.");
        }

        return errors;
    }

    public static void ThrowIfInvalid(SqliteCheckpointStoreOptions options)
    {
        var errors = Collect(options);
        if (errors.Count == 0)
        {
            return;
        }

        var message = new StringBuilder("Invalid SQLite checkpoint store options:");
        foreach (var error in errors)
        {
            message.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {error}");
        }

        throw new ValidationException(message.ToString());
    }
}

/// <summary>Validates the options registered in DI, so a bad option fails at host start.</summary>
internal sealed class SqliteCheckpointStoreOptionsValidator : IValidateOptions<SqliteCheckpointStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteCheckpointStoreOptions options)
    {
        var errors = SqliteOptionsValidation.Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
