"""Train the CRFsuite named-entity model on raw-like sentences (deterministic: same data, same file)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from akhbar.extract.ner.corpus import Sentence, iter_token_bounds, token_labels
from akhbar.extract.ner.features import Lexicons, sentence_features

# L-BFGS with elastic-net regularisation; the L1 part keeps the model small. Tuned on the dev split.
PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def sentence_items(sentence: Sentence) -> tuple[list[str], list[str]]:
    """The whitespace tokens of a raw-like sentence and their BIO labels."""
    bounds = list(iter_token_bounds(sentence.text))
    return [sentence.text[a:b] for a, b in bounds], token_labels(sentence, bounds)


def train_model(
    sentences: Sequence[Sentence], lex: Lexicons, model_path: Path, params: dict[str, object] | None = None
) -> None:
    """Train on the sentences and write the model to ``model_path`` (replaced only once training succeeded)."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**PARAMS, **(params or {})})
    for sentence in sentences:
        tokens, labels = sentence_items(sentence)
        if tokens:
            trainer.append(sentence_features(tokens, lex), labels)
    model_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=model_path.parent, suffix=".part")
    os.close(fd)
    try:
        trainer.train(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the model is package data
        os.replace(tmp, model_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
