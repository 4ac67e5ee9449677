"""akhbar: Arabic news articles as a validated, versioned data package queried with DuckDB."""

__version__ = "0.1.0"
