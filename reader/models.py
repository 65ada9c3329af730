"""Frozen dataclasses that cross layers: documents, mentions, entities, notes."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceDocument:
    """A file read from disk, before it is stored: its main text and metadata."""

    path: str  # absolute path; "path#part" for one of several documents in a file (a message, an article)
    title: str
    published: str | None  # ISO date "YYYY-MM-DD" when known
    text: str  # exactly as read, line endings normalised to "\n", BOM removed
    content_hash: str  # sha256 hex of `text`
    words: int
    # what the file says besides the text: sender, source, byline, link, pages, attachments...
    meta: Mapping[str, object] = field(default_factory=dict, hash=False)
    warnings: tuple[str, ...] = ()  # what reading had to change, e.g. bytes that were not UTF-8


@dataclass(frozen=True)
class Refusal:
    """A file that was not imported, and why (a reason a user can act on)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Document:
    id: int
    path: str
    title: str
    published: str | None
    content_hash: str
    text: str
    words: int
    imported_at: str
    analysed_with: str | None
    mentions: int = 0  # linked mentions, filled by listing queries
    meta: Mapping[str, object] = field(default_factory=dict, hash=False)  # as on SourceDocument


@dataclass(frozen=True)
class DocumentInfo:
    """A document as a library list shows it (no text)."""

    id: int
    path: str
    title: str
    published: str | None
    words: int
    mentions: int
    entities: int
    analysed_with: str | None
    story: int | None = None  # its story (near-duplicates share one); None until grouped
    also_in: int = 0  # how many other documents tell the same story (near-duplicates)
    read: bool = False  # the reader has opened it


@dataclass(frozen=True)
class NearDuplicate:
    """Another document telling the same story (a near-duplicate: same text, small edits)."""

    id: int
    title: str
    path: str
    published: str | None
    source: str | None  # the outlet, sender or site, when the file said
    similarity: float  # estimated share of shared word 5-grams (Jaccard), 0-1


@dataclass(frozen=True)
class MentionGroup:
    """A document in an entity's list of linked mentions: how many times it mentions the entity."""

    document_id: int
    title: str
    published: str | None
    path: str
    mentions: int


@dataclass(frozen=True)
class SearchHit:
    id: int
    title: str
    path: str
    snippet: str  # matched words wrapped in [[ ]]
    score: float  # higher is better
    start: int | None  # offsets of the best hit in the document text, when found
    end: int | None


@dataclass(frozen=True)
class Span:
    """A named-entity span found by the model inside a document's text."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Mention:
    id: int
    document_id: int
    start: int
    end: int
    text: str
    label: str  # the label the model gave this mention
    entity_id: int | None
    source: str  # "model" | "name-match" | "user"
    status: str = "linked"  # "linked" | "unlinked" | "rejected" (name-match review)
    automatic: bool = False  # a name match linked without review because it is certain (rejectable)


@dataclass(frozen=True)
class Region:
    """A stretch of a document's text that is page clutter (a comment form, a cookie notice...)."""

    start: int
    end: int
    kind: str  # "comments", "cookies", "toolbar", "share", "copyright", "address", "navigation", "appeal", "repeat"


@dataclass(frozen=True)
class Entity:
    id: int
    name: str
    label: str
    key: str
    mentions: int
    documents: int


@dataclass(frozen=True)
class MentionInContext:
    """A mention with what a reader needs to see it in a list."""

    mention: Mention
    entity_name: str
    entity_label: str
    document_title: str
    document_path: str
    context: str  # the sentence around the mention
    context_start: int  # offset of the mention inside `context`
    context_end: int


@dataclass(frozen=True)
class Note:
    """A note on a passage (document + offsets + quote), an entity, or a whole document."""

    id: int
    document_id: int | None
    entity_id: int | None
    start: int | None  # passage notes only: offsets into the document text
    end: int | None
    quote: str | None  # the passage as it was selected (W3C TextQuoteSelector exact)
    prefix: str | None  # up to 32 characters before the quote
    suffix: str | None  # up to 32 characters after it
    body: str  # plain text / Markdown, exactly as typed
    status: str  # "anchored" | "orphaned"
    created: str
    updated: str
    entity_key: str | None = None  # entity notes: the entity's key, to find it again after relinking

    @property
    def kind(self) -> str:
        """What the note is on: "passage", "entity" or "document"."""
        if self.quote is not None:
            return "passage"
        if self.document_id is None:
            return "entity"
        return "document"


# ---- insights: the entity table, the co-occurrence graph, timelines ----------------------

@dataclass(frozen=True)
class EntityRow:
    """An entity as the entity browser lists it; dates are ISO "YYYY-MM-DD" or None."""

    id: int
    name: str
    label: str
    mentions: int
    documents: int
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class GraphNode:
    id: int
    name: str
    label: str
    mentions: int
    documents: int


@dataclass(frozen=True)
class GraphEdge:
    source: int  # the smaller entity id
    target: int
    weight: int  # paragraphs where both are mentioned


@dataclass(frozen=True)
class EdgeParagraph:
    """A paragraph where two entities are both mentioned."""

    document_id: int
    title: str
    start: int  # offsets of the paragraph in the document text
    end: int
    text: str
    published: str | None


@dataclass(frozen=True)
class DocumentMentions:
    """How often one entity is mentioned in one document, with the document's date."""

    document_id: int
    title: str
    published: str | None
    mentions: int
