using System.Globalization;

namespace Camstreamd.TestSupport;

/// <summary>The mappings of a process's own program file, read from /proc/PID/smaps: their permissions, size, what
/// of them is resident and the kernel's flags for them (VmFlags, such as "rr" after MADV_RANDOM).</summary>
public static class ProgramMappings
{
    public static IReadOnlyList<ProgramMapping> Read(int processId)
    {
        string program = File.ResolveLinkTarget($"/proc/{processId}/exe", returnFinalTarget: false)?.FullName
            ?? throw new InvalidOperationException($"/proc/{processId}/exe is not a link");
        List<ProgramMapping> mappings = new();
        string? permissions = null;
        long size = 0, resident = 0;
        foreach (string line in File.ReadLines($"/proc/{processId}/smaps"))
        {
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                // A mapping's first line: start-end permissions offset device inode [path]
                permissions = fields.Length == 6 && fields[5].Trim() == program ? fields[1] : null;
            }
            else if (permissions is not null && fields[0] == "Size:")
            {
                size = long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            else if (permissions is not null && fields[0] == "Rss:")
            {
                resident = long.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            else if (permissions is not null && fields[0] == "VmFlags:")
            {
                mappings.Add(new ProgramMapping(permissions, size, resident, line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                permissions = null;
            }
        }

        return mappings;
    }
}
