"""Insights: the co-occurrence graph, the timeline and the tools menu that shows them."""
