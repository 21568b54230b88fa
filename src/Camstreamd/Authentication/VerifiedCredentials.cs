using System.Security.Cryptography;
using System.Text;

namespace Camstreamd.Authentication;

/// <summary>
/// Remembers credentials that verified, for <see cref="Lifetime"/>, so that a viewer page's requests (the page, its
/// stream, /state every second) do not each cost 600 000 PBKDF2 iterations. What is kept is an HMAC-SHA256 of the user
/// name, the password and the stored hash string under a key made at start and never stored: the memory holds no
/// password, the entries are useless to anyone without the key, and a changed hash in the configuration no longer matches.
/// </summary>
internal sealed class VerifiedCredentials
{
    /// <summary>How long a verification is reused; after it the password is checked again (and a removed user is long out).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const int MaxEntries = 1024;

    // Made at the first verification, not at start: RandomNumberGenerator loads OpenSSL (libssl and libcrypto, about
    // 3.6 MB of resident memory), which a daemon without users (the default) never needs otherwise (issue #12).
    private byte[]? _key;
    private readonly Dictionary<UInt128, DateTimeOffset> _entries = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;

    public VerifiedCredentials(TimeProvider time)
    {
        _time = time;
    }

    public bool Contains(string user, string password, string passwordHash)
    {
        UInt128 id = Identify(user, password, passwordHash);
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            return _entries.TryGetValue(id, out DateTimeOffset expires) && expires > now;
        }
    }

    public void Add(string user, string password, string passwordHash)
    {
        UInt128 id = Identify(user, password, passwordHash);
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.Count >= MaxEntries)
            {
                foreach ((UInt128 key, DateTimeOffset expires) in _entries)
                {
                    if (expires <= now)
                    {
                        _entries.Remove(key);
                    }
                }

                if (_entries.Count >= MaxEntries)
                {
                    _entries.Clear();
                }
            }

            _entries[id] = now + Lifetime;
        }
    }

    private UInt128 Identify(string user, string password, string passwordHash)
    {
        // Length-prefixed fields, so that no two different triples give the same input.
        byte[] input = Encoding.UTF8.GetBytes($"{user.Length}:{user}{password.Length}:{password}{passwordHash}");
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        byte[] key = LazyInitializer.EnsureInitialized(ref _key, static () => RandomNumberGenerator.GetBytes(32));
        HMACSHA256.HashData(key, input, mac);
        CryptographicOperations.ZeroMemory(input);
        // 128 of the 256 bits: collisions stay out of reach and the key is a value type.
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(mac);
    }
}
