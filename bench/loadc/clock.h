/* The load client's clocks. */
#ifndef LOADC_CLOCK_H
#define LOADC_CLOCK_H

#include <stdint.h>

/* Monotonic nanoseconds: deadlines and durations. */
int64_t mono_ns(void);

/* Wall-clock microseconds since the epoch, as a quote's ts: latency = receipt - ts. */
int64_t epoch_us(void);

/* This process's CPU time so far (user + system), in seconds: its load over a window. */
double cpu_seconds(void);

#endif
