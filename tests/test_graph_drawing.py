"""The graph as the window draws it, worked out in a process of its own."""
from __future__ import annotations

import multiprocessing
import time

import pytest

from reader.child_process import run_in_child
from reader.errors import Cancelled
from reader.graph_drawing import GraphRequest, draw_graph, draw_graph_in_process


def test_a_graph_drawn_in_its_own_process_is_the_graph_drawn_here(seeded):
    request = GraphRequest({}, min_weight=2, top=40)
    here = draw_graph(seeded, request)
    there = draw_graph_in_process(seeded.path, request)
    assert there.graph == here.graph and there.present == here.present
    assert there.graph.nodes and there.graph.edges
    assert there.positions.keys() == here.positions.keys()
    assert all(there.positions[n] == pytest.approx(here.positions[n]) for n in here.positions)


def test_a_first_look_keeps_about_as_many_links_as_asked_for(seeded):
    everything = draw_graph(seeded, GraphRequest({}))
    first = draw_graph_in_process(seeded.path, GraphRequest({}, auto_weight=20))
    assert len(everything.graph.edges) > len(first.graph.edges) >= 20
    assert first.weight > 1 and all(e.weight >= first.weight for e in first.graph.edges)


def test_a_graph_asked_for_again_before_it_is_drawn_stops(seeded):
    with pytest.raises(Cancelled):
        draw_graph_in_process(seeded.path, GraphRequest({}), cancelled=lambda: True)


def _works_without_looking_at_cancel(library, argument, progress, stopped, changed):
    time.sleep(argument)
    return "finished"


def test_work_whose_result_alone_matters_is_ended_within_a_second_of_cancel(seeded):
    asked = time.monotonic() + 0.3
    with pytest.raises(Cancelled):
        run_in_child(seeded.path, _works_without_looking_at_cancel, 30, name="reader-test", what="Sleeping",
                     cancelled=lambda: time.monotonic() > asked, kill_on_cancel=True)
    assert time.monotonic() - asked < 1.0
    assert not [c for c in multiprocessing.active_children() if c.name == "reader-test"]
