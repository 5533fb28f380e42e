"""The work id (工号) an agent states in the greeting, for calls whose file gives none.

Speech-recogniser output and plain exports often carry no 工号 header, but the agent says it in
the first words: 工号9381 / 9381号为您服务 / 工号九三八一. The agent's first turns are normalised
(:func:`scriptcheck.normalize.normalize`: full-width digits folded, Chinese numerals read as
digits), then matched against the phrasings below.

>>> stated_work_id(["您好,国网XX供电公司95598,工号九三八一,很高兴为您服务。"])
'9381'
>>> stated_work_id(["您好,9381号为您服务。"])
'9381'
>>> agent_id_of(Transcript(path="a.txt", turns=(), agent_id="1024"))
AgentId(value='1024', stated=False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scriptcheck.model import Transcript
from scriptcheck.normalize import normalize

#: how many of the agent's first turns are searched (the greeting, maybe one more)
FIRST_AGENT_TURNS = 2

# On normalised text: no punctuation or spaces, digits already Arabic.
_WORK_ID = re.compile(
    r"(?:工号|员工号|坐席号|座席号|服务号|客服号)(?:是|为)?(?P<a>[0-9]{2,8})(?![0-9])"
    r"|(?<![0-9])(?P<b>[0-9]{1,8})号(?:客服|坐席|座席|话务员|接线员|服务专员|为您服务|很高兴)"
)


@dataclass(frozen=True)
class AgentId:
    """A call's agent id and whether it was taken from what the agent said (not the file)."""

    value: str
    stated: bool


def stated_work_id(agent_texts: Iterable[str]) -> str | None:
    """The first work id stated in ``agent_texts`` (the agent's turns, in order), or None."""
    for text in agent_texts:
        match = _WORK_ID.search(normalize(text).text)
        if match:
            return match.group("a") or match.group("b")
    return None


def agent_id_of(transcript: Transcript, turns: int = FIRST_AGENT_TURNS) -> AgentId | None:
    """The call's agent id: the one the file gives (header, label, column) if any, else the
    work id the agent states in the first ``turns`` agent turns; None when neither."""
    if transcript.agent_id:
        return AgentId(transcript.agent_id, stated=False)
    stated = stated_work_id(t.text for t in transcript.agent_turns()[:turns])
    return AgentId(stated, stated=True) if stated else None


__all__ = ["FIRST_AGENT_TURNS", "AgentId", "agent_id_of", "stated_work_id"]
