/* The server's Sec-WebSocket-Accept (RFC 6455 section 4.2.2), for the floor peer. */
#ifndef FLOOR_WS_ACCEPT_H
#define FLOOR_WS_ACCEPT_H

#include <stddef.h>

/* base64(SHA-1(key[0..len) + the RFC's GUID)) into out (28 characters and a NUL); 0, or -1 if key is empty or too long. */
int ws_accept(const char *key, size_t len, char out[29]);

#endif
