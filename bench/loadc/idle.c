/* The idle clients of a run; see idle.h. */
#include "idle.h"

#include <stdio.h>

static const char *symbol(const idle_group *g, int k, int j)
{
    return g->symbols[((int64_t) k * g->per_client + j) % g->universe];
}

void idle_path(const idle_group *g, int k, char *path, size_t cap)
{
    size_t n = 0;
    path[0] = '\0';
    for (int j = 0; j < g->per_client && n < cap && g->max_rate <= 0; j++) {
        n += (size_t) snprintf(path + n, cap - n, "%s%s", j ? "," : "", symbol(g, k, j));
    }
}

size_t idle_subscribe(const idle_group *g, int k, char *out, size_t cap)
{
    if (g->max_rate <= 0) {
        return 0;
    }
    size_t n = (size_t) snprintf(out, cap, "{\"op\":\"subscribe\",\"symbols\":[");
    for (int j = 0; j < g->per_client && n < cap; j++) {
        n += (size_t) snprintf(out + n, cap - n, "%s\"%s\"", j ? "," : "", symbol(g, k, j));
    }
    if (n < cap) {
        n += (size_t) snprintf(out + n, cap - n, "],\"maxRate\":%g}", g->max_rate);
    }
    return n < cap ? n : 0;
}

void idle_message(idle_group *g, int fin)
{
    g->messages += (uint64_t) (fin != 0);
}
