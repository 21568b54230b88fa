using Camstreamd.V4l2;

namespace Camstreamd.Cli;

/// <summary>One pixel format of a device with its frame sizes.</summary>
internal sealed record FormatReport(V4l2FormatDescription Format, IReadOnlyList<SizeReport> Sizes);
