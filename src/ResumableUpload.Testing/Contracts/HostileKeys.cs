namespace ResumableUpload.Testing;

/// <summary>Object keys that break naive stores: quoting, line breaks, non-ASCII text, path tricks, the maximum length.</summary>
internal static class HostileKeys
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["quotes"] = "it's a \"quoted\" key with `backticks`; DROP TABLE parts; --",
        ["newlines"] = "line one\nline two\r\nline three\ttabbed\0nul",
        ["unicode"] = "données/日本語/emoji-😀/rtl-שלום/combining-e\u0301",
        ["path-tricks"] = "../../etc/passwd/./%2e%2e/C:\\Windows\\{hash}*?[x]",
        ["redis-like"] = "rupload:{0123456789abcdef0123456789abcdef}:lease",
        ["1024-bytes"] = new string('k', 1000) + "/" + new string('é', 11) + "x",
    };

    public static IEnumerable<string> Names => Keys.Keys;

    public static string Get(string name) => Keys[name];
}
