using System.Net;

namespace Camstreamd.Authentication;

/// <summary>
/// Failed authentications per client address (the IP, not the port: a new connection is free): the first failure of
/// a minute is logged, the tenth within a minute locks the address out for a minute (429). Time is an injected
/// <see cref="TimeProvider"/>, so tests step over the minute instead of waiting for it.
/// </summary>
internal sealed class FailedAttempts
{
    /// <summary>Failures within <see cref="Window"/> that lock an address out.</summary>
    public const int Limit = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(1);

    // Bounds what a scan from many addresses can make us hold; beyond it, expired entries are dropped first.
    private const int MaxTrackedAddresses = 10_000;

    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly Lock _lock = new();

    public FailedAttempts(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>True while <paramref name="address"/> is locked out, with the time left.</summary>
    public bool IsLockedOut(IPAddress address, out TimeSpan retryAfter)
    {
        DateTimeOffset now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(Normalize(address), out Entry? entry) && entry.LockedUntil > now)
            {
                retryAfter = entry.LockedUntil - now;
                return true;
            }
        }

        retryAfter = TimeSpan.Zero;
        return false;
    }

    /// <summary>Counts one failure of <paramref name="address"/>; says whether to log it and whether it just locked the address out.</summary>
    public FailureRecord Record(IPAddress address)
    {
        DateTimeOffset now = _time.GetUtcNow();
        IPAddress key = Normalize(address);
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out Entry? entry))
            {
                if (_entries.Count >= MaxTrackedAddresses)
                {
                    Prune(now);
                }

                entry = new Entry { WindowStart = now };
                _entries[key] = entry;
            }
            else if (now - entry.WindowStart >= Window && entry.LockedUntil <= now)
            {
                entry.WindowStart = now;
                entry.Count = 0;
            }

            entry.Count++;
            bool lockedNow = entry.Count == Limit;
            if (lockedNow)
            {
                entry.LockedUntil = now + Lockout;
            }

            return new FailureRecord(entry.Count == 1, entry.Count, lockedNow, entry.LockedUntil);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach ((IPAddress address, Entry entry) in _entries)
        {
            if (now - entry.WindowStart >= Window && entry.LockedUntil <= now)
            {
                _entries.Remove(address);
            }
        }

        if (_entries.Count >= MaxTrackedAddresses)
        {
            // Still full of fresh entries: forget them rather than grow; each address starts counting again.
            _entries.Clear();
        }
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Count { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
