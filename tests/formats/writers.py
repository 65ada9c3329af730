"""Real files of every format Reader imports, written from the same articles (tests and benchmarks).

PDFs come from reportlab (a real text layer in an embedded TrueType font), Word files from
python-docx, e-mail and web archives from the standard library, EPUB, feeds and RTF from
their own text.
"""
from __future__ import annotations

import mailbox
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import escape
from pathlib import Path


@dataclass(frozen=True)
class Article:
    title: str
    published: date
    author: str
    source: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def slug(self) -> str:
        return "-".join(self.title.lower().split()[:4])


ARTICLES = (
    Article("Peace talks resume in Brussels", date(2022, 3, 3), "Jane Doe", "Caucasus Review", (
        "Nikol Pashinyan met Ilham Aliyev in Brussels on Thursday for talks hosted by Charles Michel.",
        "The European Union offered to send monitors to the border between Armenia and Azerbaijan, "
        "a proposal that Moscow criticised the same evening.",
        "Officials in Yerevan said the next round would take place in April.",
    )),
    Article("Russian peacekeepers leave Karabakh", date(2024, 4, 19), "Anna Lee", "Baku Daily", (
        "Russian peacekeepers began to withdraw from Karabakh on Friday, the Kremlin confirmed.",
        "Dmitry Peskov told reporters that the decision had been taken by Vladimir Putin and Ilham Aliyev.",
        "Analysts in Moscow said the withdrawal marked the end of an era in the South Caucasus.",
    )),
    Article("Border clashes reported near Jermuk", date(2022, 9, 14), "Levon Sargsyan", "Yerevan Times", (
        "Armenia accused Azerbaijan of shelling positions near Jermuk overnight.",
        "The Collective Security Treaty Organization (CSTO) said it would send a mission to the region.",
        "Antony Blinken called both leaders and urged an end to the fighting.",
    )),
)


# -- PDF (reportlab) ---------------------------------------------------------------------

def _pdf_font() -> str:
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        fonts = Path(reportlab.__file__).parent / "fonts"
        pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont("VeraBd", str(fonts / "VeraBd.ttf")))
    return "Vera"


def write_pdf(path: Path, article: Article, *, title_in_metadata: bool = True, running_header: str | None = None,
              page_break_after: int | None = None, password: str | None = None) -> Path:
    """An article as a PDF: big headline, a date line, paragraphs; optionally a header on each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    font = _pdf_font()
    heading = ParagraphStyle("heading", fontName="VeraBd", fontSize=20, leading=24, spaceAfter=12)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13, spaceBefore=7)
    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=1)

    def header(canvas, document):
        if running_header:
            canvas.setFont(font, 8)
            canvas.drawString(72, A4[1] - 40, running_header)
            canvas.drawString(A4[0] / 2, 30, str(document.page))

    document = SimpleDocTemplate(str(path), pagesize=A4, title=article.title if title_in_metadata else "untitled",
                                 author=article.author, encrypt=encrypt)
    story = [Paragraph(escape(article.title), heading),
             Paragraph(article.published.strftime("%B %-d, %Y"), body)]
    for number, paragraph in enumerate(article.paragraphs):
        story.append(Paragraph(escape(paragraph), body))
        if page_break_after is not None and number == page_break_after:
            story.append(PageBreak())
    document.build(story, onFirstPage=header, onLaterPages=header)
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures (like a scan): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(60, 760, 24):  # lines of "print"
        draw.rectangle([60, y, 540 - (y % 90), y + 10], fill=30)
    canvas = Canvas(str(path))
    for _ in range(2):
        canvas.drawImage(ImageReader(picture), 40, 40, width=500, height=700)
        canvas.showPage()
    canvas.save()
    return path


# -- Word (python-docx) ------------------------------------------------------------------

def write_docx(path: Path, article: Article, *, core_title: bool = True, dated_text: bool = True) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(article.title, level=0)
    if dated_text:
        document.add_paragraph(f"{article.source}, {article.published:%d %B %Y}")
    for paragraph in article.paragraphs:
        document.add_paragraph(paragraph)
    properties = document.core_properties
    properties.title = article.title if core_title else ""
    properties.author = article.author
    properties.created = datetime(2030, 1, 2, tzinfo=timezone.utc) if dated_text else \
        datetime.combine(article.published, datetime.min.time(), timezone.utc)
    document.save(str(path))
    return path


def write_nexis_docx(path: Path, articles: tuple[Article, ...]) -> Path:
    """A Nexis Uni export: a cover page, then each article with its fields and "End of Document"."""
    import docx

    document = docx.Document()
    for line in ("User Name: Jane Analyst", "Date and Time: Monday, March 7, 2022 10:00:00 AM EST",
                 "Job Number: 167349", f"Documents ({len(articles)})"):
        document.add_paragraph(line)
    for number, article in enumerate(articles, start=1):
        document.add_paragraph(f"{number}. {article.title}")
        document.add_paragraph("Client/Matter: -None-")
        document.add_paragraph("Search Terms: Karabakh")
    for article in articles:
        for line in nexis_lines(article):
            document.add_paragraph(line)
    document.save(str(path))
    return path


def nexis_lines(article: Article) -> list[str]:
    return [article.title, article.source, f"{article.published:%B %-d, %Y %A}",
            f"Copyright {article.published.year} {article.source} All Rights Reserved",
            "Section: WORLD; Pg. 4", f"Length: {len(article.body.split())} words", f"Byline: {article.author}",
            "Body", *article.paragraphs, f"Load-Date: {article.published:%B %-d, %Y}", "End of Document"]


# -- RTF ---------------------------------------------------------------------------------

def rtf(paragraphs: list[str], title: str | None = None) -> str:
    def escaped(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                code = ord(ch)
                out.append(f"\\u{code - 65536 if code > 32767 else code}?")
        return "".join(out)

    info = f"{{\\info{{\\title {escaped(title)}}}}}" if title else ""
    body = "".join(f"{{\\pard\\f0\\fs22 {escaped(p)}\\par}}\n" for p in paragraphs)
    return f"{{\\rtf1\\ansi\\ansicpg1252\\deff0{{\\fonttbl{{\\f0\\froman Times New Roman;}}}}{info}\n{body}}}\n"


def write_factiva_rtf(path: Path, articles: tuple[Article, ...]) -> Path:
    """A Factiva export in its article format: headline, byline, words, date, source, code, ..."""
    lines = []
    for number, article in enumerate(articles, start=1):
        lines += [article.title, f"By {article.author}", f"{len(article.body.split())} words",
                  f"{article.published.day} {article.published:%B %Y}", article.source, "CAUREV", "English",
                  f"(c) {article.published.year} {article.source}. All rights reserved.", *article.paragraphs,
                  f"Document CAUREV0020{article.published:%Y%m%d}ei3300{number:03d}x"]
    path.write_text(rtf(lines), encoding="ascii")
    return path


# -- e-mail, mailboxes, web archives (standard library) ----------------------------------

def message(article: Article, *, html: bool = False, attachment: str | None = None,
            message_id: str | None = None) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"{article.author} <{article.author.split()[0].lower()}@example.org>"
    mail["To"] = "Desk <desk@example.org>"
    mail["Subject"] = article.title
    mail["Date"] = format_datetime(datetime.combine(article.published, datetime.min.time(), timezone.utc)
                                   .replace(hour=9))
    mail["Message-ID"] = message_id or make_msgid(domain="example.org")
    if html:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
        mail.set_content(f"<html><head><title>{escape(article.title)}</title></head><body><article>"
                         f"{paragraphs}</article><footer>Unsubscribe from this newsletter</footer></body></html>",
                         subtype="html")
    else:
        mail.set_content(article.body + "\n")
    if attachment:
        mail.add_attachment(b"%PDF-1.4 not imported", maintype="application", subtype="pdf", filename=attachment)
    return mail


def write_eml(path: Path, mail: EmailMessage) -> Path:
    path.write_bytes(mail.as_bytes())
    return path


def write_mbox(path: Path, mails: list[EmailMessage]) -> Path:
    path.unlink(missing_ok=True)
    box = mailbox.mbox(str(path))
    try:
        for mail in mails:
            box.add(mail)
        box.flush()
    finally:
        box.close()
    return path


def write_mhtml(path: Path, article: Article) -> Path:
    """A page saved by a browser as one file: the HTML (with page clutter) and an image."""
    page = EmailMessage()
    page["From"] = "<Saved by Blink>"
    page["Snapshot-Content-Location"] = f"https://news.example.org/{article.slug}"
    page["Subject"] = article.title
    page["Date"] = "Sat, 1 Jan 2030 10:00:00 -0000"  # when it was saved, not published
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    html = (f"<html><head><title>{escape(article.title)}</title>"
            f"<meta property='article:published_time' content='{article.published.isoformat()}'>"
            f"<link rel='stylesheet' href='https://cdn.example.org/site.css'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> Subscribe to our newsletter</nav>"
            f"<article><h1>{escape(article.title)}</h1><img src='https://cdn.example.org/photo.png'>"
            f"{paragraphs}</article><footer>Copyright 2030 Example News. All rights reserved.</footer>"
            f"<script src='https://tracker.example.org/t.js'></script></body></html>")
    page.set_content(html, subtype="html", cte="quoted-printable")
    page.add_related(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png",
                     headers=["Content-Location: https://cdn.example.org/photo.png"])
    path.write_bytes(page.as_bytes())
    return path


# -- EPUB (zip + OPF + XHTML) ------------------------------------------------------------

def write_epub(path: Path, articles: tuple[Article, ...], book_title: str = "Caucasus Review, March 2022") -> Path:
    chapters = [(f"ch{n}", f"text/ch{n}.xhtml", article) for n, article in enumerate(articles, start=1)]
    manifest = "".join(f'<item id="{i}" href="{href}" media-type="application/xhtml+xml"/>' for i, href, _ in chapters)
    spine = "".join(f'<itemref idref="{i}"/>' for i, _, _ in chapters)
    nav_links = "".join(f'<li><a href="{href}">{escape(a.title)}</a></li>' for _, href, a in chapters)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", (
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            '</rootfiles></container>'))
        book.writestr("OEBPS/content.opf", (
            '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"'
            ' unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:identifier id="id">urn:uuid:1234</dc:identifier><dc:title>{escape(book_title)}</dc:title>'
            '<dc:creator>Caucasus Review</dc:creator><dc:date>2022-03-31</dc:date><dc:language>en</dc:language>'
            '</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
            '<item id="cover" href="text/cover.xhtml" media-type="application/xhtml+xml"/>'
            f'{manifest}</manifest><spine><itemref idref="cover"/>{spine}</spine></package>'))
        book.writestr("OEBPS/nav.xhtml", _xhtml("Contents", f'<nav epub:type="toc"><ol>{nav_links}</ol></nav>'))
        book.writestr("OEBPS/text/cover.xhtml", _xhtml(book_title, f"<h1>{escape(book_title)}</h1>"))
        for _, href, article in chapters:
            body = f"<h1>{escape(article.title)}</h1>" + "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
            book.writestr(f"OEBPS/{href}", _xhtml(book_title, body))
    return path


def _xhtml(title: str, body: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"'
            f' xmlns:epub="http://www.idpf.org/2007/ops"><head><title>{escape(title)}</title></head>'
            f'<body>{body}</body></html>')


# -- feeds -------------------------------------------------------------------------------

def rss(articles: tuple[Article, ...]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>https://news.example.org/{a.slug}</link>"
        f"<guid>https://news.example.org/{a.slug}</guid>"
        f"<pubDate>{format_datetime(datetime.combine(a.published, datetime.min.time(), timezone.utc))}</pubDate>"
        f"<author>{a.author.split()[0].lower()}@example.org ({escape(a.author)})</author>"
        f"<description>{escape(a.paragraphs[0][:40])}</description>"
        f"<content:encoded><![CDATA[{''.join(f'<p>{escape(p)}</p>' for p in a.paragraphs)}"
        f"<img src='https://cdn.example.org/{a.slug}.png'>]]></content:encoded></item>" for a in articles)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Caucasus Wire</title>'
            f'<link>https://news.example.org/</link><description>News</description>{items}</channel></rss>')


def atom(articles: tuple[Article, ...]) -> str:
    entries = "".join(
        f"<entry><title>{escape(a.title)}</title><id>tag:example.org,2022:{a.slug}</id>"
        f"<link href='https://news.example.org/{a.slug}'/><updated>{a.published.isoformat()}T08:00:00Z</updated>"
        f"<author><name>{escape(a.author)}</name></author>"
        f"<content type='html'>{escape(''.join(f'<p>{escape(p)}</p>' for p in a.paragraphs))}</content></entry>"
        for a in articles)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<title>Caucasus Atom</title><id>tag:example.org,2022:feed</id><updated>2024-04-19T08:00:00Z</updated>'
            f'{entries}</feed>')
