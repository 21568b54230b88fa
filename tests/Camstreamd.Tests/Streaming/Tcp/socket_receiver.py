"""A receiver written the way the "live video over Python sockets" projects write theirs:
socket + struct.unpack("Q", ...) for the length, then cv2.imdecode. Prints WIDTHxHEIGHT per frame.

usage: /usr/bin/python3 socket_receiver.py HOST PORT FRAMES
"""
import socket
import struct
import sys

import cv2
import numpy as np

host, port, wanted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect((host, port))
data = b""
length_size = struct.calcsize("Q")
for _ in range(wanted):
    while len(data) < length_size:
        packet = client.recv(4 * 1024)
        if not packet:
            sys.exit("the server closed the connection")
        data += packet
    frame_size = struct.unpack("Q", data[:length_size])[0]
    data = data[length_size:]
    while len(data) < frame_size:
        packet = client.recv(64 * 1024)
        if not packet:
            sys.exit("the server closed the connection in the middle of a frame")
        data += packet
    frame_data, data = data[:frame_size], data[frame_size:]
    frame = cv2.imdecode(np.frombuffer(frame_data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if frame is None:
        sys.exit(f"a frame of {frame_size} bytes did not decode")
    height, width = frame.shape[:2]
    print(f"{width}x{height}", flush=True)
client.close()
