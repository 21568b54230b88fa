namespace Camstreamd.Cli.Receive;

/// <summary>Ends <c>camstreamd receive</c> with <see cref="ExitCode"/> and the message on standard error: retrying would not help.</summary>
internal sealed class ReceiveFailure : Exception
{
    public ReceiveFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public ReceiveFailure()
    {
    }

    public ReceiveFailure(string message)
        : base(message)
    {
    }

    public ReceiveFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ReceiveExitCode.DataError;
}
