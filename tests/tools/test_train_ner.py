"""tools/train_ner.py's command line: a malformed --param is a one-line usage error, not a traceback."""

from __future__ import annotations

import pytest
from script_helpers import load_script

train_ner = load_script("tools/train_ner.py", "akhbar_tools_train_ner")


@pytest.mark.parametrize("param", ["c1", "=0.1"])
def test_a_param_without_name_and_value_is_a_usage_error(param: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        train_ner.main(["--param", param, "--corpus", "/nonexistent"])
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert "NAME=VALUE" in lines[-1] and "Traceback" not in "".join(lines)


def test_a_param_is_split_at_its_first_equals_sign() -> None:
    assert train_ner.crf_param("feature.possible_states=1") == ("feature.possible_states", "1")
    assert train_ner.crf_param("c1 = 0.1") == ("c1", "0.1")
    assert train_ner.crf_param("regex=a=b") == ("regex", "a=b")


def test_the_test_fold_cannot_be_held_out(capsys: pytest.CaptureFixture[str]) -> None:
    # --hold-out names a fold of the training parts; the test part (9) and dev (8) are never trained on that way
    with pytest.raises(SystemExit) as exit_info:
        train_ner.main(["--hold-out", "9", "--corpus", "/nonexistent"])
    assert exit_info.value.code == 2
    assert "--hold-out" in capsys.readouterr().err
