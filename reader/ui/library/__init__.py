"""The library: the document list, library search, and importing."""
