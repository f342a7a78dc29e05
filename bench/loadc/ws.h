/*
 * The client side of RFC 6455 that a load client needs: the upgrade request, the headers of the
 * server's frames (never masked), and masked frames of its own (pongs, a close).
 */
#ifndef LOADC_WS_H
#define LOADC_WS_H

#include <stddef.h>
#include <stdint.h>

enum { WS_CONT = 0x0, WS_TEXT = 0x1, WS_BINARY = 0x2, WS_CLOSE = 0x8, WS_PING = 0x9, WS_PONG = 0xA };

typedef struct {
    int fin;
    int opcode;
    size_t header;  /* bytes before the payload */
    uint64_t length; /* payload bytes */
} ws_frame;

/* The GET that upgrades to WebSocket, into buf; returns its length, or 0 when it does not fit. */
size_t ws_upgrade_request(char *buf, size_t cap, const char *host, int port, const char *path);

/*
 * Reads a server frame's header from p[0..n): 1 when whole (h filled), 0 when more bytes are
 * needed, -1 when the frame breaks the protocol (masked by a server, a 64-bit length over 2^62).
 */
int ws_parse_header(const uint8_t *p, size_t n, ws_frame *h);

/* A masked client frame (FIN set) of opcode with payload[0..len), len <= 125; returns its size. */
size_t ws_client_frame(uint8_t *out, int opcode, const uint8_t *payload, size_t len, uint32_t mask);

#endif
