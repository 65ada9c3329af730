"""E-mail (.eml) and mailboxes (.mbox) through the standard library: one document per message.

A message's text is a short header block (From, To, Cc, Date), then its plain-text part, or
its HTML part through the same main-text extraction as an .html file; attachments are
named at the end and in the metadata, never imported.
"""
from __future__ import annotations

import email.utils
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from reader.documents import html_main_text
from reader.errors import RefusedFile
from reader.formats.common import check_readable, clean_text, make_document, part_path, read_bytes, to_iso
from reader.models import Refusal, SourceDocument

_HEADERS = ("From", "To", "Cc", "Date")


def read(file: Path) -> Iterator[SourceDocument | Refusal]:
    if file.suffix.lower() == ".mbox":
        yield from _read_mailbox(file)
        return
    message = parse_message(read_bytes(file))
    if not any(message[name] for name in ("From", "Date", "Subject", "Message-ID")):
        raise RefusedFile(str(file), "is not an e-mail (it has no From, Date, Subject or Message-ID header)")
    yield message_document(file, message, part=None)


def parse_message(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)


def _read_mailbox(file: Path) -> Iterator[SourceDocument | Refusal]:
    import mailbox

    check_readable(file, limit=None)  # a mailbox is read one message at a time
    try:
        with file.open("rb") as probe:
            start = probe.read(5)
    except OSError as error:
        raise RefusedFile(str(file), f"cannot be read: {error.strerror or error}") from None
    if start != b"From ":
        raise RefusedFile(str(file), "is not an mbox mailbox (it does not start with a 'From ' line)")
    box = mailbox.mbox(str(file), create=False)
    seen: dict[str, int] = {}
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            message = parse_message(box.get_bytes(key))
            part = _message_key(message) or str(number)
            seen[part] = seen.get(part, 0) + 1
            if seen[part] > 1:  # the same message saved twice
                part = f"{part}~{seen[part]}"
            try:
                yield message_document(file, message, part)
            except RefusedFile as error:
                yield Refusal(part_path(file, part), error.reason)
            except Exception as error:  # one damaged message must not stop the mailbox
                yield Refusal(part_path(file, part), f"message {number} cannot be read ({type(error).__name__})")
    finally:
        box.close()


def message_document(file: Path, message: EmailMessage, part: str | None) -> SourceDocument:
    """One message as a document: headers, the text of its body, its attachments named."""
    body, html_title = _body_text(message)
    attachments = [_attachment_name(a) for a in message.iter_attachments()]
    header = [f"{name}: {' '.join(str(message[name]).split())}" for name in _HEADERS if message[name]]
    pieces = ["\n".join(header), body]
    if attachments:
        pieces.append("Attachments: " + ", ".join(attachments))
    text = clean_text("\n\n".join(p for p in pieces if p.strip()))
    if not text:
        raise RefusedFile(str(file), "this message has no headers and no text")
    sender_name, sender_address = email.utils.parseaddr(str(message["From"] or ""))
    subject = " ".join(str(message["Subject"] or "").split())
    return make_document(
        file, text, part=part,
        title=subject or html_title or (f"Message from {sender_name or sender_address}" if message["From"] else None),
        published=_header_date(message),
        meta={"from": str(message["From"] or ""), "to": str(message["To"] or ""),
              "cc": str(message["Cc"] or ""), "message_id": str(message["Message-ID"] or "").strip(),
              "attachments": attachments},
    )


def part_text(part: EmailMessage) -> str:
    """A text part's content as a string, whatever its charset says (wrong ones replaced)."""
    try:
        content = part.get_content()
        if isinstance(content, str):
            return content
    except (LookupError, KeyError, ValueError, AssertionError):
        pass
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _body_text(message: EmailMessage) -> tuple[str, str | None]:
    """(text, title of its HTML page) of the message's plain-text body, else of its HTML body."""
    plain = message.get_body(preferencelist=("plain",))
    if plain is not None and (text := part_text(plain).strip()):
        return text, None
    html = message.get_body(preferencelist=("html",))
    if html is None:
        return "", None
    text, title, _ = html_main_text(part_text(html))
    return text, title


def _attachment_name(part: EmailMessage) -> str:
    if name := part.get_filename():
        return " ".join(name.split())
    if part.get_content_type() == "message/rfc822" and isinstance(inner := part.get_content(), EmailMessage):
        return f"message “{' '.join(str(inner['Subject'] or '').split())}”"
    return f"unnamed {part.get_content_type()}"


def _message_key(message: EmailMessage) -> str | None:
    value = str(message["Message-ID"] or "").strip().strip("<>").strip()
    return value or None


def _header_date(message: EmailMessage) -> str | None:
    value = str(message["Date"] or "").strip()
    if not value:
        return None
    try:
        return to_iso(email.utils.parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None
