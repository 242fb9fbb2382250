"""Checklist → HTML (overridable template) and the JSON the runtime reads."""

from __future__ import annotations

from portalkit.checklist.model import Checklist
from portalkit.limits import LIMITS
from portalkit.quiz.render import dump_json
from portalkit.richtext import RichText
from portalkit.templating import Templates

# The four states of an item, in the order the form shows them (file-format values, labels).
STATES = (("unchecked", "未查"), ("ok", "符合"), ("issue", "不符合"), ("na", "不适用"))


def render_checklist(checklist: Checklist, text: RichText, templates: Templates,
                     store: str) -> str:
    data = {
        "id": checklist.id, "title": checklist.title, "subject": checklist.subject,
        "sections": [
            {"title": s.title, "items": [
                {"id": i.id, "text": i.text, "html": text.inline(i.text),
                 "help": text.block(i.help), "see": text.link(i.see) if i.see else "",
                 "required": i.required}
                for i in s.items]}
            for s in checklist.sections],
    }
    return templates.render("checklist.html", checklist=checklist, text=text,
                            data=dump_json(data), store=store, limits=LIMITS, states=STATES,
                            total=len(checklist.items))


def render_report_page(checklists: dict[str, Checklist], templates: Templates, store: str) -> str:
    """The `/// report` block: the browser merges exported runs of any of these checklists.
    Only ids, titles and item texts travel (the report counts; it does not show help)."""
    data = {"checklists": [
        {"id": c.id, "title": c.title, "subject": c.subject,
         "sections": [{"title": s.title, "items": [{"id": i.id, "text": i.text} for i in s.items]}
                      for s in c.sections]}
        for c in sorted(checklists.values(), key=lambda c: c.id)], "limits": LIMITS}
    return templates.render("report.html", data=dump_json(data), store=store, checklists=checklists)
