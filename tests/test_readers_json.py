"""The project's JSON schema: the schema file, round trips, and shape errors with field paths."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scriptcheck.errors import InputError
from scriptcheck.readers import read_file, read_text, transcript_to_dict

ROOT = Path(__file__).parent.parent
SCHEMA = json.loads(
    (ROOT / "src" / "scriptcheck" / "schemas" / "transcript.schema.json").read_text(
        encoding="utf-8"
    )
)
SAMPLES = sorted((ROOT / "examples" / "transcripts" / "formats").iterdir())


def test_schema_file_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_as_dict_validates_against_the_schema(sample):
    document = [transcript_to_dict(t) for t in read_file(sample)]
    jsonschema.validate(document, SCHEMA)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_dict_output_reads_back_to_the_same_turns_and_events(sample):
    originals = read_file(sample)
    text = json.dumps([transcript_to_dict(t) for t in originals], ensure_ascii=False)
    again = read_text(text, path="again.json")
    for before, after in zip(originals, again, strict=True):
        assert after.turns == before.turns
        assert after.events == before.events
        assert (after.call_id, after.rings, after.pragmas, after.roles_inferred) == (
            before.call_id,
            before.rings,
            before.pragmas,
            before.roles_inferred,
        )


def test_own_json_sample_validates_against_the_schema_as_written():
    jsonschema.validate(
        json.loads(
            SAMPLES[[p.name for p in SAMPLES].index("power-meter.json")].read_text(encoding="utf-8")
        ),
        SCHEMA,
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"turns": []}, "turns: expected a non-empty list of turns"),
        ({}, "turns: missing"),
        ([], "empty JSON array"),
        ({"turns": [{"role": "agent"}]}, "turns[0].text: missing"),
        ({"turns": [{"text": "您好"}]}, "turns[0]: missing 'role'"),
        (
            {"turns": [{"role": "agent", "text": "您好", "start": "soon"}]},
            "turns[0].start: expected a number of seconds >= 0",
        ),
        ({"turns": [{"role": "agent", "text": "x"}], "turn": []}, "turn: unknown field"),
        (
            {"turns": [{"role": "agent", "text": "x"}], "events": [{"type": "boom"}]},
            "events[0].type: expected one of hangup, ring",
        ),
        (
            {
                "turns": [{"role": "agent", "text": "x"}],
                "events": [{"type": "ring", "after_turn": 5}],
            },
            "events[0].after_turn: expected a number of turns between 0 and 1",
        ),
        (
            {"turns": [{"role": "agent", "text": "x"}], "rings": -1},
            "rings: expected a whole number",
        ),
        ([{"turns": [{"role": "agent", "text": "x"}]}, {"turns": "x"}], "[1].turns: expected"),
        (
            {"turns": [{"role": "agent", "text": "x"}], "metadata": {"a": [1]}},
            "metadata: expected an object of strings or numbers",
        ),
    ],
)
def test_wrong_shapes_name_the_field_path(document, message):
    with pytest.raises(InputError) as caught:
        read_text(json.dumps(document), path="call.json")
    assert message in caught.value.message


def test_event_without_after_turn_is_placed_by_its_time():
    document = {
        "turns": [
            {"role": "agent", "text": "a", "start": 0},
            {"role": "customer", "text": "b", "start": 5},
            {"role": "agent", "text": "c", "start": 10},
        ],
        "events": [{"type": "hold_start", "time": 6}, {"type": "hangup", "by": "客户"}],
    }
    (t,) = read_text(json.dumps(document), path="call.json")
    assert [(e.position, e.by) for e in t.events] == [(2, None), (3, t.turns[1].role)]


def test_jsonl_shape_error_names_the_line():
    text = (
        '{"turns": [{"role": "agent", "text": "x"}]}\n\n{"turns": [{"role": "agent", "text": 1}]}\n'
    )
    with pytest.raises(InputError, match=r"line 3: turns\[0\]\.text: expected a string"):
        read_text(text, path="calls.jsonl")
