"""The entity gazetteer: countries from CLDR (via babel) merged with curated rows, indexed for matching.

Country rows are generated at run time from the Unicode CLDR territory names (Arabic and English), so that
their Arabic forms come from a maintained source. The curated table (``reference/gazetteer.csv``) adds the
other entities (people, organisations, places, groups) and the spellings the press uses for countries
(قازاقستان for كازاخستان). A curated row whose ``entity_id`` equals a generated country id extends that
country: its aliases are added, and its non-empty fields (``wikidata``, ``name_ar``...) take precedence.

Curated columns: ``entity_id, type, name_ar, name_en, wikidata, aliases, context_aliases``. ``aliases`` and
``context_aliases`` are ``|``-separated. A *context alias* is a spelling that is too ambiguous to count on its
own (a two-letter surname such as "شي", a country name that is also a common word such as "مالي"); the
matcher accepts it only where the article supports it (see :mod:`akhbar.extract.entities`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import babel

from akhbar.text.arabic import ARABIC_LETTER, fold

ENTITY_TYPES = ("person", "organization", "country", "location", "group")
ENTITY_ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
WIKIDATA_PATTERN = r"Q[1-9][0-9]*"
_ENTITY_ID_RE = re.compile(ENTITY_ID_PATTERN)
_WIKIDATA_RE = re.compile(WIKIDATA_PATTERN)

# CLDR territory codes that are not countries: user-assigned and "exceptionally reserved" codes, groupings
# (EU, EZ, UN) and pseudo-locales. Numeric codes (world regions) are never taken.
NON_COUNTRY_CODES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})

# A token for matching: a run of (folded) Arabic letters, Latin letters or digits.
TOKEN_RE = re.compile(f"[{ARABIC_LETTER}A-Za-z0-9]+")
CURATED_COLUMNS = ("entity_id", "type", "name_ar", "name_en", "wikidata", "aliases", "context_aliases")


class GazetteerError(ValueError):
    """A curated gazetteer row is malformed (bad id, type, Wikidata id, or a duplicate)."""


@dataclass(frozen=True)
class GazetteerEntity:
    """One canonical entity and every spelling that names it."""

    entity_id: str
    type: str
    name_ar: str
    name_en: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AliasEntry:
    """An indexed spelling: which entity it names and whether it needs supporting context."""

    entity_id: str
    needs_context: bool


def slugify(text: str) -> str:
    """Lower-case ASCII slug of a Latin name: "Côte d’Ivoire" -> "cote-divoire"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = ascii_text.replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def alias_tokens(alias: str) -> tuple[str, ...]:
    """Folded match tokens of a spelling (Latin letters lower-cased): the key it is indexed under."""
    return tuple(t.lower() if t.isascii() else t for t in TOKEN_RE.findall(fold(alias)))


def _spelling_variants(name: str) -> list[str]:
    """The CLDR name plus its short forms: parenthetical dropped, " - " read as a space."""
    variants = [name]
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    for form in (bare, bare.replace(" - ", " ")):
        if form and form not in variants:
            variants.append(form)
    return variants


def cldr_countries() -> list[GazetteerEntity]:
    """Country entities from CLDR: Arabic and English names, id = slug of the English name."""
    ar = babel.Locale("ar").territories
    en = babel.Locale("en").territories
    rows = []
    for code in sorted(ar):
        if not (len(code) == 2 and code.isalpha()) or code in NON_COUNTRY_CODES or code not in en:
            continue
        rows.append(
            GazetteerEntity(
                entity_id=slugify(en[code]),
                type="country",
                name_ar=ar[code],
                name_en=en[code],
                aliases=tuple(_spelling_variants(ar[code])),
            )
        )
    return rows


def _split(cell: object) -> tuple[str, ...]:
    """Split a ``|``-separated cell into stripped, non-empty spellings."""
    if cell is None or (isinstance(cell, float) and cell != cell):  # NaN from pandas
        return ()
    return tuple(part.strip() for part in str(cell).split("|") if part.strip())


def _text(cell: object) -> str | None:
    """A cell as stripped text, or None when empty."""
    parts = _split(cell)
    return str(cell).strip() if parts else None


def parse_curated(rows: Iterable[Mapping[str, object]]) -> list[GazetteerEntity]:
    """Validate curated rows (dicts with CURATED_COLUMNS) and turn them into entities."""
    out: list[GazetteerEntity] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=2):  # line 1 of the CSV is its header
        entity_id = _text(row.get("entity_id")) or ""
        where = f"gazetteer row {n} ({entity_id or 'no id'})"
        if not _ENTITY_ID_RE.fullmatch(entity_id):
            raise GazetteerError(f"{where}: entity_id must be a lower-case ASCII slug")
        if entity_id in seen:
            raise GazetteerError(f"{where}: duplicate entity_id")
        seen.add(entity_id)
        etype = _text(row.get("type")) or ""
        if etype not in ENTITY_TYPES:
            raise GazetteerError(f"{where}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
        wikidata = _text(row.get("wikidata"))
        if wikidata and not _WIKIDATA_RE.fullmatch(wikidata):
            raise GazetteerError(f"{where}: wikidata {wikidata!r} is not a Q-id")
        out.append(
            GazetteerEntity(
                entity_id=entity_id,
                type=etype,
                name_ar=_text(row.get("name_ar")) or "",
                name_en=_text(row.get("name_en")),
                wikidata=wikidata,
                aliases=_split(row.get("aliases")),
                context_aliases=_split(row.get("context_aliases")),
            )
        )
    return out


def _merge(base: GazetteerEntity, extra: GazetteerEntity) -> GazetteerEntity:
    """Extend a generated country with a curated row: aliases added, non-empty curated fields win."""
    context = set(fold(a) for a in extra.context_aliases)
    aliases = tuple(dict.fromkeys(a for a in (*base.aliases, *extra.aliases) if fold(a) not in context))
    return replace(
        base,
        type=extra.type or base.type,
        name_ar=extra.name_ar or base.name_ar,
        name_en=extra.name_en or base.name_en,
        wikidata=extra.wikidata or base.wikidata,
        aliases=aliases,
        context_aliases=tuple(dict.fromkeys((*base.context_aliases, *extra.context_aliases))),
    )


@dataclass
class Gazetteer:
    """Entities by id plus an index from folded token sequences to the entities they name."""

    entities: dict[str, GazetteerEntity]
    index: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict)
    max_tokens: int = 1
    first_tokens: set[str] = field(default_factory=set)  # first token of every indexed spelling: a fast pre-check

    def __post_init__(self) -> None:
        for ent in self.entities.values():
            context = {alias_tokens(a) for a in ent.context_aliases}
            spellings = [(a, False) for a in (ent.name_ar, *ent.aliases) if alias_tokens(a) not in context]
            spellings += [(a, True) for a in ent.context_aliases]
            for alias, needs_context in spellings:
                key = alias_tokens(alias)
                if not key:
                    continue
                entries = self.index.setdefault(key, [])
                if any(e.entity_id == ent.entity_id for e in entries):
                    continue
                # Two-letter Arabic names ("شي", "لي") are never safe on their own (Latin codes like C5 are).
                weak = needs_context or (len(key) == 1 and len(key[0]) <= 2 and not key[0].isascii())
                entries.append(AliasEntry(ent.entity_id, weak))
                self.max_tokens = max(self.max_tokens, len(key))
                self.first_tokens.add(key[0])

    def lookup(self, key: tuple[str, ...]) -> list[AliasEntry]:
        """Entities named by a folded token sequence (empty list when none)."""
        return self.index.get(key, [])

    def __getitem__(self, entity_id: str) -> GazetteerEntity:
        return self.entities[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities


def build_gazetteer(curated: Iterable[Mapping[str, object]] = ()) -> Gazetteer:
    """Merge CLDR countries with curated rows (curated rows extend a country with the same id)."""
    entities = {e.entity_id: e for e in cldr_countries()}
    for extra in parse_curated(curated):
        base = entities.get(extra.entity_id)
        entities[extra.entity_id] = _merge(base, extra) if base else extra
    for ent in entities.values():
        if not ent.name_ar:
            raise GazetteerError(f"gazetteer entity {ent.entity_id}: no Arabic name (name_ar)")
    return Gazetteer(entities=dict(sorted(entities.items())))


def gazetteer_from_frame(frame: object) -> Gazetteer:
    """Build the gazetteer from the curated table as a pandas DataFrame (as the runner passes it)."""
    records = frame.to_dict(orient="records")  # type: ignore[attr-defined]
    return build_gazetteer(records)


_SHARED: dict[tuple[tuple[str, ...], tuple[tuple[object, ...], ...]], Gazetteer] = {}


def shared_gazetteer(frame: object) -> Gazetteer:
    """The gazetteer of a curated table, built once per process for equal tables (steps run once per batch).

    The returned gazetteer is shared: callers must not change it.
    """
    key = (
        tuple(map(str, frame.columns)),  # type: ignore[attr-defined]
        tuple(frame.itertuples(index=False, name=None)),  # type: ignore[attr-defined]
    )
    gaz = _SHARED.get(key)
    if gaz is None:
        if len(_SHARED) >= 4:  # a handful of distinct tables per process at most
            _SHARED.clear()
        gaz = _SHARED[key] = gazetteer_from_frame(frame)
    return gaz
