"""Extractors: entities and their mentions, figures, quotes; each a pure function of one article."""
