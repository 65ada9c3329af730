"""Entities: the entity panel, the entity table, corrections and their dialogs."""
