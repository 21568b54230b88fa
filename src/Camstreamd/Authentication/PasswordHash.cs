using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Camstreamd.Authentication;

/// <summary>
/// A password stored as <c>$pbkdf2-sha256$i=ITERATIONS$SALT$HASH</c>: PBKDF2 with HMAC-SHA256, SALT and HASH in
/// base64 without padding (the PHC string format's layout). Self-describing, so the iteration count can be raised
/// later without breaking stored strings. At least 600 000 iterations, OWASP's figure for PBKDF2-SHA256.
/// </summary>
internal sealed class PasswordHash
{
    public const string Prefix = "$pbkdf2-sha256$";

    public const int MinimumIterations = 600_000;

    /// <summary>The count <c>camstreamd hash-password</c> writes.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>A bound so that a typo (an extra zero or three) cannot make every login take minutes.</summary>
    public const int MaximumIterations = 10_000_000;

    public const string Format = "$pbkdf2-sha256$i=ITERATIONS$SALT$HASH (the last line of `camstreamd hash-password`)";

    private const int SaltBytes = 16;
    private const int MinimumSaltBytes = 8;
    private const int HashBytes = 32;

    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    public int Iterations { get; }

    /// <summary>A new hash of <paramref name="password"/> with a fresh random salt.</summary>
    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(iterations, salt, Derive(password, salt, iterations));
    }

    /// <summary>Parses the stored string; on failure <paramref name="reason"/> says what is wrong without repeating it.</summary>
    public static bool TryParse(string text, out PasswordHash? hash, out string reason)
    {
        hash = null;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            reason = $"it does not start with {Prefix} (a plain-text password is never accepted)";
            return false;
        }

        string[] fields = text[Prefix.Length..].Split('$');
        if (fields.Length != 3 || !fields[0].StartsWith("i=", StringComparison.Ordinal))
        {
            reason = "it does not have the three fields i=ITERATIONS$SALT$HASH after the prefix";
            return false;
        }

        if (!int.TryParse(fields[0].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int iterations)
            || iterations is < MinimumIterations or > MaximumIterations)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its iteration count is not a whole number from {MinimumIterations} to {MaximumIterations}");
            return false;
        }

        byte[]? salt = FromBase64(fields[1]);
        byte[]? digest = FromBase64(fields[2]);
        if (salt is null || salt.Length < MinimumSaltBytes)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its salt is not base64 of at least {MinimumSaltBytes} bytes");
            return false;
        }

        if (digest is null || digest.Length != HashBytes)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its hash is not base64 of {HashBytes} bytes");
            return false;
        }

        hash = new PasswordHash(iterations, salt, digest);
        reason = "";
        return true;
    }

    /// <summary>True when <paramref name="password"/> is the one hashed; the expensive part, compared in constant time.</summary>
    public bool Matches(string password) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, _salt, Iterations), _hash);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}i={Iterations}${ToBase64(_salt)}${ToBase64(_hash)}");

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[]? FromBase64(string text)
    {
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        string padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
