namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// Sets NOTIFY_SOCKET for this process until disposed, then puts back what was there. Only for tests in the
/// <see cref="NotifySocketCollection"/>: nothing else runs while the variable is set.
/// </summary>
internal sealed class NotifySocketVariable : IDisposable
{
    private const string Name = "NOTIFY_SOCKET";
    private readonly string? _previous;

    private NotifySocketVariable(string? value)
    {
        _previous = Environment.GetEnvironmentVariable(Name);
        Environment.SetEnvironmentVariable(Name, value);
    }

    public static NotifySocketVariable Set(string? value) => new(value);

    public void Dispose() => Environment.SetEnvironmentVariable(Name, _previous);
}
