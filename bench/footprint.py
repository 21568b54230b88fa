"""Footprint of one server for bench/footprint.sh: start-up, idle cost, and CPU/RSS under 1 and 200 viewers.

    footprint.py NAME PORT MJPEG_LOAD OUT_JSON -- COMMAND...

Starts COMMAND with NOTIFY_SOCKET set to a socket of its own and measures, in one run of it:
  - start: seconds from exec to READY=1 (sd_notify; a server that never sends it reports none) and to the
    first 200 answer of /snapshot (polled every 5 ms);
  - idle: after the first snapshot, no viewer for IDLE_SETTLE seconds (the daemon releases its source after
    Streaming:IdleTimeout, 10 s by default), then IDLE_SECONDS of CPU (utime+stime from /proc/PID/stat) and
    wake-ups (voluntary and involuntary context switches of every thread, from /proc/PID/task/*/status),
    then STRACE_SECONDS under `strace -c -f` for the system calls made while idle;
  - 1 viewer and 200 viewers: mjpeg-load's CPU % of a core and RSS peak, each over LOAD_SECONDS after a
    5 s warm-up, on the same process.
Writes one JSON object. Not a test: it asserts nothing.
"""
import glob
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

name, port, mjpeg_load, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
command = sys.argv[sys.argv.index("--") + 1:]
idle_settle = float(os.environ.get("IDLE_SETTLE", "15"))
idle_seconds = float(os.environ.get("IDLE_SECONDS", "60"))
strace_seconds = float(os.environ.get("STRACE_SECONDS", "20"))
load_seconds = int(os.environ.get("LOAD_SECONDS", "20"))
ticks = os.sysconf("SC_CLK_TCK")

notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
notify_name = f"\0camstreamd-bench-{os.getpid()}"
notify.bind(notify_name)
notify.setblocking(False)
env = dict(os.environ, NOTIFY_SOCKET="@" + notify_name[1:])

result = {"name": name}
t0 = time.monotonic()
process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=open(out + ".log", "wb"))
pid = process.pid


def poll_ready():
    try:
        while True:
            message = notify.recv(4096).decode(errors="replace")
            if "READY=1" in message.split("\n") and "ready_s" not in result:
                result["ready_s"] = round(time.monotonic() - t0, 3)
    except BlockingIOError:
        pass


try:
    deadline = t0 + 60
    while time.monotonic() < deadline:
        poll_ready()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/snapshot", timeout=2) as response:
                if response.status == 200 and response.read(2) == b"\xff\xd8":
                    result["first_snapshot_s"] = round(time.monotonic() - t0, 3)
                    break
        except OSError:
            pass
        time.sleep(0.005)
    if "first_snapshot_s" not in result:
        raise SystemExit(f"{name}: no /snapshot within 60 s; see {out}.log")
    end = time.monotonic() + 2
    while "ready_s" not in result and time.monotonic() < end:
        poll_ready()
        time.sleep(0.01)

    def cpu_seconds():
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    def switches():
        total = 0
        for status in glob.glob(f"/proc/{pid}/task/*/status"):
            try:
                with open(status) as f:
                    for line in f:
                        if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total

    def rss_mb():
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        return 0.0

    time.sleep(idle_settle)
    c0, s0, w0 = cpu_seconds(), switches(), time.monotonic()
    time.sleep(idle_seconds)
    c1, s1, w1 = cpu_seconds(), switches(), time.monotonic()
    result["idle_cpu_pct"] = round(100 * (c1 - c0) / (w1 - w0), 3)
    result["idle_wakeups_per_s"] = round((s1 - s0) / (w1 - w0), 2)
    result["idle_rss_mb"] = round(rss_mb(), 1)
    result["threads"] = len(os.listdir(f"/proc/{pid}/task"))

    trace = subprocess.run(["timeout", "-s", "INT", str(strace_seconds), "strace", "-c", "-f", "-p", str(pid)],
                           capture_output=True, text=True)
    calls = {}
    for line in trace.stderr.splitlines():
        parts = line.split()
        if len(parts) >= 5 and parts[0].replace(".", "").isdigit() and parts[-1] != "total":
            calls[parts[-1]] = int(parts[3])
    result["idle_syscalls_per_s"] = round(sum(calls.values()) / strace_seconds, 2)
    result["idle_syscalls_top"] = dict(sorted(calls.items(), key=lambda item: -item[1])[:6])

    for viewers, label in ((1, "1_viewer"), (200, "200_viewers")):
        extra = ["--ramp", "2"] if viewers > 1 else []
        load = subprocess.run([mjpeg_load, "-c", str(viewers), *extra, "--duration", str(load_seconds), "--warmup", "5",
                               "--sample-pid", str(pid), "--label", f"{name}-{label}", f"http://127.0.0.1:{port}/stream"],
                              capture_output=True, text=True, check=True)
        data = json.loads(load.stdout)
        fps = data["classes"]["normal"].get("fps_per_client") or {}
        result[f"{label}_cpu_pct"] = round(data["server"]["cpu_pct"], 2)
        result[f"{label}_rss_peak_mb"] = round(data["server"]["rss_peak_mb"], 1)
        result[f"{label}_fps_min"] = round(fps.get("min", 0), 2)
        time.sleep(2)
finally:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()

with open(out, "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result))
