"""Helpers for the release tests: a one-table copy of the project, raw folders that differ, a loopback HTTP server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# An extra article written for these tests (not a real news text).
NEW_ARTICLE = (
    "أعلنت وزارة الخارجية في أستانا أن وفدا من رجال الأعمال سيزور بكين الشهر المقبل.\n"
    "وقال المتحدث باسم الوزارة إن الزيارة تهدف إلى توسيع التعاون في مجالي الطاقة والنقل.\n"
)


def mini_project(dest: Path) -> Path:
    """A copy of the project that publishes only the articles table (stable while other tables are written)."""
    dest.mkdir(parents=True)
    (dest / "schemas").mkdir()
    (dest / "pipelines").mkdir()
    shutil.copytree(ROOT / "raw", dest / "raw")
    shutil.copy(ROOT / "schemas" / "articles.schema.json", dest / "schemas")
    shutil.copy(ROOT / "pipelines" / "articles.py", dest / "pipelines")
    if (ROOT / "reference").is_dir():
        shutil.copytree(ROOT / "reference", dest / "reference")
    desc = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    desc["version"] = "0.1.0"
    desc["resources"] = [r for r in desc["resources"] if r["name"] == "articles"]
    (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return dest


def raw_variant(
    dest: Path, drop: tuple[str, ...] = (), append: dict[str, str] | None = None, add: dict[str, str] | None = None
) -> Path:
    """A copy of raw/ with articles dropped (and their sources.csv rows), text appended, or new articles added."""
    shutil.copytree(ROOT / "raw", dest)
    for name in drop:
        (dest / name).unlink()
    sources = dest / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines()
    sources.write_text("\n".join(line for line in lines if line.split(",")[0] not in drop) + "\n", encoding="utf-8")
    for name, text in (append or {}).items():
        path = dest / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    for name, text in (add or {}).items():
        (dest / name).write_text(text, encoding="utf-8")
        with open(sources, "a", encoding="utf-8") as fh:
            fh.write(f"{name},,,\n")
    return dest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class ShortReadHandler(QuietHandler):
    """Announces the full Content-Length of every file but sends only its first half (a broken connection)."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().do_GET()
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.close_connection = True


class HostileHandler(QuietHandler):
    """Serves the folder, plus `/endless...` (zeros without a length, up to 64 MiB) and `/trickle...` (a byte each 0.1 s, 300 at most)."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if not self.path.startswith(("/endless", "/trickle")):
            return super().do_GET()
        self.send_response(200)
        self.end_headers()
        endless = self.path.startswith("/endless")
        chunk, count = (b"0" * (1 << 16), 1024) if endless else (b"0", 300)
        try:
            for _ in range(count):  # bounded, so a client that never stops still ends the test
                self.wfile.write(chunk)
                self.wfile.flush()
                if not endless:
                    time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class RedirectHandler(QuietHandler):
    """Serves the folder, plus `/to/HOST:PORT/PATH`: a 302 redirect to `http://HOST:PORT/PATH`."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if not self.path.startswith("/to/"):
            return super().do_GET()
        self.send_response(302)
        self.send_header("Location", "http://" + self.path.removeprefix("/to/"))
        self.send_header("Content-Length", "0")
        self.end_headers()


class SlowHandler(QuietHandler):
    """Serves the folder, each response after 0.3 s: every file is quick, a release of many is not."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        time.sleep(0.3)
        super().do_GET()


@contextlib.contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``folder`` over HTTP on a free loopback port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def files_under(folder: Path) -> list[Path]:
    """Every file below ``folder`` (none if it does not exist)."""
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
