using System.Text;
using Camstreamd.Authentication;

namespace Camstreamd.Cli;

/// <summary>
/// <c>camstreamd hash-password</c>: reads a password from standard input (asked twice, without echo, on a terminal;
/// the first line otherwise, for scripts: <c>printf '%s\n' "$PW" | camstreamd hash-password</c>) and prints the
/// <see cref="PasswordHash"/> string for <c>Auth:Users:N:PasswordHash</c> as its last line. Prompts go to standard error,
/// so standard output is the string alone.
/// </summary>
internal static class HashPasswordCommand
{
    public const string Usage = "usage: camstreamd hash-password   (the password on standard input)";

    /// <summary>EX_USAGE: an argument, or an empty password.</summary>
    private const int UsageError = 64;

    /// <summary>EX_DATAERR: the two passwords typed differ.</summary>
    private const int DataError = 65;

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0)
        {
            error.WriteLine($"camstreamd hash-password: unknown argument '{args[0]}'. {Usage}");
            return UsageError;
        }

        string? password;
        if (interactive)
        {
            password = ReadHidden("Password: ", error);
            if (password.Length > 0 && ReadHidden("Again: ", error) != password)
            {
                error.WriteLine("camstreamd hash-password: the passwords differ; nothing written.");
                return DataError;
            }
        }
        else
        {
            password = input.ReadLine();
        }

        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("camstreamd hash-password: the password is empty; give one on standard input.");
            return UsageError;
        }

        output.WriteLine(PasswordHash.Create(password).ToString());
        return 0;
    }

    /// <summary>Reads a line from the terminal without echoing it.</summary>
    private static string ReadHidden(string prompt, TextWriter error)
    {
        error.Write(prompt);
        StringBuilder typed = new();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        error.WriteLine();
        return typed.ToString();
    }
}
