"""Dates written in text: ISO days from "2022-03-31", "March 31, 2022" or "31 March 2022" (pure)."""
from __future__ import annotations

import re
from datetime import date

_DATE_LINES, _DATE_CHARS = 15, 1500  # where a document's date is looked for
_MONTHS = {m: i for i, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"], 1)
    for m in names.split()}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?![\d-])"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(?P<year>\d{{4}})\b"),
)


def iso_date(value: str | None) -> str | None:
    """"YYYY-MM-DD" if `value` starts with a valid ISO day between 1900 and 2100, else None."""
    try:
        parsed = date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return parsed.isoformat() if 1900 <= parsed.year <= 2100 else None


def days_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO day) of every full date (day, month and year) written in `text`."""
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS.get(parts["month"].lower())
            if month and (day := iso_date(f"{parts['year']}-{month:02d}-{int(parts['day']):02d}")):
                found.append((match.start(), match.end(), day))
    return sorted(found)


def day_of(surface: str) -> str | None:
    """The ISO day a date mention names, if it names one with its year ("March 26, 2022")."""
    found = days_in(surface)
    return found[0][2] if found else None


def written_day(text: str) -> str | None:
    """The ISO day a reader typed, if the text is one day and nothing else ("2024-03-31", "March 31, 2024")."""
    written = " ".join(text.split())
    found = [day for start, end, day in days_in(written) if (start, end) == (0, len(written))]
    return found[0] if found else None


def line_date(line: str) -> str | None:
    """The ISO date a short line states, like "date 2022-03-31 By Trend" or "March 31, 2022"."""
    if len(line) > 100:
        return None
    for start, end, day in days_in(line):
        if len(re.findall(r"[^\W\d_]+", line[:start] + line[end:])) <= 4:
            return day
    return None


def text_date(text: str) -> str | None:
    """The date a document states in one of its top lines, if any."""
    return next(filter(None, map(line_date, text[:_DATE_CHARS].split("\n")[:_DATE_LINES])), None)
