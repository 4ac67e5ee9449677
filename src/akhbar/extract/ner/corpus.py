"""NewsFANE Gold read as raw-like sentences: clitics re-attached, punctuation attached, coarse entity spans.

NewsFANE Gold (Alotaibi and Lee, COLING 2014; CC BY-SA 3.0) is one ``token<TAB>tag`` per line, a line with
only a tab between sentences, BIO tags over 50 fine classes. Its tokens are segmented (``و قال``، ``ان ه``)
and many start with an invisible U+200E mark. Raw news is not written that way, so each sentence is rebuilt
as raw-like text (proclitics joined to the next word, pronoun suffixes and punctuation to the word they lean
on) and the entity spans are kept as character offsets into that text. Training and tagging then both see
whitespace tokens of raw-like text (:func:`akhbar.extract.ner.features.split_tokens`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from akhbar.text.arabic import INVISIBLE, LIL_PROCLITICS

# Labels the tagger predicts (the project's entity types), from NewsFANE's fine classes. Written down here,
# where it is used:
# - PER: every person class, and Police (its tokens are names of officers and ministers: رامسفيلد، حالوتس).
# - GRP: Group (peoples and communities: العرب، المسلمين، الاكراد; ACE's PER.Group), the project's ``group``.
# - ORG: every organisation class.
# - CTRY: GPE Nation, the project's ``country`` (kept apart so that the type survives the tagger).
# - LOC: the other GPEs (cities, provinces, districts, continents, clusters) and LOC (water, land regions).
# - FAC, VEH, WEA and PRO (buildings, airports, roads, vehicles, weapons, books, films, software...): O.
FINE_TO_LABEL: dict[str, str] = {
    **dict.fromkeys(
        (
            "Politician",
            "Athlete",
            "Artist",
            "Scientist",
            "Businessperson",
            "Lawyer",
            "Engineer",
            "Police",
            "Religious_PER",
            "Other_PER",
        ),
        "PER",
    ),
    "Group": "GRP",
    **dict.fromkeys(
        (
            "Government",
            "Non-Governmental",
            "Commercial",
            "Educational",
            "Media",
            "Sports",
            "Religious_ORG",
            "Medical-Science",
            "Entertainment",
        ),
        "ORG",
    ),
    "Nation": "CTRY",
    **dict.fromkeys(
        (
            "Population-Center",
            "State-or-Province",
            "County-or-District",
            "Continent",
            "GPE-Cluster",
            "Water-Body",
            "Land-Region-Natural",
            "Celestial",
        ),
        "LOC",
    ),
}
LABELS = ("PER", "ORG", "CTRY", "LOC", "GRP")
# The project's entity type of each label.
LABEL_TYPE = {"PER": "person", "ORG": "organization", "CTRY": "country", "LOC": "location", "GRP": "group"}

# Segmented clitics: proclitics lean on the next word, pronoun suffixes on the previous one. ك is read as a
# proclitic (كما، كذلك): as a suffix it is rare in this corpus.
PROCLITIC_TOKENS = frozenset({"و", "ف", "ب", "ل", "ك"})
SUFFIX_TOKENS = frozenset({"ه", "ها", "هم", "هما", "هن", "نا", "كم", "كما", "ي", "ن"})
# Punctuation that leans on the previous word in news writing, and on the next.
CLOSING_PUNCT = frozenset({".", "،", ",", ":", "؛", ";", "!", "؟", "?", ")", "]", "»", "”"})
OPENING_PUNCT = frozenset({"(", "[", "«", "“"})
QUOTE = '"'
_STRIP = str.maketrans("", "", INVISIBLE + "\r")


@dataclass(frozen=True)
class Sentence:
    """A raw-like sentence and its entities as (start, end, label) character spans, end exclusive."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def read_newsfane(path: Path) -> list[list[tuple[str, str]]]:
    """NewsFANE sentences as lists of (token, fine BIO tag), invisible marks stripped."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, start=1):
            line = line.translate(_STRIP).rstrip("\n")
            token, sep, tag = line.partition("\t")
            if not sep:
                raise ValueError(f"{path}:{n}: expected 'token<TAB>tag', got {line[:40]!r}")
            if not token.strip():
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append((token.strip(), tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def coarse_label(tag: str) -> tuple[str, str | None]:
    """A fine BIO tag as (B or I or O, coarse label or None); classes outside the mapping are O."""
    if tag == "O" or "-" not in tag:
        return "O", None
    bio, fine = tag.split("-", 1)
    label = FINE_TO_LABEL.get(fine)
    return (bio, label) if label else ("O", None)


def _is_word(token: str) -> bool:
    """A token holding a letter (not punctuation, not a bare number)."""
    return any(ch.isalpha() for ch in token)


def _joins(tokens: Sequence[str]) -> list[bool]:
    """For each token, whether it is written joined to the previous one (no space between them)."""
    out: list[bool] = []
    quote_open = join_next = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else ""
        join = i > 0 and (
            join_next
            or (tok in SUFFIX_TOKENS and _is_word(prev) and prev not in PROCLITIC_TOKENS)
            or tok in CLOSING_PUNCT
            or (tok == QUOTE and quote_open)
        )
        if tok in PROCLITIC_TOKENS:
            # not before a lone letter: (د ب ا) is an abbreviation, not ب + ا
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            join_next = _is_word(nxt) and (len(nxt) > 1 or nxt in PROCLITIC_TOKENS)
        elif tok == QUOTE:
            join_next = not quote_open
            quote_open = not quote_open
        else:
            join_next = tok in OPENING_PUNCT
        out.append(join)
    return out


def rejoin(tokens: Sequence[tuple[str, str]]) -> Sentence:
    """A NewsFANE sentence as raw-like text with coarse entity spans (trimmed of the clitics joined to them)."""
    words = [t for t, _ in tokens]
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for i, (word, joined) in enumerate(zip(words, _joins(words))):
        if i and not joined:
            parts.append(" ")
            pos += 1
        # ل + ال is written لل (للحكومة): the article's alef goes
        if joined and words[i - 1] == "ل" and word.startswith("ال") and len(word) > 2:
            word = word[1:]
        parts.append(word)
        starts.append(pos)
        pos += len(word)
        ends.append(pos)
    spans: list[tuple[int, int, str]] = []
    current: tuple[int, int, str] | None = None
    for i, (_, tag) in enumerate(tokens):
        bio, label = coarse_label(tag)
        if current and bio == "I" and label == current[2]:
            current = (current[0], ends[i], current[2])
            continue
        if current:
            spans.append(current)
        current = (starts[i], ends[i], label) if label else None
    if current:
        spans.append(current)
    text = "".join(parts)
    return Sentence(text, tuple(_after_lil(text, span) for span in spans))


# ل + article before a name (للأمم، وللحكومة): NewsFANE leaves such words whole and its spans take the لل in,
# whereas every other proclitic (و، ب، وال، بال) stands outside its spans. The spans are read as the rest do
# and as the project's extractors write them: the name starts after the لل (LIL_PROCLITICS).
def _after_lil(text: str, span: tuple[int, int, str]) -> tuple[int, int, str]:
    """A span that starts inside a word's لل proclitic, moved to start after it (when two letters remain)."""
    start, end, label = span
    word = text.rfind(" ", 0, start) + 1
    while word < end and not text[word].isalpha():  # an opening quote or parenthesis
        word += 1
    clitic = next((len(p) for p in LIL_PROCLITICS if text.startswith(p, word)), 0)
    if clitic and start < word + clitic and end - (word + clitic) >= 2:
        return word + clitic, end, label
    return span


def split_index(n: int) -> str:
    """The fixed split of sentence number n (0-based): index mod 10 is 8 -> dev, 9 -> test, else train."""
    return {8: "dev", 9: "test"}.get(n % 10, "train")


def load_split(path: Path, part: str, hold_out: int | None = None) -> list[Sentence]:
    """The raw-like sentences of one part (train, dev or test) of NewsFANE, less fold ``hold_out`` if given."""
    return [rejoin(s) for n, s in enumerate(read_newsfane(path)) if split_index(n) == part and n % 10 != hold_out]


def load_fold(path: Path, fold: int) -> list[Sentence]:
    """The raw-like sentences of one tenth of NewsFANE: index mod 10 == fold (8 is the dev part, 9 the test part)."""
    return [rejoin(s) for n, s in enumerate(read_newsfane(path)) if n % 10 == fold]


def token_labels(sentence: Sentence, bounds: Iterable[tuple[int, int]]) -> list[str]:
    """BIO labels of whitespace tokens (given by their character bounds) from the sentence's entity spans."""
    labels: list[str] = []
    spans = list(sentence.spans)
    k = 0
    current = None
    for start, end in bounds:
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] < end:
            span = spans[k]
            labels.append(("I-" if current is span else "B-") + span[2])
            current = span
        else:
            labels.append("O")
            current = None
    return labels


def iter_token_bounds(text: str) -> Iterator[tuple[int, int]]:
    """Character bounds of the whitespace-separated tokens of a text."""
    pos = 0
    for tok in text.split(" "):
        if tok:
            yield pos, pos + len(tok)
        pos += len(tok) + 1
