"""Page clutter around saved articles: the .txt styles and the .html page styles of the gold corpus.

Every style is made up for the corpus (no real site's page is copied). A style gets the clean
article text and the article's entry in data/styles.json (title, date, url, section, related
headlines, tags, and the style's own extras: comments, replies, byline...). The first five .txt
styles and "html" are those of the first 40 articles and must not change: build.py rebuilds
those files byte for byte.
"""
import html

TRENDING = ["Brexit", "Champions League", "Oscars", "Stock markets", "Weather"]


def _paras(text):
    return [p for p in text.split("\n\n")]


# -- the styles of articles 01-40 (frozen) -----------------------------------------------

def txt_portal(a):
    head = (f"Skip to main content\nHome | World | Politics | Business | Sport | Entertainment | Science\n"
            f"Search\nSign in   Subscribe\n\n{a['section']} › {a['title']}\n\n")
    foot = ("\n\nShare this article: Facebook Twitter WhatsApp Email\n\n"
            "Related stories\n" + "\n".join(a['related']) + "\n\n"
            "Leave a comment\nYour name\nYour e-mail (will not be published)\nComment\nPost comment\n\n"
            "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy. Accept\n\n"
            f"© 2024 Newswire Archive. All rights reserved. | Privacy | Terms of use\n")
    return head, foot


def txt_blog(a):
    head = (f"{a['title']} | My News Clippings\n"
            "Menu\nAbout  Archive  Contact\n\n"
            f"Posted by newsreader_77 on {a['date']} in {a['section']}\n\n")
    foot = (f"\n\nSource: {a['url']}\n"
            "This text comes from Wikinews, licensed under Creative Commons Attribution 2.5.\n\n"
            f"Tags: {', '.join(a['tags'])}\n\n"
            "3 thoughts on this post\nReply\nLeave a Reply\nYour email address will not be published. Required fields are marked *\n"
            "Name *   Email *   Website\nSave my name, email, and website in this browser for the next time I comment.\n\n"
            "Follow us on Twitter and Facebook\nPowered by WordPress\n")
    return head, foot


def txt_print(a):
    head = (f"{a['url']}\n\nPrint this page    Close window\n\n")
    foot = (f"\n\n---------------------------------------------\n"
            f"Retrieved from \"{a['url']}\"\n"
            f"Categories: {' | '.join(a['tags'])}\n"
            "This page was last edited on 2019-11-05. Text is available under the Creative Commons Attribution 2.5 License.\n")
    return head, foot


def txt_aggregator(a):
    head = (f"NEWSFEED ▸ {a['section'].upper()}\n\nTrending: " + " · ".join(a['trending']) + "\n\n"
            f"{a['title']}\n\nBy Wikinews contributors · 4 min read\n"
            "Listen to this article ▶\nAdvertisement\n\n")
    foot = ("\n\nAdvertisement\n\nRead more:\n" + "\n".join("• " + r for r in a['related']) + "\n\n"
            "Sign up for our newsletter — the day's top stories in your inbox. Subscribe\n\n"
            "About us · Advertise · Cookie settings · Privacy policy\n© NewsFeed Media 2024\n")
    return head, foot


def txt_email(a):
    head = (f"From: alerts@newsfeed.example\nSubject: Your saved article: {a['title']}\n\n"
            "You saved this article to read later. View in browser\n\n")
    foot = ("\n\nYou are receiving this email because you subscribed to Saved Articles.\n"
            "Unsubscribe | Manage preferences\n"
            f"Original link: {a['url']}\n")
    return head, foot


# -- styles added with articles 41-65 ----------------------------------------------------

def txt_forum(a):
    """A forum thread whose opening post pastes the article; replies name the same people."""
    user = a["poster"]
    head = (f"Community » Forums » {a['section']} » {a['title']}\n\n"
            f"Thread: {a['title']}\n"
            f"Started by {user} · {len(a['replies'])} replies · {a['views']} views\n\n"
            f"#1  {user}  (Posts: 2,318)\n"
            "Found this write-up, pasting the whole thing here for the archive:\n\n")
    replies = "".join(f"#{n}  {who}\n{what}\n[ Quote ]  [ Reply ]  [ Report ]\n\n"
                      for n, (who, what) in enumerate(a["replies"], start=2))
    foot = ("\n\n[ Quote ]  [ Reply ]  [ Report ]\n\n" + replies +
            "Quick reply\nB  I  U  S  |  Quote  Code  Link  Image  |  Smilies\n"
            "You must be logged in to reply. Log in | Register\n\n"
            "Forum rules · Contact the moderators · Delete cookies · All times are UTC-05:00\n"
            "Powered by a forum board · Style by pitlane_themes\n")
    return head, foot


def txt_mobile(a):
    """Copied from a phone: hamburger menu, text-size and listen buttons, a comment counter."""
    head = (f"≡   {a['site']}   ⌕\n{a['section'].upper()}\n\n{a['title']}\n"
            f"{a['byline']} · {a['date']}\n"
            "Aa   🔊 Listen   ↗ Share   ☆ Save\n\n")
    popular = "".join(f"{n}. {r}\n" for n, r in enumerate(a["related"], start=1))
    foot = ("\n\nTap to share: WhatsApp · Messenger · SMS · Copy link\n"
            "━━━━━━━━━━━━━━\nMOST POPULAR\n" + popular + "━━━━━━━━━━━━━━\n"
            f"Comments ({a['comment_count']})\n"
            f"You have commented {a['commented']} times on this story\n"
            "Write a comment…\n[ Post ]\n\n"
            "Back to top ↑\nTerms · Privacy · Cookie preferences · Desktop site\n")
    return head, foot


def txt_comments(a):
    """A news page with share buttons above and a reader-comment thread below the article."""
    head = (f"{a['site']} | {a['section']}\n\n{a['title']}\n\n"
            f"By {a['byline']} | Published {a['date']} | Updated {a['updated']}\n"
            "[f] Share   [t] Tweet   [in] Share   [✉] Email   [⎙] Print\n\n")
    comments = "".join(f"{who} · {when}\n{what}\nReply · Like ({likes})\n\n"
                       for who, when, what, likes in a["comments"])
    foot = (f"\n\nTopics: {', '.join(a['tags'])}\n\n"
            f"{len(a['comments'])} COMMENTS\nSort by: Newest | Oldest | Most liked\n\n" + comments +
            "Load more comments\n\nAdd your comment\nB   I   U   |   “ ”   |   🔗   |   ☺\n"
            f"You have commented {a['commented']} times. Comments are moderated and may take a few minutes to appear.\n"
            "Submit\n\nThis site uses cookies. By continuing to use it you accept our cookie policy. OK\n"
            f"{a['url']}\n")
    return head, foot


def txt_wiki(a):
    """A wiki news page saved with its navigation, talk tabs, sources box and licence footer."""
    head = ("Jump to navigation  Jump to search\n\n"
            "Not logged in   Talk   Contributions   Create account   Log in\n"
            "Page   Discussion   Read   Edit   View history\n\n"
            f"{a['title']}\n\nFrom the open news wiki\n\n")
    sources = "".join(f"  • {s}\n" for s in a["sources"])
    foot = ("\n\nSources\n" + sources +
            "\nShare this:  Facebook · Twitter · Reddit · Email\n\n"
            f"Categories: {' | '.join(a['tags'])}\n\n"
            f"This page was last edited on {a['edited']}.\n"
            "Content is available under Creative Commons Attribution 2.5 unless otherwise noted.\n"
            "Privacy policy   About   Disclaimers   Mobile view\n")
    return head, foot


def txt_digest(a):
    """The article as the top story of an e-mail newsletter, other headlines below."""
    head = (f"THE MORNING DIGEST — {a['digest_date']}\n"
            f"In today's edition: {' · '.join(a['tags'])}\n"
            "View this email in your browser\n\n"
            f"──────── TOP STORY · {a['section'].upper()} ────────\n\n")
    also = "".join(f"▸ {r}\n" for r in a["related"])
    foot = ("\n\nContinue reading on our website →\n\n"
            "──────── ALSO IN THE NEWS ────────\n" + also +
            "\nForward to a friend · Update your preferences · Unsubscribe\n"
            "You're receiving the Morning Digest because you signed up on our website.\n"
            "Morning Digest, 1200 Example Avenue, Suite 300\n")
    return head, foot


def txt_pocket(a):
    """A read-later app's plain-text export: reading time, save date, tags, app footer."""
    head = (f"{a['title']}\n{a['domain']} · {a['minutes']} min read\n"
            f"Saved {a['saved']} · Tags: {', '.join(a['tags'])}\n"
            "─────────────────────────────\n\n")
    foot = ("\n\n─────────────────────────────\n"
            "View original · Archive · Delete · Highlights (0) · Listen\n"
            f"{a['url']}\n"
            "Exported with ReadLater for Desktop 4.2\n")
    return head, foot


def txt_editor(a):
    """Pasted out of a blog editor: menus, formatting toolbar, word count, publish box."""
    head = ("File   Edit   View   Insert   Format   Tools   Table   Help\n"
            "Paragraph ▾   B   I   U   S   x²   x₂   ≡   ≣   ⇤   ⇥   Link   Unlink   Image   Undo   Redo\n"
            f"Draft saved at {a['saved_at']}.   Word count: {a['words']}\n\n"
            f"Add title\n{a['title']}\n\n")
    boxes = "".join(f"{'☑' if ticked else '☐'} {name}   " for name, ticked in a["categories"])
    foot = ("\n\n¶\n\nCategories\n" + boxes.rstrip() + "\n"
            f"Tags: {', '.join(a['tags'])}   Add\n"
            "Excerpt\nWrite an excerpt (optional)\n"
            "Status: Draft   Visibility: Public   Publish immediately\n"
            "Save Draft   Preview   Publish\n")
    return head, foot


TXT_STYLES = {"portal": txt_portal, "blog": txt_blog, "print": txt_print, "aggregator": txt_aggregator,
              "email": txt_email, "forum": txt_forum, "mobile": txt_mobile, "comments": txt_comments,
              "wiki": txt_wiki, "digest": txt_digest, "pocket": txt_pocket, "editor": txt_editor}


def make_txt(article_text, a):
    head, foot = TXT_STYLES[a['style']](a)
    return head + article_text.rstrip("\n") + foot


# -- HTML pages --------------------------------------------------------------------------

def make_html(article_text, a):
    paras = _paras(article_text.rstrip("\n"))
    title, dateline, body = paras[0], paras[1], paras[2:]
    esc = html.escape
    related = "".join(f"<li><a href=\"#\">{esc(r)}</a></li>" for r in a['related'])
    menu = "".join(f"<li><a href=\"#\">{m}</a></li>" for m in ["Home", "World", "Politics", "Business", "Sport", "Culture"])
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)} - News Archive</title>
<meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="{a['date']}">
<link rel="canonical" href="{esc(a['url'])}">
</head>
<body>
<div id="cookie-banner">We use cookies to personalise content and ads. <button>Accept all</button> <a href="#">Cookie settings</a></div>
<header><a class="logo" href="#">News Archive</a>
<nav><ul>{menu}</ul></nav>
<form class="search"><input type="text" placeholder="Search"><button>Go</button></form>
</header>
<main>
<article>
<h1>{esc(title)}</h1>
<p class="dateline">{esc(dateline)}</p>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
{body_html}
<p class="source">Source: <a href="{esc(a['url'])}">Wikinews</a>, CC BY 2.5</p>
</article>
<aside><h2>Most read</h2><ul>{related}</ul></aside>
</main>
<footer><p>© 2024 News Archive. All rights reserved.</p><p><a href="#">Privacy</a> · <a href="#">Terms of use</a> · <a href="#">Contact</a></p></footer>
</body>
</html>
"""


def make_html_magazine(article_text, a):
    """A magazine page: breadcrumbs, byline box, listen button, trending sidebar, newsletter box."""
    paras = _paras(article_text.rstrip("\n"))
    title, dateline, body = paras[0], paras[1], paras[2:]
    esc = html.escape
    crumbs = " › ".join(f'<a href="#">{esc(c)}</a>' for c in ["Home"] + a["crumbs"])
    trending = "".join(f'<li><a href="#"><span class="rank">{n}</span> {esc(r)}</a></li>'
                       for n, r in enumerate(a["related"], start=1))
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(a['site'])}</title>
<meta name="description" content="{esc(body[0][:150])}">
<meta property="article:published_time" content="{a['date']}T09:30:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{esc(title)}"}}</script>
</head>
<body class="article-page">
<a class="skip" href="#content">Skip to content</a>
<div class="masthead"><span class="brand">{esc(a['site'])}</span>
<ul class="sections"><li>News</li><li>Opinion</li><li>Culture</li><li>Money</li><li>Obituaries</li></ul>
<a class="subscribe" href="#">Subscribe from £1 a week</a> <a href="#">Sign in</a></div>
<div class="breadcrumbs">{crumbs}</div>
<div id="content" class="layout">
<div class="story">
<h1 class="headline">{esc(title)}</h1>
<p class="dateline">{esc(dateline)}</p>
<div class="byline">By <a href="#">{esc(a['byline'])}</a> · <time datetime="{a['date']}">{esc(a['date'])}</time> · 5 min read</div>
<div class="tools"><button>Listen</button> <button>Gift article</button> <button>Save</button></div>
{body_html}
<div class="licence">This article is republished from Wikinews under CC BY 2.5.</div>
</div>
<div class="rail">
<h3>Trending now</h3>
<ol>{trending}</ol>
<div class="newsletter"><h3>The Briefing</h3><p>Our editors' pick of the day, every weekday morning.</p>
<form><input type="email" placeholder="Your email address"><button>Sign up</button></form></div>
</div>
</div>
<div class="consent">We and our 146 partners store and access information on your device. <button>I accept</button> <button>Manage options</button></div>
<footer><ul><li>About us</li><li>Contact</li><li>Complaints</li><li>Careers</li><li>Advertise</li></ul>
<p>© {esc(a['site'])} Ltd 2024. Registered in England and Wales.</p></footer>
</body>
</html>
"""


def make_html_comments(article_text, a):
    """A local-news page with a comment thread and a comment form under the article."""
    paras = _paras(article_text.rstrip("\n"))
    title, dateline, body = paras[0], paras[1], paras[2:]
    esc = html.escape
    body_html = "\n".join(f"<p>{esc(p)}</p>" for p in body)
    comments = "".join(
        f'<div class="comment"><div class="who">{esc(who)}</div><div class="when">{esc(when)}</div>'
        f'<div class="what">{esc(what)}</div><div class="acts">Reply · Report · ▲ {likes}</div></div>\n'
        for who, when, what, likes in a["comments"])
    related = "".join(f"<li><a href=\"#\">{esc(r)}</a></li>" for r in a['related'])
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="date" content="{a['date']}">
</head>
<body>
<div class="topbar">{esc(a['site'])} · <a href="#">Weather</a> · <a href="#">Traffic</a> · <a href="#">Contests</a> · <a href="#">Log in</a></div>
<div class="wrap">
<div class="post">
<h1>{esc(title)}</h1>
<p class="dateline">{esc(dateline)}</p>
{body_html}
<p class="credit">From Wikinews (CC BY 2.5).</p>
</div>
<div class="related"><h4>You may also like</h4><ul>{related}</ul></div>
<section id="comments">
<h3>{len(a['comments'])} Comments</h3>
{comments}<div class="form">
<h4>Leave a comment</h4>
<div class="toolbar">B I U S | Quote | Link | Emoji</div>
<textarea placeholder="Join the discussion…"></textarea>
<p class="note">You have commented {a['commented']} times. Please keep it civil.</p>
<button>Post comment</button>
</div>
</section>
</div>
<footer>© 2024 {esc(a['site'])} · Privacy · Terms · Do not sell my information</footer>
</body>
</html>
"""


def make_html_legacy(article_text, a):
    """An old table-layout news site: tool links, byline and related links inside the story cell."""
    paras = _paras(article_text.rstrip("\n"))
    title, dateline, body = paras[0], paras[1], paras[2:]
    esc = html.escape
    body_html = "\n".join(f"<p><font face=\"Verdana\" size=\"2\">{esc(p)}</font></p>" for p in body)
    related = "<br>\n".join(f'<a href="#">{esc(r)}</a>' for r in a["related"])
    nav = " | ".join(f'<a href="#">{n}</a>' for n in ["Home", "Local", "State", "Nation", "Weather", "Sports", "Obituaries"])
    return f"""<html>
<head>
<title>{esc(a['site'])} :: {esc(title)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
</head>
<body bgcolor="#FFFFFF">
<table width="760" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2"><img src="masthead.gif" alt="{esc(a['site'])}"><br>{nav}</td></tr>
<tr><td width="160" valign="top"><font size="1"><b>SECTIONS</b><br>News<br>Business<br>Opinion<br>Classifieds<br>Contact us</font></td>
<td width="600" valign="top">
<font face="Verdana" size="4"><b>{esc(title)}</b></font>
<p><font face="Verdana" size="2">{esc(dateline)}</font></p>
<p><font size="1">Posted by {esc(a['byline'])} · <a href="#">Printer-friendly version</a> · <a href="#">E-mail this story</a></font></p>
{body_html}
<p><font size="1">Copyright {esc(a['site'])}. Story text: Wikinews, CC BY 2.5.</font></p>
<p><font size="2"><b>Related stories:</b><br>
{related}</font></p>
</td></tr>
<tr><td colspan="2" align="center"><font size="1">Site Map | Advertise | Privacy Policy | Terms of Use<br>All content © {esc(a['site'])}. All rights reserved.</font></td></tr>
</table>
</body>
</html>
"""


HTML_STYLES = {"html": make_html, "html_magazine": make_html_magazine, "html_comments": make_html_comments,
               "html_legacy": make_html_legacy}
