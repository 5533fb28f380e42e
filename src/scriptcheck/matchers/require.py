"""``require``: a phrase (any of / all of) must occur in the rule's scope.

Anti-pattern: the agent opens with 国网供电公司,请讲 (no greeting).
Best practice: 您好,国网XX供电公司95598,工号1024,很高兴为您服务。
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scriptcheck.call import Call
from scriptcheck.fuzzy import fuzzy_find
from scriptcheck.matchers.base import Verdict, missing_evidence
from scriptcheck.rulebook.schema import RequireRule

if TYPE_CHECKING:
    from scriptcheck.engine import Compiler


class RequireMatcher:
    def __init__(self, spec: RequireRule, compiler: Compiler, where: str) -> None:
        self.spec = spec
        self.any = compiler.phrases(spec.any, where)
        self.groups = [
            compiler.phrases(item if isinstance(item, tuple) else (item,), where)
            for item in spec.all
        ]
        self.unless = compiler.phrases(spec.unless, where)
        self.exclude = compiler.phrases(spec.exclude, where)

    def evaluate(self, call: Call, anchor: int | None = None) -> Verdict:
        turns = call.scope(self.spec.scope, anchor)
        if not turns:
            return Verdict.empty_scope(self.spec.scope)
        missing = []
        fuzzy_notes = []
        for phrases in ([self.any] if self.any else []) + self.groups:
            hit = call.first_hit(
                phrases,
                turns,
                exclude=self.exclude,
                negation=bool(self.spec.negation),
                unless=self.unless or None,  # 您是说"您好"吗: a quoted phrase is not said
            )
            if hit is not None:
                continue
            if self.spec.fuzzy:
                found = fuzzy_find(phrases.forms, [(t, call.norm[t].text) for t in turns])
                if found is not None:
                    fuzzy_notes.append(found.describe())
                    continue
            missing.append(phrases)
        if not missing:
            return Verdict.passed("; ".join(fuzzy_notes) or None)
        # one of each missing group is needed: alternatives " / ", the groups "；"
        groups = [" / ".join(info.text for info in list(p.info.values())[:3]) for p in missing]
        wanted = "；".join(group for group in groups if group)
        detail = f"未说: {wanted}" if wanted else None
        return Verdict.violated([missing_evidence(call, self.spec.scope, turns, detail)])
