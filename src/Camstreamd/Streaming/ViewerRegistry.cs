namespace Camstreamd.Streaming;

/// <summary>
/// Who is watching: the broadcaster's viewers and the limits on admitting them (all viewers, and viewers per IP
/// address), both counted under one lock so viewers arriving together cannot overshoot either. Publishing targets
/// (<see cref="ViewerKind.Publish"/>) are on the list but count against no limit. The list is copy-on-write, so the
/// capture thread reads <see cref="Current"/> without a lock or an allocation.
/// </summary>
internal sealed class ViewerRegistry
{
    private readonly Lock _gate = new();
    private StreamClient[] _clients = [];
    private int _gifClients;
    private bool _closed;

    /// <summary>The viewers now, for the per-frame path: a snapshot that later adds and removes do not change.</summary>
    public ReadOnlySpan<StreamClient> Current => Volatile.Read(ref _clients);

    /// <summary>The viewers now, as a list (a snapshot, as <see cref="Current"/>).</summary>
    public IReadOnlyList<StreamClient> Clients => Volatile.Read(ref _clients);

    public int Count => Volatile.Read(ref _clients).Length;

    /// <summary>Viewers of the GIF feed, kept as a count rather than counted per read.</summary>
    public int GifCount => Volatile.Read(ref _gifClients);

    /// <summary>True once <see cref="CloseAll"/> ran: no viewer is admitted any more.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="client"/> unless <paramref name="maxClients"/> viewers are there already, or
    /// <paramref name="maxPerAddress"/> come from its IP address (<paramref name="addressFull"/> is then true).
    /// </summary>
    public bool TryAdd(StreamClient client, int maxClients, int maxPerAddress, out bool addressFull)
    {
        addressFull = false;
        lock (_gate)
        {
            if (_closed || CountViewers(_clients) >= maxClients)
            {
                return false;
            }

            if (CountViewersFrom(_clients, ClientAddress.HostOf(client.Address)) >= maxPerAddress)
            {
                addressFull = true;
                return false;
            }

            _clients = [.. _clients, client];
            if (client.Feed == FrameFeed.Gif)
            {
                Volatile.Write(ref _gifClients, _gifClients + 1);
            }

            return true;
        }
    }

    /// <summary>Takes <paramref name="client"/> off the list; false when it was not on it.</summary>
    public bool Remove(StreamClient client)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_clients, client);
            if (index < 0)
            {
                return false;
            }

            StreamClient[] remaining = new StreamClient[_clients.Length - 1];
            Array.Copy(_clients, 0, remaining, 0, index);
            Array.Copy(_clients, index + 1, remaining, index, _clients.Length - index - 1);
            _clients = remaining;
            if (client.Feed == FrameFeed.Gif)
            {
                Volatile.Write(ref _gifClients, _gifClients - 1);
            }

            return true;
        }
    }

    /// <summary>Closes every viewer and admits no new one (shutdown): their streams end cleanly and queued frames are released.</summary>
    public void CloseAll(string reason)
    {
        lock (_gate)
        {
            _closed = true;
        }

        foreach (StreamClient client in Current)
        {
            client.Close(reason, abortConnection: false);
        }
    }

    /// <summary>Closes the viewers of one feed (its producer cannot run); the other feed's viewers stay.</summary>
    public void CloseFeed(FrameFeed feed, string reason)
    {
        foreach (StreamClient client in Current)
        {
            if (client.Feed == feed)
            {
                client.Close(reason, abortConnection: false);
            }
        }
    }

    /// <summary>Viewers (not publishing targets) from the IP address <paramref name="host"/>.</summary>
    private static int CountViewersFrom(StreamClient[] clients, ReadOnlySpan<char> host)
    {
        int viewers = 0;
        foreach (StreamClient client in clients)
        {
            viewers += client.Kind != ViewerKind.Publish && ClientAddress.HostOf(client.Address).SequenceEqual(host) ? 1 : 0;
        }

        return viewers;
    }

    private static int CountViewers(StreamClient[] clients)
    {
        int viewers = 0;
        foreach (StreamClient client in clients)
        {
            viewers += client.Kind == ViewerKind.Publish ? 0 : 1;
        }

        return viewers;
    }
}
