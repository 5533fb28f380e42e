"""The examples in the docstrings hold: every module's doctests run with the suite."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import scriptcheck

MODULES = sorted(m.name for m in pkgutil.walk_packages(scriptcheck.__path__, "scriptcheck."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail in {name}"


def test_the_modules_with_examples_are_found() -> None:
    assert "scriptcheck.normalize" in MODULES and "scriptcheck.corrections" in MODULES
