"""EPUB books and news bundles (zip + OPF spine + XHTML, read with zipfile and lxml): a document per chapter.

Each spine item with text becomes a document named by the table of contents; its XHTML goes
through the same main-text extraction as an .html file. Covers, title pages and other items
of a few words are left out. Nothing referenced from outside the book is loaded.
"""
from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from reader.documents import decode_bytes, html_main_text
from reader.errors import RefusedFile
from reader.formats.common import clean_text, make_document, open_zip, read_bytes, to_iso
from reader.models import SourceDocument

MIN_WORDS = 30  # fewer: a cover, a title page, a list of contents
_HTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})


def read(file: Path) -> Iterator[SourceDocument]:
    archive = open_zip(read_bytes(file), file, "EPUB book")
    with archive:
        names = set(archive.namelist())

        def xml(name: str):
            if name not in names:
                raise RefusedFile(str(file), f"is not a readable EPUB book: {name} is missing")
            return _parse_xml(archive.read(name))

        container = xml("META-INF/container.xml")
        rootfile = next(iter(container.xpath("//*[local-name()='rootfile']/@full-path")), None)
        if not rootfile:
            raise RefusedFile(str(file), "is not a readable EPUB book: its container names no package file")
        opf = xml(rootfile)
        base = posixpath.dirname(rootfile)
        book = {name: _first(opf, f"//*[local-name()='metadata']/*[local-name()='{name}']")
                for name in ("title", "creator", "date", "publisher")}
        manifest = {item.get("id"): item for item in opf.xpath("//*[local-name()='manifest']/*[local-name()='item']")}
        labels = _toc_labels(opf, manifest, base, xml, names)
        count = 0
        for itemref in opf.xpath("//*[local-name()='spine']/*[local-name()='itemref']"):
            item = manifest.get(itemref.get("idref"))
            if item is None or item.get("media-type") not in _HTML_TYPES or "nav" in (item.get("properties") or "").split():
                continue
            name = _resolve(base, item.get("href", ""))
            if name not in names:
                continue
            text, title, published = html_main_text(decode_bytes(archive.read(name)))
            text = clean_text(text)
            if len(text.split()) < MIN_WORDS:
                continue
            count += 1
            chapter_title = labels.get(name) or (title if title and title != book["title"] else None)
            yield make_document(
                file, text, part=item.get("id"),
                title=chapter_title, fallback_title=f"{book['title'] or file.stem}, part {count}",
                published=to_iso(book["date"]) or published,
                meta={"book": book["title"], "author": book["creator"], "publisher": book["publisher"],
                      "chapter": name},
            )
    if not count:
        raise RefusedFile(str(file), "has no chapter with text in it")


def _parse_xml(data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    root = etree.fromstring(data, parser)
    if root is None:
        raise ValueError("not XML")
    return root


def _first(tree, path: str) -> str | None:
    for node in tree.xpath(path):
        if text := " ".join("".join(node.itertext()).split()):
            return text
    return None


def _resolve(base: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(base, unquote(href.split("#", 1)[0])))


def _toc_labels(opf, manifest: dict, base: str, xml, names: set[str]) -> dict[str, str]:
    """Chapter file -> its label in the table of contents (EPUB 3 nav, else EPUB 2 NCX)."""
    labels: dict[str, str] = {}
    nav = next((i for i in manifest.values() if "nav" in (i.get("properties") or "").split()), None)
    toc_id = next(iter(opf.xpath("//*[local-name()='spine']/@toc")), None)
    if nav is not None and (name := _resolve(base, nav.get("href", ""))) in names:
        for link in xml(name).xpath("//*[local-name()='nav']//*[local-name()='a'][@href]"):
            label = " ".join("".join(link.itertext()).split())
            labels.setdefault(_resolve(posixpath.dirname(name), link.get("href")), label)
    elif toc_id in manifest and (name := _resolve(base, manifest[toc_id].get("href", ""))) in names:
        for point in xml(name).xpath("//*[local-name()='navPoint']"):
            label = _first(point, "./*[local-name()='navLabel']")
            src = next(iter(point.xpath("./*[local-name()='content']/@src")), None)
            if label and src:
                labels.setdefault(_resolve(posixpath.dirname(name), src), label)
    return {k: v for k, v in labels.items() if v}
