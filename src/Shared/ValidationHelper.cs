using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ResumableUpload.Shared;

/// <summary>
/// Options that validate one way (as Polly's <c>ValidationHelper</c>): the DataAnnotations on the type, then the rules
/// that span several properties, every problem listed in one <see cref="ValidationException"/>.
/// </summary>
internal interface IValidatedOptions
{
    /// <summary>Gets the first line of the exception, such as "Invalid upload options:".</summary>
    string ValidationTitle { get; }

    /// <summary>Adds the problems no DataAnnotation expresses (rules across properties, nested options).</summary>
    /// <param name="problems">The list to add to, one "Member: problem" a line.</param>
    void AddRuleProblems(List<string> problems);
}

/// <summary>The one validation helper of every package (each compiles its own copy of this file).</summary>
internal static class ValidationHelper
{
    /// <summary>Lists every problem of <paramref name="options"/>: its DataAnnotations, then its rules.</summary>
    public static List<string> Problems(IValidatedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        AddAnnotationProblems(options, problems);
        options.AddRuleProblems(problems);
        return problems;
    }

    /// <summary>Adds the DataAnnotations problems of <paramref name="instance"/>, each as "prefix + member: message".</summary>
    public static void AddAnnotationProblems(object instance, List<string> problems, string prefix = "")
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        foreach (var result in results)
        {
            problems.Add($"{prefix}{result.MemberNames.FirstOrDefault() ?? "?"}: {result.ErrorMessage}");
        }
    }

    /// <summary>
    /// Registers <typeparamref name="TOptions"/> configured by <paramref name="configure"/> alone (a later registration
    /// replaces an earlier one) and checked with this helper at host start.
    /// </summary>
    public static void AddValidatedOptions<TOptions>(IServiceCollection services, Action<TOptions> configure)
        where TOptions : class, IValidatedOptions
    {
        services.RemoveAll<IConfigureOptions<TOptions>>();
        services.AddOptions<TOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ValidatedOptionsValidator<TOptions>>());
    }

    /// <summary>Throws one exception listing every problem of <paramref name="options"/>, if it has any.</summary>
    /// <exception cref="ValidationException">One or more options are invalid.</exception>
    public static void ThrowIfInvalid(IValidatedOptions options) => ThrowIfAny(options.ValidationTitle, Problems(options));

    /// <summary>Throws one exception with <paramref name="title"/> and a line a problem, if there are any.</summary>
    /// <exception cref="ValidationException">There are problems.</exception>
    public static void ThrowIfAny(string title, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder(title);
        foreach (var problem in problems)
        {
            message.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {problem}");
        }

        throw new ValidationException(message.ToString());
    }
}

/// <summary>Checks options registered in DI with <see cref="ValidationHelper"/>, so that with <c>ValidateOnStart</c> a bad option fails at host start.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed class ValidatedOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var problems = ValidationHelper.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
