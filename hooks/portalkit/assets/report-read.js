/* The self-inspection report's reading and counting in the browser: the twin of
 * portalkit/report/read.py, aggregate.py and roster.py, the same rules in the same order, so the
 * same files give the same numbers (tests/report_vectors). Loaded by report.js once the reader
 * chooses files or a roster: a page that is only read loads less. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.reportRead) return;

  // ------------------------------------------------------------------ file format (read.py)
  const FORMAT = "portal-checklist-run";
  const STATES = ["unchecked", "ok", "issue", "na"];
  const STATUSES = ["ok", "issue", "na", "unchecked"]; // the report's column order
  const CSV_V1 = ["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注"];
  const CSV_V2 = [...CSV_V1, "党组织", "核查人", "更新时间", "清单编号", "记录编号", "检查项编号"];
  const CSV_STATES = { 未查: "unchecked", 符合: "ok", 不符合: "issue", 不适用: "na" };
  const NO_ORG = "未注明";
  const REMOVED = "removed:";
  const NEUTRALISED = /^'(?=[=+\-@\t\r])/;
  const RUN_ID = /^[A-Za-z0-9_-]{1,64}$/;
  const SIGNATURES = [ // what a file starting so is: report.signature.<name>
    [[0x89, 0x50, 0x4e, 0x47], "png"], [[0xff, 0xd8, 0xff], "jpeg"], [[0x47, 0x49, 0x46, 0x38], "gif"],
    [[0x25, 0x50, 0x44, 0x46], "pdf"], [[0x50, 0x4b, 0x03, 0x04], "zip"], [[0xd0, 0xcf, 0x11, 0xe0], "ole"],
    [[0xff, 0xfe], "utf16le"], [[0xfe, 0xff], "utf16be"],
  ];
  // Reasons and notices in the site's language: the catalog's `report` area, the sentences the
  // command prints (report.js hands it over with useText once this module is loaded).
  let R = {}, SEP = "、";
  const say = (key, fields) => pk.ui.fmt(R[key] == null ? key : R[key], fields || {});
  const useText = (text, language) => { R = text || {}; SEP = language === "en" ? ", " : "、"; };

  class Refused extends Error {
    constructor(code, reason) { super(reason); this.code = code; this.reason = reason; }
  }
  const bad = (where, why) => new Refused("bad-field", say(`bad.${why}`, { where }));
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  // Python's str.strip() and len() count code points; so do these.
  const strip = (s) => s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, "");
  const cps = (s) => Array.from(s);

  // Per-file reading state: which fields were cut to their bound, reported once per field.
  const fileState = (name, limits) => {
    const bounds = { subject: limits.name, org: limits.org, checker: limits.checker, note: limits.note, text: limits.text,
      section: limits.text, created: 40, updated: 40 };
    const cut = new Map();
    const bound = (value, kind) => {
      if (value.length > bounds[kind] && cps(value).length > bounds[kind]) {
        cut.set(kind, (cut.get(kind) || 0) + 1);
        return cps(value).slice(0, bounds[kind]).join("");
      }
      return value;
    };
    return {
      name,
      text: (value, kind) => bound(pk.ui.cleanText(value), kind),
      org(value) {
        const org = pk.ui.normalizeOrg(value) || NO_ORG;
        return org.length > bounds.org && cps(org).length > bounds.org ? bound(org, "org").replace(/\s+$/u, "") : org;
      },
      notices: () => [...cut.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([kind, n]) => ({ file: name, field: kind,
          message: say("cut", { field: say(`field.${kind}`), bound: bounds[kind], count: n }) })),
    };
  };

  const startsWith = (bytes, sig) => sig.every((b, i) => bytes[i] === b);
  const decode = (bytes) => {
    const saveAs = say("save_as_csv");
    for (const [sig, what] of SIGNATURES) {
      if (startsWith(bytes, sig)) throw new Refused("binary", say("binary", { what: say(`signature.${what}`), save_as: saveAs }));
    }
    if (bytes.includes(0)) throw new Refused("binary", say("binary_nul", { save_as: saveAs }));
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
    for (const encoding of ["utf-8", "gb18030"]) { // Excel re-saves a CSV as GBK, without BOM
      try { return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes); } catch (e) { /* next */ }
    }
    throw new Refused("binary", say("binary_encoding", { save_as: saveAs }));
  };

  // ------------------------------------------------------------------ times (times.py)
  const HOUR = 3600 * 1000;
  // years outside 1900–9998 are unknown times, as in times.py (out_of_range)
  const valid = (y, mo, d, h = 0, mi = 0, s = 0) => y >= 1900 && y <= 9998 && mo >= 1 && mo <= 12 && d >= 1
    && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate() && h <= 23 && mi <= 59 && s <= 59;
  const utc = (y, mo, d, h, mi, s, ms) => {
    const date = new Date(0); // setUTCFullYear, not Date.UTC: years 1-99 stay themselves
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, ms);
    return date.getTime();
  };
  const toMs = (text) => {
    let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (m) {
      const [y, mo, d] = [+m[1], +m[2], +m[3]];
      return valid(y, mo, d) ? utc(y, mo, d, 0, 0, 0, 0) - 8 * HOUR : null;
    }
    m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
    if (!m) return null;
    const [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] || 0)];
    if (!valid(y, mo, d, h, mi, s)) return null;
    // a zone as Python's timezone() takes it: strictly less than a day either way
    const offset = m[8] === "Z" ? 0 : +m[8].slice(1, 3) * 60 + +m[8].slice(4, 6);
    if (offset >= 24 * 60) return null;
    return utc(y, mo, d, h, mi, s, +(m[7] || "0").slice(0, 3).padEnd(3, "0")) - (m[8][0] === "-" ? -1 : 1) * offset * 60000;
  };
  const isDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && toMs(text) !== null;
  const beijing = (ms) => new Date(ms + 8 * HOUR).toISOString();
  const beijingDay = (ms) => beijing(ms).slice(0, 10);
  const beijingMinute = (ms) => beijing(ms).slice(0, 16).replace("T", " ");

  // ------------------------------------------------------------------ JSON exports
  const jsonCutShort = (text) => {
    let depth = 0, inString = false, escaped = false;
    for (const c of text) {
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") depth--;
    }
    return inString || depth > 0;
  };
  const jsonText = (obj, key, where) => {
    const value = obj[key];
    if (value == null) return "";
    if (typeof value !== "string") throw bad(where, "text");
    return value;
  };
  const itemId = (value, where) => {
    if (typeof value !== "string" || !value || cps(value).length > 200) throw bad(where, "item_id");
    return value;
  };
  const jsonEntry = (state, id, item, statusKey, where) => {
    const status = own(item, statusKey) ? item[statusKey] : "unchecked";
    if (!STATES.includes(status)) throw bad(`${where}.${statusKey}`, "status");
    return { itemId: id, section: strip(state.text(jsonText(item, "section", `${where}.section`), "section")),
      text: strip(state.text(jsonText(item, "text", `${where}.text`), "text")), status,
      note: strip(state.text(jsonText(item, "note", `${where}.note`), "note")) };
  };
  const checklistById = (value, checklists) => {
    if (typeof value !== "string" || !value) throw bad("checklist", "checklist");
    const found = checklists.find((c) => c.id === value);
    if (!found) {
      throw new Refused("unknown-checklist", say("unknown_checklist", { name: cps(pk.ui.cleanText(value)).slice(0, 64).join(""),
        known: checklists.map((c) => c.id).sort().join(SEP) }));
    }
    return found;
  };
  const readJson = (state, text, checklists) => {
    let data;
    try { data = JSON.parse(text); } catch (e) {
      if (jsonCutShort(text)) throw new Refused("truncated-json", say("json_truncated"));
      throw new Refused("bad-json", say("json_bad_page"));
    }
    if (!isObj(data) || data.format !== FORMAT) throw new Refused("not-export", say("not_export", { format: FORMAT }));
    const version = data.version;
    if (version !== 1 && version !== 2) {
      throw new Refused("bad-version", say("bad_version", { version: String(version).slice(0, 20) }));
    }
    const checklist = checklistById(data.checklist, checklists);
    const run = data.run;
    if (!isObj(run)) throw bad("run", "mapping");
    if (run.id != null && (typeof run.id !== "string" || !RUN_ID.test(run.id))) throw bad("run.id", "run_id");
    const subject = strip(state.text(jsonText(run, "subject", "run.subject"), "subject"));
    if (!subject) throw bad("run.subject", "empty");
    const entries = [], listed = new Set();
    if (data.items != null) {
      if (!Array.isArray(data.items)) throw bad("items", "list");
      data.items.forEach((item, i) => {
        const where = `items[${i}]`;
        if (!isObj(item)) throw bad(where, "mapping");
        const id = itemId(item.id, `${where}.id`);
        if (listed.has(id)) return; // first wins, as in a CSV
        listed.add(id);
        entries.push(jsonEntry(state, id, item, "status", where));
      });
    }
    if (!isObj(run.items)) throw bad("run.items", "mapping");
    for (const [id, item] of Object.entries(run.items)) {
      const where = `run.items.${cps(id).slice(0, 40).join("")}`;
      itemId(id, where);
      if (!isObj(item)) throw bad(where, "mapping");
      const entry = jsonEntry(state, id, item, "s", where);
      if (!listed.has(id)) { listed.add(id); entries.push(entry); }
    }
    const created = jsonText(run, "created", "run.created");
    const updated = state.text(jsonText(run, "updated", "run.updated"), "updated");
    return [{ checklist: checklist.id, runId: run.id || "", subject,
      org: version >= 2 ? state.org(jsonText(run, "org", "run.org")) : NO_ORG,
      checker: strip(state.text(jsonText(run, "checker", "run.checker"), "checker")),
      created: isDate(created) ? created : "", updated, updatedMs: toMs(updated),
      exportedMs: typeof data.exported === "string" ? toMs(data.exported) : null, entries, file: state.name }];
  };

  // ------------------------------------------------------------------ CSV exports
  // RFC 4180 as Python's csv module reads it: a quote opens a quoted field only at its start.
  // Long loops are generators that yield now and then: `drain` runs one to its end at once (tests,
  // other scripts), `drainAsync` in slices of SLICE_MS between which the page paints and answers,
  // so that reading a 5 MB export never freezes it.
  const SLICE_MS = 12;
  const drain = (steps) => { let r; while (!(r = steps.next()).done); return r.value; };
  const drainAsync = async (steps) => {
    let end = performance.now() + SLICE_MS, r;
    while (!(r = steps.next()).done) {
      if (performance.now() > end) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        end = performance.now() + SLICE_MS;
      }
    }
    return r.value;
  };
  function* csvRows(text) {
    const rows = [];
    let row = [], cell = "", quoted = false, fresh = true, i = 0;
    for (; i < text.length; i++) {
      if ((i & 0x3fff) === 0) yield;
      const c = text[i];
      if (quoted) {
        if (c !== '"') cell += c;
        else if (text[i + 1] === '"') { cell += c; i++; } else quoted = false;
      } else if (c === '"' && fresh) { quoted = true; fresh = false; } else if (c === ",") { row.push(cell); cell = ""; fresh = true; } else if (c === "\n" || c === "\r") {
        row.push(cell);
        rows.push(row);
        row = []; cell = ""; fresh = true;
        if (c === "\r" && text[i + 1] === "\n") i++;
      } else { cell += c; fresh = false; }
    }
    if (cell !== "" || row.length || quoted) { row.push(cell); rows.push(row); }
    return rows;
  }
  const trimRow = (row) => {
    let end = row.length;
    while (end && !strip(row[end - 1])) end--;
    return row.slice(0, end);
  };
  const checklistByTitle = (title, checklists) => {
    const found = checklists.find((c) => c.title === title);
    if (!found) {
      throw new Refused("unknown-checklist", say("unknown_checklist", { name: cps(pk.ui.cleanText(title)).slice(0, 64).join(""),
        known: [...checklists].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => c.title).join(SEP) }));
    }
    return found;
  };
  function* readCsv(state, text, checklists) {
    const rows = [];
    for (const [i, row] of (yield* csvRows(text)).entries()) {
      if (row.some((c) => strip(c))) rows.push([i + 1, row]);
      if (i % 2048 === 0) yield;
    }
    if (!rows.length) throw new Refused("empty", say("empty"));
    const header = trimRow(rows[0][1].map(strip));
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(header, CSV_V1) && !same(header, CSV_V2)) {
      throw new Refused("csv-header", say("csv_header", { expected: CSV_V2.join(","),
        actual: pk.ui.cleanText(cps(header.join(",")).slice(0, 120).join("")) }));
    }
    const records = [];
    for (const [n, raw] of rows.slice(1)) {
      const row = trimRow(raw);
      if (row.length > header.length) throw new Refused("bad-field", say("csv_too_many_columns", { line: n, count: row.length }));
      const record = Object.create(null);
      header.forEach((name, i) => { record[name] = (row[i] || "").replace(NEUTRALISED, ""); });
      records.push([n, record]);
      if (records.length % 1024 === 0) yield;
    }
    if (!records.length) throw new Refused("empty", say("csv_header_only"));
    yield;
    if (header.length === CSV_V1.length) return [csvRun(state, records, checklists, 1)];
    const groups = new Map();
    for (const [n, record] of records) {
      const key = strip(record["记录编号"]);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push([n, record]);
    }
    const runs = [];
    for (const group of groups.values()) {
      runs.push(csvRun(state, group, checklists, 2));
      if (runs.length % 32 === 0) yield;
    }
    return runs;
  }
  const csvRun = (state, records, checklists, version) => {
    const [firstLine, first] = records[0];
    const checklist = version === 2 && strip(first["清单编号"]) ? checklistById(strip(first["清单编号"]), checklists)
      : checklistByTitle(strip(first["清单"]), checklists);
    const subject = strip(state.text(first["核查对象"], "subject"));
    if (!subject) throw new Refused("bad-field", say("csv_empty_cell", { line: firstLine, column: CSV_V2[1] }));
    const runId = version === 2 ? strip(first["记录编号"]) : "";
    if (runId && !RUN_ID.test(runId)) throw new Refused("bad-field", say("csv_bad_run_id", { line: firstLine, column: CSV_V2[11] }));
    const entries = [], seen = new Set();
    for (const [n, record] of records) {
      if (version === 1 && (strip(record["清单"]) !== strip(first["清单"]) || strip(record["核查对象"]) !== strip(first["核查对象"]))) {
        throw new Refused("bad-field", say("csv_v1_mixed", { line: n, first: firstLine }));
      }
      const status = own(CSV_STATES, strip(record["状态"])) ? CSV_STATES[strip(record["状态"])] : null;
      if (!status) {
        throw new Refused("bad-field", say("csv_bad_state", { line: n, column: CSV_V2[5], states: Object.keys(CSV_STATES).join(SEP),
          value: cps(pk.ui.cleanText(record["状态"])).slice(0, 20).join("") }));
      }
      const text = strip(state.text(record["检查项"], "text"));
      const id = version === 2 ? strip(record["检查项编号"]) : "";
      if (!text && !id) throw new Refused("bad-field", say("csv_empty_cell", { line: n, column: CSV_V2[3] }));
      if (id && cps(id).length > 200) throw new Refused("bad-field", say("csv_long_item_id", { line: n, column: CSV_V2[12] }));
      const key = id || "\0" + text;
      if (seen.has(key)) continue; // first wins
      seen.add(key);
      entries.push({ itemId: id, section: strip(state.text(record["分节"], "section")), text, status,
        note: strip(state.text(record["备注"], "note")) });
    }
    const updated = version === 2 ? state.text(strip(first["更新时间"]), "updated") : "";
    return { checklist: checklist.id, runId, subject, org: version === 2 ? state.org(first["党组织"]) : NO_ORG,
      checker: version === 2 ? strip(state.text(first["核查人"], "checker")) : "", created: "", updated,
      updatedMs: toMs(updated), exportedMs: null, entries, file: state.name };
  };

  // The bounds of read.py: runs per file, items per run, and items the checklist does not have
  // (more of them is no export of it, and each one would add a row to every table).
  const withinBounds = (runs, checklists, limits) => {
    if (runs.length > limits.runsPerFile) {
      throw new Refused("bad-field", say("too_many_runs", { count: runs.length, most: limits.runsPerFile }));
    }
    for (const run of runs) {
      if (run.entries.length > limits.items) {
        throw new Refused("bad-field", say("too_many_items", { where: "run.items", count: run.entries.length, most: limits.items }));
      }
      const c = checklists.find((x) => x.id === run.checklist);
      const ids = new Set(), texts = new Set();
      for (const s of c.sections) for (const it of s.items) { ids.add(it.id); texts.add(strip(it.text)); }
      const unknown = run.entries.filter((e) => (e.itemId ? !ids.has(e.itemId) : !texts.has(e.text))).length;
      if (unknown > limits.unknownItems) {
        throw new Refused("bad-field", say("too_many_unknown_items", { count: unknown, most: limits.unknownItems, checklist: c.title }));
      }
    }
  };

  // One file's bytes → its runs and notices, or its refusal.
  const readFile = (...args) => drain(readFileSteps(...args));
  function* readFileSteps(result, name, bytes, checklists, limits, branch = "") {
    result.files.push(name);
    const state = fileState(name, limits);
    try {
      if (bytes.length > limits.importBytes) {
        throw new Refused("too-big", say("too_big", { size: (bytes.length / 1024 / 1024).toFixed(1),
          limit: Math.floor(limits.importBytes / 1024 / 1024) }));
      }
      const text = decode(bytes);
      const start = text.replace(/^\s+/u, "");
      if (!start) throw new Refused("empty", say("empty"));
      yield;
      const runs = start[0] === "{" || start[0] === "[" ? readJson(state, text, checklists) : yield* readCsv(state, text, checklists);
      withinBounds(runs, checklists, limits);
      for (const run of runs) run.branch = branch;
      result.runs.push(...runs);
      result.notices.push(...state.notices());
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      result.refused.push({ file: name, code: e.code, reason: e.reason });
    }
  }

  // ------------------------------------------------------------------ aggregate (aggregate.py)
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const cmpTuple = (a, b) => { for (let i = 0; i < a.length; i++) { const c = cmp(a[i], b[i]); if (c) return c; } return 0; };
  // Natural order (model.natural_key): numbers in Arabic or Chinese numerals count by value, so
  // 第二党支部 comes before 第十党支部; the name itself breaks ties.
  const CN_DIGITS = "零一二三四五六七八九", CN_UNITS = { 十: 10, 百: 100, 千: 1000 };
  const numeral = (run) => {
    if (/^[0-9]+$/.test(run)) return BigInt(run).toString().padStart(10, "0");
    let total = 0, current = 0;
    for (const c of run) {
      if (own(CN_UNITS, c)) { total += (current || 1) * CN_UNITS[c]; current = 0; } else current = CN_DIGITS.indexOf(c);
    }
    return String(total + current).padStart(10, "0");
  };
  const natural = (text) => text.replace(/[0-9]+|[零一二三四五六七八九十百千]+/g, numeral);
  const orgKey = (org) => [org === NO_ORG ? 1 : 0, natural(org), org];
  const subjectKey = (subject) => [natural(subject), subject];
  const counts = () => ({ ok: 0, issue: 0, na: 0, unchecked: 0 });
  const rate = (c) => { const judged = c.ok + c.issue; return judged ? Math.floor((200 * c.ok + judged) / (2 * judged)) : null; };
  const base = (name) => name.split(/[\\/]/).pop();

  // ------------------------------------------------------------------ the roster (roster.py)
  const ROSTER_COLUMNS = {
    name: ["党组织", "党组织名称", "组织名称", "名称", "Organisation", "Organization", "Name"],
    kind: ["类别", "类型", "组织类别", "Kind", "Type"],
    parent: ["上级", "上级党组织", "Parent"],
    aliases: ["别名", "简称", "Aliases", "Alias"],
  };
  const ALIAS_SEPARATOR = /[、，,；;]/u;
  // rows: [rowNumber, name, kind, parent, aliases]; columns: the headers as written. -> {roster, problems}
  const buildRoster = (rows, columns) => {
    const norm = (s) => pk.ui.normalizeOrg(s) || NO_ORG, key = (s) => pk.ui.orgKey(s);
    const organisations = [], problems = [], index = new Map();
    for (const [row, name, kind, parent, aliases] of rows) {
      if (!strip(name)) {
        if (strip(kind) || strip(parent) || strip(aliases)) problems.push({ row, column: columns.name, key: "roster_no_name", fields: {} });
        continue;
      }
      const org = { name: norm(name), kind: strip(kind), parent: strip(parent) ? norm(parent) : "",
        aliases: [...new Set(aliases.split(ALIAS_SEPARATOR).filter((a) => strip(a)).map(norm))], row };
      for (const [spelling, column] of [[org.name, "name"], ...org.aliases.map((a) => [a, "aliases"])]) {
        const other = index.get(key(spelling));
        if (other && other !== org) {
          problems.push({ row, column: columns[column], key: "roster_clash", fields: { name: spelling, other: other.name, line: other.row } });
        } else if (!other) index.set(key(spelling), org);
      }
      if (index.get(key(org.name)) === org) organisations.push(org);
    }
    const parents = new Set(organisations.filter((o) => o.parent).map((o) => key(o.parent)));
    const kinds = new Map();
    for (const o of organisations) kinds.set(o.kind, (kinds.get(o.kind) || 0) + 1);
    return { problems, roster: { organisations, find: (name) => index.get(key(name)) || null,
      grassRoots: organisations.filter((o) => !parents.has(key(o.name))), kinds: [...kinds] } };
  };
  // grids (portalSheets.read) -> {roster, problems} | null when no sheet has a header
  const rosterFromGrids = (grids) => {
    for (const grid of grids) {
      const header = window.portalSheets.findHeader(grid, ROSTER_COLUMNS, ["name"]);
      if (!header) continue;
      const text = (cells, k) => {
        const v = window.portalSheets.cell(cells, header.index[k]);
        return v == null || typeof v === "boolean" ? "" : strip(String(v));
      };
      const rows = grid.rows.filter(([n]) => n > header.row)
        .map(([n, cells]) => [n, text(cells, "name"), text(cells, "kind"), text(cells, "parent"), text(cells, "aliases")]);
      const written = { name: "党组织", kind: "类别", parent: "上级", aliases: "别名", ...header.written };
      return buildRoster(rows, written);
    }
    return null;
  };

  // Each run's organisation as the report names it (aggregate.py _organisations): a run without one
  // takes its file's branch folder; spellings that meet under orgKey become one name, the most
  // frequent spelling (ties: natural order).
  const organisations = (runs, roster) => {
    let fromFolder = 0;
    const named = runs.map((run) => {
      let org = run.org;
      if (org === NO_ORG && run.branch) {
        org = pk.ui.normalizeOrg(run.branch) || NO_ORG;
        if (org !== NO_ORG) fromFolder += 1;
      }
      return [run, org];
    });
    const spellings = new Map();
    for (const [, org] of named) {
      if (org === NO_ORG) continue;
      const key = pk.ui.orgKey(org);
      if (!spellings.has(key)) spellings.set(key, new Map());
      const counter = spellings.get(key);
      counter.set(org, (counter.get(org) || 0) + 1);
    }
    const shown = new Map(), unmatched = [];
    for (const [key, counter] of spellings) {
      const known = roster ? roster.find(counter.keys().next().value) : null;
      if (known) { shown.set(key, known.name); continue; }
      const best = [...counter.keys()].reduce((a, b) =>
        cmpTuple([-counter.get(b), ...orgKey(b)], [-counter.get(a), ...orgKey(a)]) < 0 ? b : a);
      shown.set(key, best);
      if (roster) unmatched.push(best);
    }
    const out = named.map(([run, org]) => {
      const name = org === NO_ORG ? org : shown.get(pk.ui.orgKey(org));
      return name === run.org ? run : { ...run, org: name };
    });
    return [out, fromFolder, unmatched.sort((a, b) => cmpTuple(orgKey(a), orgKey(b)))];
  };

  const aggregate = (...args) => drain(aggregateSteps(...args));
  function* aggregateSteps(read, checklists, roster = null) {
    const byId = new Map(checklists.map((c) => [c.id, c]));
    const order = new Map([...byId.keys()].sort(cmp).map((id, i) => [id, i]));
    const [merged, duplicates] = mergeDuplicates(read.runs, byId, order);
    const [runs, fromFolder, unmatched] = organisations(merged, roster);
    runs.sort((a, b) => cmpTuple([...orgKey(a.org), order.get(a.checklist), ...subjectKey(a.subject), a.runId, base(a.file), a.file],
      [...orgKey(b.org), order.get(b.checklist), ...subjectKey(b.subject), b.runId, base(b.file), b.file]));
    const summaries = new Map(), current = new Map(), removed = new Map(), byText = new Map();
    for (const cid of [...new Set(runs.map((r) => r.checklist))].sort((a, b) => order.get(a) - order.get(b))) {
      const c = byId.get(cid);
      summaries.set(cid, { id: cid, title: c.title, subject: c.subject, runs: 0, subjects: 0, incomplete: 0, rows: [], totals: counts() });
      const rows = new Map(), texts = new Map();
      for (const s of c.sections) {
        for (const it of s.items) {
          rows.set(it.id, { key: it.id, section: s.title, text: it.text, removed: false, counts: counts(), problem: it.problem || "" });
          if (!texts.has(strip(it.text))) texts.set(strip(it.text), it.id);
        }
      }
      current.set(cid, rows);
      removed.set(cid, new Map());
      byText.set(cid, texts);
    }
    const runRows = [], rect = [], subjects = new Map([...summaries.keys()].map((k) => [k, new Set()])), days = [];
    const branches = new Map();
    let done = 0;
    for (const run of runs) {
      if (++done % 64 === 0) yield;
      const cid = run.checklist, summary = summaries.get(cid), cur = current.get(cid), rem = removed.get(cid);
      if (!branches.has(run.org)) {
        const known = roster ? roster.find(run.org) : null;
        branches.set(run.org, { org: run.org, kind: known ? known.kind : "", runs: 0, counts: counts(), handedIn: true });
      }
      const branch = branches.get(run.org);
      branch.runs++;
      const found = new Map();
      for (const e of run.entries) {
        const key = e.itemId ? (cur.has(e.itemId) ? e.itemId : REMOVED + (e.text || e.itemId))
          : byText.get(cid).get(e.text) || REMOVED + e.text;
        if (!found.has(key)) found.set(key, e);
      }
      let unchecked = 0;
      const issues = [];
      for (const [key, row] of cur) {
        const e = found.get(key), status = e ? e.status : "unchecked";
        row.counts[status]++;
        branch.counts[status]++;
        if (status === "unchecked") unchecked++;
        if (status === "issue" && e) issues.push([row, e.note]);
      }
      for (const key of [...found.keys()].filter((k) => k.startsWith(REMOVED)).sort(cmp)) {
        const e = found.get(key);
        let row = rem.get(key);
        if (!row) rem.set(key, (row = { key, section: e.section, text: key.slice(REMOVED.length), removed: true, counts: counts(), problem: "" }));
        row.counts[e.status]++;
        branch.counts[e.status]++;
        if (e.status === "issue") issues.push([row, e.note]);
      }
      summary.runs++;
      if (unchecked) summary.incomplete++;
      subjects.get(cid).add(JSON.stringify([run.org, run.subject]));
      runRows.push({ org: run.org, subject: run.subject, checklist: cid, checklistTitle: summary.title, checker: run.checker,
        updated: shownTime(run), unchecked, runId: run.runId, file: run.file });
      for (const [row, note] of issues) {
        rect.push({ org: run.org, subject: run.subject, checklist: cid, checklistTitle: summary.title, key: row.key,
          text: row.text, removed: row.removed, note, problem: row.problem });
      }
      if (run.created) days.push(run.created);
      if (run.updatedMs !== null) days.push(beijingDay(run.updatedMs));
    }
    for (const [cid, summary] of summaries) {
      const rem = removed.get(cid);
      summary.rows = [...current.get(cid).values(), ...[...rem.keys()].sort(cmp).map((k) => rem.get(k))];
      summary.subjects = subjects.get(cid).size;
      for (const row of summary.rows) for (const s of STATUSES) summary.totals[s] += row.counts[s];
    }
    days.sort(cmp);
    const branchRows = [...branches.values()].sort((a, b) => cmpTuple(orgKey(a.org), orgKey(b.org)));
    if (roster) {
      for (const o of roster.grassRoots) {
        if (!branches.has(o.name)) branchRows.push({ org: o.name, kind: o.kind, runs: 0, counts: counts(), handedIn: false });
      }
    }
    return { files: read.files.slice(), runs: runRows, fromFolder, unmatched, roster, branches: branchRows, orgs: [...new Set(runs.map((r) => r.org).filter((o) => o !== NO_ORG))].sort((a, b) => cmpTuple(orgKey(a), orgKey(b))),
      unnamedRuns: runs.filter((r) => r.org === NO_ORG).length, period: days.length ? [days[0], days[days.length - 1]] : null,
      checklists: [...summaries.values()], problems: problemsOf(rect, summaries, order), rectification: rect, duplicates,
      refused: read.refused.slice(), notices: read.notices.slice() };
  }
  const never = (ms) => (ms === null ? -Infinity : ms);
  const mergeDuplicates = (runs, byId, order) => {
    const kept = [], copies = new Map();
    for (const run of runs) {
      if (!run.runId) { kept.push(run); continue; }
      const key = JSON.stringify([run.checklist, run.runId]);
      if (!copies.has(key)) copies.set(key, []);
      copies.get(key).push(run);
    }
    const duplicates = [];
    const groups = [...copies.values()].sort((a, b) => cmpTuple([order.get(a[0].checklist), a[0].runId], [order.get(b[0].checklist), b[0].runId]));
    for (const same of groups) {
      const rank = (r) => [-never(r.updatedMs), -never(r.exportedMs), base(r.file), r.file];
      const used = same.reduce((best, r) => (cmpTuple(rank(r), rank(best)) < 0 ? r : best));
      kept.push(used);
      if (same.length > 1) {
        duplicates.push({ checklist: used.checklist, checklistTitle: byId.get(used.checklist).title, runId: used.runId, subject: used.subject,
          org: used.org, used: used.file, files: [...new Set(same.map((r) => r.file))].sort(cmp) });
      }
    }
    return [kept, duplicates];
  };
  const shownTime = (run) => (run.updatedMs === null || isDate(run.updated) ? run.updated : beijingMinute(run.updatedMs));
  const problemsOf = (rows, summaries, order) => {
    const place = new Map();
    for (const [cid, s] of summaries) s.rows.forEach((row, i) => place.set(JSON.stringify([cid, row.key]), i));
    const problems = new Map();
    for (const row of rows) {
      const key = JSON.stringify([row.checklist, row.key]);
      if (!problems.has(key)) problems.set(key, { checklist: row.checklist, checklistTitle: row.checklistTitle, key: row.key, text: row.text, removed: row.removed, problem: row.problem, rows: [] });
      problems.get(key).rows.push(row);
    }
    const out = [...problems.values()];
    for (const p of out) {
      p.count = p.rows.length;
      p.orgs = [...new Set(p.rows.map((r) => r.org))].sort((a, b) => cmpTuple(orgKey(a), orgKey(b)));
      p.subjects = [...new Set(p.rows.map((r) => r.subject))].sort((a, b) => cmpTuple(subjectKey(a), subjectKey(b)));
      p.notes = p.rows.map((r) => r.note).filter(Boolean);
    }
    return out.sort((a, b) => cmpTuple([-a.count, order.get(a.checklist), place.get(JSON.stringify([a.checklist, a.key]))],
      [-b.count, order.get(b.checklist), place.get(JSON.stringify([b.checklist, b.key]))]));
  };

  // The plain JSON shape of tests/report_vectors/expected.json (aggregate.to_json).
  const countsJson = (c) => ({ ok: c.ok, issue: c.issue, na: c.na, unchecked: c.unchecked, rate: rate(c) });
  const toJson = (r) => ({
    files: r.files.length, runs: r.runs.length, orgs: r.orgs.slice(), unnamedRuns: r.unnamedRuns,
    period: r.period ? { from: r.period[0], to: r.period[1] } : null,
    checklists: Object.fromEntries(r.checklists.map((s) => [s.id, { runs: s.runs, subjects: s.subjects, incomplete: s.incomplete,
      totals: countsJson(s.totals), items: Object.fromEntries(s.rows.map((row) => [row.key, countsJson(row.counts)])) }])),
    incomplete: r.runs.filter((x) => x.unchecked).map((x) => ({ checklist: x.checklist, org: x.org, subject: x.subject, unchecked: x.unchecked })),
    problems: r.problems.map((p) => ({ checklist: p.checklist, item: p.key, count: p.count, orgs: p.orgs, subjects: p.subjects, notes: p.notes })),
    rectification: r.rectification.map((x) => ({ org: x.org, subject: x.subject, checklist: x.checklist, item: x.key, note: x.note })),
    duplicates: r.duplicates.map((d) => ({ checklist: d.checklist, run: d.runId, used: base(d.used), files: d.files.map(base).sort(cmp) })),
    refused: r.refused.map((x) => ({ file: base(x.file), code: x.code })).sort((a, b) => cmpTuple([a.file, a.code], [b.file, b.code])),
    truncated: r.notices.map((n) => ({ file: base(n.file), field: n.field })).sort((a, b) => cmpTuple([a.file, a.field], [b.file, b.field])),
  });

  pk.reportRead = { useText, STATUSES, NO_ORG, strip, cmp, counts, rate, drain, drainAsync, readFile, readFileSteps, aggregate,
    aggregateSteps, toJson, buildRoster, rosterFromGrids };
  Object.assign(pk.report || (pk.report = {}), { readFile, aggregate, toJson, buildRoster, rosterFromGrids });
})();
