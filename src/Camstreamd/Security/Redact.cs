using System.Text;

namespace Camstreamd.Security;

/// <summary>
/// The one place that hides the secrets a URL may carry before it is shown (log, /state, /metrics, an
/// error message, the STATUS line): the password in <c>user:password@</c>, every query value
/// (<c>?user=***&amp;pass=***</c>, as MediaMTX and SRS take credentials) and, for RTMP, the stream key
/// (everything after the application name: <c>rtmp://host/live/***</c>). Works on text too broken to parse.
/// </summary>
internal static class Redact
{
    public const string Hidden = "***";

    private const string SchemeSeparator = "://";

    /// <summary><paramref name="url"/> (one URL, maybe malformed) with its secrets replaced by <see cref="Hidden"/>.</summary>
    public static string Url(string url) => Url(url, secrets: null);

    /// <summary>The secrets <see cref="Url"/> hides in <paramref name="url"/>, as written (escaped or not), longest first.</summary>
    public static IReadOnlyList<string> SecretsOf(string url)
    {
        List<string> secrets = new();
        Url(url, secrets);
        return [.. secrets.Where(secret => secret.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(secret => secret.Length)];
    }

    /// <summary>
    /// <paramref name="text"/> (a command line, a line a program wrote, a configuration value) with every URL
    /// in it redacted by <see cref="Url"/>; a URL runs from its scheme to the next space or quote.
    /// </summary>
    public static string UrlsIn(string text)
    {
        int separator = text.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (separator < 0)
        {
            return text;
        }

        StringBuilder result = new(text.Length);
        int done = 0;
        while (separator >= 0)
        {
            int start = separator;
            while (start > done && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '-' or '.'))
            {
                start--;
            }

            int end = text.IndexOfAny([' ', '\t', '\n', '\r', '\'', '"', '<', '>'], separator);
            end = end < 0 ? text.Length : end;

            // "rtmp://host/live/key: Connection refused": the colon ends the sentence, not the key.
            while (end > separator + SchemeSeparator.Length && text[end - 1] is ':' or ',' or ';' or '.' or ')')
            {
                end--;
            }

            result.Append(text, done, start - done).Append(Url(text[start..end]));
            done = end;
            separator = text.IndexOf(SchemeSeparator, done, StringComparison.Ordinal);
        }

        return result.Append(text, done, text.Length - done).ToString();
    }

    private static string Url(string url, List<string>? secrets)
    {
        // Without a scheme (a URL mistyped), the text is taken as starting with its authority.
        int separator = url.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        string scheme = separator < 0 ? "" : url[..separator].ToLowerInvariant();
        int start = separator < 0 ? 0 : separator + SchemeSeparator.Length;
        int authorityEnd = url.IndexOfAny(['/', '?', '#'], start);
        authorityEnd = authorityEnd < 0 ? url.Length : authorityEnd;
        string authority = url[start..authorityEnd];
        int at = authority.LastIndexOf('@');
        int colon = at < 0 ? -1 : authority.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon < at)
        {
            secrets?.Add(authority[(colon + 1)..at]);
            authority = string.Concat(authority.AsSpan(0, colon + 1), Hidden, authority.AsSpan(at));
        }

        string rest = url[authorityEnd..];
        int fragment = rest.IndexOf('#', StringComparison.Ordinal);
        string tail = fragment < 0 ? "" : rest[fragment..];
        rest = fragment < 0 ? rest : rest[..fragment];
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        string path = question < 0 ? rest : rest[..question];
        string query = question < 0 ? "" : "?" + Query(rest[(question + 1)..], secrets);
        return string.Concat(url[..start], authority, IsRtmp(scheme) ? RtmpPath(path, secrets) : path, query, tail);
    }

    // rtmp, rtmps and ffmpeg's rtmpt, rtmpe, rtmpte, rtmpts: all carry the stream key in the path.
    private static bool IsRtmp(string scheme) => scheme.StartsWith("rtmp", StringComparison.Ordinal);

    /// <summary><c>/app/key...</c> becomes <c>/app/***</c>; a path of the application alone has no key.</summary>
    private static string RtmpPath(string path, List<string>? secrets)
    {
        int slash = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        if (slash < 0 || slash == path.Length - 1)
        {
            return path;
        }

        secrets?.Add(path[(slash + 1)..]);
        return string.Concat(path.AsSpan(0, slash + 1), Hidden);
    }

    /// <summary><c>a=1&amp;b=2</c> becomes <c>a=***&amp;b=***</c>; a parameter without a name (<c>?TOKEN</c>) is hidden whole.</summary>
    private static string Query(string query, List<string>? secrets) => string.Join('&', query.Split('&').Select(parameter =>
    {
        if (parameter.Length == 0)
        {
            return parameter;
        }

        int equals = parameter.IndexOf('=', StringComparison.Ordinal);
        secrets?.Add(parameter[(equals + 1)..]);
        return equals < 0 ? Hidden : string.Concat(parameter.AsSpan(0, equals + 1), Hidden);
    }));
}
