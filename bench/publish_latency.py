#!/usr/bin/python3
"""Reads the receiver's decoded frames (a gray strip holding the test pattern's clock line) from stdin,
reads the clock burned into each frame (HH:MM:SS.mmm, 5x7 glyphs scaled by SCALE) and prints, as JSON,
the latency from capture (the burned clock, UTC) to decoded at the receiver (this process's clock).
Frames of the first WARMUP seconds are not counted.
Usage: ffmpeg ... -vf crop=W:H:X:Y,format=gray -f rawvideo - | publish_latency.py W H SCALE SECONDS WARMUP"""
import json
import sys
import time

# Rows of the digit glyphs, bit 4 leftmost: the test pattern's own font (src/.../TestPattern/DigitFont.cs).
GLYPHS = {
    "0": [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E], "1": [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
    "2": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F], "3": [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
    "4": [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02], "5": [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
    "6": [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E], "7": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    "8": [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E], "9": [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
}
BITS = {digit: [(row >> (4 - column)) & 1 for row in rows for column in range(5)] for digit, rows in GLYPHS.items()}
DIGIT_POSITIONS = [0, 1, 3, 4, 6, 7, 9, 10, 11]  # HH MM SS mmm in "HH:MM:SS.mmm"


def read_digit(frame, width, scale, index):
    left = index * 6 * scale
    cells = [1 if frame[(row * scale + scale // 2) * width + left + column * scale + scale // 2] > 128 else 0
             for row in range(7) for column in range(5)]
    best = min(BITS, key=lambda digit: sum(a != b for a, b in zip(BITS[digit], cells)))
    return best if sum(a != b for a, b in zip(BITS[best], cells)) <= 3 else None


def main():
    width, height, scale, seconds, warmup = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    size = width * height
    stream = sys.stdin.buffer
    latencies, unreadable, start = [], 0, None
    while True:
        frame = stream.read(size)
        arrived = time.time()
        if len(frame) < size:
            break
        start = start or arrived
        if arrived - start < warmup:
            continue
        digits = [read_digit(frame, width, scale, i) for i in DIGIT_POSITIONS]
        if None in digits:
            unreadable += 1
            continue
        text = "".join(digits)
        captured = int(text[0:2]) * 3600 + int(text[2:4]) * 60 + int(text[4:6]) + int(text[6:9]) / 1000
        latency = (arrived % 86400) - captured
        latencies.append(latency + 86400 if latency < -43200 else latency)
        if arrived - start >= warmup + seconds:
            # Keep reading (and ignoring) until the sender stops, so the receiver never sees a broken pipe.
            while stream.read(size):
                pass
            break
    latencies.sort()
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1) if latencies else None
    print(json.dumps({"frames": len(latencies), "unreadable": unreadable, "latency_ms_p50": pick(0.5),
                      "latency_ms_p95": pick(0.95), "latency_ms_max": pick(1.0)}))


main()
