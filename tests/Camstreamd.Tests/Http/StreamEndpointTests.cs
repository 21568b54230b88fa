using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Camstreamd.Frames;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Http;

public sealed class StreamEndpointTests
{
    private static readonly string[] TestPattern = ["--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=20"];

    [Theory]
    [InlineData("/stream")]
    [InlineData("/stream.mjpg")]
    [InlineData("/?action=stream")]
    public async Task Stream_SendsWholeJpegPartsWithHeaders_OnEveryAlias(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(TestPattern);
        using HttpResponseMessage response = await server.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        MediaTypeHeaderValue contentType = response.Content.Headers.ContentType!;
        Assert.Equal("multipart/x-mixed-replace", contentType.MediaType);
        string boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!;
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Content.Headers.Expires);
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());

        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        await using Stream body = await response.Content.ReadAsStreamAsync(timeout.Token);
        MultipartReader reader = new(body, boundary);
        using TurboJpegDecompressor decompressor = new();
        long previousTimestamp = 0;
        for (int i = 0; i < 10; i++)
        {
            MultipartPart part = (await reader.ReadPartAsync(timeout.Token))!;
            Assert.Equal("image/jpeg", part.Headers["Content-Type"]);
            Assert.True(decompressor.TryReadHeader(part.Body, out JpegHeader header));
            Assert.Equal((320, 240), (header.Width, header.Height));
            long timestamp = (long)(double.Parse(part.Headers["X-Timestamp"], CultureInfo.InvariantCulture) * 1_000_000);
            Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (timestamp / 1000), -1000, 5000);
            Assert.True(timestamp > previousTimestamp, "timestamps must increase from part to part");
            previousTimestamp = timestamp;
        }
    }

    /// <summary>A browser loads the page and then its image over the same keep-alive connection.</summary>
    [Fact]
    public async Task Stream_AfterAnotherRequestOnTheSameConnection_IsServedToo()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(TestPattern);
        using SocketsHttpHandler handler = new() { MaxConnectionsPerServer = 1 };
        using HttpClient browser = new(handler) { BaseAddress = server.BaseAddress };
        string page = await browser.GetStringAsync("/");
        Assert.Contains("/stream", page, StringComparison.Ordinal);

        using HttpResponseMessage response = await browser.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader reader = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));
        using TurboJpegDecompressor decompressor = new();
        for (int i = 0; i < 5; i++)
        {
            MultipartPart part = (await reader.ReadPartAsync(timeout.Token))!;
            Assert.True(decompressor.TryReadHeader(part.Body, out JpegHeader header));
            Assert.Equal(320, header.Width);
        }

        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
    }

    [Fact]
    public async Task Stream_WithFpsQuery_CapsThatViewersRate()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(TestPattern);
        using HttpResponseMessage response = await server.Client.GetAsync("/stream?fps=4", HttpCompletionOption.ResponseHeadersRead);
        await using Stream body = await response.Content.ReadAsStreamAsync();
        MultipartReader reader = new(body, "camstreamdframe");
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(20));

        await reader.ReadPartAsync(timeout.Token);
        DateTimeOffset start = DateTimeOffset.UtcNow;
        for (int i = 0; i < 8; i++)
        {
            await reader.ReadPartAsync(timeout.Token);
        }

        double seconds = (DateTimeOffset.UtcNow - start).TotalSeconds;
        Assert.InRange(8 / seconds, 3.0, 4.6);
    }

    [Theory]
    [InlineData("/stream?fps=abc")]
    [InlineData("/stream?fps=0")]
    [InlineData("/stream?fps=-3")]
    [InlineData("/stream?fps=1000")]
    [InlineData("/?action=dance")]
    public async Task BadQuery_Gets400WithTheReason(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(TestPattern);
        using HttpResponseMessage response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string text = await response.Content.ReadAsStringAsync();
        Assert.Matches("fps must be a number|unknown action", text);
    }

    [Fact]
    public async Task Stream_BeyondMaxClients_Gets503WithRetryAfter()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, "--Streaming:MaxClients=2"]);
        using HttpResponseMessage first = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using HttpResponseMessage second = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        using HttpResponseMessage third = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("MaxClients", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_Head_ReturnsStreamHeadersWithoutBody()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(TestPattern);
        using HttpRequestMessage request = new(HttpMethod.Head, "/stream");
        using HttpResponseMessage response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Disconnects_ReturnEveryPooledFrame()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync([.. TestPattern, "--Streaming:IdleTimeout=0.5"]);
        for (int viewer = 0; viewer < 5; viewer++)
        {
            using HttpResponseMessage response = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
            await using Stream body = await response.Content.ReadAsStreamAsync();
            await new MultipartReader(body, "camstreamdframe").ReadPartAsync(CancellationToken.None);
        }

        FramePool pool = server.Get<FramePool>();
        await Eventually.TrueAsync(() => pool.Outstanding == 0, TimeSpan.FromSeconds(10), () => $"{pool.Outstanding} frames still out of the pool");
    }
}
