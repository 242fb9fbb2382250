"""Papers and their answer key as print-ready A4 HTML.

Each file stands alone: one HTML file with its CSS inline, no scripts, fonts, images or links,
so it prints the same from a USB stick on any computer and asks nothing from any network. The
paper holds the questions only: no answers, explanations, feedback or hints, and nothing in its
markup tells a right option from a wrong one. The key lists every question's answer, explanation,
option feedback and where its rule stands (the page's and the step's titles: the key is read on
paper, not on the site), after a compact grid of all answers for fast marking. Questions are
numbered 1…N across the type sections; each shows its points, the paper its total, the time
allowed and the instructions. Every word comes from the site's message catalog (`paper.*`)."""

from __future__ import annotations

from html import escape

from portalkit.exchange.offsite import OffsiteText
from portalkit.i18n import Messages
from portalkit.paper.compose import PaperQuestion, Section, Variant
from portalkit.paper.sources import SourceTitles
from portalkit.quiz.model import BLANK, Bank

CSS = """
@page { size: A4; margin: 18mm 17mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
* { box-sizing: border-box; }
html { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; font-size: 11pt;
  line-height: 1.65; color: #000; background: #fff; }
body { max-width: 176mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-size: 17pt; text-align: center; margin: 0; letter-spacing: .05em; }
.sub { text-align: center; margin: 1mm 0 5mm; }
.fill { display: flex; gap: 6mm; margin: 0 0 6mm; padding: 0 0 3mm; border-bottom: 1.5pt solid #000; }
.fill span { flex: 1 1 0; display: flex; align-items: flex-end; white-space: nowrap; }
.fill span:first-child { flex-grow: 1.2; } .fill span:nth-child(2) { flex-grow: 2; }
.fill i { flex: 1; border-bottom: .75pt solid #000; margin-left: 2mm; min-height: 1.4em; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
.hint { margin: -1mm 0 2mm; font-size: 10pt; }
.q { display: flex; gap: 1.5mm; margin: 0 0 3.5mm; break-inside: avoid; page-break-inside: avoid; }
.no { flex: none; min-width: 2.2em; }
.body { flex: 1; min-width: 0; }
.body p { margin: 0; }
.prompt p, .prompt { display: inline; }
.paren { white-space: pre; }
.blank { display: inline-block; min-width: 7em; border-bottom: .75pt solid #000; }
ol.opts { list-style: none; margin: 1mm 0 0; padding: 0; display: grid; grid-template-columns: 1fr; column-gap: 6mm; }
ol.opts.c2 { grid-template-columns: 1fr 1fr; } ol.opts.c4 { grid-template-columns: repeat(4, 1fr); }
ol.opts li, ol.items li { display: flex; gap: 1.5mm; } .letter { flex: none; }
ol.items { list-style: none; margin: 1mm 0 0; padding: 0; }
.match { display: grid; grid-template-columns: 1fr 1fr; column-gap: 10mm; margin: 1mm 0 0; }
.match ol { list-style: none; margin: 0; padding: 0; } .match li { display: flex; gap: 1.5mm; }
.key .entry { margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.key .entry > p, .key .explain p { margin: 0; } .key .explain > p:first-of-type { display: inline; }
.key .ask { color: #333; font-size: 10pt; }
.key .explain, .key .feedback, .key .see { font-size: 10pt; }
.key .feedback { margin: 0; padding-left: 1.2em; }
.key .variant { break-before: page; page-break-before: always; }
.key .variant:first-of-type { break-before: auto; page-break-before: auto; }
.note { text-align: center; font-size: 9.5pt; margin: 0 0 4mm; }
.rules { font-size: 10pt; margin: 0 0 4mm; }
.pts { white-space: nowrap; }
.grid { display: flex; flex-wrap: wrap; gap: 1mm 5mm; margin: 0 0 5mm; padding: 2mm 0; font-size: 10.5pt;
  border-top: .75pt solid #000; border-bottom: .75pt solid #000; break-inside: avoid; page-break-inside: avoid; }
.grid span { white-space: nowrap; }
table { border-collapse: collapse; } th, td { border: .5pt solid #000; padding: .5mm 1.5mm; }
@media print { body { max-width: none; padding: 0; } }
""".strip()


def _page(lang: str, title: str, body: str, *, key: bool = False) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n"
            f'<body class="{"key" if key else "paper"}">\n{body}</body>\n</html>\n')


class PaperWriter:
    def __init__(self, bank: Bank, messages: Messages, *, sources: SourceTitles | None = None,
                 time_limit: int | None = None) -> None:
        self.bank = bank
        self.m = messages
        self.sources = sources
        self.time_limit = time_limit if time_limit is not None else bank.time_limit
        self.text = OffsiteText(messages)
        self.space = f'<span class="paren">{self._w("paper.answer_space")}</span>'
        self.numerals = messages("paper.numerals").split()

    def _w(self, key: str, **fields: object) -> str:
        """A message as HTML text."""
        return escape(self.m(key, **fields), quote=False)

    def _aside(self, html: str) -> str:
        """HTML in the catalog's brackets (paper.aside: `（{text}）`)."""
        return self._w("paper.aside", text="\0").replace("\0", html)

    def _section_title(self, index: int, section: Section) -> str:
        numeral = self.numerals[index] if index < len(self.numerals) else str(index + 1)
        points = {pq.points for pq in section.questions}
        if len(points) == 1:
            worth = self.m("paper.points_each", n=points.pop())
        else:
            worth = self.m("paper.points_sum", n=sum(pq.points for pq in section.questions))
        return self._w("paper.section", numeral=numeral, label=self.m(f"paper.type.{section.qtype}"),
                       count=len(section.questions), points=worth)

    # -------------------------------------------------------------- the paper
    def paper(self, variant: Variant) -> str:
        m = self.m
        title = self.bank.title
        facts = [m("paper.variant", name=variant.name), m("paper.count", count=variant.count),
                 m("paper.points_total", points=variant.total_points)]
        if self.time_limit:
            facts.append(m("paper.time", minutes=self.time_limit))
        parts = [f"<header>\n<h1>{escape(title)}</h1>\n"
                 f'<p class="sub">{escape(m("paper.facts_sep").join(facts), quote=False)}</p>\n'
                 f'<p class="rules">{self._w("paper.instructions")}</p>\n'
                 f'<div class="fill"><span>{self._w("paper.name")}<i></i></span>'
                 f'<span>{self._w("paper.org")}<i></i></span>'
                 f'<span>{self._w("paper.score")}<i></i></span></div>\n</header>\n']
        for index, section in enumerate(variant.sections):
            parts.append(f"<section>\n<h2>{self._section_title(index, section)}</h2>\n")
            hint_key = {"order": "paper.order_hint", "match": "paper.match_hint",
                        "multiple": "paper.multiple_hint"}.get(section.qtype)
            if hint_key:
                parts.append(f'<p class="hint">{self._w(hint_key)}</p>\n')
            mixed = len({pq.points for pq in section.questions}) > 1
            parts.extend(self._question(pq, mixed) for pq in section.questions)
            parts.append("</section>\n")
        page_title = m("paper.page_title", title=title, variant=m("paper.variant", name=variant.name))
        return _page(m("paper.lang"), page_title, "".join(parts))

    def _prompt(self, pq: PaperQuestion) -> str:
        q = pq.question
        prompt = str(self.text.inline(q.prompt))
        if q.type == "blank":
            prompt = prompt.replace(BLANK, '<span class="blank"></span>', 1)
        if q.type in ("single", "multiple", "truefalse"):
            prompt += self.space
        return prompt

    def _question(self, pq: PaperQuestion, mixed: bool = False) -> str:
        q = pq.question
        points = f'<span class="pts">{self._w("paper.question_points", n=pq.points)}</span>' if mixed else ""
        inner = f'<div class="prompt">{self._prompt(pq)}{points}</div>'
        if q.type in ("single", "multiple"):
            texts = [self.text.plain(o.text) for o in pq.options]
            longest = max((_width(t) for t in texts), default=0)
            cols = " c4" if longest <= 8 and len(texts) <= 4 else " c2" if longest <= 20 else ""
            items = "".join(f'<li><span class="letter">{chr(ord("A") + i)}.</span>'
                            f"<span>{self.text.inline(o.text)}</span></li>"
                            for i, o in enumerate(pq.options))
            inner += f'<ol class="opts{cols}">{items}</ol>'
        elif q.type == "order":
            items = "".join(f'<li>{self.space}<span>{self.text.inline(item)}</span></li>'
                            for item in pq.items)
            inner += f'<ol class="items">{items}</ol>'
        elif q.type == "match":
            lefts = "".join(f'<li><span class="letter">{i}.</span><span>{self.text.inline(left)}'
                            f"{self.space}</span></li>"
                            for i, (left, _) in enumerate(q.pairs, 1))
            rights = "".join(f'<li><span class="letter">{chr(ord("A") + i)}.</span>'
                             f"<span>{self.text.inline(right)}</span></li>"
                             for i, right in enumerate(pq.rights))
            inner += f'<div class="match"><ol>{lefts}</ol><ol>{rights}</ol></div>'
        return f'<div class="q"><span class="no">{pq.number}.</span><div class="body">{inner}</div></div>\n'

    # -------------------------------------------------------------- the key
    def key(self, variants: list[Variant], seed: str) -> str:
        m = self.m
        title = self.bank.title
        parts = [f"<header>\n<h1>{self._w('paper.key_title', title=title)}</h1>\n"
                 f'<p class="sub">{self._w("paper.key_seed", seed=seed)}</p>\n'
                 f'<p class="note">{self._w("paper.key_note")}</p>\n</header>\n']
        for variant in variants:
            facts = m("paper.facts_sep").join([
                m("paper.variant", name=variant.name), m("paper.count", count=variant.count),
                m("paper.points_total", points=variant.total_points)])
            grid = "".join(f"<span>{escape(self._grid_cell(pq), quote=False)}</span>" for pq in variant.questions)
            parts.append(f'<section class="variant">\n<h2>{escape(facts, quote=False)}</h2>\n'
                         f'<p class="hint">{self._w("paper.grid_title")}</p>\n<div class="grid">{grid}</div>\n')
            for index, section in enumerate(variant.sections):
                parts.append(f"<h3>{self._section_title(index, section)}</h3>\n")
                parts.extend(self._entry(pq) for pq in section.questions)
            parts.append("</section>\n")
        return _page(m("paper.lang"), m("paper.key_title", title=title), "".join(parts), key=True)

    def _grid_cell(self, pq: PaperQuestion) -> str:
        """The answer in the fewest characters a marker compares at a glance: 1.A 2.BD 3.对."""
        q, m = pq.question, self.m
        if q.type in ("single", "multiple"):
            answer = pq.right_letters()
        elif q.type == "truefalse":
            answer = m("paper.grid_true" if q.truth else "paper.grid_false")
        elif q.type == "blank":
            answer = q.answer[0]
        elif q.type == "order":
            positions = [str(p) for p in pq.item_positions()]
            answer = "".join(positions) if len(positions) < 10 else m("paper.number_sep").join(positions)
        else:
            answer = "".join(pq.match_letters())
        return f"{pq.number}.{answer}"

    def _answer(self, pq: PaperQuestion) -> str:
        q, t = pq.question, self.text
        if q.type in ("single", "multiple"):
            letters = pq.right_letters()
            texts = self.m("paper.list_sep").join(t.plain(pq.options[ord(c) - ord("A")].text) for c in letters)
            return f"<strong>{letters}</strong>{self._aside(escape(texts, quote=False))}"
        if q.type == "truefalse":
            return f"<strong>{self._w('paper.true' if q.truth else 'paper.false')}</strong>"
        if q.type == "blank":
            sep = escape(self.m("paper.accepted_sep"), quote=False)
            return "<strong>" + sep.join(escape(a, quote=False) for a in q.answer) + "</strong>"
        if q.type == "order":
            positions = self.m("paper.number_sep").join(str(p) for p in pq.item_positions())
            right = " → ".join(str(t.inline(item)) for item in q.items)
            return f"<strong>{self._w('paper.order_positions', positions=positions)}</strong>{self._aside(right)}"
        pairs = self.m("paper.list_sep").join(f"{i}—{letter}" for i, letter in enumerate(pq.match_letters(), 1))
        return f"<strong>{escape(pairs, quote=False)}</strong>"

    def _entry(self, pq: PaperQuestion) -> str:
        q, t = pq.question, self.text
        ask = t.plain(q.prompt)
        out = [f'<div class="entry"><p><strong>{pq.number}.</strong> {self._w("paper.answer")}{self._answer(pq)}</p>',
               f'<p class="ask">{escape(ask, quote=False)}</p>',
               f'<div class="explain"><strong>{self._w("paper.explain")}</strong>{t.block(q.explain)}</div>']
        feedback = [(chr(ord("A") + i), o.feedback) for i, o in enumerate(pq.options) if o.feedback]
        if feedback:
            out.append('<ul class="feedback">' + "".join(
                f"<li>{self._w('paper.feedback', letter=letter)}{t.inline(text)}</li>" for letter, text in feedback)
                + "</ul>")
        if q.see:
            where = self.sources.of(q.see) if self.sources else q.see
            out.append(f'<p class="see">{self._w("paper.see", see=where)}</p>')
        out.append("</div>\n")
        return "".join(out)


def _width(text: str) -> int:
    """Rough printed width in Chinese characters (Latin letters and digits count half)."""
    return sum(1 if ord(ch) > 0x2E7F else 0 for ch in text) + (sum(1 for ch in text if ord(ch) <= 0x2E7F) + 1) // 2

