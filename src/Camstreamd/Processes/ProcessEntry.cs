namespace Camstreamd.Processes;

/// <summary>One line of /proc/PID/stat, the fields that matter for ending a process tree (proc(5)).</summary>
/// <param name="Pid">Field 1.</param>
/// <param name="State">Field 3: R, S, D, Z (zombie), ...</param>
/// <param name="Parent">Field 4, ppid.</param>
/// <param name="Group">Field 5, the process group.</param>
internal readonly record struct ProcessEntry(int Pid, char State, int Parent, int Group)
{
    /// <summary>False for a zombie: it has ended, only its parent's wait is missing.</summary>
    public bool IsRunning => State is not ('Z' or 'X' or 'x');
}
