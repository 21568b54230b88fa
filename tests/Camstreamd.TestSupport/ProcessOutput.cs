using System.Diagnostics;
using System.Text;

namespace Camstreamd.TestSupport;

/// <summary>
/// A started process's stdout and stderr lines, interleaved as they arrive, for failure messages.
/// The process raises its data events on pool threads, hence the lock.
/// </summary>
public sealed class ProcessOutput
{
    private readonly StringBuilder _lines = new();

    /// <summary>Subscribes to both streams and starts reading them; call right after <see cref="Process.Start()"/>.</summary>
    public void Follow(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return _lines.ToString();
        }
    }

    private void Collect(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.AppendLine(e.Data);
        }
    }
}
