/* The floor peer's connections (conn.c), shared with its feed and event loop (floor.c). */
#ifndef FLOOR_H
#define FLOOR_H

#include <stddef.h>
#include <stdint.h>

#define MAX_BACKLOG (1 << 20) /* bytes a connection may owe before it is dropped */
#define REQ_CAP 4096          /* an HTTP request head must fit */
#define WS_CAP 256            /* client frames: control frames fit, larger ones are skipped */

enum { FREE, HTTP, WS, CLOSING };

typedef struct {
    int state, upgraded;
    uint32_t gen;        /* tells a reused descriptor from the one an old epoll event meant */
    char *in;            /* request head, then partial client frames */
    size_t inlen;
    uint64_t skip;       /* bytes of an oversized client frame still to discard */
    char *out;           /* backlog: bytes owed, from outoff to outlen */
    size_t outoff, outlen, outcap;
    int *subs, nsubs;
} conn;

typedef struct {
    int *fds, n, cap;
} subscribers;

/* The state floor.c sets up and conn.c works on. */
extern int ep, nsym, maxfd;
extern conn *conns;
extern subscribers *subs;
extern char *symbols_response;
extern size_t symbols_response_len;
extern uint64_t frames_sent, backlogged, dropped_slow, accepted, open_conns;

/* Sends p[0..n) to fd, or keeps what the socket does not take; 0, or -1 when fd was dropped. */
int send_or_keep(int fd, const char *p, size_t n);
/* Accepts every pending connection of the listening socket lfd. */
void on_accept(int lfd);
/* An epoll event for a connection (writable: flush the backlog; readable: a request or client frames). */
void on_event(int fd, uint32_t gen, uint32_t events);

#endif
