/* The self-inspection report in the browser (/// report): the reviewer picks or drops the files
 * the branches exported; the page shows the report that `python -m portalkit report` writes.
 *
 * This is the twin of portalkit/report/ (read.py, aggregate.py, document.py): the same rules in the
 * same order, so the same files give the same numbers; tests/report_vectors holds the files and
 * the expected result both must reproduce. Nothing leaves the browser, and nothing is stored.
 * The report's words come from the reportdoc catalog (as the command's); the CSV's column names
 * and state names are file format: fixed strings, whatever the language. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.report) return;
  // report-read.js (reading and counting) and sheets.js (the spreadsheet reader, for a roster) are
  // loaded from beside this file once the reader chooses files: a page that is only read loads less.
  const self = document.currentScript || document.querySelector('script[src$="/report.js"]');
  const HERE = self ? self.src.replace(/[^/]*$/, "") : "";
  const loading = new Map();
  const load = (name, ready) => ready() ? Promise.resolve() : (loading.get(name) || loading.set(name, new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = HERE + name;
    s.onload = () => resolve();
    s.onerror = () => { loading.delete(name); s.remove(); reject(new Error(name)); };
    document.head.append(s);
  })).get(name));
  const needSheets = () => load("sheets.js", () => window.portalSheets);
  const NO_ORG = "未注明";
  // bound from report-read.js once it is loaded (needRead); the document is built only from a report, after that
  let STATUSES, strip, cmp, counts, rate, drainAsync, readFileSteps, aggregateSteps, aggregate, rosterFromGrids, toJson;
  // `data`: the block's, whose catalog text (the `report` area) words the reader's reasons
  const needRead = (data) => load("report-read.js", () => pk.reportRead).then(() => {
    ({ STATUSES, strip, cmp, counts, rate, drainAsync, readFileSteps, aggregateSteps, aggregate, rosterFromGrids, toJson } = pk.reportRead);
    pk.reportRead.useText(data.t.report, data.language);
  });

  // ------------------------------------------------------------------ the report's text (document.py)
  // The same document report.docx and report.md print, in the same words: the catalog's reportdoc
  // area (W), the one wording source; document_json() in Python gives the same JSON (a test holds them equal).
  const ROSTER_TEMPLATE = [["党组织", "类别", "上级", "别名"], ["中共××局机关委员会", "党委", "", "机关党委"],
    ["机关第一党总支", "党总支", "中共××局机关委员会", "一总支"], ["机关第一党支部", "党支部", "机关第一党总支", "第一支部、一支部"]];
  const RECT_COLUMNS = ["党组织", "核查对象", "清单", "检查项", "备注", "整改责任人", "完成时限", "存在问题", "整改措施"];
  const DEFAULT_PROBLEMS = 5, SHOWN_NAMES = 5, SHOWN_NOTES = 3, SHOWN_MISSING = 60;
  const DIGITS = "零一二三四五六七八九";
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];
  const cnNumber = (n) => {
    if (!(n > 0 && n < 100)) return String(n);
    const tens = Math.floor(n / 10), ones = n % 10;
    return (tens === 0 ? "" : tens === 1 ? "十" : DIGITS[tens] + "十") + (ones ? DIGITS[ones] : "");
  };
  const ordinal = (language, level, n) => language !== "zh" ? `${n}. `
    : [`${cnNumber(n)}、`, `（${cnNumber(n)}）`, `${n}.`, `（${n}）`][Math.min(level, 4) - 1];
  const dateText = (language, day) => {
    const [y, m, d] = day.split("-").map(Number);
    return language === "zh" ? `${y}年${m}月${d}日` : `${d} ${MONTHS[m - 1]} ${y}`;
  };
  const PERSON = /(对象|党员|人|积极分子)$/u, MEETING = /会议$/u;
  const words = (W, language) => {
    const w = (key, fields) => pk.ui.fmt(W[key], fields);
    return {
      w, language,
      rate: (c) => (rate(c) === null ? W.rate_none : `${rate(c)}%`),
      names: (names, shown) => {
        const joined = names.slice(0, shown).join(W.list_separator);
        return names.length <= shown ? joined : w("names_more", { names: joined });
      },
      heading: (level, n, key) => ({ h: level, text: ordinal(language, level, n) + W[key] }),
      nth: (n) => (language === "zh" ? cnNumber(n) : String(n)),
      counted: (subject, count) =>
        w(PERSON.test(subject) ? "counted_person" : MEETING.test(subject) ? "counted_meeting" : "counted_other", { subject, count }),
      problemCount: (subject, count) =>
        w(PERSON.test(subject) ? "problem_person" : MEETING.test(subject) ? "problem_meeting" : "problem_other", { count }),
      problemText: (problem, text, removed) => problem || w("fallback", { text: text + (removed ? W.removed : "") }),
    };
  };
  const totalsOf = (r) => {
    const t = counts();
    for (const s of r.checklists) for (const k of STATUSES) t[k] += s.totals[k];
    return t;
  };
  const countCells = (x, c) => [c.ok, c.issue, c.na, c.unchecked, x.rate(c)];
  const countColumns = (x) => ["ok", "issue", "na", "unchecked", "rate"].map((k) => [x.w(`col_${k}`), "number"]);
  const NOTE_LINES = /\s*\n\s*/gu, NOTE_END = /[.;,\u3002\uff1b\uff0c]+$/u;
  const topNotes = (notes, separator, shown = SHOWN_NOTES) => {
    const cleaned = notes.map((n) => strip(n).replace(NOTE_LINES, separator).replace(NOTE_END, ""));
    const count = new Map(), first = new Map();
    cleaned.forEach((n, i) => { if (n) { count.set(n, (count.get(n) || 0) + 1); if (!first.has(n)) first.set(n, i); } });
    return [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || first.get(a) - first.get(b)).slice(0, shown);
  };
  const rectProblem = (x, r) => x.problemText(r.problem, r.text, r.removed) + (r.note ? x.w("note", { note: r.note }) : "");

  // options: {date: "YYYY-MM-DD", unit, to, problems}
  const documentOf = (r, options, W, language) => {
    const x = words(W, language), w = x.w;
    const unit = options.unit || "", problems = options.problems == null ? DEFAULT_PROBLEMS : options.problems;
    const blocks = [{ p: w("opening", { runs: r.runs.length }) }, x.heading(1, 1, "h_basics")];
    let text = "";
    if (r.roster) {
      const kinds = r.roster.kinds.map(([kind, count]) => w("roster_kind", { kind: kind || W.kind_unknown, count })).join(W.list_separator);
      text += w("roster", { count: r.roster.organisations.length, kinds });
      const expected = r.roster.grassRoots.length, missing = r.branches.filter((b) => !b.handedIn).map((b) => b.org);
      text += missing.length ? w("coverage", { expected, handed: expected - missing.length, missing: missing.length,
        names: x.names(missing, SHOWN_MISSING) }) : w("coverage_all", { expected });
      if (r.unmatched.length) text += w("outside", { count: r.unmatched.length });
    } else if (r.orgs.length) text += w("orgs", { count: r.orgs.length });
    if (r.fromFolder) text += w("from_folder", { count: r.fromFolder });
    if (r.unnamedRuns) text += w("unnamed", { count: r.unnamedRuns });
    if (!r.runs.length) text += w("no_runs");
    if (text) blocks.push({ p: text });
    r.checklists.forEach((s, i) => blocks.push({ p: w("checklist", { n: ordinal(language, 2, i + 1), title: s.title,
      counted: x.counted(s.subject, s.subjects), runs: s.runs,
      rest: s.incomplete ? w("checklist_incomplete", { count: s.incomplete }) : w("checklist_complete") }) }));
    if (r.period) {
      const [start, end] = r.period.map((d) => dateText(language, d));
      blocks.push({ p: start === end ? w("period_day", { day: start }) : w("period", { start, end }) });
    }
    blocks.push(x.heading(1, 2, "h_items"));
    const total = totalsOf(r);
    const handed = r.branches.filter((b) => b.handedIn);
    if (handed.length) {
      blocks.push({ p: w("branch_lead", { total: total.ok + total.issue + total.na + total.unchecked, ok: total.ok, issue: total.issue,
        rate: x.rate(total) }) });
      blocks.push({ columns: [[w("col_org"), "text"], [w("col_runs"), "number"], ...countColumns(x)],
        rows: [...handed.map((b) => ["data", [b.org, b.runs, ...countCells(x, b.counts)]]),
          ["total", [w("total"), r.runs.length, ...countCells(x, total)]]] });
    }
    r.checklists.forEach((s, i) => {
      const t = s.totals, rows = [];
      let section = null;
      for (const row of s.rows) {
        if (row.section !== section && row.section) rows.push(["group", [row.section]]);
        section = row.section;
        rows.push(["data", [row.text + (row.removed ? W.removed : ""), ...countCells(x, row.counts)]]);
      }
      rows.push(["total", [w("total"), ...countCells(x, t)]]);
      blocks.push({ h: 2, text: ordinal(language, 2, i + 1) + s.title },
        { p: w("checklist_lead", { runs: s.runs, total: t.ok + t.issue + t.na + t.unchecked, ok: t.ok, issue: t.issue, na: t.na,
          unchecked: t.unchecked, rate: x.rate(t) }) },
        { columns: [[w("col_item"), "text"], ...countColumns(x)], rows });
    });
    blocks.push(x.heading(1, 3, "h_problems"));
    if (!r.problems.length) blocks.push({ p: w("no_problems") });
    else {
      blocks.push({ p: w("problems_lead", { issues: r.rectification.length, items: r.problems.length }) });
      const shown = r.problems.slice(0, Math.max(problems, 0));
      const subjectOf = new Map(r.checklists.map((s) => [s.id, s.subject]));
      shown.forEach((p, i) => {
        const orgs = p.orgs.filter((o) => o !== NO_ORG), named = orgs.length ? orgs : p.orgs;
        let para = w("problem", { nth: x.nth(i + 1), problem: x.problemText(p.problem, p.text, p.removed),
          count: x.problemCount(subjectOf.get(p.checklist) || "", p.count), orgs: named.length, names: x.names(named, SHOWN_NAMES) });
        const notes = topNotes(p.notes, W.note_lines);
        if (notes.length) para += w("problem_notes", { notes: notes.map((n) => w("quoted", { text: n })).join("") });
        blocks.push({ p: para });
      });
      const rest = r.problems.length - shown.length;
      blocks.push({ p: rest ? w("problems_rest", { count: rest }) : w("problems_all") });
    }
    blocks.push(x.heading(1, 4, "h_measures"), { p: "" });
    const rect = { columns: [[w("col_index"), "index"], [w("col_org"), "text"], [w("col_subject"), "text"], [w("col_problem"), "text"],
      [w("col_measure"), "fill"], [w("col_owner"), "fill"], [w("col_deadline"), "fill"]],
    rows: r.rectification.map((row, i) => ["data", [i + 1, row.org, row.subject, rectProblem(x, row), "", "", ""]]) };
    return { language, title: unit ? w("title_unit", { unit }) : w("title"), addressee: options.to || "", unit,
      date: options.date || null, blocks, appendices: [{ label: w("appendix_label"), title: w("appendix_title"), landscape: true,
        blocks: [rect] }] };
  };

  // The working notes beside the report (document.py build_notes): what was refused, counted once, left unfinished, cut.
  const notesOf = (r, W, language) => {
    const w = words(W, language).w;
    const blocks = [{ p: w("notes_intro", { files: r.files.length, runs: r.runs.length }) }];
    let n = 0;
    const section = (key) => blocks.push({ h: 1, text: ordinal(language, 1, ++n) + w(key) });
    const table = (keys, rows, kinds = {}) => ({ columns: keys.map((k) => [w(`col_${k}`), kinds[k] || "text"]),
      rows: rows.map((cells) => ["data", cells]) });
    if (r.refused.length) {
      section("notes_refused");
      blocks.push({ p: w("notes_refused_lead") }, table(["file", "reason"], r.refused.map((x) => [x.file, x.reason])));
    }
    if (r.duplicates.length) {
      section("notes_duplicates");
      blocks.push({ p: w("notes_duplicates_lead") }, table(["checklist", "subject", "org", "run_id", "used", "files"],
        r.duplicates.map((d) => [d.checklistTitle, d.subject, d.org, d.runId, d.used, d.files.join("\n")])));
    }
    const incomplete = r.runs.filter((x) => x.unchecked);
    if (incomplete.length) {
      section("notes_incomplete");
      blocks.push(table(["org", "subject", "checklist", "unchecked_items"], incomplete.map((x) => [x.org, x.subject, x.checklistTitle,
        x.unchecked]), { unchecked_items: "number" }));
    }
    if (r.notices.length) {
      section("notes_truncated");
      blocks.push(table(["file", "explanation"], r.notices.map((x) => [x.file, x.message])));
    }
    if (r.fromFolder) {
      section("notes_folder");
      blocks.push({ p: w("notes_folder_lead", { count: r.fromFolder }) });
    }
    if (r.unmatched.length) {
      section("notes_unmatched");
      blocks.push({ p: w("notes_unmatched_lead", { names: r.unmatched.join(W.list_separator) }) });
    }
    return { language, title: w("notes_title"), addressee: "", unit: "", date: null, blocks, appendices: [] };
  };

  // Documents → DOM, read as the Word document reads. Every text goes in as text, never as markup.
  const lines = (text) => String(text).split("\n").flatMap((line, k) => (k ? [pk.ui.h("br"), line] : [line]));
  const renderBlocks = (blocks, level, T, tables) => {
    const { h, fmt } = pk.ui;
    return blocks.map((b) => {
      if (b.columns) {
        tables.n++;
        const number = b.columns.map(([, kind]) => kind === "number" || kind === "index");
        const row = ([kind, cells]) => kind === "group"
          ? h("tr", {}, h("th", { colspan: String(b.columns.length), scope: "colgroup" }, ...lines(cells[0])))
          : h("tr", kind === "total" ? { class: "portal-rp__total" } : {},
            cells.map((cell, i) => h("td", number[i] ? { class: "portal-rp__number" } : {}, ...lines(cell))));
        // a long table shows its first rows at once and gets the others a slice at a time (tables.later)
        const body = h("tbody", {}, b.rows.slice(0, FIRST_ROWS).map(row));
        if (b.rows.length > FIRST_ROWS) tables.later.push([body, b.rows.slice(FIRST_ROWS), row]);
        const long = b.rows.length > FIRST_ROWS ? " portal-rp__scroll--long" : "";
        return h("div", { class: "portal-rp__scroll" + long, tabindex: "0", role: "region", "aria-label": fmt(T.table, { n: tables.n }) },
          h("table", {}, h("thead", {}, h("tr", {}, b.columns.map(([name]) => h("th", { scope: "col" }, name)))), body));
      }
      if (b.h != null) return h(`h${Math.min(b.h + level, 6)}`, {}, b.text);
      return b.p ? h("p", {}, ...lines(b.p)) : null;
    });
  };
  const FIRST_ROWS = 100;
  function* laterRows(later) {
    for (const [body, rows, row] of later) {
      for (let i = 0; i < rows.length; i += 50) {
        body.append(...rows.slice(i, i + 50).map(row));
        yield;
      }
    }
  }
  const render = (doc, notes, T, later = []) => {
    const { h } = pk.ui;
    const zh = doc.language === "zh", tables = { n: 0, later };
    const out = [h("h2", { class: "portal-rp__title" }, doc.title)];
    if (doc.addressee) out.push(h("p", { class: "portal-rp__to" }, doc.addressee + (zh ? "：" : ":")));
    out.push(...renderBlocks(doc.blocks, 2, T, tables));
    if (doc.appendices.length) out.push(h("p", {}, (zh ? "附件：" : "Attachment: ") + doc.appendices[0].title));
    if (doc.date) {
      out.push(h("p", { class: "portal-rp__signoff" }, ...(doc.unit ? [doc.unit, h("br")] : []),
        dateText(doc.language, doc.date)));
    }
    for (const a of doc.appendices) {
      out.push(h("div", { class: "portal-rp__appendix" }, h("h3", {}, a.label + (zh ? "：" : ": ") + a.title),
        ...renderBlocks(a.blocks, 3, T, tables)));
    }
    out.push(h("div", { class: "portal-rp__notes" }, h("h2", {}, notes.title), ...renderBlocks(notes.blocks, 2, T, tables)));
    return out;
  };

  // ------------------------------------------------------------------ the block
  function init(root) {
    const { fill, csvText, download, fmt } = pk.ui;
    const data = pk.ui.dataOf(root);
    const T = data.t.reportpage;
    const $ = (sel) => root.querySelector(sel);
    const status = $(".portal-rp__status"), out = $(".portal-rp__out"), input = $(".portal-rp__file"), drop = $(".portal-rp__drop");
    const W = data.t.reportdoc, language = data.language === "en" ? "en" : "zh";
    const unit = $(".portal-rp__unit"), to = $(".portal-rp__to-field"), date = $(".portal-rp__date");
    // today in Beijing, as the command's default
    date.value = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    let report = null, doc = null, read = null, roster = null;
    const rosterInput = $(".portal-rp__roster-file"), rosterStatus = $(".portal-rp__roster-status");
    const options = () => ({ unit: pk.ui.normalizeOrg(unit.value), to: pk.ui.normalizeOrg(to.value),
      date: /^\d{4}-\d{2}-\d{2}$/.test(date.value) ? date.value : null });
    let shown = 0;
    const show = async () => {
      if (!report) return;
      const mine = ++shown, later = [];
      doc = documentOf(report, options(), W, language);
      root._portalDocument = doc;
      fill(out, render(doc, notesOf(report, W, language), T, later));
      const steps = laterRows(later);
      // a newer report (another file, another date) replaces this one: stop filling the old tables
      await drainAsync((function* () { for (const step of steps) { if (mine !== shown) return; yield step; } })());
    };
    for (const field of [unit, to, date]) field.addEventListener("change", show);
    $(".portal-rp__static").remove();
    $(".portal-rp__ui").hidden = false;
    status.textContent = T.none;

    // Every file under dropped folders, with its path ("folder/branch/file.json"), hidden ones left out as the command does.
    const walk = async (entries) => {
      const out = [];
      const visit = async (entry, path) => {
        if (entry.name.startsWith(".") || entry.name.startsWith("~$")) return;
        if (entry.isFile) out.push([await new Promise((ok, no) => entry.file(ok, no)), path + entry.name]);
        else if (entry.isDirectory) {
          const reader = entry.createReader();
          for (let batch; (batch = await new Promise((ok, no) => reader.readEntries(ok, no))).length;) {
            for (const child of batch.sort((a, b) => cmp(a.name, b.name))) await visit(child, `${path}${entry.name}/`);
          }
        }
      };
      for (const entry of entries) await visit(entry, "");
      return out;
    };
    // Files are read in the order given; each is bounded before it is read into memory.
    // An item is a File, or [File, its path under the folder chosen or dropped].
    const readAll = async (items) => {
      await needRead(data);
      const files = items.map((item) => (Array.isArray(item) ? item : [item, ""]));
      status.textContent = fmt(T.reading, { n: files.length });
      const result = { files: [], runs: [], refused: [], notices: [] };
      for (const [file, path] of files) {
        const bytes = file.size > data.limits.importBytes ? new Uint8Array(data.limits.importBytes + 1)
          : new Uint8Array(await file.arrayBuffer());
        // the first folder under the one chosen names the branch of runs without an organisation
        const parts = path.split("/");
        await drainAsync(readFileSteps(result, file.name, bytes, data.checklists, data.limits, parts.length > 2 ? parts[1] : ""));
      }
      read = result;
      report = await drainAsync(aggregateSteps(result, data.checklists, roster));
      root._portalReport = report;
      await show();
      $(".portal-rp__actions").hidden = false;
      status.textContent = fmt(report.refused.length ? T.done_refused : T.done,
        { files: report.files.length, runs: report.runs.length, refused: report.refused.length });
      document.dispatchEvent(new CustomEvent("portal:report-ready", { detail: toJson(report) }));
    };
    $(".portal-rp__pick").addEventListener("click", () => input.click());
    input.addEventListener("change", () => { const files = [...input.files]; input.value = ""; if (files.length) readAll(files); });
    // A folder chosen whole (or dropped): each file keeps its path under it, so a run without an
    // organisation takes the branch folder it sits in, as the command does.
    const folder = $(".portal-rp__folder");
    $(".portal-rp__pick-folder").addEventListener("click", () => folder.click());
    folder.addEventListener("change", () => {
      const files = [...folder.files].map((f) => [f, f.webkitRelativePath || f.name]);
      folder.value = "";
      if (files.length) readAll(files);
    });
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.dataset.over = ""; });
    drop.addEventListener("dragleave", () => { delete drop.dataset.over; });
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      delete drop.dataset.over;
      const entries = [...e.dataTransfer.items].map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
      if (entries.some((entry) => entry.isDirectory)) needRead(data).then(() => walk(entries)).then((files) => files.length && readAll(files));
      else if (e.dataTransfer.files.length) readAll([...e.dataTransfer.files]);
    });
    $(".portal-rp__csv").addEventListener("click", () => {
      if (!report) return;
      // file format, as report.xlsx's 整改清单 sheet: fixed columns, new ones only at the end
      const x = words(W, language);
      download(T.csv_name, "text/csv;charset=utf-8", csvText([RECT_COLUMNS, ...report.rectification.map((r) => [r.org, r.subject,
        r.checklistTitle, r.text + (r.removed ? "（已从清单中删除）" : ""), r.note, "", "", rectProblem(x, r), ""])]));
    });
    $(".portal-rp__print").addEventListener("click", () => window.print());
    // The roster: who should hand in, and the names they may be written as (xlsx or CSV).
    $(".portal-rp__roster-pick").addEventListener("click", () => rosterInput.click());
    rosterInput.addEventListener("change", async () => {
      const [file] = rosterInput.files;
      rosterInput.value = "";
      if (!file) return;
      try {
        await needRead(data);
        await needSheets();
        const found = rosterFromGrids((await window.portalSheets.read(file)).grids);
        if (!found) throw Object.assign(new Error(), { roster: fmt(T.roster_no_header, { file: file.name }) });
        if (found.problems.length) {
          throw Object.assign(new Error(), { roster: found.problems.map((p) => fmt(T.roster_problem, { file: file.name, row: p.row,
            column: p.column, message: fmt(T[p.key], p.fields) })).join("\n") });
        }
        roster = found.roster;
        rosterStatus.textContent = fmt(T.roster_read, { file: file.name, count: roster.organisations.length });
      } catch (error) {
        roster = null;
        const sheetText = data.t.sheets && error.code ? fmt(data.t.sheets[error.code], error.fields || {}) : "";
        rosterStatus.textContent = error.roster || fmt(T.roster_bad, { file: file.name, error: sheetText || error.message });
      }
      if (read) { report = aggregate(read, data.checklists, roster); root._portalReport = report; show(); }
    });
    $(".portal-rp__roster-template").addEventListener("click", () =>
      download(T.roster_template_name, "text/csv;charset=utf-8", csvText(ROSTER_TEMPLATE)));
    $(".portal-rp__clear").addEventListener("click", () => {
      report = null;
      doc = null;
      read = null;
      shown++;
      fill(out);
      $(".portal-rp__actions").hidden = true;
      status.textContent = T.none;
    });
  }

  pk.report = { ...pk.report, document: documentOf, notes: notesOf, normalizeOrg: (s) => pk.ui.normalizeOrg(s) || NO_ORG,
    orgKey: (s) => pk.ui.orgKey(s) };
  (pk.blocks = pk.blocks || {}).report = { selector: "[data-report]", needs: [], init };
  if (pk.start) pk.start();
})();
