"""Against a node fed over HTTP, whose quotes the test publishes itself, behind a proxy that cuts
the link and refuses new ones for a while: the stream reconnects by itself and resumes from the
last seq it delivered (``since`` over WebSocket, ``Last-Event-ID`` over SSE), delivering the latest
quote of each symbol published while it was away, no quote twice and none older, then live ones."""

from __future__ import annotations

import itertools
import json
import time
import unittest
from decimal import Decimal

from harness import GatewayTest
from tickwire import TickwireClient

_volume = itertools.count(int(time.time()))  # each quote's volume above the last, across runs


def quote(symbol: str, step: int) -> dict[str, object]:
    bid = Decimal("100.00") + Decimal(step) / 100
    return {"symbol": symbol, "bid": bid, "ask": bid + Decimal("0.02"), "last": bid, "bidSize": 100,
            "askSize": 200, "lastSize": 100, "volume": next(_volume), "open": Decimal("99.50")}


class Resume(GatewayTest):
    role = "publish"

    async def resumes_without_gap_or_repeat(self, transport: str) -> tuple[object, int]:
        a, b = f"PY-RESUME-{transport.upper()}-A", f"PY-RESUME-{transport.upper()}-B"
        publisher = TickwireClient(self.url)
        await publisher.define_instruments([{"symbol": a}, {"symbol": b}])
        before = await publisher.publish([quote(a, 1), quote(b, 1)])
        proxy = await self.proxy()
        r = self.recorder([a, b], url=proxy.url, transport=transport).start()
        await r.until(lambda: len(r.quotes) == 2, "the snapshot of both symbols")

        proxy.refusing = True
        proxy.cut()
        await r.until(lambda: r.count("reconnecting") >= 2, "a failed reconnect")
        away = await publisher.publish([quote(a, 2), quote(b, 2), quote(a, 3)])
        proxy.refusing = False
        await r.until(lambda: r.count("live") == 2 and len(r.quotes) >= 4, "the quotes published while away")
        live = await publisher.publish([quote(a, 4)])
        await r.until(lambda: r.quotes[-1].seq == live.last_seq, "a live quote after the resume")

        self.assertEqual([q.seq for q in r.of(a)], [before.first_seq, away.last_seq, live.last_seq],
                         "A: its snapshot, the latest published while away (§3: the latest per symbol), live")
        self.assertEqual([q.seq for q in r.of(b)], [before.last_seq, away.first_seq + 1])
        self.assertEqual(r.of(a)[1].bid, Decimal("100.03"))
        self.assertEqual(len(proxy.connections), 2, "one link cut, one resumed: refused tries never got through")
        return proxy, before.first_seq

    async def test_over_ws_a_cut_link_resumes_from_the_last_seq_without_gap_or_repeat(self) -> None:
        proxy, oldest = await self.resumes_without_gap_or_repeat("ws")
        first, resumed = ([json.loads(t) for t in c.texts()] for c in proxy.connections)
        self.assertEqual([("subscribe", "since" in op) for op in first], [("subscribe", False)])
        self.assertEqual([(op["op"], op["since"]) for op in resumed], [("subscribe", oldest)])

    async def test_over_sse_a_cut_stream_resumes_with_last_event_id_without_gap_or_repeat(self) -> None:
        proxy, oldest = await self.resumes_without_gap_or_repeat("sse")
        self.assertIsNone(proxy.connections[0].header("Last-Event-ID"))
        self.assertEqual(proxy.connections[1].header("Last-Event-ID"), str(oldest))


if __name__ == "__main__":
    unittest.main()
