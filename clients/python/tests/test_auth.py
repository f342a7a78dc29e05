"""Against a gateway with authentication on (HS256): get_token, plain or async, is asked again at
every reconnect and its token presented as ``Authorization: Bearer``; over WebSocket a token about
to expire is refreshed in-band and the link stays open; over SSE a stream ended at the token's exp
is reopened with a fresh token and ``Last-Event-ID``; a refused token raises 401 at once."""

from __future__ import annotations

import time
import unittest

from harness import GatewayTest, secret, strictly_increasing_per_symbol
from tickwire import GatewayError
from tokens import token

GRANTS = ["AAPL", "MSFT"]


class Tokens:
    """A get_token that mints a fresh token at each call (another subject each time, unless one is
    given: an in-band refresh must keep the subject) and keeps them."""

    def __init__(self, lifetime: float, lengthen: float = 0.0, subject: str | None = None) -> None:
        self.issued: list[str] = []
        self.lifetime = lifetime
        self.lengthen = lengthen
        self.subject = subject

    def __call__(self) -> str:
        n = len(self.issued)
        self.issued.append(token(self.subject or f"py-{n}", self.lifetime + n * self.lengthen, GRANTS,
                                 secret=secret()))
        return self.issued[-1]

    async def fetch(self) -> str:  # as an async get_token
        return self()


class Authentication(GatewayTest):
    role = "auth"

    async def asked_again_on_reconnect(self, transport: str, get_token: object, tokens: Tokens) -> None:
        proxy = await self.proxy()
        r = self.recorder(["AAPL"], url=proxy.url, transport=transport, get_token=get_token).start()
        await r.until(lambda: len(r.quotes) >= 2, "quotes on the first link")
        proxy.cut()
        await r.until(lambda: r.count("live") == 2 and len(r.quotes) >= 4, "quotes on the second link")

        self.assertEqual(len(tokens.issued), 2, "asked once per connect")
        self.assertEqual([c.header("Authorization") for c in proxy.connections],
                         [f"Bearer {t}" for t in tokens.issued])
        self.assertTrue(strictly_increasing_per_symbol(r.quotes))

    async def test_over_ws_a_plain_get_token_is_asked_again_on_reconnect(self) -> None:
        tokens = Tokens(3600)
        await self.asked_again_on_reconnect("ws", tokens, tokens)

    async def test_over_sse_an_async_get_token_is_asked_again_on_reconnect(self) -> None:
        tokens = Tokens(3600)
        await self.asked_again_on_reconnect("sse", tokens.fetch, tokens)

    async def test_over_ws_a_token_about_to_expire_is_refreshed_in_band_and_the_link_stays_open(self) -> None:
        tokens = Tokens(3, lengthen=1, subject="py")
        first_exp = time.time() + 3
        r = self.recorder(["AAPL"], get_token=tokens, refresh_before=1).start()
        await r.until(lambda: r.quotes and r.quotes[-1].ts / 1e6 > first_exp + 2, "a quote 2 s past the first exp")

        self.assertEqual([s for s, _ in r.states], ["connecting", "live"], "one link, never reopened")
        self.assertGreaterEqual(len(tokens.issued), 2)

    async def test_over_sse_a_stream_ended_at_exp_is_reopened_with_a_fresh_token_and_last_event_id(self) -> None:
        tokens = Tokens(2)
        proxy = await self.proxy()
        r = self.recorder(["AAPL"], url=proxy.url, transport="sse", get_token=tokens).start()
        await r.until(lambda: len(r.split("live", 2)[1]) >= 2, "quotes on the stream reopened after exp")

        before, after = r.split("live", 2)
        second = proxy.connections[1]
        self.assertEqual(second.header("Authorization"), f"Bearer {tokens.issued[1]}")
        self.assertEqual(second.header("Last-Event-ID"), str(before[-1].seq))
        self.assertGreater(after[0].seq, before[-1].seq)
        self.assertTrue(strictly_increasing_per_symbol(r.quotes))

    async def refused(self, transport: str) -> None:
        r = self.recorder(["AAPL"], transport=transport,
                          token=token("py", 3600, GRANTS, secret="another-secret-of-at-least-32-bytes!!")).start()
        error = await r.failed("the refusal")

        self.assertIsInstance(error, GatewayError)
        self.assertEqual((error.status, error.code), (401, "UNAUTHENTICATED"))
        self.assertEqual(r.count("connecting"), 1, "not retried")

    async def test_over_ws_a_refused_token_raises_401_at_once(self) -> None:
        await self.refused("ws")

    async def test_over_sse_a_refused_token_raises_401_at_once(self) -> None:
        await self.refused("sse")


if __name__ == "__main__":
    unittest.main()
