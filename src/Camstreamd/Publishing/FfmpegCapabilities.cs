using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
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

    /// <summary>ffmpeg answers in a fraction of a second; a board still booting may be far slower. One bound for the whole run.</summary>
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
        if (Run(path, ["-hide_banner", "-encoders"], out string? output) != RunResult.Succeeded)
        {
            return null;
        }

        // " V....D libx264              libx264 H.264 ...": flags, then the name; the legend above has "=".
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach (string line in output!.Split('\n'))
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
    /// frame here (a Raspberry Pi 4's /dev/video11), else <see cref="SoftwareH264"/>. Only a definite answer
    /// is remembered: when ffmpeg could not be run or did not finish in time, it is asked again next time.
    /// </summary>
    public static string ResolveAuto(string ffmpeg)
    {
        if (AutoEncoders.TryGetValue(ffmpeg, out string? known))
        {
            return known;
        }

        HashSet<string>? encoders = ListEncoders(ffmpeg);
        if (encoders is null)
        {
            return SoftwareH264;
        }

        string encoder = SoftwareH264;
        if (encoders.Contains(HardwareH264))
        {
            RunResult probe = Run(ffmpeg, ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=size=320x240:rate=10", "-frames:v", "3", "-pix_fmt", "yuv420p", "-c:v", HardwareH264, "-f", "null", "-"], out _);
            if (probe == RunResult.NotRun)
            {
                return SoftwareH264;
            }

            // Exited, with or without success: the device encodes here or it does not.
            encoder = probe == RunResult.Succeeded ? HardwareH264 : SoftwareH264;
        }

        return AutoEncoders.GetOrAdd(ffmpeg, encoder);
    }

    /// <summary>Runs ffmpeg to its end, all within <see cref="RunTimeout"/>; its stdout when it succeeded.</summary>
    private static RunResult Run(string ffmpeg, IReadOnlyList<string> arguments, out string? output)
    {
        output = null;
        long started = Stopwatch.GetTimestamp();
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(ffmpeg, arguments, keepInput: false, onErrorLine: null);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return RunResult.NotRun;
        }

        using (process)
        {
            Task<string> reading = new StreamReader(process.Output).ReadToEndAsync();
            if (!reading.Wait(RunTimeout))
            {
                return RunResult.NotRun;
            }

            TimeSpan left = RunTimeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || !process.WaitForExit(left))
            {
                return RunResult.NotRun;
            }

            if (process.ExitCode != 0)
            {
                return RunResult.Failed;
            }

            output = reading.Result;
            return RunResult.Succeeded;
        }
    }

    private enum RunResult
    {
        /// <summary>Could not be started, or did not finish in time: no answer.</summary>
        NotRun,

        /// <summary>Exited with a code other than 0.</summary>
        Failed,

        Succeeded,
    }
}
