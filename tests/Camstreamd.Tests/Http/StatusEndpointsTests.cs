using System.Net;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Http;

public sealed class StatusEndpointsTests
{
    [Fact]
    public async Task State_DescribesSourceViewersTotalsAndIdleState()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=25");
        using HttpResponseMessage stream = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        await using Stream body = await stream.Content.ReadAsStreamAsync();
        MultipartReader reader = new(body, "camstreamdframe");
        for (int i = 0; i < 50; i++)
        {
            await reader.ReadPartAsync(CancellationToken.None);
        }

        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));

        JsonElement source = state.RootElement.GetProperty("source");
        Assert.Equal("testpattern", source.GetProperty("kind").GetString());
        Assert.Equal(320, source.GetProperty("width").GetInt32());
        Assert.Equal(240, source.GetProperty("height").GetInt32());
        Assert.Equal(25, source.GetProperty("configuredFps").GetDouble());
        Assert.InRange(source.GetProperty("measuredFps").GetDouble(), 20, 30);
        Assert.Equal("running", source.GetProperty("state").GetString());
        Assert.True(source.GetProperty("online").GetBoolean());
        JsonElement streamState = state.RootElement.GetProperty("stream");
        JsonElement client = streamState.GetProperty("clients").EnumerateArray().Single();
        Assert.StartsWith("127.0.0.1:", client.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.True(client.GetProperty("sent").GetInt64() >= 49);
        Assert.True(streamState.GetProperty("framesCaptured").GetInt64() >= 50);
        Assert.Equal(0, streamState.GetProperty("evictions").GetInt64());
        Assert.Equal("streaming", state.RootElement.GetProperty("idle").GetProperty("state").GetString());
    }

    [Fact]
    public async Task State_WithAutoAndNoCamera_WarnsThatItShowsTheTestPattern()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=auto", "--Camera:Device=/dev/camstreamd-no-such-camera");
        using HttpResponseMessage snapshot = await server.Client.GetAsync("/snapshot");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);

        using JsonDocument state = JsonDocument.Parse(await server.Client.GetStringAsync("/state"));

        JsonElement source = state.RootElement.GetProperty("source");
        Assert.Equal("testpattern", source.GetProperty("kind").GetString());
        Assert.Contains("test pattern", source.GetProperty("warning").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_IsOkWhileIdleByDesign()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern");

        using HttpResponseMessage response = await server.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("idle", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_Is503WithTheReasonWhileTheSourceFails()
    {
        string folder = Directory.CreateTempSubdirectory("camstreamd-vanishing-").FullName;
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=folder", $"--Camera:Folder={folder}");
        Directory.Delete(folder);

        using HttpResponseMessage stream = await server.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        HttpResponseMessage? health = null;
        await Eventually.TrueAsync(
            async () => (health = await server.Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10),
            () => $"healthz stayed {health?.StatusCode}");

        Assert.Contains(folder, await health!.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ExposesTheCountersInPrometheusFormat()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        (await server.Client.GetAsync("/snapshot")).Dispose();

        using HttpResponseMessage response = await server.Client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE camstreamd_frames_captured_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"camstreamd_frames_captured_total [1-9]\d*\n", text);
        Assert.Matches(@"camstreamd_source_width_pixels\{kind=""testpattern"",location=""""\} 160\n", text);
        Assert.Contains("camstreamd_client_evictions_total 0", text, StringComparison.Ordinal);
        Assert.Matches(@"camstreamd_gc_heap_bytes [1-9]\d*\n", text);
        Assert.Matches(@"camstreamd_gc_committed_bytes [1-9]\d*\n", text);
    }

    [Fact]
    public async Task ViewerPage_IsServedAtTheRoot_AndUnknownPathsAre404()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern");

        using HttpResponseMessage page = await server.Client.GetAsync("/");
        using HttpResponseMessage missing = await server.Client.GetAsync("/nope");
        using HttpRequestMessage head = new(HttpMethod.Head, "/state");
        using HttpResponseMessage headState = await server.Client.SendAsync(head);
        using HttpResponseMessage post = await server.Client.PostAsync("/snapshot", null);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("/stream", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("/nope", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, headState.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
