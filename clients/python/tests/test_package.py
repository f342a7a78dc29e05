"""The package as pip sees it: the project's version (the root pom's ``revision``, as
clients/js/package.json carries it too), Apache-2.0, Python 3.11+, and websockets its one dependency."""

from __future__ import annotations

import re
import tomllib
import unittest
from pathlib import Path

import harness  # noqa: F401  (puts the package on the path)
import tickwire

HERE = Path(__file__).resolve().parents[1]


class Package(unittest.TestCase):
    def test_the_metadata_names_the_projects_version_license_and_one_dependency(self) -> None:
        project = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        revision = re.search(r"<revision>([^<]+)</revision>", (HERE.parents[1] / "pom.xml").read_text())

        self.assertEqual((project["name"], project["version"]), ("tickwire", tickwire.__version__))
        self.assertIsNotNone(revision, "the root pom holds the project's version as <revision>")
        self.assertEqual(project["version"], revision.group(1))
        self.assertEqual(project["license"], {"text": "Apache-2.0"})
        self.assertEqual(project["requires-python"], ">=3.11")
        self.assertEqual([re.split(r"[<>=!~ ;\[]", d)[0] for d in project["dependencies"]], ["websockets"])


if __name__ == "__main__":
    unittest.main()
