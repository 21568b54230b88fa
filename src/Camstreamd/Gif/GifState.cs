using System.Text.Json;

namespace Camstreamd.Gif;

/// <summary>The <c>gif</c> object of /state: the settings in force and what the encoder did.</summary>
internal static class GifState
{
    public static void Write(Utf8JsonWriter json, GifOptions options, GifStatistics statistics, int viewers)
    {
        (int width, int height) = statistics.Size;
        long encoded = statistics.FramesEncoded;
        json.WriteStartObject("gif");
        json.WriteBoolean("enabled", options.Enabled);
        json.WriteNumber("clientCount", viewers);
        json.WriteNumber("configuredWidth", options.Width);
        json.WriteNumber("width", width);
        json.WriteNumber("height", height);
        json.WriteNumber("framesPerSecond", options.FramesPerSecond);
        json.WriteNumber("colors", options.Colors);
        json.WriteString("dither", options.Dither);
        json.WriteNumber("framesEncoded", encoded);
        json.WriteNumber("framesPassedThrough", statistics.FramesPassedThrough);
        json.WriteNumber("framesFailed", statistics.FramesFailed);
        json.WriteNumber("bytesEncoded", statistics.BytesEncoded);
        json.WriteString("encoderError", statistics.EncoderFailure);
        json.WriteNumber("meanEncodeMilliseconds", encoded == 0 ? 0 : Math.Round(statistics.EncodeTime.TotalMilliseconds / encoded, 2));
        json.WriteEndObject();
    }
}
