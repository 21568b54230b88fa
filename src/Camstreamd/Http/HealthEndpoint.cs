using Camstreamd.Capture;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary><c>GET /healthz</c>: 200 while capturing or idle by design, 503 with the reason while the source fails.</summary>
internal sealed class HealthEndpoint
{
    private readonly CaptureService _capture;

    public HealthEndpoint(CaptureService capture)
    {
        _capture = capture;
    }

    public Task HandleAsync(HttpContext context)
    {
        CaptureStatus status = _capture.Status;
        if (status.State == CaptureState.Failed)
        {
            return HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"source {status.Source.Kind} {status.Source.Location} is failing: {status.LastError}");
        }

        string state = status.State == CaptureState.Idle ? "ok: idle, the source is released until someone watches" : $"ok: {StateEndpoint.StateName(status.State)}";
        return HttpErrors.WriteAsync(context, StatusCodes.Status200OK, state);
    }
}
