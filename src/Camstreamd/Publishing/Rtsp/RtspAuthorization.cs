using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// The <c>Authorization</c> header for an RTSP server's challenge (<c>WWW-Authenticate</c>, RFC 2326 §D.2 with
/// HTTP's schemes): Digest (RFC 2617, MD5, with or without <c>qop=auth</c>) where the server offers it, else
/// Basic. What ffmpeg itself would send for <c>user:password@</c> in its URL.
/// </summary>
internal sealed partial class RtspAuthorization
{
    private readonly string _user;
    private readonly string _password;
    private readonly Dictionary<string, string>? _digest;
    private int _nonceCount;

    private RtspAuthorization(string user, string password, Dictionary<string, string>? digest)
    {
        _user = user;
        _password = password;
        _digest = digest;
    }

    /// <summary>
    /// The answer to a 401's challenges, or null when none is Digest or Basic. <paramref name="userInfo"/> is the
    /// URL's <c>user:password</c>, percent-encoded as written.
    /// </summary>
    public static RtspAuthorization? For(IEnumerable<string> challenges, string userInfo)
    {
        int colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        string user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        string password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        string[] offered = [.. challenges];
        if (offered.FirstOrDefault(c => c.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) is string digest)
        {
            Dictionary<string, string> parameters = Parameter().Matches(digest["Digest ".Length..])
                .ToDictionary(match => match.Groups["name"].Value.ToLowerInvariant(), match => match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value);
            return parameters.ContainsKey("nonce") ? new RtspAuthorization(user, password, parameters) : null;
        }

        return offered.Any(c => c.StartsWith("Basic", StringComparison.OrdinalIgnoreCase)) ? new RtspAuthorization(user, password, null) : null;
    }

    /// <summary>The header value for a request of <paramref name="method"/> to <paramref name="uri"/>.</summary>
    public string HeaderFor(string method, string uri) => HeaderFor(method, uri, RandomNumberGenerator.GetHexString(16, lowercase: true));

    /// <summary>As <see cref="HeaderFor(string, string)"/> with the client nonce given: for tests against RFC 2617's example.</summary>
    public string HeaderFor(string method, string uri, string clientNonce)
    {
        if (_digest is null)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{_password}"));
        }

        string realm = _digest.GetValueOrDefault("realm", "");
        string nonce = _digest["nonce"];
        string ha1 = Md5($"{_user}:{realm}:{_password}");
        string ha2 = Md5($"{method}:{uri}");
        bool qopAuth = _digest.TryGetValue("qop", out string? qop) && qop.Split(',').Any(q => q.Trim() == "auth");
        StringBuilder header = new($"Digest username=\"{_user}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\"");
        if (qopAuth)
        {
            string count = (++_nonceCount).ToString("x8", CultureInfo.InvariantCulture);
            header.Append(CultureInfo.InvariantCulture, $", qop=auth, nc={count}, cnonce=\"{clientNonce}\", response=\"{Md5($"{ha1}:{nonce}:{count}:{clientNonce}:auth:{ha2}")}\"");
        }
        else
        {
            header.Append(CultureInfo.InvariantCulture, $", response=\"{Md5($"{ha1}:{nonce}:{ha2}")}\"");
        }

        if (_digest.TryGetValue("opaque", out string? opaque))
        {
            header.Append(CultureInfo.InvariantCulture, $", opaque=\"{opaque}\"");
        }

        if (_digest.TryGetValue("algorithm", out string? algorithm))
        {
            header.Append(CultureInfo.InvariantCulture, $", algorithm={algorithm}");
        }

        return header.ToString();
    }

    // RFC 2617 fixes MD5 for Digest; it protects the password on the wire as the protocol defines, nothing more.
#pragma warning disable CA5351
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    [GeneratedRegex("""(?<name>[A-Za-z-]+)\s*=\s*(?:"(?<quoted>[^"]*)"|(?<plain>[^\s,]+))""")]
    private static partial Regex Parameter();
}
