using System.Globalization;
using ResumableUpload.Cli.Output.Json;
using Spectre.Console;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// What <c>rupload status</c> shows: a table on a terminal, the stable lines otherwise (one per upload, then one per
/// unfinished batch; README, "Status and list lines"), or one JSON result.
/// </summary>
internal static class StatusView
{
    public static void Write(CliContext cli, string store, IReadOnlyList<CheckpointEntry> uploads, IReadOnlyList<BatchCheckpoint> batches)
    {
        if (cli.Json)
        {
            Json(cli.Out, store, uploads, batches);
        }
        else if (cli.OutIsTerminal)
        {
            Table(cli.OutConsole(), cli.Out, store, uploads, batches);
        }
        else
        {
            Lines(cli.Out, store, uploads, batches);
        }
    }

    private static void Lines(TextWriter output, string store, IReadOnlyList<CheckpointEntry> uploads, IReadOnlyList<BatchCheckpoint> batches)
    {
        foreach (var entry in uploads)
        {
            if (entry.Checkpoint is not { } checkpoint)
            {
                output.WriteLine($"{entry.Key}  unreadable: {entry.Problem}");
                continue;
            }

            var h = checkpoint.Header;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{entry.Key}  {h.Source.Path} -> {h.TargetIdentity} {h.Location}  parts {checkpoint.Parts.Count}/{h.PartCount}  {Done(checkpoint)}  upload {h.UploadId}  started {h.CreatedAt:u}"));
        }

        if (uploads.Count == 0)
        {
            output.WriteLine($"No interrupted uploads in {store}.");
        }

        foreach (var batch in batches)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch.BatchId}{Destination(batch, " ")}  files done {batch.FilesDone} ({ByteFormat.Size(batch.BytesDone)})  started {batch.CreatedAt:u}"));
        }

        if (batches.Count > 0)
        {
            output.WriteLine(Advice(batches.Count));
        }
    }

    /// <summary>The tables; sentences go to the writer as they are, so a terminal never wraps them mid-path.</summary>
    private static void Table(IAnsiConsole console, TextWriter output, string store, IReadOnlyList<CheckpointEntry> uploads, IReadOnlyList<BatchCheckpoint> batches)
    {
        if (uploads.Count == 0)
        {
            output.WriteLine($"No interrupted uploads in {store}.");
        }
        else
        {
            var table = new Table().Title($"Interrupted uploads in {Markup.Escape(store)}").AddColumns("Source", "Destination", "Parts", "Done", "Started");
            table.Columns[2].RightAligned();
            foreach (var entry in uploads)
            {
                if (entry.Checkpoint is not { } checkpoint)
                {
                    table.AddRow(new Text(entry.Key.ToString()), new Text("unreadable: " + entry.Problem), Text.Empty, Text.Empty, Text.Empty);
                    continue;
                }

                var h = checkpoint.Header;
                table.AddRow(
                    new Text(h.Source.Path),
                    new Text($"{h.TargetIdentity} {h.Location}"),
                    new Text(string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Parts.Count}/{h.PartCount}")),
                    new Text(Done(checkpoint)),
                    new Text(h.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            }

            console.Write(table);
        }

        if (batches.Count > 0)
        {
            var table = new Table().Title("Unfinished batches").AddColumns("Batch", "Destination", "Files done", "Started");
            foreach (var batch in batches)
            {
                table.AddRow(
                    new Text(batch.BatchId),
                    new Text(Destination(batch, string.Empty)),
                    new Text(string.Create(CultureInfo.InvariantCulture, $"{batch.FilesDone} ({ByteFormat.Size(batch.BytesDone)})")),
                    new Text(batch.CreatedAt.ToString("u", CultureInfo.InvariantCulture)));
            }

            console.Write(table);
            output.WriteLine(Advice(batches.Count));
        }
    }

    private static void Json(TextWriter output, string store, IReadOnlyList<CheckpointEntry> uploads, IReadOnlyList<BatchCheckpoint> batches)
        => JsonLine.Result(output, "status", json =>
        {
            json.WriteString("store", store);
            json.WriteArray("uploads", uploads, (j, entry) =>
            {
                j.WriteString("checkpoint", entry.Key.ToString());
                if (entry.Checkpoint is not { } checkpoint)
                {
                    j.WriteString("problem", entry.Problem);
                    return;
                }

                var h = checkpoint.Header;
                j.WriteString("source", h.Source.Path);
                j.WriteString("target", h.TargetIdentity);
                j.WriteString("location", h.Location.ToString());
                j.WriteNumber("parts", checkpoint.Parts.Count);
                j.WriteNumber("totalParts", h.PartCount);
                j.WriteNumber("bytes", checkpoint.CompletedBytes);
                j.WriteNumber("totalBytes", h.Source.Length);
                j.WriteString("uploadId", h.UploadId);
                j.WriteString("started", h.CreatedAt);
            });
            json.WriteArray("batches", batches, (j, batch) =>
            {
                j.WriteString("batch", batch.BatchId);
                j.WriteString("destination", Destination(batch, string.Empty));
                j.WriteNumber("filesDone", batch.FilesDone);
                j.WriteNumber("bytesDone", batch.BytesDone);
                j.WriteString("started", batch.CreatedAt);
            });
        });

    private static string Done(UploadCheckpoint checkpoint)
    {
        var length = checkpoint.Header.Source.Length;
        var percent = length == 0 ? 100 : 100.0 * checkpoint.CompletedBytes / length;
        return string.Create(CultureInfo.InvariantCulture, $"{ByteFormat.Size(checkpoint.CompletedBytes)} of {ByteFormat.Size(length)} ({percent:0.0}%)");
    }

    // The batch id of the CLI's own batches is "<base directory> -> <destination prefix>"; a library batch may record its destination apart.
    private static string Destination(BatchCheckpoint batch, string lead)
        => batch.Destination.Bucket.Length == 0 && batch.Destination.Key.Length == 0 ? string.Empty : $"{lead}{batch.TargetIdentity} {batch.Destination}";

    private static string Advice(int count) => string.Create(
        CultureInfo.InvariantCulture,
        $"{count} unfinished batch(es): run the same upload command again to finish (done files are skipped), or rupload abort <directory> <destination-prefix>/ to drop one.");
}
