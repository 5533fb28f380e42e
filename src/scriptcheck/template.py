"""Placeholders in call-script templates (话术模板): ``{工号}``, ``XXX``, ``***``, ``×××``,
``X月X日`` stand for the values a real call would have. Filling them with sample values of the
same length lets the rules check templates unchanged, and keeps every offset valid."""

from __future__ import annotations

import re

# {工号}/{电话}… → digits; {姓名}/{单位}… → 某; runs of X/*/× → digits (工号XXX, ***号, X月X日)
_BRACED = re.compile(r"[{｛]([^{}｛｝]{1,12})[}｝]")
_RUN = re.compile(r"(?<![A-Za-z])([Xx]{1,6}|[*＊]{2,6}|[×]{1,6})(?![A-Za-z])")
_NUMERIC_HINTS = ("号", "电话", "手机", "时间", "日期", "数", "id", "ID", "编号", "分钟", "小时")


def _braced(match: re.Match[str]) -> str:
    name = match.group(1)
    size = len(match.group(0))
    if any(h in name for h in _NUMERIC_HINTS):
        return ("1024" * size)[:size]
    return "某" * size


def fill_placeholders(text: str) -> str:
    """Same-length sample values for placeholders: ``工号{工号}`` → ``工号1024``."""
    text = _BRACED.sub(_braced, text)
    return _RUN.sub(lambda m: "1" * len(m.group(0)), text)
