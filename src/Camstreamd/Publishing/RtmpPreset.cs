using System.Text;

namespace Camstreamd.Publishing;

/// <summary>
/// An ffmpeg preset file (<c>-fpre</c>, lines of <c>option=value</c>) that carries an RTMP URL's
/// application and stream name as <c>rtmp_app</c> and <c>rtmp_playpath</c>: ffmpeg 5.1 has no other way to
/// take part of an output URL from somewhere other than its command line. Written mode 0600 in the
/// daemon's private temporary folder, deleted when that ffmpeg ends.
/// </summary>
internal static class RtmpPreset
{
    /// <summary>
    /// The options for <paramref name="url"/>, or null when its path is not of the plain forms
    /// <c>/app</c> or <c>/app/stream[?query]</c>, whose split ffmpeg would do the same way; others stay in the URL.
    /// </summary>
    public static string? Contents(PublishUrl url)
    {
        string path = url.PathAndQuery;
        if (url.IsRtsp || path.Length <= 1 || path[0] != '/')
        {
            return null;
        }

        string rest = path[1..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return $"rtmp_app={rest}\n";
        }

        string app = rest[..slash];
        string stream = rest[(slash + 1)..];
        string name = stream.Split('?')[0];
        // ffmpeg gives a path of more segments, or a stream name with a type (mp4:, .flv), meanings of its own.
        if (app.Length == 0 || app.Contains('?', StringComparison.Ordinal) || stream.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal)
            || name.EndsWith(".flv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".f4v", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return $"rtmp_app={app}\nrtmp_playpath={stream}\n";
    }

    /// <summary>The URL without its path: what ffmpeg's command line shows when the preset file is used.</summary>
    public static string ServerUrl(PublishUrl url) => url.UserInfo is null ? $"{url.Scheme}://{url.HostAndPort}" : $"{url.Scheme}://{url.UserInfo}@{url.HostAndPort}";

    /// <summary>Writes the preset for <paramref name="url"/> to a new private file; null when the URL needs none.</summary>
    public static string? Write(PublishUrl url)
    {
        string? contents = Contents(url);
        if (contents is null)
        {
            return null;
        }

        string path = Path.Combine(Path.GetTempPath(), $"camstreamd-publish-{Guid.NewGuid():N}.ffpreset");
        FileStreamOptions options = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (FileStream file = new(path, options))
        {
            file.Write(Encoding.UTF8.GetBytes(contents));
        }

        return path;
    }
}
