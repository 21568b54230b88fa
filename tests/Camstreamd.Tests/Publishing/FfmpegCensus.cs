using System.Globalization;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// Counts the running ffmpeg processes whose command line holds a given text (a target's server address),
/// sampled in the background for a test's length, so a pile-up between samples of the test itself is seen too.
/// </summary>
internal sealed class FfmpegCensus : IAsyncDisposable
{
    private readonly string _needle;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public FfmpegCensus(string needle)
    {
        _needle = needle;
        _sampling = Task.Run(SampleAsync);
    }

    public int Most { get; private set; }

    public int Samples { get; private set; }

    /// <summary>Publishers only: the test's own receiving ffmpeg (a listener) is not counted.</summary>
    public static int Count(string needle)
    {
        int count = 0;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (argv.Length > 0 && Path.GetFileName(argv[0]) == "ffmpeg" && argv.Any(argument => argument.Contains(needle, StringComparison.Ordinal)) && !argv.Contains("listen"))
            {
                count++;
            }
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Most = Math.Max(Most, Count(_needle));
            Samples++;
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
