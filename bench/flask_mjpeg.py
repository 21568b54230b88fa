"""The Flask MJPEG pattern (a generator per viewer yielding multipart JPEG parts), as issue #2 compared against.

Serves the benchmark's JPEG folder in a loop at a fixed rate on /stream and the current frame on /snapshot, each
part with X-Timestamp so mjpeg-load can measure latency. Run with Debian's /usr/bin/python3 (python3-flask):
    flask_mjpeg.py FOLDER PORT FPS
"""
import glob
import os
import sys
import threading
import time

from flask import Flask, Response

folder, port, fps = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
frames = [open(path, "rb").read() for path in sorted(glob.glob(os.path.join(folder, "*.jpg")))]
app = Flask(__name__)
started = time.monotonic()


def current():
    return frames[int((time.monotonic() - started) * fps) % len(frames)]


def parts():
    period = 1.0 / fps
    due = time.monotonic()
    while True:
        jpeg = current()
        yield (b"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\nX-Timestamp: %.6f\r\n\r\n"
               % (len(jpeg), time.time())) + jpeg + b"\r\n"
        due += period
        time.sleep(max(0.0, due - time.monotonic()))


@app.route("/stream")
def stream():
    return Response(parts(), mimetype="multipart/x-mixed-replace; boundary=frame")


@app.route("/snapshot")
def snapshot():
    return Response(current(), mimetype="image/jpeg")


if __name__ == "__main__":
    threading.excepthook = lambda args: None
    app.run(host="127.0.0.1", port=port, threaded=True)
