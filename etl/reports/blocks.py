"""The elements of a report body: ``Block``, in the order the Word and HTML renderers walk them, and the marked
placeholder a unit replaces with its own text. Shared by ``etl.reports.wording`` (the outline) and
``etl.reports.sections`` (the sections units state in their workbook), so that neither imports the other."""
from __future__ import annotations

from dataclasses import dataclass, field

PLACEHOLDER = "[Nội dung do đơn vị bổ sung: {}]"


def placeholder(topic: str) -> str:
    """The marked paragraph a unit must replace with its own text."""
    return PLACEHOLDER.format(topic)


@dataclass(frozen=True)
class Block:
    """One element of the report body, in order.

    kind: h1 (I. …), h2 (1. …), h3 (2.1. …), p (paragraph), todo (placeholder the unit fills in),
    table (``table`` names kpi766 / children), chart (``chart`` names channels / monthly / kpi766).
    ``segments``: a paragraph that cites documents, as (text, footnote) pieces: the footnote (None for none)
    follows its text; ``text`` is then the pieces' text without the notes."""
    kind: str
    text: str = ""
    table: str | None = None
    chart: str | None = None
    caption: str = ""
    items: list[str] = field(default_factory=list)
    segments: tuple[tuple[str, str | None], ...] = ()


def cited(segments: list[tuple[str, str | None]], kind: str = "p") -> Block:
    """A paragraph of ``segments`` (text, footnote text or None)."""
    return Block(kind, "".join(text for text, _ in segments), segments=tuple(segments))
