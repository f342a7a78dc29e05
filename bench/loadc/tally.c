/* Quotes found without a JSON parser, and their latency and gaps; see tally.h. */
#define _GNU_SOURCE
#include "tally.h"

#include <stdlib.h>
#include <string.h>

static const char QUOTE[] = "{\"type\":\"quote\"";
static const char SYMBOL[] = "\"symbol\":\"";
static const char SEQ[] = "\"seq\":";
static const char TS[] = "\"ts\":";
#define LEN(s) (sizeof(s) - 1)
#define MAX_SEQS ((size_t) 1 << 28)

static unsigned hash(const char *s, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char) s[i]) * 16777619u;
    }
    return h;
}

int tally_init(tally *t, char **names, int symbols, int per_client, int clients)
{
    memset(t, 0, sizeof(*t));
    t->symbols = symbols;
    t->per_client = per_client;
    t->clients = clients;
    t->names = names;
    unsigned cap = 16;
    while (cap < (unsigned) symbols * 4) {
        cap <<= 1;
    }
    t->table_mask = cap - 1;
    t->table = calloc(cap, sizeof(int));
    t->subscribers = calloc((size_t) symbols, sizeof(int));
    t->last = calloc((size_t) clients * (size_t) per_client, sizeof(int64_t));
    t->lengths = calloc((size_t) symbols, sizeof(size_t));
    if (!t->table || !t->subscribers || !t->last || !t->lengths) {
        return -1;
    }
    for (int i = 0; i < symbols; i++) {
        t->lengths[i] = strlen(names[i]);
        unsigned k = hash(names[i], t->lengths[i]) & t->table_mask;
        while (t->table[k]) {
            k = (k + 1) & t->table_mask;
        }
        t->table[k] = i + 1;
    }
    return 0;
}

static int symbol_index(const tally *t, const char *s, size_t n)
{
    for (unsigned k = hash(s, n) & t->table_mask; t->table[k]; k = (k + 1) & t->table_mask) {
        const char *name = t->names[t->table[k] - 1];
        if (t->lengths[t->table[k] - 1] == n && memcmp(name, s, n) == 0) {
            return t->table[k] - 1;
        }
    }
    return -1;
}

/* The digits at p (up to end) as a number, -1 when there are none; *after points past them. */
static int64_t number(const char *p, const char *end, const char **after)
{
    int64_t v = 0;
    const char *q = p;
    while (q < end && *q >= '0' && *q <= '9') {
        v = v * 10 + (*q++ - '0');
    }
    *after = q;
    return q == p ? -1 : v;
}

static void count_receipt(tally *t, int symbol, int64_t seq)
{
    if (seq <= t->seq_lo || (t->phase == TALLY_DRAIN && seq > t->seq_hi)) {
        return;
    }
    size_t i = (size_t) (seq - t->seq_lo - 1);
    if (i >= MAX_SEQS) {
        return;
    }
    if (i >= t->capacity) {
        size_t cap = t->capacity ? t->capacity : 1 << 20;
        while (cap <= i) {
            cap <<= 1;
        }
        uint16_t *r = realloc(t->receipts, cap * sizeof(uint16_t));
        uint16_t *s = realloc(t->symbol_of, cap * sizeof(uint16_t));
        if (!r || !s) {
            abort();
        }
        memset(r + t->capacity, 0, (cap - t->capacity) * sizeof(uint16_t));
        memset(s + t->capacity, 0, (cap - t->capacity) * sizeof(uint16_t));
        t->receipts = r;
        t->symbol_of = s;
        t->capacity = cap;
    }
    t->receipts[i]++;
    t->symbol_of[i] = (uint16_t) (symbol + 1);
}

static void count_seq(tally *t, int client, const char *name, size_t name_len, int64_t seq)
{
    if (seq > t->seq_max) {
        t->seq_max = seq;
    }
    int symbol = symbol_index(t, name, name_len);
    if (symbol < 0) {
        return;
    }
    int slot = symbol - (int) ((int64_t) client * t->per_client % t->symbols);
    if (slot < 0) {
        slot += t->symbols;
    }
    if (slot >= t->per_client) {
        return; /* not one of its symbols */
    }
    int64_t *last = &t->last[(size_t) client * t->per_client + slot];
    if (seq <= *last) {
        if (t->phase != TALLY_WARMUP) {
            t->disorder++;
        }
        return;
    }
    *last = seq;
    if (t->phase != TALLY_WARMUP) {
        count_receipt(t, symbol, seq);
    }
}

/* Key k at p (after one separator byte, as every peer writes the fields one after the other), else searched for. */
static const char *key(const char *p, const char *end, const char *k, size_t n)
{
    if (p + 1 + n <= end && memcmp(p + 1, k, n) == 0) {
        return p + 1;
    }
    return p < end ? memmem(p, (size_t) (end - p), k, n) : NULL;
}

size_t tally_message(tally *t, int client, const char *p, size_t n, int64_t now_us)
{
    const char *end = p + n;
    size_t found = 0;
    for (const char *q = memchr(p, '{', n); q; q = memchr(q, '{', (size_t) (end - q))) {
        if ((size_t) (end - q) < LEN(QUOTE) || memcmp(q, QUOTE, LEN(QUOTE)) != 0) {
            q++;
            continue;
        }
        /* Every peer writes symbol, seq, ts in this order, right after the type (bench/peers/README.md). */
        const char *s = key(q + LEN(QUOTE), end, SYMBOL, LEN(SYMBOL));
        const char *name = s ? s + LEN(SYMBOL) : NULL;
        const char *close = name ? memchr(name, '"', (size_t) (end - name)) : NULL;
        const char *sq = close ? key(close + 1, end, SEQ, LEN(SEQ)) : NULL;
        int64_t seq = sq ? number(sq + LEN(SEQ), end, &q) : -1;
        const char *ts = seq >= 0 ? key(q, end, TS, LEN(TS)) : NULL;
        int64_t stamp = ts ? number(ts + LEN(TS), end, &q) : -1;
        if (stamp < 0) {
            break;
        }
        found++;
        if (t->phase == TALLY_WINDOW) {
            hist_record(&t->latency, now_us - stamp);
        }
        count_seq(t, client, name, (size_t) (close - name), seq);
    }
    if (found && t->phase == TALLY_WINDOW) {
        t->quotes += found;
        t->frames++;
    }
    return found;
}

void tally_open(tally *t, const unsigned char *open)
{
    hist_reset(&t->latency);
    t->quotes = t->frames = t->disorder = 0;
    memset(t->subscribers, 0, (size_t) t->symbols * sizeof(int));
    for (int i = 0; i < t->clients; i++) {
        for (int j = 0; open[i] && j < t->per_client; j++) {
            t->subscribers[((int64_t) i * t->per_client + j) % t->symbols]++;
        }
    }
    t->seq_lo = t->seq_max;
    t->phase = TALLY_WINDOW;
}

void tally_close(tally *t)
{
    t->seq_hi = t->seq_max;
    t->phase = TALLY_DRAIN;
}

void tally_gaps(const tally *t, uint64_t *gaps, uint64_t *unseen)
{
    *gaps = 0;
    *unseen = 0;
    size_t span = t->seq_hi > t->seq_lo ? (size_t) (t->seq_hi - t->seq_lo) : 0;
    for (size_t i = 0; i < span; i++) {
        if (i >= t->capacity || t->receipts[i] == 0) {
            (*unseen)++;
            continue;
        }
        int expected = t->subscribers[t->symbol_of[i] - 1];
        if (expected > t->receipts[i]) {
            *gaps += (uint64_t) (expected - t->receipts[i]);
        }
    }
}
