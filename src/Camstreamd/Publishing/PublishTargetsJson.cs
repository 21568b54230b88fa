using System.Text.Json;

namespace Camstreamd.Publishing;

/// <summary>The <c>targets</c> array of /state.</summary>
internal static class PublishTargetsJson
{
    public static void Write(Utf8JsonWriter json, IReadOnlyList<PublishTargetSnapshot> targets)
    {
        json.WriteStartArray("targets");
        foreach (PublishTargetSnapshot target in targets)
        {
            json.WriteStartObject();
            json.WriteString("url", target.Url);
            json.WriteString("codec", target.Codec);
            json.WriteString("encoder", target.Encoder);
            json.WriteString("state", target.State);
            json.WriteString("since", target.Since);
            json.WriteNumber("framesSent", target.FramesSent);
            json.WriteNumber("framesDropped", target.FramesDropped);
            if (double.IsNaN(target.KilobitsPerSecond))
            {
                json.WriteNull("bitrateKbps");
            }
            else
            {
                json.WriteNumber("bitrateKbps", target.KilobitsPerSecond);
            }

            json.WriteString("lastError", target.LastError);
            json.WriteNumber("restarts", target.Restarts);
            if (target.Pid > 0)
            {
                json.WriteNumber("pid", target.Pid);
            }
            else
            {
                json.WriteNull("pid");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
