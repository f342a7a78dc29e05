/* Connection I/O of the load client; see conn.h. */
#define _GNU_SOURCE
#include "conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "ws.h"

/* A source address has ~28,000 ephemeral ports towards one server port: 10,000 a source, as LoadClient. */
#define PER_SOURCE_ADDRESS 10000

static void watch(load *l, int i, uint32_t events, int op)
{
    struct epoll_event ev = {.events = events, .data.u32 = (uint32_t) i};
    epoll_ctl(l->epoll, op, l->conns[i].fd, &ev);
}

/* Appends n bytes to a growing buffer; 0 on success. */
static int append(char **buf, size_t *len, size_t *cap, const char *p, size_t n)
{
    if (*len + n > *cap) {
        size_t c = *cap ? *cap : 4096;
        while (c < *len + n) {
            c <<= 1;
        }
        char *b = realloc(*buf, c);
        if (!b) {
            return -1;
        }
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, p, n);
    *len += n;
    return 0;
}

void conn_fail(load *l, int i, int counts)
{
    conn *c = &l->conns[i];
    if (c->state == CONN_DEAD) {
        return;
    }
    if (c->state == CONN_CONNECTING || c->state == CONN_HANDSHAKE) {
        l->handshaking--;
        l->resolved++;
    }
    if (c->fd >= 0) {
        close(c->fd); /* also leaves the epoll set */
        c->fd = -1;
    }
    c->state = CONN_DEAD;
    if (counts) {
        l->failures++;
    }
    free(c->carry);
    free(c->message);
    free(c->out);
    c->carry = c->message = NULL;
    c->out = NULL;
    c->carry_len = c->carry_cap = c->message_len = c->message_cap = c->out_len = 0;
}

void conn_start(load *l, int i)
{
    conn *c = &l->conns[i];
    c->started_ns = mono_ns();
    c->state = CONN_CONNECTING;
    l->handshaking++;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        conn_fail(l, i, 1);
        return;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (l->clients + l->idle.count > PER_SOURCE_ADDRESS) {
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl((127u << 24) | (uint32_t) (1 + i / PER_SOURCE_ADDRESS));
        setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
        if (bind(c->fd, (struct sockaddr *) &src, sizeof(src)) != 0) {
            conn_fail(l, i, 1);
            return;
        }
    }
    if (connect(c->fd, (struct sockaddr *) &l->server, sizeof(l->server)) != 0 && errno != EINPROGRESS) {
        conn_fail(l, i, 1);
        return;
    }
    watch(l, i, EPOLLOUT, EPOLL_CTL_ADD);
}

static void send_upgrade(load *l, int i)
{
    conn *c = &l->conns[i];
    int err = 0;
    socklen_t len = sizeof(err);
    if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        conn_fail(l, i, 1);
        return;
    }
    char path[8192];
    size_t n = (size_t) snprintf(path, sizeof(path), "%s", l->path_prefix);
    if (i >= l->clients) {
        idle_path(&l->idle, i - l->clients, path + n, sizeof(path) - n);
    }
    for (int j = 0; j < l->per_client && n < sizeof(path) && i < l->clients; j++) {
        const char *s = l->symbols[((int64_t) i * l->per_client + j) % l->universe];
        n += (size_t) snprintf(path + n, sizeof(path) - n, "%s%s", j ? "," : "", s);
    }
    char request[9000];
    size_t r = ws_upgrade_request(request, sizeof(request), l->host, l->port, path);
    /* A fresh socket's send buffer takes a request of a few hundred bytes whole. */
    if (r == 0 || write(c->fd, request, r) != (ssize_t) r) {
        conn_fail(l, i, 1);
        return;
    }
    c->state = CONN_HANDSHAKE;
    watch(l, i, EPOLLIN, EPOLL_CTL_MOD);
}

static void flush_out(load *l, int i)
{
    conn *c = &l->conns[i];
    ssize_t w = write(c->fd, c->out, c->out_len);
    if (w < 0 && errno != EAGAIN && errno != EINTR) {
        conn_fail(l, i, 1);
        return;
    }
    size_t done = w > 0 ? (size_t) w : 0;
    memmove(c->out, c->out + done, c->out_len - done);
    c->out_len -= done;
    watch(l, i, c->out_len ? EPOLLIN | EPOLLOUT : EPOLLIN, EPOLL_CTL_MOD);
}

/* Sends a masked frame of opcode (a pong, or an idle client's subscribe) with up to 125 bytes of payload. */
static void send_frame(load *l, int i, int opcode, const uint8_t *payload, size_t n)
{
    conn *c = &l->conns[i];
    uint8_t frame[6 + 125];
    l->mask_seed ^= l->mask_seed << 13;
    l->mask_seed ^= l->mask_seed >> 17;
    l->mask_seed ^= l->mask_seed << 5;
    size_t len = ws_client_frame(frame, opcode, payload, n > 125 ? 125 : n, l->mask_seed);
    size_t cap = c->out_len;
    if (append((char **) &c->out, &c->out_len, &cap, (const char *) frame, len) != 0) {
        conn_fail(l, i, 1);
        return;
    }
    flush_out(l, i);
}

/* A whole text message to the tally; the first with a quote makes the connection live. */
static void deliver(load *l, int i, const char *p, size_t n, int64_t now_us)
{
    if (tally_message(l->tally, i, p, n, now_us) && !l->conns[i].live_ns) {
        l->conns[i].live_ns = mono_ns();
    }
}

/* Whole frames in p[0..n): handled; returns the bytes used (a partial frame stays), or -1 when the connection ended. */
static long frames(load *l, int i, const char *p, size_t n, int64_t now_us)
{
    conn *c = &l->conns[i];
    size_t off = 0;
    for (;;) {
        ws_frame h = {0}; /* unfilled when the header is incomplete */
        int r = ws_parse_header((const uint8_t *) p + off, n - off, &h);
        if (r < 0 || h.length > l->rbuf_cap / 2) {
            conn_fail(l, i, 1);
            return -1;
        }
        if (r == 0 || n - off - h.header < h.length) {
            return (long) off;
        }
        const char *payload = p + off + h.header;
        size_t len = (size_t) h.length;
        off += h.header + len;
        if (h.opcode == WS_TEXT || h.opcode == WS_BINARY || h.opcode == WS_CONT) {
            if (i >= l->clients) {
                idle_message(&l->idle, h.fin);
                continue;
            }
            if (h.fin && !c->in_message) {
                deliver(l, i, payload, len, now_us);
                continue;
            }
            c->in_message = 1;
            if (append(&c->message, &c->message_len, &c->message_cap, payload, len) != 0) {
                conn_fail(l, i, 1);
                return -1;
            }
            if (h.fin) {
                deliver(l, i, c->message, c->message_len, now_us);
                c->message_len = 0;
                c->in_message = 0;
            }
        }
        else if (h.opcode == WS_PING) {
            send_frame(l, i, WS_PONG, (const uint8_t *) payload, len);
            if (c->state == CONN_DEAD) {
                return -1;
            }
        }
        else if (h.opcode == WS_CLOSE) {
            conn_fail(l, i, 1);
            return -1;
        }
    }
}

/* The 101 at the start of p[0..n): returns the bytes of its header, 0 if incomplete, -1 if refused. */
static long upgraded(load *l, int i, const char *p, size_t n)
{
    const char *end = memmem(p, n, "\r\n\r\n", 4);
    if (!end) {
        return n > 16384 ? -1 : 0;
    }
    if (n < 12 || memcmp(p, "HTTP/1.1 101", 12) != 0) {
        return -1;
    }
    conn *c = &l->conns[i];
    c->open_ns = mono_ns();
    hist_record(&l->connect_us, (c->open_ns - c->started_ns) / 1000);
    c->state = CONN_OPEN;
    l->handshaking--;
    l->resolved++;
    char subscribe[126];
    size_t s = i >= l->clients ? idle_subscribe(&l->idle, i - l->clients, subscribe, sizeof(subscribe)) : 0;
    if (s > 0) {
        send_frame(l, i, WS_TEXT, (const uint8_t *) subscribe, s);
    }
    return c->state == CONN_DEAD ? -1 : end + 4 - p;
}

static void readable(load *l, int i)
{
    conn *c = &l->conns[i];
    size_t have = c->carry_len;
    memcpy(l->rbuf, c->carry, have);
    ssize_t r = read(c->fd, l->rbuf + have, l->rbuf_cap - have);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (r <= 0) {
        conn_fail(l, i, 1);
        return;
    }
    int64_t now = epoch_us();
    size_t n = have + (size_t) r;
    long used = 0;
    if (c->state == CONN_HANDSHAKE) {
        used = upgraded(l, i, l->rbuf, n);
        if (used < 0) {
            conn_fail(l, i, 1);
            return;
        }
        if (used == 0) {
            c->carry_len = 0;
            append(&c->carry, &c->carry_len, &c->carry_cap, l->rbuf, n);
            return;
        }
    }
    long more = frames(l, i, l->rbuf + used, n - (size_t) used, now);
    if (more < 0) {
        return;
    }
    used += more;
    c->carry_len = 0;
    if ((size_t) used < n && append(&c->carry, &c->carry_len, &c->carry_cap, l->rbuf + used, n - (size_t) used) != 0) {
        conn_fail(l, i, 1);
    }
}

void conn_event(load *l, int i, uint32_t events)
{
    conn *c = &l->conns[i];
    if (c->state == CONN_CONNECTING) {
        send_upgrade(l, i);
        return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        readable(l, i);
    }
    if (c->state != CONN_DEAD && (events & EPOLLOUT) && c->out_len) {
        flush_out(l, i);
    }
}
