using System.Net;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Http;

public sealed class SnapshotEndpointTests
{
    [Theory]
    [InlineData("/snapshot")]
    [InlineData("/snapshot.jpg")]
    [InlineData("/?action=snapshot")]
    public async Task Snapshot_FromIdle_StartsTheSourceAndReturnsAJpegOfTheConfiguredSize(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=360");

        using HttpResponseMessage response = await server.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^\d{10}\.\d{6}$", response.Headers.GetValues("X-Timestamp").Single());
        byte[] jpeg = await response.Content.ReadAsByteArrayAsync();
        using TurboJpegDecompressor decompressor = new();
        Assert.True(decompressor.TryReadHeader(jpeg, out JpegHeader header));
        Assert.Equal((640, 360), (header.Width, header.Height));
        byte[] pixels = new byte[640 * 360 * 3];
        decompressor.Decompress(jpeg, pixels, TurboPixelFormat.Rgb);
    }

    [Fact]
    public async Task Snapshot_WhenTheSourceNeverDelivers_Gets503WithReasonAfterTheTimeout()
    {
        string empty = Directory.CreateTempSubdirectory("camstreamd-empty-").FullName;
        try
        {
            await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=folder", $"--Camera:Folder={empty}", "--Camera:Loop=false", "--Streaming:SnapshotTimeout=1");
            DateTimeOffset start = DateTimeOffset.UtcNow;

            using HttpResponseMessage response = await server.Client.GetAsync("/snapshot");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("no frame", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.InRange((DateTimeOffset.UtcNow - start).TotalSeconds, 0.9, 5);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
