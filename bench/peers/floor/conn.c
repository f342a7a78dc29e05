/*
 * The floor peer's connections (floor.h): the HTTP request, the WebSocket upgrade, client frames,
 * and the per-connection backlog (see floor.c).
 */
#define _GNU_SOURCE
#include "floor.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ws_accept.h"

static void watch(int fd, uint32_t events, int op)
{
    struct epoll_event ev = {.events = events, .data.u64 = (uint64_t) conns[fd].gen << 32 | (uint32_t) fd};
    epoll_ctl(ep, op, fd, &ev);
}

static void drop(int fd)
{
    conn *c = &conns[fd];
    for (int k = 0; k < c->nsubs; k++) {
        subscribers *s = &subs[c->subs[k]];
        for (int j = 0; j < s->n; j++) {
            if (s->fds[j] == fd) {
                s->fds[j] = s->fds[--s->n];
                break;
            }
        }
    }
    if (c->upgraded) {
        open_conns--;
    }
    free(c->in);
    free(c->out);
    free(c->subs);
    uint32_t gen = c->gen + 1;
    memset(c, 0, sizeof *c);
    c->gen = gen;
    close(fd); /* also leaves the epoll set */
}

/* Sends p[0..n) or appends it to the backlog; 0, or -1 when the connection was dropped. */
int send_or_keep(int fd, const char *p, size_t n)
{
    conn *c = &conns[fd];
    if (c->outlen == c->outoff) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w == (ssize_t) n) {
            return 0;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            drop(fd);
            return -1;
        }
        if (w > 0) {
            p += w, n -= (size_t) w;
        }
        c->outoff = c->outlen = 0;
        watch(fd, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
        backlogged++;
    }
    if (c->outlen - c->outoff + n > MAX_BACKLOG) {
        dropped_slow++;
        drop(fd);
        return -1;
    }
    if (c->outlen + n > c->outcap) {
        if (c->outoff > 0) { /* slide what is owed to the front first */
            memmove(c->out, c->out + c->outoff, c->outlen - c->outoff);
            c->outlen -= c->outoff, c->outoff = 0;
        }
        if (c->outlen + n > c->outcap) {
            size_t cap = c->outcap ? c->outcap : 4096;
            while (cap < c->outlen + n) {
                cap *= 2;
            }
            c->out = realloc(c->out, cap);
            c->outcap = cap;
        }
    }
    memcpy(c->out + c->outlen, p, n);
    c->outlen += n;
    return 0;
}

static void flush(int fd)
{
    conn *c = &conns[fd];
    while (c->outoff < c->outlen) {
        ssize_t w = send(fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK) {
                drop(fd);
            }
            return;
        }
        c->outoff += (size_t) w;
    }
    c->outoff = c->outlen = 0;
    if (c->state == CLOSING) {
        drop(fd);
        return;
    }
    watch(fd, EPOLLIN, EPOLL_CTL_MOD);
}

/* Subscribes fd to the known symbols in "S000,S001&…"; unknown names and repeats are ignored. */
static void subscribe(int fd, const char *q)
{
    conn *c = &conns[fd];
    c->subs = malloc(sizeof(int) * (size_t) nsym);
    while (*q && *q != ' ' && *q != '&') {
        int i = -1;
        if (q[0] == 'S' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9' && q[3] >= '0' && q[3] <= '9'
                && (q[4] == ',' || q[4] == ' ' || q[4] == '&' || q[4] == '%' || q[4] == '\0')) {
            i = (q[1] - '0') * 100 + (q[2] - '0') * 10 + (q[3] - '0');
        }
        for (int k = 0; i >= 0 && k < c->nsubs; k++) {
            i = c->subs[k] == i ? -1 : i;
        }
        if (i >= 0 && i < nsym) {
            subscribers *s = &subs[i];
            if (s->n == s->cap) {
                s->cap = s->cap ? 2 * s->cap : 64;
                s->fds = realloc(s->fds, sizeof(int) * (size_t) s->cap);
            }
            s->fds[s->n++] = fd;
            c->subs[c->nsubs++] = i;
        }
        while (*q && *q != ',' && *q != ' ' && *q != '&' && strncasecmp(q, "%2C", 3) != 0) {
            q++;
        }
        q += *q == ',' ? 1 : *q == '%' ? 3 : 0;
    }
    c->subs = realloc(c->subs, sizeof(int) * (size_t) (c->nsubs ? c->nsubs : 1));
}

static void on_request(int fd)
{
    conn *c = &conns[fd];
    char *head = c->in;
    static const char not_found[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    if (strncmp(head, "GET /api/symbols", 16) == 0 && (head[16] == ' ' || head[16] == '?')) {
        c->state = CLOSING;
        if (send_or_keep(fd, symbols_response, symbols_response_len) == 0 && c->outlen == 0) {
            drop(fd);
        }
        return;
    }
    char *key = NULL;
    for (char *h = strstr(head, "\r\n"); h && h[2] != '\r'; h = strstr(h + 2, "\r\n")) {
        if (strncasecmp(h + 2, "Sec-WebSocket-Key:", 18) == 0) {
            key = h + 20;
            break;
        }
    }
    char accept[29];
    size_t klen = 0;
    while (key && (*key == ' ' || *key == '\t')) {
        key++;
    }
    while (key && key[klen] && key[klen] != '\r' && key[klen] != ' ') {
        klen++;
    }
    if (strncmp(head, "GET /ws?", 8) != 0 || !key || ws_accept(key, klen, accept) != 0) {
        c->state = CLOSING;
        if (send_or_keep(fd, not_found, sizeof not_found - 1) == 0 && c->outlen == 0) {
            drop(fd);
        }
        return;
    }
    char *q = strstr(head, "symbols=");
    subscribe(fd, q && q < strstr(head, " HTTP/") ? q + 8 : "");
    char resp[160];
    int n = snprintf(resp, sizeof resp, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
    c->state = WS, c->upgraded = 1;
    c->inlen = 0;
    c->in = realloc(c->in, WS_CAP);
    open_conns++;
    send_or_keep(fd, resp, (size_t) n);
}

/* Whole client frames in c->in: ping gets a pong, close an answer and a drop; the rest is ignored. */
static void on_frames(int fd)
{
    conn *c = &conns[fd];
    uint8_t *p = (uint8_t *) c->in;
    size_t at = 0;
    while (c->inlen - at >= 2) {
        uint64_t len = p[at + 1] & 0x7F;
        size_t have = c->inlen - at, ext = len == 126 ? 2 : len == 127 ? 8 : 0;
        size_t hdr = 2 + ext + ((p[at + 1] & 0x80) ? 4 : 0);
        if (have < hdr) {
            break;
        }
        if (ext) {
            len = 0;
            for (size_t i = 0; i < ext; i++) {
                len = len << 8 | p[at + 2 + i];
            }
        }
        if (hdr + len > WS_CAP) { /* not a control frame: discard it as it comes */
            c->skip = hdr + len - have;
            c->inlen = at;
            break;
        }
        if (have < hdr + len) {
            break;
        }
        int op = p[at] & 0x0F;
        uint8_t *payload = p + at + hdr, reply[2 + 125];
        if ((p[at + 1] & 0x80) && len > 0) {
            for (size_t i = 0; i < len; i++) {
                payload[i] ^= p[at + hdr - 4 + (i & 3)];
            }
        }
        if (op == 0x8 || op == 0x9) { /* close: echo its status code; ping: pong its payload */
            size_t n = op == 0x8 ? (len >= 2 ? 2 : 0) : (len <= 125 ? len : 0);
            reply[0] = (uint8_t) (0x80 | (op == 0x8 ? 0x8 : 0xA));
            reply[1] = (uint8_t) n;
            memcpy(reply + 2, payload, n);
            if (send_or_keep(fd, (char *) reply, 2 + n) != 0) {
                return;
            }
            if (op == 0x8) {
                c->state = CLOSING;
                if (c->outlen == 0) {
                    drop(fd);
                }
                return;
            }
        }
        at += hdr + len;
    }
    memmove(c->in, c->in + at, c->inlen - at);
    c->inlen -= at;
}

static void on_readable(int fd)
{
    conn *c = &conns[fd];
    size_t cap = c->state == HTTP ? REQ_CAP - 1 : WS_CAP;
    char scratch[4096];
    char *dst = c->skip ? scratch : c->in + c->inlen;
    size_t room = !c->skip ? cap - c->inlen : c->skip < sizeof scratch ? (size_t) c->skip : sizeof scratch;
    ssize_t r = read(fd, dst, room);
    if (r <= 0) {
        if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
            drop(fd);
        }
        return;
    }
    if (c->skip) {
        c->skip -= (uint64_t) r; /* never more: room stops at the skipped frame's end */
        return;
    }
    if (c->state == CLOSING) {
        return;
    }
    c->inlen += (size_t) r;
    if (c->state == WS) {
        on_frames(fd);
        return;
    }
    c->in[c->inlen] = '\0';
    if (strstr(c->in, "\r\n\r\n")) {
        on_request(fd);
    }
    else if (c->inlen == cap) {
        drop(fd);
    }
}

void on_accept(int lfd)
{
    static int spare = -2;
    if (spare == -2) {
        spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0 && (errno == EMFILE || errno == ENFILE) && spare >= 0) {
            close(spare); /* out of descriptors: refuse one, else level-triggered epoll spins on it */
            close(accept(lfd, NULL, NULL));
            spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
            continue;
        }
        if (fd < 0) {
            return; /* EAGAIN */
        }
        if (fd >= maxfd) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        conns[fd].state = HTTP;
        conns[fd].in = malloc(REQ_CAP);
        accepted++;
        watch(fd, EPOLLIN, EPOLL_CTL_ADD);
    }
}

void on_event(int fd, uint32_t gen, uint32_t e)
{
    if (conns[fd].state == FREE || conns[fd].gen != gen) {
        return; /* dropped earlier in this batch, perhaps reused */
    }
    if (e & (EPOLLHUP | EPOLLERR)) {
        drop(fd);
        return;
    }
    if (e & EPOLLOUT) {
        flush(fd);
    }
    if ((e & EPOLLIN) && conns[fd].state != FREE && conns[fd].gen == gen) {
        on_readable(fd);
    }
}
