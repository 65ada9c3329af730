"""One export as the window asks for it (File → Export…): what, where, and how it went. It runs in a
process of its own (`reader.child_process`): writing 800,000 mentions or a vault is seconds of Python that a
thread of the window's process would take from the window."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reader.child_process import run_in_child
from reader.errors import Cancelled, ReaderError

# kind -> (what the status bar calls it, suggested file name, file dialog pattern)
FILES = {
    "entities": ("entities", "entities.csv", "CSV (*.csv)"),
    "mentions": ("mentions", "mentions.csv", "CSV (*.csv)"),
    "graphml": ("the graph", "graph.graphml", "GraphML (*.graphml)"),
    "gexf": ("the graph", "graph.gexf", "GEXF (*.gexf)"),
    "md": ("notes", "notes.md", "Markdown (*.md)"),
    "csv": ("notes", "notes.csv", "CSV (*.csv)"),
    "json": ("notes", "notes.json", "W3C Web Annotation JSON (*.json)"),
    "dossier": ("the dossier", "dossier.md", "Markdown (*.md)"),
}


@dataclass(frozen=True)
class ExportRequest:
    """One export: its kind (a FILES key or "vault"), where, and for a graph or a dossier what of it."""

    kind: str
    path: Path
    graph: dict = field(default_factory=dict)  # graph_file's min_weight, labels, top and stories
    entity_id: int | None = None


@dataclass(frozen=True)
class Exported:
    request: ExportRequest
    summary: str = ""  # "1,234 entities"
    cancelled: bool = False
    in_place: bool = False  # a vault brought up to date file by file (a cancel keeps the files already written)


def run_export(library, request: ExportRequest, progress, cancelled) -> Exported:
    """Write one export (on a runner lane): every file whole or not at all; a cancel leaves the target as it was."""
    from reader.atomic_write import atomic_output, write_atomically
    from reader.exports import entities_csv, graph_file, mentions_csv

    kind, path = request.kind, request.path
    in_place = kind == "vault" and path.is_dir() and any(path.iterdir())
    try:
        if kind == "vault":
            report = write_vault(library, path, progress, cancelled)
            return Exported(request, f"{report.documents:,} documents and {report.entities:,} entities",
                            in_place=in_place)
        progress(0, 0, f"Exporting {FILES[kind][0]}…")
        if kind in ("entities", "mentions"):
            write = entities_csv if kind == "entities" else mentions_csv
            with atomic_output(path) as out:
                rows = write(library, out, progress=progress, cancelled=cancelled)
                _check(cancelled)
            return Exported(request, f"{rows:,} {kind}")
        if kind in ("graphml", "gexf"):
            with atomic_output(path, binary=True) as out:
                nodes, edges = graph_file(library, out, kind, **request.graph)
                _check(cancelled)  # the graph is made in one go: a cancel meanwhile keeps the file from being replaced
            return Exported(request, f"{nodes:,} entities and {edges:,} links")
        if kind == "dossier":
            text = library.notes.dossier(request.entity_id)
        else:
            text = library.notes.export(kind)
        _check(cancelled)
        write_atomically(path, text)
        return Exported(request, FILES[kind][0])
    except Cancelled:
        return Exported(request, cancelled=True, in_place=in_place)


def _check(cancelled) -> None:
    if cancelled():
        raise Cancelled("export cancelled")


def vault_folder(chosen: Path) -> Path:
    """Where a vault goes: the chosen folder when it is empty or holds an earlier vault; else a new folder
    "Reader vault" inside it (a vault never spreads its files among someone's other files)."""
    from reader.exports.vault import MANIFEST

    try:
        if not chosen.is_dir() or (chosen / MANIFEST).is_file() or not any(chosen.iterdir()):
            return chosen
    except OSError:
        return chosen  # the export says what is wrong with it
    return chosen / "Reader vault"


def write_vault(library, folder: Path, progress, cancelled):
    """A vault into `folder`. A new (or empty) folder is filled beside it and put in place once complete, so a
    cancel or a failure leaves it as it was; an earlier vault is brought up to date file by file."""
    from reader.exports import VaultReport, export_vault

    folder = Path(folder)
    if folder.is_dir() and any(folder.iterdir()):
        return export_vault(library, folder, progress, cancelled)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    except OSError as error:
        raise ReaderError(f"{folder}: cannot make the vault's folder ({error.strerror or error})") from error
    try:
        report = export_vault(library, staging, progress, cancelled)
        if folder.is_dir():
            folder.rmdir()  # empty: the complete vault takes its place
        os.replace(staging, folder)
    except OSError as error:
        raise ReaderError(f"{folder}: cannot put the vault in place ({error.strerror or error})") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when it was put in place
    return VaultReport(folder, report.documents, report.entities, report.removed)


def export_in_process(library_path: str | Path, request: ExportRequest, progress, cancelled) -> Exported:
    """`run_export` in a child process."""
    return run_in_child(library_path, _export, request, name="reader-export", what="The export",
                        kept="The file it was writing is left as it was.", progress=progress, cancelled=cancelled)


def _export(library, request: ExportRequest, progress, stopped, changed) -> Exported:
    return run_export(library, request, progress, stopped)
