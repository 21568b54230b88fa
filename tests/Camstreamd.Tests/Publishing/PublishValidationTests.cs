using Camstreamd.Configuration;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Tests.Publishing;

/// <summary>Publish:Targets is checked at start: one line per problem, naming the key, the value (password hidden) and what is allowed.</summary>
public sealed class PublishValidationTests
{
    [Fact]
    public void ValidTargets_AreBoundInIndexOrder_WithDefaults()
    {
        List<string> errors = new();
        CamstreamdSettings? settings = Bind(errors, new()
        {
            ["Publish:Targets:0:Url"] = "rtsp://bob:s3cret@127.0.0.1:8554/cam",
            ["Publish:Targets:10:Url"] = "rtmp://127.0.0.1/live/ten",
            ["Publish:Targets:2:Url"] = "rtsp://127.0.0.1:8554/two",
            ["Publish:Targets:2:Codec"] = "mjpeg",
            ["Publish:Targets:2:Transport"] = "udp",
            ["Publish:Targets:10:FramesPerSecond"] = "12.5",
            ["Publish:Targets:10:KeyframeInterval"] = "1",
            ["Publish:Targets:10:Bitrate"] = "1.5M",
            ["Publish:Targets:10:Encoder"] = "libx264",
        });

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal(["rtsp://bob:s3cret@127.0.0.1:8554/cam", "rtsp://127.0.0.1:8554/two", "rtmp://127.0.0.1/live/ten"], settings.Publish.Targets.Select(target => target.Url));
        PublishTargetOptions first = settings.Publish.Targets[0];
        Assert.Equal(("h264", "auto", "2000k", TimeSpan.FromSeconds(2), null, "tcp"), (first.Codec, first.Encoder, first.Bitrate, first.KeyframeInterval, first.FramesPerSecond, first.Transport));
        Assert.Equal(12.5, settings.Publish.Targets[2].FramesPerSecond);
    }

    [Theory]
    [InlineData("Url", "http://bob:s3cret@127.0.0.1/cam", "Publish:Targets:0:Url is 'http://bob:***@127.0.0.1/cam': the scheme must be rtsp://, rtsps://, rtmp:// or rtmps://; allowed:")]
    [InlineData("Url", "", "Publish:Targets:0:Url is '': the scheme must be")]
    [InlineData("Codec", "h265", "Publish:Targets:0:Codec is 'h265'; allowed: h264 or mjpeg.")]
    [InlineData("Encoder", "h264_nosuch", "Publish:Targets:0:Encoder is 'h264_nosuch', which this ffmpeg does not have; allowed: auto or an encoder ffmpeg -encoders lists (H.264: ")]
    [InlineData("Bitrate", "fast", "Publish:Targets:0:Bitrate is 'fast'; allowed: bits per second from 10k to 100M")]
    [InlineData("KeyframeInterval", "0", "Publish:Targets:0:KeyframeInterval is 0 s; allowed: 0.1 to 60 s.")]
    [InlineData("FramesPerSecond", "0", "Publish:Targets:0:FramesPerSecond is 0; allowed: 0.1 to 240, or unset for the source's rate.")]
    [InlineData("FramesPerSecond", "many", "Publish:Targets:0:FramesPerSecond is 'many'; allowed: a number.")]
    [InlineData("Transport", "quic", "Publish:Targets:0:Transport is 'quic'; allowed: tcp or udp.")]
    [InlineData("TlsFingerprint", "AB:CD", "Publish:Targets:0:TlsFingerprint is 'AB:CD'; allowed: the SHA-256 of the server's certificate as 64 hex digits")]
    [InlineData("Bitrat", "1M", "Publish:Targets:0:Bitrat is not a known key; the Publish:Targets:0 keys are: Url, Codec, Encoder, Bitrate")]
    public void BadValue_IsOneErrorNamingTheKeyTheValueAndWhatIsAllowed(string key, string value, string expected)
    {
        Dictionary<string, string?> values = new() { ["Publish:Targets:0:Url"] = "rtsp://bob:s3cret@127.0.0.1:8554/cam", [$"Publish:Targets:0:{key}"] = value };
        List<string> errors = new();

        Assert.Null(Bind(errors, values));

        string error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mjpeg_OverRtmp_IsRefused()
    {
        List<string> errors = new();

        Bind(errors, new() { ["Publish:Targets:0:Url"] = "rtmp://127.0.0.1/live/cam?pass=s3cret", ["Publish:Targets:0:Codec"] = "mjpeg" });

        Assert.Equal("Publish:Targets:0:Codec is 'mjpeg' for rtmp://127.0.0.1/live/***?pass=***; allowed: mjpeg with rtsp:// or rtsps:// only (RTMP carries H.264), or h264.", Assert.Single(errors));
    }

    [Theory]
    [InlineData("rtmp://bob:s3cret@127.0.0.1/live/cam")]
    [InlineData("rtmps://bob:s3cret@127.0.0.1/live/cam")]
    public void Rtmp_WithUserAndPassword_IsRefused_SayingWhereRtmpCredentialsGo(string url)
    {
        List<string> errors = new();

        Bind(errors, new() { ["Publish:Targets:0:Url"] = url });

        string error = Assert.Single(errors);
        string scheme = url.Split(':')[0];
        Assert.StartsWith($"Publish:Targets:0:Url is '{scheme}://bob:***@127.0.0.1/live/***': an RTMP URL's user:password@ would reach ffmpeg's command line", error, StringComparison.Ordinal);
        Assert.Contains($"allowed: credentials in the stream key or the query, e.g. {scheme}://127.0.0.1/live/cam?user=NAME&pass=PASSWORD", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rtsps_WithAFingerprint_IsValid_InEitherCaseWithOrWithoutColons()
    {
        List<string> errors = new();
        string hex = string.Concat(Enumerable.Repeat("aB", 32));

        CamstreamdSettings? settings = Bind(errors, new()
        {
            ["Publish:Targets:0:Url"] = "rtsps://bob:s3cret@127.0.0.1:8322/cam",
            ["Publish:Targets:0:TlsFingerprint"] = hex,
            ["Publish:Targets:1:Url"] = "rtsps://127.0.0.1:8322/other",
            ["Publish:Targets:1:TlsFingerprint"] = string.Join(':', Enumerable.Repeat("AB", 32)),
        });

        Assert.Empty(errors);
        Assert.Equal(hex, settings!.Publish.Targets[0].TlsFingerprint);
    }

    [Theory]
    [InlineData("rtsp://bob:s3cret@127.0.0.1:8554/cam", "tcp", "Publish:Targets:0:TlsFingerprint is set for rtsp://bob:***@127.0.0.1:8554/cam; allowed: with rtsps:// only")]
    [InlineData("rtmps://127.0.0.1/live/cam", "tcp", "Publish:Targets:0:TlsFingerprint is set for rtmps://127.0.0.1/live/***; allowed: with rtsps:// only")]
    [InlineData("rtsps://bob:s3cret@127.0.0.1:8322/cam", "udp", "Publish:Targets:0:Transport is 'udp' for rtsps://bob:***@127.0.0.1:8322/cam; allowed: udp with rtsp:// only (RTSPS carries the media inside its TLS connection), or tcp.")]
    public void TlsFingerprintOrUdp_WhereTheyCannotApply_AreRefused(string url, string transport, string expected)
    {
        List<string> errors = new();

        Bind(errors, new() { ["Publish:Targets:0:Url"] = url, ["Publish:Targets:0:Transport"] = transport, ["Publish:Targets:0:TlsFingerprint"] = string.Concat(Enumerable.Repeat("00", 32)) });

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFfmpeg_IsAnErrorNamingTheKey()
    {
        List<string> errors = new();

        Bind(errors, new() { ["Publish:Ffmpeg"] = "/nonexistent/ffmpeg", ["Publish:Targets:0:Url"] = "rtsp://127.0.0.1/cam" });

        Assert.StartsWith("Publish:Ffmpeg is '/nonexistent/ffmpeg', which is not an executable file or a program on PATH", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TargetsGivenAsOneValue_OrWithAKeyThatIsNoIndex_AreErrors()
    {
        List<string> single = new();
        List<string> named = new();

        Bind(single, new() { ["Publish:Targets"] = "rtsp://127.0.0.1/cam" });
        Bind(named, new() { ["Publish:Targets:first:Url"] = "rtsp://127.0.0.1/cam" });

        Assert.StartsWith("Publish:Targets is 'rtsp://127.0.0.1/cam'; allowed: a list of objects", Assert.Single(single), StringComparison.Ordinal);
        Assert.StartsWith("Publish:Targets:first is not a list entry", Assert.Single(named), StringComparison.Ordinal);
    }

    [Fact]
    public void TargetGivenAsOneValue_WithSecrets_IsAnErrorThatDoesNotEchoThem()
    {
        List<string> errors = new();

        Bind(errors, new() { ["Publish:Targets:0"] = "rtmp://bob:s3cretPw@127.0.0.1/live/streamKey42" });

        string error = Assert.Single(errors);
        Assert.StartsWith("Publish:Targets:0 is 'rtmp://bob:***@127.0.0.1/live/***'; allowed: an object with keys", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretPw", error, StringComparison.Ordinal);
        Assert.DoesNotContain("streamKey42", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTargets_NeedNoFfmpeg()
    {
        List<string> errors = new();

        Assert.NotNull(Bind(errors, new() { ["Publish:Ffmpeg"] = "/nonexistent/ffmpeg" }));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Daemon_WithAWrongScheme_ExitsWithTheConfigurationErrorCode_AndNeverPrintsThePassword()
    {
        ProcessResult result = await DaemonBinary.RunToExitAsync("--Publish:Targets:0:Url=srt://bob:s3cretPw@127.0.0.1:9000/cam");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Publish:Targets:0:Url is 'srt://bob:***@127.0.0.1:9000/cam': the scheme must be", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretPw", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_WithRtmpCredentialsAndABadFingerprint_ExitsWithTheConfigurationErrorCode_NamingBothKeys()
    {
        ProcessResult result = await DaemonBinary.RunToExitAsync(
            "--Publish:Targets:0:Url=rtmp://bob:s3cretPw@127.0.0.1/live/cam", "--Publish:Targets:1:Url=rtsps://127.0.0.1:8322/cam", "--Publish:Targets:1:TlsFingerprint=sha256-of-it");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Publish:Targets:0:Url is 'rtmp://bob:***@127.0.0.1/live/***': an RTMP URL's user:password@", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Publish:Targets:1:TlsFingerprint is 'sha256-of-it'; allowed:", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cretPw", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    private static CamstreamdSettings? Bind(List<string> errors, Dictionary<string, string?> values)
    {
        values.TryAdd("Camera:Source", "testpattern");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return SettingsLoader.Bind(configuration, errors);
    }
}
