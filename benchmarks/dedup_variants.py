"""Cheaper MinHash settings against the current ones: copies found on a real corpus, and signature seconds.

Fewer permutations, or MinHash over a sample of the shingles (those whose hash is 0 modulo k), cost less in
datasketch's ``update_batch``; this says whether the LSH threshold still finds the same copies. Reads SaudiNewsNet
in place (``/work/shared/corpora/saudinewsnet/*.zip``; skipped with a message when absent), keeps what the ingest
accepts (title line + content, as ``benchmarks/corpus_pass.py`` writes them) and prints, per setting, the copies
found and how many of the current setting's copies and near pairs it loses or gains.

    PYTHONPATH=src python benchmarks/dedup_variants.py

Figures, not tests; seconds move with the machine's load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SAUDINEWSNET = HERE.parent.parent / "shared" / "corpora" / "saudinewsnet"
# (permutations, keep 1 shingle in k): the first is the current setting, the baseline of the others
VARIANTS = [(64, 1), (64, 2), (64, 4), (32, 1), (32, 2), (128, 4)]


def main() -> None:
    """Compute each setting's signatures and copies; print them against the current setting's."""
    if not SAUDINEWSNET.is_dir():
        print(f"skipped: {SAUDINEWSNET} not found")
        return
    sys.path.insert(0, str(HERE.parent / "src"))
    from datasketch import MinHash

    from akhbar.corpus import chrome, dedup
    from akhbar.corpus.ingest import decode_article

    ids: list[str] = []
    published: list[dt.date | None] = []
    digests: list[str] = []
    folded: list[str] = []
    n = 0
    for path in sorted(SAUDINEWSNET.glob("*.zip")):
        with zipfile.ZipFile(path) as zf:
            for member in sorted(zf.namelist()):
                for rec in json.loads(zf.read(member)):
                    title, content = (rec.get("title") or "").strip(), (rec.get("content") or "").strip()
                    data = "\n".join(p for p in (title, content) if p).encode("utf-8") + b"\n"
                    name, n = f"snn{n:06d}", n + 1
                    text = decode_article(name, data)
                    if not isinstance(text, str):
                        continue
                    day = (rec.get("date_extracted") or "")[:10]
                    ids.append(name)
                    published.append(dt.date.fromisoformat(day) if day else None)
                    digests.append(hashlib.sha256(data).hexdigest())
                    folded.append(chrome.Lines.of(text).folded_text)
    hashes = dedup.batch_shingle_hashes(folded)
    print(f"{len(ids)} articles; threshold {dedup.DEFAULT_THRESHOLD}")
    base: dict[str, dedup.Copy] | None = None
    for num_perm, k in VARIANTS:
        template = MinHash(num_perm=num_perm, seed=dedup.SEED, hashfunc=int)
        sigs = np.empty((len(ids), num_perm), dtype=np.uint32)
        started = time.perf_counter()
        for i, h in enumerate(hashes):
            m = template.copy()
            kept = h[(h % np.uint64(k)) == 0] if len(h) >= dedup.MIN_SHINGLES else h[:0]
            if len(kept) >= dedup.MIN_SHINGLES:
                m.update_batch(kept.tolist())
            sigs[i] = m.hashvalues.astype(np.uint32)
        seconds = time.perf_counter() - started
        found = dedup.find_copies(ids, published, digests, sigs)
        base = found if base is None else base
        near = {(c, o.duplicate_of) for c, o in found.items() if o.similarity < 1}
        base_near = {(c, o.duplicate_of) for c, o in base.items() if o.similarity < 1}
        print(
            f"{num_perm} permutations, 1 in {k} shingles: signatures {seconds:.1f} s; copies {len(found)} "
            f"(lost {len(set(base) - set(found))}, gained {len(set(found) - set(base))}); near pairs {len(near)} "
            f"(lost {len(base_near - near)}, gained {len(near - base_near)})"
        )


if __name__ == "__main__":
    main()
