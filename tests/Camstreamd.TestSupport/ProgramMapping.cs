namespace Camstreamd.TestSupport;

/// <summary>One mapping of a program's file (<see cref="ProgramMappings"/>); sizes in KB, as smaps gives them.</summary>
public sealed record ProgramMapping(string Permissions, long SizeKilobytes, long ResidentKilobytes, IReadOnlyList<string> Flags)
{
    public bool IsWritable => Permissions[1] == 'w';

    public bool IsExecutable => Permissions[2] == 'x';

    public override string ToString() => $"{Permissions} {ResidentKilobytes} of {SizeKilobytes} KB resident, flags {string.Join(' ', Flags)}";
}
