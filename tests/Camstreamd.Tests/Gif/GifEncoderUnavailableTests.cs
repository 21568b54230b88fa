using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Gif;

/// <summary>The real daemon on a system whose libturbojpeg.so.0 is not libjpeg-turbo: the GIF stream says why instead of hanging.</summary>
public sealed class GifEncoderUnavailableTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GifViewer_WithoutLibjpegTurbo_IsClosed_AndLaterOnesGet503WithTheReason()
    {
        // A shared library that is not libjpeg-turbo, found first under its name through LD_LIBRARY_PATH.
        using TempDirectory libraries = new();
        File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so"), libraries.File("libturbojpeg.so.0"));
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            new DaemonStart { Environment = new Dictionary<string, string?> { ["LD_LIBRARY_PATH"] = libraries.Path } },
            DaemonProcess.FreePort(),
            "--Camera:Source=testpattern");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Generous };

        // The first viewer starts the encoder, which cannot be made: the viewer is closed, not left waiting for ever.
        using (CancellationTokenSource cancel = new(Generous))
        {
            using HttpResponseMessage first = await http.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            if (first.StatusCode == HttpStatusCode.OK)
            {
                byte[] body = await first.Content.ReadAsByteArrayAsync(cancel.Token);
                Assert.Empty(body);
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            }
        }

        using HttpResponseMessage refused = await http.GetAsync("/stream.gif");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        string reason = await refused.Content.ReadAsStringAsync();
        Assert.Contains("the GIF encoder cannot run", reason, StringComparison.Ordinal);
        Assert.Contains("libturbojpeg0", reason, StringComparison.Ordinal);

        using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync("/state"));
        JsonElement gif = state.RootElement.GetProperty("gif");
        Assert.Contains("libturbojpeg0", gif.GetProperty("encoderError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, gif.GetProperty("clientCount").GetInt32());
        Assert.Contains("GIF encoder cannot run", daemon.Output, StringComparison.Ordinal);
    }
}
