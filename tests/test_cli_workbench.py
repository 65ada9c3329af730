"""The entity workbench on the command line: suggestions, "not the same", bulk steps, rules files, watchlists."""
from __future__ import annotations

import json
import shutil

import pytest

from reader.cli import main
from reader.paths import SEEDS_DIR as SEEDS


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str):
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def lib(_seeded_file, tmp_path) -> list[str]:
    """`--library FILE` for a copy of the analysed seed library."""
    path = tmp_path / "cli.db"
    shutil.copy(_seeded_file, path)
    return ["--library", str(path)]


def pairs(suggestions: list[dict]) -> list[tuple[str, str]]:
    return [(s["source"]["name"], s["target"]["name"]) for s in suggestions]


def test_suggest_puts_qarabagh_into_karabakh_early_with_evidence_and_never_a_place_with_its_people(capsys, lib):
    everything = run_json(capsys, *lib, "entity", "suggest", "--limit", "0")
    assert ("Qarabagh", "Karabakh") in pairs(everything)[:5]
    for a, b in pairs(everything):
        assert {a, b} not in ({"Armenia", "Armenians"}, {"Armenia", "Armenian"}, {"Azerbaijan", "Azerbaijani"},
                              {"Russia", "Russian"}, {"Russia", "Russians"})
    confidences = [s["confidence"] for s in everything]
    assert confidences == sorted(confidences, reverse=True) and all(0 < c < 1 for c in confidences)
    qarabagh = next(s for s in everything if s["source"]["name"] == "Qarabagh")
    assert qarabagh["rule"] == "spelling or transliteration variant" and "Qarabagh" in qarabagh["reason"]
    assert qarabagh["shared_documents"] == 0
    source, target = qarabagh["evidence"]["source"], qarabagh["evidence"]["target"]
    assert source["text"] == "Qarabagh" and "Qarabagh" in source["context"]
    assert target["text"] == "Karabakh" and "Karabakh" in target["context"]
    assert set(source) == set(run_json(capsys, *lib, "mentions", "--entity", "Qarabagh")[0])  # a mention's shape

    assert len(run_json(capsys, *lib, "entity", "suggest", "--limit", "3")) == 3
    code, out, _ = run(capsys, *lib, "entity", "suggest", "--limit", "5")
    header, *rows = out.splitlines()
    assert code == 0 and header.split() == ["confidence", "merge", "into", "rule", "shared"] and len(rows) == 5
    line = next(r for r in rows if r.split()[1] == "Qarabagh")
    assert f"({qarabagh['source']['id']})" in line and f"Karabakh ({qarabagh['target']['id']})" in line


def test_distinct_is_a_correction_suggestions_respect_and_unrule_undoes(capsys, lib):
    def suggested() -> bool:
        return any({a, b} == {"Qarabagh", "Karabakh"} for a, b in pairs(
            run_json(capsys, *lib, "entity", "suggest", "--limit", "0")))

    assert suggested()
    code, out, _ = run(capsys, *lib, "entity", "distinct", "Qarabagh", "Karabakh")
    assert code == 0 and "Marked “Qarabagh” and “Karabakh” as not the same" in out
    correction = run_json(capsys, *lib, "entity", "rules")[-1]
    assert f"undo with `reader entity unrule {correction['id']}`" in out
    assert correction["rules"] == [{"kind": "distinct", "key": "qarabagh", "value": "karabakh"}]
    assert not suggested()
    ids = {e["name"]: e["id"] for e in run_json(capsys, *lib, "entities")}
    code, out, _ = run(capsys, *lib, "entity", "distinct", str(ids["Karabakh"]), str(ids["Qarabagh"]))
    assert code == 0 and out.startswith("already decided: ") and len(run_json(capsys, *lib, "entity", "rules")) == 1
    assert run(capsys, *lib, "entity", "unrule", str(correction["id"]))[0] == 0
    assert suggested() and run_json(capsys, *lib, "entity", "rules") == []

    # a name whose mentions joined an entity is kept apart as the name written, not as that entity
    code, out, err = run(capsys, *lib, "entity", "distinct", "Putin", "Vladimir Putin")
    assert code == 0, err
    assert run_json(capsys, *lib, "entity", "rules")[-1]["rules"] == [
        {"kind": "distinct", "key": "putin", "value": "vladimir putin"}]
    code, _, err = run(capsys, *lib, "entity", "distinct", "Karabakh", "the Karabakh")
    assert code == 1 and "same name" in err and err.count("\n") == 1


def test_bulk_ignore_relabel_and_merge_are_one_correction_undone_at_once(capsys, lib):
    def table() -> dict[str, tuple]:  # ids may change when an entity comes back: compare the rest
        return {e["name"]: (e["label"], e["mentions"], e["documents"]) for e in run_json(capsys, *lib, "entities")}

    chosen = ("Bastion", "RMK", "West", "Karabakh", "Artsakh", "Farrux", "Farrukh")
    before = table()
    code, out, _ = run(capsys, *lib, "entity", "ignore", "Bastion", "RMK", "West")
    assert code == 0 and "Marked “Bastion”, “RMK”, “West” as not an entity" in out
    assert not {"Bastion", "RMK", "West"} & {e["name"] for e in run_json(capsys, *lib, "entities")}
    assert run(capsys, *lib, "entity", "relabel", "Karabakh", "Artsakh", "loc")[0] == 0
    assert {"Karabakh", "Artsakh"} <= {e["name"] for e in run_json(capsys, *lib, "entities", "--type", "LOC")}
    code, out, _ = run(capsys, *lib, "entity", "merge", "Farrux", "Farrukh", "Karabakh")
    assert code == 0 and "Merged “Farrux”, “Farrukh” into “Karabakh”" in out
    karabakh = {m["text"] for m in run_json(capsys, *lib, "mentions", "--entity", "Karabakh")}
    assert {"Farrux", "Farrukh"} <= karabakh
    rules = run_json(capsys, *lib, "entity", "rules")
    assert [(r["kind"], len(r["rules"])) for r in rules] == [("ignore", 3), ("relabel", 2), ("merge", 2)]
    for r in reversed(rules):
        assert run(capsys, *lib, "entity", "unrule", str(r["id"]))[0] == 0
    after = table()
    assert {n: after[n] for n in chosen} == {n: before[n] for n in chosen}
    code, _, err = run(capsys, *lib, "entity", "relabel", "Karabakh", "Artsakh", "planet")
    assert code == 1 and "unknown type 'PLANET'" in err and run_json(capsys, *lib, "entity", "rules") == []


def test_rules_export_then_import_into_a_fresh_library_applies_them(capsys, lib, _seeded_file, tmp_path):
    for step in (["merge", "Qarabagh", "Karabakh"], ["ignore", "Bastion", "RMK"],
                 ["relabel", "Stepanakert", "GPE"], ["distinct", "Armenia", "Armenians"]):
        assert run(capsys, *lib, "entity", *step)[0] == 0
    exported = tmp_path / "decisions" / "rules.json"
    code, out, _ = run(capsys, *lib, "entity", "rules", "--export", str(exported))
    assert code == 0 and out == f"exported 4 corrections to {exported}\n"
    assert json.loads(exported.read_text(encoding="utf-8"))["format"] == "reader-corrections"

    fresh_file = tmp_path / "fresh.db"
    shutil.copy(_seeded_file, fresh_file)
    fresh = ["--library", str(fresh_file)]
    assert run_json(capsys, *fresh, "entity", "rules") == []
    assert "Qarabagh" not in {m["text"] for m in run_json(capsys, *fresh, "mentions", "--entity", "Karabakh")}
    code, out, _ = run(capsys, *fresh, "entity", "rules", "--import", str(exported))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{exported}: added 4 corrections (5 rules); skipped 0 rules this library already has"
    assert lines[1].startswith("added: Merged “Qarabagh” into “Karabakh” (correction ")
    assert len(lines) == 5
    karabakh = run_json(capsys, *fresh, "mentions", "--entity", "Karabakh")
    assert "Qarabagh" in {m["text"] for m in karabakh} and len({m["document_id"] for m in karabakh}) == 5
    assert not {"Bastion", "RMK"} & {e["name"] for e in run_json(capsys, *fresh, "entities")}
    assert "Stepanakert" in {e["name"] for e in run_json(capsys, *fresh, "entities", "--type", "GPE")}
    assert [r["description"] for r in run_json(capsys, *fresh, "entity", "rules")] == \
        [r["description"] for r in run_json(capsys, *lib, "entity", "rules")]

    again = run_json(capsys, *fresh, "entity", "rules", "--import", str(exported))
    assert again == {"path": str(exported), "added": [], "rules": 0, "skipped": 5}
    assert len(run_json(capsys, *fresh, "entity", "rules")) == 4
    code, _, err = run(capsys, *fresh, "entity", "rules", "--export", str(exported), "--import", str(exported))
    assert code == 1 and "one at a time" in err


def test_suspicious_entities_with_their_reasons(capsys, lib):
    rows = run_json(capsys, *lib, "entities", "--suspicious")
    reasons = {r["name"]: r["reasons"] for r in rows}
    assert reasons["KISS"] == ["all_caps", "found_once"]
    assert reasons["RMK"] == ["all_caps"]  # two mentions
    assert reasons["Atlas Analytical Center Elkhan Shainoglu"] == ["long_name", "found_once"]
    assert reasons["Armenia"] == ["mixed_types"]  # the model: GPE 21 times, ORG 11, PERSON 8
    assert "Azerbaijan" not in reasons  # GPE 57 times of 66: not mixed enough to doubt
    assert all(r["reasons"] for r in rows)
    assert {"DATE", "CARDINAL"}.isdisjoint({r["label"] for r in rows})
    everything = {e["name"] for e in run_json(capsys, *lib, "entities")}
    assert set(reasons) < everything
    assert {r["label"] for r in run_json(capsys, *lib, "entities", "--suspicious", "--type", "org")} == {"ORG"}
    code, out, _ = run(capsys, *lib, "entities", "--suspicious")
    assert code == 0 and out.splitlines()[0].split() == ["id", "name", "label", "mentions", "documents", "reasons"]
    assert any(line.split()[1] == "KISS" and line.endswith("all_caps, found_once") for line in out.splitlines())
    assert run(capsys, *lib, "entity", "ignore", "KISS")[0] == 0
    assert "KISS" not in {r["name"] for r in run_json(capsys, *lib, "entities", "--suspicious")}


def test_watchlist_finds_names_with_diacritics_and_in_another_order_and_can_be_tightened(capsys, lib, tmp_path):
    watch = tmp_path / "leaders.csv"
    watch.write_text("name,aliases,type,note\nAliyev Ilham,,PERSON,president\nTürkiye,,,\n", encoding="utf-8")
    code, out, _ = run(capsys, *lib, "watch", "add", str(watch))
    assert code == 0 and out.startswith("watchlist “leaders”: 2 names (2 added, 0 changed, 0 removed); ")
    hits = run_json(capsys, *lib, "watch", "hits")
    assert {h["text"] for h in hits if h["entity"] == "Aliyev Ilham"} == {"Ilham Aliyev"}
    assert sorted(h["text"] for h in hits if h["entity"] == "Türkiye") == ["Turkiye", "Turkiye", "Türkiye"]
    mention_shape = set(run_json(capsys, *lib, "mentions", "--entity", "Azerbaijan")[0])
    assert all(mention_shape <= set(h) and h["new"] and h["watchlist"] == "leaders" for h in hits)
    aliyev = next(h for h in hits if h["entity"] == "Aliyev Ilham")
    text = run_json(capsys, *lib, "show", str(aliyev["document_id"]))["text"]
    assert text[aliyev["start"]:aliyev["end"]] == "Ilham Aliyev" and aliyev["label"] == "PERSON"

    listed = run_json(capsys, *lib, "watch", "list")
    assert [(w["name"], w["hits"], w["new"]) for w in listed] == [("leaders", len(hits), len(hits))]
    assert {n["name"]: n["hits"] for n in listed[0]["names"]} == {"Aliyev Ilham": 3, "Türkiye": 3}
    assert listed[0]["names"][0]["note"] == "president"

    code, out, _ = run(capsys, *lib, "watch", "set", "Aliyev Ilham", "--ordered")
    assert code == 0 and out == ("“Aliyev Ilham”: any case, diacritics folded, letters folded, in order,"
                                 " similarity 90%; 0 hits, 0 new\n")
    code, out, _ = run(capsys, *lib, "watch", "set", "--list", "leaders", "--no-diacritics-folding",
                       "--similarity", "100")
    assert code == 0 and "diacritics kept" in out
    assert [h["text"] for h in run_json(capsys, *lib, "watch", "hits", "--name", "Türkiye")] == ["Türkiye"]
    names = {n["name"]: n["options"] for n in run_json(capsys, *lib, "watch", "list")[0]["names"]}
    assert names["Aliyev Ilham"] == {"ignore_case": True, "fold_diacritics": False, "fold_letters": True,
                                     "any_order": False, "similarity": 100}
    assert run(capsys, *lib, "watch", "set", "Aliyev Ilham", "--any-order")[0] == 0
    assert len(run_json(capsys, *lib, "watch", "hits", "--name", "aliyev ilham")) == 3
    code, _, err = run(capsys, *lib, "watch", "set", "Aliyev Ilham")
    assert code == 1 and "nothing to change" in err
    code, _, err = run(capsys, *lib, "watch", "set", "Aliyev Ilham", "--list", "leaders", "--ordered")
    assert code == 1 and "a watched name (NAME) or a whole list" in err
    code, out, _ = run(capsys, *lib, "watch", "remove", "leaders")
    assert code == 0 and out.startswith("removed watchlist “leaders” (2 names, ")
    assert run_json(capsys, *lib, "watch", "list") == [] and run_json(capsys, *lib, "watch", "hits") == []


def test_new_watchlist_hits_after_an_import_and_marking_them_seen(capsys, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds[:3]:
        shutil.copy(seed, folder / seed.name)
    lib = ["--library", str(tmp_path / "library.db")]
    assert run(capsys, *lib, "import", "--no-analyze", str(folder))[0] == 0  # watched names need no analysis
    watch = tmp_path / "watch.txt"
    watch.write_text("# people and places\nVladimir Putin\nMoscow\n", encoding="utf-8")
    assert run(capsys, *lib, "watch", "add", str(watch))[0] == 0
    before = {n["name"]: n["hits"] for n in run_json(capsys, *lib, "watch", "list")[0]["names"]}
    assert before["Moscow"] > 0
    code, out, _ = run(capsys, *lib, "watch", "seen")
    assert code == 0 and out == f"marked {sum(before.values())} new hits of 2 names as seen\n"
    assert run_json(capsys, *lib, "watch", "hits", "--new") == []
    code, out, _ = run(capsys, *lib, "watch", "hits", "--new")
    assert out == "(none)\n"

    for seed in seeds[3:]:
        shutil.copy(seed, folder / seed.name)
    code, out, _ = run(capsys, *lib, "import", "--no-analyze", str(folder))
    new = run_json(capsys, *lib, "watch", "hits", "--new")
    assert code == 0 and new and out.rstrip().endswith(f"{len(new)} new watchlist hits")
    later = {str(folder / seed.name) for seed in seeds[3:]}
    added = {d["id"] for d in run_json(capsys, *lib, "documents") if d["path"] in later}
    assert {h["document_id"] for h in new} <= added
    code, out, _ = run(capsys, *lib, "watch", "hits", "--new")
    assert code == 0 and out.splitlines()[0].split() == ["name", "new", "document_id", "start", "text", "context"]
    assert len(out.splitlines()) == len(new) + 1
    names = {n["name"]: n for n in run_json(capsys, *lib, "watch", "list")[0]["names"]}
    assert {name: names[name]["hits"] - names[name]["new"] for name in before} == before

    moscow_new = names["Moscow"]["new"]
    code, out, _ = run(capsys, *lib, "watch", "seen", "moscow")
    assert code == 0 and out == f"marked {moscow_new} new hit{'s' if moscow_new != 1 else ''} of 1 name as seen\n"
    assert run_json(capsys, *lib, "watch", "hits", "--new", "--name", "Moscow") == []
    assert {h["entity"] for h in run_json(capsys, *lib, "watch", "hits", "--new")} <= {"Vladimir Putin"}


def test_a_malformed_file_is_one_line_on_stderr_naming_it_and_changes_nothing(capsys, lib, tmp_path):
    columns = tmp_path / "columns.csv"
    columns.write_text("who,when\nAliyev,2020\n", encoding="utf-8")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    for command in (["watch", "add", str(columns)], ["watch", "add", str(binary)],
                    ["watch", "add", str(tmp_path / "missing.txt")],
                    ["entity", "rules", "--import", str(broken)], ["entity", "rules", "--import", str(other)]):
        code, out, err = run(capsys, *lib, *command)
        assert (code, out) == (1, ""), command
        assert err.count("\n") == 1 and err.startswith(f"reader: {command[-1]}: "), err
    assert run_json(capsys, *lib, "watch", "list") == [] and run_json(capsys, *lib, "entity", "rules") == []
    code, _, err = run(capsys, *lib, "watch", "hits", "--name", "Nobody")
    assert code == 1 and "no watched name 'Nobody'" in err
