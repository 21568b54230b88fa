using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Camstreamd.Http;

/// <summary>What every stream endpoint on the Kestrel path does before streaming: <c>?fps=</c>, <c>HEAD</c>, the viewer limit.</summary>
internal static class StreamAdmission
{
    /// <summary>
    /// Answers a bad <c>?fps=</c> (400), a <c>HEAD</c> (the stream's headers) or a full server (503) and returns
    /// null; otherwise admits a viewer of <paramref name="kind"/>, sets the stream's headers and turns off response buffering.
    /// </summary>
    public static async Task<StreamClient?> AdmitAsync(HttpContext context, StreamSessions sessions, string kind, string contentType)
    {
        if (!StreamSessions.TryParseFps(context.Request.Query["fps"], out double? fpsLimit, out string? error))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return null;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            StreamHeaders.Apply(context.Response, contentType);
            return null;
        }

        StreamClient? client = sessions.TryAdmit(HttpErrors.AddressOf(context), kind, fpsLimit, out ViewerRefusal? refusal);
        if (client is null)
        {
            context.Response.Headers.RetryAfter = StreamHeaders.RetryAfterWhenRefused;
            await HttpErrors.WriteAsync(context, StreamHeaders.StatusWhenRefused(refusal!), refusal!.Reason).ConfigureAwait(false);
            return null;
        }

        client.OnAbort(context.Abort);
        StreamHeaders.Apply(context.Response, contentType);
        // Each frame goes out as soon as it is written, never held back to fill a buffer.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        return client;
    }
}
