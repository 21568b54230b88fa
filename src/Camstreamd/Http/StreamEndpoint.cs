using System.Net.Sockets;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>
/// <c>GET /stream</c> through Kestrel's HTTP pipeline. Most stream connections never get here: the
/// <see cref="DirectStreamMiddleware"/> serves a connection whose first request is a stream straight
/// from the socket. This path serves a stream requested on a connection that carried other requests
/// first (a browser fetching the page, then its image over the same keep-alive connection).
/// </summary>
internal sealed class StreamEndpoint
{
    private readonly StreamSessions _sessions;

    public StreamEndpoint(StreamSessions sessions)
    {
        _sessions = sessions;
    }

    public async Task HandleAsync(HttpContext context)
    {
        StreamClient? client = await StreamAdmission.AdmitAsync(context, _sessions, ViewerKind.Mjpeg, MultipartFormat.ContentType).ConfigureAwait(false);
        if (client is null)
        {
            return;
        }

        Socket? socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        SendBufferPolicy.ForNewViewer(socket, _sessions.NewestFrameLength);
        PipePartSink sink = new(context.Response.BodyWriter);
        await _sessions.RunAsync(client, sink, MultipartFormat.Opening, slow => SendBufferPolicy.ForPace(socket, slow, _sessions.NewestFrameLength), context.RequestAborted).ConfigureAwait(false);
    }
}
