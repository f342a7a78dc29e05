/* The symbol list the clients subscribe from: given, or the first S of the server's /api/symbols. */
#ifndef LOADC_SYMBOLS_H
#define LOADC_SYMBOLS_H

/* Up to max names from a comma-separated list; returns how many (names allocated). */
int symbols_split(const char *list, int max, char ***names);

/*
 * Up to max names from GET /api/symbols ([{"symbol":"S000",…},…]), read without a JSON parser
 * as LoadClient.symbols does: every string after "symbol":". Returns how many, -1 on failure.
 */
int symbols_fetch(const char *host, int port, int max, char ***names);

#endif
