"""Property: no input, however malformed, makes a reader raise anything but InputError."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptcheck.errors import InputError
from scriptcheck.readers import FORMATS, ReadOptions, read_bytes, read_text

_LINE_PARTS = st.sampled_from(
    [
        "客服:",
        "客户：",
        "坐席 : ",
        "A:",
        "[00:01]",
        "[00:00:01.5-00:00:02]",
        "[挂机]",
        "[振铃 五 声]",
        "[静音 1分 秒]",
        "[hold]",
        "# rings: ",
        "# call_id: ",
        "# scriptcheck: ",
        "-->",
        "WEBVTT",
        "1",
        "<v 客服>",
        "speaker,text",
        "\t",
        ",",
        '"',
        "{",
        "}",
        "[",
        "]",
        '"turns"',
        "\n",
        "\r",
        "\x00",
        "\ufeff",
        "您好",
        "工号1024",
        "號",
        "：",
        "\u2028",
        "\x1c",
    ]
)
transcript_like = st.lists(st.one_of(_LINE_PARTS, st.text(max_size=8)), max_size=40).map("".join)
settings_ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_input_error(call) -> None:
    try:
        transcripts = call()
    except InputError as exc:
        assert exc.message and "\n" not in exc.message
        assert "please report" not in exc.message, exc.message  # no crash was papered over
    else:
        assert transcripts and all(t.turns for t in transcripts)


@settings_
@given(
    text=transcript_like,
    fmt=st.sampled_from((None, *FORMATS)),
    path=st.sampled_from(
        ["call.txt", "call.json", "call.jsonl", "call.srt", "call.vtt", "call.csv", "call.tsv", "-"]
    ),
)
def test_any_text_in_any_format_parses_or_raises_input_error(text, fmt, path):
    _parse_or_input_error(lambda: read_text(text, path=path, options=ReadOptions(input_format=fmt)))


@settings_
@given(data=st.binary(max_size=300), encoding=st.sampled_from([None, "utf-8", "gb18030", "utf-16"]))
def test_any_bytes_parse_or_raise_input_error(data, encoding):
    _parse_or_input_error(
        lambda: read_bytes(data, path="x", options=ReadOptions(encoding=encoding))
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "turns",
                    "events",
                    "role",
                    "speaker",
                    "text",
                    "start",
                    "type",
                    "by",
                    "after_turn",
                    "Sentences",
                    "Result",
                    "ChannelId",
                    "BeginTime",
                    "Text",
                    "metadata",
                    "rings",
                    "pragmas",
                    "line",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings_
@given(document=json_values, fmt=st.sampled_from(["json", "jsonl", "asr", None]))
def test_any_json_value_parses_or_raises_input_error(document, fmt):
    text = json.dumps(document, ensure_ascii=False)
    _parse_or_input_error(
        lambda: read_text(text, path="x.json", options=ReadOptions(input_format=fmt))
    )
