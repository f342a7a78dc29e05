/*
 * loadc: the bench's native WebSocket load client (bench/README.md). N clients on one thread with
 * epoll, client i subscribed to symbols (i*K + j) mod S, as LoadClient; a warm-up, a measured
 * window, then ONE JSON object on stdout with what LoadClient.Result holds plus gaps. On stderr it
 * writes "window open" and "window close" as the window opens and closes, so that the caller can
 * read the server's CPU over the same window.
 *
 *   loadc --port P [--host 127.0.0.1] [--clients 1000] [--per-client 10] [--symbols 100]
 *         [--symbol-list A,B,…] [--path /ws?symbols=] [--warmup 10] [--seconds 20]
 *         [--drain-ms 1000] [--inflight 1000] [--connect-s 180]
 *         [--idle 0] [--idle-per-client 2] [--idle-symbol-list A,B,…] [--idle-max-rate 0.1]
 *         [--storm 1 [--storm-seconds 30]]
 *
 * With --storm 1 it measures a reconnect storm instead (storm.h): every client connects at once
 * (--inflight defaults to all of them), no window; its JSON says how fast they were all live.
 *
 * --idle N holds N more clients open beside the measured ones (idle.h), connected after them,
 * from source addresses 127.0.0.1, .2, … (10,000 clients each). Their symbols come from
 * --idle-symbol-list (else the measured clients' list), subscribed with --idle-max-rate when
 * given (by a subscribe request, else in the path), and the JSON adds idle, idleConnected,
 * idleMessages (in the window) and setupSeconds (from the first connect until all are resolved).
 * Without --symbol-list it takes the first S symbols of GET /api/symbols.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>

#include "conn.h"
#include "storm.h"
#include "symbols.h"

#define EVENTS 1024

typedef struct {
    const char *host, *path, *list, *idle_list;
    int port, clients, per_client, universe, warmup, seconds, drain_ms, inflight, connect_s, idle, idle_per_client,
        storm, storm_seconds;
    double idle_max_rate;
} options;

static int parse(int argc, char **argv, options *o)
{
    *o = (options) {"127.0.0.1", "/ws?symbols=", NULL, NULL, 0, 1000, 10, 100, 10, 20, 1000, 0, 180, 0, 2, 0, 30, 0};
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--host")) o->host = v;
        else if (!strcmp(k, "--path")) o->path = v;
        else if (!strcmp(k, "--symbol-list")) o->list = v;
        else if (!strcmp(k, "--port")) o->port = atoi(v);
        else if (!strcmp(k, "--clients")) o->clients = atoi(v);
        else if (!strcmp(k, "--per-client")) o->per_client = atoi(v);
        else if (!strcmp(k, "--symbols")) o->universe = atoi(v);
        else if (!strcmp(k, "--warmup")) o->warmup = atoi(v);
        else if (!strcmp(k, "--seconds")) o->seconds = atoi(v);
        else if (!strcmp(k, "--drain-ms")) o->drain_ms = atoi(v);
        else if (!strcmp(k, "--inflight")) o->inflight = atoi(v);
        else if (!strcmp(k, "--connect-s")) o->connect_s = atoi(v);
        else if (!strcmp(k, "--idle")) o->idle = atoi(v);
        else if (!strcmp(k, "--idle-per-client")) o->idle_per_client = atoi(v);
        else if (!strcmp(k, "--idle-symbol-list")) o->idle_list = v;
        else if (!strcmp(k, "--idle-max-rate")) o->idle_max_rate = atof(v);
        else if (!strcmp(k, "--storm")) o->storm = atoi(v);
        else if (!strcmp(k, "--storm-seconds")) o->storm_seconds = atoi(v);
        else return -1;
    }
    if (o->inflight == 0) {
        o->inflight = o->storm ? o->clients : 1000;
    }
    return o->port > 0 && o->clients > 0 && o->per_client > 0 && o->universe > 0 && o->inflight > 0
        && o->idle >= 0 && o->idle_per_client > 0 && o->idle_max_rate >= 0 ? 0 : -1;
}

/* Runs the loop until deadline_ns (or, when until_resolved, until every client is open or failed). */
static void run(load *l, int64_t deadline_ns, int until_resolved, int inflight)
{
    static struct epoll_event ev[EVENTS];
    int next = 0, all = l->clients + l->idle.count;
    while (next < all && l->conns[next].state != CONN_IDLE) {
        next++;
    }
    for (;;) {
        while (until_resolved && next < all && l->handshaking < inflight) {
            conn_start(l, next++);
        }
        int64_t now = mono_ns();
        if (now >= deadline_ns || (until_resolved && l->resolved == all)) {
            return;
        }
        int64_t wait = (deadline_ns - now) / 1000000 + 1;
        int n = epoll_wait(l->epoll, ev, EVENTS, wait > 100 ? 100 : (int) wait);
        for (int k = 0; k < n; k++) {
            conn_event(l, (int) ev[k].data.u32, ev[k].events);
        }
    }
}

int main(int argc, char **argv)
{
    options o;
    if (parse(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: loadc --port P [--clients N] [--per-client K] [--symbols S] [--symbol-list A,B] "
                        "[--path /ws?symbols=] [--warmup s] [--seconds s] [--drain-ms ms] [--inflight n] [--connect-s s] "
                        "[--idle N] [--idle-per-client K] [--idle-symbol-list A,B] [--idle-max-rate R] "
                        "[--storm 1 [--storm-seconds s]]\n");
        return 2;
    }
    /* Every connection is a descriptor: take the hard limit (20,000 here), as `ulimit -n` would, raised when root may. */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
        rlim_t want = (rlim_t) o.clients + (rlim_t) o.idle + 1024;
        if (nofile.rlim_max < want) {
            struct rlimit raised = {want, want};
            if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
                nofile = raised;
            }
        }
        nofile.rlim_cur = nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    char **names = NULL;
    int count = o.list ? symbols_split(o.list, o.universe, &names)
                       : symbols_fetch(o.host, o.port, o.universe, &names);
    if (count <= 0) {
        fprintf(stderr, "loadc: no symbols from %s:%d\n", o.host, o.port);
        return 1;
    }
    if (o.per_client > count) {
        o.per_client = count;
    }
    static tally t;
    load l = {.host = o.host, .port = o.port, .path_prefix = o.path, .symbols = names, .universe = count,
              .per_client = o.per_client, .clients = o.clients, .tally = &t, .rbuf_cap = 8 << 20, .mask_seed = 2463534242u};
    l.server.sin_family = AF_INET;
    l.server.sin_port = htons((uint16_t) o.port);
    int all = o.clients + o.idle;
    l.idle = (idle_group) {.count = o.idle, .per_client = o.idle_per_client, .symbols = names, .universe = count,
                           .max_rate = o.idle_max_rate};
    if (o.idle_list) {
        l.idle.universe = symbols_split(o.idle_list, 100000, &l.idle.symbols);
    }
    l.conns = calloc((size_t) all, sizeof(conn));
    l.rbuf = malloc(l.rbuf_cap);
    l.epoll = epoll_create1(EPOLL_CLOEXEC);
    if (inet_pton(AF_INET, o.host, &l.server.sin_addr) != 1 || !l.conns || !l.rbuf || l.epoll < 0
        || l.idle.universe <= 0 || tally_init(&t, names, count, o.per_client, o.clients) != 0) {
        fprintf(stderr, "loadc: cannot start (host must be an IPv4 address)\n");
        return 1;
    }
    for (int i = 0; i < all; i++) {
        l.conns[i].fd = -1;
    }

    if (o.storm) {
        storm_run(&l, o.inflight, o.storm_seconds);
        return 0;
    }
    /* Connect everyone (up to 3 minutes, as LoadClient), then warm up, then measure. */
    int64_t setup0 = mono_ns();
    run(&l, setup0 + (int64_t) o.connect_s * 1000000000, 1, o.inflight);
    double setup = (double) (mono_ns() - setup0) / 1e9;
    for (int i = 0; i < all; i++) {
        if (l.conns[i].state != CONN_OPEN) {
            conn_fail(&l, i, l.conns[i].state != CONN_DEAD);
        }
    }
    run(&l, mono_ns() + (int64_t) o.warmup * 1000000000, 0, 0);

    unsigned char *open = calloc((size_t) o.clients, 1);
    for (int i = 0; i < o.clients; i++) {
        open[i] = l.conns[i].state == CONN_OPEN;
    }
    uint64_t failures_before = l.failures, idle_before = l.idle.messages;
    fprintf(stderr, "window open\n");
    tally_open(&t, open);
    double cpu0 = cpu_seconds();
    int64_t t0 = mono_ns();
    run(&l, t0 + (int64_t) o.seconds * 1000000000, 0, 0);
    tally_close(&t);
    double seconds = (double) (mono_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    uint64_t idle_messages = l.idle.messages - idle_before;
    fprintf(stderr, "window close\n");
    uint64_t lost_in_window = l.failures - failures_before;
    run(&l, mono_ns() + (int64_t) o.drain_ms * 1000000, 0, 0);

    uint64_t gaps, unseen;
    tally_gaps(&t, &gaps, &unseen);
    int connected = 0;
    for (int i = 0; i < o.clients; i++) {
        connected += open[i];
    }
    int idle_connected = 0;
    for (int i = o.clients; i < all; i++) {
        idle_connected += l.conns[i].state == CONN_OPEN;
    }
    printf("{\"deliveredPerSecond\":%.1f,\"framesPerSecond\":%.1f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
           "\"p999\":%.3f,\"max\":%.3f,\"loadCpuPercent\":%.1f,\"failures\":%llu,\"connectP50\":%.3f,"
           "\"connectP99\":%.3f,\"connected\":%d,\"lostInWindow\":%llu,\"quotes\":%llu,\"gaps\":%llu,"
           "\"disorder\":%llu,\"unseen\":%llu,\"seqs\":%lld,\"windowSeconds\":%.3f,\"idle\":%d,"
           "\"idleConnected\":%d,\"idleMessages\":%llu,\"setupSeconds\":%.3f,\"connectP999\":%.3f}\n",
           (double) t.quotes / seconds, (double) t.frames / seconds, hist_ms(&t.latency, 50), hist_ms(&t.latency, 90),
           hist_ms(&t.latency, 99), hist_ms(&t.latency, 99.9), (double) t.latency.max / 1e3, cpu / seconds * 100,
           (unsigned long long) l.failures, hist_ms(&l.connect_us, 50), hist_ms(&l.connect_us, 99), connected,
           (unsigned long long) lost_in_window, (unsigned long long) t.quotes, (unsigned long long) gaps,
           (unsigned long long) t.disorder, (unsigned long long) unseen, (long long) (t.seq_hi - t.seq_lo), seconds, o.idle,
           idle_connected, (unsigned long long) idle_messages, setup, hist_ms(&l.connect_us, 99.9));
    return 0;
}
