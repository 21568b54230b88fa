namespace Camstreamd.Cli.Receive;

/// <summary>The sender went away or could not be reached: <c>camstreamd receive</c> reconnects with backoff until <c>--timeout</c>.</summary>
internal sealed class ConnectionLost : Exception
{
    public ConnectionLost()
    {
    }

    public ConnectionLost(string message)
        : base(message)
    {
    }

    public ConnectionLost(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
