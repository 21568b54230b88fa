using Camstreamd.Gif;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources;

/// <summary>What a source kind may need to make its source, beside the Camera settings.</summary>
/// <param name="Time">The clock every source paces and times out by.</param>
/// <param name="Loggers">For the source's own logger.</param>
/// <param name="GifOriginals">Where the folder source hands GIF files' own frames to <c>/stream.gif</c> (none in tools and tests that do not stream GIF).</param>
/// <param name="Device">The camera <c>Camera:Source=auto</c> found, opened instead of <c>Camera:Device</c>; null otherwise.</param>
internal sealed record SourceContext(TimeProvider Time, ILoggerFactory Loggers, GifPassthrough? GifOriginals, string? Device = null);
