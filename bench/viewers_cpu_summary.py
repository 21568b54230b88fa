"""Summary of bench/viewers-cpu.sh's rounds: `python3 bench/viewers_cpu_summary.py RESULTS.tsv`.

RESULTS.tsv has one line per server and round: round, server, CPU % of a core, frames per second per viewer. Prints each
server's mean CPU, per second and per frame delivered, and its ratio to the first server's: the geometric mean of
the rounds' ratios (each round's servers side by side; on the logarithms, so a/b and b/a come out as inverses), with a
95 % interval (Student's t), so a machine that got busier between rounds shows as a wider interval instead of a bias.
Not a test.
"""
import math
import statistics
import sys
from collections import defaultdict

# Student's t at 97.5 % for 1..30 degrees of freedom; above that, the normal's 1.96.
T975 = [12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13,
        2.12, 2.11, 2.10, 2.09, 2.09, 2.08, 2.07, 2.07, 2.06, 2.06, 2.06, 2.05, 2.05, 2.05, 2.04]


def ratio_interval(ratios):
    """Geometric mean of the ratios and its 95 % interval (low, high); the interval is the mean itself for one ratio."""
    logs = [math.log(r) for r in ratios]
    mean = statistics.fmean(logs)
    half = 0.0
    if len(logs) >= 2:
        t = T975[len(logs) - 2] if len(logs) - 1 <= len(T975) else 1.96
        half = t * statistics.stdev(logs) / len(logs) ** 0.5
    return math.exp(mean), math.exp(mean - half), math.exp(mean + half)


def main():
    rounds = defaultdict(dict)
    servers = []
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            rnd, server, cpu, fps = line.split("\t")
            rounds[int(rnd)][server] = (float(cpu), float(fps))
            if server not in servers:
                servers.append(server)
    if not servers:
        return
    reference = servers[0]
    print(f"{len(rounds)} rounds; ratios are to {reference}, paired by round")
    for server in servers:
        cpu = [r[server][0] for r in rounds.values() if server in r]
        # CPU per frame: ms of CPU for each frame a viewer got (a server that sends fewer frames does less).
        per_frame = [r[server][0] * 10 / r[server][1] for r in rounds.values() if server in r and r[server][1] > 0]
        line = f"{server:24s} cpu {statistics.fmean(cpu):6.3f} %"
        if per_frame:
            line += f"  per frame {statistics.fmean(per_frame):6.3f} ms"
        if server != reference:
            both = [r for r in rounds.values() if server in r and reference in r]
            ratio, low, high = ratio_interval([r[server][0] / r[reference][0] for r in both])
            # A round where either server's viewers got no frame at all has no CPU per frame.
            framed = [r for r in both if r[server][1] > 0 and r[reference][1] > 0]
            line += f"  ratio {ratio:.3f} ({low:.3f}-{high:.3f})"
            if framed:
                frame, frame_low, frame_high = ratio_interval(
                    [(r[server][0] / r[server][1]) / (r[reference][0] / r[reference][1]) for r in framed])
                line += f"  per frame {frame:.3f} ({frame_low:.3f}-{frame_high:.3f})"
        print(line)


if __name__ == "__main__":
    main()
