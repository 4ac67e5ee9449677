"""Benchmark the named-entity tagger: scores on the held-out NewsFANE test split, and speed on raw text.

Scores, of the tagger alone and of the whole entity step (``find_mentions``: gazetteer first, pattern rules,
then the tagger's other spans, then coreference): exact character spans on the raw-like test sentences (sentence index mod 10 == 9, never trained
on), per class (person, organization, location = GPE and LOC together, group) and micro-F1 over the first
three. Speed: MB (UTF-8) of raw text per second of process CPU time, on one core, cold (a fresh tagger that
must build its type tables) and warm (the same text again), for the fast tagger and for pycrfsuite
(Python feature strings per token, then ``Tagger.tag``) on the same sentences.

    OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/ner.py [--raw DIR] [--saudinewsnet N]

``--split dev --model-dir DIR`` scores a model trained on the train part only (``tools/train_ner.py --parts
train --out DIR``) on the dev part: settings are chosen that way, never on the test part. ``--fold K --model-dir
DIR`` scores fold K (sentence index mod 10 == K, 0..7) with a model that left it out (``tools/train_ner.py --parts
train --hold-out K --out DIR``): more held-out parts than dev alone, to check that a change holds across them.

Where NewsFANE's annotation conventions differ from the project's, the scores stay strict (nothing is mapped) and
the whole step is counted wrong; these are much of what separates it from the tagger alone on the dev
part (about 30 false or missed spans against 1,043 gold), and the product keeps its own reading:
- a title before a name: NewsFANE sometimes takes it in (البابا بندكتوس), the project's person spans never do;
- a place in an agreement's or meeting's name (اتفاقية باريس، مؤتمر روما): NewsFANE tags the place, the step
  reads the name as no place mention;
- regions and territories the gazetteer lists as locations: الخليج (O in 36 of its 44 NewsFANE occurrences),
  الأراضي الفلسطينية (always O), دول مجلس التعاون الخليجي (NewsFANE: the organisation مجلس التعاون الخليجي);
- a national team named by its country (قطر، أندورا in a match): NewsFANE's Sports organisation, the country here;
- a common noun with a nisba (الحكومة السودانية) is a description, not a name; a nationality plural right after a
  definite noun (الجنود الأوروبيين) an adjective, not a group;
- a compass region (غرب أفريقيا، جنوب شرق آسيا): the step's place is the region, NewsFANE's the continent alone;
- a place in a facility's name (مطار دمشق، استاد القاهرة): the step reads the place, NewsFANE leaves it out;
- a gazetteer spelling with its cue word (دولة الإمارات), and buildings the gazetteer holds as organisations
  (الكرملين: NewsFANE's facility, not scored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pycrfsuite

from akhbar.extract.entities import find_mentions
from akhbar.extract.gazetteer import gazetteer_from_frame
from akhbar.extract.ner.corpus import LABEL_TYPE, Sentence, load_fold, load_split
from akhbar.extract.ner.features import sentence_features
from akhbar.extract.ner.lexicons import load_lexicons
from akhbar.extract.ner.tagger import MODEL_FILE, NerTagger, Span, default_tagger
from akhbar.text.arabic import normalize_storage

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "newsfane-gold" / "NewsFANE_Gold_2014_170K.txt"
SAUDINEWSNET = ROOT.parent / "shared" / "corpora" / "saudinewsnet"
CLASSES = ("person", "organization", "location", "group")
# Texts per call, as the pipeline hands a batch of articles to a step.
BATCH = 500
SCORED = ("person", "organization", "location")
# Countries and other places are one class when scoring, as NewsFANE's GPE and LOC together.
SCORE_CLASS = {"country": "location"}


def score(tagger: NerTagger, sentences: list[Sentence], part: str) -> None:
    """Print per-class precision, recall and F1 of the tagger on a part's sentences, and micro-F1."""
    predicted = tagger.tag_spans_batch([s.text for s in sentences])
    _report("tagger alone", sentences, predicted, part)


def score_entity_step(tagger: NerTagger, sentences: list[Sentence], part: str) -> None:
    """The same scores for the whole entity step (gazetteer, pattern rules, tagger spans, coreference) as
    ``find_mentions`` gives it on each sentence of the part with the project's gazetteer."""
    gaz = gazetteer_from_frame(pd.read_csv(ROOT / "reference" / "gazetteer.csv", dtype=str, keep_default_na=False))
    spans = tagger.tag_spans_batch([s.text for s in sentences])
    predicted = [
        [Span(m.start, m.end, m.type, m.surface) for m in find_mentions(s.text, gaz, spans=sp)]
        for s, sp in zip(sentences, spans)
    ]
    _report("whole entity step (akhbar.extract.entities.find_mentions)", sentences, predicted, part)


def _report(label: str, sentences: list, predicted: list[list[Span]], part: str) -> None:
    """Print per-class precision, recall and F1 of predicted spans against the sentences' gold spans."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for sentence, spans in zip(sentences, predicted):
        gold = {(a, b, SCORE_CLASS.get(t, t)) for a, b, t in ((a, b, LABEL_TYPE[x]) for a, b, x in sentence.spans)}
        got = {(s.start, s.end, SCORE_CLASS.get(s.type, s.type)) for s in spans}
        for x in gold & got:
            tp[x[2]] += 1
        for x in got - gold:
            fp[x[2]] += 1
        for x in gold - got:
            fn[x[2]] += 1
    print(f"\n{label}, NewsFANE {part}: {len(sentences)} sentences, exact character spans on raw-like text")
    print(f"{'class':14} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for c in CLASSES:
        print(f"{c:14} {_line(tp[c], fp[c], fn[c])} {tp[c] + fn[c]:6d}")
    t, f, n = (sum(x[c] for c in SCORED) for x in (tp, fp, fn))
    print(f"{'micro (3)':14} {_line(t, f, n)} {t + n:6d}")


def _line(tp: int, fp: int, fn: int) -> str:
    """Precision, recall and F1 as a fixed-width line."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:6.3f} {r:6.3f} {f:6.3f}"


def raw_texts(raw: Path | None, snn_days: int) -> tuple[str, list[str]]:
    """Raw article bodies to time on: SaudiNewsNet days read in place, else a folder of .txt repeated."""
    if snn_days and SAUDINEWSNET.is_dir():
        texts: list[str] = []
        for path in sorted(SAUDINEWSNET.glob("*.zip"))[:snn_days]:
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    texts += [normalize_storage(a.get("content") or "") for a in json.loads(z.read(name))]
        return f"SaudiNewsNet, {snn_days} day(s)", [t for t in texts if t]
    folder = raw or ROOT / "raw"
    bodies = [normalize_storage(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    return f"{folder} x 200", bodies * 200


def speed(label: str, texts: list[str], ref_sample_mb: float) -> None:
    """Print MB/s per core of the fast tagger (cold and warm) and of pycrfsuite on a sample."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"\nspeed on {label}: {len(texts)} texts, {size:.1f} MB")
    tagger = NerTagger(default_tagger().model_path, default_tagger().lex)
    for run in ("cold", "warm"):
        started = time.process_time()
        spans = [s for i in range(0, len(texts), BATCH) for s in tagger.tag_spans_batch(texts[i : i + BATCH])]
        elapsed = time.process_time() - started
        found = sum(map(len, spans))
        print(f"fast tagger ({run}): {size / elapsed:6.2f} MB/s per core, {found} spans, {tagger.n_types} types")
    sample, sample_size = [], 0.0
    for t in texts:
        sample.append(t)
        sample_size += len(t.encode("utf-8")) / 1e6
        if sample_size >= ref_sample_mb:
            break
    ref = pycrfsuite.Tagger()
    ref.open(str(tagger.model_path))
    sentences = tagger.sentences(sample)
    started = time.process_time()
    ref_tags = [ref.tag(sentence_features(s, tagger.lex)) for s in sentences]
    elapsed = time.process_time() - started
    same = sum(a == b for a, b in zip(ref_tags, tagger.tag_tokens(sentences)))
    print(f"pycrfsuite:          {sample_size / elapsed:6.2f} MB/s per core on {sample_size:.1f} MB")
    print(f"same tags as pycrfsuite on {same} of {len(sentences)} sentences of that sample")


def main(argv: list[str] | None = None) -> int:
    """Score, then time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--raw", type=Path, help="folder of raw .txt articles (default: raw/, repeated)")
    parser.add_argument("--saudinewsnet", type=int, default=1, help="days of SaudiNewsNet to time on (0: none)")
    parser.add_argument("--scores-only", action="store_true", help="print the scores, skip the timings")
    parser.add_argument("--ref-mb", type=float, default=1.0, help="MB of text to time pycrfsuite on")
    parser.add_argument("--split", choices=("test", "dev"), default="test", help="the NewsFANE part to score on")
    parser.add_argument(
        "--fold", type=int, choices=range(8), metavar="K", help="score fold K (index mod 10 == K, 0..7), not --split"
    )
    parser.add_argument("--model-dir", type=Path, help="a model folder written by tools/train_ner.py --out")
    args = parser.parse_args(argv)
    if os.environ.get("OMP_NUM_THREADS") != "1":
        print("note: set OMP_NUM_THREADS=1 for per-core figures", file=sys.stderr)
    np.seterr(all="ignore")
    if args.model_dir:
        tagger = NerTagger(args.model_dir / MODEL_FILE, load_lexicons(args.model_dir))
    else:
        tagger = default_tagger()
    if args.corpus.is_file():
        part = f"{args.split} split" if args.fold is None else f"fold {args.fold}"
        sentences = load_split(args.corpus, args.split) if args.fold is None else load_fold(args.corpus, args.fold)
        score(tagger, sentences, part)
        score_entity_step(tagger, sentences, part)
    else:
        print(f"{args.corpus} not found: scores skipped", file=sys.stderr)
    if args.scores_only:
        return 0
    speed(*raw_texts(args.raw, 0), args.ref_mb)
    if args.saudinewsnet:
        speed(*raw_texts(None, args.saudinewsnet), args.ref_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
