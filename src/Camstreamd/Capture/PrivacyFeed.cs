using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Privacy;
using Camstreamd.Streaming;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Capture;

/// <summary>
/// What viewers get while privacy is on, from the capture thread only: <see cref="PrivacyPicture"/> at the camera's
/// configured size, encoded once and published as an ordinary pooled frame, so connected viewers and /snapshot see
/// that the camera is off rather than a frozen or black picture.
/// </summary>
internal sealed class PrivacyFeed
{
    private readonly FrameBroadcaster _broadcaster;
    private readonly FramePool _pool;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private byte[]? _picture;
    private long _sequence;

    public PrivacyFeed(FrameBroadcaster broadcaster, FramePool pool, SettingsStore settings, TimeProvider time)
    {
        _broadcaster = broadcaster;
        _pool = pool;
        _settings = settings;
        _time = time;
    }

    /// <summary>The camera's size may have changed (a reload): the picture is made again at the new one. Any thread.</summary>
    public void Forget() => Volatile.Write(ref _picture, null);

    /// <summary>Publishes the privacy picture once; the reason when it cannot be made (viewers then keep the connection and get nothing).</summary>
    public string? Publish()
    {
        CameraOptions camera = _settings.Current.Camera;
        byte[]? picture = Volatile.Read(ref _picture);
        if (picture is null)
        {
            try
            {
                picture = PrivacyPicture.Encode(camera.Width, camera.Height, camera.JpegQuality);
            }
            catch (TurboJpegException exception)
            {
                return $"the privacy picture cannot be made: {exception.Message}";
            }

            Volatile.Write(ref _picture, picture);
        }

        Frame frame = _pool.Rent(picture.Length);
        picture.CopyTo(frame.WritableBuffer);
        DateTimeOffset now = _time.GetUtcNow();
        frame.Complete(picture.Length, camera.Width, camera.Height, ++_sequence, _time.GetTimestamp(), (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        _broadcaster.Publish(frame);
        return null;
    }
}
