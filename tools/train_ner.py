"""Retrain the shipped named-entity model from the shared corpus (deterministic: same inputs, same bytes).

Builds the person lexicon from the Wikidata name tokens and takes the gazetteer token list the shipped model was
trained with (``gazetteer_tokens.txt``: part of the model, so that a gazetteer edit does not silently change what
retraining gives; ``--gazetteer reference/gazetteer.csv`` rebuilds it from the gazetteer and CLDR, a change to
measure like any other), then trains CRFsuite on the NewsFANE train and dev parts (sentence index mod 10 in 0..8; the dev part
only chose the settings in :mod:`akhbar.extract.ner.train`, and the test part, index mod 10 == 9, is never
trained on) and writes ``ner.crfsuite`` beside them, in the package's model folder by default. ``--augment N``
adds N entity-substitution copies of each sentence with an entity (:mod:`akhbar.extract.ner.augment`, fixed
seed); it is off by default, as the model card explains.

    PYTHONPATH=src python tools/train_ner.py [--out DIR]

Choosing settings on the dev part (never on test): train on the train part only into a scratch folder, with
CRFsuite parameters overridden, then score that folder's model on dev with ``benchmarks/ner.py``:

    PYTHONPATH=src python tools/train_ner.py --parts train --param c1=0.1 --out /tmp/ner-dev
    PYTHONPATH=src python benchmarks/ner.py --scores-only --split dev --model-dir /tmp/ner-dev

More held-out parts to check a setting or a rule on: ``--hold-out K`` (K in 0..7) leaves fold K (sentence index mod
10 == K) out of the training parts, and ``benchmarks/ner.py --fold K`` scores that fold:

    PYTHONPATH=src python tools/train_ner.py --parts train --hold-out 3 --out /tmp/ner-f3
    PYTHONPATH=src python benchmarks/ner.py --scores-only --fold 3 --model-dir /tmp/ner-f3
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from pathlib import Path

from akhbar.extract.gazetteer import build_gazetteer
from akhbar.extract.ner.augment import augment, read_name_tokens
from akhbar.extract.ner.corpus import load_split
from akhbar.extract.ner.features import Lexicons
from akhbar.extract.ner.lexicons import (
    GAZETTEER_FILE,
    gazetteer_tokens,
    load_lexicons,
    read_wikidata_tokens,
    write_lexicons,
)
from akhbar.extract.ner.tagger import MODEL_FILE
from akhbar.extract.ner.train import train_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "newsfane-gold" / "NewsFANE_Gold_2014_170K.txt"
PERSONS = SHARED / "lexicons" / "wikidata-person-name-tokens" / "wd_arabic.normalized.aligned.tokens"
GAZETTEER = ROOT / "reference" / "gazetteer.csv"
MODEL_DIR = ROOT / "src" / "akhbar" / "extract" / "ner" / "model"


def build_lexicons(persons: Path, gazetteer: Path | None) -> Lexicons:
    """The feature lexicons: Wikidata name tokens, and the shipped gazetteer tokens or those of ``gazetteer``."""
    if gazetteer is None:
        tokens = load_lexicons(MODEL_DIR).gazetteer
    else:
        with open(gazetteer, encoding="utf-8", newline="") as f:
            tokens = gazetteer_tokens(build_gazetteer(list(csv.DictReader(f))))
    return Lexicons(persons=read_wikidata_tokens(persons), gazetteer=tokens)


def crf_param(text: str) -> tuple[str, str]:
    """One ``--param NAME=VALUE`` as (name, value); argparse prints anything else as a one-line usage error."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE (e.g. c1=0.1)")
    return name.strip(), value.strip()


def main(argv: list[str] | None = None) -> int:
    """Build the lexicons, train, write the model files and print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="NewsFANE_Gold_2014_170K.txt")
    parser.add_argument("--persons", type=Path, default=PERSONS, help="Wikidata person-name tokens")
    parser.add_argument(
        "--gazetteer",
        type=Path,
        help=f"rebuild the gazetteer tokens from this CSV (e.g. {GAZETTEER.relative_to(ROOT)})",
    )
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="folder for the model and lexicon files")
    parser.add_argument("--parts", default="train,dev", help="parts of NewsFANE to train on (never test)")
    parser.add_argument(
        "--hold-out", type=int, choices=range(8), metavar="K", help="leave fold K (index mod 10 == K, 0..7) out"
    )
    parser.add_argument(
        "--param", type=crf_param, action="append", default=[], help="a CRFsuite parameter, NAME=VALUE (repeat)"
    )
    parser.add_argument(
        "--augment",
        type=int,
        default=0,
        help="entity-substitution copies of each sentence with an entity (default 0: none; not shipped, see the card)",
    )
    parser.add_argument(
        "--augment-labels", default="PER,ORG,CTRY,LOC,GRP", help="labels whose entities the copies substitute"
    )
    parser.add_argument("--augment-seed", type=int, default=0, help="seed of the substitution draws")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    if not set(parts) <= {"train", "dev"}:
        print("error: --parts takes train and dev only (the test part is never trained on)", file=sys.stderr)
        return 2
    params = dict(args.param)
    for path in (args.corpus, args.persons, args.gazetteer or MODEL_DIR / GAZETTEER_FILE):
        if not path.is_file():
            print(f"error: {path} not found (pass its location with the matching option)", file=sys.stderr)
            return 2
    started = time.perf_counter()
    lex = build_lexicons(args.persons, args.gazetteer)
    sentences = [s for part in parts for s in load_split(args.corpus, part, args.hold_out)]
    if args.augment > 0:
        sentences += augment(
            sentences, read_name_tokens(args.persons), args.augment, args.augment_labels.split(","), args.augment_seed
        )
    write_lexicons(lex, args.out)
    train_model(sentences, lex, args.out / MODEL_FILE, params)
    elapsed = time.perf_counter() - started
    model = args.out / MODEL_FILE
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    print(f"trained on {len(sentences)} sentences in {elapsed:.1f} s")
    print(f"{model}: {model.stat().st_size / 1e6:.2f} MB, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
