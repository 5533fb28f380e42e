"""A named phrase list may use other lists ("@name"), however deep, bound after merging."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scriptcheck import check, load_rulebook, read_text
from scriptcheck.cli import main
from scriptcheck.errors import RulebookError

NESTED = Path(__file__).parent / "data" / "rulebooks" / "nested"


def _greeting_status(book_file: str, opening: str) -> str:
    transcript = read_text(f"客服: {opening},请问有什么可以帮您?\n客户: 我家停电了。\n")[0]
    result = check(transcript, load_rulebook(str(NESTED / book_file)))
    return result.outcomes[0].status.value


def test_a_list_inside_a_list_inside_a_list_is_expanded() -> None:
    book = load_rulebook(str(NESTED / "base.yaml"))
    assert book.phrases["greeting"] == ("您好", "早上好", "晚上好")
    assert list(book.phrases) == ["openers", "evening", "greeting"]  # as written
    assert _greeting_status("base.yaml", "晚上好") == "passed"  # two levels down
    assert _greeting_status("base.yaml", "喂") == "violated"


def test_replacing_an_inner_list_changes_the_lists_built_on_it() -> None:
    book = load_rulebook(str(NESTED / "child.yaml"))
    assert book.phrases["greeting"] == ("您好", "早上好", "晚上好呀", "下午好")
    assert _greeting_status("child.yaml", "下午好") == "passed"
    assert _greeting_status("base.yaml", "下午好") == "violated"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "unknown.yaml",
            "unknown.yaml:2:18: phrase list 'greeting': unknown phrase list '@opener' "
            "(did you mean 'openers'?)",
        ),
        (
            "cycle.yaml",
            "cycle.yaml:3:18: phrase list 'openers' refers to itself "
            "(@greeting -> @openers -> @greeting)",
        ),
    ],
)
def test_a_bad_reference_is_an_error_at_its_place(name: str, message: str) -> None:
    with pytest.raises(RulebookError) as info:
        load_rulebook(str(NESTED / name))
    assert str(info.value).endswith(message)


def test_the_cli_stops_before_any_call_on_a_bad_reference(tmp_path: Path) -> None:
    call = tmp_path / "call.txt"
    call.write_text("客服: 您好,请问有什么可以帮您?\n客户: 没事了。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(NESTED / "cycle.yaml"), str(call)])
    assert result.exit_code == 2
    assert "cycle.yaml:3:18" in result.output and "refers to itself" in result.output
