namespace Camstreamd.TestSupport;

/// <summary>How <see cref="DaemonProcess"/> starts the daemon, beyond its port and command-line arguments.</summary>
public sealed class DaemonStart
{
    /// <summary>Variables set in the daemon's environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>A program that starts the daemon (its arguments follow), e.g. systemd-socket-activate and its options.</summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>
    /// Another copy of the Native AOT binary to run than <see cref="DaemonBinary.Program"/>, for a test that must be the
    /// only process mapping the program's file. Only with <see cref="DaemonBinary.IsNative"/>.
    /// </summary>
    public string? NativeCopy { get; init; }

    /// <summary>Return once the daemon answers /state; false for a launcher that starts it only on a connection.</summary>
    public bool WaitUntilServing { get; init; } = true;

    /// <summary>
    /// What the launcher prints once its sockets are bound; the start returns only after every line has come. Until
    /// then a connection is refused (seen in CI: curl exit 7 on a loaded machine).
    /// </summary>
    public IReadOnlyList<string> ListeningLines { get; init; } = [];

    /// <summary>
    /// The Native AOT binary run from a copy of its own in <paramref name="directory"/>, so the daemon is the only process
    /// mapping its program's file (the kernel pages out nothing another process maps); the JIT build as it is.
    /// </summary>
    public static DaemonStart FromOwnCopy(TempDirectory directory)
    {
        if (!DaemonBinary.IsNative)
        {
            return new DaemonStart();
        }

        string copy = directory.File("camstreamd");
        File.Copy(DaemonBinary.Program, copy);
        return new DaemonStart { NativeCopy = copy };
    }

    /// <summary>
    /// Started by systemd-socket-activate(1) listening on 127.0.0.1 at <paramref name="ports"/>, the way a .socket unit
    /// starts it: it execs the daemon in its own process on the first connection, passing the sockets from fd 3 on.
    /// </summary>
    public static DaemonStart SocketActivated(params int[] ports) => new()
    {
        Launcher = ["systemd-socket-activate", .. ports.SelectMany(port => (string[])["-l", $"127.0.0.1:{port}"])],
        WaitUntilServing = false,

        // systemd-socket-activate binds each socket, then prints "Listening on 127.0.0.1:PORT as FD." on stderr.
        ListeningLines = [.. ports.Select(port => $"Listening on 127.0.0.1:{port} as ")],
    };
}
