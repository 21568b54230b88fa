using Camstreamd.Authentication;
using Camstreamd.Configuration;
using Camstreamd.Privacy;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>
/// <c>POST /privacy</c> with the body <c>on</c> or <c>off</c>: privacy from a phone or a home-automation rule, as the
/// GPIO switch does it. Only with <c>Auth:Users</c> set (the middleware has then checked the user; tokens are read-only
/// and never reach here): without authentication anyone on the network could turn the camera back on.
/// </summary>
internal sealed class PrivacyEndpoint
{
    /// <summary>"on" or "off" and a newline fit many times over; a larger body is not a privacy request.</summary>
    private const int MaxBodyBytes = 64;

    private readonly PrivacyMode _privacy;
    private readonly SettingsStore _settings;

    public PrivacyEndpoint(PrivacyMode privacy, SettingsStore settings)
    {
        _privacy = privacy;
        _settings = settings;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!_settings.Current.Auth.IsEnabled)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "POST /privacy needs authentication: set Auth:Users (see camstreamd hash-password); without it anyone on the network could turn the camera on");
            return;
        }

        // A browser holding Basic credentials for the camera would send them with a cross-site form post too.
        if (IsCrossSite(context.Request))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "cross-site request refused: the Origin header names another site");
            return;
        }

        string? body = await ReadBodyAsync(context);
        bool? on = body?.Trim().ToLowerInvariant() switch
        {
            "on" => true,
            "off" => false,
            _ => null,
        };
        if (on is not bool wanted)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, "the body must be 'on' or 'off'");
            return;
        }

        string who = $"POST /privacy by {AuthenticationMiddleware.UserOf(context) ?? "?"} from {HttpErrors.AddressOf(context)}";
        bool changed = _privacy.Set(wanted, who);
        string state = wanted ? "on" : "off";
        await HttpErrors.WriteAsync(context, StatusCodes.Status200OK, changed ? $"privacy {state}" : $"privacy was already {state}");
    }

    private static bool IsCrossSite(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string?> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        byte[] buffer = new byte[MaxBodyBytes + 1];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        return length > MaxBodyBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
