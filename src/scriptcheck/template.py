"""Call-script templates (话术模板): what their placeholders stand for, what they cannot show.

``{工号}``, ``{{org}}``, ``XXX``, ``***``, ``×××``, ``X月X日`` stand for the values a real call
would have. Filling them with sample values of the same length lets the rules check templates
unchanged, and keeps every offset valid. Rules about what only a real call has (timing, rings,
who hangs up, a customer who says nothing) are not applicable to a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from scriptcheck.model import EVENT_NAMES, Role, Turn

# {name}, {{name}} (one placeholder, read as {name}) and their full-width forms
_BRACED = re.compile(
    r"[{｛](?:[{｛](?P<doubled>[^{}｛｝]{1,12})[}｝]|(?P<single>[^{}｛｝]{1,12}))[}｝]"
)
_RUN = re.compile(r"(?<![A-Za-z])([Xx]{1,6}|[*＊]{2,6}|[×]{1,6})(?![A-Za-z])")
_NUMERIC_HINTS = ("号", "电话", "手机", "时间", "日期", "数", "id", "ID", "编号", "分钟", "小时")
_ORG_HINTS = ("单位", "公司", "机构", "企业", "org", "company")
# accepted by open.org-name in every shipped pack: in each pack's org_names, and a name
# ending in 中心 (its generic-suffix pattern); a shorter placeholder takes its tail (服中心)
_ORG_SAMPLES = ("客户服务中心", "客服中心")
# a surname: 客户: 我姓{姓} … 客服: {姓}先生 must read 王 … 王先生, not 某某某 … 某某某先生
_SURNAME_SAMPLE = "王"


def placeholder_name(match: re.Match[str]) -> str:
    """The name inside a ``{name}`` or ``{{name}}`` match of the placeholder pattern."""
    return match.group("doubled") or match.group("single")


def sample_value(name: str, size: int) -> str:
    """A sample of ``size`` characters for the placeholder ``name``: digits for numbers
    (``{工号}`` → ``1024``), an organisation for ``{单位名称}``, a surname for ``{姓}``, else
    ``某``. Named samples are padded with spaces, which normalisation drops.

    >>> sample_value("工号", 4), sample_value("单位名称", 6), sample_value("org", 7)
    ('1024', '客户服务中心', '客户服务中心 ')
    >>> sample_value("姓", 3), sample_value("产品", 4)
    ('王  ', '某某某某')
    """
    if any(h in name for h in _NUMERIC_HINTS):
        return ("1024" * size)[:size]
    lowered = name.lower()
    if any(h in lowered for h in _ORG_HINTS):
        sample = next(s for s in _ORG_SAMPLES if len(s) <= size or s == _ORG_SAMPLES[-1])
        return sample[-size:].ljust(size)
    if "姓" in name and "姓名" not in name:  # {姓} / {客户姓氏}; a full name stays 某某
        return _SURNAME_SAMPLE.ljust(size)
    return "某" * size


def fill_placeholders(text: str) -> str:
    """Same-length sample values for placeholders: ``工号{工号}`` → ``工号1024``."""
    text = _BRACED.sub(lambda m: sample_value(placeholder_name(m), len(m.group(0))), text)
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
    found = ((m, placeholder_name(m)) for m in _BRACED.finditer(text))
    return [Slot(kind, name, m.start(), m.end()) for m, name in found if kind_of(name) == kind]


# --- braces that are not placeholders -----------------------------------------------------

_OPENING = "{｛"


def brace_problems(text: str) -> Iterator[tuple[int, str]]:
    """(offset, problem) for each brace of ``text`` that is not part of a placeholder, and
    each ``{{name}}``, which is read as the one placeholder ``{name}``.

    >>> [p for _, p in brace_problems("您好,{单位名称,工号{工号}")]
    ["'{单位名称,工号' opens a placeholder never closed, so it is read as text; add '}'"]
    """
    rest = list(text)
    for match in _BRACED.finditer(text):
        rest[match.start() : match.end()] = " " * (match.end() - match.start())
        if match.group("doubled"):
            name = match.group("doubled")
            yield match.start(), f"'{match.group(0)}' is read as one placeholder {{{name}}}"
    closed: set[int] = set()  # closing braces already named with their opening one
    for offset, char in enumerate(rest):
        if char in _OPENING:
            closing = next((i for i in range(offset + 1, len(rest)) if rest[i] in "}｝"), None)
            if closing is None:
                problem = "opens a placeholder never closed, so it is read as text; add '}'"
                shown = text[offset : offset + 8]
            else:
                closed.add(closing)
                problem = "is read as text: a placeholder's name is 1 to 12 characters"
                shown = text[offset : closing + 1]
            yield offset, f"'{shown}' {problem}"
        elif char in "}｝" and offset not in closed:
            before = text[max(offset - 7, 0) : offset + 1]
            problem = "closes a placeholder never opened, so it is read as text; add '{'"
            yield offset, f"'{before}' {problem}"


def placeholder_notes(turns: Sequence[Turn]) -> list[str]:
    """One note per brace problem of a template's turns (:func:`brace_problems`), with the line
    it is on: ``line 2: '{单位名称,工号' opens a placeholder never closed, …``."""
    notes = []
    for turn in turns:
        for offset, problem in brace_problems(turn.text):
            if turn.line is not None:
                where = f"line {turn.line + turn.text.count(chr(10), 0, offset)}"
            else:
                where = f"turn {turn.index + 1}"
            notes.append(f"{where}: {problem}")
    return notes


# --- rules a template cannot show ----------------------------------------------------------

#: rule kinds that measure a real call: times, rates, rings, who hangs up first
_REAL_CALL_KINDS = frozenset({"timing", "hangup"})
#: events a template cannot stage (a hold or a transfer it can: 请您稍等 … [保持开始])
_REAL_CALL_EVENTS = frozenset({"ring", "silence", "hangup"})
REAL_CALL_REASON = "话术模板不适用: 本规则要检查真实通话"


#: the header that tells a template what call it scripts: ``# scenario: silent-call``
SCENARIO_HEADER = "scenario"
_SILENT_CALL_SCENARIOS = frozenset({"silent-call", "silent", "无声电话"})


def silent_call_script(metadata: dict[str, str]) -> bool:
    """Whether a template declares itself the script of a silent call (``# scenario:
    silent-call``): then its customer says nothing on purpose, and the silent-call rules apply."""
    return metadata.get(SCENARIO_HEADER, "").strip().lower() in _SILENT_CALL_SCENARIOS


def scenario_notes(metadata: dict[str, str]) -> list[str]:
    """A note for a ``# scenario:`` header this version does not know, saying which it does."""
    value = metadata.get(SCENARIO_HEADER)
    if value is None or silent_call_script(metadata):
        return []
    return [f"# scenario: {value} 不认识(可用: silent-call,即无声电话话术),按一般话术检查"]


def real_call_only(spec: Any, silent_script: bool = False) -> str | None:
    """Why rule ``spec`` cannot be checked on a call-script template, or None if it can.

    A template shows what is said, not how a call went: no times, rings or hang-up order
    (``timing`` and ``hangup`` rules, ``template: skip``), no recorded silence or hang-up to
    trigger on, and a customer who says nothing in a template is a script fragment (an opening
    on its own), not a silent call, unless the template says it scripts one (``silent_script``,
    from ``# scenario: silent-call``). A combinator with such a sub-rule is not applicable as a
    whole: what it decides depends on the part a template cannot show. An ``any`` is the
    exception while one of its alternatives can be shown: the others are left out on a
    template (an excuse such as "the customer hung up mid-sentence" cannot happen in one)."""
    if spec.kind in _REAL_CALL_KINDS or getattr(spec, "template", "check") == "skip":
        return REAL_CALL_REASON
    trigger = getattr(spec, "trigger", None)
    if (
        trigger is not None
        and trigger.silent
        and not (silent_script and trigger.silent == "customer")
    ):
        who = _role_label(trigger.silent)
        return f"话术模板不适用: 模板里没有{who}的话只是话术片段,{who}不说话要看真实通话"
    if trigger is not None and trigger.event in _REAL_CALL_EVENTS:
        return f"话术模板不适用: {EVENT_NAMES[trigger.event]}要看真实通话的记录"
    subs = _sub_rules(spec)
    reasons = [real_call_only(sub, silent_script) for sub in subs]
    if spec.kind == "any" and any(reason is None for reason in reasons):
        return None
    return next((reason for reason in reasons if reason is not None), None)


def _sub_rules(spec: Any) -> list[Any]:
    """The sub-rules of ``spec``: ``all``/``any`` rules, the ``not`` rule, the ``when`` then."""
    subs = list(getattr(spec, "rules", None) or ())
    for attr in ("rule", "then"):
        sub = getattr(spec, attr, None)
        if sub is not None:
            subs.append(sub)
    return subs


def _role_label(role: str) -> str:
    return Role(role).label if role in Role._value2member_map_ else "通话双方"
