/* Symbol lists for loadc; see symbols.h. */
#define _GNU_SOURCE
#include "symbols.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int symbols_split(const char *list, int max, char ***names)
{
    *names = calloc((size_t) max, sizeof(char *));
    int n = 0;
    for (const char *p = list; *p && n < max;) {
        size_t len = strcspn(p, ",");
        if (len) {
            (*names)[n++] = strndup(p, len);
        }
        p += len + (p[len] == ',');
    }
    return n;
}

int symbols_fetch(const char *host, int port, int max, char ***names)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || inet_pton(AF_INET, host, &a.sin_addr) != 1 || connect(fd, (struct sockaddr *) &a, sizeof(a)) != 0) {
        return -1;
    }
    /* HTTP/1.0: the body comes whole, not chunked, and ends when the server closes. */
    char request[256];
    int n = snprintf(request, sizeof(request), "GET /api/symbols HTTP/1.0\r\nHost: %s:%d\r\n\r\n", host, port);
    if (write(fd, request, (size_t) n) != n) {
        close(fd);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *body = malloc(cap + 1);
    ssize_t r;
    while (body && (r = read(fd, body + len, cap - len)) > 0) {
        len += (size_t) r;
        if (len == cap) {
            char *b = realloc(body, (cap <<= 1) + 1);
            if (!b) {
                free(body);
            }
            body = b;
        }
    }
    close(fd);
    if (!body) {
        return -1;
    }
    body[len] = '\0';
    *names = calloc((size_t) max, sizeof(char *));
    int count = 0;
    static const char KEY[] = "\"symbol\":\"";
    for (char *p = strstr(body, KEY); p && count < max; p = strstr(p, KEY)) {
        p += sizeof(KEY) - 1;
        char *q = strchr(p, '"');
        if (!q) {
            break;
        }
        (*names)[count++] = strndup(p, (size_t) (q - p));
        p = q;
    }
    free(body);
    return count;
}
