/*
 * floor: the cheapest server that does the peers' job (bench/peers/README.md), so that every
 * system is shown against what this machine allows. One thread, level-triggered epoll,
 * non-blocking sockets, libc only.
 *
 *   floor PORT RATE SYMBOLS        (BENCH_FEED_DELAY_MS: hold the feed this long, default 0)
 *
 * GET /api/symbols answers the symbol list and closes; GET /ws?symbols=S000,S001 upgrades to
 * WebSocket. The feed runs on a 1 ms timerfd tick; each quote is encoded ONCE as a whole server
 * text frame and those bytes go to every subscriber with one send(MSG_NOSIGNAL|MSG_DONTWAIT).
 * What a send could not take is kept in the connection's backlog, flushed on EPOLLOUT; while a
 * backlog exists, new frames are appended to it (order kept) instead of sent; a backlog over
 * MAX_BACKLOG (1 MB) drops the connection. Client frames are read and ignored, except close
 * (answered, then dropped) and ping (answered with a pong). Totals on stderr at SIGTERM/SIGINT.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "floor.h"

#define FRAME_CAP 512

int ep, nsym, maxfd;
conn *conns;
subscribers *subs;
char *symbols_response;
size_t symbols_response_len;
uint64_t frames_sent, backlogged, dropped_slow, accepted, open_conns;
static int rate;
static uint64_t quotes;

static uint64_t now_us(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

/* The feed: per symbol state in cents, xorshift32 as bench/peers/node/feed.js. */
static uint32_t rnd_state = 20251121, pick_state = 7;
static int *last_cents, *open_cents;
static long *volume;
static uint64_t feed_start;

static uint32_t xorshift(uint32_t *x)
{
    *x ^= *x << 13, *x ^= *x >> 17, *x ^= *x << 5;
    return *x;
}

/* Cents as JSON writes the number: 100 for 10000, 100.1 for 10010, 100.01 for 10001. */
static int price(char *p, int cents)
{
    if (cents % 100 == 0) {
        return sprintf(p, "%d", cents / 100);
    }
    return cents % 10 == 0 ? sprintf(p, "%d.%d", cents / 100, cents % 100 / 10) : sprintf(p, "%d.%02d", cents / 100, cents % 100);
}

static void publish(int i)
{
    static char frame[FRAME_CAP];
    char *j = frame + 4, b[3][16];
    uint32_t r = xorshift(&rnd_state);
    int last = last_cents[i] + (int) (r % 3) - 1;
    last = last < 100 ? 100 : last;
    last_cents[i] = last;
    int last_size = 100 * (1 + (int) ((r >> 4) % 10));
    volume[i] += last_size;
    price(b[0], last - 1), price(b[1], last), price(b[2], open_cents[i]);
    int n = snprintf(j, FRAME_CAP - 4, "{\"type\":\"quote\",\"symbol\":\"S%03d\",\"seq\":%llu,\"ts\":%llu,\"bid\":%s,"
                     "\"ask\":%s,\"last\":%s,\"bidSize\":%d,\"askSize\":%d,\"lastSize\":%d,\"volume\":%ld,\"open\":%s}",
                     i, (unsigned long long) ++quotes, (unsigned long long) now_us(CLOCK_REALTIME), b[0], b[1], b[1],
                     100 * (1 + (int) ((r >> 8) % 10)), 100 * (1 + (int) ((r >> 12) % 10)), last_size, volume[i], b[2]);
    char *f = j - (n > 125 ? 4 : 2); /* one whole text frame: FIN + opcode 1, unmasked length */
    f[0] = (char) 0x81;
    if (n > 125) {
        f[1] = 126, f[2] = (char) (n >> 8), f[3] = (char) n;
    }
    else {
        f[1] = (char) n;
    }
    size_t len = (size_t) (j + n - f);
    subscribers *s = &subs[i];
    for (int k = s->n - 1; k >= 0; k--) { /* backwards: a drop moves the last, already sent, into k */
        if (send_or_keep(s->fds[k], f, len) == 0) {
            frames_sent++;
        }
    }
}

static void tick(void)
{
    uint64_t now = now_us(CLOCK_MONOTONIC);
    uint64_t due = now > feed_start ? (now - feed_start) * (uint64_t) rate / 1000000u : 0;
    while (quotes < due) {
        publish((int) (xorshift(&pick_state) % (uint32_t) nsym));
    }
}

int main(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[1]) <= 0 || atoi(argv[2]) <= 0 || atoi(argv[3]) <= 0 || atoi(argv[3]) > 1000) {
        fprintf(stderr, "usage: floor PORT RATE SYMBOLS (SYMBOLS <= 1000)\n");
        return 2;
    }
    int port = atoi(argv[1]);
    rate = atoi(argv[2]), nsym = atoi(argv[3]);
    long delay_ms = getenv("BENCH_FEED_DELAY_MS") ? atol(getenv("BENCH_FEED_DELAY_MS")) : 0;

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    maxfd = rl.rlim_cur > 1 << 20 ? 1 << 20 : (int) rl.rlim_cur;
    conns = calloc((size_t) maxfd, sizeof(conn));
    subs = calloc((size_t) nsym, sizeof(subscribers));
    last_cents = malloc(sizeof(int) * (size_t) nsym), open_cents = malloc(sizeof(int) * (size_t) nsym);
    volume = malloc(sizeof(long) * (size_t) nsym);
    size_t body_cap = 40 * (size_t) nsym + 2, blen = 1;
    char *body = malloc(body_cap);
    body[0] = '[';
    for (int i = 0; i < nsym; i++) {
        last_cents[i] = open_cents[i] = 10000 + (i % 50) * 100, volume[i] = 10000;
        blen += (size_t) sprintf(body + blen, "%s{\"symbol\":\"S%03d\",\"name\":\"S%03d\"}", i ? "," : "", i, i);
    }
    body[blen++] = ']';
    symbols_response = malloc(blen + 128);
    symbols_response_len = (size_t) sprintf(symbols_response, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                            "Content-Length: %zu\r\nConnection: close\r\n\r\n", blen);
    memcpy(symbols_response + symbols_response_len, body, blen);
    symbols_response_len += blen;
    free(body);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(lfd, (struct sockaddr *) &a, sizeof a) != 0 || listen(lfd, 65535) != 0) {
        perror("floor: bind/listen");
        return 1;
    }
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM), sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct itimerspec its = {.it_interval = {0, 1000000},
                             .it_value = {delay_ms / 1000, delay_ms > 0 ? delay_ms % 1000 * 1000000 : 1000000}};
    timerfd_settime(tfd, 0, &its, NULL);
    feed_start = now_us(CLOCK_MONOTONIC) + (uint64_t) delay_ms * 1000u;

    ep = epoll_create1(EPOLL_CLOEXEC);
    int special[3] = {lfd, tfd, sfd};
    for (int k = 0; k < 3; k++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0xFFFFFFFF00000000ull | (uint32_t) special[k]};
        epoll_ctl(ep, EPOLL_CTL_ADD, special[k], &ev);
    }
    fprintf(stderr, "floor listening on 127.0.0.1:%d rate=%d symbols=%d pid=%d feed delay %ld ms\n", port, rate, nsym,
            (int) getpid(), delay_ms);
    uint64_t ticks = 0;
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, -1);
        for (int k = 0; k < n; k++) {
            int fd = (int) (uint32_t) evs[k].data.u64;
            uint32_t gen = (uint32_t) (evs[k].data.u64 >> 32), e = evs[k].events;
            if (gen == 0xFFFFFFFF && fd == lfd) {
                on_accept(lfd);
            }
            else if (gen == 0xFFFFFFFF && fd == tfd) {
                uint64_t expirations;
                if (read(tfd, &expirations, sizeof expirations) > 0) {
                    ticks++;
                    tick();
                }
            }
            else if (gen == 0xFFFFFFFF) {
                double s = (now_us(CLOCK_MONOTONIC) - feed_start) / 1e6;
                fprintf(stderr, "floor stopping: quotes=%llu avgRate=%.1f/s ticks=%llu sent=%llu backlogged=%llu "
                        "droppedSlow=%llu connections=%llu totalConnections=%llu\n", (unsigned long long) quotes,
                        s > 0 ? quotes / s : 0.0, (unsigned long long) ticks, (unsigned long long) frames_sent,
                        (unsigned long long) backlogged, (unsigned long long) dropped_slow,
                        (unsigned long long) open_conns, (unsigned long long) accepted);
                return 0;
            }
            else {
                on_event(fd, gen, e);
            }
        }
    }
}
