"""Currency names the Arabic press writes, mapped to ISO 4217 codes.

The base table comes from CLDR through babel (every Arabic display name and plural form, e.g. "دولار
أمريكي" -> USD, "جنيهات مصرية" -> EGP); curated aliases (reference/currencies.csv) add what CLDR lacks:
bare words ("دولار", "ريال"), other names ("رنمينبي", "تنغي") and symbols ("$"). A curated row may carry a
``cue``: a ``|``-separated list of country stems (regular expressions, matched at the start of a word after
its proclitics and article) for words that several currencies share ("جنيه": EGP or SDG), and ``default``
(``yes``) on the code the word means when the story names none of the countries. Such a word is resolved per
figure by :meth:`CurrencyAlias.resolve`: the story's country decides.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from babel import Locale

from akhbar.text.arabic import fold, trie_pattern


@dataclass(frozen=True)
class CurrencyAlias:
    """One written form (folded) and the ISO codes it may stand for, with the cue that selects each."""

    form: str
    choices: tuple[tuple[str, str], ...]  # (code, cue regex or "" for a code without cue)
    default: str | None = None  # the code when the story names none of the cues

    def resolve(self, context: str, story: str | None = None) -> str | None:
        """The ISO code for this form in a story (folded), given the folded text before the figure.

        The story's country decides: the candidate whose cue the whole story names most often, ties going to
        the one named last before the figure; none named, the default (a code without cue, or the row marked
        ``default``); no default, None.
        """
        if len(self.choices) == 1 and not self.choices[0][1]:
            return self.choices[0][0]
        story = context if story is None else story
        default = self.default
        counts: dict[str, int] = {}
        cues: dict[str, str] = {}
        for code, cue in self.choices:
            if not cue:
                default = default or code
                continue
            counts[code], cues[code] = _cue_count(cue, story), cue
        if not counts or max(counts.values()) == 0:
            return default
        # the most named wins; only a tie needs where each was named last before the figure
        best = max(counts.values())
        tied = [code for code in counts if counts[code] == best]
        if len(tied) == 1:
            return tied[0]
        return max(tied, key=lambda code: _last_start(cues[code], context))


# A story's figures resolve their forms against the same story: its cue counts are counted once per cue, for the
# story being read (measured: most of the figures of a Gulf story's riyals went to counting its cues again).
@functools.lru_cache(maxsize=64)
def _cue_count(cue: str, story: str) -> int:
    """How many times a cue's country is named in a folded story."""
    return len(_cue_starts(cue, story))


# The longest proclitic and article a cue's regex takes before a stem ("وب" or "لل", then "ال").
_MAX_CUE_PREFIX = 4


def _cue_starts(cue: str, text: str) -> list[int]:
    """Where the matches of a cue's regex start, as ``finditer`` finds them, in order.

    With plain stems the regex is tried only where a match can start, up to four characters before an occurrence of
    a stem, in order and each past the last match's end, as the scan reaches them: the scan itself tries every
    position of the text (a lookbehind opens the pattern), most of which hold no stem.
    """
    pattern, literals = _cue_re(cue), _cue_literals(cue)
    if literals is None:
        return [m.start() for m in pattern.finditer(text)]
    candidates: set[int] = set()
    for literal in literals:
        q = text.find(literal)
        while q >= 0:
            candidates.update(range(max(q - _MAX_CUE_PREFIX, 0), q + 1))
            q = text.find(literal, q + 1)
    starts: list[int] = []
    end = 0
    for p in sorted(candidates):
        if p >= end and (m := pattern.match(text, p)):
            starts.append(p)
            end = m.end()
    return starts


_NOT_BEFORE_WORD = r"(?!\w)"


@functools.lru_cache(maxsize=256)
def _cue_literals(cue: str) -> tuple[str, ...] | None:
    """Texts one of which every match of a cue holds: its stems, when each is a plain word (before a ``(?!\\w)`` at
    most); None when one is a pattern of its own."""
    stems = [stem.removesuffix(_NOT_BEFORE_WORD) for stem in cue.split("|")]
    if not all(stem and re.escape(stem) == stem.replace(" ", "\\ ") for stem in stems):
        return None
    return tuple(stems)


def _last_start(cue: str, context: str) -> int:
    """Where a cue's country is last named in the folded text before a figure (-1 where it is not)."""
    starts = _cue_starts(cue, context)
    return starts[-1] if starts else -1


@functools.lru_cache(maxsize=256)
def _cue_re(cue: str) -> re.Pattern[str]:
    """A cue's stems, each at the start of a word (after a proclitic and the article): "مصر" is not in "مصرف"."""
    return re.compile(rf"(?<!\w)(?:[وبلفك]|وب|ول|لل)?(?:ال)?(?:{cue})")


def cldr_currency_names(locale: str = "ar") -> pd.DataFrame:
    """Every CLDR display name and plural form of every currency in ``locale``: columns alias, code."""
    loc = Locale.parse(locale)
    rows = {(name, code) for code, name in loc.currencies.items()}
    for code, forms in loc._data["currency_names_plural"].items():  # babel has no public accessor for all forms
        rows.update((name, code) for name in dict(forms).values())
    # Labels ("(عملة غير معروفة)"), X-codes (metals such as ذهب، فضة, units of account) and one-word nisba
    # adjectives (أفغاني = Afghan) are not currency names the press writes after a number.
    rows = {
        (name, code)
        for name, code in rows
        if not name.startswith("(") and not code.startswith("X") and not (" " not in name and name.endswith("ي"))
    }
    return pd.DataFrame(sorted(rows), columns=["alias", "code"])


def inflections(form: str) -> set[str]:
    """Folded spellings of a name after a number: as is, and with the accusative alef on each word."""
    options = []
    for word in fold(form).split():
        alts = {word}
        if word[-1] not in "اهوي" or word.endswith("ي") and len(word) > 3:
            alts.add(word + "ا")  # "دولارا", "أمريكيا", "طنا"
        options.append(sorted(alts))
    return {" ".join(p) for p in itertools.product(*options)}


# Currency nouns the press qualifies with a nationality adjective, and their plurals (folded).
_NOUN_PLURALS: dict[str, tuple[str, ...]] = {
    "ريال": ("ريالات",), "دينار": ("دنانير", "دينارات"), "درهم": ("دراهم",), "جنيه": ("جنيهات",),
    "ليره": ("ليرات",), "دولار": ("دولارات",), "روبيه": ("روبيات",), "فرنك": ("فرنكات",), "شلن": ("شلنات",),
}  # fmt: skip


def qualified_forms(form: str) -> set[str]:
    """Folded spellings of "currency noun + nationality adjective": plural and definite agreement included.

    "ريال يمني" also gives "ريالات يمنيه" (a non-human plural takes a feminine singular adjective) and the
    definite "ريال اليمني" / "ريالات اليمنيه", which the matcher's optional leading ال turns into "الريالات
    اليمنية" ("بمليارات الريالات اليمنية"): the adjective decides the code and belongs to the span.
    """
    words = fold(form).split()
    if len(words) != 2 or words[0] not in _NOUN_PLURALS or not words[1].endswith(("ي", "يه")):
        return inflections(form)
    noun, adj = words
    fem = adj if adj.endswith("يه") else adj + "ه"
    forms = inflections(form)
    for n, a in ((noun, adj), *((pl, fem) for pl in _NOUN_PLURALS[noun])):
        forms |= {f"{n} {a}", f"{n} ال{a}"}
    return forms


def currency_table(aliases: pd.DataFrame | None = None, locale: str = "ar") -> dict[str, CurrencyAlias]:
    """Folded written form -> CurrencyAlias, from CLDR names merged with curated aliases (curated win)."""
    choices: dict[str, dict[str, str]] = {}
    for rec in cldr_currency_names(locale).itertuples(index=False):
        for form in qualified_forms(rec.alias):
            choices.setdefault(form, {})[rec.code] = ""
    curated: dict[str, dict[str, str]] = {}
    defaults: dict[str, str] = {}
    if aliases is not None:
        for rec in aliases.fillna("").itertuples(index=False):
            for form in qualified_forms(rec.alias) if re.search(r"\w", rec.alias) else {rec.alias}:
                curated.setdefault(form, {})[rec.code] = fold(rec.cue) if rec.cue else ""
                if getattr(rec, "default", "") == "yes":
                    defaults[form] = rec.code
    choices.update(curated)
    table = {}
    for form, codes in choices.items():
        if len(codes) > 1 and form not in curated:
            continue  # CLDR itself gives one name to two currencies: no way to tell them apart
        table[form] = CurrencyAlias(form, tuple(sorted(codes.items())), defaults.get(form))
    return table


def forms_pattern(forms: Iterable[str]) -> str:
    """A trie regex of folded multi-word forms (longest wins with a following ``(?!\\w)``); a space matches spaces."""
    pattern = trie_pattern(" ".join(f.split()) for f in forms)
    return pattern.replace(re.escape(" "), r"[^\S\n]+")
