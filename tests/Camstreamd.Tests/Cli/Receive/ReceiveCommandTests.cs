using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Cli.Receive;

/// <summary><c>camstreamd receive</c>, the real binary, against the real daemon's TCP stream and /stream, and against fake senders.</summary>
public sealed class ReceiveCommandTests : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);
    private readonly TempDirectory _out = new("camstreamd-receive-");

    [Fact]
    public async Task TcpStream_WritesCountNumberedJpegsOfTheConfiguredSize_AndNothingElse()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=15", $"--Tcp:Port={tcpPort}");

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{tcpPort}", "--out", _out.Path, "--count", "12");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"{n:D6}.jpg"), Files());
        Assert.All(Files(), name => Assert.Equal((320, 240), SizeOf(File.ReadAllBytes(_out.File(name)))));
        Assert.Contains("12 frame(s) written to", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpStream_WritesFramesWithTheirCaptureTimesAsMtime_AndNumbersOnAfterExistingFiles()
    {
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=10");
        await File.WriteAllBytesAsync(_out.File("000007.jpg"), TestJpegs.Make(32, 32));
        DateTime before = DateTime.UtcNow;

        ProcessResult result = await ReceiveAsync(new Uri(server.BaseAddress, "/stream").ToString(), "--out", _out.Path, "--count", "5");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(Enumerable.Range(7, 6).Select(n => $"{n:D6}.jpg"), Files());
        DateTime[] mtimes = [.. Enumerable.Range(8, 5).Select(n => File.GetLastWriteTimeUtc(_out.File($"{n:D6}.jpg")))];
        Assert.All(mtimes, mtime => Assert.InRange(mtime, before.AddSeconds(-2), DateTime.UtcNow));
        // Distinct frames, strictly later capture times (that the mtime is exactly X-Timestamp: the mjpg-streamer test).
        Assert.All(mtimes.Zip(mtimes.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.First:O} then {pair.Second:O}"));
    }

    [Fact]
    public async Task MjpgStreamerStyleStream_MtimeIsExactlyTheXTimestamp()
    {
        byte[][] frames = [TestJpegs.Make(64, 48, seed: 1), TestJpegs.Make(64, 48, seed: 2), TestJpegs.Make(64, 48, seed: 3)];
        await using FakeSender sender = new(async (_, stream, stop) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=boundarydonotcross\r\n\r\n"), stop);
            for (int i = 0; i < frames.Length; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: {frames[i].Length}\r\nX-Timestamp: {1_000_000_000 + i}.250000\r\n\r\n"), stop);
                await stream.WriteAsync(frames[i], stop);
                await stream.WriteAsync("\r\n"u8.ToArray(), stop);
            }

            await FakeSender.HoldOpenAsync(stream, stop);
        });

        ProcessResult result = await ReceiveAsync($"http://127.0.0.1:{sender.Port}/?action=stream", "--out", _out.Path, "--count", "3");

        Assert.True(result.ExitCode == 0, result.Output);
        for (int i = 0; i < frames.Length; i++)
        {
            string path = _out.File($"{i + 1:D6}.jpg");
            Assert.Equal(frames[i], await File.ReadAllBytesAsync(path));
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(((1_000_000_000L + i) * 1000) + 250).UtcDateTime, File.GetLastWriteTimeUtc(path));
        }
    }

    [Fact]
    public async Task IpCameraStyleStream_WithoutContentLength_IsSplitAtTheBoundaries()
    {
        byte[][] frames = [TestJpegs.Make(64, 48, seed: 4), TestJpegs.Make(64, 48, seed: 5), TestJpegs.Make(64, 48, seed: 6)];
        await using FakeSender sender = new(async (_, stream, stop) =>
        {
            // The boundary declared with the delimiter's dashes, parts without Content-Length: as some cameras send it.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=--myboundary\r\n\r\n"), stop);
            foreach (byte[] frame in frames)
            {
                await stream.WriteAsync("--myboundary\r\nContent-Type: image/jpeg\r\n\r\n"u8.ToArray(), stop);
                await stream.WriteAsync(frame, stop);
                await stream.WriteAsync("\r\n"u8.ToArray(), stop);
            }

            await stream.WriteAsync("--myboundary\r\n"u8.ToArray(), stop);
            await FakeSender.HoldOpenAsync(stream, stop);
        });

        ProcessResult result = await ReceiveAsync($"http://user:secret@127.0.0.1:{sender.Port}/video.mjpg", "--out", _out.Path, "--count", "3");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(frames, Files().Select(name => File.ReadAllBytes(_out.File(name))));
        Assert.DoesNotContain("secret", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_KeepsOneFramePerInterval()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=10", $"--Tcp:Port={tcpPort}");

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{tcpPort}", "--out", _out.Path, "--count", "3", "--every", "1");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(3, Files().Length);
        // The TCP stream carries no capture time: the mtime is the arrival time.
        DateTime[] mtimes = [.. Files().Select(name => File.GetLastWriteTimeUtc(_out.File(name)))];
        // The k-th kept frame is the first at or after k intervals from the first one (a steady schedule, so after a
        // late frame the next may follow sooner); the write adds a few milliseconds either side.
        Assert.All(Enumerable.Range(1, 2), k => Assert.InRange((mtimes[k] - mtimes[0]).TotalSeconds, k - 0.1, k + 3));
    }

    [Fact]
    public async Task StandardOutput_PipedIntoFfprobe_IsMjpegOfCountFrames()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=15", $"--Tcp:Port={tcpPort}");

        ProcessResult result = await ProcessRunner.RunAsync(
            "sh",
            ["-c", $"{DaemonBinary.ShellCommand} receive tcp://127.0.0.1:{tcpPort} --out - --count 10 | ffprobe -v error -f mjpeg -i - -count_frames -show_entries stream=width,height,nb_read_frames -of csv=p=0"],
            RunTimeout);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("320,240,10", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task StandardOutput_WhoseReaderLeaves_EndsTheCommandAtOnceWithSuccess()
    {
        int tcpPort = DaemonProcess.FreePort();
        await using CamstreamdServer server = await CamstreamdServer.StartAsync("--Camera:Source=testpattern", "--Camera:Width=320", "--Camera:Height=240", "--Camera:FramesPerSecond=15", $"--Tcp:Port={tcpPort}");

        // No --count: only the pipe closing can end it (head leaves after 1000 bytes).
        ProcessResult result = await ProcessRunner.RunAsync(
            "bash",
            ["-c", $"{DaemonBinary.ShellCommand} receive tcp://127.0.0.1:{tcpPort} --out - | head -c 1000 >/dev/null; echo \"exit=${{PIPESTATUS[0]}}\""],
            TimeSpan.FromSeconds(30));

        Assert.Equal("exit=0", result.StandardOutput.Trim());
        Assert.Contains("written to standard output", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SenderRestarted_IsReconnectedTo_AndTheCountCompletes()
    {
        int httpPort = DaemonProcess.FreePort();
        int tcpPort = DaemonProcess.FreePort();
        string[] arguments = ["--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=10", $"--Tcp:Port={tcpPort}"];
        DaemonProcess first = await DaemonProcess.StartAsync(httpPort, arguments);
        Task<ProcessResult> receiving;
        try
        {
            receiving = ReceiveAsync($"tcp://127.0.0.1:{tcpPort}", "--out", _out.Path, "--count", "30", "--timeout", "60");
            await Eventually.TrueAsync(() => Files().Length >= 5, TimeSpan.FromSeconds(30), () => $"{Files().Length} files");
        }
        finally
        {
            await first.DisposeAsync();
        }

        int beforeRestart = Files().Length;
        Assert.True(beforeRestart < 30, "the count completed before the sender went away");
        await using DaemonProcess second = await DaemonProcess.StartAsync(httpPort, arguments);
        ProcessResult result = await receiving;

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(Enumerable.Range(1, 30).Select(n => $"{n:D6}.jpg"), Files());
        Assert.Contains("reconnecting in", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, result.StandardError.Split('\n').Count(line => line.Contains($"connected to tcp://127.0.0.1:{tcpPort}", StringComparison.Ordinal) && !line.Contains("reconnect", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("ftp://camera/stream", "has the scheme 'ftp'; allowed: tcp://HOST:PORT or http(s)://HOST:PORT/stream")]
    [InlineData("tcp://camera", "has no port; allowed: tcp://HOST:PORT")]
    [InlineData("camera:8081", "'camera:8081' is not a URL; allowed: tcp://HOST:PORT or http(s)://HOST:PORT/stream (for the TCP stream: tcp://camera:8081)")]
    [InlineData("not a url", "is not a URL")]
    public async Task BadUrl_ExitsWithTheUsageCodeAndSaysWhatIsAllowed(string url, string expected)
    {
        ProcessResult result = await ReceiveAsync(url, "--out", _out.Path);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Files());
    }

    [Theory]
    [InlineData("--count", "0", "--count is '0'; allowed: a whole number of frames from 1 up")]
    [InlineData("--every", "soon", "--every is 'soon'; allowed: a number of seconds above 0")]
    [InlineData("--timeout", "-1", "--timeout is '-1'")]
    [InlineData("--fps", "3", "unknown option '--fps'")]
    public async Task BadOption_ExitsWithTheUsageCode(string option, string value, string expected)
    {
        ProcessResult result = await ReceiveAsync("tcp://127.0.0.1:9", option, value);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedConnection_GivesUpAfterTheTimeout_WithAClearMessage()
    {
        int closedPort = DaemonProcess.FreePort();
        DateTime start = DateTime.UtcNow;

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{closedPort}", "--out", _out.Path, "--timeout", "2");

        Assert.Equal(69, result.ExitCode);
        Assert.Matches(@"Connection refused; giving up after 2(\.\d)? s without a frame \(--timeout 2\)", result.StandardError);
        Assert.InRange((DateTime.UtcNow - start).TotalSeconds, 2, 30);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task HugeLength_IsADataErrorAndLeavesNoFile()
    {
        await using FakeSender sender = new(async (_, stream, stop) =>
        {
            byte[] length = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, 10UL * 1024 * 1024 * 1024);
            await stream.WriteAsync(length, stop);
            await stream.WriteAsync(new byte[64 * 1024], stop);
            await FakeSender.HoldOpenAsync(stream, stop);
        });

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{sender.Port}", "--out", _out.Path);

        Assert.Equal(65, result.ExitCode);
        Assert.Contains("announced a frame of 10737418240 bytes, over the 64 MiB limit", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task NonJpegPayload_IsADataErrorAndLeavesNoFile()
    {
        byte[] pickled = [.. "\x80\x04\x95"u8.ToArray(), .. Enumerable.Range(0, 500).Select(i => (byte)i)];
        await using FakeSender sender = new(async (_, stream, stop) =>
        {
            await stream.WriteAsync(LengthOf(pickled), stop);
            await stream.WriteAsync(pickled, stop);
            await FakeSender.HoldOpenAsync(stream, stop);
        });

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{sender.Port}", "--out", _out.Path);

        Assert.Equal(65, result.ExitCode);
        Assert.Contains("sent a frame that is not a JPEG (does not start with the JPEG SOI marker (FF D8))", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Files());
    }

    [Fact]
    public async Task SenderGone_InTheMiddleOfAFrame_LeavesNoPartialFile_AndTheNextConnectionIsRead()
    {
        byte[] jpeg = TestJpegs.Make(160, 120, seed: 7);
        await using FakeSender sender = new(async (index, stream, stop) =>
        {
            await stream.WriteAsync(LengthOf(jpeg), stop);
            if (index == 0)
            {
                await stream.WriteAsync(jpeg.AsMemory(0, jpeg.Length / 2), stop);
                return;
            }

            await stream.WriteAsync(jpeg, stop);
            await FakeSender.HoldOpenAsync(stream, stop);
        });

        ProcessResult result = await ReceiveAsync($"tcp://127.0.0.1:{sender.Port}", "--out", _out.Path, "--count", "1", "--timeout", "20");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("closed the connection in the middle of a frame; reconnecting in", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["000001.jpg"], Files());
        Assert.Equal(jpeg, await File.ReadAllBytesAsync(_out.File("000001.jpg")));
    }

    public void Dispose() => _out.Dispose();

    private static byte[] LengthOf(byte[] payload)
    {
        byte[] length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)payload.Length);
        return length;
    }

    private static (int Width, int Height) SizeOf(byte[] jpeg)
    {
        (_, int width, int height) = TestJpegs.Decode(jpeg);
        return (width, height);
    }

    private static Task<ProcessResult> ReceiveAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(DaemonBinary.Program, [.. DaemonBinary.Arguments, "receive", .. arguments], RunTimeout);

    /// <summary>Every file in the output directory, hidden ones (a left-over temporary) included, in name order.</summary>
    private string[] Files() => [.. Directory.GetFiles(_out.Path).Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];
}
