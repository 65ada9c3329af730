"""EPUB books and RSS/Atom feeds: a document per chapter or item, titles, dates, links; nothing fetched."""
from __future__ import annotations

import zipfile

import pytest

from reader.errors import RefusedFile
from reader.formats import collect_files, read_documents
from reader.models import Refusal
from tests.formats.writers import ARTICLES, atom, rss, write_epub


def test_epub_gives_a_document_per_chapter_named_by_the_table_of_contents(tmp_path, no_network):
    path = write_epub(tmp_path / "review.epub", ARTICLES)

    documents = list(read_documents(path))

    assert len(documents) == 3  # the cover page (a few words) is left out
    assert [d.title for d in documents] == [a.title for a in ARTICLES]
    assert [d.text for d in documents] == [a.body for a in ARTICLES]
    assert [d.path for d in documents] == [f"{path.resolve()}#ch{n}" for n in (1, 2, 3)]
    assert {d.published for d in documents} == {"2022-03-31"}  # the date
    assert documents[0].meta == {"book": "Caucasus Review, March 2022", "author": "Caucasus Review",
                                 "chapter": "OEBPS/text/ch1.xhtml"}


@pytest.mark.parametrize("damage", ["not a zip", "no container", "no package file"])
def test_a_damaged_epub_is_refused_by_name(tmp_path, damage):
    path = tmp_path / "broken.epub"
    if damage == "not a zip":
        path.write_bytes(b"this is not a zip")
    else:
        with zipfile.ZipFile(path, "w") as book:
            book.writestr("mimetype", "application/epub+zip")
            if damage == "no package file":
                book.writestr("META-INF/container.xml", "<container><rootfiles><rootfile full-path='x.opf'/>"
                                                        "</rootfiles></container>")
    with pytest.raises(RefusedFile) as refused:
        list(read_documents(path))
    assert refused.value.path == str(path) and "EPUB" in refused.value.reason


def test_rss_items_with_full_content_title_date_author_and_link(tmp_path, no_network):
    path = tmp_path / "wire.rss"
    path.write_text(rss(ARTICLES), encoding="utf-8")

    documents = list(read_documents(path))

    assert [d.text for d in documents] == [a.body for a in ARTICLES]  # the full content, not the summary
    assert [d.title for d in documents] == [a.title for a in ARTICLES]
    assert [d.published for d in documents] == ["2022-03-03", "2024-04-19", "2022-09-14"]
    assert documents[0].meta == {"link": "https://news.example.org/peace-talks-resume-in",
                                 "author": "jane@example.org (Jane Doe)", "source": "Caucasus Wire"}
    assert documents[0].path == f"{path.resolve()}#https%3A%2F%2Fnews.example.org%2Fpeace-talks-resume-in"


def test_atom_entries_are_documents_too(tmp_path, no_network):
    path = tmp_path / "feed.atom"
    path.write_text(atom(ARTICLES[1:]), encoding="utf-8")

    documents = list(read_documents(path))

    assert [(d.title, d.published, d.text) for d in documents] == [
        (a.title, a.published.isoformat(), a.body) for a in ARTICLES[1:]]
    assert documents[0].meta["author"] == "Anna Lee"


def test_an_item_with_only_a_headline_is_refused_alone(tmp_path):
    path = tmp_path / "headlines.rss"
    path.write_text('<rss version="2.0"><channel><title>T</title>'
                    '<item><title>Only a headline</title><guid>a1</guid></item>'
                    '<item><title>Full</title><guid>a2</guid><description>Talks resumed in Brussels '
                    'on Monday.</description></item></channel></rss>')
    items = list(read_documents(path))
    assert isinstance(items[0], Refusal) and items[0].path.endswith("#a1")
    assert items[1].text == "Talks resumed in Brussels on Monday."


def test_xml_files_in_a_folder_are_taken_only_when_they_are_feeds(tmp_path):
    (tmp_path / "feed.xml").write_text(rss(ARTICLES[:1]), encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')

    files, refusals = collect_files([tmp_path])
    assert [f.name for f in files] == ["feed.xml"] and refusals == []

    with pytest.raises(RefusedFile, match="is not an RSS or Atom feed"):  # named explicitly: refused
        list(read_documents(tmp_path / "sitemap.xml"))
