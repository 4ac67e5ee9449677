"""Build the shipped Arabic -> English person-name token map (``person_names_en.tsv``) from the Wikidata lexicon.

Deterministic: the same lexicon gives the same bytes. Source: ../shared/lexicons/wikidata-person-name-tokens/
(CC0 1.0, Merhav and Ash, COLING 2018).

    PYTHONPATH=src python tools/build_names_en.py [--persons FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from akhbar.extract.ner.names_en import NAMES_EN_FILE, read_english_tokens, write_english_tokens

ROOT = Path(__file__).resolve().parents[1]
PERSONS = ROOT.parent / "shared" / "lexicons" / "wikidata-person-name-tokens" / "wd_arabic.normalized.aligned.tokens"
OUT = ROOT / "src" / "akhbar" / "extract" / "ner" / "model" / NAMES_EN_FILE


def main(argv: list[str] | None = None) -> int:
    """Read the lexicon, keep each token's dominant English spelling, write the map."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=Path, default=PERSONS, help="wd_arabic.normalized.aligned.tokens")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    if not args.persons.is_file():
        print(f"error: {args.persons} not found (pass --persons FILE)", file=sys.stderr)
        return 2
    names = read_english_tokens(args.persons)
    write_english_tokens(names, args.out)
    print(f"{args.out}: {len(names)} tokens, {args.out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
