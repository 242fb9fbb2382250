/* Checklist block (/// checklist): runs per person or meeting, item states and notes, export,
 * import and a print report.
 *
 * The page's markup is already the form (controls disabled); this module enables it in place
 * and paints a run into it, so starting up does not move the page.
 * The record `<store>:checklist:<id>` is {v:2, current, runs}: runs {runId: run | {deleted: t}}
 * (a deletion is a tombstone, so a stale tab cannot bring the run back); a run is
 * {id, created, subject: {v, t}, org: {v, t}, checker: {v, t}, items: {itemId: {s, note, t, text, section}}};
 * lastOrg {v, t} is the organisation the next new run starts with.
 * every register carries its own time, and the later one wins (see store.js). */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.checklist) return;

  const STATES = ["unchecked", "ok", "issue", "na"];
  const CSV_HEADER = ["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注", "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号"];
  // Column names and state names of the CSV export are file format (read by `portalkit report`):
  // fixed, whatever the language of the interface.
  const STATE_NAMES = { unchecked: "未查", ok: "符合", issue: "不符合", na: "不适用" };

  // ---------------------------------------------------------------- stored record
  const schema = () => {
    const S = pk.store, L = S.LIMITS;
    const empty = () => ({ v: 2, current: null, lastOrg: null, runs: S.dict() });
    const reg = (x, max) => S.isObj(x) && S.isTime(x.t) && S.text(x.v, max) != null;
    const item = (x, v1) => S.isObj(x) && STATES.includes(x.s) && (x.note == null || S.text(x.note, L.note) != null)
      && (x.text == null || S.text(x.text, L.text) != null) && (x.section == null || S.text(x.section, L.text) != null)
      && (v1 || S.isTime(x.t));
    // Keeps a run's valid parts; returns [run or null, how many parts were set aside].
    const cleanRun = (id, r, v1) => {
      if (S.isObj(r) && S.isTime(r.deleted)) return [{ deleted: r.deleted }, 0];
      if (!S.isObj(r) || id.length > 64) return [null, 1];
      let bad = 0;
      const t = v1 ? Date.parse(r.updated) || 1 : 0;
      const subject = v1 ? { v: r.subject, t } : r.subject;
      const checker = v1 ? { v: r.checker == null ? "" : r.checker, t } : r.checker;
      if (!reg(subject, L.name)) return [null, 1];
      const org = v1 || r.org == null ? { v: "", t: 0 } : r.org;
      const run = { id, epoch: S.isTime(r.epoch) ? r.epoch : 0, created: S.text(r.created, 40) || "", subject, org: reg(org, L.org) ? org : (bad++, { v: "", t: 0 }),
        checker: reg(checker, L.checker) ? checker : (bad++, { v: "", t: 0 }), items: S.dict() };
      if (!S.isObj(r.items)) bad++;
      for (const [itemId, x] of S.entries(r.items)) {
        if (itemId.length <= 200 && item(x, v1)) run.items[itemId] = { s: x.s, note: x.note || "", t: v1 ? t : x.t, text: x.text || "", section: x.section || "" };
        else bad++;
      }
      return [run, bad];
    };
    return {
      empty,
      clean(raw) {
        const out = empty();
        if (!S.isObj(raw) || (raw.v !== 1 && raw.v !== 2) || !S.isObj(raw.runs)) return [out, 1];
        let bad = 0;
        for (const [id, r] of S.entries(raw.runs)) {
          const [run, n] = cleanRun(id, r, raw.v === 1);
          bad += n;
          if (run) out.runs[id] = run;
        }
        const current = raw.v === 1 ? { id: raw.current, t: 1 } : raw.current;
        if (S.isObj(current) && typeof current.id === "string" && S.own(out.runs, current.id) && S.isTime(current.t)) out.current = current;
        if (raw.lastOrg != null) { if (reg(raw.lastOrg, L.org)) out.lastOrg = raw.lastOrg; else bad++; }
        return [out, bad];
      },
      cleanRun,
    };
  };

  function initChecklist(root) {
    const { h, fill, button, banner, storageWarning, recordProblem, privacyBar, today, download, csvText, safeName, dataOf, fmt } = pk.ui;
    const S = pk.store, L = S.LIMITS;
    const data = dataOf(root);
    const T = data.t.checklist, stateLabel = (s) => T[`state_${s}`];
    const withNote = (text, note) => (note ? fmt(T.with_note, { text, note }) : text);
    const badField = (field, why) => fmt(T.bad_field, { field, why });
    const notText = (max) => fmt(T.not_text, { max });
    const store = root.dataset.store;
    const known = new Map();
    data.sections.forEach((s) => s.items.forEach((it) => known.set(it.id, { ...it, section: s.title })));
    const sch = schema();
    const record = S.open(`${store}:checklist:${data.id}`, sch);
    const $ = (sel) => root.querySelector(sel);
    const say = $(":scope > .portal-live");
    const subject = data.subject;

    const live = (v, id) => id != null && S.own(v.runs, id) && !v.runs[id].deleted ? v.runs[id] : null;
    const liveRuns = () => Object.values(record.value.runs).filter((r) => !r.deleted);
    // Each tab shows its own run; the stored `current` is where the next visit starts.
    let view = record.value.current && live(record.value, record.value.current.id) ? record.value.current.id : (liveRuns()[0] || {}).id || null;
    const run = () => live(record.value, view);
    const change = (fn) => { record.update(fn, root); storageWarning(root); };
    const choose = (id) => { view = id; change((v) => { v.current = { id, t: S.now() }; }); };
    const uid = () => `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const counts = (r) => {
      const c = { unchecked: 0, ok: 0, issue: 0, na: 0 };
      for (const id of known.keys()) c[(S.own(r.items, id) && r.items[id].s) || "unchecked"]++;
      return c;
    };
    // A name as typed, without control, bidirectional or zero-width characters that would make
    // it read differently from what is stored.
    const plainName = (text) => pk.ui.cleanText(text).replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "").trim();
    // Puts a stored value into a field. A field that has focus keeps its caret: the change came
    // from another tab (this tab's own typing is already stored), so it is the newer text.
    const setValue = (field, value) => {
      if (field.value === value) return;
      const focused = document.activeElement === field, at = field.selectionStart;
      field.value = value;
      if (focused) field.setSelectionRange(Math.min(at, value.length), Math.min(at, value.length));
    };
    const label = (r) => (r.org.v ? fmt(T.run_label, { subject: r.subject.v, org: r.org.v }) : r.subject.v);
    const changed = (item, status) => document.dispatchEvent(new CustomEvent("portal:checklist-changed", {
      detail: { checklist: data.id, run: view, subject: run() && run().subject.v, item, status },
    }));
    // ------------------------------------------------ toolbar (the markup's own buttons)
    const select = $(".portal-run-select");
    const fileInput = $(".portal-file");
    const on = (sel, fn) => { const el = $(sel); el.disabled = false; el.addEventListener("click", fn); return el; };
    select.addEventListener("change", () => { choose(select.value); paint(); });

    // New and renamed runs are named in a small form on the page (prompt() is blocked by some
    // browsers and read poorly by screen readers). The organisation defaults to the last one
    // used, and the names already used in this browser are offered.
    const form = $(".portal-run-form"), nameInput = form.elements.subject, orgInput = form.elements.org;
    let editing = null; // null: a new run; otherwise the id of the run being renamed
    const orgsUsed = () => [...new Set([...liveRuns().map((r) => r.org.v), record.value.lastOrg && record.value.lastOrg.v].filter(Boolean))].sort();
    const openForm = (r) => {
      editing = r ? r.id : null;
      form.querySelector(".portal-run-form__title").textContent = r ? T.rename_title : fmt(T.new_title, { subject });
      nameInput.value = r ? r.subject.v : "";
      orgInput.value = r ? r.org.v : (record.value.lastOrg && record.value.lastOrg.v) || "";
      fill(form.querySelector("datalist"), orgsUsed().map((o) => h("option", { value: o })));
      form.hidden = false;
      nameInput.focus();
    };
    const closeForm = (focus) => { form.hidden = true; editing = null; if (focus) $(focus).focus(); };
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const name = plainName(nameInput.value).slice(0, L.name);
      if (!name) { nameInput.focus(); return; }
      const org = pk.ui.normalizeOrg(orgInput.value).slice(0, L.org).trim();
      const t = S.now();
      if (editing) {
        const id = editing;
        change((v) => {
          if (!live(v, id)) return;
          v.runs[id].subject = { v: name, t };
          v.runs[id].org = { v: org, t };
          if (org) v.lastOrg = { v: org, t };
        });
        closeForm();
        paint();
        $(".portal-rename").focus();
        return;
      } else {
        const id = uid();
        change((v) => {
          v.runs[id] = { id, epoch: t, created: today(), subject: { v: name, t }, org: { v: org, t }, checker: { v: "", t: 0 }, items: S.dict() };
          v.current = { id, t };
          if (org) v.lastOrg = { v: org, t };
        });
        view = id;
        say.textContent = fmt(T.created, { name });
        closeForm();
      }
      paint();
      $(".portal-item input:checked")?.focus();
    });
    const cancel = () => closeForm(editing ? ".portal-rename" : ".portal-new");
    form.querySelector(".portal-run-form__cancel").addEventListener("click", cancel);
    form.addEventListener("keydown", (e) => { if (e.key === "Escape") cancel(); });
    on(".portal-new", () => openForm(null));
    on(".portal-rename", () => { if (run()) openForm(run()); });
    on(".portal-delete", () => {
      const r = run();
      if (!r || !confirm(fmt(T.del_confirm, { name: r.subject.v }))) return;
      change((v) => { v.runs[r.id] = { deleted: S.now() }; });
      view = (liveRuns()[0] || {}).id || null;
      paint();
    });
    on(".portal-export-json", () => exportJson());
    on(".portal-export-csv", () => exportCsv());
    on(".portal-import", () => fileInput.click());
    on(".portal-print", () => { drawReport(); window.print(); });
    fileInput.addEventListener("change", () => importFile(fileInput));
    const checker = $(".portal-checker input");
    checker.addEventListener("input", () => {
      const id = view, value = checker.value.slice(0, L.checker);
      change((v) => { if (live(v, id)) v.runs[id].checker = { v: value, t: S.now() }; });
    });

    // ------------------------------------------------ items (the markup's own form)
    const rows = new Map();
    root.querySelectorAll(".portal-checklist__body .portal-item").forEach((li) => {
      const it = known.get(li.dataset.item);
      if (!it) return;
      const radios = [...li.querySelectorAll(".portal-states input")];
      const noteBox = li.querySelector(".portal-note"), note = noteBox.querySelector("textarea");
      const addNote = li.querySelector(".portal-add-note");
      note.setAttribute("aria-label", fmt(T.note_label, { item: it.text }));
      const set = (fields) => {
        const id = view;
        change((v) => {
          const r = live(v, id);
          if (!r) return;
          const old = S.own(r.items, it.id) ? r.items[it.id] : { s: "unchecked", note: "" };
          r.items[it.id] = { s: old.s, note: old.note, ...fields, t: S.now(), text: it.text, section: it.section };
        });
      };
      radios.forEach((radio) => radio.addEventListener("change", () => {
        li.dataset.status = radio.value;
        set({ s: radio.value });
        if (radio.value === "issue") { noteBox.hidden = false; addNote.hidden = true; }
        drawProgress();
        changed(it.id, radio.value);
      }));
      note.addEventListener("input", () => set({ note: note.value.slice(0, L.note) }));
      addNote.addEventListener("click", () => { noteBox.hidden = false; addNote.hidden = true; note.focus(); });
      rows.set(it.id, { li, radios, noteBox, note, addNote });
    });

    // Puts a run (or none) into the form. A field this reader is typing in keeps its text.
    const paint = () => {
      const r = run();
      const runs = liveRuns();
      fill(select, runs.length ? runs.map((x) => h("option", { value: x.id, selected: x.id === view }, label(x))) : h("option", { value: "" }, T.none));
      select.disabled = !runs.length;
      for (const sel of [".portal-rename", ".portal-delete", ".portal-export-json", ".portal-export-csv", ".portal-print"]) $(sel).disabled = !r;
      checker.disabled = !r;
      setValue(checker, r ? r.checker.v : "");
      $(".portal-checker").hidden = !r;
      $(".portal-meta .portal-empty").hidden = !!r;
      for (const [id, row] of rows) {
        const entry = r && S.own(r.items, id) ? r.items[id] : { s: "unchecked", note: "" };
        row.li.dataset.status = entry.s;
        row.radios.forEach((radio) => { radio.disabled = !r; radio.checked = radio.value === entry.s; });
        setValue(row.note, entry.note || "");
        row.note.disabled = !r;
        row.noteBox.hidden = !(entry.s === "issue" || entry.note);
        row.addNote.hidden = !row.noteBox.hidden;
        row.addNote.disabled = !r;
      }
      drawRemoved(r);
      drawProgress();
    };
    const drawProgress = () => {
      const r = run();
      root.querySelectorAll(".portal-checklist__body > .portal-section").forEach((sec) => {
        const items = [...sec.querySelectorAll(".portal-item")];
        const done = items.filter((li) => li.dataset.status !== "unchecked").length;
        const bad = items.filter((li) => li.dataset.status === "issue").length;
        sec.querySelector(".portal-section__progress").textContent = !r ? ""
          : fmt(bad ? T.progress_issues : T.progress, { done, total: items.length, n: bad });
      });
      const c = r ? counts(r) : { unchecked: known.size, ok: 0, issue: 0, na: 0 };
      const done = known.size - c.unchecked;
      const progress = fmt(T.progress, { done, total: known.size });
      fill($(".portal-progress"),
        h("progress", { max: known.size, value: done, "aria-label": progress }), " ",
        h("span", {}, r ? fmt(T.progress_counts, { progress,
          counts: STATES.map((s) => fmt(T.count, { state: stateLabel(s), n: c[s] })).join(T.count_sep) }) : progress));
      drawSummary();
    };
    const drawRemoved = (r) => {
      const gone = r ? Object.entries(r.items).filter(([id]) => !known.has(id)) : [];
      fill($(".portal-removed-box"), gone.length ? h("div", { class: "portal-section portal-removed" }, h("h2", {}, T.removed),
        h("ul", {}, gone.map(([id, e]) => h("li", { "data-item": id, "data-status": e.s },
          withNote(fmt(T.removed_item, { item: e.text || id, state: stateLabel(e.s) }), e.note))))) : null);
    };
    const drawSummary = () => {
      const runs = liveRuns();
      fill($(":scope > .portal-summary"), runs.length > 1 ? h("details", {}, h("summary", {}, fmt(T.summary, { n: runs.length })),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, T.subject), h("th", {}, T.col_done), h("th", {}, T.state_issue), h("th", {}, T.date))),
          h("tbody", {}, runs.map((r) => {
            const c = counts(r);
            return h("tr", {}, h("td", {}, r.subject.v), h("td", {}, `${known.size - c.unchecked}/${known.size}`),
              h("td", {}, String(c.issue)), h("td", {}, updated(r)));
          })))) : null);
    };
    // When a run last changed: the latest time of any of its entries (a full timestamp).
    const updatedAt = (r) => {
      const t = Math.max(r.subject.t, r.org.t, r.checker.t, ...Object.values(r.items).map((x) => x.t));
      return t > 1 ? new Date(t).toISOString() : `${r.created || today()}T00:00:00.000Z`;
    };
    const updated = (r) => updatedAt(r).slice(0, 10);

    // ------------------------------------------------ export and import
    const exported = () => {
      const r = run();
      const entry = (id) => (S.own(r.items, id) ? r.items[id] : null);
      return { format: "portal-checklist-run", version: 2, checklist: data.id, title: data.title,
        exported: new Date().toISOString(),
        run: { id: r.id, subject: r.subject.v, org: r.org.v, created: r.created, updated: updatedAt(r), checker: r.checker.v,
          items: Object.fromEntries(Object.entries(r.items).map(([id, x]) => [id, { s: x.s, note: x.note, text: x.text, section: x.section }])) },
        items: [...known.values()].map((it) => ({ id: it.id, section: it.section, text: it.text, required: it.required,
          status: (entry(it.id) && entry(it.id).s) || "unchecked", note: (entry(it.id) && entry(it.id).note) || "" })) };
    };
    const fileName = (ext) => safeName(`${data.title}-${run().subject.v}-${today()}.${ext}`);
    const exportJson = () => download(fileName("json"), "application/json", JSON.stringify(exported(), null, 2));
    const exportCsv = () => {
      const e = exported();
      download(fileName("csv"), "text/csv;charset=utf-8", csvText([CSV_HEADER,
        ...e.items.map((it) => [data.title, e.run.subject, it.section, it.text, it.required ? "是" : "否", STATE_NAMES[it.status],
          it.note, e.run.org, e.run.checker, e.run.updated, data.id, e.run.id, it.id])]));
    };
    // An import file is untrusted: every field is checked against the format and its bounds,
    // and the first thing that does not fit is named.
    const readImport = (text) => {
      let e;
      try { e = JSON.parse(text); } catch (err) { return [null, T.not_json]; }
      if (!S.isObj(e) || e.format !== "portal-checklist-run" || (e.version !== 1 && e.version !== 2) || !S.isObj(e.run)) return [null, T.foreign];
      if (e.checklist !== data.id) return [null, fmt(T.other_list, { id: String(e.checklist).slice(0, 64) })];
      const r = e.run;
      if (r.id != null && (typeof r.id !== "string" || !/^[\w-]{1,64}$/.test(r.id))) return [null, badField("run.id", T.bad_run_id)];
      const subjectText = typeof r.subject === "string" ? plainName(r.subject) : null;
      if (!subjectText || subjectText.length > L.name) return [null, badField("run.subject", notText(L.name))];
      if (r.checker != null && S.text(r.checker, L.checker) == null) return [null, badField("run.checker", notText(L.checker))];
      if (r.org != null && S.text(r.org, L.org) == null) return [null, badField("run.org", notText(L.org))];
      if (!S.isObj(r.items)) return [null, badField("run.items", T.not_map)];
      if (Object.keys(r.items).length > L.items) return [null, badField("run.items", fmt(T.too_many, { n: L.items }))];
      const items = S.dict();
      const t = S.now();
      for (const [id, x] of Object.entries(r.items)) {
        const where = `run.items.${id.slice(0, 40)}`;
        if (id.length > 200 || !S.isObj(x)) return [null, badField(where, T.not_map)];
        if (!STATES.includes(x.s)) return [null, badField(`${where}.s`, T.bad_state)];
        for (const [field, max] of [["note", L.note], ["text", L.text], ["section", L.text]]) {
          if (x[field] != null && S.text(x[field], max) == null) return [null, badField(`${where}.${field}`, notText(max))];
        }
        items[id] = { s: x.s, note: x.note || "", t, text: x.text || "", section: x.section || "" };
      }
      return [{ id: r.id || null, subject: subjectText, org: pk.ui.normalizeOrg(r.org).slice(0, L.org).trim(), created: S.text(r.created, 40) || today(),
        checker: plainName(r.checker || ""), items, t }, null];
    };
    const importFile = (input) => {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      const fail = (why) => { say.textContent = fmt(T.bad_file, { why }); banner(root, say.textContent, "portal-banner--import"); };
      if (file.size > L.importBytes) return fail(fmt(T.too_big, { mb: L.importBytes / 1024 / 1024 }));
      file.text().then((text) => {
        const [got, why] = readImport(text);
        if (!got) return fail(why);
        root.querySelector(":scope > .portal-banner--import")?.remove();
        let id = got.id || uid(), name = got.subject;
        const existing = S.own(record.value.runs, id) ? record.value.runs[id] : null;
        if (existing && existing.deleted) id = uid();
        else if (existing && !confirm(fmt(T.overwrite, { name: existing.subject.v }))) {
          id = uid();
          name = (name.slice(0, L.name - T.copy_suffix.length) + T.copy_suffix);
        }
        change((v) => {
          // a new epoch: the imported run replaces the old one whole, in every open tab too
          v.runs[id] = { id, epoch: got.t, created: got.created, subject: { v: name, t: got.t }, org: { v: got.org, t: got.t },
            checker: { v: got.checker, t: got.t }, items: got.items };
          v.current = { id, t: S.now() };
        });
        view = id;
        paint();
        say.textContent = fmt(T.imported, { name });
      });
    };

    const drawReport = () => {
      const r = run();
      const all = [...known.values()].map((it) => ({ it, e: (S.own(r.items, it.id) && r.items[it.id]) || { s: "unchecked" } }));
      const issues = all.filter((x) => x.e.s === "issue");
      const open = all.filter((x) => x.e.s === "unchecked");
      fill($(":scope > .portal-report"),
        h("h2", {}, data.title),
        h("p", {}, fmt(T.report_meta, { org: r.org.v || T.no_org, subject: r.subject.v, date: today(), checker: r.checker.v || T.blank_checker })),
        h("h3", {}, T.to_fix),
        issues.length ? h("ol", {}, issues.map(({ it, e }) => h("li", {}, withNote(it.text, e.note)))) : h("p", {}, T.no_issues),
        open.length ? h("p", {}, fmt(T.unchecked, { n: open.length })) : null,
        h("h3", {}, T.all_items),
        h("table", {}, h("tbody", {}, all.map(({ it, e }) => h("tr", {},
          h("td", {}, it.text), h("td", {}, stateLabel(e.s)), h("td", {}, e.note || ""))))));
    };
    root._portalPrint = () => { if (run()) drawReport(); };

    // Another tab changed this checklist: show its changes; if it deleted the run shown here,
    // say so and show another.
    record.listen(root, () => {
      if (view && !run()) {
        view = (liveRuns()[0] || {}).id || null;
        say.textContent = T.other_tab;
      }
      paint();
    });

    recordProblem(root, record);
    root.append(privacyBar(root));
    paint();
    storageWarning(root);
  }

  pk.checklist = { schema, CSV_HEADER };
  (pk.blocks = pk.blocks || {}).checklist = { selector: "[data-checklist]", needs: ["store"], init: initChecklist };
  if (pk.start) pk.start();
})();
