"""Pulling releases over HTTP (a real server on loopback): verified, cached, queried; bad downloads leave nothing."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from release_helpers import RedirectHandler, ShortReadHandler, SlowHandler, files_under, mini_project, serve
from typer.testing import CliRunner

import akhbar
from akhbar.access.api import run_sql
from akhbar.cli import app
from akhbar.package.publish import release
from akhbar.package.pull import PullError, pull

NAME = "akhbar-news"
DESCRIPTOR = "datapackage.json"
ZIP = f"{NAME}-0.1.0.zip"
CSV = "data/articles.csv"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ folder with version 0.1.0 published (folder, zip, SHA256SUMS)."""
    project = mini_project(tmp_path_factory.mktemp("pull") / "project")
    release(project, validate=False)  # validation is covered by its own tests and test_versioning
    return project / "dist"


@pytest.fixture
def served(dist: Path, tmp_path: Path) -> Path:
    """A private copy of dist/ to serve (and to tamper with)."""
    return Path(shutil.copytree(dist, tmp_path / "www"))


def test_pull_zip_then_query_then_pull_again_is_a_no_op(served: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    with serve(served) as base:
        first = pull(f"{base}/{ZIP}", cache_dir=cache)
        assert first.downloaded and first.path == cache / NAME / "0.1.0" and first.version == "0.1.0"
        stamp = {p: p.stat().st_mtime_ns for p in files_under(cache)}
        again = pull(f"{base}/{ZIP}", cache_dir=cache)
        assert not again.downloaded and again.path == first.path
        assert {p: p.stat().st_mtime_ns for p in files_under(cache)} == stamp
    # queried from the cache after the server is gone
    con = akhbar.connect(version="0.1.0", cache_dir=cache, project=tmp_path)
    assert con.execute("select count(*) from articles").fetchone()[0] == 5
    assert con.execute("select typeof(published), typeof(n_words) from articles limit 1").fetchone() == (
        "DATE",
        "BIGINT",
    )
    assert (first.path / "akhbar-news.duckdb").is_file() and (first.path / "SHA256SUMS").is_file()


def test_pull_descriptor_url_fetches_every_file_and_is_queried(served: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    with serve(served) as base:
        url = f"{base}/{NAME}/0.1.0/datapackage.json"
        result = pull(url, cache_dir=cache)
        assert result.downloaded
        names = {p.relative_to(result.path).as_posix() for p in files_under(result.path)}
        assert {CSV, "data/articles.parquet", "akhbar-news.duckdb", "load.sql", "SHA256SUMS", "CHANGELOG.md"} <= names
        assert not pull(url, cache_dir=cache).downloaded
        # a folder URL and --version pick the same release
        assert pull(f"{base}/{NAME}/", version="0.1.0", cache_dir=cache).path == result.path
        answer = run_sql("select article_id from articles order by 1 limit 1", release=url, cache_dir=cache)
        assert answer.rows == [("000_1e39a1e11d7186f3",)]


def assert_refused_and_clean(source: str, cache: Path, failing: str, reason: str) -> None:
    """The pull fails naming ``failing`` and ``reason``, and leaves no file behind."""
    with pytest.raises(PullError) as info:
        pull(source, cache_dir=cache)
    message = str(info.value)
    assert failing in message and reason in message, message
    assert files_under(cache) == []


def test_tampered_file_is_refused_and_nothing_is_left(served: Path, tmp_path: Path):
    csv_path = served / NAME / "0.1.0" / CSV
    data = bytearray(csv_path.read_bytes())
    data[-2] = ord("X") if data[-2] != ord("X") else ord("Y")  # same size, different content
    csv_path.write_bytes(bytes(data))
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{NAME}/0.1.0/datapackage.json", tmp_path / "cache", CSV, "hash mismatch")


def test_truncated_file_is_refused_and_nothing_is_left(served: Path, tmp_path: Path):
    parquet = served / NAME / "0.1.0" / "data" / "articles.parquet"
    parquet.write_bytes(parquet.read_bytes()[:100])
    with serve(served) as base:
        assert_refused_and_clean(
            f"{base}/{NAME}/0.1.0/datapackage.json", tmp_path / "cache", "data/articles.parquet", "truncated"
        )


def test_truncated_download_is_refused_and_nothing_is_left(served: Path, tmp_path: Path):
    with serve(served, ShortReadHandler) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", ZIP, "download truncated")
        assert_refused_and_clean(
            f"{base}/{NAME}/0.1.0/datapackage.json", tmp_path / "cache", "datapackage.json", "truncated"
        )


def test_truncated_zip_on_the_server_is_refused(served: Path, tmp_path: Path):
    archive = served / ZIP
    archive.write_bytes(archive.read_bytes()[:-500])
    (served / f"{ZIP}.sha256").unlink()
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", ZIP, "not a readable zip")


def test_zip_that_differs_from_its_checksum_is_refused(served: Path, tmp_path: Path):
    (served / f"{ZIP}.sha256").write_text("0" * 64 + f"  {ZIP}\n", encoding="utf-8")
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", ZIP, "altered")


def repack(source: Path, dest: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A copy of a release zip with extra entries."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        for entry, data in extra:
            out.writestr(entry, data)
    return dest


def test_path_traversal_archive_is_refused(served: Path, tmp_path: Path):
    evil = repack(served / ZIP, served / "evil.zip", [(f"{NAME}-0.1.0/../../escaped.txt", b"gotcha")])
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{evil.name}", tmp_path / "cache", "escaped.txt", "unsafe entry")
    assert not any(p.name == "escaped.txt" for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("entry", ["/etc/akhbar-absolute.txt", "link"])
def test_absolute_paths_and_links_in_archives_are_refused(served: Path, tmp_path: Path, entry: str):
    if entry == "link":
        info = zipfile.ZipInfo(f"{NAME}-0.1.0/data/link.csv")
        info.external_attr = 0o120777 << 16  # a symbolic link
        extra = [(info, b"/etc/passwd")]
        reason = "symbolic link"
    else:
        extra, reason = [(entry, b"x")], "unsafe entry"
    bad = repack(served / ZIP, tmp_path / "bad.zip", extra)
    assert_refused_and_clean(str(bad), tmp_path / "cache", "bad.zip", reason)


def test_archive_over_the_size_cap_is_refused(served: Path, tmp_path: Path):
    with pytest.raises(PullError, match="limit"):
        pull(served / ZIP, cache_dir=tmp_path / "cache", max_bytes=10_000)
    assert files_under(tmp_path / "cache") == []


def test_local_folder_pull_and_version_check(served: Path, tmp_path: Path):
    folder = served / NAME / "0.1.0"
    with pytest.raises(PullError, match="version 0.2.0 was asked for"):
        pull(folder, version="0.2.0", cache_dir=tmp_path / "cache")
    assert files_under(tmp_path / "cache") == []
    assert pull(folder, version="0.1.0", cache_dir=tmp_path / "cache").downloaded


def test_cli_pull_uses_the_cache_env_var(served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AKHBAR_CACHE_DIR", str(tmp_path / "envcache"))
    runner = CliRunner()
    with serve(served) as base:
        first = runner.invoke(app, ["pull", f"{base}/{ZIP}"])
        assert first.exit_code == 0, first.output
        assert "pulled and verified" in first.output and (tmp_path / "envcache" / NAME / "0.1.0").is_dir()
        second = runner.invoke(app, ["pull", f"{base}/{ZIP}"])
        assert second.exit_code == 0 and "already in the cache" in second.output
        missing = runner.invoke(app, ["pull", f"{base}/{NAME}-9.9.9.zip"])
        assert missing.exit_code == 1 and "HTTP 404" in missing.output
        query = runner.invoke(
            app,
            ["sql", "--release", "0.1.0", "--project", str(tmp_path), "--csv", "select count(*) as n from articles"],
        )
        assert query.exit_code == 0, query.output
        assert query.output.splitlines() == ["n", "5"]


def test_zip_without_sums_and_with_an_altered_duckdb_is_refused(served: Path, tmp_path: Path):
    import duckdb

    from akhbar.package.publish import write_zip

    folder = served / NAME / "0.1.0"
    for extra in ("SHA256SUMS", "CHANGELOG.md", "load.sql"):  # left: what datapackage.json lists
        (folder / extra).unlink()
    with duckdb.connect(str(folder / "akhbar-news.duckdb")) as con:
        con.execute("update articles set n_words = n_words + 1000")
    write_zip(folder, served / ZIP, f"{NAME}-0.1.0")
    (served / f"{ZIP}.sha256").unlink()  # no sidecar either: only the descriptor vouches for the files
    with serve(served) as base:
        with pytest.raises(PullError) as info:
            pull(f"{base}/{ZIP}", cache_dir=tmp_path / "cache")
    message = str(info.value)  # refused on its size when that changed, else on its hash
    assert "akhbar-news.duckdb" in message and ("altered" in message or "declared" in message), message
    assert files_under(tmp_path / "cache") == []


def _zip_with(served: Path, extra: dict[str, bytes]) -> None:
    """Rewrite the served release zip with extra entries (name in the archive -> bytes) added or replaced."""
    archive = served / ZIP
    with zipfile.ZipFile(archive) as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    entries.update(extra)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16  # a regular file, as a release zip's entries are
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    (served / f"{ZIP}.sha256").unlink()


@pytest.mark.parametrize("entry", ["run-me.sh", f"{NAME}-0.1.0/zeros.bin", f"{NAME}-0.1.0/data/more.csv"])
def test_zip_with_entries_the_release_does_not_list_is_refused(served: Path, tmp_path: Path, entry: str):
    _zip_with(served, {entry: b"#!/bin/sh\necho hello\n"})
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", entry, "not listed")


def test_zip_entry_larger_than_its_declared_bytes_is_refused_before_it_is_unpacked(served: Path, tmp_path: Path):
    declared = (served / NAME / "0.1.0" / CSV).stat().st_size
    _zip_with(served, {f"{NAME}-0.1.0/{CSV}": bytes(32 << 20)})  # 32 MiB of zeros, a few kB compressed
    with serve(served) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", CSV, f"more than its declared {declared} bytes")


def test_the_whole_pull_has_a_deadline_naming_what_was_left(served: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    # every file answers in 0.3 s, far within the per-file deadline; the release's files together take longer
    with serve(served, SlowHandler) as base:
        url = f"{base}/{NAME}/0.1.0/datapackage.json"
        with pytest.raises(PullError) as info:
            pull(url, cache_dir=cache, deadline_s=1.0)
        message = str(info.value)
        assert "1-second deadline" in message and "AKHBAR_PULL_DEADLINE" in message, message
        left = message.split("not downloaded: ")[1]
        assert any(name in left for name in (DESCRIPTOR, "data/", ".duckdb")), message  # the files not reached
        assert files_under(cache) == []
        assert pull(url, cache_dir=cache, deadline_s=60).downloaded  # the same pull with time enough


def test_the_pull_deadline_setting_is_read_from_the_environment(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("AKHBAR_PULL_DEADLINE", "0.5")
    with serve(served, SlowHandler) as base:
        assert_refused_and_clean(f"{base}/{ZIP}", tmp_path / "cache", ZIP, "0.5-second deadline")
    monkeypatch.setenv("AKHBAR_PULL_DEADLINE", "-1")
    with pytest.raises(PullError, match="AKHBAR_PULL_DEADLINE"):
        pull(str(served / ZIP), cache_dir=tmp_path / "cache")


def test_a_pull_redirected_to_another_server_is_refused_unless_allowed(served: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    runner = CliRunner()
    with serve(served, RedirectHandler) as base:
        port = base.rsplit(":", 1)[1]
        assert pull(f"{base}/to/127.0.0.1:{port}/{ZIP}", cache_dir=cache).downloaded  # same server: followed
        shutil.rmtree(cache)
        moved = f"{base}/to/localhost:{port}/{ZIP}"
        hint = f"--allow-origin http://localhost:{port}"
        assert_refused_and_clean(moved, cache, "redirected to another server", hint)
        refused = runner.invoke(app, ["pull", moved, "--cache-dir", str(cache)])
        assert refused.exit_code == 1 and "another server" in refused.output
        allowed = runner.invoke(app, ["pull", moved, "--cache-dir", str(cache), *hint.split()])
        assert allowed.exit_code == 0 and "pulled and verified" in allowed.output, allowed.output
