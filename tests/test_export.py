"""Notes and dossiers rendered as Markdown, CSV and W3C JSON, on literal data."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from reader.errors import ReaderError
from reader.export import (
    CSV_COLUMNS, DocumentRef, ExportedNote, dossier_markdown, notes_csv, notes_json, notes_markdown,
    parse_annotations,
)
from reader.models import Entity, Mention, MentionInContext, Note

HOSTILE = 'Check <script>alert("x")</script> and <b>bold</b>, "quotes", commas\nsecond line & more'
DOC = DocumentRef(3, "Russia expresses concern", "/data/news/004 russia.txt", "2023-04-24")
PESKOV = Entity(7, "Dmitry Peskov", "PERSON", "dmitry peskov", 3, 1)
T1, T2 = "2024-05-01T10:00:00+00:00", "2024-05-02T11:30:00+00:00"


def passage(note_id: int = 1, body: str = HOSTILE, status: str = "anchored") -> ExportedNote:
    note = Note(note_id, 3, None, 120, 160, "Kremlin spokesperson Dmitry Peskov said", "tensions.\n\n",
                " that “the situation", body, status, T1, T2)
    return ExportedNote(note, DOC, None, ("Kremlin", "Dmitry Peskov"))


def entity_note(note_id: int = 2, entity: Entity | None = PESKOV) -> ExportedNote:
    note = Note(note_id, None, entity.id if entity else None, None, None, None, None, None,
                "Speaks for <the> Kremlin", "anchored" if entity else "orphaned", T1, T1,
                entity_key="dmitry peskov")
    return ExportedNote(note, None, entity)


def document_note(note_id: int = 3) -> ExportedNote:
    note = Note(note_id, 3, None, None, None, None, None, None, "Read again *later*", "anchored", T1, T1)
    return ExportedNote(note, DOC, None)


ALL = [passage(), entity_note(), document_note(), passage(4, "Lost one", "orphaned"), entity_note(5, None)]


def test_markdown_groups_by_document_and_keeps_bodies_as_typed():
    text = notes_markdown(ALL)
    assert text.startswith("# Notes\n\n## Russia expresses concern\n\nSource: `/data/news/004 russia.txt`  \n"
                           "Published: 2023-04-24\n\n> Kremlin spokesperson Dmitry Peskov said\n\n")
    assert f"\n{HOSTILE}\n\nEntities: Kremlin, Dmitry Peskov\n" in text
    assert "### Notes on the document\n\nRead again *later*\n" in text
    assert "## Entity notes\n\n### Dmitry Peskov (Person)\n\nSpeaks for <the> Kremlin\n" in text
    review = text[text.index("## Needs review"):]
    assert "Last seen at characters 120–160:\n\n> Kremlin spokesperson Dmitry Peskov said\n\nLost one\n" in review
    assert "### Entity dmitry peskov (no longer found)" in review
    assert "Lost one" not in text[:text.index("## Needs review")]
    assert "&lt;" not in text and "\\<" not in text


def test_markdown_blockquotes_every_line_of_a_quote():
    note = Note(1, 3, None, 0, 20, "line one\n\nline two", "", "", "b", "anchored", T1, T1)
    text = notes_markdown([ExportedNote(note, DOC, None)])
    assert "> line one\n>\n> line two\n\nb\n" in text


def test_markdown_of_no_notes():
    assert notes_markdown([]) == "# Notes\n\n(no notes)\n"


def test_csv_parses_back_to_the_same_values():
    text = notes_csv(ALL)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0] == {
        "id": "1", "kind": "passage", "document_id": "3", "document_title": "Russia expresses concern",
        "document_path": "/data/news/004 russia.txt", "entity": "", "entities_in_passage": "Kremlin; Dmitry Peskov",
        "quote": "Kremlin spokesperson Dmitry Peskov said", "note": HOSTILE, "start": "120", "end": "160",
        "status": "anchored", "created": T1, "updated": T2,
    }
    assert rows[1]["entity"] == "Dmitry Peskov" and rows[1]["note"] == "Speaks for <the> Kremlin"
    assert rows[1]["document_id"] == "" and rows[1]["start"] == ""
    assert rows[4]["entity"] == "dmitry peskov" and rows[4]["status"] == "orphaned"
    assert [r["kind"] for r in rows] == ["passage", "entity", "document", "passage", "entity"]


def test_json_has_the_w3c_web_annotation_shape():
    data = json.loads(notes_json(ALL))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    first = data["first"]["items"][0]
    assert first == {
        "type": "Annotation",
        "id": "urn:reader:note:1",
        "motivation": "commenting",
        "created": T1,
        "modified": T2,
        "body": {"type": "TextualBody", "value": HOSTILE, "format": "text/markdown"},
        "target": {
            "source": "file:///data/news/004%20russia.txt",
            "selector": [
                {"type": "TextQuoteSelector", "exact": "Kremlin spokesperson Dmitry Peskov said",
                 "prefix": "tensions.\n\n", "suffix": " that “the situation"},
                {"type": "TextPositionSelector", "start": 120, "end": 160},
            ],
        },
        "document": {"title": "Russia expresses concern", "path": "/data/news/004 russia.txt",
                     "published": "2023-04-24"},
    }
    entity = data["first"]["items"][1]
    assert entity["target"] == {"source": "urn:reader:entity:dmitry%20peskov"}
    assert entity["entity"] == {"key": "dmitry peskov", "name": "Dmitry Peskov", "label": "PERSON"}
    assert data["first"]["items"][2]["target"] == {"source": "file:///data/news/004%20russia.txt"}
    assert data["first"]["items"][3]["status"] == "orphaned"
    assert '<script>alert(\\"x\\")</script>' in notes_json(ALL)  # literal, not escaped as \u003c


def test_json_parses_back_to_what_was_exported():
    parsed, skipped, warnings = parse_annotations(notes_json(ALL))
    assert warnings == []
    assert skipped == []
    p, e, d = parsed[0], parsed[1], parsed[2]
    assert (p.kind, p.path, p.title, p.exact, p.prefix, p.suffix, p.start, p.end, p.body, p.created, p.modified) == (
        "passage", "/data/news/004 russia.txt", "Russia expresses concern", "Kremlin spokesperson Dmitry Peskov said",
        "tensions.\n\n", " that “the situation", 120, 160, HOSTILE, T1, T2)
    assert (e.kind, e.entity_name, e.entity_key, e.body) == ("entity", "Dmitry Peskov", "dmitry peskov",
                                                             "Speaks for <the> Kremlin")
    assert (d.kind, d.path, d.body) == ("document", "/data/news/004 russia.txt", "Read again *later*")


def test_parse_accepts_a_plain_list_and_hypothesis_titles_and_reports_bad_items():
    text = json.dumps([
        {"type": "Annotation", "body": [{"type": "TextualBody", "value": "hi"}],
         "target": [{"source": "https://example.org/a", "selector": {"type": "TextQuoteSelector", "exact": "x y"}}],
         "document": {"title": ["A page"]}},
        {"type": "Annotation", "body": {"value": "no target"}},
        "not an object",
        {"type": "Annotation", "target": {"source": "file:///a.txt", "selector": [{"type": "TextQuoteSelector"}]}},
    ])
    parsed, skipped, _ = parse_annotations(text)
    assert [(p.kind, p.title, p.exact, p.start, p.end, p.path) for p in parsed] == [
        ("passage", "A page", "x y", 0, 3, None)]
    assert skipped == ["annotation 2: it has no target source", "annotation 3: not an annotation object",
                       "annotation 4: its TextQuoteSelector has no exact text"]


@pytest.mark.parametrize("text", ["{not json", '"a string"', "42"])
def test_parse_refuses_what_is_not_annotations(text: str):
    with pytest.raises(ReaderError):
        parse_annotations(text)


def test_dossier_lists_names_notes_and_mentions_by_document():
    def mention(mid: int, doc: int, title: str, context: str, start: int, end: int) -> MentionInContext:
        return MentionInContext(Mention(mid, doc, 0, 0, context[start:end], "PERSON", 7, "model"),
                                "Dmitry Peskov", "PERSON", title, f"/d/{doc}.txt", context, start, end)
    mentions = [
        mention(1, 3, "Russia expresses concern", "Kremlin spokesperson Dmitry Peskov said no.", 21, 34),
        mention(2, 3, "Russia expresses concern", "Peskov added more.", 0, 6),
        mention(3, 4, "Other", "Asked, Peskov declined.", 7, 13),
    ]
    text = dossier_markdown(PESKOV, [("Dmitry Peskov", 2), ("Peskov", 1)], mentions, [entity_note(), passage()])
    assert text.startswith("# Dmitry Peskov\n\nType: Person · 3 mentions in 2 documents\n\n"
                           "## Written as\n\n- Dmitry Peskov (2)\n- Peskov (1)\n\n## Notes\n\n"
                           "### On Dmitry Peskov\n\nSpeaks for <the> Kremlin\n\n"
                           "### In “Russia expresses concern”\n\n> Kremlin spokesperson Dmitry Peskov said\n\n")
    assert HOSTILE in text
    assert text.endswith(
        "## Mentions\n\n### Russia expresses concern\n\nSource: `/d/3.txt`\n\n"
        "- Kremlin spokesperson **Dmitry Peskov** said no.\n- **Peskov** added more.\n\n"
        "### Other\n\nSource: `/d/4.txt`\n\n- Asked, **Peskov** declined.\n")


def hostile_source() -> ExportedNote:
    """A passage whose document text, title and entity names carry markup, links and formulas."""
    note = Note(9, 3, None, 0, 40, '=HYPERLINK("http://evil.example","x") ![pixel](http://evil.example/p.gif)\n'
                '# not a heading <script>alert(1)</script> [click](javascript:alert(1)) www.evil.example',
                "", "", "@SUM(A1)", "anchored", T1, T1)
    title = 'Breaking <img src="http://evil.example/pixel.gif"> news ![p](http://evil.example/t.png)'
    return ExportedNote(note, DocumentRef(3, title, "/data/`x`.txt", None), None,
                        ("<b>Kremlin</b>", "[Putin](http://evil.example)", "-2+3"))


def test_csv_cells_never_start_a_spreadsheet_formula_in_any_column():
    item = hostile_source()
    risky = ExportedNote(replace(item.note, body="-1+1", quote="+cmd|' /C calc'!A0", status="anchored"),
                         DocumentRef(3, "=1+1", "-evil.txt", None), None, ("@x",))
    rows = list(csv.DictReader(io.StringIO(notes_csv([item, risky]))))
    assert rows[0]["quote"].startswith("'=HYPERLINK(") and rows[0]["note"] == "'@SUM(A1)"
    assert rows[0]["document_title"].startswith("Breaking <img")  # not a formula: left as it was
    assert (rows[1]["note"], rows[1]["quote"], rows[1]["document_title"], rows[1]["document_path"],
            rows[1]["entities_in_passage"]) == ("'-1+1", "'+cmd|' /C calc'!A0", "'=1+1", "'-evil.txt", "'@x")
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def _rendered(markdown: str) -> str:
    """HTML as a GitHub-flavoured viewer makes it (tables, strikethrough, web addresses linked)."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("gfm-like")
    renderer.linkify.set({"fuzzy_link": False})  # GitHub links www. and http(s):// addresses, not bare domains
    return renderer.render(markdown)


def _document_text_stays_text(html: str) -> None:
    for made in ("<a ", "<img", "<script", "<h1>not a heading", "<h1>Title", "<em>", "<strong>Kremlin"):
        assert made not in html, made


def test_markdown_shows_markup_from_documents_as_text_and_loads_nothing():
    text = notes_markdown([hostile_source()])
    assert "@SUM(A1)" in text  # the reader's own note is kept as typed
    html = _rendered(text.replace("@SUM(A1)", ""))
    _document_text_stays_text(html)
    assert "&lt;img src=&quot;http://evil.example/pixel.gif&quot;&gt;" in html  # shown, as written
    assert "[click](javascript:alert(1))" in html and "www.evil.example" in html
    assert "Source: <code>/data/`x`.txt</code>" in html


def test_dossier_shows_markup_from_documents_as_text():
    evil = Entity(8, "[Putin](http://evil.example) <img src=x>", "PERSON", "putin", 1, 1)
    context = "He said ![x](http://evil.example/p.png) and *more* to [Putin](http://evil.example) <b>now</b>."
    name = "[Putin](http://evil.example)"
    start = context.index(name)
    mention = MentionInContext(Mention(1, 3, 0, 0, name, "PERSON", 8, "model"), evil.name, "PERSON",
                               "# Title <script>x</script>", "/d/3.txt", context, start, start + len(name))
    html = _rendered(dossier_markdown(evil, [(evil.name, 1)], [mention], []))
    _document_text_stays_text(html.replace("<strong>[Putin](http://evil.example)</strong>", ""))
    assert "<strong>[Putin](http://evil.example)</strong>" in html  # the mention in bold, as text
    assert "<h1>[Putin](http://evil.example) &lt;img src=x&gt;</h1>" in html
