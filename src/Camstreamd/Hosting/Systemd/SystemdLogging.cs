using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Chooses the console format: journald's &lt;priority&gt; prefixes under systemd, plain lines otherwise.</summary>
internal static class SystemdLogging
{
    /// <summary>Adds the console logger suited to where stdout goes; filters and levels stay the caller's.</summary>
    public static void AddConsole(ILoggingBuilder builder, SystemdContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsJournal)
        {
            // The built-in formatter writes "<6>category[id] message" so `journalctl -p warning` filters;
            // journald stamps the time itself.
            builder.AddSystemdConsole(options =>
            {
                options.IncludeScopes = false;
                options.TimestampFormat = null;
            });
        }
        else
        {
            builder.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
                options.ColorBehavior = LoggerColorBehavior.Default;
            });
        }
    }
}
