"""Text offsets (code points) and Qt positions (UTF-16 units) map both ways, emoji and flags included."""
from __future__ import annotations

import pytest

from reader.ui.article.offsets import Utf16Map


@pytest.mark.parametrize("text", ["Flags 🇦🇿🇦🇲 Baku", "plain text", "𝐀𝐁𝐂", "a😀b😀😀c", "😀", ""])
def test_from_qt_inverts_to_qt_at_every_offset(text):
    mapping = Utf16Map(text)
    for offset in range(len(text) + 1):
        assert mapping.from_qt(mapping.to_qt(offset)) == offset


def test_flags_next_to_each_other():
    mapping = Utf16Map("Flags 🇦🇿🇦🇲 Baku")
    assert [mapping.to_qt(i) for i in (6, 7, 8, 9, 10, 11)] == [6, 8, 10, 12, 14, 15]
    assert [mapping.from_qt(p) for p in (6, 8, 10, 12, 14, 15)] == [6, 7, 8, 9, 10, 11]


def test_a_position_inside_a_surrogate_pair_maps_to_its_character():
    mapping = Utf16Map("a😀b")
    assert mapping.from_qt(2) == 1  # between the two halves of 😀
    assert mapping.to_qt(len("a😀b")) == len("a😀b".encode("utf-16-le")) // 2
