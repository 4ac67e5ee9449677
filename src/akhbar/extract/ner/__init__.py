"""A trained named-entity tagger for Arabic news (CRFsuite model trained on NewsFANE Gold, see model/MODEL_CARD.md).

``tag_spans(text)`` and ``tag_spans_batch(texts)`` give :class:`Span` s (start, end, type, surface) with
``text[start:end] == surface``; types are person, organization, country, location and group.
"""

from akhbar.extract.ner.tagger import CONFIDENCE_TYPES, NerTagger, Span, default_tagger, tag_spans, tag_spans_batch

__all__ = ["CONFIDENCE_TYPES", "NerTagger", "Span", "default_tagger", "tag_spans", "tag_spans_batch"]
