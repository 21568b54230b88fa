// tcp-load: N readers of camstreamd's TCP stream (Tcp:Port), for `make bench` (bench/tcp.sh).
// Each connection receives, per frame, an 8-byte little-endian length and that many bytes of JPEG. One
// process, epoll, non-blocking sockets: the readers cost as little as mjpeg-load's HTTP readers, so the
// server's CPU and RSS (sampled from /proc) compare with the MJPEG scenario of the same size.
//   tcp-load HOST PORT READERS DURATION WARMUP SERVER_PID LABEL   -> one JSON object on stdout
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME (64u << 20) // what `camstreamd receive` accepts, too

struct reader {
    int fd;
    unsigned char header[8];
    unsigned header_have;
    uint64_t left;          // payload bytes still to come of the current frame
    uint64_t length;        // the current frame's length
    unsigned char first[2]; // its first two bytes (SOI) ...
    unsigned char last[2];  // ... and its last two (EOI)
    long frames, bad, counted_frames;
    int closed;
};

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

// utime + stime of PID in seconds, or -1.
static double cpu_seconds(int pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long utime = 0, stime = 0;
    // After "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) return -1;
    return (double)(utime + stime) / sysconf(_SC_CLK_TCK);
}

static long rss_kb(int pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    fclose(f);
    return kb;
}

// Consumes n bytes of the stream; returns 0, or -1 on a length over MAX_FRAME.
static int consume(struct reader *r, const unsigned char *p, size_t n) {
    while (n > 0) {
        if (r->left == 0) {
            size_t take = 8 - r->header_have < n ? 8 - r->header_have : n;
            memcpy(r->header + r->header_have, p, take);
            r->header_have += take;
            p += take;
            n -= take;
            if (r->header_have < 8) return 0;
            r->header_have = 0;
            uint64_t length = 0;
            for (int i = 7; i >= 0; i--) length = (length << 8) | r->header[i];
            if (length > MAX_FRAME) return -1;
            r->left = r->length = length;
            if (length == 0) { r->bad++; continue; }
            continue;
        }
        size_t take = r->left < n ? (size_t)r->left : n;
        uint64_t offset = r->length - r->left;
        for (size_t i = 0; i < take && offset + i < 2; i++) r->first[offset + i] = p[i];
        if (take >= 2) { r->last[0] = p[take - 2]; r->last[1] = p[take - 1]; }
        else { r->last[0] = r->last[1]; r->last[1] = p[0]; }
        r->left -= take;
        p += take;
        n -= take;
        if (r->left == 0) {
            int whole = r->first[0] == 0xFF && r->first[1] == 0xD8 && r->last[0] == 0xFF && r->last[1] == 0xD9;
            r->frames++;
            if (!whole) r->bad++;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 8) {
        fprintf(stderr, "usage: tcp-load HOST PORT READERS DURATION WARMUP SERVER_PID LABEL\n");
        return 64;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]), count = atoi(argv[3]), pid = atoi(argv[6]);
    double duration = atof(argv[4]), warmup = atof(argv[5]);
    const char *label = argv[7];
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1 || count < 1 || duration <= 0) {
        fprintf(stderr, "tcp-load: bad arguments\n");
        return 64;
    }

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct reader *readers = calloc(count, sizeof *readers);
    for (int i = 0; i < count; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
            fprintf(stderr, "tcp-load: connect %d: %s\n", i, strerror(errno));
            return 69;
        }
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        readers[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &readers[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }

    static unsigned char buffer[1 << 16];
    struct epoll_event events[256];
    double start = now(), measure_from = start + warmup, end = measure_from + duration, next_sample = measure_from;
    double cpu_before = -1, cpu_after = -1;
    long rss_peak = 0, rss_sum = 0, rss_samples = 0, disconnects = 0, overlong = 0;
    int measuring = 0;
    while (now() < end) {
        int n = epoll_wait(ep, events, 256, 100);
        for (int i = 0; i < n; i++) {
            struct reader *r = events[i].data.ptr;
            for (;;) {
                ssize_t got = read(r->fd, buffer, sizeof buffer);
                if (got > 0) {
                    if (consume(r, buffer, (size_t)got) != 0) { overlong++; got = 0; }
                    else continue;
                }
                if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
                    epoll_ctl(ep, EPOLL_CTL_DEL, r->fd, NULL);
                    close(r->fd);
                    r->closed = 1;
                    disconnects++;
                }
                break;
            }
        }
        double t = now();
        if (!measuring && t >= measure_from) {
            measuring = 1;
            cpu_before = cpu_seconds(pid);
            for (int i = 0; i < count; i++) readers[i].counted_frames = readers[i].frames;
        }
        if (measuring && t >= next_sample) {
            long kb = rss_kb(pid);
            if (kb > 0) { rss_sum += kb; rss_samples++; if (kb > rss_peak) rss_peak = kb; }
            next_sample += 1;
        }
    }
    cpu_after = cpu_seconds(pid);

    long frames = 0, bad = 0, slowest = -1;
    for (int i = 0; i < count; i++) {
        long got = readers[i].frames - readers[i].counted_frames;
        frames += got;
        bad += readers[i].bad;
        if (slowest < 0 || got < slowest) slowest = got;
        if (!readers[i].closed) close(readers[i].fd);
    }
    printf("{\"label\":\"%s\",\"readers\":%d,\"duration_s\":%.1f,\"frames\":%ld,\"fps_per_reader\":%.2f,"
           "\"slowest_reader_fps\":%.2f,\"bad_frames\":%ld,\"disconnects\":%ld,\"overlong\":%ld,"
           "\"server_cpu_percent\":%.2f,\"server_rss_peak_mb\":%.1f,\"server_rss_mean_mb\":%.1f}\n",
           label, count, duration, frames, frames / duration / count, slowest / duration, bad, disconnects, overlong,
           cpu_before >= 0 && cpu_after >= 0 ? (cpu_after - cpu_before) / duration * 100 : -1,
           rss_peak / 1024.0, rss_samples ? rss_sum / 1024.0 / rss_samples : -1);
    return 0;
}
