using System.Globalization;
using ResumableUpload.Cli.Output.Json;
using Spectre.Console;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// What <c>rupload list</c> shows: a table on a terminal, otherwise the stable lines
/// <c>&lt;started, u format&gt;  &lt;upload id&gt;  &lt;location&gt;</c>, or one JSON result. The count goes to stderr.
/// </summary>
internal static class PendingUploadsView
{
    public static void Write(CliContext cli, string destination, IReadOnlyList<PendingUpload> uploads)
    {
        if (cli.Json)
        {
            JsonLine.Result(cli.Out, "list", json =>
            {
                json.WriteString("destination", destination);
                json.WriteArray("uploads", uploads, (j, upload) =>
                {
                    j.WriteString("started", upload.InitiatedAt);
                    j.WriteString("uploadId", upload.UploadId);
                    j.WriteString("location", upload.Location.ToString());
                });
            });
            return;
        }

        if (cli.OutIsTerminal && uploads.Count > 0)
        {
            var table = new Table().AddColumns("Started", "Upload id", "Object");
            foreach (var upload in uploads)
            {
                table.AddRow(new Text(upload.InitiatedAt.ToString("u", CultureInfo.InvariantCulture)), new Text(upload.UploadId), new Text(upload.Location.ToString()));
            }

            cli.OutConsole().Write(table);
        }
        else
        {
            foreach (var upload in uploads)
            {
                cli.Out.WriteLine(Line(upload));
            }
        }

        cli.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{uploads.Count} upload(s) in progress under {destination}"));
    }

    /// <summary>One upload as <c>list</c> and <c>sweep</c> print it.</summary>
    public static string Line(PendingUpload upload)
        => string.Create(CultureInfo.InvariantCulture, $"{upload.InitiatedAt:u}  {upload.UploadId}  {upload.Location}");
}
