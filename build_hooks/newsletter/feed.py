"""An RSS 2.0 feed (https://www.rssboard.org/rss-specification) of pages, as bytes.

Pure functions: the site's hook gathers the pages, this only writes XML. Built with
``xml.etree``, so every title and description is escaped correctly.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

ATOM = "http://www.w3.org/2005/Atom"
PATH = "feed.xml"  # where the site publishes the feed


@dataclass(frozen=True)
class Item:
    title: str
    link: str  # absolute when the site's URL is known, else relative to the feed
    description: str  # plain text
    published: int | None  # Unix time; None leaves pubDate out


def rss(title: str, link: str, description: str, items: list[Item],
        self_url: str | None = None) -> bytes:
    """The feed, newest item first (undated items last, then by link, so the bytes are
    the same for the same input). ``self_url`` is the feed's own absolute address."""
    ET.register_namespace("atom", ATOM)
    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", title)
    _text(channel, "link", link)
    _text(channel, "description", description)
    _text(channel, "language", "en")
    if self_url:
        ET.SubElement(channel, f"{{{ATOM}}}link", href=self_url, rel="self",
                      type="application/rss+xml")
    items = sorted(items, key=lambda i: (i.published is None, -(i.published or 0), i.link))
    if items and items[0].published is not None:
        _text(channel, "pubDate", rfc822(items[0].published))
    for it in items:
        node = ET.SubElement(channel, "item")
        _text(node, "title", it.title)
        _text(node, "link", it.link)
        _text(node, "description", it.description)
        absolute = "://" in it.link
        guid = _text(node, "guid", it.link)
        guid.set("isPermaLink", "true" if absolute else "false")
        if it.published is not None:
            _text(node, "pubDate", rfc822(it.published))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def rfc822(timestamp: int) -> str:
    """``Sun, 22 Nov 2026 10:00:00 GMT``, the date format RSS 2.0 requires."""
    return email.utils.format_datetime(dt.datetime.fromtimestamp(timestamp, tz=dt.UTC),
                                       usegmt=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, tag)
    node.text = text
    return node


class _Lead(HTMLParser):
    """Text of the top-level paragraphs before the first ``<h2>``."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements
        self.para = None  # depth of the open top-level <p>, if any
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.done = True
        if self.done or tag in self.VOID:
            return
        if tag == "p" and self.depth == 0:
            self.para = self.depth
            self.parts.append(" ")
        self.depth += 1

    def handle_endtag(self, tag):
        if self.done or tag in self.VOID:
            return
        self.depth -= 1
        if tag == "p" and self.depth == self.para:
            self.para = None

    def handle_data(self, data):
        if not self.done and self.para is not None:
            self.parts.append(data)


def lead(html: str) -> str:
    """A page's opening: the text of its paragraphs before the first section (``<h2>``),
    whitespace collapsed. Paragraphs inside other blocks (admonitions, tables) are skipped."""
    parser = _Lead()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()
