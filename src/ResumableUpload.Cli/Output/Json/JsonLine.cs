using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResumableUpload.Cli.Output.Json;

/// <summary>
/// <c>--json</c>: one JSON object per line on stdout, each with an <c>event</c> (<c>progress</c>, <c>result</c> or
/// <c>error</c>), camelCase names, sizes in bytes, durations in seconds (README, "Machine-readable output").
/// </summary>
internal static class JsonLine
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, string eventName, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("event", eventName);
            body(json);
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        lock (output)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>The result of a command: <c>{"event":"result","command":…,…}</c>.</summary>
    public static void Result(TextWriter output, string command, Action<Utf8JsonWriter> body)
        => Write(output, "result", json =>
        {
            json.WriteString("command", command);
            body(json);
        });

    public static void Error(TextWriter output, int exitCode, string message)
        => Write(output, "error", json =>
        {
            json.WriteNumber("exitCode", exitCode);
            json.WriteString("message", message);
        });

    public static void WriteSeconds(this Utf8JsonWriter json, string name, TimeSpan? span)
    {
        if (span is { } s)
        {
            json.WriteNumber(name, Math.Round(s.TotalSeconds, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteArray<T>(this Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> item)
    {
        json.WriteStartArray(name);
        foreach (var value in items)
        {
            json.WriteStartObject();
            item(json, value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
