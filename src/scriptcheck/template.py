"""Placeholders in call-script templates (话术模板): ``{工号}``, ``XXX``, ``***``, ``×××``,
``X月X日`` stand for the values a real call would have. Filling them with sample values of the
same length lets the rules check templates unchanged, and keeps every offset valid."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


# what a customer's placeholder stands for, by words in its name (客户: 我的电话是{手机号}),
# tried in this order: {门牌号码} is a place, {手机号码} a phone
_KIND_HINTS = {
    "place": ("地址", "住址", "位置", "小区", "门牌", "address", "addr", "location"),
    "time": ("时间", "日期", "时段", "几点", "time", "date"),
    "phone": ("电话", "手机", "号码", "联系方式", "phone", "mobile", "tel"),
}


def kind_of(name: str) -> str | None:
    """What a placeholder named ``name`` stands for: "place", "time", "phone" or None."""
    lowered = name.lower()
    return next((k for k, hints in _KIND_HINTS.items() if any(h in lowered for h in hints)), None)


@dataclass(frozen=True)
class Slot:
    """A placeholder standing for a phone number, time or place, at ``[start, end)`` of the
    turn's original text."""

    kind: str
    name: str
    start: int
    end: int


def slots(text: str, kind: str) -> list[Slot]:
    """The placeholders of ``text`` that stand for a value of ``kind`` ("phone", "time",
    "place"): ``{电话}``, ``${phone}``, ``{{预约时间}}``. Untyped ones (``XXX``, ``{姓名}``) are
    not values to repeat."""
    return [
        Slot(kind, m.group(1), m.start(), m.end())
        for m in _BRACED.finditer(text)
        if kind_of(m.group(1)) == kind
    ]
