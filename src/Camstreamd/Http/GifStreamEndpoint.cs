using Camstreamd.Configuration;
using Camstreamd.Gif;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>
/// <c>GET /stream.gif</c>: the live picture as an endless animated GIF, for pages and clients that show
/// only images. A GIF viewer is a stream viewer like any other (<c>Streaming:MaxClients</c>, stall
/// eviction, keepalive, keeping the source awake); it is fed the GIF encoder's frames, each preceded
/// once by the GIF header of their size. The trailer is never sent, so the browser keeps showing frames.
/// </summary>
internal sealed class GifStreamEndpoint
{
    public const string ContentType = "image/gif";

    private readonly StreamSessions _sessions;
    private readonly SettingsStore _settings;
    private readonly GifStatistics _statistics;

    public GifStreamEndpoint(StreamSessions sessions, SettingsStore settings, GifStatistics statistics)
    {
        _sessions = sessions;
        _settings = settings;
        _statistics = statistics;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!_settings.Current.Gif.Enabled)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status404NotFound, "the GIF stream is turned off (Gif:Enabled is false); /stream serves MJPEG").ConfigureAwait(false);
            return;
        }

        if (_statistics.EncoderFailure is string failure)
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"the GIF encoder cannot run: {failure}").ConfigureAwait(false);
            return;
        }

        StreamClient? client = await StreamAdmission.AdmitAsync(context, _sessions, ViewerKind.Gif, ContentType).ConfigureAwait(false);
        if (client is null)
        {
            return;
        }

        // GIF frames are far smaller than the JPEGs: the MJPEG send-buffer sizing is not needed here.
        PipePartSink sink = new(context.Response.BodyWriter);
        await _sessions.RunAsync(client, sink, ReadOnlyMemory<byte>.Empty, new GifStreamFraming(), _ => { }, context.RequestAborted).ConfigureAwait(false);
    }
}
