using System.Globalization;
using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.Hosting;

/// <summary>
/// Gives back the pages of the program's own file (its code, read-only data and unwind tables) that the daemon no longer
/// uses: start-up, configuration, and the code of whatever nobody watches any more (issue #12).
/// The kernel reads a file ahead of what a fault asks for and maps 64 KB around each page touched, so the Native AOT
/// binary (17 MB) stayed 13 MB resident while a viewer used under 3 MB of it. Here each read-only mapping of the program
/// is marked as read at random (<c>MADV_RANDOM</c>: a page of data comes back alone, when it is used), paged out
/// (<c>MADV_PAGEOUT</c>, Linux 5.4) and dropped from the page cache. Code is still read ahead when it faults
/// (Linux 6.18 reads <c>read_ahead_kb</c> from the faulting page whatever the advice; 128 KB on an SD card).
/// The pages are clean copies of the file: nothing is lost, and a page used again costs one read, the first time only.
/// </summary>
internal static class ProgramPages
{
    /// <summary>Advises the kernel on each read-only mapping of the program; returns the bytes those mappings span, and
    /// the errno of a call the kernel refused (a kernel before 5.4 has no <c>MADV_PAGEOUT</c>).</summary>
    public static ProgramPagesResult Release()
    {
        int file = Libc.open("/proc/self/exe", Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (file < 0)
        {
            return new ProgramPagesResult(0, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Libc.statx(file, string.Empty, Libc.AT_EMPTY_PATH, Libc.STATX_INO, out Statx program) != 0)
            {
                return new ProgramPagesResult(0, Marshal.GetLastPInvokeError());
            }

            // A page not yet written back cannot be dropped: a binary copied in place a moment ago is all such pages.
            // Best effort: where it fails (a file system that cannot sync) the clean pages still go.
            _ = Libc.fdatasync(file);

            ProgramPagesResult advised = AdviseMappings(program);
            if (advised.Errno != 0)
            {
                return advised;
            }

            // The pages read ahead that no mapping took.
            return advised with { Errno = Libc.posix_fadvise(file, 0, 0, Libc.POSIX_FADV_DONTNEED) };
        }
        finally
        {
            Libc.close(file);
        }
    }

    private static ProgramPagesResult AdviseMappings(Statx program)
    {
        string device = string.Create(CultureInfo.InvariantCulture, $"{program.DeviceMajor:x2}:{program.DeviceMinor:x2}");
        long spanned = 0;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            // start-end permissions offset major:minor inode path
            string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1][1] == 'w' || fields[3] != device
                || !ulong.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode) || inode != program.Inode)
            {
                continue;
            }

            int dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            nint start = nint.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            nint end = nint.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            nuint length = (nuint)(end - start);
            if (Libc.madvise(start, length, Libc.MADV_RANDOM) != 0 || Libc.madvise(start, length, Libc.MADV_PAGEOUT) != 0)
            {
                return new ProgramPagesResult(spanned, Marshal.GetLastPInvokeError());
            }

            spanned += end - start;
        }

        return new ProgramPagesResult(spanned, 0);
    }
}
