using System.CommandLine;
using System.Globalization;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Commands;

/// <summary>
/// The source of <c>rupload upload</c>: a file, <c>-</c> (stdin, a stream of unknown length, resumable by replaying
/// the same pipeline) or an <c>http(s)://</c> URL served with Range (reopened where a resume starts).
/// </summary>
internal static class UploadSources
{
    /// <summary>Whether the source is stdin.</summary>
    public static bool IsStdin(string source) => source == "-";

    public static bool IsUrl(string source)
        => source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds the request's source, rejecting stream options where they mean nothing.</summary>
    public static (UploadSource Source, string Display) Parse(string source, UploadSymbols symbols, ParseResult parse, CliContext cli)
    {
        if (IsStdin(source))
        {
            return (new StreamSource(cli.OpenInput())
            {
                LengthHint = parse.GetValue(symbols.SizeHint),
                ExpectedLength = parse.GetValue(symbols.ExpectSize),
                Name = parse.GetValue(symbols.StreamName),
                CompleteAtEnd = !parse.GetValue(symbols.NoCompleteOnEof),
            }, "stdin");
        }

        foreach (var option in new Option[] { symbols.SizeHint, symbols.ExpectSize, symbols.NoCompleteOnEof })
        {
            if (CliOptions.Given(parse, option))
            {
                throw new UsageException($"{option.Name} applies only to stdin (-); a file's or a URL's length is known.");
            }
        }

        if (IsUrl(source))
        {
            if (!Uri.TryCreate(source, UriKind.Absolute, out var uri))
            {
                throw new UsageException($"'{source}' is not a valid URL.");
            }

            // The display and the checkpoint name drop the query: a presigned URL's signature is a credential.
            var http = new HttpRangeSource(uri, identity: parse.GetValue(symbols.StreamName));
            return (http, http.Identity);
        }

        if (CliOptions.Given(parse, symbols.StreamName))
        {
            throw new UsageException("--stream-name applies only to stdin (-) or a URL; a file is named by its path.");
        }

        var path = Path.GetFullPath(source);
        return (new FileSource(path), path);
    }

    /// <summary>The line that says what a replay found already sent, or <see langword="null"/>.</summary>
    public static string? Verified(UploadSource source, UploadResult result)
        => source is StreamSource && result.ResumedParts > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{result.ResumedParts} parts verified, not sent ({result.ResumedBytes} bytes matched the checkpoint)")
            : null;
}
