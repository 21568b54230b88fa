using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Camstreamd.Configuration;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Authentication;

/// <summary>
/// Decides whether a request may go on, for the Kestrel pipeline (<see cref="AuthenticationMiddleware"/>) and the
/// direct stream path alike: HTTP Basic against <c>Auth:Users</c>, or <c>?token=</c> against <c>Auth:Tokens</c> where
/// tokens are accepted. Reads the current settings on each call, so a reload adds or removes users for the next request.
/// A password is checked on the thread pool, at most <see cref="ConcurrentChecks"/> at a time, so guesses cannot take
/// every thread; a right one is remembered (<see cref="VerifiedCredentials"/>).
/// </summary>
internal sealed class Authenticator : IDisposable
{
    /// <summary>Password checks running at once: each takes a core for a fraction of a second (600 000 iterations).</summary>
    public static readonly int ConcurrentChecks = Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    /// <summary>How long a request waits for its turn to check a password before it gets 503.</summary>
    public static readonly TimeSpan CheckQueueTimeout = TimeSpan.FromSeconds(10);

    private const string BasicScheme = "Basic ";
    private const int MaxShownUserLength = 64;

    // Checked for an unknown user, so that a wrong name costs as long as a wrong password and names cannot be probed.
    private static readonly Lazy<PasswordHash> UnknownUserHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString()));

    private readonly SettingsStore _settings;
    private readonly FailedAttempts _failures;
    private readonly VerifiedCredentials _verified;
    private readonly SemaphoreSlim _checks = new(ConcurrentChecks, ConcurrentChecks);
    private readonly ILogger<Authenticator> _logger;

    public Authenticator(SettingsStore settings, TimeProvider time, ILogger<Authenticator> logger)
    {
        _settings = settings;
        _logger = logger;
        _failures = new FailedAttempts(time);
        _verified = new VerifiedCredentials(time);
        LogMode(settings.Current.Auth);
        settings.Changed += OnSettingsChanged;
    }

    /// <summary>True when requests must authenticate (<c>Auth:Users</c> is not empty).</summary>
    public bool IsEnabled => _settings.Current.Auth.IsEnabled;

    /// <summary>
    /// Checks a request from <paramref name="address"/> with its <c>Authorization</c> header (or null) and its <c>token</c>
    /// query value (or null), which counts only when <paramref name="tokenAccepted"/>.
    /// </summary>
    public async ValueTask<AuthDecision> AuthenticateAsync(string? authorization, string? token, bool tokenAccepted, IPAddress? address, CancellationToken cancellationToken)
    {
        AuthOptions auth = _settings.Current.Auth;
        if (!auth.IsEnabled)
        {
            return AuthDecision.Open;
        }

        address ??= IPAddress.None;
        if (_failures.IsLockedOut(address, out TimeSpan retryAfter))
        {
            return new AuthDecision(AuthOutcome.LockedOut, null, retryAfter);
        }

        if (tokenAccepted && !string.IsNullOrEmpty(token))
        {
            return FindToken(auth, token) is { } name
                ? Allowed(address, $"token {name}")
                : Fail(address, "a token");
        }

        if (authorization is null)
        {
            // A browser's first request never carries credentials: not a failure, just the challenge.
            return AuthDecision.Challenge;
        }

        if (!TryDecodeBasic(authorization, out string user, out string password))
        {
            return Fail(address, "unreadable Authorization header");
        }

        AuthUserOptions? entry = auth.Users.Find(candidate => string.Equals(candidate.Name, user, StringComparison.Ordinal));
        if (entry is not null && _verified.Contains(user, password, entry.PasswordHash))
        {
            return Allowed(address, user);
        }

        PasswordHash? stored = null;
        if (entry is not null)
        {
            PasswordHash.TryParse(entry.PasswordHash, out stored, out _);
        }

        if (!await _checks.WaitAsync(CheckQueueTimeout, cancellationToken).ConfigureAwait(false))
        {
            Log.ChecksBusy(_logger, address.ToString(), ConcurrentChecks);
            return new AuthDecision(AuthOutcome.Busy, null, TimeSpan.FromSeconds(1));
        }

        bool matches;
        try
        {
            // Off the connection's thread: the check is a fraction of a second of pure CPU.
            matches = await Task.Run(() => (stored ?? UnknownUserHash.Value).Matches(password) && stored is not null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _checks.Release();
        }

        if (!matches)
        {
            return Fail(address, Shown(user));
        }

        _verified.Add(user, password, entry!.PasswordHash);
        return Allowed(address, user);
    }

    public void Dispose()
    {
        _settings.Changed -= OnSettingsChanged;
        _checks.Dispose();
    }

    private AuthDecision Allowed(IPAddress address, string identity)
    {
        Log.Authenticated(_logger, address.ToString(), identity);
        return AuthDecision.Allowed(identity);
    }

    private AuthDecision Fail(IPAddress address, string user)
    {
        FailureRecord failure = _failures.Record(address);
        if (failure.ShouldLog)
        {
            Log.AuthenticationFailed(_logger, address.ToString(), user);
        }

        if (failure.LockedOutNow)
        {
            Log.AddressLockedOut(_logger, address.ToString(), failure.Failures, FailedAttempts.Lockout.TotalSeconds);
            return new AuthDecision(AuthOutcome.LockedOut, null, FailedAttempts.Lockout);
        }

        return AuthDecision.Challenge;
    }

    /// <summary>The matching token's name; every token is compared (as SHA-256 digests, equal lengths) in constant time.</summary>
    private static string? FindToken(AuthOptions auth, string token)
    {
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> known = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), given);
        string? found = null;
        foreach (AuthTokenOptions candidate in auth.Tokens)
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate.Token), known);
            if (CryptographicOperations.FixedTimeEquals(given, known))
            {
                found ??= candidate.Name;
            }
        }

        return found;
    }

    private static bool TryDecodeBasic(string authorization, out string user, out string password)
    {
        user = "";
        password = "";
        if (!authorization.StartsWith(BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(authorization[BasicScheme.Length..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        string pair = Encoding.UTF8.GetString(decoded);
        int colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        user = pair[..colon];
        password = pair[(colon + 1)..];
        return true;
    }

    /// <summary>The user name as a log shows it: bounded, one line.</summary>
    private static string Shown(string user)
    {
        string line = new([.. user.Take(MaxShownUserLength).Select(c => char.IsControl(c) ? '?' : c)]);
        return string.Create(CultureInfo.InvariantCulture, $"user '{line}'{(user.Length > MaxShownUserLength ? "..." : "")}");
    }

    private void OnSettingsChanged(CamstreamdSettings previous, CamstreamdSettings next)
    {
        if (previous.Auth.Users.Count != next.Auth.Users.Count || previous.Auth.Tokens.Count != next.Auth.Tokens.Count)
        {
            LogMode(next.Auth);
        }
    }

    private void LogMode(AuthOptions auth)
    {
        if (auth.IsEnabled)
        {
            Log.AuthenticationOn(_logger, auth.Users.Count, auth.Tokens.Count);
        }
        else
        {
            Log.AuthenticationOff(_logger);
        }
    }
}
