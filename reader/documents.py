"""Reading files from disk into SourceDocuments: which files, encoding, HTML main text, title, date."""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from reader import clutter, dates
from reader.errors import RefusedFile
from reader.models import Refusal, SourceDocument

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MAX_FILE_BYTES: int = 20 * 1024 * 1024
_HTML_SUFFIXES = frozenset({".html", ".htm"})

_OTHER_LETTER = r"[^\W\d_A-Za-z\u00c0-\u024f]"  # a letter of a script other than Latin
_NON_LATIN_WORD = re.compile(rf"{_OTHER_LETTER}+")
_GLUED = re.compile(rf"[A-Za-z]{_OTHER_LETTER}|{_OTHER_LETTER}[A-Za-z]")


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Refusal]]:
    """Expand files and folders into the readable files they hold, and refuse the rest.

    Folders are walked recursively in sorted order; inside them hidden entries and
    unsupported files are skipped silently. Paths are absolute, resolved, unique.
    """
    files: list[Path] = []
    refusals: list[Refusal] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path not in seen:
            seen.add(path)
            files.append(path)

    for given in paths:
        path = Path(given).expanduser().resolve()
        if path.is_dir():
            found, unreadable = _walk_folder(path)
            for file in found:
                add(file)
            refusals.extend(Refusal(str(p), "this folder cannot be read") for p in unreadable)
        elif not path.exists():
            refusals.append(Refusal(str(path), "does not exist"))
        elif not path.is_file():
            refusals.append(Refusal(str(path), "is not a regular file"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            refusals.append(Refusal(str(path), _unsupported_reason(path)))
        else:
            add(path)
    return files, refusals


def read_document(path: str | Path) -> SourceDocument:
    """Read one file into a SourceDocument, or raise RefusedFile saying why it cannot be."""
    name, file = str(path), Path(path).expanduser()
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RefusedFile(name, _unsupported_reason(file))
    try:
        if not file.is_file():
            raise RefusedFile(name, "is not a regular file" if file.exists() else "does not exist")
        if (size := file.stat().st_size) <= MAX_FILE_BYTES:
            data = file.read_bytes()
    except PermissionError:
        raise RefusedFile(name, "cannot be read: permission denied") from None
    except OSError as error:
        raise RefusedFile(name, f"cannot be read: {error.strerror or error}") from None
    if size > MAX_FILE_BYTES:
        raise RefusedFile(name, f"is {_mb(size)} MB, over the {_mb(MAX_FILE_BYTES)} MB limit")
    if not data:
        raise RefusedFile(name, "is empty (0 bytes)")
    text = _decode_html_bytes(data) if suffix in _HTML_SUFFIXES else decode_bytes(data)
    if _looks_binary(text):
        raise RefusedFile(name, "is not a text file (binary data or an unknown encoding)")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RefusedFile(name, "contains only whitespace")
    if suffix in _HTML_SUFFIXES:
        text, title, published = _read_html(text)
        if not text.strip():
            raise RefusedFile(name, "no article text was found in this HTML page")
    else:
        title, published = clutter.title(text, markdown=suffix in (".md", ".markdown")), dates.text_date(text)
    return SourceDocument(
        path=str(file.resolve()),
        title=clutter.shorten(" ".join((title or "").split())) or file.stem,
        published=published,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=len(text.split()),
    )


def decode_bytes(data: bytes) -> str:
    """Decode file bytes: a UTF BOM, else strict UTF-8, else a detected legacy encoding.

    The BOM is removed. Never raises: bytes that are not text come back with NUL,
    control or replacement characters in them, which read_document refuses.
    """
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in data:  # binary: keep the NULs visible to the caller
            return data.decode("utf-8", errors="replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
        best = None  # UTF-16 without a BOM and without NULs: a misreading of short text
    if best is not None and (words := len(_NON_LATIN_WORD.findall(decoded := str(best)))):
        # a real non-Latin text does not glue its letters to ASCII ones ("cafй", "naﺅve")
        if len(_GLUED.findall(decoded)) <= 0.05 * words:
            return decoded
    # Short Western texts are often taken for another Latin code page by the detector:
    # prefer cp1252, the commonest legacy encoding, whenever it fits.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return str(best) if best is not None else data.decode("latin-1")


# -- files ------------------------------------------------------------------------------

def _walk_folder(folder: Path) -> tuple[list[Path], list[Path]]:
    found: list[Path] = []
    unreadable: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=lambda e: unreadable.append(Path(e.filename))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(root, name)
            if not name.startswith(".") and path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
                found.append(path.resolve())
    return found, unreadable


def _unsupported_reason(path: Path) -> str:
    kind = f"'{path.suffix}' files" if path.suffix else "files without an extension"
    return f"{kind} are not supported (Reader opens {', '.join(sorted(SUPPORTED_SUFFIXES))})"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


# -- decoding ---------------------------------------------------------------------------

def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:65536]
    bad = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v")
              or "\x7f" <= c <= "\x9f")
    return bad > 0.05 * max(len(sample), 1)


def _decode_html_bytes(data: bytes) -> str:
    """HTML bytes: a BOM or valid UTF-8 first, then the page's declared charset, then detection."""
    declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.IGNORECASE)
    if declared and b"\x00" not in data and not _is_utf8(data):
        with contextlib.suppress(LookupError, UnicodeDecodeError):  # LookupError: not a text codec
            return data.decode(declared.group(1).decode("ascii"))
    return decode_bytes(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- HTML -------------------------------------------------------------------------------

def _read_html(html: str) -> tuple[str, str | None, str | None]:
    """Main text (paragraphs separated by blank lines), title, ISO date; never touches the network."""
    import trafilatura
    from trafilatura.xml import xmltotxt

    text, title, published = "", None, None
    try:  # a string, never a URL: nothing is fetched (htmldate only reads the tree)
        found = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # a parser failure on a hostile page must not stop an import
        found = None
    if found is not None:
        blocks = [xmltotxt(child, False).strip() for child in (found.body if found.body is not None else [])]
        text = "\n\n".join("\n".join(line.rstrip() for line in b.split("\n")) for b in blocks if b)
        title, published = found.title, dates.iso_date(found.date)
    if text.strip() and title and published:
        return text, title, published
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    except Exception:  # nothing lxml can parse: nothing to fall back on
        return text, title, published
    if not text.strip():
        text = _body_text(tree)
    return text, title or _html_title(tree), published or _html_date(tree)


def _body_text(tree) -> str:
    from lxml import etree

    body = tree.find("body")
    if body is None:
        return ""
    for node in body.xpath("//script|//style|//noscript|//template|//iframe|//svg|//nav|//form"
                           "|//button|//select|//comment()|//processing-instruction()"):
        if node.getparent() is not None:
            node.drop_tree()  # keeps the text that follows the node
    pieces = []
    for event, node in etree.iterwalk(body, events=("start", "end")):
        if isinstance(node.tag, str) and node.tag in _BLOCK_TAGS:
            pieces.append("\x00")
        if event == "start" and node.text and isinstance(node.tag, str):
            pieces.append(node.text)
        if event == "end" and node.tail and node is not body:
            pieces.append(node.tail)
    paragraphs = (" ".join(p.split()) for p in "".join(pieces).split("\x00"))
    return "\n\n".join(p for p in paragraphs if p)


_BLOCK_TAGS = frozenset("p div br h1 h2 h3 h4 h5 h6 li ul ol blockquote pre tr table section "
                        "article header footer aside main figure figcaption dd dt hr".split())


def _html_title(tree) -> str | None:
    for value in tree.xpath("//head/title/text()") + tree.xpath("//meta[@property='og:title']/@content"):
        if value.strip():
            return value
    return None


def _html_date(tree) -> str | None:
    for value in tree.xpath("//meta[@property='article:published_time']/@content"
                            "|//meta[@name='date']/@content|//time/@datetime"):
        if found := dates.iso_date(value[:10]):
            return found
    return None
