"""The package's metadata builds without setuptools' deprecation warnings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_expression_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert isinstance(project["project"]["license"], str)  # a table is deprecated since setuptools 77
    for name in project["project"]["license-files"]:
        assert (ROOT / name).is_file()
    (setuptools,) = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert int(re.search(r">=\s*(\d+)", setuptools).group(1)) >= 77  # the first to read license-files


def test_the_compiled_catalogue_is_shipped_with_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = project["tool"]["setuptools"]["package-data"]["tracker"]
    shipped = {p for pattern in patterns for p in (ROOT / "tracker").glob(pattern)}
    assert ROOT / "tracker" / "locale" / "zh_CN" / "LC_MESSAGES" / "rentrack.mo" in shipped
