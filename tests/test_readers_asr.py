"""Speech-recogniser JSON with ``--channel-map``: every channel in the file must be mapped."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from scriptcheck.cli import main

ASR = str(
    Path(__file__).parent.parent / "examples" / "transcripts" / "formats" / "power-repair-asr.json"
)


def invoke(*args: str):
    return CliRunner().invoke(main, [*args])


def test_channel_map_that_misses_a_channel_is_an_input_error_naming_file_and_fix():
    result = invoke("check", "-j", "1", ASR, "--channel-map", "0=客服,3=客户")
    assert result.exit_code == 2
    assert (
        f"{ASR}: channel 1 is not in --channel-map (channels present: 0, 1); "
        "map every channel, e.g. --channel-map 0=客服,1=客户"
    ) in result.output
    assert "得分" not in result.output  # no silent call was scored


def test_the_suggested_map_fills_in_the_agent_when_no_mapped_channel_is_one():
    result = invoke("parse", ASR, "--channel-map", "1=customer")
    assert result.exit_code == 2
    assert "channel 0 is not in --channel-map (channels present: 0, 1)" in result.output
    assert "--channel-map 0=客服,1=客户" in result.output


def test_several_missing_channels_are_all_named():
    result = invoke("parse", ASR, "--channel-map", "5=agent")
    assert result.exit_code == 2
    assert "channels 0, 1 are not in --channel-map (channels present: 0, 1)" in result.output


def test_a_complete_channel_map_is_taken_as_given():
    result = invoke("parse", ASR, "--channel-map", "1=agent,0=customer", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"roles_inferred": false' in result.output
    assert '"role": "agent"' in result.output and '"role": "unknown"' not in result.output
