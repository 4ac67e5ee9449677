"""Fuzz the quote extractor's fast paths against plain reference definitions written here.

The speed commits of the quotes extractor (one-pass index, batched index, sentence ends, mark pairing, cue scan)
each claimed "same output, fuzzed equal"; these tests keep those fuzzers, with fixed seeds.
"""

from __future__ import annotations

import random
import re

from fuzz_text import random_text

from akhbar.extract import quotes as q
from akhbar.extract.quotes import QUOTE_MARKS, MentionSpan, find_marked_spans, find_quotes, find_quotes_each
from akhbar.text import index
from akhbar.text.arabic import WORD_CHAR_CLASS, fold, fold_with_drops, fold_with_map

N = 1500  # random bodies per test

GUILLEMETS = "«»"
CURLY = "“”„‟″"


def bodies(seed: int, n: int = N, beyond_bmp: bool = True, pieces: int = 60) -> list[str]:
    """``n`` random bodies from a fixed seed."""
    rng = random.Random(seed)
    return [random_text(rng, pieces, beyond_bmp=beyond_bmp and rng.random() < 0.1) for _ in range(n)]


def random_mentions(rng: random.Random, body: str) -> list[MentionSpan]:
    """A few mentions over random runs of one to three words of ``body``."""
    words = [m.span() for m in re.finditer(r"\S+", body)]
    out = []
    for _ in range(rng.randint(0, min(6, len(words)))):
        i = rng.randrange(len(words))
        j = min(len(words) - 1, i + rng.randint(0, 2))
        kind = rng.choice(["person", "organization", "country", "location", "group", None])
        out.append(MentionSpan(words[i][0], words[j][1], f"e{rng.randint(0, 9)}", kind))
    return out


def ref_index(body: str) -> tuple:
    """The article index by definition: fold_with_drops, regex word runs mapped back, the characters of interest, the
    runs' folded spans, whether only spaces separate each run from the next, where runs of digits start and each run's
    last four UTF-16 code units."""
    folded, dropped = fold_with_drops(body)
    _, back = fold_with_map(body)
    runs = list(re.finditer(f"{WORD_CHAR_CLASS}+", folded))
    return (
        folded,
        dropped,
        [back[m.start()] for m in runs],
        [back[m.end()] for m in runs],
        [m.group() for m in runs],
        [i for i, ch in enumerate(body) if ch in "!?؟؛\n."],
        [i for i, ch in enumerate(body) if ch in QUOTE_MARKS],
        [m.start() for m in runs],
        [m.end() for m in runs],
        [set(folded[a.end() : b.start()]) == {" "} for a, b in zip(runs, runs[1:])] + [False] * bool(runs),
        [m.start() for m in re.finditer(r"(?<!\d)\d", folded)],  # where each run of digits starts
        b"".join((bytes(8) + m.group().encode("utf-16-le", "surrogatepass"))[-8:] for m in runs),  # each run's tail
    )


def ref_pairs(body: str) -> list[tuple[int, int | None, int, int]]:
    """Quotation marks paired by the rules, paragraph by paragraph, with plain searches."""
    out = []
    lo = 0
    for paragraph in body.split("\n"):
        hi = lo + len(paragraph)
        marks = [i for i in range(lo, hi) if body[i] in QUOTE_MARKS]
        k = 0
        while k < len(marks):
            i, ch = marks[k], body[marks[k]]
            later = marks[k + 1 :]
            if ch == "»" and body[lo:i].rstrip(" ").endswith(":"):
                close = next((x for x in later if body[x] in GUILLEMETS), None)
            elif ch == "«":
                close, depth = None, 1
                for x in later:
                    depth += {"«": 1, "»": -1}.get(body[x], 0)
                    if depth == 0:
                        close = x
                        break
            elif ch in CURLY or ch == '"':
                family = CURLY if ch in CURLY else '"'
                close = next((x for x in later if body[x] in family), None)
            else:
                k += 1
                continue
            end = close if close is not None else hi
            start = i + 1
            while start < end and body[start] in " \t":
                start += 1
            while end > start and body[end - 1] in " \t":
                end -= 1
            if end > start:
                out.append((i, close, start, end))
            if close is None:
                break
            k = next((n for n, x in enumerate(marks) if x > close), len(marks))
        lo = hi + 1
    return out


def ref_abbreviation_dot(body: str, k: int) -> bool:
    """The dot at ``k`` belongs to an abbreviation or code, by the rules without shortcuts."""
    nxt = body[k + 1 : k + 2]
    if nxt.isalpha():
        return True
    if nxt not in (" ", "\u00a0") or not body[k + 2 : k + 3].isalpha():
        return False
    word = re.search(f"({WORD_CHAR_CLASS}+)\\s*$", body[max(0, k - 12) : k])
    if word is None:
        return False
    w = word.group(1)
    if w in q._LATIN_ABBREVIATIONS or (len(w) == 1 and w.isascii() and w.isupper()):
        return True
    if fold(w) not in q._ABBREVIATIONS:
        return False
    start = max(0, k - 12) + word.start()
    return not body[max(0, start - 8) : start].rstrip()[-1:].isdigit()


def ref_sentence_ends(body: str) -> list[int]:
    """Sentence-ending characters outside closed quotation marks; a dot unless decimal point or abbreviation."""
    digits = "0123456789٠١٢٣٤٥٦٧٨٩"
    closed = [(m.open, m.close) for m in find_marked_spans(body) if m.close is not None]
    ends = []
    for k, ch in enumerate(body):
        if ch not in "!?؟؛\n.":
            continue
        if ch == "." and (
            0 < k < len(body) - 1 and body[k - 1] in digits and body[k + 1] in digits or ref_abbreviation_dot(body, k)
        ):
            continue
        if any(o < k < c for o, c in closed):
            continue
        ends.append(k)
    return ends


def ref_cues(art) -> list[tuple]:
    """Reporting cues by a plain scan of every token: kind by conjunction stripping, marks by in_marked."""
    cues = []
    words = art.words
    for i, token in enumerate(art.tokens):
        found = next(
            ((kind, n) for kind, vocab in q._CUE_KINDS if (n := q._strip_conjunction(token.folded, vocab)) is not None),
            None,
        )
        if found is None or art.in_marked(token.start) is not None:
            continue
        kind, n = found
        word = token.folded[n:]
        prev = words[i - 1] if i else ""
        if prev in q._NOT_CUE_AFTER or (i + 1 < len(words) and words[i + 1] in q._NOT_CUE_BEFORE):
            continue
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == q._OPINION and (prev in q._OPINION_BEFORE or nxt in q._OPINION_AFTER):
            continue  # the noun رأي ("كان له رأي آخر"), not the verb رأى
        if kind == "verb" and (
            (word in q._NAQL and art.naql_source(i) is None)
            or prev.isdigit()
            or (word in q.IMPERFECT_CUES and art._unreported_imperfect(i, n))
        ):
            continue
        start = token.start
        if n:  # the cue starts at the first character after the conjunction that folding keeps
            start += 1
            while fold_with_drops(art.body[start])[0] == "":
                start += 1
        cues.append((kind, start, token.end, i, word))
    return cues


def test_index_of_a_body_equals_the_definition():
    for body in bodies(11):
        expected = ref_index(body)
        assert index.index_body(body) == expected, body
        assert index._index_by_code_points(body) == expected, body


def test_batched_index_equals_the_per_body_index():
    for seed in range(4):
        chunk = bodies(12 + seed, n=40)  # more bodies than one round of the batch index, some beyond the BMP
        assert index.index_bodies(chunk) == [index.index_body(b) for b in chunk]
        bmp = [b for b in chunk if all(ord(c) < 0x10000 for c in b)]
        assert index.index_bodies(bmp) == [index.index_body(b) for b in bmp]


def test_find_quotes_each_equals_find_quotes_body_by_body():
    rng = random.Random(13)
    texts = bodies(13, n=600, pieces=80)
    mentions = [random_mentions(rng, b) for b in texts]
    assert list(find_quotes_each(texts, mentions)) == [find_quotes(b, m) for b, m in zip(texts, mentions)]


def test_quotation_marks_pair_by_the_rules():
    for body in bodies(14):
        assert [tuple(m) for m in find_marked_spans(body)] == ref_pairs(body), body
        assert [tuple(m) for m in q._Article(body, []).marked] == ref_pairs(body), body


def test_sentence_ends_by_the_rules():
    for body in bodies(15):
        assert q._Article(body, []).sentence_ends == ref_sentence_ends(body), body


def test_cues_equal_a_plain_scan_of_the_tokens():
    rng = random.Random(16)
    for body in bodies(16):
        art = q._Article(body, random_mentions(rng, body))
        found = [tuple(c) for c in art.cues if c.kind != "as_put"]
        assert found == ref_cues(art), body


def test_complementiser_words_are_what_the_regex_matches():
    # the regex's language is finite: every prefix x stem x suffix combination, and nothing else
    candidates = {
        b + "ان" + s for b in ("", "ب", "و", "ل") for s in ("", "ه", "ها", "هم", "هما", "هن", "ني", "نا", "نهم", "ك")
    }
    candidates |= {fold(w) for w in random_text(random.Random(17), 4000).split()}
    assert {w for w in candidates if q._COMPLEMENTISER_RE.match(w)} == q._COMPLEMENTISER_WORDS & candidates
    assert all(q._COMPLEMENTISER_RE.match(w) for w in q._COMPLEMENTISER_WORDS)
