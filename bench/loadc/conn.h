/*
 * One thread, one epoll, every connection non-blocking: connect, upgrade, then read the server's
 * frames (reassembling those split across reads and fragmented messages), answer pings with
 * masked pongs, and hand each text message to the tally.
 */
#ifndef LOADC_CONN_H
#define LOADC_CONN_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "hist.h"
#include "idle.h"
#include "tally.h"

enum { CONN_IDLE, CONN_CONNECTING, CONN_HANDSHAKE, CONN_OPEN, CONN_DEAD };

typedef struct {
    int fd;
    int state;
    int64_t started_ns;     /* when connect() was called */
    int64_t open_ns;        /* when its 101 arrived; 0 before */
    int64_t live_ns;        /* when its first quote (snapshot or live) arrived; 0 before */
    char *carry;            /* bytes read but not yet a whole frame (or header) */
    size_t carry_len, carry_cap;
    char *message;          /* a fragmented message, until its last fragment */
    size_t message_len, message_cap;
    int in_message;
    uint8_t *out;           /* a pong the socket did not take at once */
    size_t out_len;
} conn;

typedef struct {
    const char *host;
    int port;
    struct sockaddr_in server;
    const char *path_prefix;  /* the symbols, comma-separated, follow it */
    char **symbols;
    int universe;
    int per_client;
    int clients;
    conn *conns;
    int epoll;
    tally *tally;
    hist connect_us;
    uint64_t failures;
    int resolved;             /* clients open or failed */
    int handshaking;          /* clients connecting or upgrading */
    char *rbuf;
    size_t rbuf_cap;
    uint32_t mask_seed;
    idle_group idle;          /* clients [clients, clients + idle.count): held, not measured (idle.h) */
} load;

/* Opens client i's connection (non-blocking); a failure at once is counted and resolves it. */
void conn_start(load *l, int i);

/* Handles epoll events on client i's connection. */
void conn_event(load *l, int i, uint32_t events);

/* Closes client i's connection; counted as a failure when the run still needed it. */
void conn_fail(load *l, int i, int counts);

/* mono_ns(), epoch_us() and cpu_seconds(): clock.h. */
#include "clock.h"

#endif
