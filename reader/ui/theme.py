"""Colours, fonts and the stylesheet: entity colours per type for light and dark palettes."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from reader import labels
from reader.paths import RESOURCES_DIR

READING_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "Literata", "DejaVu Serif", "serif"]
UI_FAMILIES = ["Inter", "Segoe UI", "Cantarell", "Noto Sans", "DejaVu Sans", "sans-serif"]


@lru_cache(maxsize=1)
def _palette_file() -> dict:
    return json.loads((RESOURCES_DIR / "palette.json").read_text(encoding="utf-8"))


def label_order() -> list[str]:
    return list(labels.LABELS)


def label_name(label: str) -> str:
    """What a legend or a list calls things of this type: "People", "Places"."""
    return labels.plural(label)


def numeric_labels() -> frozenset[str]:
    return labels.VALUE_LABELS


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class LabelColours:
    background: QColor
    accent: QColor


def colours(label: str, dark: bool | None = None) -> LabelColours:
    scheme = _palette_file()["dark" if (is_dark() if dark is None else dark) else "light"]
    background, accent = scheme.get(label, scheme["_other"])
    return LabelColours(QColor(background), QColor(accent))


def reading_font(point_size: float) -> QFont:
    font = QFont()
    font.setFamilies(READING_FAMILIES)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def ui_font() -> QFont:
    font = QFont()
    font.setFamilies(UI_FAMILIES)
    return font


def stylesheet() -> str:
    return (RESOURCES_DIR / "style.qss").read_text(encoding="utf-8")
