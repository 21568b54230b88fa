using System.Collections.Concurrent;
using System.ComponentModel;
using Camstreamd.Processes;

namespace Camstreamd.Publishing;

/// <summary>
/// What the installed ffmpeg can do, asked once per program path and remembered: its encoders
/// (<c>ffmpeg -encoders</c>), and which H.264 encoder <c>auto</c> means here.
/// </summary>
internal static class FfmpegCapabilities
{
    public const string HardwareH264 = "h264_v4l2m2m";
    public const string SoftwareH264 = "libx264";

    /// <summary>ffmpeg answers in a fraction of a second; a board still booting may be far slower.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<string, HashSet<string>?> Encoders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> AutoEncoders = new(StringComparer.Ordinal);

    /// <summary>The encoder names ffmpeg lists, or null when it could not be run (asked again next time).</summary>
    public static HashSet<string>? ListEncoders(string ffmpeg)
    {
        HashSet<string>? names = Encoders.GetOrAdd(ffmpeg, Read);
        if (names is null)
        {
            Encoders.TryRemove(ffmpeg, out _);
        }

        return names;
    }

    private static HashSet<string>? Read(string path)
    {
        string? output = Run(path, ["-hide_banner", "-encoders"]);
        if (output is null)
        {
            return null;
        }

        // " V....D libx264              libx264 H.264 ...": flags, then the name; the legend above has "=".
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n'))
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[0].Length == 6 && !line.Contains('=', StringComparison.Ordinal))
            {
                names.Add(words[1]);
            }
        }

        return names;
    }

    /// <summary>
    /// What <c>Encoder: auto</c> uses: <see cref="HardwareH264"/> when ffmpeg has it and it really encodes a
    /// frame here (a Raspberry Pi 4's /dev/video11), else <see cref="SoftwareH264"/>.
    /// </summary>
    public static string ResolveAuto(string ffmpeg) => AutoEncoders.GetOrAdd(ffmpeg, static path =>
    {
        if (ListEncoders(path)?.Contains(HardwareH264) != true)
        {
            return SoftwareH264;
        }

        string? output = Run(path, ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=size=320x240:rate=10", "-frames:v", "3", "-pix_fmt", "yuv420p", "-c:v", HardwareH264, "-f", "null", "-"]);
        return output is not null ? HardwareH264 : SoftwareH264;
    });

    /// <summary>Runs ffmpeg to its end; its stdout, or null when it could not be started, failed or did not finish in time.</summary>
    private static string? Run(string ffmpeg, IReadOnlyList<string> arguments)
    {
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(ffmpeg, arguments, keepInput: false, onErrorLine: null);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return null;
        }

        using (process)
        {
            Task<string> output = new StreamReader(process.Output).ReadToEndAsync();
            if (!output.Wait(RunTimeout) || !process.WaitForExit(RunTimeout))
            {
                return null;
            }

            return process.ExitCode == 0 ? output.Result : null;
        }
    }
}
