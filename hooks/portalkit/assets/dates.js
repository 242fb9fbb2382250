/* Dates as ISO text (compared as text), shared by the date checker and the ledger: the browser
 * twins of datecheck/evaluate.py (read_date) and ledger/read.py (months_of, the recurring duties).
 * On Material's instant navigation the page's scripts may run in any order: the modules that use
 * these look them up when they run (`pk.dates`), and ui.js starts them once this is loaded. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.dates) return;

  const pad = (n, w = 2) => String(n).padStart(w, "0");
  const iso = (y, m, d) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  const last = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based
  const ymd = (s) => s.split("-").map(Number);
  const utc = (s) => Date.UTC(...ymd(s).map((v, i) => (i === 1 ? v - 1 : v)));
  // N months later: the same day, or the last day of the target month if it has no such day.
  const addMonths = (s, n) => {
    const [y, m, d] = ymd(s), t = y * 12 + m - 1 + n, Y = Math.floor(t / 12), M = t - Y * 12 + 1;
    return iso(Y, M, Math.min(d, last(Y, M)));
  };
  const addDays = (s, n) => {
    const [y, m, d] = ymd(s);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
  };
  const daysBetween = (a, b) => Math.round((utc(b) - utc(a)) / 86400000);
  const shift = (s, n, unit) => (unit === "days" ? addDays(s, n) : addMonths(s, unit === "years" ? 12 * n : n));
  // Text from a file is shown at most this long (a cell may be megabytes of garbage).
  const clip = (s, max = 40) => (s.length > max ? s.slice(0, max) + "…" : s);
  // Beijing's date (UTC+8, no daylight saving).
  const todayInBeijing = (now = Date.now()) => new Date(now + 8 * 3600000).toISOString().slice(0, 10);

  // "2026-05-18", "2026/5/18", "2026.5.18", "2026年5月18日", "20260518" -> [iso], ["", why in the
  // caller's catalog T], or [""] when empty (evaluate.py read_date).
  const read = (text, T) => {
    const fmt = pk.ui.fmt, full = String(text == null ? "" : text).trim(), raw = clip(full, 100);
    if (full.length > 100) return ["", fmt(T.not_a_date, { raw })];
    const s = full.normalize("NFKC").replace(/\s+\d{1,2}:\d{2}(:\d{2})?$/, "").replace(/\s+/g, "");
    if (!s) return [""];
    const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|年(\d{1,2})月(\d{1,2})日?|(\d{2})(\d{2}))$/.exec(s);
    if (!m) return ["", fmt(T.not_a_date, { raw })];
    const y = +m[1], mo = +(m[3] || m[5] || m[7]), d = +(m[4] || m[6] || m[8]);
    if (y < 1900 || y > 2100) return ["", fmt(T.bad_year, { raw, year: y })];
    if (mo < 1 || mo > 12) return ["", fmt(T.bad_month, { raw })];
    if (d < 1 || d > last(y, mo)) return ["", fmt(T.bad_day, { raw, year: y, month: mo, days: last(y, mo) })];
    return [iso(y, mo, d)];
  };

  const NUMERALS = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
  // An extension's length as secretaries write it: "6", "6个月", "半年", "一年" -> months, or null.
  const monthsOf = (text) => {
    const s = String(text).normalize("NFKC").replace(/\s+/g, "");
    if (s === "半年") return 6;
    const m = /^(\d{1,3}|[一二两三四五六七八九十]|十[一二])(个月|月|年)?$/.exec(s);
    if (!m) return null;
    const n = /^\d/.test(m[1]) ? +m[1] : NUMERALS[m[1]];
    return m[2] === "年" ? n * 12 : n;
  };

  // A recurring duty (`every` rule) from `start`, over the sorted dates up to `end`:
  // [the last occurrence counted (or start), the first limit missed or null].
  const recurring = (r, start, end, days) => {
    let lastDay = start, missed = null;
    for (const d of days.filter((x) => x >= start && (!end || x <= end)).sort()) {
      const limit = shift(lastDay, r.amount, r.unit);
      if (d > limit && !missed) missed = limit;
      lastDay = d;
    }
    if (end && end > shift(lastDay, r.amount, r.unit) && !missed) missed = shift(lastDay, r.amount, r.unit);
    return [lastDay, missed];
  };

  pk.dates = { addMonths, addDays, daysBetween, shift, clip, todayInBeijing, read, monthsOf, recurring };
  if (pk.start) pk.start();
})();
