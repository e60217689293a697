using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;

namespace ResumableUpload;

/// <summary>Validates options with data annotations, nested objects included, and lists every problem at once.</summary>
internal static class OptionsValidation
{
    public static IReadOnlyList<string> Collect(UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Add(options, string.Empty, errors);
        if (options.Retry is null)
        {
            errors.Add("Retry: must not be null.");
        }
        else
        {
            Add(options.Retry, "Retry.", errors);
            if (options.Retry.MaxDelay < options.Retry.BaseDelay)
            {
                errors.Add("Retry.MaxDelay: must not be shorter than Retry.BaseDelay.");
            }
        }

        return errors;
    }

    public static void ThrowIfInvalid(UploadOptions options) => Throw("Invalid upload options:", Collect(options));

    public static void ThrowIfInvalid(BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Add(options, string.Empty, errors);
        if (options.ProgressInterval < TimeSpan.Zero)
        {
            errors.Add("ProgressInterval: must not be negative.");
        }

        if (options.BatchId is { Length: 0 })
        {
            errors.Add("BatchId: must not be empty (null records nothing).");
        }

        Throw("Invalid batch options:", errors);
    }

    private static void Throw(string title, IReadOnlyList<string> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var message = new StringBuilder(title);
        foreach (var error in errors)
        {
            message.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {error}");
        }

        throw new ValidationException(message.ToString());
    }

    private static void Add(object instance, string prefix, List<string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var member = result.MemberNames.FirstOrDefault() ?? "?";
            errors.Add($"{prefix}{member}: {result.ErrorMessage}");
        }
    }
}
