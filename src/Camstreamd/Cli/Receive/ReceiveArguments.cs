using System.Globalization;

namespace Camstreamd.Cli.Receive;

/// <summary>The parsed command line of <c>camstreamd receive</c>.</summary>
internal sealed class ReceiveArguments
{
    public const string Usage = "usage: camstreamd receive URL [--out DIR | --out -] [--count N] [--every SECONDS] [--timeout SECONDS]\n"
        + "  URL: tcp://HOST:PORT (camstreamd's TCP stream) or http(s)://HOST:PORT/stream (any MJPEG stream)";

    /// <summary>The default <c>--timeout</c>: how long to keep trying while no frame arrives.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public required StreamUrl Url { get; init; }

    /// <summary>The directory for numbered JPEGs, or null for standard output (<c>--out -</c>).</summary>
    public string? Directory { get; init; }

    /// <summary>Stop after this many frames; null: never.</summary>
    public long? Count { get; init; }

    /// <summary>Keep one frame per this interval (a timelapse); null: every frame.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Give up after this long without a frame (connecting or connected); <see cref="Timeout.InfiniteTimeSpan"/>: never.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The arguments after "receive", or null with the reason in <paramref name="error"/>.</summary>
    public static ReceiveArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? url = null;
        string directory = ".";
        long? count = null;
        TimeSpan? every = null;
        TimeSpan timeout = DefaultTimeout;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "--out" or "--count" or "--every" or "--timeout")
            {
                if (i + 1 >= args.Count)
                {
                    error = $"{arg} needs a value";
                    return null;
                }

                string value = args[++i];
                switch (arg)
                {
                    case "--out":
                        if (value.Length == 0)
                        {
                            error = "--out needs a directory, or - for standard output";
                            return null;
                        }

                        directory = value;
                        break;
                    case "--count":
                        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n < 1)
                        {
                            error = $"--count is '{value}'; allowed: a whole number of frames from 1 up";
                            return null;
                        }

                        count = n;
                        break;
                    case "--every":
                        if (!TryParseSeconds(value, out TimeSpan interval) || interval <= TimeSpan.Zero)
                        {
                            error = $"--every is '{value}'; allowed: a number of seconds above 0, e.g. 10 or 0.5";
                            return null;
                        }

                        every = interval;
                        break;
                    default:
                        if (!TryParseSeconds(value, out TimeSpan limit) || limit < TimeSpan.Zero)
                        {
                            error = $"--timeout is '{value}'; allowed: a number of seconds, 0 to keep trying for ever";
                            return null;
                        }

                        timeout = limit == TimeSpan.Zero ? System.Threading.Timeout.InfiniteTimeSpan : limit;
                        break;
                }
            }
            else if (arg.StartsWith('-') && arg != "-")
            {
                error = $"unknown option '{arg}'";
                return null;
            }
            else if (url is null)
            {
                url = arg;
            }
            else
            {
                error = $"one URL only; '{arg}' is one too many";
                return null;
            }
        }

        if (url is null)
        {
            error = "a URL is needed";
            return null;
        }

        StreamUrl? parsed = StreamUrl.Parse(url, out error);
        if (parsed is null)
        {
            return null;
        }

        return new ReceiveArguments { Url = parsed, Directory = directory == "-" ? null : directory, Count = count, Every = every, Timeout = timeout };
    }

    private static bool TryParseSeconds(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !double.IsFinite(seconds) || Math.Abs(seconds) > TimeSpan.FromDays(365).TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
