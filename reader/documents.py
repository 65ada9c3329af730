"""Text and HTML files read into SourceDocuments: encoding, HTML main text, title, date.

The readers of other formats (reader.formats: PDF, Word, e-mail, feeds...) use the HTML,
title and date helpers here.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from reader import clutter, dates
from reader.errors import RefusedFile
from reader.models import SourceDocument

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
MAX_FILE_BYTES: int = 20 * 1024 * 1024
_HTML_SUFFIXES = frozenset({".html", ".htm"})

_OTHER_LETTER = r"[^\W\d_A-Za-z\u00c0-\u024f]"  # a letter of a script other than Latin
_NON_LATIN_WORD = re.compile(rf"{_OTHER_LETTER}+")
_GLUED = re.compile(rf"[A-Za-z]{_OTHER_LETTER}|{_OTHER_LETTER}[A-Za-z]")


def shown_path(path: str | Path) -> str:
    """A path as text that can be stored and printed: a file name that is not valid UTF-8 (bytes
    from another system) has its stray bytes written as \\xNN. The same file always gives the
    same text, so it is recognised on the next import."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def read_document(path: str | Path) -> SourceDocument:
    """Read one text or HTML file into a SourceDocument, or raise RefusedFile saying why it cannot be."""
    name, file = shown_path(path), Path(path).expanduser()
    suffix = file.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        kind = f"'{file.suffix}' files" if file.suffix else "files without an extension"
        raise RefusedFile(name, f"{kind} are not read as text (text files are {', '.join(sorted(TEXT_SUFFIXES))})")
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
    text, warnings = _decode_html_bytes(data) if suffix in _HTML_SUFFIXES else decode_text(data)
    if _looks_binary(text):
        raise RefusedFile(name, "is not a text file (binary data or an unknown encoding)")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RefusedFile(name, "contains only whitespace")
    if suffix in _HTML_SUFFIXES:
        text, title, published = html_main_text(text)
        if not text.strip():
            raise RefusedFile(name, "no article text was found in this HTML page")
    else:
        title, published = clutter.title(text, markdown=suffix in (".md", ".markdown")), dates.text_date(text)
    if shown_path(file) != str(file):
        warnings.append("its file name is not valid UTF-8: stored as " + shown_path(file.name))
    return SourceDocument(
        path=shown_path(file.resolve()),
        title=clutter.shorten(" ".join((title or "").split())) or shown_path(file.stem),
        published=published,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=len(text.split()),
        warnings=tuple(warnings),
    )


def decode_bytes(data: bytes) -> str:
    """Decode file bytes: a UTF BOM, else UTF-8, else a detected legacy encoding (see decode_text)."""
    return decode_text(data)[0]


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes, and say what had to be replaced.

    A UTF BOM decides (and is removed); else UTF-8 when the bytes are UTF-8, or nearly so: a
    UTF-8 text with a few stray bytes keeps its UTF-8 and only those bytes become U+FFFD (with a
    warning), rather than the whole text being misread as a legacy encoding. Else the encoding is
    detected. Never raises: bytes that are not text come back with NUL, control or replacement
    characters in them, which read_document refuses.
    """
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        if b"\x00" in data:  # binary: keep the NULs visible to the caller
            return data.decode("utf-8", errors="replace"), []
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly
    return _detected(data), []


def _nearly_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with stray bytes, when it has at least as many valid non-ASCII characters as stray
    bytes (a legacy 8-bit text has hardly any valid UTF-8 sequence): each stray byte -> U+FFFD."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = [m.start() for m in _STRAY.finditer(text)]
    valid = len(_NON_ASCII.findall(text)) - len(stray)
    if not stray or valid < len(stray):
        return None
    places = []
    for index in stray[:3]:
        line = text.count("\n", 0, index) + 1
        places.append(f"byte 0x{ord(text[index]) - 0xDC00:02X} on line {line}")
    more = f" and {len(stray) - 3} more" if len(stray) > 3 else ""
    count = f"{len(stray)} byte{'s' if len(stray) != 1 else ''}"
    warning = (f"not valid UTF-8 in {count} ({', '.join(places)}{more}): read as UTF-8 with"
               " each such byte replaced by “\ufffd”")
    return _STRAY.sub("\ufffd", text), [warning]


_STRAY = re.compile("[\udc80-\udcff]")  # how surrogateescape decodes a byte that is not UTF-8
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _detected(data: bytes) -> str:
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


def _decode_html_bytes(data: bytes) -> tuple[str, list[str]]:
    """HTML bytes: a BOM or valid UTF-8 first, then the page's declared charset (a label browsers
    know, as the WHATWG Encoding standard maps it: "iso-8859-1" is windows-1252, "undefined" is
    nothing), then as any text file."""
    declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.IGNORECASE)
    if declared and b"\x00" not in data and not _is_utf8(data):
        import webencodings

        encoding = webencodings.lookup(declared.group(1).decode("ascii"))
        if encoding is not None and encoding.name not in ("utf-8", "utf-16le", "utf-16be", "replacement"):
            try:
                return encoding.codec_info.decode(data)[0], []
            except (UnicodeError, LookupError, ValueError):  # bytes the declared charset cannot have
                pass
    return decode_text(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# -- HTML -------------------------------------------------------------------------------

def html_main_text(html: str) -> tuple[str, str | None, str | None]:
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


def html_fragment_text(html: str) -> str:
    """The text of an HTML fragment that is all content (a feed item's body), paragraphs kept."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    except Exception:  # nothing lxml can parse: no text
        return ""
    return _body_text(tree)


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
