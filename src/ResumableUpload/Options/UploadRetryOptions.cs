using System.ComponentModel.DataAnnotations;

namespace ResumableUpload;

/// <summary>How a request to the target is retried. Only errors the target marks transient are retried.</summary>
public sealed class UploadRetryOptions
{
    /// <summary>Gets or sets the number of retries after the first attempt.</summary>
    /// <value>The default is 5. Zero disables retries.</value>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>Gets or sets the delay before the first retry; later retries back off exponentially.</summary>
    /// <value>The default is 200 milliseconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets a value indicating whether delays are randomised so that parallel parts do not retry in lockstep.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseJitter { get; set; } = true;
}
