"""The AOT binary's method order from callgrind runs (issue #12): `python3 bench/aot_order.py SYMBOLS OUT CALLGRIND_OUT...`.

SYMBOLS is the unstripped program (camstreamd.dbg); each CALLGRIND_OUT (whose `cmd:` line names the program it ran) comes
with a `.base` file beside it, the address at which valgrind mapped the program (valgrind names the code of the program's second text segment, __managedcode, `???` and
gives its absolute addresses). Writes the managed methods that ran, most instructions first, then the methods of our
camera path that no run here reaches (V4L2 and libjpeg-turbo: no camera on this machine), in the order ILC's
`--method-layout:explicit` reads: one symbol a line, unknown lines ignored. Run by bench/aot-order.sh; not a test.
"""
import bisect
import os
import re
import subprocess
import sys

# Methods of the camera path, by symbol prefix: the V4L2 source and capture, the JPEG codec and the system calls they make.
CAMERA_PATH = (
    "Camstreamd_V4l2_",
    "Camstreamd_TurboJpeg_",
    "Camstreamd_Interop_",
    "camstreamd_Camstreamd_Sources_V4l2_",
    "camstreamd_Camstreamd_Jpeg_",
)


def sections(binary):
    """(name, address, size) of each section."""
    out = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = re.search(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if m:
            yield m.group(1), int(m.group(2), 16), int(m.group(3), 16)


def functions(binary):
    """Sorted (address, name) of the program's functions, and the __managedcode range."""
    managed = next((a, a + s) for n, a, s in sections(binary) if n == "__managedcode")
    found = []
    out = subprocess.run(["nm", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[1] in "tT":
            found.append((int(parts[0], 16), parts[2]))
    found.sort()
    return found, managed


def position(token, previous):
    """A callgrind position: absolute, relative to the previous one (+n, -n), or the same (*)."""
    if token == "*":
        return previous
    if token[0] in "+-":
        value = number(token[1:])
        return previous + value if token[0] == "+" else previous - value
    return number(token)


def number(text):
    """Callgrind writes numbers in hexadecimal with 0x, otherwise in decimal."""
    return int(text, 16) if text.startswith("0x") else int(text)


def costs(path, base):
    """Instructions run per absolute program address in one callgrind output (--dump-instr=yes)."""
    names, per_address = {}, {}
    program, offset, address, after_call = None, None, 0, False
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line.startswith("cmd:"):
                program = os.path.realpath(line.split()[1])
                continue
            if line.startswith(("ob=", "cob=")):
                m = re.match(r"c?ob=\((\d+)\)(?: (.*))?", line.strip())
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                if line.startswith("ob="):
                    name = names.get(m.group(1), "")
                    offset = 0 if name.startswith("/") and os.path.realpath(name) == program else base if name == "???" else None
                continue
            if line.startswith("calls="):
                after_call = True
                continue
            if not line[:1].isdigit() and line[:1] not in "+-*":
                continue
            tokens = line.split()
            address = position(tokens[0], address)
            if offset is not None:
                # The line after calls= carries the call's inclusive cost: it counts as run, not as the caller's own work.
                own = 0 if after_call else int(tokens[-1])
                per_address[address - offset] = per_address.get(address - offset, 0) + own + 1
            after_call = False
    return per_address


def main():
    symbols, out, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
    found, (low, high) = functions(symbols)
    starts = [a for a, _ in found]
    ran = {}
    for run in runs:
        with open(run + ".base") as f:
            base = int(f.read().strip(), 0)
        for address, cost in costs(run, base).items():
            i = bisect.bisect_right(starts, address) - 1
            if i >= 0 and low <= found[i][0] < high:
                ran[found[i][1]] = ran.get(found[i][1], 0) + cost
    order = sorted(ran, key=lambda name: -ran[name])
    camera = [name for a, name in found if low <= a < high and name.startswith(CAMERA_PATH) and name not in ran]
    with open(out, "w") as f:
        for name in order + camera:
            f.write(name + "\n")
    print(f"{len(order)} methods ran, {len(camera)} camera-path methods added: {out}")


if __name__ == "__main__":
    main()
