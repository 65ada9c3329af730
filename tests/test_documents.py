"""Reading files into documents: which files, encodings, HTML main text, titles, dates, refusals."""
from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from reader import documents
from reader.documents import decode_bytes, read_document
from reader.formats import collect_files
from reader.errors import RefusedFile
from reader.paths import SEEDS_DIR as SEEDS  # the sample articles, shipped in the package


def write(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refusal_of(path: Path) -> RefusedFile:
    with pytest.raises(RefusedFile) as caught:
        read_document(path)
    assert str(path) in str(caught.value)  # the message names the file
    return caught.value


# -- the seed articles -------------------------------------------------------------------

SEED_EXPECTED = {
    "000_921d74831b875bee.txt": (
        "Armenia and Russia’s unwillingness or inability to ensure the withdrawal of the Armenian…",
        "2022-03-31",
    ),
    "001_44389988b1146c98.txt": (
        "Russian forces in Qarabagh violating their rules of engagement, Baku says", None),
    "002_3fb71bd0b7f49efc.txt": (
        "Analysts in Moscow and Baku assess the consequences of the withdrawal of peacekeepers "
        "from Karabakh",
        "2024-04-19",
    ),
    "003_942744ad2b73af30.txt": (
        "Fighting re-ignites between Azerbaijan and Armenia: Is Russia’s influence deteriorating?",
        None,
    ),
    "004_32adc1dd58a98b40.txt": ("Russia expresses concern over Azerbaijan-Armenia tensions", None),
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_reads_with_its_headline_and_date(name):
    document = read_document(SEEDS / name)

    assert (document.title, document.published) == SEED_EXPECTED[name]
    assert document.text == (SEEDS / name).read_text(encoding="utf-8")  # exactly as read
    assert document.path == str((SEEDS / name).resolve())
    assert document.content_hash == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    assert document.words == len(document.text.split())


def test_seed_word_counts():
    words = [read_document(SEEDS / name).words for name in sorted(SEED_EXPECTED)]
    assert words == [507, 701, 2225, 1157, 452]


# -- plain text as read ------------------------------------------------------------------

def test_crlf_and_lone_cr_become_newlines_and_nothing_else_changes(tmp_path):
    path = write(tmp_path, "a.txt", b"  Ceasefire talks resume\r\n\r\nBaku said so.\rYerevan agreed.  \r\n")

    document = read_document(path)

    assert document.text == "  Ceasefire talks resume\n\nBaku said so.\nYerevan agreed.  \n"
    assert document.text[document.text.index("Yerevan"):][:7] == "Yerevan"
    assert document.text.index("Yerevan") == 40


def test_offsets_match_between_crlf_and_lf_copies_of_a_file(tmp_path):
    lf = read_document(write(tmp_path, "lf.txt", "One two\n\nThree four\n"))
    crlf = read_document(write(tmp_path, "crlf.txt", "One two\r\n\r\nThree four\r\n"))
    assert crlf.text == lf.text
    assert crlf.content_hash == lf.content_hash


def test_utf8_bom_is_removed(tmp_path):
    document = read_document(write(tmp_path, "bom.txt", b"\xef\xbb\xbfTalks in Brussels resume\n"))
    assert document.text == "Talks in Brussels resume\n"
    assert document.title == "Talks in Brussels resume"


def test_cp1252_file_with_curly_quotes_and_accents_decodes_right(tmp_path):
    original = "“Café” owners in Baku said déjà vu – naïve hopes cost 5€.\n"
    document = read_document(write(tmp_path, "legacy.txt", original.encode("cp1252")))
    assert document.text == original


def test_cp1251_russian_file_decodes(tmp_path):
    original = "Переговоры в Баку продолжаются, сообщил МИД России.\n"
    assert read_document(write(tmp_path, "ru.txt", original.encode("cp1251"))).text == original


def test_utf16_file_with_bom_decodes(tmp_path):
    original = "Переговоры в Баку\n\nАрмения и Азербайджан.\n"
    document = read_document(write(tmp_path, "utf16.txt", original.encode("utf-16")))
    assert document.text == original
    assert document.title == "Переговоры в Баку"


def test_utf8_is_never_taken_for_a_legacy_encoding():
    assert decode_bytes("café Türkiye “quoted”".encode("utf-8")) == "café Türkiye “quoted”"
    assert decode_bytes("Straße".encode("latin-1")) == "Straße"


def test_decode_bytes_never_raises_on_binary():
    assert "\x00" in decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00")


# -- refusals ----------------------------------------------------------------------------

def test_empty_file_is_refused(tmp_path):
    assert "empty" in refusal_of(write(tmp_path, "empty.txt", b"")).reason


def test_whitespace_only_file_is_refused(tmp_path):
    assert "only whitespace" in refusal_of(write(tmp_path, "blank.md", b" \r\n\t\n  ")).reason


def test_binary_file_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    assert "not a text file" in refusal_of(write(tmp_path, "photo.txt", png)).reason


def test_control_character_soup_is_refused(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 50 + b"some words"
    assert "not a text file" in refusal_of(write(tmp_path, "odd.txt", data)).reason


def test_oversize_file_is_refused_with_its_size_and_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 1024 * 1024)
    path = write(tmp_path, "huge.txt", b"word " * (300 * 1024))  # 1.5 MiB
    assert refusal_of(path).reason == "is 1.5 MB, over the 1 MB limit"


def test_missing_file_and_folder_are_refused(tmp_path):
    assert refusal_of(tmp_path / "gone.txt").reason == "does not exist"
    (tmp_path / "folder.txt").mkdir()
    assert refusal_of(tmp_path / "folder.txt").reason == "is not a regular file"


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", "Hidden from you\n")

    def denied(self):  # chmod 0 does not stop root, who may run the tests
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert refusal_of(path).reason == "cannot be read: permission denied"


def test_unsupported_suffix_is_refused(tmp_path):
    assert "'.ods' files are not read as text" in refusal_of(write(tmp_path, "a.ods", "text")).reason


# -- HTML --------------------------------------------------------------------------------

HOSTILE = """<!DOCTYPE html>
<html><head><title>Site | Ceasefire holds</title>
<meta property="og:title" content="Ceasefire holds in Karabakh">
<meta property="article:published_time" content="2023-09-21T10:15:00+00:00">
<style>body { color: red }</style>
<script>alert(1); var leaked = "SCRIPTTEXT";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<!-- COMMENTTEXT -->
<article>
<h1>Ceasefire holds in Karabakh</h1>
<p>The ceasefire agreed on Wednesday held through the night, officials in Baku and Yerevan said.</p>
<img src=http://evil/x.png onerror="alert('IMGERR')">
<p>Russian peacekeepers reported no violations along the Lachin corridor, the ministry said.</p>
<iframe src="http://evil/frame">IFRAMETEXT</iframe>
<script>document.write("INLINESCRIPT")</script>
<p>Talks between the two sides are expected to resume next week in Brussels, diplomats said.</p>
</article>
</body></html>
"""
PARAGRAPHS = (
    "The ceasefire agreed on Wednesday held through the night, officials in Baku and Yerevan said.",
    "Russian peacekeepers reported no violations along the Lachin corridor, the ministry said.",
    "Talks between the two sides are expected to resume next week in Brussels, diplomats said.",
)
LEAKS = ("SCRIPTTEXT", "alert", "IMGERR", "IFRAMETEXT", "INLINESCRIPT", "color: red",
         "COMMENTTEXT", "<", "evil")


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("reading a document tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_hostile_html_gives_only_the_article_text(tmp_path, no_network):
    document = read_document(write(tmp_path, "page.html", HOSTILE))

    assert "\n\n".join(PARAGRAPHS) in document.text
    for leak in LEAKS:
        assert leak not in document.text
    assert document.title == "Ceasefire holds in Karabakh"
    assert document.published == "2023-09-21"
    assert document.content_hash == hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path, monkeypatch, no_network):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    document = read_document(write(tmp_path, "page.htm", HOSTILE))

    assert document.text.endswith("\n\n".join(PARAGRAPHS))
    for leak in LEAKS:
        assert leak not in document.text
    assert "Home" not in document.text  # navigation dropped
    assert document.title == "Site | Ceasefire holds"  # the page's <title>
    assert document.published == "2023-09-21"


def test_html_title_and_date_from_title_tag_and_time_element(tmp_path, no_network):
    body = "<p>" + "Armenia and Azerbaijan signed a protocol on border delimitation today. " * 4 + "</p>"
    html = (f"<html><head><title>Border protocol signed</title></head><body><div>"
            f'<time datetime="2024-04-19T09:30:00Z">19 April</time>{body}</div></body></html>')
    document = read_document(write(tmp_path, "border.html", html))

    assert document.title == "Border protocol signed"
    assert document.published == "2024-04-19"
    assert document.text.startswith("Armenia and Azerbaijan signed a protocol")


def test_html_in_a_declared_legacy_charset(tmp_path, no_network):
    html = ('<html><head><meta charset="windows-1252"><title>Café talks</title></head><body><article>'
            + "<p>“Déjà vu” in the café, officials said once again on Tuesday evening.</p>" * 3
            + "</article></body></html>")
    document = read_document(write(tmp_path, "legacy.html", html.encode("cp1252")))
    assert document.title == "Café talks"
    assert "“Déjà vu” in the café" in document.text


def test_html_without_article_text_is_refused(tmp_path):
    html = "<html><head><script>var x = 1;</script></head><body><nav><a>Home</a></nav></body></html>"
    assert "no article text" in refusal_of(write(tmp_path, "empty.html", html)).reason


# -- titles and dates of text files ------------------------------------------------------

def test_markdown_title_is_the_first_heading(tmp_path):
    path = write(tmp_path, "notes.md", "Some intro line here\n\n## Sub\n\n# Peace talks in Brussels ##\n")
    assert read_document(path).title == "Peace talks in Brussels"


def test_title_falls_back_to_the_file_name(tmp_path):
    assert read_document(write(tmp_path, "field-notes.txt", "ok\n\nyes\n")).title == "field-notes"


def test_title_is_one_shortened_line(tmp_path):
    headline = "A very long headline " + "that keeps going " * 7 + "until the end"
    document = read_document(write(tmp_path, "long.txt", f"{headline}\n\n{headline}\n\nBody.\n"))
    assert len(document.title) <= 121 and document.title.endswith("…")
    assert "\n" not in document.title and document.title.startswith("A very long headline that")


@pytest.mark.parametrize("line, expected", [
    ("March 31, 2022", "2022-03-31"),
    ("31 March 2022", "2022-03-31"),
    ("Published: Sept. 4, 2021, 10:32", "2021-09-04"),
    ("2024-04-19", "2024-04-19"),
    ("2024-02-30", None),  # not a day
])
def test_date_stated_near_the_top(tmp_path, line, expected):
    path = write(tmp_path, "dated.txt", f"Border talks resume in Brussels\n{line}\n\nBody text here.\n")
    assert read_document(path).published == expected


def test_dates_deep_in_the_body_are_not_the_publication_date(tmp_path):
    body = "".join(f"Paragraph {i} of the article goes on.\n\n" for i in range(20))
    path = write(tmp_path, "deep.txt", f"Border talks resume\n\n{body}March 31, 2022\n")
    assert read_document(path).published is None


# -- collecting files --------------------------------------------------------------------

def test_collect_files_walks_folders_sorted_and_skips_hidden_and_unsupported(tmp_path):
    root = tmp_path / "corpus"
    for name in ("b/c.txt", "a.md", "z.HTML", "b/d/e.htm", "notes.markdown", ".hidden.txt",
                 ".git/config.txt", "b/.cache/x.txt", "photo.png", "README"):
        write(root, name, "Some words here\n")

    files, refusals = collect_files([root])

    assert [p.relative_to(root).as_posix() for p in files] == [
        "a.md", "notes.markdown", "z.HTML", "b/c.txt", "b/d/e.htm"]
    assert all(p.is_absolute() for p in files)
    assert refusals == []


def test_collect_files_refuses_missing_and_unsupported_explicit_paths(tmp_path):
    sheet = write(tmp_path, "budget.ods", b"PK\x03\x04")
    files, refusals = collect_files([tmp_path / "missing", sheet])

    assert files == []
    assert [(r.path, r.reason) for r in refusals] == [
        (str(tmp_path / "missing"), "does not exist"),
        (str(sheet), "'.ods' files are not supported (Reader opens .atom, .doc, .docx, .eml, .epub, "
                     ".htm, .html, .markdown, .mbox, .md, .mht, .mhtml, .pdf, .rss, .rtf, .txt, .xml)"),
    ]


def test_collect_files_resolves_and_removes_duplicates(tmp_path, monkeypatch):
    article = write(tmp_path, "news/article.txt", "Some words here\n")
    hidden = write(tmp_path, "news/.draft.txt", "Some words here\n")
    monkeypatch.chdir(tmp_path)

    files, refusals = collect_files(["news", "news/article.txt", "./news/../news/article.txt", hidden])

    assert files == [article.resolve(), hidden.resolve()]  # an explicit hidden file is taken
    assert refusals == []


# -- what used to abort an import ---------------------------------------------------------

def test_html_declaring_an_unknown_charset_is_read_as_any_text(tmp_path, no_network):
    html = ('<html><head><meta charset="undefined"><title>Talks resume</title></head><body><article>'
            + "<p>The caf\xe9 talks resumed on Tuesday, officials in Baku and Yerevan said again.</p>" * 3
            + "</article></body></html>")
    document = read_document(write(tmp_path, "undefined.html", html.encode("cp1252")))
    assert "The café talks resumed on Tuesday" in document.text


def test_html_declaring_latin1_is_read_as_browsers_read_it(tmp_path, no_network):
    html = ('<html><head><meta charset="iso-8859-1"><title>Quotes</title></head><body><article>'
            + "<p>“Enough,” the minister said of the talks in Brussels on Tuesday evening.</p>" * 3
            + "</article></body></html>")
    document = read_document(write(tmp_path, "latin1.html", html.encode("cp1252")))
    assert "“Enough,” the minister said" in document.text  # windows-1252, as the WHATWG standard says


def test_utf8_with_one_stray_byte_stays_utf8_and_says_what_was_replaced(tmp_path):
    text = "Пашинян и Алиев встретились в Брюсселе. Zürich, Genève, Besançon.\n" * 20
    data = text.encode("utf-8")
    data = data[:500] + b"\xff" + data[500:]
    document = read_document(write(tmp_path, "stray.txt", data))
    assert document.text.replace("\ufffd", "", 1) == text
    assert document.text.count("\ufffd") == 1
    assert document.warnings == ("not valid UTF-8 in 1 byte (byte 0xFF on line 5): read as UTF-8 with each"
                                 " such byte replaced by “\ufffd”",)
    assert read_document(write(tmp_path, "clean.txt", text.encode("utf-8"))).warnings == ()


def test_a_legacy_text_with_accents_is_still_detected_as_legacy(tmp_path):
    text = "Les négociations à Genève ont repris, a déclaré le ministère. Ça avance.\n" * 5
    document = read_document(write(tmp_path, "latin.txt", text.encode("cp1252")))
    assert document.text == text and document.warnings == ()


def test_a_file_name_that_is_not_utf8_is_read_and_named_printably(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    raw = bytes(folder) + b"/caf\xe9 talks.txt"
    with open(raw, "wb") as file:
        file.write(b"Officials met in Baku on Tuesday to discuss the border.\n")
    (found,), refused = collect_files([folder])
    document = read_document(found)
    assert refused == [] and document.path == str(folder / "caf\\xe9 talks.txt")
    assert document.title == "Officials met in Baku on Tuesday to discuss the border"
    assert document.warnings == ("its file name is not valid UTF-8: stored as caf\\xe9 talks.txt",)
    document.path.encode("utf-8")  # can be stored and printed
