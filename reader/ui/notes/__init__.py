"""Notes: the notes controller, panels, cards and the notes browser."""
