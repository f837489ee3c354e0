"""Lesson Markdown as plain paragraphs, for a screen reader, a braille display or a pipe.

Parsed by the same parser, with the same preset, as the TUI's Markdown widget
(markdown-it-py, "gfm-like"), so both faces read an author's text alike. What comes
out has no markup characters: emphasis loses its `**` and `_`, each list item is a
line of its own starting with "- " (or its number), a link is "text (url)", a table
row is "heading: cell; heading: cell", a heading is a line of its own, and HTML tags
are dropped as the TUI drops them. Paragraphs are one line each (the author's line
breaks inside a paragraph are only where the YAML wrapped), separated by a blank
line. Escaping control characters is left to the output (`rls_tutor.escape.echo`).
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_SPACES = re.compile(r"\s+")  # as the TUI's Markdown widget collapses them
INDENT = "  "  # per level of a nested list or a quote


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("gfm-like")


def to_plain(markdown: str) -> str:
    """`markdown` as plain paragraphs separated by blank lines."""
    tree = SyntaxTreeNode(_parser().parse(markdown))
    return "\n\n".join(_blocks(tree.children)).expandtabs(4)


def _blocks(nodes: list[SyntaxTreeNode]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        out.extend(_block(node))
    return [block for block in out if block.strip()]


def _block(node: SyntaxTreeNode) -> list[str]:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return [_inline_children(node)]
    if kind in ("bullet_list", "ordered_list"):
        return ["\n".join(_list(node))]
    if kind == "blockquote":
        return [_indent(block, INDENT) for block in _blocks(node.children)]
    if kind in ("fence", "code_block"):
        return [node.content.rstrip("\n")]
    if kind == "table":
        return ["\n".join(_table(node))]
    if kind in ("hr", "html_block"):
        return []
    return _blocks(node.children)


def _list(node: SyntaxTreeNode) -> list[str]:
    """One line per item ("- " or "1. "), nested lists indented under their item."""
    lines: list[str] = []
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    for item in node.children:
        marker = f"{number}. " if ordered else "- "
        number += 1
        under = " " * len(marker)
        body: list[str] = []
        for child in item.children:
            if child.type in ("bullet_list", "ordered_list"):
                body.extend(_list(child))
            else:
                body.extend(line for block in _block(child) for line in block.split("\n"))
        first, *rest = body or [""]
        lines.append(marker + first)
        lines.extend(_indent(line, under) for line in rest)
    return lines


def _table(node: SyntaxTreeNode) -> list[str]:
    """Each body row as "heading: cell; heading: cell" (the heading row alone if no body)."""
    rows = [
        [_inline_children(cell) for cell in row.children]
        for part in node.children
        for row in part.children
    ]
    head_part = node.children[0] if node.children else None
    headings = rows[0] if head_part is not None and head_part.type == "thead" and rows else []
    body = rows[1:] if headings else rows
    if not body:
        return ["; ".join(headings)]
    lines = []
    for row in body:
        cells = [
            f"{headings[i]}: {cell}" if i < len(headings) and headings[i] else cell
            for i, cell in enumerate(row)
        ]
        lines.append("; ".join(cells))
    return lines


def _inline_children(node: SyntaxTreeNode) -> str:
    return "".join(_inline(child) for child in node.children).strip()


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "text":
        return _SPACES.sub(" ", node.content)
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "code_inline":
        return node.content
    if kind == "link":
        label = _inline_children(node)
        href = str(node.attrs.get("href", ""))
        if node.markup in ("linkify", "autolink") or not href or href in (label, f"mailto:{label}"):
            return label or href
        return f"{label} ({href})"
    if kind == "image":
        alt = _inline_children(node) or str(node.attrs.get("alt", ""))
        return f"image: {alt}" if alt else "image"
    if kind == "html_inline":
        return ""
    return "".join(_inline(child) for child in node.children)  # inline, strong, em, s


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))
