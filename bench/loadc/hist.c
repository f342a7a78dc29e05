/* Percentiles of the log-linear histogram (hist.h), reported as HdrHistogram does: the highest
 * value equivalent to the bucket the percentile falls in. */
#include "hist.h"

#include <math.h>
#include <string.h>

void hist_reset(hist *h)
{
    memset(h, 0, sizeof(*h));
}

static uint64_t highest_in(int index)
{
    if (index < HIST_LINEAR) {
        return (uint64_t) index;
    }
    int e = (index - HIST_LINEAR) / HIST_SUB + 1;
    uint64_t b = (uint64_t) ((index - HIST_LINEAR) % HIST_SUB + HIST_SUB);
    return (b << e) + ((uint64_t) 1 << e) - 1;
}

uint64_t hist_percentile(const hist *h, double percentile)
{
    if (h->total == 0) {
        return 0;
    }
    uint64_t rank = (uint64_t) ceil(percentile / 100.0 * (double) h->total);
    if (rank < 1) {
        rank = 1;
    }
    uint64_t seen = 0;
    for (int i = 0; i < HIST_BUCKETS; i++) {
        seen += h->counts[i];
        if (seen >= rank) {
            uint64_t v = highest_in(i);
            return v < h->max ? v : h->max;
        }
    }
    return h->max;
}

double hist_ms(const hist *h, double percentile)
{
    return (double) hist_percentile(h, percentile) / 1e3;
}
