using System.Net.Sockets;
using Camstreamd.Cli;
using Camstreamd.Cli.Receive;
using Camstreamd.Configuration;
using Camstreamd.Hosting;
using Camstreamd.Hosting.Systemd;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Camstreamd;

internal static class Program
{
    private const string Usage = """
        usage: camstreamd [--config PATH] [--Section:Key=value ...]   run the daemon
               camstreamd devices [--json]                            list V4L2 capture devices
               camstreamd controls [--device PATH]                    list a camera's controls
               camstreamd gpio [CHIP]                                 list GPIO chips and their lines (for Gpio:*:Line)
               camstreamd receive URL [--out DIR | --out -] [--count N] [--every SECONDS] [--timeout SECONDS]
                                                                      save frames of tcp://HOST:PORT or http://HOST:PORT/stream
               camstreamd hash-password                               read a password on stdin, print its Auth:Users PasswordHash
               camstreamd make-certificate --host NAME [--out DIR]    write a self-signed camstreamd.crt and camstreamd.key for HTTPS

        Configuration: /etc/camstreamd/appsettings.json (or --config PATH), then CAMSTREAMD_Section__Key
        environment variables, then --Section:Key=value arguments. See the README for every key.

        """;

    /// <summary>EX_CONFIG from sysexits.h: a bad configuration, which a restart will not fix.</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>EX_TEMPFAIL: the HTTP port is in use, which may pass (the service manager starts us again).</summary>
    public const int ListenInUseExitCode = 75;

    /// <summary>EX_OSERR: the HTTP port could not be listened on for another reason (no permission, no such address).</summary>
    public const int ListenFailedExitCode = 71;

    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "devices":
                return DevicesCommand.Run(args[1..], Console.Out);
            case "controls":
                return ControlsCommand.Run(args[1..], Console.Out);
            case "gpio":
                return GpioCommand.Run(args[1..], Console.Out, Console.Error);
            case "receive":
                return ReceiveCommand.Run(args[1..]);
            case "hash-password":
                return HashPasswordCommand.Run(args[1..], Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
            case "make-certificate":
                return MakeCertificateCommand.Run(args[1..], Console.Out, Console.Error);
            case "--help" or "-h" or "help":
                Console.Out.Write(Usage);
                return 0;
        }

        SettingsLoader loader;
        try
        {
            loader = new SettingsLoader(args);
        }
        catch (ArgumentException exception)
        {
            WriteStartupError($"camstreamd: {exception.Message}");
            return ConfigurationErrorExitCode;
        }

        List<string> errors = new();
        CamstreamdSettings? settings = loader.Load(errors);
        if (settings is null)
        {
            WriteStartupError($"camstreamd: invalid configuration ({loader.ConfigPath} and overrides), not starting:");
            foreach (string error in errors)
            {
                WriteStartupError($"  {error}");
            }

            return ConfigurationErrorExitCode;
        }

        using WebApplication app = CamstreamdHost.Build(loader, settings);
        return Run(app, settings.Http);
    }

    /// <summary>Runs the host; a port it cannot listen on is a one-line error and an exit code, not a crash.</summary>
    private static int Run(WebApplication app, HttpOptions http)
    {
        string endpoint = $"{http.Address}:{http.Port} (Http:Address, Http:Port)";
        try
        {
            app.Run();
            return Environment.ExitCode;
        }
        catch (IOException exception) when (exception.InnerException is AddressInUseException)
        {
            WriteStartupError($"camstreamd: cannot listen on {endpoint}: another program, perhaps another camstreamd, uses that port");
            return ListenInUseExitCode;
        }
        catch (SocketException exception)
        {
            string hint = exception.SocketErrorCode == SocketError.AccessDenied && http.Port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : string.Empty;
            WriteStartupError($"camstreamd: cannot listen on {endpoint}: {exception.Message}{hint}");
            return ListenFailedExitCode;
        }
    }

    // Under systemd, stderr lines reach the journal at priority info unless they start with a sd-daemon(3)
    // level prefix; "<3>" (err) makes `journalctl -p err -u camstreamd` show why the service did not start.
    private static void WriteStartupError(string line)
    {
        string prefix = SystemdContext.FromEnvironment().IsJournal ? "<3>" : string.Empty;
        Console.Error.WriteLine(prefix + line);
    }
}
