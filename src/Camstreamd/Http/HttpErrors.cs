using System.Globalization;
using System.Net;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>Plain-text error responses that say why, and the client address as logs show it.</summary>
internal static class HttpErrors
{
    /// <summary>The content type of every error answer.</summary>
    public const string ContentType = "text/plain; charset=utf-8";

    public static Task WriteAsync(HttpContext context, int statusCode, string? reason)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        NoCache.Apply(context.Response);
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.WriteAsync(Body(statusCode, reason), context.RequestAborted);
    }

    /// <summary>The body of every error answer, from Kestrel or the direct stream path: the status code and why, one line.</summary>
    public static string Body(int statusCode, string? reason) =>
        string.Create(CultureInfo.InvariantCulture, $"{statusCode} {reason}\n");

    public static string AddressOf(HttpContext context)
    {
        ConnectionInfo connection = context.Connection;
        return ClientAddress.Of(connection.RemoteIpAddress, connection.RemotePort);
    }

    /// <summary>The same "ip:port" for a connection seen below HTTP (the direct stream path), so logs and /state agree.</summary>
    public static string AddressOf(EndPoint? endPoint) => ClientAddress.Of(endPoint);
}
