/*
 * The reconnect storm (bench/README.md "Reconnect storms"): every client opens its connection at
 * once, as the clients of a node that died all come back to the others, and the run reports how
 * fast the server took them: connects per second, when each was upgraded (101) and when each was
 * live (its snapshot or first quote had arrived), counted from the storm's start, and failures.
 */
#ifndef LOADC_STORM_H
#define LOADC_STORM_H

#include "conn.h"

/*
 * Opens all l->clients connections, at most inflight handshaking at a time (all of them when
 * inflight >= clients), and reads until every one is live or failed, or limit_s have passed;
 * then prints one JSON object on stdout. "window open"/"window close" on stderr bracket the storm.
 */
void storm_run(load *l, int inflight, int limit_s);

#endif
