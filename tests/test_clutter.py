"""Page clutter as regions of saved text, the headline, and the title, on real-looking pages."""
from __future__ import annotations

from reader import clutter
from reader.clutter import find_clutter, headline, mask, title
from tests.conftest import SEEDS

PORTAL = """Skip to main content
Home | World | Politics | Business | Sport | Entertainment | Science
Search
Sign in   Subscribe

Sport › Striker signs for Leeds after e-mail row with website owner

Striker signs for Leeds after e-mail row with website owner

Tuesday, March 6, 2007

Anna Smith, the club's director, said on Tuesday that the striker had signed a two-year contract after a long
dispute over an e-mail he sent to the owner of a fan website. Smith said the club was pleased with the outcome.

The striker joins from Real Betis, where he scored eleven goals last season, and will wear the number nine shirt.

Share this article: Facebook Twitter WhatsApp Email

Related stories
Leeds to face Chelsea in semi-final
Messi out for three weeks with injury

Leave a comment
Your name
Your e-mail (will not be published)
Comment
Post comment

We use cookies to improve your experience. By continuing to browse you agree to our cookie policy. Accept

© 2024 Newswire Archive. All rights reserved. | Privacy | Terms of use
"""


def regions_text(text: str) -> list[str]:
    return [text[r.start:r.end] for r in find_clutter(text)]


def clutter_lines(text: str) -> set[str]:
    return {line.strip() for region in regions_text(text) for line in region.split("\n") if line.strip()}


def test_portal_clutter_is_found_and_the_article_kept():
    found = clutter_lines(PORTAL)
    for line in ("Skip to main content", "Home | World | Politics | Business | Sport | Entertainment | Science",
                 "Sign in   Subscribe", "Sport › Striker signs for Leeds after e-mail row with website owner",
                 "Share this article: Facebook Twitter WhatsApp Email", "Related stories",
                 "Leeds to face Chelsea in semi-final", "Leave a comment", "Your e-mail (will not be published)",
                 "Post comment", "© 2024 Newswire Archive. All rights reserved. | Privacy | Terms of use"):
        assert line in found, line
    assert any(line.startswith("We use cookies") for line in found)
    for kept in ("Striker signs for Leeds after e-mail row with website owner", "Tuesday, March 6, 2007"):
        assert kept not in found
    assert not any(line.startswith(("Anna Smith", "The striker joins")) for line in found)


def test_a_headline_with_e_mail_or_website_in_it_is_the_title_and_never_clutter():
    start, end = headline(PORTAL)
    assert PORTAL[start:end] == "Striker signs for Leeds after e-mail row with website owner"
    assert not any(r.start <= start < r.end for r in find_clutter(PORTAL))
    assert title(PORTAL) == "Striker signs for Leeds after e-mail row with website owner"


def test_offsets_stay_exact_and_masking_keeps_the_length():
    masked = mask(PORTAL, find_clutter(PORTAL))
    assert len(masked) == len(PORTAL)
    assert "Skip to main content" not in masked and "Anna Smith, the club's director" in masked
    assert [i for i, ch in enumerate(PORTAL) if ch == "\n"] == [i for i, ch in enumerate(masked) if ch == "\n"]


def test_comment_forms_toolbars_and_breadcrumbs_of_a_saved_forum_page():
    page = (SEEDS / "002_3fb71bd0b7f49efc.txt").read_text(encoding="utf-8")
    found = clutter_lines(page)
    assert "You have commented 339 times on Rantburg." in found
    assert "Bold Italic Underline Strike Bullet Blockquote Small Big Link Squish Foto Photo" in found
    assert {"Your Name", "Website (optional)", "Caucasus/Russia/Central Asia", "Posted by:badanov"} <= found
    assert title(page) == ("Analysts in Moscow and Baku assess the consequences of the withdrawal of "
                           "peacekeepers from Karabakh")


def test_repeated_headlines_keep_the_copy_above_the_article():
    page = (SEEDS / "003_942744ad2b73af30.txt").read_text(encoding="utf-8")
    line = "Fighting re-ignites between Azerbaijan and Armenia: Is Russia’s influence deteriorating?"
    start, end = headline(page)
    assert page[start:end] == line and page.index(line) < start  # the last copy, right above the article
    assert all(r.kind == "repeat" for r in find_clutter(page) if r.start < start)


def test_appeals_and_copyright_notes_around_the_article():
    page = (SEEDS / "001_44389988b1146c98.txt").read_text(encoding="utf-8")
    found = "\n".join(regions_text(page))
    for piece in ("Copyright © 2021", "The work of Euromaidan Press is supported", "Privacy and Cookie Policies.",
                  "Become a Patron!", "Please leave your suggestions or corrections here", "Related Posts"):
        assert piece in found, piece
    assert "President Ilham Aliyev and other Azerbaijani officials" not in found


def test_an_article_without_clutter_has_none():
    page = (SEEDS / "000_921d74831b875bee.txt").read_text(encoding="utf-8")
    assert find_clutter(page) == []
    assert title(page).startswith("Armenia and Russia’s unwillingness")


def test_url_lines_licences_and_e_mail_wrappers():
    page = ("From: alerts@newsfeed.example\nSubject: Your saved article: Springfield mayor resigns\n\n"
            "You saved this article to read later. View in browser\n\nSpringfield mayor resigns\n\n"
            "The mayor of Springfield resigned on Monday after a vote of no confidence in the council.\n\n"
            "Source: https://en.wikinews.org/wiki/Mayor_resigns\n"
            "This text comes from Wikinews, licensed under Creative Commons Attribution 2.5.\n\n"
            "You are receiving this email because you subscribed to Saved Articles.\nUnsubscribe | Manage preferences\n")
    found = clutter_lines(page)
    assert {"From: alerts@newsfeed.example", "Subject: Your saved article: Springfield mayor resigns",
            "Source: https://en.wikinews.org/wiki/Mayor_resigns", "Unsubscribe | Manage preferences"} <= found
    assert "Springfield mayor resigns" not in found and title(page) == "Springfield mayor resigns"
    assert not any(line.startswith("The mayor of Springfield") for line in found)


def test_region_kinds_are_named():
    kinds = {r.kind for r in find_clutter(PORTAL)}
    assert kinds <= {"comments", "cookies", "toolbar", "share", "copyright", "address", "navigation", "appeal",
                     "repeat", "e-mail"}
    assert clutter.Region(0, 1, "comments").kind == "comments"


def test_a_read_more_link_inside_the_article_does_not_swallow_the_paragraphs_after_it():
    long = ("The minister said the talks in Geneva had gone on for eleven hours and that both delegations "
            "had agreed to meet again next month to settle the remaining questions about the border.")
    page = (f"Talks end without a deal in Geneva\n\n{long}\n\nRead more: Earlier talks collapsed\n\n"
            f"Anna Smith, the envoy, left first.\n\nShe did not speak to reporters.\n\n{long}\n\n"
            "Related stories\nOther talks fail too\n")
    found = clutter_lines(page)
    assert "Read more: Earlier talks collapsed" in found and "Other talks fail too" in found
    assert not found & {"Anna Smith, the envoy, left first.", "She did not speak to reporters."}
