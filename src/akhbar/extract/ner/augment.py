"""Entity-substitution copies of training sentences, so that the tagger leans on context more than on names.

A copy keeps a sentence's words and labels and replaces each entity's surface: the words of a person's name
by name tokens drawn from the Wikidata lexicon (name particles such as بن، أبو، عبد, three letters or fewer,
are kept), every other entity by another surface of the same label taken from the training sentences
themselves. Draws come from ``random.Random(seed)`` over sorted pools, so the same data gives the same copies.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from akhbar.extract.ner.corpus import Sentence

# Name particles and short given names stay: replacing بن or عبد would make names no news would print.
_KEEP_MAX_LEN = 3


def read_name_tokens(path: Path, min_count: int = 2) -> list[str]:
    """Arabic person-name tokens (as written, not folded) of the Wikidata lexicon used by ``min_count`` labels."""
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 3 and cols[2].isdigit():
                token = cols[1].replace(" ", "")
                if len(token) > _KEEP_MAX_LEN and token.isalpha():
                    counts[token] = counts.get(token, 0) + int(cols[2])
    return sorted(t for t, c in counts.items() if c >= min_count)


def surface_pools(sentences: Sequence[Sentence]) -> dict[str, list[str]]:
    """The distinct entity surfaces of each label in the sentences, sorted."""
    pools: dict[str, set[str]] = {}
    for s in sentences:
        for start, end, label in s.spans:
            pools.setdefault(label, set()).add(s.text[start:end])
    return {label: sorted(surfaces) for label, surfaces in sorted(pools.items())}


def _new_surface(
    surface: str, label: str, names: Sequence[str], pools: dict[str, list[str]], rng: random.Random
) -> str:
    """A replacement surface for one entity of the given label."""
    if label == "PER":
        if not names:
            return surface
        return " ".join(w if len(w) <= _KEEP_MAX_LEN else rng.choice(names) for w in surface.split(" "))
    pool = pools.get(label)
    return rng.choice(pool) if pool else surface


def substitute(sentence: Sentence, names: Sequence[str], pools: dict[str, list[str]], rng: random.Random) -> Sentence:
    """A copy of the sentence with every entity surface of a pooled label replaced (spans moved with the text)."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    out = 0
    for start, end, label in sentence.spans:
        kept = sentence.text[pos:start]
        parts.append(kept)
        out += len(kept)
        new = _new_surface(sentence.text[start:end], label, names, pools, rng)
        if kept.endswith("لل") and new.startswith("ال"):  # ل + ال is written لل: the article's alef goes
            new = new[2:]
        parts.append(new)
        spans.append((out, out + len(new), label))
        out += len(new)
        pos = end
    parts.append(sentence.text[pos:])
    return Sentence("".join(parts), tuple(spans))


def augment(
    sentences: Sequence[Sentence], names: Sequence[str], copies: int, labels: Sequence[str], seed: int = 0
) -> list[Sentence]:
    """``copies`` copies of every sentence with an entity, the entities of ``labels`` substituted (no originals)."""
    rng = random.Random(seed)
    pools = {label: pool for label, pool in surface_pools(sentences).items() if label in labels}
    if "PER" not in labels:
        names = ()
    return [substitute(s, names, pools, rng) for _ in range(copies) for s in sentences if s.spans]
