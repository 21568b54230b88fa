using Camstreamd.Http;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Authentication;

/// <summary>
/// Which requests need what, in one place for the Kestrel pipeline and the direct stream path. Deny by default: a path
/// not named here needs a user, so a new endpoint (a <c>POST</c> that changes something) is protected without a word;
/// tokens are read-only and only open <c>GET</c>/<c>HEAD</c> of the stream and snapshot endpoints and their aliases.
/// </summary>
internal static class AccessRules
{
    public const string HealthPath = "/healthz";

    public const string TokenParameter = "token";

    private static readonly string[] TokenPaths = [.. Routes.StreamPaths, "/stream.gif", "/snapshot", "/snapshot.jpg"];

    /// <summary>What a <paramref name="method"/> request for <paramref name="path"/> (with mjpg-streamer's <c>?action=</c>, or null) must show.</summary>
    public static Access For(string method, string path, string? action)
    {
        if (path == HealthPath)
        {
            return Access.Anonymous;
        }

        bool readOnly = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        bool tokenPath = TokenPaths.Contains(path, StringComparer.Ordinal) || (path == "/" && action is Routes.StreamAction or "snapshot");
        return readOnly && tokenPath ? Access.UserOrToken : Access.User;
    }
}
