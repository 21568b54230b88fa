namespace Camstreamd.Status;

/// <summary>The last reload's rejection, kept in the STATUS= line until a reload succeeds.</summary>
internal sealed class ReloadOutcome
{
    private string? _rejection;

    /// <summary>Why the last reload was rejected, or null when it was accepted (or none happened).</summary>
    public string? Rejection
    {
        get => Volatile.Read(ref _rejection);
        set => Volatile.Write(ref _rejection, value);
    }

    /// <summary>The status line with the rejection appended when there is one.</summary>
    public string Decorate(string line) => Rejection is { } reason ? $"{line}; reload rejected: {reason}" : line;
}
