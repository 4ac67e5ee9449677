"""The fast named-entity tagger: CRFsuite's weights as per-token-type score tables, Viterbi in numpy.

Every feature looks at one token at a fixed offset (:mod:`akhbar.extract.ner.features`), so the score of a
label at position ``i`` is the sum, over the offsets ``k``, of a vector that depends only on the token type
at ``i+k``. Those vectors are computed once per type (from ``Tagger.info()``'s state features) and kept in
growing float32 tables; tagging a batch is then tokenising in numpy (a whitespace table over code points),
one hash per token looked up in a hash index of the known types' hashes, five array gathers and a Viterbi
over the labels, vectorised over the batch: no Python work per token, only per new type and per span. It
gives the tags ``pycrfsuite.Tagger`` gives on the same tokens.
"""

from __future__ import annotations

import re
import tempfile
from collections import deque
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib.resources import as_file, files
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pycrfsuite

from akhbar.extract.ner.corpus import LABEL_TYPE, LABELS
from akhbar.extract.ner.features import BOS, EOS, OFFSETS, Lexicons, split_edges, tokens_attributes
from akhbar.extract.ner.lexicons import MODEL_PACKAGE, load_lexicons
from akhbar.extract.records import tuple_maker
from akhbar.text.arabic import LIL_PROCLITICS, bmp_codes, fold

MODEL_FILE = "ner.crfsuite"
# Marks that end a sentence when they end a token (a line break ends one too).
SENTENCE_END = frozenset(".!?؟")
# Proclitics trimmed off a name's first word, longest first (see :meth:`NerTagger._clitic_length`).
# ك (as) is left out: names start with it too often (كايسي، كلية) for a lexicon hit on the rest to decide.
_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_BEFORE_ARTICLE = ("وب", "وك", "فب", "و", "ف", "ب", "ك")
# Openings of foreign names written with و (Wo-, Wi-/We-, Wai-/Wei-): not the conjunction.
_FOREIGN_W = ("وو", "وي", "واي")
_GROW = 4096
# A sentence longer than this many tokens is decoded in pieces (long unpunctuated paragraphs would make the
# batched Viterbi run as many steps for a handful of sentences).
MAX_SENTENCE = 80
# The span types given token confidences (the types whose model-only spans the entity step thresholds): forward-
# backward runs only on the sentences holding one of these, about half the text.
CONFIDENCE_TYPES = frozenset({"person", "organization"})
# Punctuation that may sit inside a name (كيم جونغ - ايل، ا. ف. ب); any other ends the span.
_JOINING_PUNCT = "-."


class Span(NamedTuple):
    """A named entity found in a text: ``text[start:end] == surface``, ``type`` one of the project's types,
    ``token_confidence`` for each of its whitespace tokens, in order, the posterior probability (forward-backward)
    of the label the tagger gave it (for the types of :data:`CONFIDENCE_TYPES`; empty for the others)."""

    start: int
    end: int
    type: str
    surface: str
    token_confidence: tuple[float, ...] = ()

    @property
    def confidence(self) -> float:
        """The least posterior of the span's tokens (1.0 where none was computed)."""
        return min(self.token_confidence, default=1.0)


# A weight line of ``crfsuite dump``: "(id) from --> to: weight" (as pycrfsuite's own dump parser reads it).
_WEIGHT_LINE = re.compile(r"^[ \t]*\(\d+\) (.+) --> (.+): ([+-]?\d+\.\d+)", re.M)


def _model_weights(model_path: Path) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]]]:
    """A CRFsuite model's transitions (from, to, weight) and state features (attribute, label, weight): the
    weights ``Tagger.info()`` gives, read from the model's dump with one regex pass over each section (info()
    parses it line by line in Python, a third of a second per process)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    with tempfile.TemporaryDirectory(prefix="akhbar-crf-") as tmp:
        dump = Path(tmp) / "model.txt"
        tagger.dump(str(dump))
        tagger.close()
        text = dump.read_text(encoding="utf8")
    sections: dict[str, list[tuple[str, str, float]]] = {}
    for section in ("TRANSITIONS", "STATE_FEATURES"):
        at = text.find(f"{section} = {{")
        body = text[at : text.find("\n}", at)] if at >= 0 else ""
        sections[section] = [(a, b, float(w)) for a, b, w in _WEIGHT_LINE.findall(body)]
    return sections["TRANSITIONS"], sections["STATE_FEATURES"]


# Offset of a feature (the text before its attribute's first colon) -> its place in OFFSETS.
_OFFSET_AT = {str(offset): k for k, offset in enumerate(OFFSETS)}


def _score_rows(
    features: list[tuple[str, str, float]], label_index: dict[str, int]
) -> tuple[np.ndarray, dict[str, int], np.ndarray, np.ndarray]:
    """The state features as score rows: (weights, attr_ids, attr_rows, bias).

    ``weights`` holds one row per attribute (offset-prefixed) after a zero row; ``attr_rows[attr_ids[attr], k]`` is
    the row of the feature "OFFSETS[k]:attr" (0, the zero row, where the model has no such feature; attribute id 0
    is an attribute the model never saw); ``bias`` is the row of the bias feature "b". Distinct attributes are
    numbered by pandas' hash factorisation, not by sorting them and a Python step per attribute (a tenth of a second
    per process): which row or id an attribute gets is arbitrary, only the weights they lead to matter.
    """
    codes, names = pd.factorize(np.array([f[0] for f in features], dtype=object))
    labels = np.fromiter(map(label_index.__getitem__, [f[1] for f in features]), np.int64, len(features))
    weights = np.zeros((len(names) + 1, len(label_index)))
    weights[codes + 1, labels] = [f[2] for f in features]
    bias_at = np.flatnonzero(names == "b")
    bias = weights[bias_at[0] + 1] if len(bias_at) else np.zeros(len(label_index))
    parts = list(map(str.partition, names.tolist(), repeat(":")))
    at = np.fromiter(
        map(_OFFSET_AT.get, [offset if sep else "" for offset, sep, _ in parts], repeat(-1)), np.int64, len(parts)
    )
    placed = np.flatnonzero(at >= 0)
    rest_ids, rests = pd.factorize(np.array([parts[i][2] for i in placed.tolist()], dtype=object))
    attr_rows = np.zeros((len(rests) + 1, len(OFFSETS)), dtype=np.int64)
    attr_rows[rest_ids + 1, at[placed]] = placed + 1
    return weights, dict(zip(rests.tolist(), range(1, len(rests) + 1))), attr_rows, bias


class NerTagger:
    """A trained CRFsuite model and its lexicons, tagging through per-type score tables."""

    def __init__(self, model_path: Path, lex: Lexicons):
        self.lex = lex
        self.model_path = model_path
        transitions, features = _model_weights(model_path)
        self.labels: list[str] = sorted({label for _, label, _ in features} | {"O"})
        self.labels = ["O"] + [x for x in self.labels if x != "O"]
        index = {label: n for n, label in enumerate(self.labels)}
        n_labels = len(self.labels)
        self.trans = np.zeros((n_labels, n_labels))
        for a, b, w in transitions:
            self.trans[index[a], index[b]] = w
        self.weights, self.attr_ids, self.attr_rows, self.bias = _score_rows(features, index)
        self.o_label = index["O"]
        self.n_types = 0
        # how many times the type cache was emptied: a type id means the same token while this stays the same
        self.generation = 0
        # the hash of each token type (see _token_keys), at its type id, and a hash index of them (pandas builds a
        # hash table: several times faster than a binary search of a sorted array for the ~100,000 tokens of a batch)
        self._keys = np.zeros(0, dtype=np.uint64)
        self._key_index = pd.Index(self._keys)
        # type by label (a row per type): a batch's emissions are then gathered as whole rows of contiguous scores,
        # several times faster than a column gather from label-by-type tables (a scattered read per label)
        self.tables = [np.zeros((0, n_labels), dtype=np.float32) for _ in OFFSETS]
        self.ends_sentence = np.zeros(0, dtype=bool)
        self.type_length = np.zeros(0, dtype=np.int64)
        self.breaks_before = np.zeros(0, dtype=bool)
        self.breaks_after = np.zeros(0, dtype=bool)
        # characters a span starting (ending) on a type leaves out at its start (end): punctuation, a proclitic;
        # -1 until a span first starts on the type (the head test reads the lexicons: only types that start spans)
        self.head_length = np.zeros(0, dtype=np.int64)
        self.tail_length = np.zeros(0, dtype=np.int64)
        self._add_types([BOS, EOS])
        pads = np.array([0, len(BOS) + 1]), np.array([len(BOS), len(BOS) + 1 + len(EOS)])
        self._index_keys(_token_keys(_codes(f"{BOS} {EOS}"), *pads))
        self.known_names = lex.persons.keys() | lex.gazetteer
        self.kinds = [LABEL_TYPE[x] for x in LABELS]
        self.label_kind = np.array([LABELS.index(x[2:]) if x != "O" else -1 for x in self.labels])
        self.label_inside = np.array([x.startswith("I-") for x in self.labels])
        self.label_scored = np.array([x != "O" and LABEL_TYPE[x[2:]] in CONFIDENCE_TYPES for x in self.labels])

    # --- score tables -----------------------------------------------------------------------------------

    def _add_types(self, tokens: Sequence[str]) -> None:
        """Compute the score columns of new token types at every offset and index them."""
        n0 = self.n_types
        n = n0 + len(tokens)
        if n > self.tables[0].shape[0]:
            size = max(n, 2 * self.tables[0].shape[0], _GROW)
            for k in range(len(OFFSETS)):
                grown = np.zeros((size, len(self.labels)), dtype=np.float32)
                grown[:n0] = self.tables[k][:n0]
                self.tables[k] = grown
            ends = np.zeros(size, dtype=bool)
            ends[:n0] = self.ends_sentence[:n0]
            self.ends_sentence = ends
            for name in ("breaks_before", "breaks_after"):
                flags = np.zeros(size, dtype=bool)
                flags[:n0] = getattr(self, name)[:n0]
                setattr(self, name, flags)
            for name in ("type_length", "head_length", "tail_length"):
                length = np.zeros(size, dtype=np.int64)
                length[:n0] = getattr(self, name)[:n0]
                setattr(self, name, length)
        attrs, edges = tokens_attributes(tokens, self.lex)
        # a token's attributes at the other offsets are the first of its attributes at offset 0 (the near ones come
        # first, :func:`~akhbar.extract.ner.features.token_attributes`): each attribute's id is looked up once
        names = [a for centre, _ in attrs for a in centre]
        centre_ids = np.fromiter(map(self.attr_ids.get, names, repeat(0, len(names))), dtype=np.int64, count=len(names))
        sizes = np.fromiter(map(len, map(itemgetter(0), attrs)), dtype=np.int64, count=len(attrs))
        near = np.fromiter(map(len, map(itemgetter(1), attrs)), dtype=np.int64, count=len(attrs))
        centre_starts, near_starts = np.cumsum(sizes) - sizes, np.cumsum(near) - near
        near_ids = centre_ids[np.arange(int(near.sum())) + np.repeat(centre_starts - near_starts, near)]
        for ids, starts, offsets in (
            (centre_ids, centre_starts, [OFFSETS.index(0)]),
            (near_ids, near_starts, [k for k, o in enumerate(OFFSETS) if o]),
        ):
            # every token has an attribute at each offset, so no segment of the sums below is empty; the rows of every
            # offset of the side in one gather and one segment sum (token by offset by label)
            blocks = np.add.reduceat(self.weights[self.attr_rows[ids][:, offsets]], starts, axis=0)
            for at, k in enumerate(offsets):
                block = blocks[:, at]
                if OFFSETS[k] == 0:
                    block += self.bias
                self.tables[k][n0:n] = block
        trails = [trail for _, _, trail in edges]
        self.breaks_before[n0:n] = [bool(lead.strip(_JOINING_PUNCT)) for lead, _, _ in edges]
        self.breaks_after[n0:n] = [bool(trail.strip(_JOINING_PUNCT)) for trail in trails]
        self.ends_sentence[n0:n] = [bool(trail) and not SENTENCE_END.isdisjoint(trail) for trail in trails]
        self.type_length[n0:n] = list(map(len, tokens))
        self.tail_length[n0:n] = list(map(len, trails))
        self.head_length[n0:n] = -1
        self.n_types = n

    def _ids(self, tokens: list[str]) -> np.ndarray:
        """Type ids of tokens (no whitespace inside), adding the types not seen before."""
        joined = " ".join(tokens)
        codes = _codes(joined)
        starts = np.cumsum([0] + [len(t) + 1 for t in tokens[:-1]], dtype=np.int64)
        ends = starts + np.array([len(t) for t in tokens], dtype=np.int64)
        return self._type_ids(joined, codes, starts, ends)

    def _type_ids(self, text: str, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Type ids of the tokens ``text[starts[i]:ends[i]]``, found by their hash, adding new types."""
        keys = _token_keys(codes, starts, ends)
        ids = self._key_index.get_indexer(keys)  # -1 for a type not seen before
        new = ids < 0
        if not new.any():
            return ids
        if self.n_types + int(new.sum()) > 2_000_000:  # a bound on memory over a very large corpus
            self._reset()
            ids = self._key_index.get_indexer(keys)
            new = ids < 0
        new_keys, first, inverse = np.unique(keys[new], return_index=True, return_inverse=True)
        where = np.flatnonzero(new)[first]
        n0 = self.n_types
        self._add_types([text[a:b] for a, b in zip(starts[where].tolist(), ends[where].tolist())])
        self._index_keys(new_keys)
        ids[new] = n0 + inverse.reshape(-1)
        return ids

    def _index_keys(self, keys: np.ndarray) -> None:
        """Index the hashes of the types just added (their ids follow the known types' in order)."""
        self._keys = np.concatenate((self._keys, keys))
        self._key_index = pd.Index(self._keys)

    def _reset(self) -> None:
        """Forget every cached type but the padding ones."""
        self.n_types = 2
        self.generation += 1
        self._keys = self._keys[:2]
        self._key_index = pd.Index(self._keys)

    # --- decoding ---------------------------------------------------------------------------------------

    def _emissions(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Label scores of every position of consecutive sentences (token type ids, sentence lengths), position by
        label (:func:`_steps` lays them out label by position, as the decoders read them)."""
        n, pad = len(ids), max(-OFFSETS[0], OFFSETS[-1])
        # the sentences laid out with `pad` EOS then `pad` BOS between them, so every offset is a plain shift
        sentence = np.repeat(np.arange(len(lengths)), lengths)
        where = np.arange(n) + 2 * pad * sentence + pad
        padded = np.zeros(n + 2 * pad * len(lengths), dtype=np.int64)  # 0: BOS
        last = where[np.cumsum(lengths) - 1]
        for k in range(1, pad + 1):
            padded[last + k] = 1  # EOS
        padded[where] = ids
        em = np.take(self.tables[OFFSETS.index(0)], ids, axis=0)
        for k, offset in enumerate(OFFSETS):
            if offset:
                em += np.take(self.tables[k], padded[where + offset], axis=0)
        return em

    def _decode(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best label index of every position (Viterbi per sentence, exact; ``em``: position by label)."""
        out = np.empty(len(em), dtype=np.int64)
        for pos, labels in self._viterbi(em, np.cumsum(lengths) - lengths, lengths):
            out[pos] = labels
        return out

    def _viterbi(
        self, em: np.ndarray, run_start: np.ndarray, run_len: np.ndarray
    ) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        """Best labels of runs of positions (Viterbi over all runs at once; ``em``: position by label): (positions,
        labels) per step.

        Scores are held label by run (a row per label): each step's max over the previous label is then a reduction
        over whole rows, several times faster than over the short label axis of a run by label layout."""
        starts, active, first_at, emissions = _steps(em, run_start, run_len)
        steps = len(first_at)
        trans = self.trans.astype(np.float32)
        into = trans[:, :, None]  # [previous label, label, 1]
        score = emissions[:, : active[1]]
        history = [score]
        for t in range(1, steps):
            m = active[t + 1]
            score = (score[:, None, :m] + into).max(axis=0)
            score += emissions[:, first_at[t] : first_at[t] + m]
            history.append(score)
        # each run's last scores, from the step where it ends
        final = np.empty((len(self.labels), len(starts)), dtype=np.float32)
        for t in range(steps):
            final[:, active[t + 2] : active[t + 1]] = history[t][:, active[t + 2] : active[t + 1]]
        # back-pointers are recomputed only for the labels kept, from the same sums (first best, as crfsuite)
        cur = final.argmax(axis=0)
        for t in range(steps - 1, -1, -1):
            going_on = active[t + 2]  # runs with a position t+1: their label at t follows from the one at t+1
            if going_on:
                # np.take, not trans[:, cur]: the same columns, a third faster than fancy indexing
                cur[:going_on] = (history[t][:, :going_on] + np.take(trans, cur[:going_on], axis=1)).argmax(axis=0)
            m = active[t + 1]
            yield starts[:m] + t, cur[:m].copy()

    def _marginals(
        self, em: np.ndarray, run_start: np.ndarray, run_len: np.ndarray
    ) -> Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Label posteriors at every position of runs (forward-backward over all runs at once, laid out as
        :meth:`_viterbi` lays them out): per step (positions, weights label by position, their column sums); a
        label's posterior probability is its weight over the column's sum.

        Scaled probabilities, not log-space sums: a step is then one small matrix product and a rescaling (no exp
        or log per step); the forward columns are rescaled to sum 1 and the backward ones by the step's sums, so
        nothing under- or overflows, and the scales cancel in the ratio."""
        starts, active, first_at, emissions = _steps(em, run_start, run_len)
        steps = len(first_at)
        # float64: a text's confidences then do not move with the batch it is tagged in (a matrix product of another
        # width may sum in another order; float32 moved them by 1e-7, float64 by far less than any threshold cares)
        e = np.exp(emissions - emissions.max(axis=0), dtype=np.float64)
        into = np.exp(self.trans - self.trans.max())  # [previous label, label]
        back, ahead = np.ascontiguousarray(into), np.ascontiguousarray(into.T)
        alpha = e[:, : active[1]] / e[:, : active[1]].sum(axis=0)
        forward = [alpha]
        for t in range(1, steps):
            m = active[t + 1]
            alpha = ahead @ alpha[:, :m]
            alpha *= e[:, first_at[t] : first_at[t] + m]
            alpha /= alpha.sum(axis=0)
            forward.append(alpha)
        beta = np.ones((len(self.labels), 0))
        for t in range(steps - 1, -1, -1):
            m, going_on = active[t + 1], active[t + 2]
            after = np.ones((len(self.labels), m))  # a run that ends here: 1 for every label
            if going_on:
                after[:, :going_on] = back @ (e[:, first_at[t + 1] : first_at[t + 1] + going_on] * beta)
            weights = forward[t] * after
            sums = weights.sum(axis=0)
            beta = after / sums
            yield starts[:m] + t, weights, sums

    def _confidence(self, em: np.ndarray, lengths: np.ndarray, best: np.ndarray) -> np.ndarray:
        """The posterior probability of each position's best label, in the sentences that hold a label of
        :data:`CONFIDENCE_TYPES` (forward-backward is run on them alone); 1 elsewhere. The label's, not the type's
        (B- or I-): a name whose bounds the model is unsure of is as often a wrong name."""
        out = np.ones(len(best))
        sentence_starts = np.cumsum(lengths) - lengths
        keep = np.add.reduceat(self.label_scored[best], sentence_starts) > 0
        if keep.any():
            for pos, weights, sums in self._marginals(em, sentence_starts[keep], lengths[keep]):
                out[pos] = weights[best[pos], np.arange(len(pos))] / sums
        return out

    def marginals(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence, the posterior probability of each label (``self.labels`` order) at each token, position by
        label: what ``pycrfsuite.Tagger.marginal`` gives."""
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        tokens = [t for s in sentences for t in s]
        out = np.zeros((len(self.labels), len(tokens)))
        kept = lengths[lengths > 0]
        if tokens:
            em = self._emissions(self._ids(tokens), kept)
            for pos, weights, sums in self._marginals(em, np.cumsum(kept) - kept, kept):
                out[:, pos] = weights / sums
        bounds = np.cumsum(lengths).tolist()
        return [out[:, a:b].T for a, b in zip([0] + bounds[:-1], bounds)]

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

    def _split(self, texts: Sequence[str]) -> Split:
        """Whitespace tokens of the texts joined by line breaks (as ``str.split`` finds them), their type ids and
        the lengths of the sentences they make."""
        joined = "\n".join(texts)
        # 16-bit codes where they serve (half the memory of code points; a token's key is the same from either)
        codes = bmp_codes(joined)
        if codes is None:  # a character beyond the BMP: code points, 32 bits each
            codes = _codes(joined)
            space = _IS_SPACE[np.minimum(codes, len(_IS_SPACE) - 1)]
        else:
            space = _IS_SPACE_BMP.take(codes)
        edges = np.diff(np.concatenate(([True], space, [True])).view(np.int8))
        starts, ends = np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
        text_starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64)
        if not len(starts):
            empty = np.zeros(0, dtype=np.int64)
            return Split(joined, text_starts, starts, ends, empty, empty)
        ids = self._type_ids(joined, codes, starts, ends)
        # a sentence ends after a token ending in . ! ? ؟ and at the end of a line
        newlines = (codes == _NEWLINE).nonzero()[0]
        line_end = np.ones(len(starts), dtype=bool)
        line_end[:-1] = newlines.searchsorted(starts[1:]) > newlines.searchsorted(ends[:-1])
        stops = self.ends_sentence[ids] | line_end
        lengths = np.diff(np.concatenate(([0], np.flatnonzero(stops) + 1)))
        if lengths.max() > MAX_SENTENCE:
            lengths = _cap(lengths, MAX_SENTENCE)
        return Split(joined, text_starts, starts, ends, ids, lengths)

    def sentences(self, texts: Sequence[str]) -> list[list[str]]:
        """The token sequences the tagger decodes in these texts (to compare with pycrfsuite on them)."""
        split = self._split(texts)
        tokens = [split.joined[a:b] for a, b in zip(split.starts.tolist(), split.ends.tolist())]
        bounds = np.cumsum(split.lengths).tolist()
        return [tokens[a:b] for a, b in zip([0] + bounds[:-1], bounds)]

    def tag_spans_batch(self, texts: Sequence[str]) -> list[list[Span]]:
        """The named entities of each text, with offsets into that text."""
        return self.tag_spans_split(texts)[0]

    def tag_spans_split(self, texts: Sequence[str]) -> tuple[list[list[Span]], Split]:
        """:meth:`tag_spans_batch`'s spans and the split they were read from: each whitespace token's type id, which
        a caller may key its own per-type caches on (valid while :attr:`generation` stays the same)."""
        out: list[list[Span]] = [[] for _ in texts]
        split = self._split(texts)
        joined, text_starts, starts, ends, ids, lengths = split
        if not len(ids):
            return out, split
        em = self._emissions(ids, lengths)
        best = self._decode(em, lengths)
        kind = self.label_kind[best]  # entity label number (-1 for O)
        sentence_start = np.zeros(len(ids), dtype=bool)
        sentence_start[np.cumsum(lengths) - lengths] = True
        # a token continues the span before it when it is I- of the same kind in the same sentence
        cont = self.label_inside[best] & ~sentence_start
        cont[1:] &= kind[1:] == kind[:-1]
        cont[0] = False
        # nor across punctuation (a comma in a list, a parenthesis): few names hold any
        cont[1:] &= ~(self.breaks_before[ids[1:]] | self.breaks_after[ids[:-1]])
        named = kind >= 0
        firsts = np.flatnonzero(named & ~cont)
        if not len(firsts):
            return out, split
        lasts = np.flatnonzero(named & ~np.append(cont[1:], False))
        # trimmed bounds of every span at once, from the per-type lengths of its first and last token
        start = starts[firsts] + self._head_lengths(joined, starts[firsts], ends[firsts], ids[firsts])
        end = ends[lasts] - self.tail_length[ids[lasts]]
        kept = np.flatnonzero(start < end)
        # the posterior of each token's label, per span of a scored type (the entity step reads those it keeps),
        # gathered for those spans' tokens only
        scored = np.flatnonzero(self.label_scored[best[firsts[kept]]])
        size = lasts[kept][scored] - firsts[kept][scored] + 1
        offset = np.cumsum(size) - size
        where = np.arange(int(size.sum())) - np.repeat(offset - firsts[kept][scored], size)
        sure = self._confidence(em, lengths, best)[where].tolist()
        confidence: list[tuple[float, ...]] = [()] * len(kept)
        # each scored span's slice of them, set in one C-level pass (a span of another type keeps no confidences)
        pieces = map(tuple, map(sure.__getitem__, map(slice, offset.tolist(), (offset + size).tolist())))
        deque(map(confidence.__setitem__, scored.tolist(), pieces), maxlen=0)
        text_of = np.searchsorted(text_starts, starts[firsts[kept]], side="right") - 1
        start, end, base = start[kept], end[kept], text_starts[text_of]
        spans = list(
            map(
                _new_span,
                zip(
                    (start - base).tolist(),
                    (end - base).tolist(),
                    map(self.kinds.__getitem__, kind[firsts[kept]].tolist()),
                    map(joined.__getitem__, map(slice, start.tolist(), end.tolist())),
                    confidence,
                ),
            )
        )
        bounds = np.searchsorted(text_of, np.arange(len(texts) + 1)).tolist()  # each text's spans, in text order
        return [spans[a:b] for a, b in zip(bounds, bounds[1:])], split

    def _head_lengths(self, joined: str, starts: np.ndarray, ends: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The head length (:meth:`_head_length`) of the tokens ``joined[starts[i]:ends[i]]`` of type ``ids[i]``,
        worked out once per type."""
        new = np.flatnonzero(self.head_length[ids] < 0)
        if len(new):
            types, first = np.unique(ids[new], return_index=True)
            at = new[first]
            self.head_length[types] = [
                self._head_length(joined[a:b]) for a, b in zip(starts[at].tolist(), ends[at].tolist())
            ]
        return self.head_length[ids]

    def tag_spans(self, text: str) -> list[Span]:
        """The named entities of one text, with offsets into it."""
        return self.tag_spans_batch([text])[0]

    def _head_length(self, token: str) -> int:
        """Characters at the start of a span's first token that are not the name: punctuation, a proclitic."""
        lead, core, _ = split_edges(token)
        return len(lead) + _raw_length(core, self._clitic_length(_fold_word(core)))

    def _clitic_length(self, w: str) -> int:
        """How many folded letters at the start of a name's first word are a proclitic, not the name."""
        for p in LIL_PROCLITICS:  # ل + article: the alef is not written (للعراق); no name starts so
            if w.startswith(p) and len(w) - len(p) >= 2:
                return len(p)
        known = self.known_names
        if w in known:  # a name that starts like a proclitic (بغداد، فرنسا)
            return 0
        for p in _BEFORE_ARTICLE:  # a conjunction or preposition before the article (والعراق، بالقاهرة)
            if w.startswith(p + "ال") and len(w) - len(p) >= 4:
                return len(p)
        for p in _CLITICS:
            if w.startswith(p) and len(w) - len(p) >= 3 and w[len(p) :] in known:
                return len(p)
        # و before a name neither list knows is the conjunction (وروتردام، وفيدرر: 127 of 141 such training spans
        # leave it out), except where it spells a foreign W (وولفسبورج، ويمبلدون، وايتهل)
        if w.startswith("و") and not w.startswith(_FOREIGN_W) and len(w) > 3 and w[1:].isalpha():
            return 1
        return 0


# Spans are many (tens of thousands per corpus): made with tuple.__new__ in C, not the NamedTuple's Python __new__.
_new_span = tuple_maker(Span)


class Split(NamedTuple):
    """Texts joined by line breaks, where each text starts, its tokens' bounds and type ids, sentence lengths."""

    joined: str
    text_starts: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    ids: np.ndarray
    lengths: np.ndarray


_NEWLINE = ord("\n")
# The characters str.split() splits on (all below U+3001), as a look-up table over code points.
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3002)])
_IS_SPACE_BMP = np.zeros(0x10000, dtype=bool)
_IS_SPACE_BMP[: len(_IS_SPACE)] = _IS_SPACE
# Token hashes: a polynomial over the code points (odd base, modulo 2**64) made position-free by the inverse
# powers, plus the length; two different tokens of natural text sharing a 64-bit key is not a practical risk.
_BASE = np.uint64(0x9E3779B97F4A7C15)
_BASE_INV = np.uint64(pow(0x9E3779B97F4A7C15, -1, 2**64))
_LENGTH_MIX = np.uint64(0xC2B2AE3D27D4EB4F)


def _codes(text: str) -> np.ndarray:
    """The code points of a text as an array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Powers 0..n-1 (at least) of the hash base and of its inverse, modulo 2**64."""
    return _power_table(1 << max(n - 1, 1).bit_length())  # a power of two, so that few sizes are ever made


@lru_cache(maxsize=4)
def _power_table(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Powers 0..size-1 of the hash base and of its inverse, modulo 2**64."""
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(size, _BASE, dtype=np.uint64)) * _BASE_INV
        inverse = np.cumprod(np.full(size, _BASE_INV, dtype=np.uint64)) * _BASE
    return powers, inverse


def _token_keys(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """A 64-bit key per token ``codes[starts[i]:ends[i]]`` that depends on its characters only."""
    powers, inverse = _powers(len(codes) + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.multiply(codes, powers[: len(codes)], out=prefix[1:])  # in place: no 64-bit copy of the codes
        np.cumsum(prefix[1:], out=prefix[1:])
        keys = (prefix[ends] - prefix[starts]) * inverse[starts]
        return keys + (ends - starts).astype(np.uint64) * _LENGTH_MIX


def _cap(lengths: np.ndarray, cap: int) -> np.ndarray:
    """Sentence lengths with every sentence longer than ``cap`` cut into pieces of ``cap`` (and a rest)."""
    pieces = -(-lengths // cap)
    out = np.full(int(pieces.sum()), cap, dtype=np.int64)
    last = np.cumsum(pieces) - 1
    out[last] = lengths - (pieces - 1) * cap
    return out


def _steps(
    em: np.ndarray, run_start: np.ndarray, run_len: np.ndarray
) -> tuple[np.ndarray, list[int], list[int], np.ndarray]:
    """Runs of positions laid out to be decoded step by step, all at once: run starts (longest run first, so the
    runs still going at a step are a prefix), ``active[t]`` (how many runs are at least t long), where each
    step's emissions start, and the emissions of every step's runs, step after step (label by column; ``em``: position
    by label, gathered by whole rows and turned once)."""
    order = np.argsort(-run_len, kind="stable")
    starts, lens = run_start[order], run_len[order]
    steps = int(lens[0])
    active = np.searchsorted(-lens, -np.arange(steps + 2), side="right").tolist()
    going = np.array(active[1 : steps + 1])
    first = np.cumsum(going) - going
    step_of = np.repeat(np.arange(steps), going)
    emissions = np.ascontiguousarray(np.take(em, starts[np.arange(len(step_of)) - first[step_of]] + step_of, axis=0).T)
    return starts, active, first.tolist(), emissions


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
