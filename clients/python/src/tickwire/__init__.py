"""Tickwire's Python client (asyncio): quotes from a Tickwire gateway over WebSocket or SSE with
resume, backoff and token refresh, exact ``Decimal`` prices, and publishing over HTTP.

    async for q in TickwireClient("http://localhost:8080").quotes(["AAPL", "EUR/USD"]):
        print(q.symbol, q.bid, q.ask, q.seq)
"""

from .client import TickwireClient
from .errors import GatewayError
from .model import Instrument, Published, Quote

__all__ = ["TickwireClient", "GatewayError", "Quote", "Instrument", "Published", "__version__"]
__version__ = "0.2.0"
