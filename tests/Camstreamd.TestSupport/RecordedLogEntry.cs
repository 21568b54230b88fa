using Microsoft.Extensions.Logging;

namespace Camstreamd.TestSupport;

/// <summary>One entry captured by <see cref="RecordingLogger{T}"/>.</summary>
public sealed record RecordedLogEntry(LogLevel Level, EventId EventId, string Message, Exception? Exception);
