namespace Camstreamd.Status;

/// <summary>Implemented by the streaming core: the facts behind STATUS= and exit-on-idle.</summary>
internal interface IServiceStatusSource
{
    /// <summary>A consistent snapshot of the current state; cheap, called every couple of seconds.</summary>
    ServiceStatus GetStatus();
}
