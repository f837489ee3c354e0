"""The item analysis as one self-contained HTML page, for an instructor's browser.

Inline CSS, a small inline script (sorting the tables, hiding unflagged rows) and an
inline SVG scatter of facility (x) against discrimination (y) with the flag
thresholds drawn: no external resource of any kind, and a Content-Security-Policy
that forbids the page to load one. Every string from outside (course text, ids,
file names, URLs) is escaped with `html.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from rls_tutor.analysis.items import (
    HIGH_FACILITY,
    LOW_DISCRIMINATION,
    LOW_FACILITY,
    MIN_ATTEMPTS,
    ItemFigures,
)
from rls_tutor.analysis.report import (
    FLAGS_LEGEND,
    LETTERS_LEGEND,
    TERMS,
    ClassReport,
    QuestionText,
    figure,
    letter,
    reliability_text,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

STYLE = """
:root { --ink: #1d2330; --muted: #5c6578; --line: #d6dae3; --flag: #c2410c;
  --ok: #1d4ed8; --zone: #fde8dc; --soft: #f5f6f9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); margin: 0 auto; padding: 1.5rem; max-width: 1400px; }
h1 { margin: 0 0 .25rem; font-size: 1.6rem; }
h2 { margin: 2rem 0 .5rem; font-size: 1.2rem; }
p.meta { color: var(--muted); margin: .2rem 0; }
svg { max-width: 100%; height: auto; background: #fff; }
svg text { font: 12px system-ui, sans-serif; fill: var(--muted); }
svg .axis { stroke: var(--ink); }
svg .grid { stroke: var(--line); }
svg .zone { fill: var(--zone); }
svg .threshold { stroke: var(--flag); stroke-dasharray: 5 4; }
svg .threshold-label { fill: var(--flag); }
svg circle { stroke: #fff; stroke-width: 1; }
svg circle.ok { fill: var(--ok); fill-opacity: .75; }
svg circle.flagged { fill: var(--flag); fill-opacity: .85; }
svg circle.few { fill: #fff; stroke: var(--muted); stroke-width: 1.5; }
svg a:hover circle, svg a:focus circle { stroke: var(--ink); stroke-width: 2; }
.key span { margin-right: 1.2rem; }
.dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%;
  vertical-align: middle; margin-right: .3em; }
.dot.ok { background: var(--ok); } .dot.flagged { background: var(--flag); }
.dot.few { border: 1.5px solid var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--soft); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; text-align: left; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.picks { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px;
  min-width: 9rem; }
td.picks span { white-space: nowrap; }
td.question { min-width: 15rem; max-width: 26rem; }
td.question details[open] { font-size: 13.5px; }
.scroll { overflow-x: auto; }
.key-opt { font-weight: 700; }
.zero { color: var(--flag); }
td.flags { color: var(--flag); min-width: 12rem; font-size: 13.5px; }
td.flags ul { margin: 0; padding-left: 1rem; }
tr:target { background: #fff7d6; }
details summary { cursor: pointer; font-weight: 600; }
details ol { margin: .3rem 0 .2rem; padding-left: 1.6rem; }
details p { margin: .3rem 0; max-width: 60ch; }
.controls { margin: .5rem 0; }
dl.legend dt { font-weight: 600; margin-top: .4rem; }
dl.legend dd { margin: 0 0 0 1.2rem; }
"""

SCRIPT = """
(function () {
  function value(row, col) { return row.cells[col].getAttribute("data-sort") || ""; }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = value(a, col), y = value(b, col);
          if (x === "" || y === "") { return (x === "") - (y === ""); }  // blanks last
          if (numeric) { return (parseFloat(x) - parseFloat(y)) * dir; }
          return x.localeCompare(y) * dir;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var only = document.getElementById("only-flagged");
  if (only) {
    only.addEventListener("change", function () {
      document.querySelectorAll("#items tbody tr").forEach(function (row) {
        row.hidden = only.checked && row.getAttribute("data-flagged") !== "1";
      });
    });
  }
})();
"""

# The chart's geometry, in SVG user units.
WIDTH, HEIGHT = 760, 460
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 20, 56


def e(value: object) -> str:
    return escape(str(value), quote=True)


def anchor(question_id: str) -> str:
    return f"q-{question_id}"


def y_floor(items: Sequence[ItemFigures]) -> float:
    """The bottom of the discrimination axis: -0.2, or lower to show every point."""
    lowest = min((i.discrimination for i in items if i.discrimination is not None), default=0)
    return max(-1.0, min(-0.2, math.floor(lowest * 10) / 10))


def point_title(item: ItemFigures) -> str:
    parts = [
        f"{item.question_id} ({item.topic_id}): facility {figure(item.facility)}, "
        f"discrimination {figure(item.discrimination)}, {item.first_attempts} first attempts"
    ]
    return "\n".join([*parts, *item.flags])


def chart(items: Sequence[ItemFigures]) -> str:
    """The scatter: facility across, discrimination up; the flag zones tinted."""
    bottom = y_floor(items)
    pw, ph = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(f: float) -> float:
        return round(LEFT + f * pw, 1)

    def y(d: float) -> float:
        return round(TOP + (1 - d) / (1 - bottom) * ph, 1)

    out = [
        f'<svg id="scatter" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" aria-labelledby="scatter-title">',
        '<title id="scatter-title">Facility against discrimination, one point per question</title>',
        # flag zones: too hard, too easy, not discriminating
        f'<rect class="zone" x="{x(0)}" y="{y(1)}" width="{x(LOW_FACILITY) - x(0)}" '
        f'height="{y(bottom) - y(1)}"/>',
        f'<rect class="zone" x="{x(HIGH_FACILITY)}" y="{y(1)}" '
        f'width="{x(1) - x(HIGH_FACILITY)}" height="{y(bottom) - y(1)}"/>',
        f'<rect class="zone" x="{x(0)}" y="{y(LOW_DISCRIMINATION)}" width="{pw}" '
        f'height="{y(bottom) - y(LOW_DISCRIMINATION)}"/>',
    ]
    for step in range(11):
        f = step / 10
        out.append(f'<line class="grid" x1="{x(f)}" y1="{y(1)}" x2="{x(f)}" y2="{y(bottom)}"/>')
        out.append(f'<text x="{x(f)}" y="{y(bottom) + 18}" text-anchor="middle">{f:.1f}</text>')
    d = 1.0
    while d >= bottom - 1e-9:
        out.append(f'<line class="grid" x1="{x(0)}" y1="{y(d)}" x2="{x(1)}" y2="{y(d)}"/>')
        out.append(f'<text x="{x(0) - 8}" y="{y(d) + 4}" text-anchor="end">{d:.1f}</text>')
        d = round(d - 0.2, 1)
    out += [
        f'<line class="axis" x1="{x(0)}" y1="{y(bottom)}" x2="{x(1)}" y2="{y(bottom)}"/>',
        f'<line class="axis" x1="{x(0)}" y1="{y(1)}" x2="{x(0)}" y2="{y(bottom)}"/>',
    ]
    if bottom < 0:
        out.append(f'<line class="grid" x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(0)}" '
                   'stroke-width="1.5"/>')  # fmt: skip
    for f in (LOW_FACILITY, HIGH_FACILITY):
        out.append(f'<line class="threshold" x1="{x(f)}" y1="{y(1)}" x2="{x(f)}" '
                   f'y2="{y(bottom)}"/>')  # fmt: skip
    out.append(
        f'<line class="threshold" x1="{x(0)}" y1="{y(LOW_DISCRIMINATION)}" x2="{x(1)}" '
        f'y2="{y(LOW_DISCRIMINATION)}"/>'
    )
    out += [
        f'<text class="threshold-label" x="{x(LOW_FACILITY) + 4}" y="{y(1) + 14}">'
        f"facility {LOW_FACILITY}</text>",
        f'<text class="threshold-label" x="{x(HIGH_FACILITY) - 4}" y="{y(1) + 14}" '
        f'text-anchor="end">{HIGH_FACILITY}</text>',
        f'<text class="threshold-label" x="{x(1) - 4}" y="{y(LOW_DISCRIMINATION) + 14}" '
        f'text-anchor="end">discrimination {LOW_DISCRIMINATION}</text>',
        f'<text x="{x(0.5)}" y="{HEIGHT - 10}" text-anchor="middle">Facility (share of first '
        "attempts right)</text>",
        f'<text transform="translate(16 {y((1 + bottom) / 2)}) rotate(-90)" '
        'text-anchor="middle">Discrimination (item-rest correlation)</text>',
    ]
    for item in items:
        if item.facility is None or item.discrimination is None:
            continue
        kind = "few" if item.first_attempts < MIN_ATTEMPTS else "flagged" if item.flags else "ok"
        out.append(
            f'<a href="#{e(anchor(item.question_id))}">'
            f'<circle class="{kind}" cx="{x(item.facility)}" cy="{y(item.discrimination)}" '
            f'r="5" data-question="{e(item.question_id)}">'
            f"<title>{e(point_title(item))}</title></circle></a>"
        )
    out.append("</svg>")
    return "\n".join(out)


def picks_html(picks: Sequence[int], keyed: Sequence[int], size: int | None = None) -> str:
    if size == 0:
        return "-"
    cells = []
    for i, n in enumerate(picks):
        classes = ["key-opt"] if i in keyed else []
        if n == 0 and i not in keyed and size is None:
            classes.append("zero")
        label = f"{letter(i)}{'*' if i in keyed else ''}:{n}"
        attr = f' class="{" ".join(classes)}"' if classes else ""
        cells.append(f"<span{attr}>{label}</span>")
    if size is not None:
        cells.append(f"<span>({size})</span>")
    return " ".join(cells)


def question_cell(item: ItemFigures, text: QuestionText | None) -> str:
    if text is None:
        return f"<b>{e(item.question_id)}</b>"
    options = []
    for i, option in enumerate(text.options):
        picks = item.picks[i] if i < len(item.picks) else 0
        if i in item.keyed:
            options.append(f'<li class="key-opt">{e(option)} (keyed): {picks} picks</li>')
        else:
            options.append(f"<li>{e(option)}: {picks} picks</li>")
    return (
        f"<details><summary>{e(item.question_id)}</summary><p>{e(text.stem)}</p>"
        f'<ol type="A">{"".join(options)}</ol></details>'
    )


def num_cell(value: float | int | None, shown: str) -> str:
    sort = "" if value is None else repr(value)
    return f'<td class="num" data-sort="{e(sort)}">{e(shown)}</td>'


def item_row(item: ItemFigures, text: QuestionText | None) -> str:
    tracks = ", ".join(text.tracks) if text else ""
    flags = "".join(f"<li>{e(flag)}</li>" for flag in item.flags)
    return "".join(
        [
            f'<tr id="{e(anchor(item.question_id))}" data-flagged="{int(bool(item.flags))}">',
            f'<td class="question" data-sort="{e(item.question_id)}">'
            f"{question_cell(item, text)}</td>",
            f'<td data-sort="{e(item.topic_id)}">{e(item.topic_id)}</td>',
            f'<td data-sort="{e(tracks)}">{e(tracks)}</td>',
            num_cell(item.attempts, str(item.attempts)),
            num_cell(item.first_attempts, str(item.first_attempts)),
            num_cell(item.facility, figure(item.facility)),
            num_cell(item.discrimination, figure(item.discrimination)),
            f'<td class="flags" data-sort="{len(item.flags) or ""}">'
            f"{f'<ul>{flags}</ul>' if flags else ''}</td>",
            f'<td class="picks" data-sort="">{picks_html(item.picks, item.keyed)}</td>',
            f'<td class="picks" data-sort="">'
            f"{picks_html(item.upper_picks, item.keyed, item.upper_size)}</td>",
            f'<td class="picks" data-sort="">'
            f"{picks_html(item.lower_picks, item.keyed, item.lower_size)}</td>",
            "</tr>",
        ]
    )


def head(label: str, kind: str = "text") -> str:
    return f'<th scope="col" data-type="{kind}"><button type="button">{e(label)}</button></th>'


def items_table(report: ClassReport) -> str:
    heads = [
        head("Question"),
        head("Topic"),
        head("Track"),
        *(head(h, "number") for h in ("Attempts", "First", "Facility", "Discrimination")),
        head("Flags", "number"),
        '<th scope="col">Picks</th>',
        '<th scope="col">Upper 27%</th>',
        '<th scope="col">Lower 27%</th>',
    ]
    rows = [item_row(item, report.texts.get(item.question_id)) for item in report.items]
    return (
        '<div class="scroll"><table id="items" class="sortable"><thead><tr>'
        + "".join(heads)
        + "</tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def reliability_table(report: ClassReport) -> str:
    rows = []
    for topic in report.topics:
        for f in topic.reliability:
            rows.append(
                "<tr>"
                f'<td data-sort="{e(topic.topic_id)}">{e(topic.topic_id)}: {e(topic.title)}</td>'
                f'<td data-sort="{e(f.track or "")}">{e(f.track or "all tracks")}</td>'
                + num_cell(f.questions, str(f.questions))
                + num_cell(f.complete_learners, str(f.complete_learners))
                + num_cell(f.kr20, figure(f.kr20))
                + f"<td>{'' if f.kr20 is not None else e(reliability_text(f))}</td></tr>"
            )
    heads = [
        head("Topic"),
        head("Track"),
        head("Questions", "number"),
        head("Learners who met every one", "number"),
        head("KR-20", "number"),
        '<th scope="col">Note</th>',
    ]
    return (
        '<table id="reliability" class="sortable"><thead><tr>'
        + "".join(heads)
        + "</tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>"
    )


def legend() -> str:
    terms = "".join(f"<dt>{e(label)}</dt><dd>{e(meaning)}.</dd>" for _, label, meaning in TERMS)
    return f'<p>{e(LETTERS_LEGEND)}</p><dl class="legend">{terms}</dl><p>{e(FLAGS_LEGEND)}</p>'


def html_report(report: ClassReport) -> str:
    items = report.items
    who = f"learner {report.learner}" if report.learner else f"{report.learners} learners"
    drawn = sum(1 for i in items if i.facility is not None and i.discrimination is not None)
    left = str(report.left_out)
    left_note = f'<p class="meta">{e(left)}</p>' if left else ""
    flagged = sum(1 for i in items if i.flags)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Item analysis: {e(report.course_title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Item analysis: {e(report.course_title)}</h1>
<p class="meta">{e(who)}, {report.answers} answers, {len(items)} questions answered,
{flagged} flagged. Generated {e(report.generated_at.strftime("%Y-%m-%d %H:%M UTC"))}.</p>
<p class="meta">From {e("; ".join(report.sources))}.</p>
{left_note}
</header>
<main>
<section>
<h2>Facility against discrimination</h2>
<p class="key"><span><i class="dot flagged"></i>flagged</span><span><i class="dot ok"></i>not
flagged</span><span><i class="dot few"></i>fewer than {MIN_ATTEMPTS} first attempts (no
flags yet)</span><span>tinted: the flag zones</span></p>
{chart(items)}
<p class="meta">{drawn} of {len(items)} questions drawn (a question needs a discrimination
figure: at least 3 learners who met other questions too, with different results). Hover a
point for its figures; click it to find its row below.</p>
</section>
<section>
<h2>Reliability per topic and track</h2>
{reliability_table(report)}
</section>
<section>
<h2>Questions</h2>
<p class="controls"><label><input type="checkbox" id="only-flagged"> only flagged
questions</label> &middot; click a column heading to sort; click a question for its
wording and options.</p>
{items_table(report)}
</section>
<section>
<h2>How to read this</h2>
{legend()}
</section>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""
