"""The release page: one self-contained, offline index.html per release, with charts drawn at build time."""

from akhbar.report.render import REPORT_FILE, ReportError, page_html, render_report, write_page

__all__ = ["REPORT_FILE", "ReportError", "page_html", "render_report", "write_page"]
