"""Checklist → HTML (overridable template) and the JSON the runtime reads."""

from __future__ import annotations

from portalkit.checklist.model import Checklist
from portalkit.i18n import ZH, Messages
from portalkit.limits import LIMITS
from portalkit.richtext import RichText
from portalkit.runtime_data import dump_json
from portalkit.templating import Templates, template_text

# The four states of an item, in the order the form shows them (file-format values; their labels
# in the form are the catalog's `checklist.state_*`, their names in the CSV export are fixed).
STATES = ("unchecked", "ok", "issue", "na")


def render_checklist(checklist: Checklist, text: RichText, templates: Templates,
                     store: str, messages: Messages = ZH) -> str:
    data = {
        "id": checklist.id, "title": checklist.title, "subject": checklist.subject,
        "sections": [
            {"title": s.title, "items": [
                {"id": i.id, "text": i.text, "html": text.inline(i.text),
                 "help": text.block(i.help), "see": text.link(i.see) if i.see else "",
                 "required": i.required, **({"problem": i.problem} if i.problem else {})}
                for i in s.items]}
            for s in checklist.sections],
    }
    states = [(state, messages(f"checklist.state_{state}")) for state in STATES]
    return templates.render("checklist.html", checklist=checklist, text=text,
                            data=dump_json(data), store=store, limits=LIMITS, states=states,
                            total=len(checklist.items), t=template_text(messages))


def render_report_page(checklists: dict[str, Checklist], templates: Templates, store: str,
                       messages: Messages = ZH, unit: str = "", to: str = "") -> str:
    """The `/// report` block: the browser merges exported runs of any of these checklists.
    Only ids, titles and item texts travel (the report counts; it does not show help). The
    report's own words are file format (report.js); only the page's controls are messages."""
    data = {"checklists": [
        {"id": c.id, "title": c.title, "subject": c.subject,
         "sections": [{"title": s.title, "items": [{"id": i.id, "text": i.text,
                                                    **({"problem": i.problem} if i.problem else {})}
                                                   for i in s.items]}
                      for s in c.sections]}
        for c in sorted(checklists.values(), key=lambda c: c.id)], "limits": LIMITS,
        "language": messages.language}
    return templates.render("report.html", data=dump_json(data), store=store, checklists=checklists,
                            t=template_text(messages), unit=unit, to=to)
