"""The client's parts that need no gateway: backoff, plain-decimal JSON, JWT expiry and refresh
timing, the event-stream parser over awkward chunk boundaries, and the resume cursor."""

from __future__ import annotations

import base64
import json
import unittest
from decimal import Decimal

import harness  # noqa: F401  (puts the package on the path)
from tickwire import GatewayError, Quote
from tickwire.backoff import backoff_delay
from tickwire.sse import SseEvent, SseParser
from tickwire.subscription import Subscription, normalize
from tickwire.token import refresh_delay, token_expiry
from tickwire.wire import dumps, loads, plain_number


class Backoff(unittest.TestCase):
    def test_the_step_doubles_up_to_the_maximum_half_fixed_half_random(self) -> None:
        low = [backoff_delay(n, 0.5, 8.0, random=lambda: 0.0) for n in range(7)]
        high = [backoff_delay(n, 0.5, 8.0, random=lambda: 1.0) for n in range(7)]
        self.assertEqual(low, [0.25, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0])
        self.assertEqual(high, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0])


class Wire(unittest.TestCase):
    def test_numbers_are_read_as_exact_decimals(self) -> None:
        read = loads('{"bid":1.08345,"open":1.08120,"lastSize":0.00000001,"seq":1796611268848356}')
        self.assertEqual(read["bid"], Decimal("1.08345"))
        self.assertEqual(f"{read['open']:f}", "1.08120")
        self.assertEqual(f"{read['lastSize']:f}", "0.00000001")
        self.assertEqual(read["seq"], 1796611268848356)

    def test_numbers_are_written_as_plain_decimals(self) -> None:
        self.assertEqual([plain_number(n) for n in (1e-8, 1.08345, 1.5e21, Decimal("1E-8"), Decimal("1.08120"), 7)],
                         ["0.00000001", "1.08345", "1500000000000000000000", "0.00000001", "1.08120", "7"])
        self.assertRaises(ValueError, plain_number, float("nan"))
        self.assertRaises(TypeError, plain_number, True)

    def test_a_mapping_is_written_without_its_none_fields(self) -> None:
        written = dumps([{"symbol": "EUR/USD", "bid": Decimal("1.08345"), "ts": None, "ok": True, "n": "é"}])
        self.assertEqual(written, '[{"symbol":"EUR/USD","bid":1.08345,"ok":true,"n":"é"}]')
        self.assertEqual(json.loads(written)[0]["bid"], 1.08345)

    def test_a_quote_keeps_the_gateways_digits(self) -> None:
        q = Quote.from_wire(loads('{"type":"quote","symbol":"BTC-USD","seq":5,"ts":6,"bid":97123.45,"ask":97123.46,'
                                  '"last":97123.46,"bidSize":0.0153,"askSize":2,"lastSize":0.00000001,'
                                  '"volume":12345.67891234,"open":95000.00}'))
        self.assertEqual((q.ask_size, f"{q.open:f}", f"{q.volume:f}"), (Decimal(2), "95000.00", "12345.67891234"))
        self.assertEqual(dumps(q.to_wire()), '{"symbol":"BTC-USD","ts":6,"bid":97123.45,"ask":97123.46,'
                         '"last":97123.46,"bidSize":0.0153,"askSize":2,"lastSize":0.00000001,'
                         '"volume":12345.67891234,"open":95000.00}')

    def test_a_refusal_reads_as_its_code_status_index_and_message(self) -> None:
        e = GatewayError.from_body({"code": "BAD_QUOTE", "message": "quotes[1] (X): bid 1 is off", "index": 1}, 400)
        self.assertEqual(str(e), "BAD_QUOTE (HTTP 400) at index 1: quotes[1] (X): bid 1 is off")


def jwt(claims: dict[str, object]) -> str:
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"eyJhbGciOiJIUzI1NiJ9.{body}.signature"


class Tokens(unittest.TestCase):
    def test_the_expiry_is_read_from_the_claims_without_checking_the_signature(self) -> None:
        self.assertEqual(token_expiry(jwt({"sub": "a", "exp": 1800000000})), 1800000000)
        self.assertIsNone(token_expiry(jwt({"sub": "a"})))
        self.assertIsNone(token_expiry("not-a-jwt"))
        self.assertIsNone(token_expiry(None))

    def test_a_refresh_comes_ahead_of_exp_but_not_before_half_of_what_is_left(self) -> None:
        self.assertEqual(refresh_delay(1000, 30, now=0), 970)
        self.assertEqual(refresh_delay(40, 30, now=0), 20)
        self.assertEqual(refresh_delay(5, 30, now=10), 0)
        self.assertIsNone(refresh_delay(None, 30))


class EventStream(unittest.TestCase):
    def feed(self, *chunks: bytes) -> list[SseEvent]:
        parser = SseParser()
        return [e for c in chunks for e in parser.feed(c)]

    def test_events_and_comments_are_read_across_any_chunk_boundary(self) -> None:
        stream = "retry: 1000\r\n\r\nid: 7\r\nevent: quote\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n: heartbeat 9\n".encode()
        expected = [SseEvent("quote", "7", '{"a":\n1}'), SseEvent(None, "7", "heartbeat 9")]
        for cut in range(len(stream) + 1):
            self.assertEqual(self.feed(stream[:cut], stream[cut:]), expected, cut)
        self.assertEqual(self.feed(*(stream[i:i + 1] for i in range(len(stream)))), expected)

    def test_a_multibyte_character_split_between_chunks_is_kept(self) -> None:
        data = "data: Zürich\n\n".encode()
        self.assertEqual(self.feed(data[:8], data[8:]), [SseEvent("message", "", "Zürich")])


class Resume(unittest.TestCase):
    def test_symbols_are_kept_as_written_once_each(self) -> None:
        self.assertEqual(normalize(" EUR/USD, btcusdt,,EUR/USD "), ["EUR/USD", "btcusdt"])

    def test_a_quote_not_newer_than_the_last_delivered_of_its_symbol_is_dropped(self) -> None:
        s = Subscription(["AAPL", "msft"])
        accepted = [s.accept({"symbol": sym, "seq": seq}) for sym, seq in
                    [("AAPL", 5), ("AAPL", 5), ("AAPL", 4), ("MSFT", 3), ("SPY", 9), ("AAPL", 6)]]
        self.assertEqual(accepted, [True, False, False, True, False, True])
        self.assertEqual(s.last, {"AAPL": 6, "msft": 3})

    def test_a_new_link_resumes_after_the_oldest_seq_seen_and_snapshots_the_rest(self) -> None:
        s = Subscription(["A", "B", "C"])
        self.assertEqual((s.groups(), s.since()), ([(["A", "B", "C"], None)], None))
        s.accept({"symbol": "A", "seq": 9})
        s.accept({"symbol": "B", "seq": 4})
        self.assertEqual((s.groups(), s.since()), ([(["A", "B"], 4), (["C"], None)], None))
        s.accept({"symbol": "C", "seq": 12})
        self.assertEqual((s.groups(), s.since()), ([(["A", "B", "C"], 4)], 4))
        s.remove(["B"])
        self.assertEqual(s.since(), 9)


if __name__ == "__main__":
    unittest.main()
