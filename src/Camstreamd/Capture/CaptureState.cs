namespace Camstreamd.Capture;

/// <summary>Where the capture loop is; shown in /state and used by /healthz.</summary>
public enum CaptureState
{
    /// <summary>Nobody watches; the source is released by design.</summary>
    Idle,

    /// <summary>Opening the source.</summary>
    Starting,

    /// <summary>Frames are flowing.</summary>
    Running,

    /// <summary>The source failed; the loop retries while someone watches.</summary>
    Failed,

    /// <summary>Privacy is on: the source is released and viewers get the privacy picture.</summary>
    Privacy,
}
