/* The scores page (/// scores, 成绩汇总): the browser twin of `python -m portalkit scores`.
 * Reads the exam result files the trainer opens (portal-exam-result v1, or the progress page's
 * portal-exam-results bundle), re-marks every answer against the banks the build shipped (quiz.js's
 * isRight and score: the same rules as portalkit/scoring.py), and shows the 成绩 and 试题分析
 * tables with CSV downloads. Item analysis is portalkit/scores/analysis.py's, held equal by
 * tests/scores_vectors.yml. Files never leave the browser; nothing is stored. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.scores) return;

  const MIN_FOR_DISCRIMINATION = 10;
  const ID = /^[a-z0-9-]{1,100}$/, QID = /^[a-z0-9-]{1,200}$/, FP = /^[0-9a-f]{0,64}$/;

  const correlation = (xs, ys) => {
    const n = xs.length, mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
    let sxx = 0, syy = 0, sxy = 0;
    for (let i = 0; i < n; i++) { sxx += (xs[i] - mx) ** 2; syy += (ys[i] - my) ** 2; sxy += (xs[i] - mx) * (ys[i] - my); }
    return sxx <= 1e-12 || syy <= 1e-12 ? null : sxy / Math.sqrt(sxx * syy);
  };
  // marked: [{earned, total, marks: [{key, points, earned, wrong: [option texts]}]}] (counted attempts)
  const itemStats = (marked) => {
    const per = new Map();
    for (const x of marked) {
      for (const m of x.marks) {
        if (!per.has(m.key)) per.set(m.key, []);
        const rest = x.total > m.points ? (x.earned - m.earned) / (x.total - m.points) : 0;
        per.get(m.key).push([m.earned / m.points, rest, m.wrong || []]);
      }
    }
    return [...per].map(([key, rows]) => {
      const facility = (100 * rows.reduce((a, r) => a + r[0], 0)) / rows.length;
      let discrimination = null;
      if (rows.length >= MIN_FOR_DISCRIMINATION) {
        const r = correlation(rows.map((x) => x[0]), rows.map((x) => x[1]));
        discrimination = r == null ? null : 100 * r;
      }
      const wrong = new Map();
      for (const row of rows) for (const c of row[2]) wrong.set(c, (wrong.get(c) || 0) + 1);
      let top = "", count = 0;
      for (const [c, n] of wrong) if (n > count) { top = c; count = n; }
      return { key, answers: rows.length, facility, discrimination, topWrong: top, topWrongCount: count };
    });
  };

  // ---- answer sheets (paper's {bank}-答题卡.xlsx): read by scores-sheet.js, loaded on demand
  const self = document.currentScript || document.querySelector('script[src$="/scores.js"]');
  const HERE = self ? self.src.replace(/[^/]*$/, "") : "";
  // the spreadsheet reader and the answer sheet's reader come from beside this file once a sheet is chosen
  const loading = new Map();
  const load = (name, ready) => ready() ? Promise.resolve() : (loading.get(name) || loading.set(name, new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = HERE + name;
    el.onload = () => resolve();
    el.onerror = () => { loading.delete(name); el.remove(); reject(new Error(name)); };
    document.head.append(el);
  })).get(name));
  const needSheets = () => Promise.all([load("sheets.js", () => window.portalSheets), load("scores-sheet.js", () => pk.scoresSheet)]);
  const nameKey = (s) => String(s).normalize("NFKC").replace(/\s+/gu, "").toLowerCase();
  const answerOk = (a, max) => a === null || typeof a === "boolean" || (typeof a === "string" && a.length <= max)
    || (Array.isArray(a) && a.length <= 200 && a.every((x) => typeof x === "string" && x.length <= max));

  // One result, checked field by field; null with the field at fault when it is not one.
  const checkResult = (r, L) => {
    if (!pk.store_isObj(r) || r.format !== "portal-exam-result") return [null, "not_result"];
    if (r.version !== 1) return [null, "bad_version"];
    if (typeof r.bank !== "string" || !ID.test(r.bank)) return [null, "bank"];
    const who = r.learner;
    if (!pk.store_isObj(who) || typeof who.name !== "string" || !who.name.trim() || who.name.length > L.name) return [null, "learner.name"];
    if (typeof who.org !== "string" || who.org.length > L.org) return [null, "learner.org"];
    if (!Array.isArray(r.questions) || !r.questions.length || r.questions.length > 5000) return [null, "questions"];
    for (const [i, q] of r.questions.entries()) {
      if (!pk.store_isObj(q) || typeof q.bank !== "string" || !ID.test(q.bank) || typeof q.id !== "string" || !QID.test(q.id)
        || typeof q.fp !== "string" || !FP.test(q.fp) || !answerOk(q.answer === undefined ? null : q.answer, L.answer)) return [null, `questions[${i}]`];
    }
    for (const k of ["started", "handedIn"]) if (r[k] != null && (typeof r[k] !== "string" || r[k].length > 40)) return [null, k];
    return [r, null];
  };

  function initScores(root) {
    const { h, fill, button, live, dataOf, fmt, download, csvText, orgKey, normalizeOrg } = pk.ui;
    const data = dataOf(root);
    const T = data.t.scorespage;
    const L = data.limits || {};
    const banks = new Map(data.banks.map((b) => [b.id, b]));
    const Q = data.questions;
    const say = live(), out = h("div", { class: "portal-sp__out" });
    const pick = h("select", { class: "portal-sp__attempt" }, h("option", { value: "best" }, T.best), h("option", { value: "last" }, T.last));
    const input = h("input", { type: "file", multiple: true, accept: ".json,.xlsx,.csv,application/json", class: "portal-sp__file" });
    let attempts = [], notes = [];

    const mark = (r, source) => {
      const exam = banks.get(r.bank);
      const marks = [], unmarked = [];
      for (const g of r.questions) {
        const key = `${g.bank}/${g.id}`, q = Object.prototype.hasOwnProperty.call(Q, key) ? Q[key] : null;
        if (!q || q.fp !== g.fp) { unmarked.push(key); continue; }
        const points = q.p || (exam && exam.points && exam.points[q.type]) || q.tp || 1;
        const right = pk.quiz.isRight(q, g.answer === undefined ? null : g.answer);
        let wrong = [];
        if (!right && (q.type === "single" || q.type === "multiple") && g.answer != null) {
          wrong = [].concat(g.answer).filter((c) => typeof c === "string" && !q.answer.includes(c));
        }
        marks.push({ key, points, earned: right ? points : 0, wrong });
      }
      const s = pk.quiz.score(marks.map((m) => [m.points, m.earned > 0]));
      return { r, source, marks, unmarked, score: s.score, earned: s.earned, total: s.total,
        passed: s.score >= (exam ? exam.passMark : 60), learner: `${nameKey(r.learner.name)}\u0000${orgKey(r.learner.org)}` };
    };

    const readAll = async (files) => {
      attempts = []; notes = [];
      for (const f of files) {
        if (/\.(xlsx|csv)$/i.test(f.name)) {
          if (f.size > L.sheetBytes) { notes.push(fmt(T.refused, { file: f.name, reason: T.too_big })); continue; }
          try {
            await needSheets();
            const { grids } = await window.portalSheets.read(f);
            const got = pk.scoresSheet.readSheet(grids);
            for (const [row, number] of got.notes) notes.push(fmt(number ? T.sheet_bad_cell : T.sheet_bad_variant, { file: f.name, row, number }));
            for (const a of got.attempts) {
              if (!banks.has(a.r.bank)) { notes.push(fmt(T.refused, { file: f.name, reason: fmt(T.unknown_bank, { bank: a.r.bank }) })); break; }
              attempts.push(mark(a.r, `${f.name}:${a.row}`));
            }
          } catch (e) {
            notes.push(fmt(T.refused, { file: f.name, reason: T[e.message] || T.not_sheet }));
          }
          continue;
        }
        if (f.size > L.importBytes) { notes.push(fmt(T.refused, { file: f.name, reason: T.too_big })); continue; }
        let raw;
        try { raw = JSON.parse(await f.text()); } catch (e) { notes.push(fmt(T.refused, { file: f.name, reason: T.not_json })); continue; }
        const list = pk.store_isObj(raw) && raw.format === "portal-exam-results" && Array.isArray(raw.results) ? raw.results.slice(0, L.resultFiles) : [raw];
        list.forEach((item, i) => {
          const name = list.length > 1 ? `${f.name}#${i + 1}` : f.name;
          const [r, problem] = checkResult(item, L);
          if (!r) { notes.push(fmt(T.refused, { file: name, reason: T[problem] || fmt(T.bad_field, { field: problem }) })); return; }
          if (!banks.has(r.bank)) { notes.push(fmt(T.refused, { file: name, reason: fmt(T.unknown_bank, { bank: r.bank }) })); return; }
          attempts.push(mark(r, name));
        });
      }
      paint();
    };

    const paint = () => {
      const groups = new Map();
      for (const x of attempts) {
        const k = `${x.learner}\u0000${x.r.bank}`;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(x);
      }
      const counted = [];
      for (const group of groups.values()) {
        group.sort((a, b) => String(a.r.handedIn || "").localeCompare(String(b.r.handedIn || "")));
        group.forEach((x, i) => { x.number = i + 1; x.counted = false; });
        const chosen = pick.value === "last" ? group[group.length - 1] : group.reduce((a, b) => (b.score > a.score ? b : a));
        chosen.counted = true;
        counted.push(chosen);
      }
      const lines = [...notes];
      for (const x of attempts) {
        if (typeof x.r.score === "number" && x.r.score !== x.score) lines.push(fmt(T.differs, { file: x.source, name: x.r.learner.name, claimed: x.r.score, score: x.score }));
        if (x.unmarked.length) lines.push(fmt(T.unmarked, { file: x.source, name: x.r.learner.name, count: x.unmarked.length }));
      }
      const orgsOf = new Map();
      for (const x of attempts) {
        const n = nameKey(x.r.learner.name);
        if (!orgsOf.has(n)) orgsOf.set(n, new Map());
        orgsOf.get(n).set(orgKey(x.r.learner.org), normalizeOrg(x.r.learner.org));
      }
      for (const x of attempts) {
        const orgs = orgsOf.get(nameKey(x.r.learner.name));
        if (orgs.size > 1) { lines.push(fmt(T.namesake, { name: x.r.learner.name, orgs: [...orgs.values()].sort().join(T.list_sep) })); orgs.clear(); }
      }
      const items = itemStats(counted);
      const minutes = (x) => {
        const a = Date.parse(x.r.started), b = Date.parse(x.r.handedIn);
        return Number.isFinite(a) && Number.isFinite(b) && b >= a ? String(Math.round((b - a) / 6000) / 10) : T.none;
      };
      const when = (x) => {
        const t = Date.parse(x.r.handedIn);
        return Number.isFinite(t) ? new Date(t + 8 * 3600000).toISOString().slice(0, 16).replace("T", " ") : T.none;
      };
      const scoreRows = attempts.map((x) => [x.r.learner.name, normalizeOrg(x.r.learner.org), (banks.get(x.r.bank) || {}).title || x.r.bank,
        String(x.score), x.passed ? T.yes : T.no, x.r.mode === "paper" ? T.none : minutes(x), when(x),
        x.r.mode === "paper" ? T.paper : T.web, String(x.number), x.counted ? T.yes : T.no]);
      const fixed = (n) => (n == null ? T.none : String(Math.round(n * 10) / 10));
      const itemRows = items.map((it, i) => [String(i + 1), (Q[it.key] || {}).prompt || it.key, (Q[it.key] || {}).source || "",
        String(it.answers), fixed(it.facility), fixed(it.discrimination), it.topWrong || T.none, it.topWrong ? String(it.topWrongCount) : T.none]);
      // Material lets a wide table scroll by itself: focusable, so the keyboard scrolls it too
      const table = (caption, cols, rows) => h("table", { tabindex: "0" }, h("caption", {}, caption),
        h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))));
      const scoreCols = [T.col_name, T.col_org, T.col_bank, T.col_score, T.col_passed, T.col_minutes, T.col_time, T.col_mode, T.col_number, T.col_counted];
      const itemCols = [T.col_no, T.col_question, T.col_source, T.col_answers, T.col_facility, T.col_discrimination, T.col_wrong, T.col_wrong_n];
      // CSV headers are file format (the xlsx's names), whatever the page's language
      const CSV_SCORES = ["姓名", "党组织", "题库", "得分", "是否及格", "用时（分钟）", "交卷时间", "方式", "第几次", "计入"];
      const CSV_ITEMS = ["题号", "题目", "出处", "作答人数", "答对率", "区分度", "最常选的错误选项", "选择人数"];
      fill(say, h("p", {}, fmt(T.summary, { people: new Set(counted.map((x) => x.learner)).size, attempts: attempts.length })));
      fill(out,
        lines.length ? h("ul", { class: "portal-sp__notes" }, lines.map((l) => h("li", {}, l))) : null,
        attempts.length ? [
          table(T.scores_title, scoreCols, scoreRows),
          h("p", { class: "portal-rp__actions" }, button(T.download_scores, () => download("成绩.csv", "text/csv", csvText([CSV_SCORES, ...scoreRows])), "portal-sp__csv-scores"),
            button(T.download_items, () => download("试题分析.csv", "text/csv", csvText([CSV_ITEMS, ...itemRows])), "portal-sp__csv-items")),
          table(T.items_title, itemCols, itemRows)] : null);
    };

    input.addEventListener("change", () => { const files = [...input.files]; input.value = ""; if (files.length) readAll(files); });
    pick.addEventListener("change", paint);
    root.querySelector(".portal-scores-page__nojs")?.remove();
    root.append(h("p", {}, T.intro),
      h("p", { class: "portal-sp__controls" }, h("label", {}, T.choose, " ", input), " ", h("label", {}, T.attempt, " ", pick)),
      say, out, h("p", { class: "portal-privacy" }, T.privacy));
  }

  pk.scoresPage = { itemStats };
  pk.store_isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  (pk.blocks = pk.blocks || {}).scores = { selector: "[data-scores-page]", needs: ["quiz"], init: initScores };
  if (pk.start) pk.start();
})();
