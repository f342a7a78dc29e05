/*
 * What the load client counts from the quotes it receives: latency (receipt minus the quote's
 * ts, in us) into a histogram, quotes and frames, and gaps per (client, symbol).
 *
 * A gap is a quote a client missed that another subscriber of the same symbol received: for each
 * seq received in the window by anyone, its symbol's open subscribers minus the clients that got
 * it. seq is feed-wide (1, 2, 3, … over all symbols), so a client sees holes in it by design;
 * only the other subscribers tell which of those holes were quotes of its own symbols. A server
 * that conflates a lagging client's quotes (it sends the latest instead) shows those as gaps, and
 * one that keeps up shows 0. Disorder counts a seq at or below the last one the client saw for
 * that symbol (a duplicate, or going backwards), which no server should ever send. Quotes made
 * before the window opened are left out (seq at or below the highest anyone had then), and after
 * it closes the client keeps reading for a drain period to collect the window's last quotes from
 * every subscriber, so the window's edges do not look like gaps.
 */
#ifndef LOADC_TALLY_H
#define LOADC_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"

enum { TALLY_WARMUP, TALLY_WINDOW, TALLY_DRAIN };

typedef struct {
    int symbols;          /* S */
    int per_client;       /* K */
    int clients;
    char **names;         /* the S symbols */
    size_t *lengths;      /* their lengths */
    int *table;           /* open addressing: symbol index + 1, 0 empty */
    unsigned table_mask;
    int *subscribers;     /* per symbol: open clients subscribed, set when the window opens */
    int64_t *last;        /* per (client, slot): last seq seen */
    int phase;
    hist latency;
    uint64_t quotes, frames;
    uint64_t disorder;
    int64_t seq_max, seq_lo, seq_hi;
    uint16_t *receipts;   /* per seq in (seq_lo, …]: clients that got it */
    uint16_t *symbol_of;  /* per seq: its symbol index + 1 */
    size_t capacity;
} tally;

/* Sets t up for clients × K of the S names (client i takes (i*K + j) mod S); 0 on success. */
int tally_init(tally *t, char **names, int symbols, int per_client, int clients);

/* Counts every quote in p[0..n), one complete text message of client; returns how many. */
size_t tally_message(tally *t, int client, const char *p, size_t n, int64_t now_us);

/* Opens the window: counters and histogram reset; open[i] says whether client i is subscribed. */
void tally_open(tally *t, const unsigned char *open);

/* Closes the window: latency and rates stop; gap receipts go on for the window's seqs only. */
void tally_close(tally *t);

/*
 * After the drain: gaps (see above), and unseen: seqs of the window that no client got, which are
 * lost quotes only when the clients subscribe to every symbol of the feed (1,000 × 10 of 100 do).
 */
void tally_gaps(const tally *t, uint64_t *gaps, uint64_t *unseen);

#endif
