"""Footprint of one server for bench/footprint.sh: start-up, idle cost, and CPU/RSS under 1 and 200 viewers.

    footprint.py NAME PORT MJPEG_LOAD OUT_JSON -- COMMAND...

Starts COMMAND with NOTIFY_SOCKET set to a socket of its own and measures, in one run of it:
  - start: seconds from exec to READY=1 (sd_notify; a server that never sends it reports none) and to the
    first 200 answer of /snapshot (polled every 5 ms);
  - idle: after the first snapshot, no viewer for IDLE_SETTLE seconds (the daemon releases its source after
    Streaming:IdleTimeout, 10 s by default), then IDLE_SECONDS of CPU (utime+stime from /proc/PID/stat) and
    wake-ups: a thread's voluntary context switch is one sleep it was woken from (what a wake-up costs a small
    board), counted for every thread from /proc/PID/task/*/status and listed per thread name; involuntary
    switches (preemptions: a spinning or busy thread on a loaded machine) are reported apart. Then
    STRACE_SECONDS under `strace -c -f` for the system calls made while idle;
  - 1 viewer and 200 viewers: mjpeg-load's CPU % of a core and RSS peak, each over LOAD_SECONDS after a
    5 s warm-up, on the same process, and what the RSS is made of at the end (RssAnon: the process's own
    memory; RssFile: mapped files, the program and its libraries, clean pages the kernel can drop).
With START_ONLY=1 only the start is measured (bench/footprint-vm.sh runs it inside vivid-vm).
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


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def switches():
    # {thread name: [voluntary, involuntary]} summed over the threads of that name.
    counts = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                thread = f.read().strip()
            entry = counts.setdefault(thread, [0, 0])
            with open(task + "/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches"):
                        entry[0] += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches"):
                        entry[1] += int(line.split()[1])
        except OSError:
            pass
    return counts


def rss_mb(field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure_running():
    time.sleep(idle_settle)
    c0, s0, w0 = cpu_seconds(), switches(), time.monotonic()
    time.sleep(idle_seconds)
    c1, s1, w1 = cpu_seconds(), switches(), time.monotonic()
    span = w1 - w0
    result["idle_cpu_pct"] = round(100 * (c1 - c0) / span, 3)
    woken = {thread: (counts[0] - s0.get(thread, [0, 0])[0], counts[1] - s0.get(thread, [0, 0])[1]) for thread, counts in s1.items()}
    result["idle_wakeups_per_s"] = round(sum(v for v, _ in woken.values()) / span, 2)
    result["idle_preemptions_per_s"] = round(sum(n for _, n in woken.values()) / span, 2)
    result["idle_wakeups_by_thread"] = {thread: round(v / span, 2) for thread, (v, _) in sorted(woken.items(), key=lambda item: -item[1][0]) if v}
    result["idle_rss_mb"] = round(rss_mb(), 1)
    result["idle_rss_anon_mb"] = round(rss_mb("RssAnon"), 1)
    result["idle_rss_file_mb"] = round(rss_mb("RssFile"), 1)
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
        result[f"{label}_rss_anon_mb"] = round(rss_mb("RssAnon"), 1)
        result[f"{label}_rss_file_mb"] = round(rss_mb("RssFile"), 1)
        time.sleep(2)


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

    result["start_rss_mb"] = round(rss_mb(), 1)
    if os.environ.get("START_ONLY") != "1":
        measure_running()
finally:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()

with open(out, "w") as f:
    json.dump(result, f, indent=1)
print(json.dumps(result))
