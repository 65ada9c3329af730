"""Insights on the seed library: ranked search with offsets, co-occurrence graph, timelines, entity table."""
from __future__ import annotations

import json

import pytest

from reader.analytics import (UNDATED, Analytics, Graph, GraphEdge, GraphNode, TimelinePoint, bucket_timeline,
                              bucket_unit, layout)
from reader.cli import main
from reader.cli.shapes import hit_row
from reader.errors import ReaderError
from reader.storage.analytics import paragraph_spans


@pytest.fixture
def insights(seeded) -> Analytics:
    return Analytics(seeded)


def text_of(library, document_id: int) -> str:
    return library.document(document_id).text


# ---- search -----------------------------------------------------------------------------

def snippet_context(snippet: str) -> str:
    """The words of a snippet before its first match, as they stand in the text."""
    return snippet.split("[[", 1)[0].split(" … ")[-1].replace("]]", "").replace("[[", "")


def test_search_finds_a_name_with_its_snippet_and_the_offsets_of_the_hit_it_shows(insights, seeded):
    hits = insights.search("Pashinyan")
    assert hits and all(h.start is not None for h in hits)
    for hit in hits:
        text = text_of(seeded, hit.id)
        assert text[hit.start:hit.end] == "Pashinyan"
        assert text[:hit.start].endswith(snippet_context(hit.snippet))  # the occurrence the snippet quotes
        assert "[[Pashinyan]]" in hit.snippet
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_hit_is_the_occurrence_its_snippet_shows_not_the_first_in_the_text(insights, seeded):
    hit = next(h for h in insights.search('"peace treaty"') if h.title.startswith("Analysts in Moscow"))
    text = text_of(seeded, hit.id)
    assert text.casefold().count("peace treaty") == 3
    assert text[hit.start:hit.end].casefold() == "peace treaty"
    assert hit.start > text.casefold().index("peace treaty")  # the snippet quotes a later one
    context = snippet_context(hit.snippet)
    assert len(context) > 15 and text[:hit.start].endswith(context)


def test_phrase_and_prefix_queries(insights, seeded):
    phrase = insights.search('"peace process"')
    assert phrase
    for hit in phrase:
        assert text_of(seeded, hit.id)[hit.start:hit.end].casefold() == "peace process"
        assert "[[peace process]]" in hit.snippet.casefold() or "[[peace]] [[process]]" in hit.snippet.casefold()
    prefix = insights.search("peacekeep*")
    assert prefix
    for hit in prefix:
        assert text_of(seeded, hit.id)[hit.start:hit.end].casefold().startswith("peacekeep")


def test_ranking_puts_the_document_that_is_about_it_first(insights, seeded):
    best = insights.search("peacekeepers withdrawal")[0]
    assert best.title.startswith("Analysts in Moscow and Baku assess the consequences of the withdrawal")


def test_no_match_is_an_empty_list(insights):
    assert insights.search("xylophone") == []


@pytest.mark.parametrize("query, says", [
    ('"unterminated', "quote is not closed"),
    ("AND", "not well formed"),
    ("karabakh (", "not well formed"),
    ("Azerbaijan-Armenia", 'put it in double quotes: "Azerbaijan-Armenia"'),
    ("war:peace", "read as a column name"),
    ("*", "not well formed"),
    ("   ", "empty"),
])
def test_malformed_queries_raise_a_reader_error_that_says_what_to_do(insights, query, says):
    with pytest.raises(ReaderError, match=None) as raised:
        insights.search(query)
    assert says in str(raised.value)


def test_search_rows_for_the_cli_carry_score_and_offsets(seeded):
    rows = [hit_row(h) for h in seeded.search("Karabakh")]
    assert rows and set(rows[0]) == {"id", "title", "path", "snippet", "score", "start", "end"}
    assert seeded.document(rows[0]["id"]).text[rows[0]["start"]:rows[0]["end"]] == "Karabakh"


# ---- co-occurrence graph -------------------------------------------------------------------

def pairs_by_name(graph: Graph) -> list[tuple[frozenset[str], int]]:
    names = {n.id: n.name for n in graph.nodes}
    return [(frozenset((names[e.source], names[e.target])), e.weight) for e in graph.edges]


def test_azerbaijan_and_armenia_are_among_the_heaviest_edges(insights):
    graph = insights.graph()
    heaviest = [pair for pair, _ in pairs_by_name(graph)[:3]]
    assert frozenset({"Azerbaijan", "Armenia"}) in heaviest
    weights = [e.weight for e in graph.edges]
    assert weights == sorted(weights, reverse=True)
    assert all(e.source < e.target for e in graph.edges)


def test_graph_leaves_out_numbers_and_honours_type_and_weight_filters(insights):
    graph = insights.graph()
    assert graph.nodes and not {n.label for n in graph.nodes} & {"DATE", "CARDINAL", "ORDINAL"}
    places = insights.graph(labels=["GPE"])
    assert places.nodes and {n.label for n in places.nodes} == {"GPE"}
    strong = insights.graph(min_weight=5)
    assert strong.edges and all(e.weight >= 5 for e in strong.edges)
    linked = {e.source for e in strong.edges} | {e.target for e in strong.edges}
    assert {n.id for n in strong.nodes} == linked  # no isolated nodes
    assert len(insights.graph(top=10).nodes) <= 10


def test_edge_weight_counts_the_paragraphs_where_both_appear(insights, seeded):
    a, b = seeded.entity("Azerbaijan").id, seeded.entity("Armenia").id
    weight = next(e.weight for e in insights.graph().edges if {e.source, e.target} == {a, b})
    paragraphs = insights.edge_paragraphs(a, b)
    assert len(paragraphs) == weight
    assert paragraphs == insights.edge_paragraphs(b, a)
    for p in paragraphs:
        text = text_of(seeded, p.document_id)
        assert text[p.start:p.end] == p.text and "\n\n" not in p.text
        here = {m.mention.entity_id for m in seeded.mentions(document_id=p.document_id)
                if p.start <= m.mention.start < p.end}
        assert {a, b} <= here


def test_caches_follow_changes_incrementally(insights, seeded, tmp_path):
    insights.graph()
    note = tmp_path / "extra.txt"
    note.write_text("Azerbaijan and Armenia met in Brussels with Charles Michel.\n\n"
                    "Armenia later spoke to Russia.\n", encoding="utf-8")
    seeded.import_paths([note])
    a, b = seeded.entity("Azerbaijan").id, seeded.entity("Armenia").id
    assert insights.refresh()  # only the new document is redone
    incremental = (insights.graph(), insights.entity_table(), insights.edge_paragraphs(a, b))
    assert insights.refresh(force=True)
    assert (insights.graph(), insights.entity_table(), insights.edge_paragraphs(a, b)) == incremental
    assert any(p.text.startswith("Azerbaijan and Armenia met") for p in incremental[2])
    assert not insights.refresh()  # nothing changed since


def test_layout_is_deterministic_and_keeps_circles_apart():
    nodes = tuple(GraphNode(i, f"E{i}", "GPE", 10 + i, 1) for i in range(1, 13))
    edges = tuple(GraphEdge(i, j, 1 + (i * j) % 5) for i in range(1, 11) for j in range(i + 1, 11)) \
        + (GraphEdge(11, 12, 2),)
    graph = Graph(nodes, edges)
    radii = {n.id: 0.08 for n in nodes}
    first, again = layout(graph, radii=radii), layout(graph, radii=radii)
    assert first == again and set(first) == {n.id for n in nodes}
    points = list(first.values())
    closest = min(((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 for i, (x1, y1) in enumerate(points)
                  for (x2, y2) in points[i + 1:])
    assert closest >= 0.16 * 0.99
    assert first[11][0] > max(first[i][0] for i in range(1, 11))  # the small part sits to the right


# ---- timeline and entity table ---------------------------------------------------------------

def test_timeline_counts_documents_and_mentions_by_date_with_undated_last(insights, seeded):
    entity = seeded.entity("Azerbaijan")
    points = insights.timeline(entity.id)
    # 001 has no date line of its own: it takes the day its opening names (a caption, 11 January 2021)
    assert [p.date for p in points] == ["2021-01-11", "2022-03-31", "2024-04-19", UNDATED]
    assert [p.documents for p in points] == [1, 1, 1, 2]
    assert sum(p.mentions for p in points) == entity.mentions
    assert sum(p.documents for p in points) == entity.documents
    dated = {d.id: d.published for d in seeded.documents()}
    for point in points:
        assert all(dated[i] == (None if point.date == UNDATED else point.date) for i in point.document_ids)
        assert point.mentions == len([m for m in seeded.mentions(entity_id=entity.id)
                                      if m.mention.document_id in point.document_ids])


def test_timeline_buckets_fill_the_gaps_between_dates():
    points = [TimelinePoint("2022-03-31", 1, 9, (1,), ("a",)), TimelinePoint("2022-06-02", 2, 4, (2, 3), ("b", "c")),
              TimelinePoint(UNDATED, 3, 35, (4, 5, 6), ("d", "e", "f"))]
    assert bucket_unit(points) == "day"
    months = bucket_timeline(points, "month")
    assert [(p.date, p.documents, p.mentions) for p in months] == [
        ("2022-03", 1, 9), ("2022-04", 0, 0), ("2022-05", 0, 0), ("2022-06", 2, 4), (UNDATED, 3, 35)]
    assert bucket_unit(points + [TimelinePoint("2024-04-19", 1, 1, (7,), ("g",))]) == "month"
    assert [p.date for p in bucket_timeline(points, "year")] == ["2022", UNDATED]


def test_entity_table_has_counts_and_first_and_last_dates(insights, seeded):
    rows = {r.name: r for r in insights.entity_table()}
    azerbaijan = rows["Azerbaijan"]
    entity = seeded.entity("Azerbaijan")
    assert (azerbaijan.id, azerbaijan.label, azerbaijan.mentions, azerbaijan.documents) == \
        (entity.id, entity.label, entity.mentions, entity.documents)
    assert (azerbaijan.first_date, azerbaijan.last_date) == ("2021-01-11", "2024-04-19")
    undated_only = [r for r in rows.values() if r.first_date is None]
    assert undated_only and all(r.last_date is None for r in undated_only)
    assert len(rows) == len(seeded.entities())


def test_paragraphs_are_the_pieces_between_blank_lines_trimmed():
    text = "Title\n\n  First one.\nSame paragraph.\n\n\n\nSecond.  \n\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["Title", "First one.\nSame paragraph.", "Second."]


# ---- the graph command ---------------------------------------------------------------------

def test_graph_command_prints_nodes_and_edges_as_json(seeded, capsys):
    assert main(["--library", str(seeded.path), "graph", "--min-weight", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"nodes", "edges"}
    assert set(data["nodes"][0]) == {"id", "name", "label", "mentions"}
    assert set(data["edges"][0]) == {"source", "target", "weight"}
    assert all(e["weight"] >= 3 for e in data["edges"])
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
