"""Against a gateway streaming its simulator: over WebSocket and SSE, the quotes of the symbols
asked for arrive as exact Decimals in seq order; an unknown symbol is refused in the gateway's words,
raised from the stream, or (with on_error) reported while the other symbols keep streaming."""

from __future__ import annotations

import unittest
from decimal import Decimal

from harness import GatewayTest, strictly_increasing_per_symbol
from tickwire import GatewayError, TickwireClient

SYMBOLS = ["AAPL", "EUR/USD"]


class Streaming(GatewayTest):
    role = "stream"

    async def quotes_arrive_in_seq_order(self, transport: str) -> None:
        r = self.recorder(SYMBOLS, transport=transport).start()
        await r.until(lambda: all(len(r.of(s)) >= 3 for s in SYMBOLS), "3 quotes of each symbol")

        self.assertEqual({q.symbol for q in r.quotes}, set(SYMBOLS))
        self.assertTrue(strictly_increasing_per_symbol(r.quotes), [(q.symbol, q.seq) for q in r.quotes])
        self.assertEqual([s for s, _ in r.states[:2]], ["connecting", "live"])
        for q in r.quotes:
            self.assertIsInstance(q.bid, Decimal)
            self.assertLess(q.bid, q.ask)
        eur = r.of("EUR/USD")[0]
        self.assertGreaterEqual(eur.bid.as_tuple().exponent, -5, f"{eur.bid}: at most the pair's 5 decimals")
        self.assertEqual(r.of("AAPL")[0].bid_size, r.of("AAPL")[0].bid_size.to_integral_value(), "whole shares")

    async def test_over_ws_the_symbols_quotes_arrive_with_seq_increasing(self) -> None:
        await self.quotes_arrive_in_seq_order("ws")

    async def test_over_sse_the_symbols_quotes_arrive_with_seq_increasing(self) -> None:
        await self.quotes_arrive_in_seq_order("sse")

    async def unknown_symbol_raises(self, transport: str, status: int | None) -> None:
        r = self.recorder(["AAPL", "NO-SUCH-SYMBOL"], transport=transport).start()
        error = await r.failed("the refusal")

        self.assertIsInstance(error, GatewayError)
        self.assertEqual(error.code, "UNKNOWN_SYMBOL")
        self.assertEqual(error.symbols, ["NO-SUCH-SYMBOL"])
        self.assertEqual(error.status, status)
        self.assertIn("NO-SUCH-SYMBOL", str(error))

    async def test_over_ws_an_unknown_symbol_raises_the_protocol_error(self) -> None:
        await self.unknown_symbol_raises("ws", None)  # an error message on the open WebSocket (§2)

    async def test_over_sse_an_unknown_symbol_raises_the_protocol_error(self) -> None:
        await self.unknown_symbol_raises("sse", 400)  # the stream refused before it starts (§3)

    async def unknown_symbol_reported(self, transport: str) -> None:
        r = self.recorder(["NO-SUCH-SYMBOL", "AAPL"], transport=transport).collecting_errors().start()
        await r.until(lambda: r.errors and len(r.of("AAPL")) >= 3, "the refusal and AAPL's quotes")

        self.assertEqual([(e.code, e.symbols) for e in r.errors], [("UNKNOWN_SYMBOL", ["NO-SUCH-SYMBOL"])])
        self.assertIsNone(r.failure)
        self.assertEqual({q.symbol for q in r.quotes}, {"AAPL"})

    async def test_over_ws_with_on_error_an_unknown_symbol_is_reported_and_the_others_stream(self) -> None:
        await self.unknown_symbol_reported("ws")

    async def test_over_sse_with_on_error_an_unknown_symbol_is_reported_and_the_others_stream(self) -> None:
        await self.unknown_symbol_reported("sse")

    async def test_the_instruments_are_listed_with_their_precision(self) -> None:
        listed = {i.symbol: i for i in await TickwireClient(self.url).instruments()}

        self.assertEqual((listed["EUR/USD"].type, listed["EUR/USD"].price_decimals), ("fx", 5))
        self.assertEqual(listed["EUR/USD"].tick_size, Decimal("0.00001"))
        self.assertEqual(listed["BTC-USD"].size_decimals, 8)
        self.assertEqual(listed["AAPL"].price_decimals, 2)


if __name__ == "__main__":
    unittest.main()
