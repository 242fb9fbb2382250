/* The progress page (/// progress): this reader's progress over every bank and checklist of the
 * site, read from the records the quiz and checklist modules keep, and a backup file of all of
 * them with a restore that merges.
 *
 * Records read (see quiz.js, checklist.js): `<store>:quiz:<bank>` (answers of the current round
 * carry `k`, whether they are right), `<store>:mistakes`, `<store>:checklist:<id>`. They are
 * untrusted and read defensively: a part of the wrong shape counts as nothing.
 * Backup: {format: "portal-backup", version: 1, site: <store>, exported: ISO date, records}.
 * Restore validates every key and record shape, shows per record whether it is new, merged or
 * unchanged, and after the reader confirms writes each as store.js's merge of what is stored
 * now and what the file holds (read, merge, write): nothing stored is silently overwritten. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.progress) return;

  // What a backup may hold, after the site's prefix: the records of the portal's modules.
  const KEY = /^(?:(quiz|checklist|datecheck):([a-z0-9-]{1,100})|(mistakes))$/;

  const shapeOk = (kind, v) => {
    const S = pk.store, all = (o, ok) => S.entries(o).every(([, x]) => ok(x));
    if (!S.isObj(v)) return false;
    if (kind === "datecheck") return typeof v.v === "number";
    if (v.v !== 2) return false;
    if (kind === "mistakes") return S.isObj(v.items) && all(v.items, (x) => S.isObj(x) && S.isTime(x.t) && typeof x.on === "boolean");
    if (kind === "checklist") return S.isObj(v.runs) && all(v.runs, S.isObj);
    return (v.round == null || (S.isObj(v.round) && typeof v.round.id === "string" && Array.isArray(v.round.order)))
      && (v.answers == null || (S.isObj(v.answers) && all(v.answers, (x) => S.isObj(x) && S.isTime(x.t) && typeof x.r === "string")))
      && (v.attempts == null || (Array.isArray(v.attempts) && v.attempts.every(S.isObj)))
      && (v.submitted == null || S.isObj(v.submitted)) && (v.starts == null || (S.isObj(v.starts) && all(v.starts, S.isTime)));
  };

  function initProgress(root) {
    const { h, fill, button, live, dataOf, fmt, privacyBar, download, today } = pk.ui;
    const S = pk.store;
    const data = dataOf(root);
    const T = data.t.progress;
    const store = root.dataset.store, prefix = store + ":";
    const read = (key) => { try { const v = JSON.parse(S.getRaw(key)); return S.isObj(v) ? v : null; } catch (e) { return null; } };
    const banks = new Map(data.banks.map((b) => [b.id, b]));
    const checklists = new Map(data.checklists.map((c) => [c.id, c]));
    const titled = (item) => (item.pages.length ? h("a", { href: item.pages[0][1] }, item.title) : item.title);
    const given = (a) => a != null && a !== "" && !(Array.isArray(a) && !a.some(Boolean));

    // ---------------------------------------------------------------- the two tables
    // The build wrote the page in this shape (see templates/progress.html): the view is filled in place.
    const view = root.querySelector(".portal-progress__view") || h("div", { class: "portal-progress__view" });
    const paint = () => {
      const mistakes = read(`${prefix}mistakes`);
      const mistakeItems = mistakes && S.isObj(mistakes.items) ? mistakes.items : S.dict();
      const bankRows = data.banks.map((b) => {
        const rec = read(`${prefix}quiz:${b.id}`) || {};
        const round = S.isObj(rec.round) && typeof rec.round.id === "string" ? rec.round.id : null;
        let answered = 0, right = 0;
        const now = new Set();
        for (const [id, x] of S.entries(rec.answers)) {
          if (!S.isObj(x) || x.r !== round || !given(x.a)) continue;
          answered++; now.add(id);
          if (x.k === true) right++;
        }
        const attempts = (Array.isArray(rec.attempts) ? rec.attempts : [])
          .filter((x) => S.isObj(x) && Number.isFinite(x.score) && S.isTime(x.t)).sort((x, y) => x.t - y.t);
        const exam = attempts.length ? fmt(T.exam, { last: attempts[attempts.length - 1].score,
          best: Math.max(...attempts.map((x) => x.score)), n: attempts.length }) : T.none;
        let never = T.none, open = T.none;
        if (!b.composed) {
          const seen = (id) => now.has(id) || S.own(mistakeItems, id);
          never = String(b.questions.filter((id) => !seen(id)).length);
          open = String(b.questions.filter((id) => S.own(mistakeItems, id) && S.isObj(mistakeItems[id]) && mistakeItems[id].on === true).length);
        }
        const total = b.composed && S.isObj(rec.round) && Array.isArray(rec.round.order) ? rec.round.order.length : b.questions.length;
        return h("tr", { "data-bank": b.id },
          h("td", {}, titled(b)),
          h("td", {}, fmt(T.of, { n: answered, total })),
          h("td", {}, String(right)), h("td", {}, never), h("td", {}, open), h("td", {}, exam));
      });
      const runRows = data.checklists.map((c) => {
        const rec = read(`${prefix}checklist:${c.id}`) || {};
        const runs = S.entries(rec.runs).map(([, r]) => r).filter((r) => S.isObj(r) && !S.isTime(r.deleted));
        const left = runs.map((r) => fmt(T.run_left, {
          subject: (S.isObj(r.subject) && S.text(r.subject.v, S.LIMITS.name)) || T.unnamed,
          n: c.items.filter((id) => { const x = S.isObj(r.items) && S.own(r.items, id) ? r.items[id] : null; return !(S.isObj(x) && x.s && x.s !== "unchecked"); }).length,
        }));
        return h("tr", { "data-checklist": c.id },
          h("td", {}, titled(c)), h("td", {}, String(runs.length)),
          h("td", {}, runs.length ? left.join(T.list_sep) : T.no_runs));
      });
      const table = (cols, rows) => h("table", {}, h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, c)))), h("tbody", {}, rows));
      fill(view,
        h("h2", {}, T.banks),
        table([T.col_bank, T.col_answered, T.col_right, T.col_never, T.col_mistakes, T.col_exam], bankRows),
        data.checklists.length ? [h("h2", {}, T.checklists), table([T.col_checklist, T.col_runs, T.col_left], runRows)] : null);
    };

    // ---------------------------------------------------------------- backup
    const ours = () => {
      const keys = [];
      try {
        for (let i = 0; i < localStorage.length; i++) {
          const key = localStorage.key(i);
          if (key && key.startsWith(prefix) && KEY.test(key.slice(prefix.length))) keys.push(key);
        }
      } catch (e) { /* storage unavailable: nothing to back up */ }
      return keys.sort();
    };
    const backup = () => {
      const records = S.dict();
      for (const key of ours()) { const v = read(key); if (v) records[key] = v; }
      const file = { format: "portal-backup", version: 1, site: store, exported: new Date().toISOString(), records };
      download(fmt(T.file_name, { date: today() }), "application/json", JSON.stringify(file, null, 1));
    };

    // ---------------------------------------------------------------- exam results
    // Every handed-in exam's result kept on this computer (quiz.js keeps them with the last
    // attempts), in one file `scores` reads: {format: "portal-exam-results", version: 1, results}.
    const results = () => {
      const out = [];
      for (const b of data.banks) {
        const rec = read(`${prefix}quiz:${b.id}`);
        for (const x of rec && Array.isArray(rec.attempts) ? rec.attempts : []) {
          const r = S.isObj(x) ? x.result : null;
          if (S.isObj(r) && r.format === "portal-exam-result" && r.version === 1) out.push(r);
        }
      }
      return out.sort((a, b) => String(a.handedIn).localeCompare(String(b.handedIn))).slice(-S.LIMITS.resultFiles);
    };
    const exportResults = () => {
      const list = results();
      if (!list.length) { fill(say, h("p", {}, T.no_results)); return; }
      download(fmt(T.results_file, { date: today() }), "application/json",
        JSON.stringify({ format: "portal-exam-results", version: 1, site: store, exported: new Date().toISOString(), results: list }, null, 1));
      fill(say, h("p", {}, fmt(T.results_done, { n: list.length })));
    };

    // ---------------------------------------------------------------- restore
    const say = live();
    const plan = h("div", { class: "portal-progress__plan" });
    const label = (key) => {
      const [, kind, id, mistakes] = key.slice(prefix.length).match(KEY);
      // A reader sees titles, never a record's key: the mistakes page keeps its practice rounds
      // under a generated id, and a bank or checklist gone from the site has no title left.
      if (mistakes) return T.label_mistakes;
      if (kind === "quiz" && id.startsWith("mistakes-")) return T.label_mistakes_practice;
      if (kind === "quiz") return banks.has(id) ? fmt(T.label_quiz, { title: banks.get(id).title }) : T.label_gone_quiz;
      if (kind === "checklist") return checklists.has(id) ? fmt(T.label_checklist, { title: checklists.get(id).title }) : T.label_gone_checklist;
      return fmt(T.label_datecheck, { id });
    };
    // What merging `incoming` into the stored record gives, and whether that changes anything.
    const outcome = (key, incoming) => {
      const stored = read(key);
      if (!stored) return { status: "new", value: incoming };
      if (stored.v !== incoming.v) return { status: "old" };
      const value = S.merge(stored, incoming);
      return { status: S.canonical(value) === S.canonical(stored) ? "unchanged" : "merged", value };
    };
    const refuse = (message) => { fill(plan); fill(say, h("p", { class: "portal-warning" }, message)); };
    const examine = (textOfFile) => {
      let file;
      try { file = JSON.parse(textOfFile); } catch (e) { refuse(T.not_json); return; }
      if (!S.isObj(file) || file.format !== "portal-backup" || file.version !== 1 || !S.isObj(file.records)) { refuse(T.not_backup); return; }
      if (file.site !== store) { refuse(T.other_site); return; }
      const problems = [], steps = [];
      let foreign = 0;
      for (const [key, value] of S.entries(file.records)) {
        const m = key.startsWith(prefix) ? key.slice(prefix.length).match(KEY) : null;
        if (!m) { foreign++; continue; }
        if (!shapeOk(m[1] || "mistakes", value)) { problems.push(fmt(T.bad_shape, { label: label(key) })); continue; }
        const o = outcome(key, value);
        if (o.status === "old") problems.push(fmt(T.old_format, { label: label(key) })); else steps.push({ key, status: o.status, incoming: value });
      }
      if (foreign) problems.unshift(fmt(T.bad_key, { n: foreign }));
      const changes = steps.filter((s) => s.status !== "unchanged");
      const cancel = button(T.cancel, () => { fill(plan); fill(say, h("p", {}, T.cancelled)); restoreBtn.focus(); }, "portal-progress__cancel");
      const confirmBtn = button(T.confirm, () => {
        // Read, merge, write at the moment of confirming: what another tab stored since is kept.
        let n = 0;
        for (const s of changes) {
          const o = outcome(s.key, s.incoming);
          if (o.status === "new" || o.status === "merged") { S.setRaw(s.key, JSON.stringify(o.value)); n++; }
        }
        fill(plan);
        fill(say, h("p", {}, fmt(T.done, { n })));
        paint();
        restoreBtn.focus();
      }, "md-button--primary portal-progress__confirm");
      fill(plan,
        problems.length ? h("ul", { class: "portal-progress__problems" }, problems.map((p) => h("li", {}, p))) : null,
        steps.length ? [h("p", {}, T.preview), h("ul", {}, steps.map((s) =>
          h("li", { "data-status": s.status, "data-key": s.key }, h("strong", {}, T[`status_${s.status}`]), " ", label(s.key))))] : null,
        changes.length ? h("p", { class: "portal-progress__actions" }, confirmBtn, cancel) : null);
      fill(say, changes.length ? null : h("p", {}, T.nothing));
      (changes.length ? confirmBtn : restoreBtn).focus();
    };
    const input = h("input", { type: "file", accept: ".json,application/json", class: "portal-progress__restore-file", tabindex: "-1", "aria-hidden": "true" });
    input.addEventListener("change", () => {
      const f = input.files && input.files[0];
      input.value = "";
      if (!f) return;
      if (f.size > S.LIMITS.importBytes) { refuse(fmt(T.too_big, { max: Math.round(S.LIMITS.importBytes / 1048576) })); return; }
      f.text().then(examine, () => refuse(T.not_json));
    });
    const restoreBtn = button(T.restore, () => input.click(), "portal-progress__restore");

    const actions = h("p", { class: "portal-progress__actions" }, button(T.backup, backup, "portal-progress__backup"), restoreBtn,
      button(T.export_results, exportResults, "portal-progress__results"), input);
    const built = root.querySelector(".portal-progress__actions");
    if (built) {
      built.replaceWith(actions);
      root.querySelector(".portal-progress__nojs")?.replaceWith(say, plan, privacyBar(root));
    } else {
      root.append(view, h("h2", {}, T.backup_title), h("p", {}, T.backup_help), actions, say, plan, privacyBar(root));
    }
    paint();
    // Another tab answered or checked something: count again.
    const onStorage = (e) => {
      if (!root.isConnected) { window.removeEventListener("storage", onStorage); return; }
      if (e.key == null || e.key.startsWith(prefix)) paint();
    };
    window.addEventListener("storage", onStorage);
  }

  (pk.blocks = pk.blocks || {}).progress = { selector: "[data-progress]", needs: ["store"], init: initProgress };
  if (pk.start) pk.start();
})();
