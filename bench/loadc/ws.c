/* RFC 6455 framing for the load client; see ws.h. */
#include "ws.h"

#include <stdio.h>
#include <string.h>

size_t ws_upgrade_request(char *buf, size_t cap, const char *host, int port, const char *path)
{
    /* The key only has to be 16 bytes in base64; the client checks the 101, not the accept hash. */
    int n = snprintf(buf, cap,
                     "GET %s HTTP/1.1\r\n"
                     "Host: %s:%d\r\n"
                     "Upgrade: websocket\r\n"
                     "Connection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGlja3dpcmUtbG9hZGMxMg==\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "\r\n",
                     path, host, port);
    return n < 0 || (size_t) n >= cap ? 0 : (size_t) n;
}

int ws_parse_header(const uint8_t *p, size_t n, ws_frame *h)
{
    if (n < 2) {
        return 0;
    }
    if (p[1] & 0x80) {
        return -1; /* a server must not mask */
    }
    h->fin = (p[0] & 0x80) != 0;
    h->opcode = p[0] & 0x0F;
    uint64_t len = p[1] & 0x7F;
    size_t header = 2;
    if (len == 126) {
        if (n < 4) {
            return 0;
        }
        len = ((uint64_t) p[2] << 8) | p[3];
        header = 4;
    }
    else if (len == 127) {
        if (n < 10) {
            return 0;
        }
        len = 0;
        for (int i = 2; i < 10; i++) {
            len = (len << 8) | p[i];
        }
        if (len >> 62) {
            return -1;
        }
        header = 10;
    }
    h->header = header;
    h->length = len;
    return 1;
}

size_t ws_client_frame(uint8_t *out, int opcode, const uint8_t *payload, size_t len, uint32_t mask)
{
    uint8_t key[4] = {(uint8_t) (mask >> 24), (uint8_t) (mask >> 16), (uint8_t) (mask >> 8), (uint8_t) mask};
    out[0] = (uint8_t) (0x80 | opcode);
    out[1] = (uint8_t) (0x80 | len);
    memcpy(out + 2, key, 4);
    for (size_t i = 0; i < len; i++) {
        out[6 + i] = payload[i] ^ key[i & 3];
    }
    return 6 + len;
}
