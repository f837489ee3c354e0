"""Every text/background pair the tutor draws reads at 4.5:1 or better (WCAG 2.x
relative luminance), in every theme the settings offer.

Two nets:

- the pairs, by theme variable: those tutor.tcss sets (parsed with Textual's own CSS
  parser), the styles the widgets give their text in code ("$text-muted",
  "bold $text-accent"), and the Textual widgets' own pairs the tutor shows
  (WIDGET_PAIRS); each resolved through Textual's theme machinery, alpha blended
  over what lies below, as Textual draws it;
- the screens themselves: every screen the tutor has, drawn in each theme, every
  cell of text measured as it would reach the terminal.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color, ColorParseError
from textual.css.stylesheet import Stylesheet
from textual.errors import NoWidget
from textual.filter import dim_style
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, Markdown, Select

import rls_tutor.tui
from rls_tutor.content.course import Problem
from rls_tutor.tui.app import TutorApp, make_app
from rls_tutor.tui.screens.error import ErrorModal
from rls_tutor.tui.screens.problems import ProblemsScreen
from rls_tutor.tui.widgets import mastery

from .tui_helpers import FIXTURE_COURSE, open_store, press, settle, wait_screen

TEXT = 4.5  # WCAG 1.4.3, body text
GRAPHIC = 3.0  # WCAG 1.4.11, graphics such as the mastery bar

TUI = Path(rls_tutor.tui.__file__).parent
TCSS = TUI / "tutor.tcss"


# --- WCAG 2.x ------------------------------------------------------------------------


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    r, g, b = color.rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: Color, b: Color) -> float:
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(
        4.54, abs=0.01
    )
    assert contrast_ratio(Color(255, 0, 0), Color(255, 0, 0)) == 1.0


# --- the themes the settings offer ---------------------------------------------------------


def _app(db: Path = Path("unused.sqlite3")) -> TutorApp:
    return make_app(content_root=FIXTURE_COURSE, db_path=db)


OFFERED = sorted(_app().available_themes)  # what the settings screen lists


def theme_variables(theme: str) -> dict[str, str]:
    app = _app()
    app.theme = theme
    return app.get_css_variables()


VARIABLES = {theme: theme_variables(theme) for theme in OFFERED}


def test_the_settings_offer_these_themes() -> None:
    assert OFFERED == ["textual-dark", "textual-light"]


async def test_settings_name_the_themes_dark_and_light(make) -> None:
    app = make()
    async with app.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
        await press(pilot, "escape", "s")
        await wait_screen(pilot, "SettingsScreen")
        select = app.screen.query_one("#theme", Select)
        assert [str(label) for label, _ in select._options] == ["Dark", "Light"]
        assert select.value == "textual-dark"


@pytest.mark.parametrize(
    ("saved", "shown"),
    [("solarized-light", "textual-light"), ("nord", "textual-dark"), ("gone", "textual-dark")],
)
async def test_a_theme_saved_before_becomes_dark_or_light(make, db, saved, shown) -> None:
    first = make()
    async with first.run_test() as pilot:
        await wait_screen(pilot, "WelcomeScreen")
        await press(pilot, "enter")
        await wait_screen(pilot, "LessonScreen")
    with open_store(db) as store:
        store.set_setting("learner", "theme", saved)
    again = make()
    async with again.run_test() as pilot:
        await wait_screen(pilot, "HomeScreen")
        assert again.session is not None
        assert again.theme == shown


# --- the pairs, by variable ----------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    fg: str  # CSS colour values: "$text-muted", "$background 60%", "white"
    bg: str
    where: str = ""
    under: str = "$background"  # below a translucent background
    tint: str = ""  # a background-tint, as on a focused widget
    minimum: float = TEXT
    mode: str = ""  # "dark" or "light": a pair drawn only in such a theme

    @property
    def id(self) -> str:
        text = f"{self.fg} on {self.bg}"
        if self.tint:
            text += f" tinted {self.tint}"
        if self.under != "$background" or "%" in self.bg:
            text += f" over {self.under}"
        return text + (" (graphic)" if self.minimum < TEXT else "")


COLOUR_VAR = re.compile(r"\$[a-z0-9-]+")


def _colour_variables(variables: dict[str, str]) -> list[str]:
    names = []
    for name, value in variables.items():
        first = value.split()[0] if value.split() else ""
        try:
            if first != "auto":
                Color.parse(first)
        except ColorParseError:  # a text style, "initial", ...
            continue
        names.append(name)
    return sorted(names)


@dataclass(frozen=True)
class Rule:
    selector: str
    fg: str | None
    bg: str | None
    borders: tuple[str, ...]


def stylesheet_rules(css: str) -> list[Rule]:
    """The colour declarations of `css`, each named by its theme variable.

    Textual's parser reads the stylesheet (nesting, `&` and all) with every colour
    variable replaced by a colour of its own, mapped back to the variable after."""
    variables = VARIABLES[OFFERED[0]]
    names = _colour_variables(variables)
    sentinels = {name: f"#{i + 1:06x}" for i, name in enumerate(names)}
    by_rgb = {Color.parse(value).rgb: name for name, value in sentinels.items()}

    def named(color: Color) -> str:
        name = by_rgb.get(color.rgb)
        text = f"${name}" if name else color.hex
        return text if color.a == 1 else f"{text} {round(color.a * 100)}%"

    sheet = Stylesheet(variables={**variables, **sentinels})
    sheet.add_source(css, read_from=(str(TCSS), ""))
    sheet.parse()
    rules = []
    for rule in sheet.rules:
        styles = rule.styles
        fg = named(styles.color) if styles.has_rule("color") else None
        bg = named(styles.background) if styles.has_rule("background") else None
        borders = tuple(
            named(getattr(styles, edge)[1])
            for edge in ("border_top", "border_right", "border_bottom", "border_left")
            if styles.has_rule(edge) and getattr(styles, edge)[0]
        )
        rules.append(Rule(rule.selectors, fg, bg, borders))
    return rules


RULES = stylesheet_rules(TCSS.read_text())

# Where text with no background of its own sits: the screens and the dialogs.
SURFACE_SELECTORS = ("Screen", ".dialog")
DEFAULT_TEXT = "$foreground"  # Textual's App { color: $foreground }


def surfaces(rules: list[Rule]) -> list[str]:
    return [r.bg for r in rules if r.selector in SURFACE_SELECTORS and r.bg]


SURFACES = surfaces(RULES)


def _base(selector: str) -> str:
    """The selector without its state classes (`.option.-picked` -> `.option`)."""
    return re.sub(r"\.-[\w-]+", "", selector)


def css_pairs(rules: list[Rule]) -> Iterator[Pair]:
    """A rule's colour on its own background, or else on every surface; a
    background of its own under the default text colour."""
    for rule in rules:
        where = f"tutor.tcss {rule.selector}"
        if rule.fg and rule.bg:
            yield Pair(rule.fg, rule.bg, where)
        elif rule.fg:
            yield from (Pair(rule.fg, surface, where) for surface in surfaces(rules))
        elif rule.bg:
            yield Pair(DEFAULT_TEXT, rule.bg, where)
    # The colour of one rule can meet the background of another: on the same element
    # (a picked option that turns out wrong: `.option.-picked` and `.option.-wrong`),
    # or on an element inside one with a background of its own.
    for painted in rules:
        if not painted.bg or painted.fg:
            continue
        outer = _base(painted.selector)
        for coloured in rules:
            inner = _base(coloured.selector)
            if (
                coloured.fg
                and not coloured.bg
                and coloured is not painted
                and (inner == outer or inner.startswith(outer + " "))
            ):
                where = f"tutor.tcss {painted.selector} + {coloured.selector}"
                yield Pair(coloured.fg, painted.bg, where)


STYLE_WORDS = r"(?:bold|dim|italic|underline|strike|reverse|not|on|\$[a-z0-9-]+|\d+%)"
STYLE_STRING = re.compile(rf"^\s*{STYLE_WORDS}(?:\s+{STYLE_WORDS})*\s*$")


def code_styles() -> Iterator[tuple[str, str]]:
    """(file, style) for every style string with a theme colour in the TUI's code."""
    for path in sorted(TUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "$" in node.value
                and STYLE_STRING.match(node.value)
            ):
                yield path.relative_to(TUI).as_posix(), node.value


def code_pairs() -> Iterator[Pair]:
    graphics = {("widgets/mastery.py", mastery.FILLED), ("widgets/mastery.py", mastery.EMPTY)}
    for file, style in code_styles():
        words = style.split()
        on = words.index("on") if "on" in words else len(words)
        fg = " ".join(w for w in words[:on] if w.startswith("$") or w.endswith("%"))
        bg = " ".join(words[on + 1 :])
        minimum = GRAPHIC if (file, style) in graphics else TEXT
        where = f"{file} {style!r}"
        for surface in [bg] if bg else SURFACES:
            yield Pair(fg or DEFAULT_TEXT, surface, where, minimum=minimum)


# The pairs of Textual's widgets (their DEFAULT_CSS) that the tutor shows. The
# screens test below draws them too, in the states the tutor puts them in.
WIDGET_PAIRS = [
    Pair("$foreground", "$background", "body text, Markdown paragraphs"),
    Pair("$foreground", "$surface", "OptionList, ListView, DataTable, Select, Input text"),
    Pair("$foreground", "$surface", "focused list or field", tint="$foreground 5%"),
    Pair("$footer-key-foreground", "$footer-background", "Footer: a key"),
    Pair("$footer-description-foreground", "$footer-background", "Footer: what it does"),
    Pair("$block-cursor-foreground", "$block-cursor-background", "focused list: highlighted row"),
    Pair(
        "$block-cursor-blurred-foreground",
        "$block-cursor-blurred-background",
        "list without focus: highlighted row",
        under="$surface",
    ),
    Pair(
        "$foreground",
        "$block-cursor-blurred-background",
        "OptionList without focus: highlighted option",
        under="$surface",
    ),
    # Focused, the main button is the same pair reversed (tutor.tcss drops its tint).
    Pair("$button-color-foreground", "$primary", "the main button (Continue, Close)"),
    Pair("$button-foreground", "$surface", "a button (Review due)"),
    Pair("$button-foreground", "$surface", "a button, focused", tint="$foreground 5%"),
    Pair("$foreground", "$panel", "DataTable header"),
    Pair("$foreground", "$surface-lighten-1 50%", "DataTable even row", under="$surface"),
    Pair("$foreground", "$panel-lighten-1", "notification"),
    Pair("$markdown-h1-color", "$background", "Markdown heading 1"),
    Pair("$markdown-h2-color", "$background", "Markdown heading 2"),
    Pair("$markdown-h3-color", "$background", "Markdown heading 3"),
    Pair("$markdown-h4-color", "$background", "Markdown heading 4"),
    Pair("$markdown-h5-color", "$background", "Markdown heading 5"),
    Pair("$markdown-h6-color", "$background", "Markdown heading 6"),
    Pair("$foreground", "white 30%", "Markdown table, code block", mode="light"),
    Pair("$foreground", "black 10%", "Markdown code block", mode="dark"),
    Pair("$text-warning 95%", "$warning 10%", "Markdown inline code", mode="dark"),
    Pair("$text-error 95%", "$error 5%", "Markdown inline code", mode="light"),
]


def all_pairs() -> list[Pair]:
    unique: dict[tuple[object, ...], Pair] = {}
    for pair in [*css_pairs(RULES), *code_pairs(), *WIDGET_PAIRS]:
        key = (pair.fg, pair.bg, pair.under, pair.tint, pair.minimum, pair.mode)
        if key in unique:
            first = unique[key]
            pair = Pair(**{**first.__dict__, "where": f"{first.where}; {pair.where}"})
        unique[key] = pair
    return list(unique.values())


PAIRS = all_pairs()


def resolve(pair: Pair, variables: dict[str, str]) -> tuple[Color, Color]:
    """The text and background colours of `pair` as Textual draws them: the
    background over what lies below it and tinted, an `auto` colour picked for it,
    the text colour's alpha blended over it."""
    tint = f"background-tint: {pair.tint};" if pair.tint else ""
    css = (
        f"#under {{ background: {pair.under}; }}\n"
        f"#pair {{ color: {pair.fg}; background: {pair.bg}; {tint} }}"
    )
    sheet = Stylesheet(variables=variables)
    sheet.add_source(css, read_from=("pair.tcss", ""))
    sheet.parse()
    under, rule = (r.styles for r in sheet.rules)
    background = under.background + rule.background.tint(rule.background_tint)
    color = rule.color
    if rule.auto_color:
        color = background.get_contrast_text(color.a)
    return background + color, background


def _cases() -> Iterator[object]:
    for theme in OFFERED:
        found = _app().get_theme(theme)
        dark = found is not None and found.dark
        for pair in PAIRS:
            if pair.mode and pair.mode != ("dark" if dark else "light"):
                continue
            yield pytest.param(theme, pair, id=f"{theme}:{pair.id}")


@pytest.mark.parametrize(("theme", "pair"), list(_cases()))
def test_pair_contrast(theme: str, pair: Pair) -> None:
    text, background = resolve(pair, VARIABLES[theme])
    ratio = contrast_ratio(text, background)
    assert ratio >= pair.minimum, (
        f"{theme}: {pair.id} is {ratio:.2f}:1 ({text.hex} on {background.hex}), "
        f"below {pair.minimum}:1; used by {pair.where}"
    )


def test_every_colour_of_the_stylesheet_is_checked() -> None:
    """Every variable tutor.tcss colours text or a background with is in a checked
    pair; variables it uses only for borders are lines, not text."""
    css = re.sub(r"/\*.*?\*/", "", TCSS.read_text(), flags=re.S)
    used = set(COLOUR_VAR.findall(css))
    checked = {v for p in PAIRS for v in COLOUR_VAR.findall(f"{p.fg} {p.bg}")}
    parsed_fg_bg = {v for r in RULES for v in COLOUR_VAR.findall(f"{r.fg} {r.bg}")}
    borders = {v for r in RULES for v in COLOUR_VAR.findall(" ".join(r.borders))}
    assert used == parsed_fg_bg | borders  # the parse saw every declaration
    assert parsed_fg_bg <= checked
    assert {r.selector for r in RULES if r.selector in SURFACE_SELECTORS} == set(SURFACE_SELECTORS)


def test_every_colour_in_code_is_checked() -> None:
    styles = list(code_styles())
    assert ("screens/glossary.py", "$text-muted") in styles  # the scan finds them
    assert ("screens/help.py", "bold $text-accent") in styles
    checked = {v for p in PAIRS for v in COLOUR_VAR.findall(p.fg)}
    for _, style in styles:
        assert set(COLOUR_VAR.findall(style)) <= checked


def test_a_low_contrast_pair_fails() -> None:
    """A new rule in tutor.tcss becomes a checked pair, and grey on grey fails."""
    css = TCSS.read_text() + "\n.faint { color: $foreground 30%; }\n"
    css += ".box { background: $panel; }\n.box.-on { color: $text-disabled; }\n"
    pairs = {p.id: p for p in css_pairs(stylesheet_rules(css))}
    new = {"$foreground 30% on $background", "$foreground 30% on $surface"}
    new |= {"$text-disabled on $panel"}
    assert new <= set(pairs)
    for theme in OFFERED:
        for name in new:
            assert contrast_ratio(*resolve(pairs[name], VARIABLES[theme])) < TEXT


# --- the screens, as drawn ----------------------------------------------------------------

SAMPLE = """\
# Heading one

## Heading two

### Heading three

#### Heading four

Body text with **bold**, *italic*, `inline code` and a [link](https://example.org).

- a bullet
  - a nested bullet

> A quotation.

| Column | Another |
|---|---|
| cell | cell |

```text
preformatted rows
```
"""


def _glyph(char: str) -> bool:
    """Lines, blocks and shapes (borders, scroll bars, the mastery bar) and emoji,
    which the terminal draws in colours of their own."""
    code = ord(char)
    return unicodedata.category(char) == "So" and (0x2500 <= code <= 0x25FF or code >= 0x1F000)


@dataclass
class Failure:
    ratio: float
    fg: str
    bg: str
    where: str
    text: str


def _cells(app: TutorApp, label: str) -> Iterator[Failure]:
    screen = app.screen
    modal = isinstance(screen, ModalScreen)
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        segment: Segment
        for segment in strip:
            text, style = segment.text, segment.style
            start, x = x, x + segment.cell_length
            if (
                style is None
                or segment.control
                or not any(c.strip() and not _glyph(c) for c in text)
            ):
                continue
            try:
                widget, _ = screen.get_widget_at(start + len(text) - len(text.lstrip()), y)
            except NoWidget:
                continue
            if modal and widget is screen:
                continue  # the screen underneath, dimmed on purpose
            if widget.disabled:
                continue  # WCAG asks nothing of inactive controls
            if style.dim and style.bgcolor is not None:
                style = dim_style(style, Color.from_rich_color(style.bgcolor), 0.5)
            fg, bg = _rgb(style)
            if fg is None or bg is None:
                continue
            if style.reverse:
                fg, bg = bg, fg
            ratio = contrast_ratio(fg, bg)
            if ratio < TEXT:
                yield Failure(ratio, fg.hex, bg.hex, f"{label}: {widget!r}", text.strip())


def _rgb(style: RichStyle) -> tuple[Color | None, Color | None]:
    colors = []
    for color in (style.color, style.bgcolor):
        colors.append(None if color is None else Color.from_rich_color(color))
    return colors[0], colors[1]


async def _quiet(pilot: Pilot[object]) -> None:
    """Settled, and no button still flashing from a press."""
    await settle(pilot)
    for _ in range(50):
        if not pilot.app.screen.query(".-active"):
            return
        await pilot.pause(0.05)


@pytest.mark.parametrize("theme", OFFERED)
async def test_every_screen_reads_at_4_5(theme: str, tmp_path: Path) -> None:
    app = _app(tmp_path / "tutor.sqlite3")
    failures: list[Failure] = []

    async def look(label: str) -> None:
        await _quiet(pilot)
        failures.extend(_cells(app, label))

    async with app.run_test(size=(120, 36), notifications=True, tooltips=True) as pilot:
        app.theme = theme
        await wait_screen(pilot, "WelcomeScreen")
        await look("welcome, track list focused")
        await pilot.hover("#name")
        await pilot.pause(1.0)  # tooltips wait before they show
        await look("welcome, a tooltip")
        await press(pilot, "tab")
        app.screen.query_one(Input).value = ""
        await look("welcome, name field focused and empty")
        await press(pilot, "tab", "enter")
        await wait_screen(pilot, "LessonScreen")
        await look("lesson")
        await app.screen.query_one(Markdown).update(SAMPLE)
        await look("lesson, every Markdown element")
        await press(pilot, "enter")
        await press(pilot, "enter")
        await look("question, answer missing")
        card = app.screen.query_one("QuestionCard")
        await press(pilot, str(card.order.index(1) + 1))  # type: ignore[attr-defined]
        await look("question, an option picked")
        await press(pilot, "enter")
        await look("question, a wrong answer")
        await press(pilot, "enter", "enter")
        card = app.screen.query_one("QuestionCard")
        await press(pilot, str(card.order.index(0) + 1), "enter")  # type: ignore[attr-defined]
        await look("question, a right answer")
        await press(pilot, "escape")
        await wait_screen(pilot, "HomeScreen")
        await look("home, Continue focused")
        await press(pilot, "tab")
        await look("home, Review focused")
        await press(pilot, "tab")
        await look("home, topic list focused")
        # As the tutor sends them (no title), and Textual's own after ctrl+c (a title).
        app.notify("A notification.")
        app.notify("A warning.", severity="warning")
        await press(pilot, "ctrl+c")
        await look("home, notifications")
        app.clear_notifications()
        await press(pilot, "p")
        await wait_screen(pilot, "ProgressScreen")
        await look("progress")
        await press(pilot, "escape", "r")
        await wait_screen(pilot, "ReviewScreen")
        await look("review")
        await press(pilot, "escape", "s")
        await wait_screen(pilot, "SettingsScreen")
        await look("settings, track list focused")
        app.screen.query_one(Select).focus()
        await look("settings, theme focused")
        await press(pilot, "enter")
        await look("settings, theme list open")
        await press(pilot, "escape", "escape")
        await wait_screen(pilot, "HomeScreen")
        await press(pilot, "g")
        await wait_screen(pilot, "GlossaryScreen")
        await look("glossary, search empty")
        await press(pilot, "a")
        await look("glossary, search typed")
        await press(pilot, "escape", "question_mark")
        await look("keys dialog")
        await press(pilot, "escape", "i")
        await look("notice dialog")
        await press(pilot, "escape")
        app.push_screen(
            ProblemsScreen(
                [
                    Problem("lessons/x.yaml", 1, 2, "error", "an error"),
                    Problem("lessons/y.yaml", 3, 4, "warning", "a warning"),
                ]
            )
        )
        await look("course problems dialog")
        await press(pilot, "escape")
        app.push_screen(ErrorModal("A message."))
        await look("error dialog")
        await press(pilot, "escape", "ctrl+p")
        await press(pilot, *"alpha")
        await look("command palette")

    failures.sort(key=lambda f: f.ratio)
    report = "\n".join(f"{f.ratio:.2f}:1 {f.fg} on {f.bg} {f.text!r} ({f.where})" for f in failures)
    assert not failures, f"{theme}: text below {TEXT}:1\n{report}"
