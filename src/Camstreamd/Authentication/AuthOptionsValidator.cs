using System.Globalization;
using Camstreamd.Configuration;

namespace Camstreamd.Authentication;

/// <summary>
/// The <c>Auth</c> keys' rules, and the one rule they share with <c>Tcp</c>. A message never repeats a password
/// hash or a token: the key and the reason are enough to fix it, and the journal is readable by more people
/// than the configuration file.
/// </summary>
internal static class AuthOptionsValidator
{
    public static void Validate(AuthOptions auth, TcpOptions tcp, List<string> errors)
    {
        HashSet<string> names = new(StringComparer.Ordinal);
        for (int i = 0; i < auth.Users.Count; i++)
        {
            AuthUserOptions user = auth.Users[i];
            string key = string.Create(CultureInfo.InvariantCulture, $"Auth:Users:{i}");
            if (user.Name.Length == 0 || user.Name.Contains(':', StringComparison.Ordinal) || user.Name.Any(char.IsControl))
            {
                errors.Add($"{key}:Name is '{user.Name}'; allowed: a non-empty name without ':' or control characters (HTTP Basic cannot carry them).");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{key}:Name '{user.Name}' appears twice in Auth:Users; allowed: each name once.");
            }

            if (!PasswordHash.TryParse(user.PasswordHash, out _, out string reason))
            {
                errors.Add($"{key}:PasswordHash is not a password hash: {reason} (the value is not shown); allowed: {PasswordHash.Format}.");
            }
        }

        HashSet<string> tokenNames = new(StringComparer.Ordinal);
        HashSet<string> tokens = new(StringComparer.Ordinal);
        for (int i = 0; i < auth.Tokens.Count; i++)
        {
            AuthTokenOptions token = auth.Tokens[i];
            string key = string.Create(CultureInfo.InvariantCulture, $"Auth:Tokens:{i}");
            if (token.Name.Length == 0 || token.Name.Any(char.IsControl))
            {
                errors.Add($"{key}:Name is '{token.Name}'; allowed: a non-empty name (logs show it instead of the token).");
            }
            else if (!tokenNames.Add(token.Name))
            {
                errors.Add($"{key}:Name '{token.Name}' appears twice in Auth:Tokens; allowed: each name once.");
            }

            if (token.Token.Length < AuthTokenOptions.MinimumLength || token.Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Token is {token.Token.Length} characters long or holds spaces (the value is not shown); allowed: at least {AuthTokenOptions.MinimumLength} characters without spaces, e.g. from `openssl rand -hex 16`."));
            }
            else if (!tokens.Add(token.Token))
            {
                errors.Add($"{key}:Token is the same as an earlier token's (the value is not shown); allowed: a token of its own per client, so one can be revoked alone.");
            }
        }

        if (auth.Tokens.Count > 0 && !auth.IsEnabled)
        {
            errors.Add("Auth:Tokens is set but Auth:Users is empty, so nothing asks for a token and everyone may watch; allowed: tokens together with at least one Auth:Users entry.");
        }

        if (auth.IsEnabled && tcp.Port != 0 && !tcp.AllowUnauthenticated)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Tcp:Port is {tcp.Port} while Auth:Users is set, but the TCP stream has no credentials: anyone reaching the port would watch; allowed: Tcp:Port=0, or Tcp:AllowUnauthenticated=true to serve it unauthenticated on purpose."));
        }
    }
}
