namespace Camstreamd.Processes;

/// <summary>
/// The last non-empty line a command wrote to stderr, kept so that when it fails the reason it gave itself
/// ("no cameras available", "Connection refused") reaches /state and the journal. Lines arrive on the
/// stderr reader thread; the capture thread reads the last one.
/// </summary>
internal sealed class ErrorOutputTail
{
    /// <summary>A runaway line (binary junk on stderr) is cut to this many characters.</summary>
    public const int MaxLineLength = 300;

    private string? _lastLine;

    /// <summary>The most recent non-empty line, or null.</summary>
    public string? LastLine => Volatile.Read(ref _lastLine);

    public void Add(string line)
    {
        string trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }

        if (trimmed.Length > MaxLineLength)
        {
            trimmed = string.Concat(trimmed.AsSpan(0, MaxLineLength), "…");
        }

        Volatile.Write(ref _lastLine, trimmed);
    }
}
