"""A real RTSP server that demands a password: GStreamer's RTSP server (gir1.2-gst-rtsp-server-1.0) in record
mode, on 127.0.0.1:PORT/cam, accepting one account with Digest authentication only. What a publisher sends
(RTP/JPEG) is written as numbered JPEG files in OUT. Prints "listening" once it serves.
Options: --tls CERT KEY serves RTSPS (RTSP over TLS, glib-networking) with that PEM certificate and key;
--udp accepts the media over UDP only (RTP/AVP with client_port), not interleaved in the RTSP connection.
Run with Debian's /usr/bin/python3: python3 rtsp_auth_server.py PORT USER PASSWORD OUT [--tls CERT KEY] [--udp]"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gio, GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

port, user, password, out = sys.argv[1:5]
options = sys.argv[5:]
Gst.init(None)

factory = GstRtspServer.RTSPMediaFactory()
factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
factory.set_launch(f"( rtpjpegdepay name=depay0 ! multifilesink location={out}/%06d.jpg )")
factory.set_shared(False)
if "--udp" in options:
    factory.set_protocols(GstRtsp.RTSPLowerTrans.UDP)
permissions = GstRtspServer.RTSPPermissions()
permissions.add_permission_for_role(user, "media.factory.access", True)
permissions.add_permission_for_role(user, "media.factory.construct", True)
factory.set_permissions(permissions)

token = GstRtspServer.RTSPToken()
token.set_string("media.factory.role", user)
auth = GstRtspServer.RTSPAuth()
auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
auth.add_digest(user, password, token)
if "--tls" in options:
    at = options.index("--tls")
    auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(options[at + 1], options[at + 2]))

server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
server.set_auth(auth)
server.get_mount_points().add_factory("/cam", factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print("listening", flush=True)
GLib.MainLoop().run()
