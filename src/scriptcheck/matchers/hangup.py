"""``hangup``: the customer hangs up first; an agent who hangs up first must first have said
the allowed exception phrase (对不起,我挂线了) after the customer stopped answering.

Anti-pattern: 客服: 再见。 [挂机] 客服
Best practice: 客服: 感谢您的来电,再见! [挂机] 客户
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.matchers.base import Evidence, Verdict, role_name
from scriptcheck.model import EventKind, Role
from scriptcheck.rulebook.schema import HangupRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class HangupMatcher:
    def __init__(self, spec: HangupRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.exception = compiler.phrases(spec.exception, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        hangups = [
            e for e in call.transcript.events if e.kind is EventKind.HANGUP and e.by is not None
        ]
        if not hangups:
            return Verdict.na("通话中没有注明由谁挂机的挂机事件")
        first = hangups[0]
        assert first.by is not None  # hang-ups without a side were filtered out above
        wanted = Role(self.spec.first)
        if first.by is wanted or first.by is Role.UNKNOWN:
            return Verdict.passed()
        before = [t for t in call.real_turns(first.by.value) if t < first.position]
        if before and self.exception and call.hits(self.exception, before[-1]):
            return Verdict.passed(f"{role_name(first.by.value)}先挂机,但挂机前说了规定用语")
        turn = before[-1] if before else None
        text = call.turns[turn].text if turn is not None else None
        return Verdict.violated(
            [
                Evidence(
                    turn=turn,
                    span=(0, len(text)) if text else None,
                    quote=text,
                    suggestion=self.spec.instead,
                )
            ]
        )
