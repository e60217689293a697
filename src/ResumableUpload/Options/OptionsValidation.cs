using ResumableUpload.Shared;

namespace ResumableUpload.Validation;

/// <summary>The checks of <see cref="BatchOptions"/>, on the one <see cref="ValidationHelper"/>.</summary>
internal static class OptionsValidation
{
    public static void ThrowIfInvalid(BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        ValidationHelper.AddAnnotationProblems(options, problems);
        if (options.ProgressInterval < TimeSpan.Zero)
        {
            problems.Add("ProgressInterval: must not be negative.");
        }

        if (options.BatchId is { Length: 0 })
        {
            problems.Add("BatchId: must not be empty (null records nothing).");
        }

        ValidationHelper.ThrowIfAny("Invalid batch options:", problems);
    }
}
