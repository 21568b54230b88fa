using Camstreamd.Fuzz.Targets;
using SharpFuzz;

namespace Camstreamd.Fuzz;

/// <summary>
/// <c>Camstreamd.Fuzz TARGET</c>: runs one target under afl-fuzz (SharpFuzz's fork server; once on standard input
/// when not under afl-fuzz). <c>Camstreamd.Fuzz TARGET FILE...</c> runs the target once per file, to replay a
/// corpus or a crash. An exception a target lets through is a crash: each target catches only what its parser
/// documents as "bad input".
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["mjpeg-scanner"] = MjpegScannerTarget.Run,
        ["jpeg"] = JpegTarget.Run,
        ["gif"] = GifTarget.Run,
        ["http-request"] = HttpRequestTarget.Run,
        ["config"] = ConfigurationTarget.Run,
        ["receive-tcp"] = ReceiveTcpTarget.Run,
        ["receive-multipart"] = ReceiveMultipartTarget.Run,
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.TryGetValue(args[0], out Action<byte[]>? target))
        {
            Console.Error.WriteLine($"usage: Camstreamd.Fuzz TARGET [FILE...]; targets: {string.Join(", ", Targets.Keys)}");
            return 2;
        }

        if (args.Length > 1)
        {
            foreach (string file in args.Skip(1))
            {
                target(File.ReadAllBytes(file));
            }

            return 0;
        }

        Fuzzer.Run(stream =>
        {
            using MemoryStream copy = new();
            stream.CopyTo(copy);
            target(copy.ToArray());
        });
        return 0;
    }
}
