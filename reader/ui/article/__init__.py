"""The article: its view with highlights, header and legend, find, and the reading trail."""
