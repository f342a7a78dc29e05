/* The reconnect storm; see storm.h. */
#define _GNU_SOURCE
#include "storm.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>

#define EVENTS 1024
/* Connects started between two looks at epoll: the client answers the server's 101s while it still opens. */
#define START_BATCH 64

void storm_run(load *l, int inflight, int limit_s)
{
    static struct epoll_event ev[EVENTS];
    static hist upgraded, live;
    fprintf(stderr, "window open\n");
    double cpu0 = cpu_seconds();
    int64_t t0 = mono_ns();
    int64_t deadline = t0 + (int64_t) limit_s * 1000000000;
    int next = 0, live_count = 0;
    for (;;) {
        for (int k = 0; k < START_BATCH && next < l->clients && l->handshaking < inflight; k++) {
            conn_start(l, next++);
        }
        live_count = 0;
        int dead = 0;
        for (int i = 0; i < next; i++) {
            live_count += l->conns[i].live_ns != 0 && l->conns[i].state == CONN_OPEN;
            dead += l->conns[i].state == CONN_DEAD;
        }
        int64_t now = mono_ns();
        if (now >= deadline || (next == l->clients && live_count + dead == l->clients)) {
            break;
        }
        int wait = next < l->clients && l->handshaking < inflight ? 0 : 10;
        int n = epoll_wait(l->epoll, ev, EVENTS, wait);
        for (int k = 0; k < n; k++) {
            conn_event(l, (int) ev[k].data.u32, ev[k].events);
        }
    }
    double seconds = (double) (mono_ns() - t0) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    fprintf(stderr, "window close\n");

    int opened = 0;
    int64_t last_upgrade = 0, last_live = 0;
    for (int i = 0; i < l->clients; i++) {
        const conn *c = &l->conns[i];
        if (c->open_ns) {
            opened++;
            hist_record(&upgraded, (c->open_ns - t0) / 1000);
            last_upgrade = c->open_ns > last_upgrade ? c->open_ns : last_upgrade;
        }
        if (c->live_ns && c->state == CONN_OPEN) {
            hist_record(&live, (c->live_ns - t0) / 1000);
            last_live = c->live_ns > last_live ? c->live_ns : last_live;
        }
    }
    double upgrade_span = last_upgrade ? (double) (last_upgrade - t0) / 1e9 : 0;
    printf("{\"clients\":%d,\"upgraded\":%d,\"live\":%d,\"failures\":%llu,\"connectsPerSecond\":%.1f,"
           "\"upgradedP50\":%.3f,\"upgradedP99\":%.3f,\"upgradedMax\":%.3f,"
           "\"liveP50\":%.3f,\"liveP99\":%.3f,\"liveMax\":%.3f,\"allLiveMs\":%.3f,"
           "\"handshakeP50\":%.3f,\"handshakeP99\":%.3f,\"loadCpuPercent\":%.1f,\"windowSeconds\":%.3f}\n",
           l->clients, opened, live_count, (unsigned long long) l->failures,
           upgrade_span > 0 ? opened / upgrade_span : 0, hist_ms(&upgraded, 50), hist_ms(&upgraded, 99),
           (double) upgraded.max / 1e3, hist_ms(&live, 50), hist_ms(&live, 99), (double) live.max / 1e3,
           live_count == l->clients ? (double) (last_live - t0) / 1e6 : -1.0,
           hist_ms(&l->connect_us, 50), hist_ms(&l->connect_us, 99), cpu / seconds * 100, seconds);
}
