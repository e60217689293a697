using System.ComponentModel.DataAnnotations;

namespace ResumableUpload.Orleans;

/// <summary>How a silo's worker pulls work.</summary>
public sealed class UploadWorkerOptions
{
    /// <summary>Gets or sets whether this silo uploads; <see langword="false"/> hosts job grains only (a coordinator silo).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many work items this silo runs at once (they share the silo's one engine).</summary>
    /// <value>The default is 2; the range is 1 to 256.</value>
    [Range(1, 256)]
    public int ItemsInFlight { get; set; } = 2;

    /// <summary>Gets or sets how long the worker waits before asking again when no job has work for it.</summary>
    /// <value>The default is 1 second; the range is 10 milliseconds to 1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how often a job grain wakes itself (an Orleans reminder) to re-drive a job nobody calls.</summary>
    /// <value>
    /// The default is 1 minute, Orleans' default <c>ReminderOptions.MinimumReminderPeriod</c>; the range is 1 second to
    /// 1 day, and a period below the silo's <c>MinimumReminderPeriod</c> is refused when the job is submitted.
    /// </value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
