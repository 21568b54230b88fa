namespace Camstreamd.Status;

/// <summary>Implemented by the streaming core: the facts behind STATUS= and exit-on-idle.</summary>
internal interface IServiceStatusSource
{
    /// <summary>A consistent snapshot of the current state; cheap, called every couple of seconds.</summary>
    ServiceStatus GetStatus();

    /// <summary>
    /// Raised when a fact behind the status changed other than the frame rate (a viewer came or went, the capture state
    /// changed); never per frame. Lets a reader that polls while streaming sleep while idle.
    /// </summary>
    event Action? Changed;
}
