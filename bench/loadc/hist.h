/*
 * A log-linear histogram of microseconds, as HdrHistogram with 2 significant digits: values
 * below 256 exactly, above that 128 sub-buckets per power of two, so a recorded value and the
 * value reported for it differ by under 1/128 (0.8%). Fixed size, no allocation when recording.
 */
#ifndef LOADC_HIST_H
#define LOADC_HIST_H

#include <stdint.h>

#define HIST_LINEAR 256
#define HIST_SUB 128
#define HIST_MAX_EXP 34 /* values up to 2^41 us: far beyond any run */
#define HIST_BUCKETS (HIST_LINEAR + HIST_MAX_EXP * HIST_SUB)

typedef struct {
    uint64_t counts[HIST_BUCKETS];
    uint64_t total;
    uint64_t max;
} hist;

static inline int hist_index(uint64_t v)
{
    if (v < HIST_LINEAR) {
        return (int) v;
    }
    int e = 63 - __builtin_clzll(v) - 7; /* v >> e lands in [128, 256) */
    if (e > HIST_MAX_EXP) {
        return HIST_BUCKETS - 1;
    }
    return HIST_LINEAR + (e - 1) * HIST_SUB + (int) ((v >> e) - HIST_SUB);
}

static inline void hist_record(hist *h, int64_t v)
{
    uint64_t u = v < 0 ? 0 : (uint64_t) v;
    h->counts[hist_index(u)]++;
    h->total++;
    if (u > h->max) {
        h->max = u;
    }
}

void hist_reset(hist *h);

/* The value at a percentile (0..100): the highest value its bucket holds, at most the max. */
uint64_t hist_percentile(const hist *h, double percentile);

/* The same, in milliseconds. */
double hist_ms(const hist *h, double percentile);

#endif
