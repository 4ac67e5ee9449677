"""Random texts built from real Arabic pieces, for the fuzz tests that compare fast code with plain definitions."""

from __future__ import annotations

import functools
import random
from pathlib import Path

RAW = Path(__file__).resolve().parents[2] / "raw"

# Pieces that stress the fast paths: punctuation and sentence ends, every quotation mark, decimal and Arabic-Indic
# digits, abbreviations (Arabic and Latin), tatweel, diacritics, invisible controls, NBSP, Latin and Cyrillic words.
PUNCTUATION = [".", "،", ",", ":", "؛", "!", "?", "؟", "(", ")", "-", "_", "/", "...", "…"]
QUOTE_MARKS = ["«", "»", "“", "”", "„", "‟", "″", '"']
NUMBERS = ["2015", "3.7", "٣٫٥", "۱۲", "10", "0.5", "٢٠٢٣", "4,600"]
ODD = ["د.", "م.", "إم.", "U.S.", "Dr.", "A.", "عام 2015 م.", "\u0640", "\u064e", "\u0651", "\u200c", "\u200f"]
ODD += ["\u00a0", "\t", "Moscow", "Москва", "\ufeff", "\u061c", "ـــ", "آ", "ى", "ة", "ی", "ک"]
BEYOND_BMP = ["😀", "𝐀", "𐌀"]  # characters beyond the Basic Multilingual Plane (two UTF-16 code units)


@functools.lru_cache(maxsize=1)
def seed_words() -> tuple[str, ...]:
    """Every whitespace-separated word of the committed seed articles (punctuation attached as written)."""
    words = [w for path in sorted(RAW.glob("*.txt")) for w in path.read_text(encoding="utf-8").split()]
    assert len(words) > 1000, f"expected the seed articles in {RAW}"
    return tuple(words)


def random_text(rng: random.Random, n_pieces: int = 40, beyond_bmp: bool = False) -> str:
    """A text of up to ``n_pieces`` pieces: mostly seed words and runs of them, with marks, digits, odd characters and line breaks."""
    words = seed_words()
    out: list[str] = []
    for _ in range(rng.randint(0, n_pieces)):
        r = rng.random()
        if r < 0.45:
            piece = words[rng.randrange(len(words))]
        elif r < 0.6:  # a run of consecutive words: real phrases, cues with their subjects and quoted spans
            first = rng.randrange(len(words))
            piece = " ".join(words[first : first + rng.randint(3, 20)])
        elif r < 0.7:
            piece = rng.choice(PUNCTUATION)
        elif r < 0.8:
            piece = rng.choice(QUOTE_MARKS)
        elif r < 0.85:
            piece = rng.choice(NUMBERS)
        elif r < 0.93:
            piece = rng.choice(ODD)
        elif r < 0.97:
            piece = "\n" * rng.randint(1, 2)
        else:
            piece = rng.choice(BEYOND_BMP) if beyond_bmp else " "
        out.append(piece)
        out.append(rng.choice([" ", " ", " ", "", "\n"]) if rng.random() < 0.2 else " ")
    return "".join(out)
