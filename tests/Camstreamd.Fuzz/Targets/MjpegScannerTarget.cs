using Camstreamd.Sources.Command;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// The command source's MJPEG scanner over a command's output as it arrives: the first byte chooses the read
/// size, the rest is the output, fed as CommandOutputReader feeds it (scan, drop what is finished, read more).
/// Every image or broken image returned must lie inside the buffer and within the length limit.
/// </summary>
internal static class MjpegScannerTarget
{
    // Small, so inputs afl-fuzz can make reach the "too large" path.
    private const int MaxImageLength = 2048;

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        int chunk = 1 + (input[0] % 64) * 16;
        MjpegStreamScanner scanner = new(MaxImageLength);
        byte[] buffer = new byte[MaxImageLength + 2048];
        int filled = 0;
        int offset = 1;
        while (true)
        {
            MjpegScanResult result = scanner.Scan(buffer.AsSpan(0, filled), out int start, out int length, out string? reason);
            if (result != MjpegScanResult.NeedMore)
            {
                Check.That(start >= 0 && length > 0 && start + length <= filled, "an image outside the buffer");
                Check.That(length <= MaxImageLength + chunk + 1, "an image over the length limit");
                Check.That(result == MjpegScanResult.Image || reason is not null, "a broken image without a reason");
                continue;
            }

            if (offset >= input.Length)
            {
                return;
            }

            int finished = scanner.Finished;
            Check.That(finished >= 0 && finished <= filled, "Finished outside the buffer");
            buffer.AsSpan(finished, filled - finished).CopyTo(buffer);
            filled -= finished;
            scanner.Discard(finished);
            int take = Math.Min(Math.Min(chunk, input.Length - offset), buffer.Length - filled);
            Check.That(take > 0, "the buffer is full: the scanner kept an image past its limit");
            input.AsSpan(offset, take).CopyTo(buffer.AsSpan(filled));
            filled += take;
            offset += take;
        }
    }
}
