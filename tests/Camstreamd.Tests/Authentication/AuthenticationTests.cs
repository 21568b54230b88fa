using System.Text.RegularExpressions;
using Camstreamd.Authentication;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>
/// <c>Auth:Users</c> and <c>Auth:Tokens</c> on the real server, with curl and ffmpeg as the clients: every endpoint but
/// /healthz asks for credentials, on Kestrel's pipeline and on the direct stream path alike.
/// </summary>
public sealed partial class AuthenticationTests
{
    internal const string User = "alice";
    internal const string Password = "pässword with spaces";
    internal const string Token = "ha-0123456789abcdef0123456789";
    internal static readonly string Hash = PasswordHash.Create(Password).ToString();

    internal static readonly string[] Arguments =
    [
        "--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=15", "--Gif:Enabled=true",
        $"--Auth:Users:0:Name={User}", $"--Auth:Users:0:PasswordHash={Hash}",
        "--Auth:Tokens:0:Name=homeassistant", $"--Auth:Tokens:0:Token={Token}",
    ];

    private static readonly string[] Credentials = ["-u", $"{User}:{Password}"];

    [Theory]
    [InlineData("/")]
    [InlineData("/state")]
    [InlineData("/metrics")]
    [InlineData("/snapshot")]
    [InlineData("/snapshot.jpg")]
    [InlineData("/stream")]
    [InlineData("/stream.mjpg")]
    [InlineData("/stream.gif")]
    [InlineData("/?action=stream")]
    [InlineData("/?action=snapshot")]
    [InlineData("/no-such-page")]
    public async Task EveryEndpoint_WithoutCredentials_Answers401WithTheBasicChallengeAndNothingMore(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        CurlResponse response = await Curl.GetAsync(Url(server, path));

        Assert.Equal(401, response.Status);
        Assert.Equal("Basic realm=\"camstreamd\", charset=\"UTF-8\"", response.Header("WWW-Authenticate"));
        Assert.Equal("401 authentication required\n", response.Text);
    }

    [Fact]
    public async Task Healthz_WithoutCredentials_StaysOpen()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        CurlResponse response = await Curl.GetAsync(Url(server, "/healthz"));

        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task RightCredentials_OpenThePageStateMetricsSnapshotAndStreams()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);
        // The GIF stream answers with its first frame, from an encoder at nice +10: seconds on a loaded machine.
        Task<CurlResponse> gifWatching = Curl.RunAsync(Url(server, "/stream.gif"), 10, Credentials);

        CurlResponse page = await Curl.GetAsync(Url(server, "/"), Credentials);
        CurlResponse state = await Curl.GetAsync(Url(server, "/state"), Credentials);
        CurlResponse metrics = await Curl.GetAsync(Url(server, "/metrics"), Credentials);
        CurlResponse snapshot = await Curl.GetAsync(Url(server, "/snapshot"), Credentials);
        CurlResponse stream = await Curl.RunAsync(Url(server, "/stream"), 3, Credentials);
        CurlResponse gif = await gifWatching;

        Assert.Equal((200, "text/html"), (page.Status, page.Header("Content-Type")?.Split(';')[0]));
        Assert.Equal(200, state.Status);
        Assert.Contains("\"stream\"", state.Text, StringComparison.Ordinal);
        Assert.Equal(200, metrics.Status);
        Assert.Equal((200, "image/jpeg"), (snapshot.Status, snapshot.Header("Content-Type")));
        Assert.Equal([0xFF, 0xD8], snapshot.Body[..2]);
        Assert.Equal(200, stream.Status);
        Assert.True(CountJpegs(stream.Body) >= 2, $"the stream sent {stream.Body.Length} bytes with {CountJpegs(stream.Body)} JPEGs in 3 s");
        Assert.Equal(200, gif.Status);
        Assert.Equal("GIF89a"u8.ToArray(), gif.Body[..6]);
    }

    [Fact]
    public async Task WrongPasswordOrUnknownUser_Answers401_OnKestrelAndOnTheDirectStreamPath()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        CurlResponse wrongOnState = await Curl.GetAsync(Url(server, "/state"), "-u", $"{User}:wrong");
        CurlResponse wrongOnStream = await Curl.GetAsync(Url(server, "/stream"), "-u", $"{User}:wrong");
        CurlResponse unknownUser = await Curl.GetAsync(Url(server, "/state"), "-u", $"bob:{Password}");

        Assert.Equal(
            [(401, "401 authentication required\n"), (401, "401 authentication required\n"), (401, "401 authentication required\n")],
            new[] { wrongOnState, wrongOnStream, unknownUser }.Select(r => (r.Status, r.Text)));
        Assert.Equal("Basic realm=\"camstreamd\", charset=\"UTF-8\"", wrongOnStream.Header("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("/stream")]
    [InlineData("/stream.mjpg")]
    [InlineData("/?action=stream")]
    [InlineData("/stream.gif")]
    [InlineData("/snapshot")]
    [InlineData("/?action=snapshot")]
    public async Task TokenInTheUrl_OpensTheStreamsAndTheSnapshot(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);
        string separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";

        CurlResponse response = await Curl.RunAsync(Url(server, $"{path}{separator}token={Token}"), 2);

        Assert.Equal(200, response.Status);
        Assert.True(response.Body.Length > 100, $"{path} with the token sent {response.Body.Length} bytes");
    }

    [Theory]
    [InlineData("/state")]
    [InlineData("/metrics")]
    [InlineData("/")]
    public async Task TokenInTheUrl_DoesNotOpenWhatIsNotAStreamOrSnapshot(string path)
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        CurlResponse response = await Curl.GetAsync(Url(server, $"{path}?token={Token}"));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task WrongToken_Answers401()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        CurlResponse stream = await Curl.GetAsync(Url(server, "/stream?token=" + Token.Replace('0', '1')));
        CurlResponse snapshot = await Curl.GetAsync(Url(server, "/snapshot?token=short"));

        Assert.Equal((401, 401), (stream.Status, snapshot.Status));
    }

    [Fact]
    public async Task TenFailuresFromAnAddress_Give429WithRetryAfter_ThereOnly_EvenForTheRightPassword()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);
        string[] fromElsewhere = ["--interface", "127.0.0.2"];

        List<int> statuses = new();
        for (int i = 0; i < FailedAttempts.Limit; i++)
        {
            // Both ways in count: Kestrel's pipeline and the direct stream path.
            statuses.Add((await Curl.GetAsync(Url(server, i % 2 == 0 ? "/state" : "/stream"), "-u", $"{User}:guess{i}")).Status);
        }

        CurlResponse right = await Curl.GetAsync(Url(server, "/state"), Credentials);
        CurlResponse rightOnStream = await Curl.GetAsync(Url(server, "/stream"), Credentials);
        CurlResponse other = await Curl.GetAsync(Url(server, "/state"), [.. Credentials, .. fromElsewhere]);
        CurlResponse health = await Curl.GetAsync(Url(server, "/healthz"));

        Assert.Equal([401, 401, 401, 401, 401, 401, 401, 401, 401, 429], statuses);
        Assert.Equal(429, right.Status);
        Assert.Equal("429 too many failed authentications from this address; try again later\n", right.Text);
        Assert.InRange(int.Parse(right.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 50, 60);
        Assert.Equal(429, rightOnStream.Status);
        Assert.NotNull(rightOnStream.Header("Retry-After"));
        Assert.Equal(200, other.Status);
        Assert.Equal(200, health.Status);
    }

    [Fact]
    public async Task Ffmpeg_ReadsTheStreamWithCredentialsInTheUrl()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);
        string url = $"http://{User}:{Uri.EscapeDataString(Password)}@127.0.0.1:{server.Port}/stream";

        ProcessResult result = await ProcessRunner.RunAsync(
            "ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "info", "-f", "mpjpeg", "-i", url, "-frames:v", "10", "-f", "null", "-"],
            TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 0, result.Output);
        Match frames = FramesLine().Matches(result.Output).LastOrDefault() ?? Match.Empty;
        Assert.True(frames.Success, result.Output);
        Assert.Equal(10, int.Parse(frames.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Ffmpeg_WithAWrongPasswordInTheUrl_IsRefused()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync(Arguments);

        ProcessResult result = await ProcessRunner.RunAsync(
            "ffmpeg", ["-hide_banner", "-nostdin", "-f", "mpjpeg", "-i", $"http://{User}:nope@127.0.0.1:{server.Port}/stream", "-frames:v", "1", "-f", "null", "-"],
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("401", result.Output, StringComparison.Ordinal);
    }

    internal static string Url(CamstreamdServer server, string path) => $"http://127.0.0.1:{server.Port}{path}";

    private static int CountJpegs(byte[] body)
    {
        int count = 0;
        for (int i = 0; i + 2 < body.Length; i++)
        {
            if (body[i] == 0xFF && body[i + 1] == 0xD8 && body[i + 2] == 0xFF)
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"frame=\s*(\d+)")]
    private static partial Regex FramesLine();
}
