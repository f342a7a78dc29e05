/*
 * The idle clients of a run (loadc --idle N): held open beside the measured ones, as the many
 * dashboards a gateway holds that watch a few symbols and barely receive anything. They are not
 * in the tally (no latency, no gaps); only their messages are counted, so that a run shows how
 * idle they really were. Idle client k subscribes to K symbols of its own list, (k*K + j) mod S:
 * in its upgrade path, or, with a maxRate (which only a subscribe request carries, PROTOCOL.md
 * §2), by a subscribe request sent as soon as it is open.
 */
#ifndef LOADC_IDLE_H
#define LOADC_IDLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int count;              /* idle clients, after the measured ones */
    int per_client;         /* K */
    char **symbols;         /* their S symbols */
    int universe;           /* S */
    double max_rate;        /* > 0: subscribe by request with this maxRate; 0: in the path, unthrottled */
    uint64_t messages;      /* whole messages the idle clients received */
} idle_group;

/* Writes idle client k's symbols for its upgrade path into path[0..cap) (none when it subscribes by request). */
void idle_path(const idle_group *g, int k, char *path, size_t cap);

/* Idle client k's subscribe request into out[0..cap); returns its length, 0 for none (or too long). */
size_t idle_subscribe(const idle_group *g, int k, char *out, size_t cap);

/* Counts a message's frame; fin says whether it was the message's last. */
void idle_message(idle_group *g, int fin);

#endif
