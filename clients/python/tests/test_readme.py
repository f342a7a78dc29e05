"""The examples of clients/python/README.md, run as written with this Python against real gateways
(as the gateway's ReadmeRecipesTest runs the top README's), so the documentation cannot drift from
what the client does. Only the address changes: the README's http://localhost:8080 is the gateway's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unittest
from pathlib import Path

from harness import SOURCE, gateway_url

README = Path(__file__).resolve().parents[1] / "README.md"


def recipe(name: str) -> str:
    """The fenced block right after ``<!-- recipe: name -->`` in the README."""
    lines = README.read_text(encoding="utf-8").splitlines()
    at = lines.index(f"<!-- recipe: {name} -->")
    assert lines[at + 1].startswith("```"), f"a fenced block follows the recipe {name}"
    end = next(i for i in range(at + 2, len(lines)) if lines[i].startswith("```"))
    return "\n".join(lines[at + 2:end]) + "\n"


def run(code: str, url: str) -> str:
    """Runs ``code`` with the package on its path; its output, once it exited 0."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code.replace("http://localhost:8080", url)], env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class ReadmeExamples(unittest.TestCase):
    def test_the_quotes_example_prints_ten_quotes_at_each_instruments_places_and_the_refusal(self) -> None:
        output = run(recipe("python-quotes"), gateway_url("stream"))

        quotes = re.findall(r"^(AAPL|EUR/USD) +(\d+\.(\d+)) / (\d+\.\d+)  seq (\d+)$", output, re.MULTILINE)
        self.assertEqual(len(quotes), 10, output)
        for symbol, _, decimals, _, _ in quotes:
            self.assertEqual(len(decimals), 5 if symbol == "EUR/USD" else 2, output)
        self.assertIn("state live", output)
        self.assertIn("UNKNOWN_SYMBOL ['NOSUCH']", output)

    def test_the_publish_example_publishes_reads_back_and_is_refused_as_its_comments_say(self) -> None:
        output = run(recipe("python-publish"), gateway_url("publish"))

        published = re.search(r"^published 2 quotes, seq (\d+)\.\.(\d+)$", output, re.MULTILINE)
        self.assertIsNotNone(published, output)
        first, last = map(int, published.groups())
        self.assertEqual(last - first, 1)
        self.assertIn(f"\nBTC-USD 97123.45 0.00000001 {last}\n", output)
        self.assertIn("400 BAD_QUOTE 0 quotes[0] (EUR/USD): bid 1.083455 has more than 5 decimals", output)


if __name__ == "__main__":
    unittest.main()
