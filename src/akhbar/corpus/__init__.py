"""Raw inputs to articles: reading and checking input files, and cleaning each article's text."""
