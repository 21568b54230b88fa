using Camstreamd.Security;

namespace Camstreamd.Tests.Security;

public sealed class RedactTests
{
    [Theory]
    [InlineData("rtsp://bob:s3cret@cam:554/live", "rtsp://bob:***@cam:554/live")]
    [InlineData("rtmp://host/live/KEY?pass=s3cret", "rtmp://host/live/***?pass=***")]
    [InlineData("http://user:s3cret@cam/video.mjpg?action=stream", "http://user:***@cam/video.mjpg?action=***")]
    [InlineData("http://host/stream", "http://host/stream")]
    [InlineData("bob:s3cret@host/x", "bob:***@host/x")]
    [InlineData("http://bob:s3cret@", "http://bob:***@")]
    [InlineData("tcp://127.0.0.1:8081", "tcp://127.0.0.1:8081")]
    public void Url_HidesPasswordStreamKeyAndQueryValues_EvenWhenMalformed(string url, string expected)
    {
        Assert.Equal(expected, Redact.Url(url));
    }

    [Fact]
    public void UrlsIn_RedactsEveryUrlInACommandLineOrMessage_AndLeavesTheRestAlone()
    {
        string command = "ffmpeg -rtsp_transport tcp -i 'rtsp://admin:hunter2@10.0.0.9/h264' -f mjpeg -q:v 5 -";
        string line = "[in#0] Error opening input rtsp://admin:hunter2@10.0.0.9/h264: Server returned 401; see rtmp://x/app/KEY42.";

        Assert.Equal("ffmpeg -rtsp_transport tcp -i 'rtsp://admin:***@10.0.0.9/h264' -f mjpeg -q:v 5 -", Redact.UrlsIn(command));
        Assert.Equal("[in#0] Error opening input rtsp://admin:***@10.0.0.9/h264: Server returned 401; see rtmp://x/app/***.", Redact.UrlsIn(line));
        Assert.Equal("no url here: a=b?c", Redact.UrlsIn("no url here: a=b?c"));
    }

    [Fact]
    public void SecretsOf_ListsWhatUrlHides_LongestFirst()
    {
        Assert.Equal(["streamKey42", "s3cretPw", "pw7"], Redact.SecretsOf("rtmp://bob:s3cretPw@host/live/streamKey42?pass=pw7"));
    }
}
