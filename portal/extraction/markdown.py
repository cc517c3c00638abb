"""Markdown to sanitised HTML (Python-Markdown, then nh3), and plain text from that HTML."""

import html as html_lib
import re

import markdown
import nh3
from markdown.extensions.tables import TableExtension

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "ins",
    "sub",
    "sup",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "abbr",
    "span",
    "div",
    "mark",
    "kbd",
    "small",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")
_CELL_END = re.compile(r"</t[dh]>(?=<t[dh]\b)", re.I)
_TAG_BREAK = re.compile(r"<(?:br|/p|/h\d|/li|/tr|/pre|/blockquote|/dt|/dd|hr)\b[^>]*>", re.I)


def to_html_unlimited(md: str) -> str:
    """Render and sanitise with no time limit: call only inside the limited child process."""
    raw = markdown.markdown(
        md,
        extensions=[
            "abbr",
            "def_list",
            "fenced_code",
            "footnotes",
            "md_in_html",
            TableExtension(use_align_attribute=True),
            "sane_lists",
        ],
        output_format="html",
    )
    return sanitize(raw)


def sanitize(raw_html: str) -> str:
    """nh3 with formatting, tables and http/https/mailto/relative links only; links get noopener."""
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def escaped_pre(md: str) -> str:
    """The fallback: the source shown verbatim, escaped, in a <pre>."""
    return '<pre class="markdown-source">' + html_lib.escape(md) + "</pre>"


def html_to_text(fragment: str) -> str:
    """Plain text of sanitised HTML: tags removed, entities decoded, blocks on their own lines, a table row per
    line with its cells joined by " | "."""
    marked = _CELL_END.sub(" | ", _BETWEEN_TAGS.sub("><", fragment))
    marked = _TAG_BREAK.sub(lambda m: m.group(0) + "\n", marked)
    text = html_lib.unescape(nh3.clean(marked, tags=set(), attributes={}))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
