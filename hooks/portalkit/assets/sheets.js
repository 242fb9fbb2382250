/* THE browser reader of the spreadsheets users hand in (ledgers, rosters, answer sheets): the twin
 * of portalkit/sheets.py, with the same bounds (LIMITS, written in at build time), the same values
 * and the same refusals; tests/sheet_vectors holds both to one expected-grids file.
 *
 *   portalSheets.read(fileOrBytes) -> Promise<{grids: [{name, rows: [[rowNumber, cells]]}]}>
 *     A File/Blob, ArrayBuffer or Uint8Array. xlsx by its zip signature, else CSV text (UTF-8,
 *     UTF-16 with its BOM, else GB18030). Rows keep their 1-based number in the file, cells their
 *     column index; empty rows are left out. Values: text, numbers, true/false; a number in a date
 *     format becomes "YYYY-MM-DD" ("YYYY-MM-DD HH:MM:SS" with a time); a formula is its text
 *     ("=B2+30"), never evaluated. Rejects with an Error whose `code` is a key of the `sheets.*`
 *     catalog (too_big, old_xls, binary, encoding, not_xlsx, xml_refused, no_sheets,
 *     too_many_parts, inflates_too_much, too_many_rows, too_many_columns, too_many_cells,
 *     cell_too_long, string_too_long, unclosed_quote, no_inflate) and `fields` its placeholders;
 *     no message ever quotes the file.
 *   portalSheets.findHeader(grid, columns, required = [], searchRows = 10)
 *     -> {row, index, written, unknown} | null, as sheets.find_header.
 *   portalSheets.columnLetter(i), portalSheets.normalHeader(v), portalSheets.cell(row, i).
 *
 * xlsx is read with the browser's own DecompressionStream("deflate-raw"): every part is inflated
 * as a stream and its output counted against LIMITS.xlsxInflated while it comes out (never the
 * sizes the zip claims); a browser without it gets `no_inflate` (save as CSV). The XML is never
 * given to a DOM parser: a DTD is refused, and cells are read one at a time by a scanner that
 * yields to the page between slices, so a large sheet neither freezes the page nor grows past
 * the bounds. */
(() => {
  "use strict";
  if (window.portalSheets) return;
  const LIMITS = Object.freeze(/*LIMITS*/{});
  const FIELD_LIMIT = 131072; // Python's csv field_size_limit: a longer field is its csv.Error
  const SLICE_MS = 8;

  const fail = (code, fields = {}) => Object.assign(new Error(code), { code, fields });
  const pause = () => new Promise((resolve) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => resolve();
    c.port2.postMessage(0);
  });
  const mb = (n) => (n / 1024 / 1024).toFixed(1);

  const columnLetter = (index) => {
    let letters = "";
    for (index += 1; index; index = Math.floor((index - 1) / 26)) letters = String.fromCharCode(65 + ((index - 1) % 26)) + letters;
    return letters;
  };
  const columnIndex = (letters) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

  function checkSize(row, columns, cells) {
    if (row > LIMITS.sheetRows) throw fail("too_many_rows", { most: LIMITS.sheetRows });
    if (columns > LIMITS.sheetColumns) throw fail("too_many_columns", { row, most: LIMITS.sheetColumns });
    if (cells > LIMITS.sheetCells) throw fail("too_many_cells", { most: LIMITS.sheetCells });
  }
  // Trailing cells that are empty or only white space are dropped.
  const trim = (row) => {
    let end = row.length;
    while (end && (row[end - 1] === "" || (typeof row[end - 1] === "string" && !row[end - 1].trim()))) end--;
    return row.slice(0, end);
  };

  // ------------------------------------------------------------------------------------ CSV
  const startsWith = (b, sig) => sig.every((x, i) => b[i] === x);
  function decodeText(b) {
    const strict = (label, bytes) => new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
    try {
      if (startsWith(b, [0xef, 0xbb, 0xbf])) return strict("utf-8", b);
      if (startsWith(b, [0xff, 0xfe])) return strict("utf-16le", b);
      if (startsWith(b, [0xfe, 0xff])) return strict("utf-16be", b);
    } catch (e) { throw fail("encoding"); }
    if (b.includes(0)) throw fail("binary");
    try { return strict("utf-8", b); } catch (e) { /* GB18030 next */ }
    try { return strict("gb18030", b); } catch (e) { throw fail("encoding"); }
  }
  // Comma, tab or semicolon: whichever the first line holds most of outside quotes (comma on a tie).
  function delimiter(text) {
    const first = text.replace(/^[\r\n]+/, "").split("\n", 1)[0].replace(/"[^"]*"/g, "");
    let best = ",", most = 0;
    for (const d of [",", "\t", ";"]) {
      const n = first.split(d).length - 1;
      if (n > most) { best = d; most = n; }
    }
    return best;
  }
  // Python's csv reader (excel dialect, strict): records of fields, each with the line it starts on.
  function* records(text, sep) {
    const n = text.length;
    let i = 0, line = 0; // lines consumed
    while (i < n) {
      const start = line + 1, row = [];
      let field = "", quoted = false, after = false, atStart = true;
      const eol = () => { if (text[i] === "\r" && text[i + 1] === "\n") i++; i++; line++; };
      let done = false;
      if (text[i] === "\r" || text[i] === "\n") { eol(); yield [start, row]; continue; }
      while (!done) {
        if (i >= n) {
          if (quoted && !after) throw fail("unclosed_quote", { line: start });
          row.push(field); line++; done = true; break;
        }
        const c = text[i];
        if (quoted && !after) {
          if (c === '"') after = true;
          else {
            field += c;
            if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
          }
          i++;
        } else if (quoted && after) {
          if (c === '"') { field += c; after = false; i++; }
          else if (c === sep) { row.push(field); field = ""; quoted = after = false; atStart = true; i++; }
          else if (c === "\r" || c === "\n") { row.push(field); eol(); done = true; }
          else throw fail("unclosed_quote", { line: start });
        } else if (c === '"' && atStart) { quoted = true; atStart = false; i++; }
        else if (c === sep) { row.push(field); field = ""; atStart = true; i++; }
        else if (c === "\r" || c === "\n") { row.push(field); eol(); done = true; }
        else { field += c; atStart = false; i++; }
        if (field.length > FIELD_LIMIT) throw fail("unclosed_quote", { line: start });
      }
      yield [start, row];
    }
  }
  const swallowed = (value, sep, width) => width >= 3 && value.split("\n").slice(1).some((l) => l.split(sep).length - 1 >= width - 1);

  function readCsv(bytes) {
    const text = decodeText(bytes).replace(/^\ufeff/, ""), sep = delimiter(text), rows = [];
    let number = 0, cells = 0, width = 0;
    for (const [start, row] of records(text, sep)) {
      number++;
      const values = trim(row);
      if (!values.length) continue;
      width = width || values.length;
      values.forEach((v, column) => {
        if (v.length > LIMITS.cellChars) throw fail("cell_too_long", { row: number, column: columnLetter(column), most: LIMITS.cellChars });
        if (v.includes("\n") && swallowed(v, sep, width)) throw fail("unclosed_quote", { line: start });
      });
      cells += values.filter((v) => v !== "").length;
      checkSize(number, values.length, cells);
      rows.push([number, values]);
    }
    return { name: "", rows };
  }

  // ----------------------------------------------------------------------------------- zip
  const u16 = (b, o) => b[o] | (b[o + 1] << 8);
  const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  // The central directory: name -> {method, flags, offset, size (compressed)}. Zip64 and
  // encrypted entries are refused (Excel and WPS write neither for a table of this size).
  function directory(b) {
    let end = -1;
    for (let o = b.length - 22; o >= Math.max(0, b.length - 65557); o--) {
      if (u32(b, o) === 0x06054b50) { end = o; break; }
    }
    if (end < 0) throw fail("not_xlsx");
    const count = u16(b, end + 10), size = u32(b, end + 12);
    let o = u32(b, end + 16);
    if (count === 0xffff || o === 0xffffffff || o + size > b.length) throw fail("not_xlsx");
    if (count > LIMITS.xlsxParts) throw fail("too_many_parts", { most: LIMITS.xlsxParts });
    const parts = new Map(), names = new TextDecoder("utf-8");
    for (let k = 0; k < count; k++) {
      if (o + 46 > b.length || u32(b, o) !== 0x02014b50) throw fail("not_xlsx");
      const flags = u16(b, o + 8), method = u16(b, o + 10), csize = u32(b, o + 20);
      const nlen = u16(b, o + 28), xlen = u16(b, o + 30), clen = u16(b, o + 32), local = u32(b, o + 42);
      const name = names.decode(b.subarray(o + 46, o + 46 + nlen));
      if (csize === 0xffffffff || local === 0xffffffff || flags & 1) throw fail("not_xlsx");
      parts.set(name, { method, offset: local, size: csize });
      o += 46 + nlen + xlen + clen;
    }
    return parts;
  }

  class Workbook {
    constructor(bytes) {
      this.b = bytes;
      this.parts = directory(bytes);
      this.left = LIMITS.xlsxInflated;
      this.cells = 0;
    }
    // A part's text: inflated as a stream, each chunk counted against the budget as it comes out.
    async text(name) {
      const p = this.parts.get(name), b = this.b;
      if (!p || p.offset + 30 > b.length || u32(b, p.offset) !== 0x04034b50) throw fail("not_xlsx");
      const start = p.offset + 30 + u16(b, p.offset + 26) + u16(b, p.offset + 28);
      if (start + p.size > b.length) throw fail("not_xlsx");
      const raw = b.subarray(start, start + p.size), decoder = new TextDecoder("utf-8");
      let out = "";
      const take = (chunk) => {
        this.left -= chunk.length;
        if (this.left < 0) throw fail("inflates_too_much", { limit: LIMITS.xlsxInflated / 1048576 });
        out += decoder.decode(chunk, { stream: true });
      };
      if (p.method === 0) take(raw);
      else if (p.method === 8) {
        if (typeof DecompressionStream !== "function") throw fail("no_inflate");
        const reader = new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            take(value);
          }
        } catch (e) {
          reader.cancel().catch(() => {});
          throw e.code ? e : fail("not_xlsx");
        }
      } else throw fail("not_xlsx");
      out += decoder.decode();
      if (/<!DOCTYPE|<!ENTITY/i.test(out.slice(0, 4096)) || /<!ENTITY/i.test(out)) throw fail("xml_refused");
      return out;
    }

    async grids() {
      if (!this.parts.has("xl/workbook.xml")) throw fail("not_xlsx");
      const targets = new Map();
      if (this.parts.has("xl/_rels/workbook.xml.rels")) {
        for (const m of (await this.text("xl/_rels/workbook.xml.rels")).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
          const a = attrs(m[1]);
          if (a.TargetMode === "External") continue;
          targets.set(a.Id || "", partPath(a.Target || ""));
        }
      }
      const book = await this.text("xl/workbook.xml"), sheets = [];
      const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(book);
      const date1904 = pr ? ["1", "true"].includes((attrs(pr[1]).date1904 || "").toLowerCase()) : false;
      for (const m of book.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
        const a = attrs(m[1]), rel = Object.keys(a).find((k) => /:id$/.test(k));
        const path = targets.get(rel ? a[rel] : "") || "";
        if (this.parts.has(path) && ("/" + path).includes("/worksheets/")) sheets.push([a.name || "", path]);
      }
      if (!sheets.length) throw fail("no_sheets");
      const strings = await this.sharedStrings(), dates = await this.dateStyles();
      const grids = [];
      for (const [name, path] of sheets) grids.push(await this.grid(name, path, strings, dates, date1904));
      return grids;
    }

    async sharedStrings() {
      if (!this.parts.has("xl/sharedStrings.xml")) return [];
      const strings = [];
      let deadline = performance.now() + SLICE_MS;
      for (const m of (await this.text("xl/sharedStrings.xml")).matchAll(/<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) {
        if (performance.now() > deadline) { await pause(); deadline = performance.now() + SLICE_MS; }
        strings.push(richText(m[1] || ""));
        if (strings.length > LIMITS.sheetCells) throw fail("too_many_cells", { most: LIMITS.sheetCells });
      }
      return strings;
    }

    // Indexes of the cell formats (cellXfs) that show a number as a date or time.
    async dateStyles() {
      if (!this.parts.has("xl/styles.xml")) return new Set();
      const xml = await this.text("xl/styles.xml"), custom = new Map();
      for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
        const a = attrs(m[1]);
        custom.set(int(a.numFmtId), /[dmyhsDMYHS年月日]/.test((a.formatCode || "").replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, "")));
      }
      const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml), out = new Set();
      if (xfs) {
        let i = 0;
        for (const m of xfs[1].matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
          const id = int(attrs(m[1]).numFmtId);
          if (custom.has(id) ? custom.get(id) : DATE_FORMATS.has(id)) out.add(i);
          i++;
        }
      }
      return out;
    }

    async grid(name, path, strings, dates, date1904) {
      const xml = await this.text(path), rows = [];
      const data = /<(?:\w+:)?sheetData\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?sheetData>)/.exec(xml);
      const body = data ? data[1] || "" : "";
      const token = /<(?:\w+:)?(row|c)\b([^>]*?)(\/)?>|<\/(?:\w+:)?row>/g;
      let rowNumber = 0, values = null, column = -1, m, deadline = performance.now() + SLICE_MS;
      const endRow = () => {
        if (values && values.size) {
          const cells = new Array(Math.max(...values.keys()) + 1).fill("");
          for (const [k, v] of values) cells[k] = v;
          rows.push([rowNumber, cells]);
        }
        values = null;
      };
      while ((m = token.exec(body))) {
        if (!m[1]) { endRow(); continue; }
        if (m[1] === "row") {
          endRow();
          rowNumber = int(attrs(m[2]).r) || rowNumber + 1;
          values = new Map();
          column = -1;
          if (m[3]) endRow();
          if (performance.now() > deadline) { await pause(); deadline = performance.now() + SLICE_MS; }
          continue;
        }
        const a = attrs(m[2]), ref = /^([A-Z]{1,3})([0-9]{1,7})$/.exec(a.r || "");
        column = ref ? columnIndex(ref[1]) : column + 1;
        let inner = "";
        if (!m[3]) {
          const end = findClose(body, token.lastIndex);
          if (end < 0) throw fail("not_xlsx");
          inner = body.slice(token.lastIndex, end);
          token.lastIndex = body.indexOf(">", end) + 1;
        }
        const value = cellValue(a, inner, strings, dates, date1904);
        if (value === "" || value === null) continue;
        this.cells++;
        checkSize(rowNumber, column + 1, this.cells);
        if (typeof value === "string" && value.length > LIMITS.cellChars) {
          throw fail("cell_too_long", { row: rowNumber, column: columnLetter(column), most: LIMITS.cellChars });
        }
        if (!values) values = new Map();
        values.set(column, value);
      }
      endRow();
      rows.sort((x, y) => x[0] - y[0]);
      return { name, rows };
    }
  }

  // The end of a <c> element's content: its </c> (a cell holds no nested <c>).
  const findClose = (s, from) => {
    const re = /<\/(?:\w+:)?c>/g;
    re.lastIndex = from;
    const m = re.exec(s);
    return m ? m.index : -1;
  };
  const DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
    50, 51, 52, 53, 54, 55, 56, 57, 58]);
  const int = (text, fallback = 0) => (typeof text === "string" && /^[0-9]{1,9}$/.test(text) ? +text : fallback);
  const ENTITY = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  const unescape = (s) => s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|\w+);/g, (all, e) => {
    if (e[0] !== "#") return ENTITY[e] !== undefined ? ENTITY[e] : all;
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
  const attrs = (s) => {
    const out = Object.create(null);
    for (const m of s.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]] = unescape(m[2] !== undefined ? m[2] : m[3]);
    return out;
  };
  // The text of <si> or <is>: its <t>s, phonetic runs (<rPh>) left out.
  const richText = (inner) => {
    let text = "";
    for (const m of inner.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, "").matchAll(/<(?:\w+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) {
      text += unescape(m[1] || "");
    }
    if (text.length > LIMITS.cellChars) throw fail("string_too_long", { most: LIMITS.cellChars });
    return text;
  };
  const child = (inner, tag) => {
    const m = new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*?(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${tag}>)`).exec(inner);
    return m ? m[1] || "" : null;
  };
  const partPath = (target) => {
    if (target.startsWith("/")) return target.replace(/^\/+/, "");
    const parts = ["xl"];
    for (const piece of target.split("/")) {
      if (piece === "..") parts.pop();
      else if (piece && piece !== ".") parts.push(piece);
    }
    return parts.join("/");
  };
  const number = (text) => {
    text = text.trim();
    if (text.length > 40) return null;
    if (/^-?[0-9]+$/.test(text)) return Number(text);
    if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text)) return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  };
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  // An Excel date serial as text; null outside 1900–9999.
  const dateText = (serial, date1904) => {
    if (!(serial > 0 && serial < 2958466)) return null;
    let whole = Math.trunc(serial), seconds = Math.round((serial - whole) * 86400);
    if (seconds === 86400) { whole++; seconds = 0; }
    if (!date1904 && whole < 60) whole++;
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
    const d = new Date(epoch + whole * 86400000 + seconds * 1000);
    const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    return seconds ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : day;
  };
  function cellValue(a, inner, strings, dates, date1904) {
    const kind = a.t || "n", f = child(inner, "f"), vRaw = child(inner, "v");
    if (f) return "=" + unescape(f);
    if (kind === "inlineStr") {
      const is = child(inner, "is");
      return is === null ? "" : richText(is);
    }
    if (vRaw === null) return null;
    const v = unescape(vRaw);
    if (kind === "s") {
      const i = int(v, -1);
      if (!(i >= 0 && i < strings.length)) throw fail("not_xlsx");
      return strings[i];
    }
    if (kind === "str" || kind === "e") return v;
    if (kind === "b") return ["1", "true"].includes(v.trim());
    if (kind === "d") return v.replace("T", " ").slice(0, 19).replace(/ 00:00:00$/, "");
    const n = number(v);
    if (n === null) return v;
    if (dates.has(int(a.s, 0))) return dateText(n, date1904) || n;
    return n;
  }

  // -------------------------------------------------------------------------------- public
  async function read(source) {
    let bytes;
    if (source instanceof Uint8Array) bytes = source;
    else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
    else {
      if (source.size > LIMITS.sheetBytes) throw fail("too_big", { size: mb(source.size), limit: LIMITS.sheetBytes / 1048576 });
      bytes = new Uint8Array(await source.arrayBuffer());
    }
    if (bytes.length > LIMITS.sheetBytes) throw fail("too_big", { size: mb(bytes.length), limit: LIMITS.sheetBytes / 1048576 });
    if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { grids: await new Workbook(bytes).grids() };
    if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw fail("old_xls");
    return { grids: [readCsv(bytes)] };
  }

  const normalHeader = (v) => String(v).normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  const cell = (row, index) => (index !== undefined && index !== null && index < row.length ? row[index] : "");
  function findHeader(grid, columns, required = [], searchRows = 10) {
    const spelling = new Map();
    for (const [name, spellings] of Object.entries(columns)) {
      for (const s of [name, ...spellings]) spelling.set(normalHeader(s), name); // the last one wins, as in Python
    }
    for (const [number, cells] of grid.rows.slice(0, searchRows)) {
      const names = cells.map((c) => (c !== "" ? spelling.get(normalHeader(c)) || null : null));
      if (!names.some(Boolean) || required.some((r) => !names.includes(r))) continue;
      const index = Object.create(null), written = Object.create(null), unknown = [];
      names.forEach((name, i) => {
        const text = String(cells[i]).trim();
        if (name === null) { if (text) unknown.push(text); }
        else if (name in index) unknown.push(`${text} (${columnLetter(i)})`);
        else { index[name] = i; written[name] = text; }
      });
      return { row: number, index, written, unknown };
    }
    return null;
  }

  window.portalSheets = Object.freeze({ read, findHeader, columnLetter, normalHeader, cell });
  // For the portal's blocks that need it ({needs: ["sheets"]}): scripts may run in any order
  // under instant navigation, so a block starts once this module is there too.
  const pk = (window.portalKit = window.portalKit || {});
  (pk.blocks = pk.blocks || {}).sheets = { selector: "[data-portal-sheets-never]", needs: [], init() {} };
  if (pk.start) pk.start();
})();
