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
  // sheets.js (the spreadsheet reader) is loaded from beside this file once a roster is opened.
  const self = document.currentScript || document.querySelector('script[src$="/report.js"]');
  const HERE = self ? self.src.replace(/[^/]*$/, "") : "";
  let sheetsLoading = null;
  const needSheets = () => window.portalSheets ? Promise.resolve() : (sheetsLoading = sheetsLoading || new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = HERE + "sheets.js";
    s.onload = () => resolve();
    s.onerror = () => { sheetsLoading = null; s.remove(); reject(new Error("sheets.js")); };
    document.head.append(s);
  }));

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
  const SAVE_AS_CSV = "Excel 表格请用“另存为 → CSV UTF-8（逗号分隔）”保存后再汇总。";
  const SIGNATURES = [
    [[0x89, 0x50, 0x4e, 0x47], "PNG 图片"], [[0xff, 0xd8, 0xff], "JPEG 图片"], [[0x47, 0x49, 0x46, 0x38], "GIF 图片"],
    [[0x25, 0x50, 0x44, 0x46], "PDF 文件"], [[0x50, 0x4b, 0x03, 0x04], "压缩包或 Office 文档（xlsx、docx）"],
    [[0xd0, 0xcf, 0x11, 0xe0], "旧版 Office 文档（xls、doc）"], [[0xff, 0xfe], "UTF-16 编码的文本（Excel 的“Unicode 文本”）"],
    [[0xfe, 0xff], "UTF-16 编码的文本"],
  ];
  const FIELD_LABELS = { subject: "核查对象", org: "党组织", checker: "核查人", note: "备注", text: "检查项", section: "分节",
    created: "创建日期", updated: "更新时间" };

  class Refused extends Error {
    constructor(code, reason) { super(reason); this.code = code; this.reason = reason; }
  }
  const bad = (where, why) => new Refused("bad-field", `记录中的 ${where} ${why}`);
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
        .map(([kind, n]) => ({ file: name, field: kind, message: `${FIELD_LABELS[kind]}超过 ${bounds[kind]} 字，已截去超出部分（${n} 处）。` })),
    };
  };

  const startsWith = (bytes, sig) => sig.every((b, i) => bytes[i] === b);
  const decode = (bytes) => {
    for (const [sig, what] of SIGNATURES) if (startsWith(bytes, sig)) throw new Refused("binary", `这不是文本文件，而是${what}。${SAVE_AS_CSV}`);
    if (bytes.includes(0)) throw new Refused("binary", `这不是文本文件（含有空字节）。${SAVE_AS_CSV}`);
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) bytes = bytes.subarray(3);
    for (const encoding of ["utf-8", "gb18030"]) { // Excel re-saves a CSV as GBK, without BOM
      try { return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes); } catch (e) { /* next */ }
    }
    throw new Refused("binary", `这不是文本文件（既不是 UTF-8 也不是 GBK 编码）。${SAVE_AS_CSV}`);
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
    if (typeof value !== "string") throw bad(where, "应为文字。");
    return value;
  };
  const itemId = (value, where) => {
    if (typeof value !== "string" || !value || cps(value).length > 200) throw bad(where, "应为不超过 200 个字符的检查项编号。");
    return value;
  };
  const jsonEntry = (state, id, item, statusKey, where) => {
    const status = own(item, statusKey) ? item[statusKey] : "unchecked";
    if (!STATES.includes(status)) throw bad(`${where}.${statusKey}`, "应为 unchecked、ok、issue、na 之一。");
    return { itemId: id, section: strip(state.text(jsonText(item, "section", `${where}.section`), "section")),
      text: strip(state.text(jsonText(item, "text", `${where}.text`), "text")), status,
      note: strip(state.text(jsonText(item, "note", `${where}.note`), "note")) };
  };
  const checklistById = (value, checklists) => {
    if (typeof value !== "string" || !value) throw bad("checklist", "应为清单编号。");
    const found = checklists.find((c) => c.id === value);
    if (!found) {
      throw new Refused("unknown-checklist", `本站没有这份清单（${cps(pk.ui.cleanText(value)).slice(0, 64).join("")}）。本站的清单：`
        + `${checklists.map((c) => c.id).sort().join("、")}。`);
    }
    return found;
  };
  const readJson = (state, text, checklists) => {
    let data;
    try { data = JSON.parse(text); } catch (e) {
      if (jsonCutShort(text)) throw new Refused("truncated-json", "JSON 不完整：文件没有结尾，可能没有下载完或被截断。请重新导出。");
      throw new Refused("bad-json", "不是有效的 JSON。");
    }
    if (!isObj(data) || data.format !== FORMAT) throw new Refused("not-export", "这不是本站导出的核查记录（没有 \"format\": \"portal-checklist-run\"）。");
    const version = data.version;
    if (version !== 1 && version !== 2) {
      throw new Refused("bad-version", `核查记录的格式版本 ${String(version).slice(0, 20)} 不受支持（支持 1 和 2）。请用最新的门户重新导出，或更新门户后再汇总。`);
    }
    const checklist = checklistById(data.checklist, checklists);
    const run = data.run;
    if (!isObj(run)) throw bad("run", "应为键值对。");
    if (run.id != null && (typeof run.id !== "string" || !RUN_ID.test(run.id))) throw bad("run.id", "应为不超过 64 个字母、数字、连字符的编号。");
    const subject = strip(state.text(jsonText(run, "subject", "run.subject"), "subject"));
    if (!subject) throw bad("run.subject", "不能为空。");
    const entries = [], listed = new Set();
    if (data.items != null) {
      if (!Array.isArray(data.items)) throw bad("items", "应为列表。");
      data.items.forEach((item, i) => {
        const where = `items[${i}]`;
        if (!isObj(item)) throw bad(where, "应为键值对。");
        const id = itemId(item.id, `${where}.id`);
        if (listed.has(id)) return; // first wins, as in a CSV
        listed.add(id);
        entries.push(jsonEntry(state, id, item, "status", where));
      });
    }
    if (!isObj(run.items)) throw bad("run.items", "应为键值对。");
    for (const [id, item] of Object.entries(run.items)) {
      const where = `run.items.${cps(id).slice(0, 40).join("")}`;
      itemId(id, where);
      if (!isObj(item)) throw bad(where, "应为键值对。");
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
      throw new Refused("unknown-checklist", `本站没有这份清单（${cps(pk.ui.cleanText(title)).slice(0, 64).join("")}）。本站的清单：`
        + `${[...checklists].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => c.title).join("、")}。`);
    }
    return found;
  };
  function* readCsv(state, text, checklists) {
    const rows = [];
    for (const [i, row] of (yield* csvRows(text)).entries()) {
      if (row.some((c) => strip(c))) rows.push([i + 1, row]);
      if (i % 2048 === 0) yield;
    }
    if (!rows.length) throw new Refused("empty", "文件是空的。");
    const header = trimRow(rows[0][1].map(strip));
    const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(header, CSV_V1) && !same(header, CSV_V2)) {
      throw new Refused("csv-header", `这不是本站导出的核查记录：CSV 的表头应为“${CSV_V2.join(",")}”（第 1 版为其中前 7 列），`
        + `实际为“${pk.ui.cleanText(cps(header.join(",")).slice(0, 120).join(""))}”。`);
    }
    const records = [];
    for (const [n, raw] of rows.slice(1)) {
      const row = trimRow(raw);
      if (row.length > header.length) throw new Refused("bad-field", `第 ${n} 行有 ${row.length} 列，比表头多。`);
      const record = Object.create(null);
      header.forEach((name, i) => { record[name] = (row[i] || "").replace(NEUTRALISED, ""); });
      records.push([n, record]);
      if (records.length % 1024 === 0) yield;
    }
    if (!records.length) throw new Refused("empty", "文件只有表头，没有检查项。");
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
    if (!subject) throw new Refused("bad-field", `第 ${firstLine} 行的“核查对象”是空的。`);
    const runId = version === 2 ? strip(first["记录编号"]) : "";
    if (runId && !RUN_ID.test(runId)) throw new Refused("bad-field", `第 ${firstLine} 行的“记录编号”应为不超过 64 个字母、数字、连字符的编号。`);
    const entries = [], seen = new Set();
    for (const [n, record] of records) {
      if (version === 1 && (strip(record["清单"]) !== strip(first["清单"]) || strip(record["核查对象"]) !== strip(first["核查对象"]))) {
        throw new Refused("bad-field", `第 ${n} 行的清单或核查对象与第 ${firstLine} 行不同：第 1 版导出的 CSV 一个文件只有一条核查记录。`);
      }
      const status = own(CSV_STATES, strip(record["状态"])) ? CSV_STATES[strip(record["状态"])] : null;
      if (!status) {
        throw new Refused("bad-field", `第 ${n} 行的“状态”应为 未查、符合、不符合、不适用 之一，实际为“${cps(pk.ui.cleanText(record["状态"])).slice(0, 20).join("")}”。`);
      }
      const text = strip(state.text(record["检查项"], "text"));
      const id = version === 2 ? strip(record["检查项编号"]) : "";
      if (!text && !id) throw new Refused("bad-field", `第 ${n} 行的“检查项”是空的。`);
      if (id && cps(id).length > 200) throw new Refused("bad-field", `第 ${n} 行的“检查项编号”超过 200 个字符。`);
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

  // One file's bytes → its runs and notices, or its refusal.
  const readFile = (...args) => drain(readFileSteps(...args));
  function* readFileSteps(result, name, bytes, checklists, limits, branch = "") {
    result.files.push(name);
    const state = fileState(name, limits);
    try {
      if (bytes.length > limits.importBytes) {
        throw new Refused("too-big", `文件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 ${Math.floor(limits.importBytes / 1024 / 1024)} MB 的上限，不是本站导出的核查记录。`);
      }
      const text = decode(bytes);
      const start = text.replace(/^\s+/u, "");
      if (!start) throw new Refused("empty", "文件是空的。");
      yield;
      const runs = start[0] === "{" || start[0] === "[" ? readJson(state, text, checklists) : yield* readCsv(state, text, checklists);
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
  const ROSTER_TEMPLATE = [["党组织", "类别", "上级", "别名"], ["中共××局机关委员会", "党委", "", "机关党委"],
    ["机关第一党总支", "党总支", "中共××局机关委员会", "一总支"], ["机关第一党支部", "党支部", "机关第一党总支", "第一支部、一支部"]];
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

  // ------------------------------------------------------------------ the report's text (document.py)
  // The same document report.docx and report.md print, in the same words: the catalog's reportdoc
  // area (W), the one wording source; document_json() in Python gives the same JSON (a test holds them equal).
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
      measure: (subject) => W[PERSON.test(subject) ? "measure_person" : MEETING.test(subject) ? "measure_meeting" : "measure_other"],
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
    r.checklists.forEach((s, i) => blocks.push({ p: w("checklist", { n: ordinal(language, 2, i + 1), title: s.title, subject: s.subject,
      count: s.subjects, measure: x.measure(s.subject), runs: s.runs,
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
      if (entries.some((entry) => entry.isDirectory)) walk(entries).then((files) => files.length && readAll(files));
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

  pk.report = { readFile, aggregate, toJson, document: documentOf, notes: notesOf, buildRoster, rosterFromGrids, normalizeOrg: (s) => pk.ui.normalizeOrg(s) || NO_ORG,
    orgKey: (s) => pk.ui.orgKey(s) };
  (pk.blocks = pk.blocks || {}).report = { selector: "[data-report]", needs: [], init };
  if (pk.start) pk.start();
})();
