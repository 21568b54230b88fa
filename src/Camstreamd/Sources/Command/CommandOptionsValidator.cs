using Camstreamd.Configuration;
using Camstreamd.Processes;
using Camstreamd.Security;

namespace Camstreamd.Sources.Command;

/// <summary>The Camera keys <c>Camera:Source=command</c> needs, checked at start.</summary>
internal static class CommandOptionsValidator
{
    /// <summary>The program must exist now: a typo should stop the daemon at start, not fail at the first viewer.</summary>
    public static void Validate(CameraOptions camera, ICollection<string> errors)
    {
        string command = camera.Command;
        if (string.IsNullOrWhiteSpace(command))
        {
            errors.Add("Camera:Command is empty; Camera:Source 'command' needs a command line that writes MJPEG to its standard output, e.g. rpicam-vid -t 0 -n --codec mjpeg --width {width} --height {height} --framerate {fps} -o -");
            return;
        }

        string program = CommandLine.Program(command);
        if (ExecutablePath.Find(program) is null)
        {
            string where = program.Contains('/', StringComparison.Ordinal)
                ? $"'{program}' is not an executable file"
                : $"'{program}' is not an executable on PATH ({Environment.GetEnvironmentVariable("PATH")})";
            errors.Add($"Camera:Command is '{Redact.UrlsIn(command)}'; allowed: a command line whose first word is an installed program or the path of an executable file; {where}.");
        }
    }
}
