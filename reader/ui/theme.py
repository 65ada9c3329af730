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


def label_description(label: str) -> str:
    """What a type holds, for tooltips ("Regions: places without a government of their own…")."""
    return labels.describe(label)


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


# ---- the window's theme: the platform's, light or dark --------------------------------------

THEMES = {"system": "System", "light": "Light", "dark": "Dark"}
THEME_KEY = "view/theme"
_platform: dict[str, str] = {}  # "style": the platform's style (before any theme), "shown": the style in use


def chosen_theme(settings) -> str:
    """The theme the reader chose (remembered in `settings`), "system" by default."""
    name = str(settings.value(THEME_KEY, "system"))
    return name if name in THEMES else "system"


def theme_palette(name: str) -> QPalette:
    """The window's colours for the "light" or "dark" theme (reader/resources/palette.json, "chrome")."""
    roles = _palette_file()["chrome"][name]
    palette = QPalette()
    for group, colours in ((QPalette.ColorGroup.All, roles), (QPalette.ColorGroup.Disabled, roles["disabled"])):
        for role, colour in colours.items():
            if role != "disabled":
                palette.setColor(group, getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def apply_theme(name: str) -> None:
    """Colour the whole application: the platform's own look ("system"), or Reader's light or dark one.

    Light and dark use the Fusion style, which draws every widget from the palette; the entity colours
    follow (see colours()). Widgets that cache colours repaint on their PaletteChange event."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    _platform.setdefault("style", app.style().name().casefold())
    _platform.setdefault("shown", _platform["style"])
    style = "fusion" if name in ("light", "dark") else _platform["style"]
    if style != _platform["shown"]:
        app.setStyle(style)
        _platform["shown"] = style
    hints = app.styleHints()
    if name in ("light", "dark"):
        hints.setColorScheme(Qt.ColorScheme.Dark if name == "dark" else Qt.ColorScheme.Light)
        app.setPalette(theme_palette(name))
    else:
        hints.unsetColorScheme()
        app.setPalette(QPalette())  # the platform's palette again, following its light or dark mode
    app.setStyleSheet(app.styleSheet())  # palette(...) in the stylesheet is read again


def theme_actions(parent, settings, chosen) -> list:
    """View > Theme: System, Light, Dark (one checked); choosing one applies and remembers it, then calls
    `chosen(name)` so that the window can show its article in the new colours."""
    from PySide6.QtGui import QAction, QActionGroup

    group = QActionGroup(parent)
    group.setExclusive(True)
    current = chosen_theme(settings)
    actions = []
    for name, title in THEMES.items():
        action = QAction(title, parent, checkable=True, checked=name == current)
        action.setData(name)
        action.setToolTip({"system": "Follow the system's light or dark mode", "light": "Dark text on a light page",
                           "dark": "Light text on a dark page"}[name])
        action.triggered.connect(lambda checked=False, n=name: _choose(settings, n, chosen))
        group.addAction(action)
        actions.append(action)
    return actions


def _choose(settings, name: str, chosen) -> None:
    settings.setValue(THEME_KEY, name)
    apply_theme(name)
    chosen(name)
