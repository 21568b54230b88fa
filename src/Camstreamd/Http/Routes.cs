using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Camstreamd.Http;

/// <summary>
/// The URL contract. The aliases are the ones OctoPrint, Home Assistant and mjpg-streamer users
/// already have in their configuration (<c>/?action=stream</c>, <c>/stream.mjpg</c>, ...).
/// </summary>
internal static class Routes
{
    /// <summary>The stream's paths, mapped here and served straight from the socket by <see cref="DirectStreamMiddleware"/>.</summary>
    public static readonly IReadOnlyList<string> StreamPaths = ["/stream", "/stream.mjpg"];

    /// <summary>mjpg-streamer's <c>/?action=stream</c>, also served by the direct path.</summary>
    public const string StreamAction = "stream";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (string path in StreamPaths)
        {
            MapGet(app, path, c => Service<StreamEndpoint>(c).HandleAsync(c));
        }

        MapGet(app, "/stream.gif", c => Service<GifStreamEndpoint>(c).HandleAsync(c));
        MapGet(app, "/snapshot", c => Service<SnapshotEndpoint>(c).HandleAsync(c));
        MapGet(app, "/snapshot.jpg", c => Service<SnapshotEndpoint>(c).HandleAsync(c));
        MapGet(app, "/state", c => Service<StateEndpoint>(c).HandleAsync(c));
        MapGet(app, "/healthz", c => Service<HealthEndpoint>(c).HandleAsync(c));
        MapGet(app, "/metrics", c => Service<MetricsEndpoint>(c).HandleAsync(c));
        MapGet(app, "/", Root);
        app.MapMethods("/privacy", [HttpMethods.Post], c => Service<PrivacyEndpoint>(c).HandleAsync(c));
        app.MapMethods("/privacy", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch], c =>
        {
            c.Response.Headers.Allow = "POST";
            return HttpErrors.WriteAsync(c, StatusCodes.Status405MethodNotAllowed, $"{c.Request.Method} is not allowed here; POST on or off (/state shows privacy)");
        });
        app.Map("{**path}", c => HttpErrors.WriteAsync(c, StatusCodes.Status404NotFound, $"no such page: {c.Request.Path}; try /, /stream, /stream.gif, /snapshot, /state, /healthz or /metrics"));
    }

    /// <summary><c>/</c> is the viewer page, or mjpg-streamer's <c>/?action=stream|snapshot</c>.</summary>
    private static Task Root(HttpContext context)
    {
        string? action = context.Request.Query["action"];
        return action switch
        {
            null => Service<ViewerPageEndpoint>(context).HandleAsync(context),
            StreamAction => Service<StreamEndpoint>(context).HandleAsync(context),
            "snapshot" => Service<SnapshotEndpoint>(context).HandleAsync(context),
            _ => HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, $"unknown action '{action}'; allowed: stream, snapshot"),
        };
    }

    private static void MapGet(IEndpointRouteBuilder app, string pattern, RequestDelegate handler)
    {
        app.MapMethods(pattern, GetAndHead, handler);
        app.MapMethods(pattern, [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch], c =>
        {
            c.Response.Headers.Allow = "GET, HEAD";
            return HttpErrors.WriteAsync(c, StatusCodes.Status405MethodNotAllowed, $"{c.Request.Method} is not allowed here; use GET or HEAD");
        });
    }

    private static T Service<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();
}
