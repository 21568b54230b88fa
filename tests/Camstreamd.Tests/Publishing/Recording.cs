using System.Globalization;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>What ffprobe says of a received stream's file: the video stream, its duration and every packet's time.</summary>
internal sealed record Recording(string Codec, int Width, int Height, double DurationSeconds, IReadOnlyList<double> PacketTimes)
{
    public double FramesPerSecond => PacketTimes.Count > 1 ? (PacketTimes.Count - 1) / (PacketTimes[^1] - PacketTimes[0]) : 0;

    public double Span => PacketTimes.Count > 1 ? PacketTimes[^1] - PacketTimes[0] : 0;

    public static async Task<Recording> ProbeAsync(string file)
    {
        ProcessResult result = await ProcessRunner.RunAsync(
            "ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height:format=duration:packet=pts_time", "-of", "json", file],
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"ffprobe {file} failed: {result.Output}");
        using JsonDocument json = JsonDocument.Parse(result.StandardOutput);
        JsonElement stream = json.RootElement.GetProperty("streams")[0];
        List<double> times = new();
        foreach (JsonElement packet in json.RootElement.GetProperty("packets").EnumerateArray())
        {
            if (packet.TryGetProperty("pts_time", out JsonElement time))
            {
                times.Add(double.Parse(time.GetString()!, CultureInfo.InvariantCulture));
            }
        }

        return new Recording(
            stream.GetProperty("codec_name").GetString()!,
            stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(),
            // A live stream (our pipe) has no duration of its own.
            json.RootElement.GetProperty("format").TryGetProperty("duration", out JsonElement duration) ? double.Parse(duration.GetString()!, CultureInfo.InvariantCulture) : double.NaN,
            times);
    }

    /// <summary>True when no packet's time is before the one before it: the stream never goes back.</summary>
    public bool IsMonotonic()
    {
        for (int i = 1; i < PacketTimes.Count; i++)
        {
            if (PacketTimes[i] < PacketTimes[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Packets that share their time with the one before (an RTP receiver may split the first access unit in two).</summary>
    public int RepeatedTimes() => PacketTimes.Zip(PacketTimes.Skip(1)).Count(pair => pair.First == pair.Second);
}
