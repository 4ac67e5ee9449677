"""The fast named-entity tagger: CRFsuite's weights as per-token-type score tables, Viterbi in numpy.

Every feature looks at one token at a fixed offset (:mod:`akhbar.extract.ner.features`), so the score of a
label at position ``i`` is the sum, over the offsets ``k``, of a vector that depends only on the token type
at ``i+k``. Those vectors are computed once per type (from ``Tagger.info()``'s state features) and kept in
growing tables; tagging a batch is then one dictionary look-up per token, five array gathers and a Viterbi
over the labels, vectorised over the batch. It gives the tags ``pycrfsuite.Tagger`` gives on the same tokens.

Two more exact shortcuts keep the Viterbi small: a position whose O score beats every other label by more
than any transition could make up is O on the best path, so the path splits there, and only the runs
between such positions (a few tokens each) go through the Viterbi, with the transitions from and to the
fixed O added to their ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

import numpy as np
import pycrfsuite

from akhbar.extract.ner.corpus import LABEL_TYPE
from akhbar.extract.ner.features import BOS, EOS, OFFSETS, Lexicons, split_edges, token_attributes
from akhbar.extract.ner.lexicons import MODEL_PACKAGE, load_lexicons
from akhbar.text.arabic import fold

MODEL_FILE = "ner.crfsuite"
# Marks that end a sentence when they end a token (a line break ends one too).
SENTENCE_END = frozenset(".!?؟")
# Proclitics trimmed off a name's first word, longest first (see :meth:`NerTagger._clitic_length`).
_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_BEFORE_ARTICLE = ("وب", "وك", "فب", "و", "ف", "ب", "ك")
_GROW = 4096


@dataclass(frozen=True)
class Span:
    """A named entity found in a text: ``text[start:end] == surface``, ``type`` one of the project's types."""

    start: int
    end: int
    type: str
    surface: str


class NerTagger:
    """A trained CRFsuite model and its lexicons, tagging through per-type score tables."""

    def __init__(self, model_path: Path, lex: Lexicons):
        self.lex = lex
        self.model_path = model_path
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_path))
        info = tagger.info()
        tagger.close()
        self.labels: list[str] = sorted({label for _, label in info.state_features} | {"O"})
        self.labels = ["O"] + [x for x in self.labels if x != "O"]
        index = {label: n for n, label in enumerate(self.labels)}
        n_labels = len(self.labels)
        self.trans = np.zeros((n_labels, n_labels))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        # One weight row per attribute (offset-prefixed), plus a zero row that every type's list starts with.
        attr_rows: dict[str, int] = {}
        weights: list[np.ndarray] = [np.zeros(n_labels)]
        for (attr, label), w in sorted(info.state_features.items()):
            row = attr_rows.get(attr)
            if row is None:
                row = attr_rows[attr] = len(weights)
                weights.append(np.zeros(n_labels))
            weights[row][index[label]] = w
        self.weights = np.vstack(weights)
        self.bias = self.weights[attr_rows["b"]] if "b" in attr_rows else np.zeros(n_labels)
        # attr_index[k]: attribute (without offset) -> weight row of the feature "k:attr".
        self.attr_index: list[dict[str, int]] = [{} for _ in OFFSETS]
        for attr, row in attr_rows.items():
            k, sep, rest = attr.partition(":")
            if sep and k.lstrip("-").isdigit() and int(k) in OFFSETS:
                self.attr_index[OFFSETS.index(int(k))][rest] = row
        # A position is surely O when its O score leads every other label's by more than this.
        o = index["O"]
        self.o_label = o
        self.o_margin = (
            self.trans.max(axis=0) - self.trans[:, o].min() + self.trans.max(axis=1) - self.trans[o, :].min()
        )
        self.o_margin[o] = -np.inf
        self.types: dict[str, int] = {}
        self.tables = [np.zeros((0, n_labels)) for _ in OFFSETS]
        self.ends_sentence = np.zeros(0, dtype=bool)
        self._add_types([BOS, EOS])
        self.known_names = lex.persons.keys() | lex.gazetteer

    # --- score tables -----------------------------------------------------------------------------------

    def _add_types(self, tokens: Sequence[str]) -> None:
        """Compute the score rows of new token types at every offset and index them."""
        n0 = len(self.types)
        n = n0 + len(tokens)
        if n > self.tables[0].shape[0]:
            size = max(n, 2 * self.tables[0].shape[0], _GROW)
            for k in range(len(OFFSETS)):
                grown = np.zeros((size, len(self.labels)))
                grown[:n0] = self.tables[k][:n0]
                self.tables[k] = grown
            ends = np.zeros(size, dtype=bool)
            ends[:n0] = self.ends_sentence[:n0]
            self.ends_sentence = ends
        attrs = [token_attributes(t, self.lex) for t in tokens]
        for k, offset in enumerate(OFFSETS):
            lookup = self.attr_index[k].get
            rows: list[int] = []
            starts: list[int] = []
            for centre, near in attrs:
                starts.append(len(rows))
                rows.append(0)
                rows += [r for r in map(lookup, centre if offset == 0 else near) if r is not None]
            block = np.add.reduceat(self.weights[rows], starts, axis=0)
            if offset == 0:
                block += self.bias
            self.tables[k][n0:n] = block
        for j, t in enumerate(tokens):
            trail = split_edges(t)[2]
            self.ends_sentence[n0 + j] = bool(trail) and not SENTENCE_END.isdisjoint(trail)
            self.types[t] = n0 + j

    def _ids(self, tokens: list[str]) -> np.ndarray:
        """Type ids of tokens, adding the types not seen before."""
        ids = list(map(self.types.get, tokens))
        if None in ids:
            new = list(dict.fromkeys(t for t, i in zip(tokens, ids) if i is None))
            if len(self.types) + len(new) > 2_000_000:  # a bound on memory over a very large corpus
                self._reset()
            self._add_types(new)
            ids = list(map(self.types.__getitem__, tokens))
        return np.array(ids, dtype=np.int64)

    def _reset(self) -> None:
        """Forget every cached type but the padding ones."""
        self.types = {BOS: 0, EOS: 1}

    # --- decoding ---------------------------------------------------------------------------------------

    def _emissions(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Label scores of every position of consecutive sentences (token type ids, sentence lengths)."""
        n = len(ids)
        sent_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        pos = np.arange(n) - sent_start
        length = np.repeat(lengths, lengths)
        em = self.tables[OFFSETS.index(0)][ids]
        for k, offset in enumerate(OFFSETS):
            if offset == 0:
                continue
            j = np.arange(n) + offset
            inside = (pos + offset >= 0) & (pos + offset < length)
            shifted = np.where(inside, ids[np.clip(j, 0, n - 1)], 0 if offset < 0 else 1)
            em += self.tables[k][shifted]
        return em

    def _decode(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label index of every position (Viterbi per sentence, exact)."""
        n = len(em)
        o = self.o_label
        lead = em[:, o : o + 1] - em
        forced = (lead > self.o_margin).all(axis=1)
        out = np.full(n, o, dtype=np.int64)
        free = np.flatnonzero(~forced)
        if not len(free):
            return out
        sent_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
        sent_end = sent_start + np.repeat(lengths, lengths)
        # runs of free positions: a new run where the previous position is not the free one before it
        new_run = np.ones(len(free), dtype=bool)
        new_run[1:] = (free[1:] != free[:-1] + 1) | (sent_start[free[1:]] != sent_start[free[:-1]])
        run_start = free[new_run]
        run_len = np.diff(np.append(np.flatnonzero(new_run), len(free)))
        run_last = run_start + run_len - 1
        em = em.copy()
        after_o = run_start > sent_start[run_start]
        em[run_start[after_o]] += self.trans[o, :]
        before_o = run_last + 1 < sent_end[run_last]
        em[run_last[before_o]] += self.trans[:, o]
        for pos, labels in self._viterbi(em, run_start, run_len):
            out[pos] = labels
        return out

    def _viterbi(
        self, em: np.ndarray, run_start: np.ndarray, run_len: np.ndarray
    ) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Best labels of runs of positions (Viterbi over all runs at once): (positions, labels) per step."""
        order = np.argsort(-run_len, kind="stable")  # longest first: the runs still going are a prefix
        starts, lens = run_start[order], run_len[order]
        active = [int(np.searchsorted(-lens, -t, side="right")) for t in range(int(lens[0]) + 1)]
        # active[t]: how many runs are longer than t-1, i.e. have a position t-1; active[t+1] have position t
        score = em[starts].copy()
        back: list[np.ndarray] = [np.zeros((0, 0), dtype=np.int8)]
        for t in range(1, int(lens[0])):
            m = active[t + 1]
            cand = score[:m, :, None] + self.trans
            best = cand.argmax(axis=1)
            back.append(best.astype(np.int8))
            score[:m] = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0, :] + em[starts[:m] + t]
        cur = score.argmax(axis=1)  # each run's last label (crfsuite's Viterbi also keeps the first best)
        for t in range(int(lens[0]) - 1, -1, -1):
            m = active[t + 1]
            if t + 1 < len(back):
                going = active[t + 2]  # runs that have a position t+1: step back through it
                cur[:going] = back[t + 1][np.arange(going), cur[:going]]
            yield starts[:m] + t, cur[:m].copy()

    # --- tokens to tags ---------------------------------------------------------------------------------

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO labels of token sequences, as ``pycrfsuite.Tagger.tag`` gives them."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        tokens = [t for s in sentences for t in s]
        if not tokens:
            return [[] for _ in sentences]
        best = self._decode(self._emissions(self._ids(tokens), lengths[lengths > 0]), lengths[lengths > 0])
        names = [self.labels[i] for i in best.tolist()]
        out, pos = [], 0
        for n in lengths.tolist():
            out.append(names[pos : pos + n])
            pos += n
        return out

    # --- texts to spans ---------------------------------------------------------------------------------

    def tag_spans_batch(self, texts: Sequence[str]) -> list[list[Span]]:
        """The named entities of each text, with offsets into that text."""
        tokens: list[str] = []
        lines: list[tuple[int, int, int, int]] = []  # (text number, line start in text, first token, token count)
        for n, text in enumerate(texts):
            at = 0
            for line in text.split("\n"):
                words = line.split()
                if words:
                    lines.append((n, at, len(tokens), len(words)))
                    tokens += words
                at += len(line) + 1
        out: list[list[Span]] = [[] for _ in texts]
        if not tokens:
            return out
        ids = self._ids(tokens)
        # a sentence ends after a token ending in . ! ? ؟ and at the end of a line
        ends = self.ends_sentence[ids]
        ends[[first + count - 1 for _, _, first, count in lines]] = True
        bounds = np.flatnonzero(ends) + 1
        lengths = np.diff(np.concatenate(([0], bounds)))
        best = self._decode(self._emissions(ids, lengths), lengths)
        tagged = np.flatnonzero(best != self.o_label)
        if not len(tagged):
            return out
        line_of = np.searchsorted([first for _, _, first, _ in lines], tagged, side="right") - 1
        sentence_starts = set(np.concatenate(([0], bounds[:-1])).tolist())
        prev_line, offsets, spans = -1, [], []
        current: list[int] | None = None  # [text, start, end, label, line]
        for i, li, label in zip(tagged.tolist(), line_of.tolist(), best[tagged].tolist()):
            n, line_at, first, count = lines[li]
            if li != prev_line:
                offsets = _token_offsets(texts[n], line_at, count)
                prev_line = li
            name = self.labels[label]
            start = offsets[i - first]
            end = start + len(tokens[i])
            joins = (
                current is not None
                and name.startswith("I-")
                and current[3] == name[2:]
                and current[5] == i - 1
                and i not in sentence_starts
            )
            if joins:
                current[2], current[5] = end, i  # type: ignore[index]
                continue
            if current is not None:
                spans.append(current)
            current = [n, start, end, name[2:], li, i]
        if current is not None:
            spans.append(current)
        for n, start, end, label, _, _ in spans:
            span = self._trim(texts[n], start, end, label)
            if span:
                out[n].append(span)
        return out

    def tag_spans(self, text: str) -> list[Span]:
        """The named entities of one text, with offsets into it."""
        return self.tag_spans_batch([text])[0]

    def _trim(self, text: str, start: int, end: int, label: str) -> Span | None:
        """A span without the punctuation around it and without a proclitic that is clearly not the name's."""
        lead, core, trail = split_edges(text[start:end])
        start += len(lead)
        end -= len(trail)
        first_end = text.find(" ", start, end)
        first = text[start : end if first_end < 0 else first_end]
        lead, core, _ = split_edges(first)
        start += _raw_length(core, self._clitic_length(_fold_word(core)))
        if start >= end:
            return None
        return Span(start, end, LABEL_TYPE[label], text[start:end])

    def _clitic_length(self, w: str) -> int:
        """How many folded letters at the start of a name's first word are a proclitic, not the name."""
        known = self.known_names
        if w in known:
            return 0
        for p in ("ولل", "فلل", "لل"):  # ل + article: the alef is not written (للعراق)
            if w.startswith(p) and len(w) - len(p) >= 2:
                return len(p)
        for p in _BEFORE_ARTICLE:  # a conjunction or preposition before the article (والعراق، بالقاهرة)
            if w.startswith(p + "ال") and len(w) - len(p) >= 4:
                return len(p)
        for p in _CLITICS:
            if w.startswith(p) and len(w) - len(p) >= 3 and w[len(p) :] in known:
                return len(p)
        return 0


def _fold_word(word: str) -> str:
    """The folded form of a word, Latin letters lower-cased."""
    w = fold(word)
    return w.lower() if w.isascii() else w


def _raw_length(word: str, folded: int) -> int:
    """How many characters of ``word`` make its first ``folded`` folded letters (with their marks)."""
    if not folded:
        return 0
    r = 0
    while r < len(word) and len(fold(word[: r + 1])) <= folded:
        r += 1
    return r


def _token_offsets(text: str, line_at: int, count: int) -> list[int]:
    """Start offsets in ``text`` of the ``count`` whitespace tokens of the line starting at ``line_at``."""
    out: list[int] = []
    pos = line_at
    while len(out) < count:
        while text[pos].isspace():
            pos += 1
        out.append(pos)
        while pos < len(text) and not text[pos].isspace():
            pos += 1
    return out


@lru_cache(maxsize=1)
def default_tagger() -> NerTagger:
    """The tagger shipped in the package (loaded once per process)."""
    with as_file(files(MODEL_PACKAGE).joinpath(MODEL_FILE)) as path:
        return NerTagger(Path(path), load_lexicons())


def tag_spans(text: str) -> list[Span]:
    """Named entities of one text with the shipped model: persons, organisations, countries, locations, groups."""
    return default_tagger().tag_spans(text)


def tag_spans_batch(texts: Iterable[str]) -> list[list[Span]]:
    """Named entities of many texts at once (faster than one by one)."""
    return default_tagger().tag_spans_batch(list(texts))
