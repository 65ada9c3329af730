"""What the window remembers between sessions: its size, panel sizes and docks, zoom, sort, and where the reader was."""
from __future__ import annotations

DOCK_STATE_KEY = "insights/dock_state"


def restore_size(window) -> None:
    settings = window.settings
    geometry, size = settings.value("geometry"), settings.value("size")
    restored = geometry is not None and window.restoreGeometry(geometry)
    if size is not None and (not restored or window.size() != size):
        window.resize(size)  # some platforms (offscreen, some Wayland) ignore saved geometry
    elif not restored:
        window.resize(1280, 800)


def restore_layout(window) -> None:
    settings = window.settings
    state = settings.value("splitter")
    if state is not None:
        window.splitter.restoreState(state)
    window.entity_panel.remember(settings)
    zoom = settings.value("zoom")
    if zoom is not None:
        window.article.view.set_zoom(float(zoom))
    window.library_panel.set_sort_key(str(settings.value("sort", "title")))


def save_layout(window) -> None:
    settings, view = window.settings, window.article.view
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("size", window.size())
    settings.setValue("splitter", window.splitter.saveState())
    settings.setValue("entity_splitter", window.entity_panel.splitter.saveState())
    settings.setValue("sort", window.library_panel.sort_key())
    settings.setValue("hidden_types", sorted(view.hidden_labels()))
    if window.runner is not None and not window._tools_pending:  # else the docks were never made: keep theirs
        settings.setValue(DOCK_STATE_KEY, window.saveState())
    settings.setValue("dim_clutter", view.clutter_dimmed())
    if window.current_document is not None:
        settings.setValue("last_document", window.current_document)
        settings.setValue("last_offset", view.scroll_offset())
    settings.sync()
