"""Against a node fed over HTTP (PROTOCOL.md §8): instruments defined and listed at their precision;
an FX quote and a crypto quote with fractional sizes published and read back over WebSocket and SSE
with exactly the digits published; refusals in the gateway's words (a bad quote with its index, and
nothing of its call published; a bad instrument; a node whose feed is its simulator)."""

from __future__ import annotations

import unittest
from contextlib import aclosing
from decimal import Decimal

from harness import GatewayTest, gateway_url
from tickwire import GatewayError, Quote, TickwireClient

INSTRUMENTS = [
    {"symbol": "EUR/USD", "name": "Euro / US Dollar", "type": "fx", "tickSize": Decimal("0.00001")},
    {"symbol": "BTC-USD", "name": "Bitcoin", "type": "crypto", "tickSize": Decimal("0.01"), "sizeDecimals": 8},
    {"symbol": "ESZ6", "name": "E-mini S&P 500 Dec 2026", "type": "future", "tickSize": Decimal("0.25")},
]


def eur_usd(volume: int) -> dict[str, object]:
    # Floats too are sent with their shortest digits: 1.08345, not 1.0834500000000000852651282912120223045349.
    return {"symbol": "EUR/USD", "bid": 1.08345, "ask": Decimal("1.08347"), "last": Decimal("1.08346"),
            "bidSize": 1_000_000, "askSize": 2_000_000, "lastSize": 1_000_000, "volume": volume,
            "open": Decimal("1.08120")}


def btc_usd(volume: str) -> dict[str, object]:
    return {"symbol": "BTC-USD", "bid": Decimal("97123.45"), "ask": Decimal("97123.46"), "last": Decimal("97123.46"),
            "bidSize": Decimal("0.0153"), "askSize": Decimal("1.2"), "lastSize": 1e-8, "volume": Decimal(volume),
            "open": Decimal("95000")}


class Publishing(GatewayTest):
    role = "publish"

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.simulated = gateway_url("stream")

    async def asyncSetUp(self) -> None:
        await super().asyncSetUp()
        self.client = TickwireClient(self.url)
        self.assertEqual(await self.client.define_instruments(INSTRUMENTS), len(INSTRUMENTS))

    async def test_instruments_are_listed_with_the_precision_they_were_defined_with(self) -> None:
        listed = {i.symbol: i for i in await self.client.instruments()}

        eur = listed["EUR/USD"]
        self.assertEqual((eur.type, eur.currency, eur.tick_size, eur.price_decimals, eur.size_decimals),
                         ("fx", "USD", Decimal("0.00001"), 5, 0))
        self.assertEqual((listed["BTC-USD"].size_decimals, listed["BTC-USD"].price_decimals), (8, 2))
        self.assertEqual(listed["ESZ6"].tick_size, Decimal("0.25"))

    async def round_trip(self, transport: str) -> None:
        r = self.recorder(["EUR/USD", "BTC-USD"], transport=transport).start()
        await r.until(lambda: r.count("live") == 1, "live")
        volume = 5_000_000_000 + len(transport)
        published = await self.client.publish([eur_usd(volume), btc_usd(f"12345.6789123{len(transport)}")])
        self.assertEqual((published.count, published.last_seq - published.first_seq), (2, 1))
        await r.until(lambda: any(q.seq == published.last_seq for q in r.quotes), f"seq {published.last_seq}")

        got = {q.symbol: q for q in r.quotes if q.seq >= published.first_seq}
        eur, btc = got["EUR/USD"], got["BTC-USD"]
        self.assertEqual((eur.seq, btc.seq), (published.first_seq, published.last_seq))
        self.assertEqual([f"{n:f}" for n in (eur.bid, eur.ask, eur.open, eur.bid_size, eur.volume)],
                         ["1.08345", "1.08347", "1.08120", "1000000", str(volume)])
        self.assertEqual([f"{n:f}" for n in (btc.bid, btc.bid_size, btc.ask_size, btc.last_size, btc.volume)],
                         ["97123.45", "0.0153", "1.2", "0.00000001", f"12345.6789123{len(transport)}"])

    async def test_over_ws_published_fx_and_crypto_quotes_read_back_at_exact_precision(self) -> None:
        await self.round_trip("ws")

    async def test_over_sse_published_fx_and_crypto_quotes_read_back_at_exact_precision(self) -> None:
        await self.round_trip("sse")

    async def test_a_quote_read_back_publishes_again_as_it_was(self) -> None:
        first = await self.client.publish(btc_usd("20000.00000001"))
        async with aclosing(self.client.quotes("BTC-USD")) as stream:
            snapshot: Quote = await anext(stream)
        self.assertEqual(snapshot.seq, first.last_seq)
        again = await self.client.publish(snapshot)
        async with aclosing(self.client.quotes("BTC-USD")) as stream:
            latest = await anext(stream)
        self.assertEqual(latest.seq, again.last_seq)
        self.assertEqual(latest.volume, Decimal("20000.00000001"))

    async def test_a_bad_quote_raises_bad_quote_with_its_index_and_nothing_of_the_call_is_published(self) -> None:
        earlier = await self.client.publish(eur_usd(6_000_000_000))
        bad = {**eur_usd(6_000_000_001), "symbol": "ESZ6", "bid": Decimal("6012.1"), "ask": Decimal("6012.5"),
               "last": Decimal("6012.5"), "open": Decimal("6000")}
        with self.assertRaises(GatewayError) as refused:
            await self.client.publish([eur_usd(6_000_000_001), bad])

        e = refused.exception
        self.assertEqual((e.status, e.code, e.index), (400, "BAD_QUOTE", 1))
        self.assertEqual(e.message, "quotes[1] (ESZ6): bid 6012.1 is not a multiple of the tick 0.25")
        async with aclosing(self.client.quotes("EUR/USD")) as stream:
            latest = await anext(stream)
        self.assertEqual(latest.seq, earlier.last_seq, "the refused call's EUR/USD quote was never published")

    async def test_a_bad_instrument_raises_bad_instrument_with_its_index(self) -> None:
        with self.assertRaises(GatewayError) as refused:
            await self.client.define_instruments([{"symbol": "GOOD"}, {"symbol": "X", "tickSize": Decimal("0.005"),
                                                                       "priceDecimals": 2}])
        self.assertEqual((refused.exception.code, refused.exception.index), ("BAD_INSTRUMENT", 1))

    async def test_a_node_fed_by_its_simulator_refuses_with_409(self) -> None:
        with self.assertRaises(GatewayError) as refused:
            await TickwireClient(self.simulated).publish(eur_usd(1))
        self.assertEqual(refused.exception.status, 409)


if __name__ == "__main__":
    unittest.main()
