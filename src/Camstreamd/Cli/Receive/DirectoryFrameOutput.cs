using System.Globalization;
using System.Text.RegularExpressions;

namespace Camstreamd.Cli.Receive;

/// <summary>
/// Numbered JPEGs in a directory (<c>000001.jpg</c>, …), numbering on after the highest already there so a restarted
/// timelapse adds to it instead of overwriting it. Each is written under a hidden temporary name and renamed into
/// place, so a reader of the directory never sees a half-written file and an interrupted run leaves none behind.
/// The file's mtime is the capture time when the sender said (X-Timestamp), else the arrival time.
/// </summary>
internal sealed partial class DirectoryFrameOutput : IFrameOutput
{
    private readonly string _directory;
    private long _next;

    private DirectoryFrameOutput(string directory, long next)
    {
        _directory = directory;
        _next = next;
    }

    public string Description => _directory;

    public static DirectoryFrameOutput Open(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            long highest = Directory.EnumerateFiles(directory, "*.jpg")
                .Select(Path.GetFileName)
                .Select(name => NumberedName().Match(name!))
                .Where(match => match.Success)
                .Select(match => long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0)
                .DefaultIfEmpty(0)
                .Max();
            return new DirectoryFrameOutput(directory, highest + 1);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ReceiveFailure(ReceiveExitCode.CannotCreate, $"cannot use the directory {directory}: {exception.Message}");
        }
    }

    public async ValueTask WriteAsync(FrameBuffer frame, CancellationToken cancellationToken)
    {
        string name = _next.ToString("D6", CultureInfo.InvariantCulture) + ".jpg";
        string path = Path.Combine(_directory, name);
        string temporary = Path.Combine(_directory, $".{name}.part");
        try
        {
            await File.WriteAllBytesAsync(temporary, frame.Memory, cancellationToken).ConfigureAwait(false);
            if (frame.CapturedAt is DateTimeOffset captured)
            {
                File.SetLastWriteTimeUtc(temporary, captured.UtcDateTime);
            }

            File.Move(temporary, path, overwrite: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (exception is OperationCanceledException)
            {
                throw;
            }

            throw new ReceiveFailure(ReceiveExitCode.CannotCreate, $"cannot write {path}: {exception.Message}");
        }

        _next++;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Nothing more we can do; the name starts with a dot and ends in .part, so it is not mistaken for a frame.
        }
    }

    [GeneratedRegex(@"^(\d{6,})\.jpg$")]
    private static partial Regex NumberedName();
}
