"""The entity workbench in the window: merge suggestions, bulk corrections, corrections files, watchlists."""
