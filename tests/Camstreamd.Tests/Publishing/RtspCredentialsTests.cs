using System.Text.Json;
using Camstreamd.Publishing;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// An RTSP target's <c>user:password@</c> never reaches ffmpeg's command line (<c>ps</c>, <c>systemctl status</c>):
/// ffmpeg publishes through the daemon's loopback relay, which answers the server's challenge itself, does the TLS of
/// rtsps:// (checking the server's certificate) and forwards RTP and RTCP over UDP. Against a real server that demands
/// Digest authentication (GStreamer's, plain, over TLS with a self-signed certificate, or taking UDP only), and against
/// ffmpeg's own RTSP listener.
/// </summary>
public sealed class RtspCredentialsTests : IDisposable
{
    private const string User = "camuser7";
    private const string Password = "Pw-s3cret-91";
    private static readonly TimeSpan StateWait = TimeSpan.FromSeconds(30);
    private static readonly string[] TestPattern = ["--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=360", "--Camera:FramesPerSecond=25"];

    private readonly TempDirectory _directory = new("camstreamd-rtsp-credentials-");

    [Fact]
    public async Task DigestServer_ReceivesTheStream_AndFfmpegsCommandLineHoldsNeitherUserNorPassword()
    {
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsp://{User}:{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Publishing && rtsp.FramesReceived >= 25, StateWait, () => $"{Describe(publish)}; server: {rtsp.Output}");

        PublishTargetSnapshot target = publish.Targets[0];
        AssertCommandLineHasNoCredentials(target.Pid);
        Assert.Equal($"rtsp://{User}:***@127.0.0.1:{rtsp.Port}/cam", target.Url);
        byte[] jpeg = await File.ReadAllBytesAsync(Directory.GetFiles(rtsp.Folder, "*.jpg").Order(StringComparer.Ordinal).First());
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
    }

    [Fact]
    public async Task DigestServer_WrongPassword_TargetRetriesWithTheServersRefusal_AndThePasswordShownNowhere()
    {
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsp://{User}:wrong-{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Retrying, StateWait, () => Describe(publish));

        string error = publish.Targets[0].LastError ?? "";
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
        Assert.Equal(0, rtsp.FramesReceived);
    }

    [Fact]
    public async Task FfmpegListener_RecordsTheStream_AndFfmpegsCommandLineHoldsNeitherUserNorPassword()
    {
        int port = DaemonProcess.FreePort();
        await using RtspListener listener = await RtspListener.StartAsync(port, _directory.File("listener.mkv"));
        CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsp://{User}:{Password}@127.0.0.1:{port}/cam", "--Publish:Targets:0:Codec=mjpeg"]);
        try
        {
            PublishService publish = server.Get<PublishService>();
            await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Publishing && publish.Targets[0].FramesSent > 50, StateWait, () => Describe(publish));
            AssertCommandLineHasNoCredentials(publish.Targets[0].Pid);
        }
        finally
        {
            await server.DisposeAsync();
        }

        // Our ffmpeg ends its session (TEARDOWN, through the relay) when the daemon stops; the listener then closes the file.
        await listener.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Recording recording = await Recording.ProbeAsync(listener.Recording);
        Assert.True(recording.PacketTimes.Count > 25, $"{recording.PacketTimes.Count} packets recorded; listener said: {listener.Output}");
    }

    [Fact]
    public async Task RtspsDigestServer_WithItsSelfSignedCertificatePinned_ReceivesTheStream_AndFfmpegsCommandLineHoldsNeitherUserNorPassword()
    {
        SelfSignedCertificate certificate = SelfSignedCertificate.Write(_directory.Path);
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"), (certificate.CertificateFile, certificate.KeyFile));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsps://{User}:{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg",
                $"--Publish:Targets:0:TlsFingerprint={certificate.Fingerprint.ToLowerInvariant()}"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Publishing && rtsp.FramesReceived >= 25, StateWait, () => $"{Describe(publish)}; server: {rtsp.Output}");

        PublishTargetSnapshot target = publish.Targets[0];
        AssertCommandLineHasNoCredentials(target.Pid);
        Assert.DoesNotContain("rtsps", File.ReadAllText($"/proc/{target.Pid}/cmdline"), StringComparison.Ordinal);
        Assert.Equal($"rtsps://{User}:***@127.0.0.1:{rtsp.Port}/cam", target.Url);
        byte[] jpeg = await File.ReadAllBytesAsync(Directory.GetFiles(rtsp.Folder, "*.jpg").Order(StringComparer.Ordinal).First());
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
    }

    [Fact]
    public async Task RtspsServer_SelfSignedAndNotPinned_IsNotTrusted_AndTheErrorGivesTheFingerprintToPin()
    {
        SelfSignedCertificate certificate = SelfSignedCertificate.Write(_directory.Path);
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"), (certificate.CertificateFile, certificate.KeyFile));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsps://{User}:{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Retrying, StateWait, () => Describe(publish));

        string error = publish.Targets[0].LastError ?? "";
        Assert.Contains("not trusted", error, StringComparison.Ordinal);
        Assert.Contains(certificate.Fingerprint, error, StringComparison.Ordinal);
        Assert.Contains("TlsFingerprint", error, StringComparison.Ordinal);
        Assert.Equal(0, publish.Targets[0].Pid);
        Assert.Equal(0, rtsp.FramesReceived);
    }

    [Fact]
    public async Task RtspsServer_WithAnotherCertificatePinned_IsRefused()
    {
        SelfSignedCertificate certificate = SelfSignedCertificate.Write(_directory.Path);
        string otherFingerprint = string.Join(':', Enumerable.Repeat("AB", 32));
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"), (certificate.CertificateFile, certificate.KeyFile));
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsps://{User}:{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg",
                $"--Publish:Targets:0:TlsFingerprint={otherFingerprint}"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Retrying, StateWait, () => Describe(publish));

        string error = publish.Targets[0].LastError ?? "";
        Assert.Contains($"has SHA-256 {certificate.Fingerprint}, not the target's TlsFingerprint", error, StringComparison.Ordinal);
        Assert.Equal(0, rtsp.FramesReceived);
    }

    [Fact]
    public async Task DigestServer_TakingRtpOverUdpOnly_ReceivesTheStreamThroughTheRelaysPorts_AndFfmpegsCommandLineHoldsNeitherUserNorPassword()
    {
        await using RtspAuthServer rtsp = await RtspAuthServer.StartAsync(User, Password, _directory.File("received"), udpOnly: true);
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(
            [.. TestPattern, $"--Publish:Targets:0:Url=rtsp://{User}:{Password}@127.0.0.1:{rtsp.Port}/cam", "--Publish:Targets:0:Codec=mjpeg", "--Publish:Targets:0:Transport=udp"]);
        PublishService publish = server.Get<PublishService>();

        await Eventually.TrueAsync(() => publish.Targets[0].State == PublishTargetState.Publishing && rtsp.FramesReceived >= 25, StateWait, () => $"{Describe(publish)}; server: {rtsp.Output}");

        PublishTargetSnapshot target = publish.Targets[0];
        AssertCommandLineHasNoCredentials(target.Pid);
        Assert.Contains("-rtsp_transport udp", File.ReadAllText($"/proc/{target.Pid}/cmdline").Replace('\0', ' '), StringComparison.Ordinal);
        byte[] jpeg = await File.ReadAllBytesAsync(Directory.GetFiles(rtsp.Folder, "*.jpg").Order(StringComparer.Ordinal).First());
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
    }

    [Fact]
    public async Task Daemon_PublishingOverTlsAndOverUdp_LogsTheRelayAtDebug_AndThePasswordIsInNoLogStateOrCommandLine()
    {
        SelfSignedCertificate certificate = SelfSignedCertificate.Write(_directory.Path);
        await using RtspAuthServer tls = await RtspAuthServer.StartAsync(User, Password, _directory.File("tls"), (certificate.CertificateFile, certificate.KeyFile));
        await using RtspAuthServer udp = await RtspAuthServer.StartAsync(User, Password, _directory.File("udp"), udpOnly: true);
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            DaemonProcess.FreePort(),
            [.. TestPattern, "--Logging:LogLevel:Camstreamd.Publishing=Debug",
                $"--Publish:Targets:0:Url=rtsps://{User}:{Password}@127.0.0.1:{tls.Port}/cam", "--Publish:Targets:0:Codec=mjpeg", $"--Publish:Targets:0:TlsFingerprint={certificate.Fingerprint}",
                $"--Publish:Targets:1:Url=rtsp://{User}:{Password}@127.0.0.1:{udp.Port}/cam", "--Publish:Targets:1:Codec=mjpeg", "--Publish:Targets:1:Transport=udp"]);
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        string state = "";
        await Eventually.TrueAsync(
            async () =>
            {
                state = await http.GetStringAsync(new Uri("/state", UriKind.Relative));
                return state.Split("\"publishing\"").Length >= 3 && tls.FramesReceived >= 25 && udp.FramesReceived >= 25;
            },
            StateWait,
            () => $"{state}; daemon: {daemon.Output}; servers: {tls.Output} {udp.Output}");

        using (JsonDocument json = JsonDocument.Parse(state))
        {
            foreach (JsonElement target in json.RootElement.GetProperty("targets").EnumerateArray())
            {
                AssertCommandLineHasNoCredentials(target.GetProperty("pid").GetInt32());
            }
        }

        Assert.Contains("pinned by TlsFingerprint", daemon.Output, StringComparison.Ordinal);
        Assert.Contains(certificate.Fingerprint, daemon.Output, StringComparison.Ordinal);
        Assert.Contains("RTP/RTCP over UDP relayed", daemon.Output, StringComparison.Ordinal);
        Assert.Contains($"rtsp://{User}:***@127.0.0.1:{udp.Port}/cam", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, state, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static void AssertCommandLineHasNoCredentials(int pid)
    {
        Assert.True(pid > 0, "ffmpeg runs");
        string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        Assert.Contains("ffmpeg", commandLine, StringComparison.Ordinal);
        Assert.Contains("rtsp://127.0.0.1:", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain(User, commandLine, StringComparison.Ordinal);
    }

    private static string Describe(PublishService publish) => string.Join("; ", publish.Targets);
}
