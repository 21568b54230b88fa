using Camstreamd.Http;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Authentication;

/// <summary>
/// Kestrel's side of authentication: runs before every endpoint (the direct stream path checks the same
/// <see cref="Authenticator"/> itself). An endpoint that wants to know who asked reads <see cref="UserOf"/>.
/// </summary>
internal sealed class AuthenticationMiddleware
{
    private static readonly object UserKey = new();

    private readonly Authenticator _authenticator;

    public AuthenticationMiddleware(Authenticator authenticator)
    {
        _authenticator = authenticator;
    }

    /// <summary>
    /// Who made the request: a user name, <c>token NAME</c>, or null when authentication is off (everyone may do
    /// everything) or for <c>/healthz</c>. Every endpoint but <c>/healthz</c> is reached only authenticated when it is on.
    /// </summary>
    public static string? UserOf(HttpContext context) => context.Items.TryGetValue(UserKey, out object? user) ? user as string : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        HttpRequest request = context.Request;
        Access access = _authenticator.IsEnabled ? AccessRules.For(request.Method, request.Path.Value ?? "/", request.Query["action"]) : Access.Anonymous;
        if (access == Access.Anonymous)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        AuthDecision decision = await _authenticator.AuthenticateAsync(
            request.Headers.Authorization.Count == 1 ? request.Headers.Authorization.ToString() : null,
            request.Query[AccessRules.TokenParameter].Count == 1 ? request.Query[AccessRules.TokenParameter].ToString() : null,
            access == Access.UserOrToken,
            context.Connection.RemoteIpAddress,
            context.RequestAborted).ConfigureAwait(false);
        switch (decision.Outcome)
        {
            case AuthOutcome.Allowed:
                context.Items[UserKey] = decision.Identity;
                await next(context).ConfigureAwait(false);
                return;
            case AuthOutcome.Challenge:
                context.Response.Headers.WWWAuthenticate = AuthResponses.Challenge;
                await HttpErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, AuthResponses.ChallengeReason).ConfigureAwait(false);
                return;
            case AuthOutcome.LockedOut:
                context.Response.Headers.RetryAfter = AuthResponses.RetryAfter(decision.RetryAfter);
                await HttpErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, AuthResponses.LockedOutReason).ConfigureAwait(false);
                return;
            default:
                context.Response.Headers.RetryAfter = AuthResponses.RetryAfter(decision.RetryAfter);
                await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, AuthResponses.BusyReason).ConfigureAwait(false);
                return;
        }
    }
}
