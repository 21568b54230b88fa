using System.Globalization;

namespace Camstreamd.Processes;

/// <summary>
/// Processes as /proc shows them. A command may start helpers of its own (a pipeline, a wrapper script);
/// those outlive it unless they are signalled too, and once their parent is gone they are reparented and
/// can no longer be found by ancestry, so the tree is read before anything is signalled.
/// </summary>
internal static class ProcessTree
{
    /// <summary>Every running descendant of <paramref name="root"/> (not the root itself).</summary>
    public static List<int> Descendants(int root)
    {
        List<ProcessEntry> all = ReadAll();
        List<int> found = new();
        Queue<int> frontier = new();
        frontier.Enqueue(root);
        while (frontier.TryDequeue(out int current))
        {
            foreach (ProcessEntry entry in all)
            {
                if (entry.Parent == current && entry.Pid != root && entry.IsRunning && !found.Contains(entry.Pid))
                {
                    found.Add(entry.Pid);
                    frontier.Enqueue(entry.Pid);
                }
            }
        }

        return found;
    }

    /// <summary>True while any of <paramref name="pids"/>, or any member of process group <paramref name="group"/> (when above 0), still runs.</summary>
    public static bool AnyRunning(IReadOnlyList<int> pids, int group)
    {
        foreach (ProcessEntry entry in ReadAll())
        {
            if (entry.IsRunning && ((group > 0 && entry.Group == group) || pids.Contains(entry.Pid)))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryRead(int pid, out ProcessEntry entry)
    {
        entry = default;
        string stat;
        try
        {
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so parse after the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return false;
        }

        string[] fields = stat[(close + 2)..].Split(' ', 4);
        if (fields.Length < 3 || fields[0].Length == 0
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int parent)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int group))
        {
            return false;
        }

        entry = new ProcessEntry(pid, fields[0][0], parent, group);
        return true;
    }

    private static List<ProcessEntry> ReadAll()
    {
        List<ProcessEntry> all = new();
        IEnumerable<string> directories;
        try
        {
            directories = Directory.EnumerateDirectories("/proc");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return all;
        }

        foreach (string directory in directories)
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && TryRead(pid, out ProcessEntry entry))
            {
                all.Add(entry);
            }
        }

        return all;
    }
}
