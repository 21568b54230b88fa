namespace Camstreamd.Sources.Command;

/// <summary>
/// The last few lines a command wrote to stderr, kept so that when it fails the reason it gave itself
/// ("no cameras available", "Connection refused") reaches /state and the journal. Thread-safe: lines
/// arrive on the reader task, the capture thread reads them.
/// </summary>
internal sealed class ErrorOutputTail
{
    /// <summary>Lines kept; more would not fit one status line anyway.</summary>
    public const int Capacity = 5;

    /// <summary>A runaway line (binary junk on stderr) is cut to this many characters.</summary>
    public const int MaxLineLength = 300;

    private readonly Queue<string> _lines = new(Capacity);
    private readonly Lock _gate = new();

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

        lock (_gate)
        {
            if (_lines.Count == Capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(trimmed);
        }
    }

    /// <summary>The most recent non-empty line, or null.</summary>
    public string? LastLine
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count == 0 ? null : _lines.ToArray()[^1];
            }
        }
    }

    public string[] Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }
}
