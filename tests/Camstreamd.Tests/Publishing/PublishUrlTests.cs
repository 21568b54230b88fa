using Camstreamd.Publishing;
using Camstreamd.Security;

namespace Camstreamd.Tests.Publishing;

public sealed class PublishUrlTests
{
    [Theory]
    [InlineData("rtsp://bob:s3cret@cam.example:8554/live", "rtsp://bob:***@cam.example:8554/live")]
    [InlineData("rtmps://bob:p%40ss@host/app/key?x=1", "rtmps://bob:***@host/app/***?x=***")]
    [InlineData("rtmp://bob@host/app/key", "rtmp://bob@host/app/***")]
    [InlineData("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl", "rtmp://a.rtmp.youtube.com/live2/***")]
    [InlineData("rtmp://host/mystream", "rtmp://host/mystream")]
    [InlineData("rtsp://host:8554/cam?user=bob&pass=s3cret", "rtsp://host:8554/cam?user=***&pass=***")]
    [InlineData("RTSP://host", "RTSP://host")]
    public void Redacted_HidesThePasswordTheRtmpStreamKeyAndQueryValues(string url, string expected)
    {
        PublishUrl parsed = PublishUrl.TryParse(url, out string? problem)!;

        Assert.Null(problem);
        Assert.Equal(expected, parsed.Redacted);
    }

    [Theory]
    [InlineData("http://bob:s3cret@host/x", "scheme")]
    [InlineData("bob:s3cret@host/x", "scheme")]
    [InlineData("rtsp://bob:s3cret@/x", "host")]
    [InlineData("rtsp://host/a b", "spaces")]
    public void Invalid_IsRefusedWithAReasonWithoutThePassword(string url, string reasonMentions)
    {
        Assert.Null(PublishUrl.TryParse(url, out string? problem));

        Assert.Contains(reasonMentions, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", Redact.Url(url), StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_HidesThePasswordWhereverFfmpegEchoesIt_EscapedOrNot()
    {
        PublishUrl url = PublishUrl.TryParse("rtsp://bob:p%40ss-word@host:8554/cam", out _)!;

        Assert.Equal("rtsp://bob:***@host:8554/cam: Connection refused", url.Mask("rtsp://bob:p%40ss-word@host:8554/cam: Connection refused"));
        Assert.Equal("auth *** failed, *** too", url.Mask("auth p%40ss-word failed, p@ss-word too"));
    }

    [Fact]
    public void Mask_HidesTheStreamKeyAndQueryValues_InTheUrlOrAlone()
    {
        PublishUrl url = PublishUrl.TryParse("rtmp://host/live/streamKey42?user=bob&pass=query%21Pw", out _)!;

        Assert.Equal("rtmp://host/live/***?user=***&pass=***: I/O error", url.Mask("rtmp://host/live/streamKey42?user=bob&pass=query%21Pw: I/O error"));
        Assert.Equal("Publishing stream *** failed, *** refused", url.Mask("Publishing stream streamKey42 failed, query!Pw refused"));
    }

    [Fact]
    public void Mask_ShortKeyOrQueryValue_IsHiddenInUrlsButNotWhereverItAppears()
    {
        PublishUrl url = PublishUrl.TryParse("rtmp://host/live/a?x=1", out _)!;

        Assert.Equal("frame=  125 fps= 25 q=21.0 size=1024kB: rtmp://host/live/***?x=***", url.Mask("frame=  125 fps= 25 q=21.0 size=1024kB: rtmp://host/live/a?x=1"));
    }

    [Theory]
    [InlineData("rtmp://host/live/cam", "rtmp_app=live\nrtmp_playpath=cam\n")]
    [InlineData("rtmp://host/live/cam?key=s3cret", "rtmp_app=live\nrtmp_playpath=cam?key=s3cret\n")]
    [InlineData("rtmp://host/mystream", "rtmp_app=mystream\n")]
    [InlineData("rtmp://host/a/b/c", null)]
    [InlineData("rtmp://host/vod/mp4:film.mp4", null)]
    [InlineData("rtmp://host", null)]
    [InlineData("rtsp://host/live/cam", null)]
    public void RtmpPreset_CarriesTheAppAndStreamOnlyWhereFfmpegWouldSplitThemTheSameWay(string url, string? expected)
    {
        Assert.Equal(expected, RtmpPreset.Contents(PublishUrl.TryParse(url, out _)!));
    }
}
