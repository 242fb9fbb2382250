/* Quiz block (/// quiz): practice and exam, draw and shuffle, answers kept per question.
 *
 * The record `<store>:quiz:<bank>` is {v:2, round, answers, submitted, attempts}:
 * round {id, seed, order, t} is the current set of drawn questions (a register: the later round
 * wins), answers {questionId: {a, t, r, k}} each carry their own time and round (k: whether the
 * answer is right, for the progress page, which judges nothing itself), submitted {r, t}
 * marks a round as handed in, attempts is a list merged as a union by id, an attempt's id being its
 * round's (two tabs handing in one round at the end of its time count it once). Answers refer to option or
 * item text, never to a position, so reordering options in the YAML keeps them.
 * A timed exam (data.timeLimit, minutes) keeps starts {roundId: ms}: when the round's clock
 * started. It is set once, inside `update` and only when absent, and a plain number merges as
 * the stored (first written) side (see store.js), so a second tab or a reload never moves it:
 * the first tab's start stands. A new round has a new id, hence a new clock.
 * An exam handed in (data.handIn) asks who takes it before it starts (`<store>:learner`, see
 * learnerSchema) and keeps with each attempt its result (attempt.result, format
 * "portal-exam-result" version 1, documented in docs/reference: the learner, every answer with its
 * question's fingerprint, the times and the score), which 导出成绩 downloads for `scores`. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.quiz) return;

  // Interface text: the block's `t.quiz` (the site's message catalog), set when a quiz starts.
  // One site, one language: every quiz on a page has the same strings.
  let T = {};
  const typeLabel = (type) => T[type === "multiple" ? "type_multiple_all" : `type_${type}`];

  // ---------------------------------------------------------------- pure helpers
  const rng = (seed) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const shuffled = (list, random) => {
    const a = list.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  // FNV-1a, 32 bits.
  const hashOf = (text) => {
    let x = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193);
    return x | 0;
  };
  const newSeed = () => (Math.random() * 2 ** 31) | 0;
  const newId = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

  const CN = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const cnNumber = (s) => {
    // 十 → 10, 十二 → 12, 二十四 → 24, 一百 → 100
    let total = 0, digit = 0;
    for (const ch of s) {
      if (ch in CN) digit = CN[ch];
      else {
        total += (digit || 1) * (ch === "十" ? 10 : ch === "百" ? 100 : 1000);
        digit = 0;
      }
    }
    return String(total + digit);
  };
  const normalize = (text) => String(text || "").normalize("NFKC").toLowerCase()
    .replace(/[\s\u3000]+/g, "").replace(/[。．.，,、；;！!]+$/u, "")
    .replace(/[零〇一二两三四五六七八九十百千]+/gu, cnNumber);

  const answered = (q, a) => {
    if (a == null) return false;
    if (q.type === "multiple" || q.type === "order") return a.length > 0;
    if (q.type === "match") return a.some(Boolean);
    if (q.type === "blank") return normalize(a) !== "";
    return true;
  };
  const isRight = (q, a) => {
    if (!answered(q, a)) return false;
    switch (q.type) {
      case "single": return a === q.answer[0];
      case "multiple": return a.length === q.answer.length && q.answer.every((x) => a.includes(x));
      case "truefalse": return a === q.answer;
      case "blank": return q.answer.some((x) => normalize(x) === normalize(a));
      case "order": return a.join("\u0000") === q.items.join("\u0000");
      case "match": return q.pairs.every((p, i) => a[i] === p[1]);
    }
    return false;
  };
  // The score of a set of answers: earned ÷ total points × 100, half up, in integers; the same
  // function as portalkit/scoring.py (tests/scoring_vectors.yml holds the two equal).
  // marks: [[points, right], …].
  const scoreOf = (marks) => {
    let earned = 0, total = 0;
    for (const [points, right] of marks) { total += points; if (right) earned += points; }
    return { score: total > 0 ? Math.floor((200 * earned + total) / (2 * total)) : 0, earned, total };
  };
  // The text a reader sees for an item written in Markdown (`**粗体**` reads as 粗体): taken from
  // the sanitized HTML the build made, parsed inertly in a <template>.
  const plain = (html, fallback) => {
    if (!html) return fallback;
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content.textContent;
  };
  const itemText = (q, item) => plain((q.itemsHtml || [])[q.items.indexOf(item)], item);
  const leftText = (q, i) => plain(q.pairsHtml && q.pairsHtml[i] && q.pairsHtml[i][0], q.pairs[i][0]);
  const rightText = (q, right) => {
    const i = q.pairs.findIndex((p) => p[1] === right);
    return i < 0 ? right : plain(q.pairsHtml && q.pairsHtml[i] && q.pairsHtml[i][1], right);
  };
  const answerText = (q) => {
    switch (q.type) {
      case "truefalse": return q.answer ? T.true : T.false;
      case "blank": return q.answer.join(" / ");
      case "order": return q.items.map((x) => itemText(q, x)).join(" → ");
      case "match": return q.pairs.map((p, i) => `${leftText(q, i)} — ${rightText(q, p[1])}`).join(T.pair_sep);
    }
    return q.answer.map((x) => plain((q.options.find((o) => o[0] === x) || [])[1], x)).join(T.list_sep);
  };
  const givenText = (q, a) => {
    if (!answered(q, a)) return T.none;
    if (q.type === "truefalse") return a ? T.true : T.false;
    if (q.type === "match") return q.pairs.map((p, i) => `${leftText(q, i)} — ${a[i] ? rightText(q, a[i]) : T.unmatched}`).join(T.pair_sep);
    if (q.type === "order") return a.map((x) => itemText(q, x)).join(" → ");
    if (q.type === "single" || q.type === "multiple") {
      return [].concat(a).map((x) => plain((q.options.find((o) => o[0] === x) || [])[1], x)).join(T.list_sep);
    }
    return a;
  };

  // ---------------------------------------------------------------- stored records
  // The shape an answer must have for its question type (unknown questions: any of them).
  const validAnswer = (type, a) => {
    if (a === null) return true; // a question left (or made) blank
    const S = pk.store, strs = (x) => Array.isArray(x) && x.length <= 200 && x.every((s) => S.text(s, S.LIMITS.answer) != null);
    switch (type) {
      case "single": case "blank": return S.text(a, S.LIMITS.answer) != null;
      case "truefalse": return typeof a === "boolean";
      case "multiple": case "order": case "match": return strs(a);
    }
    return S.text(a, S.LIMITS.answer) != null || typeof a === "boolean" || strs(a);
  };
  // A kept result: its shape is checked where it is read back (progress.js exports it, `scores`
  // re-marks it); here only that it is one and bounded.
  const validResult = (r) => pk.store.isObj(r) && r.format === RESULT_FORMAT && r.version === 1
    && Array.isArray(r.questions) && r.questions.length <= 5000 && JSON.stringify(r).length <= pk.store.LIMITS.resultChars;
  const validAttempt = (x) => pk.store.isObj(x) && typeof x.at === "string" && x.at.length <= 40
    && [x.score, x.correct, x.total].every((n) => Number.isFinite(n) && n >= 0) && typeof x.passed === "boolean";

  const quizSchema = (typeOf) => {
    const S = pk.store;
    const empty = () => ({ v: 2, round: null, answers: S.dict(), submitted: null, attempts: [], starts: S.dict() });
    const validRound = (r) => S.isObj(r) && typeof r.id === "string" && r.id.length <= 64 && Number.isFinite(r.seed) && S.isTime(r.t)
      && Array.isArray(r.order) && r.order.length <= 5000 && r.order.every((id) => typeof id === "string" && id.length <= 200)
      && (r.retry == null || typeof r.retry === "boolean");
    // Only the known fields are kept: whatever else a record carries is dropped, not stored again.
    const round = (r) => ({ id: r.id, seed: r.seed, order: r.order.slice(), t: r.t, ...(r.retry ? { retry: true } : {}) });
    const attempt = (x) => ({ id: x.id, t: x.t, at: x.at, score: x.score, correct: x.correct, total: x.total, passed: x.passed,
      ...(validResult(x.result) ? { result: x.result } : {}) });
    return {
      empty,
      clean(raw) {
        const out = empty();
        let bad = 0;
        if (!S.isObj(raw) || (raw.v !== 1 && raw.v !== 2)) return [out, 1];
        if (raw.v === 1) { // the format saved before answers had times: migrate, drop nothing
          const round = { id: `r${raw.seed}`, seed: raw.seed, order: raw.order, t: 1 };
          if (validRound(round)) out.round = round; else bad++;
          for (const [id, a] of S.entries(raw.answers)) {
            if (a == null) continue;
            if (validAnswer(typeOf(id), a)) out.answers[id] = { a, t: 1, r: round.id }; else bad++;
          }
          if (raw.submitted === true && out.round) out.submitted = { r: round.id, t: 1 };
          const attempts = raw.attempts == null ? [] : Array.isArray(raw.attempts) ? raw.attempts : (bad++, []);
          attempts.forEach((x, i) => { if (validAttempt(x)) out.attempts.push({ ...x, id: `v1-${i}-${x.at}`, t: i + 1 }); else bad++; });
          return [out, bad];
        }
        if (raw.round != null) { if (validRound(raw.round)) out.round = round(raw.round); else bad++; }
        for (const [id, x] of S.entries(raw.answers)) {
          if (id.length <= 200 && S.isObj(x) && S.isTime(x.t) && typeof x.r === "string" && validAnswer(typeOf(id), x.a)) {
            out.answers[id] = { a: x.a, t: x.t, r: x.r, ...(typeof x.k === "boolean" ? { k: x.k } : {}) };
          }
          else bad++;
        }
        if (!S.isObj(raw.answers) && raw.answers != null) bad++;
        if (raw.submitted != null) {
          if (S.isObj(raw.submitted) && typeof raw.submitted.r === "string" && S.isTime(raw.submitted.t)) out.submitted = { r: raw.submitted.r, t: raw.submitted.t };
          else bad++;
        }
        if (raw.starts != null && !S.isObj(raw.starts)) bad++;
        for (const [id, at] of S.entries(raw.starts)) { if (id.length <= 64 && S.isTime(at)) out.starts[id] = at; else bad++; }
        if (raw.attempts != null && !Array.isArray(raw.attempts)) bad++;
        for (const x of Array.isArray(raw.attempts) ? raw.attempts : []) {
          if (validAttempt(x) && typeof x.id === "string" && x.id.length <= 100 && S.isTime(x.t)) out.attempts.push(attempt(x)); else bad++;
        }
        out.attempts = out.attempts.slice(-S.LIMITS.attempts);
        return [out, bad];
      },
      // Answers of an abandoned round no longer matter.
      tidy(value) {
        const round = value.round && value.round.id;
        for (const [id, x] of Object.entries(value.answers)) if (x.r !== round) delete value.answers[id];
        if (value.submitted && value.submitted.r !== round) value.submitted = null;
        if (!value.starts) value.starts = pk.store.dict();
        for (const id of Object.keys(value.starts)) if (id !== round) delete value.starts[id];
        return value;
      },
    };
  };

  // Mistakes across all banks: {v:2, items: {"bank/id": {bank, id, at, t, on}}}; `on: false`
  // once answered right (a register, so the later answer wins in every tab).
  const mistakesSchema = () => {
    const S = pk.store;
    const empty = () => ({ v: 2, items: S.dict() });
    const valid = (x) => S.isObj(x) && S.text(x.bank, 200) != null && S.text(x.id, 200) != null && typeof x.at === "string" && x.at.length <= 40;
    return {
      empty,
      clean(raw) {
        const out = empty();
        let bad = 0;
        if (!S.isObj(raw) || (raw.v !== 1 && raw.v !== 2) || !S.isObj(raw.items)) return [out, 1];
        for (const [key, x] of S.entries(raw.items)) {
          if (raw.v === 1 && valid(x)) out.items[key] = { bank: x.bank, id: x.id, at: x.at, t: 1, on: true };
          else if (raw.v === 2 && valid(x) && S.isTime(x.t) && typeof x.on === "boolean") out.items[key] = x;
          else bad++;
        }
        return [out, bad];
      },
    };
  };
  // Who takes a handed-in exam on this computer: {v:1, name, org (registers), orgs {name: {t}}}.
  const learnerSchema = () => {
    const S = pk.store, L = S.LIMITS;
    const empty = () => ({ v: 1, name: { v: "", t: 0 }, org: { v: "", t: 0 }, orgs: S.dict() });
    const reg = (x, max) => S.isObj(x) && S.isTime(x.t) && S.text(x.v, max) != null;
    return {
      empty,
      clean(raw) {
        const out = empty();
        let bad = 0;
        if (!S.isObj(raw) || raw.v !== 1) return [out, 1];
        for (const [key, max] of [["name", L.name], ["org", L.org]]) {
          if (reg(raw[key], max)) out[key] = { v: raw[key].v, t: raw[key].t }; else if (raw[key] != null) bad++;
        }
        for (const [org, x] of S.entries(raw.orgs).slice(0, 200)) {
          if (org.length <= L.org && S.isObj(x) && S.isTime(x.t)) out.orgs[org] = { t: x.t }; else bad++;
        }
        return [out, bad];
      },
    };
  };
  const RESULT_FORMAT = "portal-exam-result";
  const mistakes = (store) => pk.store.open(`${store}:mistakes`, mistakesSchema());
  const recordMistake = (store, q, right) => mistakes(store).update((v) => {
    v.items[`${q.bank}/${q.id}`] = { bank: q.bank, id: q.id, at: pk.ui.today(), t: pk.store.now(), on: !right };
  });

  // ---------------------------------------------------------------- one question
  // Builds the form controls of a question; `get()` returns the current answer (null: none).
  function questionView(q, n, total, saved, random, shuffle, onChange) {
    const { h, fill, button, live, fmt } = pk.ui;
    const name = `pq-${Math.random().toString(36).slice(2)}`;
    const fs = h("fieldset", {},
      h("legend", {}, h("span", { class: "portal-question__type" }, `${typeLabel(q.type)} · ${fmt(T.position, { i: n, n: total })}`), " ",
        h("span", { html: q.prompt })));
    let get;
    if (q.type === "single" || q.type === "multiple" || q.type === "truefalse") {
      const opts = q.type === "truefalse" ? [[true, T.true, ""], [false, T.false, ""]]
        : shuffle ? shuffled(q.options, random) : q.options;
      const type = q.type === "multiple" ? "checkbox" : "radio";
      const inputs = opts.map(([value, label]) => {
        const input = h("input", { type, name, onchange: onChange });
        input._value = value;
        if (q.type === "multiple" ? (saved || []).includes(value) : saved === value) input.checked = true;
        return h("label", {}, input, " ", h("span", { html: label }));
      });
      fs.append(h("div", { class: "portal-choices" }, inputs));
      get = () => {
        const on = inputs.map((l) => l.firstChild).filter((i) => i.checked).map((i) => i._value);
        return q.type === "multiple" ? on : on.length ? on[0] : null;
      };
    } else if (q.type === "blank") {
      const input = h("input", { type: "text", autocomplete: "off", maxlength: pk.store.LIMITS.answer, oninput: onChange });
      input.value = saved || "";
      fs.append(h("label", { class: "portal-blank" }, T.blank_label, " ", input));
      get = () => input.value;
    } else if (q.type === "order") {
      // The shuffled starting order is not an answer: the reader moves an item or confirms.
      const htmlOf = new Map(q.items.map((x, i) => [x, (q.itemsHtml || [])[i]]));
      let touched = Array.isArray(saved) && saved.length === q.items.length && q.items.every((x) => saved.includes(x));
      let order = touched ? saved.slice() : shuffled(q.items, random);
      if (!touched && order.join() === q.items.join() && order.length > 1) order.reverse();
      const list = h("ol", { class: "portal-order" });
      const state = h("p", { class: "portal-order__state" });
      const confirmBtn = button(T.confirm_order, () => {
        touched = true;
        drawState();
        onChange();
        list.querySelector("button:not([disabled])").focus(); // the button goes away: keep the reader's place
      }, "portal-order__confirm");
      const drawState = () => { state.textContent = touched ? T.order_set : T.order_open; confirmBtn.hidden = touched; };
      const draw = (focus) => {
        fill(list, ...order.map((item, i) => h("li", {},
          htmlOf.get(item) ? h("span", { html: htmlOf.get(item) }) : h("span", {}, item),
          button("↑", () => move(i, -1), "portal-order__up", { "aria-label": fmt(T.move_up, { item }), disabled: i === 0 }),
          button("↓", () => move(i, 1), "portal-order__down", { "aria-label": fmt(T.move_down, { item }), disabled: i === order.length - 1 }))));
        if (focus) {
          const li = list.children[focus[0]];
          const btn = li.querySelector(focus[1] < 0 ? ".portal-order__up" : ".portal-order__down");
          (btn && !btn.disabled ? btn : li.querySelector("button:not([disabled])")).focus();
        }
      };
      const move = (i, d) => {
        [order[i], order[i + d]] = [order[i + d], order[i]];
        touched = true;
        draw([i + d, d]);
        drawState();
        onChange();
      };
      draw();
      drawState();
      fs.append(list, state, confirmBtn);
      get = () => (touched ? order.slice() : null);
    } else if (q.type === "match") {
      const rights = shuffled(q.pairs.map((p) => p[1]), random);
      const selects = q.pairs.map(([left], i) => {
        const sel = h("select", { onchange: onChange }, h("option", { value: "" }, T.pick),
          rights.map((r) => h("option", { value: r }, rightText(q, r))));
        sel.value = (saved && saved[i]) || "";
        const leftHtml = q.pairsHtml && q.pairsHtml[i] && q.pairsHtml[i][0];
        return h("label", {}, leftHtml ? h("span", { html: leftHtml }) : h("span", {}, left), sel);
      });
      fs.append(h("div", { class: "portal-match" }, selects));
      get = () => selects.map((l) => l.querySelector("select").value);
    }
    const result = live();
    fs.append(result);
    return { el: fs, get, result };
  }

  function showResult(view, q, a, withAnswer) {
    const { h, fill } = pk.ui;
    const right = isRight(q, a);
    // The feedback of every option the reader chose (a multiple-choice answer is a list of them).
    const chosen = q.options && answered(q, a) ? [].concat(a) : [];
    const feedback = right ? [] : (q.options || []).filter((o) => o[2] && chosen.includes(o[0]));
    view.el.parentElement.dataset.result = right ? "right" : "wrong";
    fill(view.result,
      h("p", { class: "portal-verdict" }, right ? T.right : T.wrong),
      feedback.map((o) => h("p", { class: "portal-feedback", html: o[2] })),
      withAnswer ? h("p", {}, h("strong", {}, T.yours), givenText(q, a)) : null,
      right ? null : h("p", {}, h("strong", {}, T.answer), answerText(q)),
      h("div", { class: "portal-explain", html: q.explain }),
      h("p", {}, h("a", { href: q.see }, T.source)));
    return right;
  }

  // ---------------------------------------------------------------- quiz
  function initQuiz(root, dataOverride) {
    const { h, fill, button, live, storageWarning, recordProblem, privacyBar, today, dataOf, fmt } = pk.ui;
    const S = pk.store;
    const data = dataOverride || dataOf(root);
    T = (data.t && data.t.quiz) || T;
    const store = root.dataset.store;
    const byId = new Map(data.questions.map((q) => [`${q.bank}/${q.id}`, q]));
    const exam = data.mode === "exam";
    const handIn = exam && data.handIn === true;
    const learner = handIn ? S.open(`${store}:learner`, learnerSchema()) : null;
    const who = () => (learner && learner.value.name.v && learner.value.org.v
      ? { name: learner.value.name.v, org: learner.value.org.v } : null);
    const record = S.open(`${store}:quiz:${data.bank}`, quizSchema((id) => byId.has(id) && byId.get(id).type));

    const newRound = (ids) => {
      const seed = newSeed();
      let pool = ids || [...byId.keys()];
      if (!ids && data.draw) pool = shuffled(pool, rng(seed)).slice(0, data.draw);
      else if (data.shuffle) pool = shuffled(pool, rng(seed));
      return { id: newId(), seed, order: pool, t: S.now() };
    };
    // The YAML may have changed since: drop questions that are gone, top a draw up again.
    // A round with nothing left starts afresh. Saved at once: a reload keeps the draw.
    const sameSet = (order) => order.length === byId.size && order.every((id) => byId.has(id));
    const settle = (value) => {
      const round = value.round;
      if (!round || (data.fixed && !sameSet(round.order))) { value.round = newRound(); return; }
      const order = round.order.filter((id) => byId.has(id));
      const submitted = value.submitted && value.submitted.r === round.id;
      if (data.draw && order.length < data.draw && !submitted && !round.retry) {
        const unused = shuffled([...byId.keys()].filter((id) => !order.includes(id)), rng(round.seed));
        order.push(...unused.slice(0, data.draw - order.length));
      }
      if (!order.length) value.round = newRound();
      else if (order.length !== round.order.length || order.some((id, i) => id !== round.order[i])) {
        value.round = { ...round, order, t: S.now() };
      }
    };
    const needsSettling = (v) => !v.round || v.round.order.length === 0 || (data.fixed && !sameSet(v.round.order)) || v.round.order.some((id) => !byId.has(id))
      || (data.draw && v.round.order.length < data.draw && !v.round.retry && !(v.submitted && v.submitted.r === v.round.id));
    if (needsSettling(record.value)) record.update(settle, root);

    const answerOf = (id) => { const x = record.value.answers[id], round = record.value.round; return x && round && x.r === round.id ? x.a : undefined; };
    const isSubmitted = () => { const v = record.value; return !!(v.submitted && v.round && v.submitted.r === v.round.id); };
    const setAnswer = (id, a) => record.update((v) => {
      v.answers[id] = { a, t: S.now(), r: v.round.id, k: isRight(byId.get(id), a) };
    }, root);

    // ---- the clock of a timed exam: counts from the round's saved start (see `starts` above)
    const limitMs = exam && data.timeLimit > 0 ? data.timeLimit * 60000 : 0;
    // role=timer is not announced as it changes; the alarm region speaks at 5 and 1 minutes left.
    const timer = limitMs ? h("p", { class: "portal-timer", role: "timer", "aria-live": "off", hidden: true }) : null;
    const alarm = limitMs ? live() : null;
    if (alarm) alarm.classList.add("portal-timer__alarm");
    let lastLeft = null, ticking = null;
    const startOf = () => { const v = record.value; return v.round && v.starts ? v.starts[v.round.id] : undefined; };
    const ensureStart = () => {
      if ((limitMs || handIn) && !isSubmitted() && !startOf()) record.update((v) => { if (!S.own(v.starts, v.round.id)) v.starts[v.round.id] = Date.now(); }, root);
    };
    const clockText = (ms) => { const s = Math.ceil(ms / 1000); return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`; };
    const tick = () => {
      if (!root.isConnected) { clearInterval(ticking); return; }
      if (handIn && !who() && !isSubmitted()) return; // the clock starts with the exam, after the form
      if (isSubmitted() || !startOf()) { timer.hidden = true; lastLeft = null; return; }
      const left = Math.max(0, startOf() + limitMs - Date.now());
      timer.hidden = false;
      timer.textContent = fmt(T.time_left, { time: clockText(left) });
      for (const [mark, message] of [[5, fmt(T.time_warn, { n: 5 })], [1, T.time_warn_one]]) {
        if (lastLeft != null && lastLeft > mark * 60000 && left <= mark * 60000 && left > 0) alarm.textContent = message;
      }
      lastLeft = left;
      if (left <= 0) {
        timer.hidden = true;
        submit(true);
        alarm.textContent = T.time_up;
      }
    };

    const form = h("form", { class: "portal-quiz__form", onsubmit: (e) => e.preventDefault() });
    const summary = live();
    summary.classList.add("portal-quiz__summary");
    const views = new Map();

    // ---- who takes a handed-in exam: asked before it starts, remembered, "不是我" clears it
    const identity = () => {
      const L = S.LIMITS, listId = `pq-orgs-${Math.random().toString(36).slice(2)}`;
      const nameIn = h("input", { type: "text", autocomplete: "name", maxlength: L.name, class: "portal-quiz__name" });
      const orgIn = h("input", { type: "text", list: listId, autocomplete: "off", maxlength: L.org, class: "portal-quiz__org" });
      nameIn.value = learner.value.name.v;
      orgIn.value = learner.value.org.v;
      const say = live();
      const go = () => {
        const name = pk.ui.cleanText(nameIn.value).replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, "").trim().slice(0, L.name);
        const org = pk.ui.normalizeOrg(orgIn.value).slice(0, L.org).trim();
        if (!name) { fill(say, h("p", { class: "portal-warning" }, T.need_name)); nameIn.focus(); return; }
        if (!org) { fill(say, h("p", { class: "portal-warning" }, T.need_org)); orgIn.focus(); return; }
        const t = S.now();
        learner.update((v) => { v.name = { v: name, t }; v.org = { v: org, t }; v.orgs[org] = { t }; }, root);
        render();
        focusFirst();
      };
      const enter = (e) => { if (e.key === "Enter") { e.preventDefault(); go(); } };
      nameIn.addEventListener("keydown", enter);
      orgIn.addEventListener("keydown", enter);
      return h("div", { class: "portal-quiz__who" },
        h("p", {}, T.who_intro),
        h("p", {}, h("label", {}, T.name, " ", nameIn)),
        h("p", {}, h("label", {}, T.org, " ", orgIn),
          h("datalist", { id: listId }, Object.keys(learner.value.orgs).sort().map((o) => h("option", { value: o })))),
        button(T.start, go, "md-button--primary portal-quiz__start"), say);
    };
    const notMe = () => {
      const t = S.now();
      learner.update((v) => { v.name = { v: "", t }; v.org = { v: "", t }; }, root);
      // whoever comes next starts afresh: the last person's answers are not theirs
      if (!isSubmitted()) record.update((v) => { v.round = newRound(); v.submitted = null; }, root);
      render();
      const first = form.querySelector("input");
      if (first) first.focus();
    };
    const whoLine = () => {
      const w = who();
      return w ? h("p", { class: "portal-quiz__learner" }, fmt(T.learner, w), " ", button(T.not_me, notMe, "portal-quiz__not-me")) : null;
    };

    const render = () => {
      views.clear();
      if (handIn && !isSubmitted() && !who()) { fill(form, identity()); if (timer) timer.hidden = true; return; }
      const round = record.value.round;
      const list = h("ol", { class: "portal-quiz__list" });
      round.order.forEach((id, i) => {
        const q = byId.get(id);
        if (!q) return;
        const li = h("li", { class: "portal-question", "data-question": q.id, "data-bank": q.bank, "data-type": q.type });
        // Each question draws from its own stream (the round's seed and its id): how another
        // question was answered (an ordered list draws nothing) never moves this one's options.
        const view = questionView(q, i + 1, round.order.length, answerOf(id), rng(round.seed ^ hashOf(id)), data.shuffle, () => {
          setAnswer(id, view.get());
          storageWarning(root);
        });
        views.set(id, view);
        li.append(view.el);
        if (q.hint) li.append(h("details", { class: "portal-hint" }, h("summary", {}, T.hint), h("div", { html: q.hint })));
        if (!exam) {
          li.append(button(T.check, () => {
            const a = view.get();
            if (!answered(q, a)) { // nothing to check yet: no verdict, no mistake
              fill(view.result, h("p", { class: "portal-warning" }, T.answer_first));
              return;
            }
            setAnswer(id, a);
            const right = showResult(view, q, a, false);
            recordMistake(store, q, right);
            storageWarning(root);
            if (root.dataset.mistakes != null && right) li.dataset.cleared = "";
          }, "portal-check"));
        }
        list.append(li);
      });
      const controls = h("div", { class: "portal-quiz__controls" });
      if (exam) controls.append(button(T.submit, submit, "md-button--primary portal-submit"));
      controls.append(button(T.restart, () => {
        const some = Object.values(record.value.answers).some((x) => x.a != null && x.a !== "" && !(Array.isArray(x.a) && !x.a.length));
        if (some && !isSubmitted() && !confirm(T.restart_confirm)) return;
        record.update((v) => { v.round = newRound(); v.submitted = null; }, root);
        render();
      }, "portal-restart"));
      fill(form, handIn ? whoLine() : null, timer, alarm, list, controls, summary, history());
      if (exam && isSubmitted()) review(false);
      else if (limitMs) { ensureStart(); if (alarm.textContent === T.time_up) alarm.textContent = ""; tick(); }
      else if (handIn) ensureStart();
    };

    let warned = false;
    // `force === true` at the end of the time: no second click, unanswered questions count as wrong.
    const submit = (force) => {
      if (isSubmitted()) { render(); return; } // another tab handed this round in
      const missing = record.value.round.order.filter((id) => views.has(id) && !answered(byId.get(id), views.get(id).get()));
      if (force !== true && missing.length && !warned) {
        warned = true;
        fill(summary, h("p", { class: "portal-warning" }, fmt(T.unanswered, { n: missing.length, submit: T.submit })));
        const first = views.get(missing[0]).el.querySelector("input, select, button");
        if (first) first.focus();
        return;
      }
      warned = false;
      let mine = false;
      record.update((v) => {
        if (v.submitted && v.round && v.submitted.r === v.round.id) return;
        mine = true;
        const t = S.now();
        for (const [id, view] of views) { const a = view.get(); v.answers[id] = { a, t, r: v.round.id, k: isRight(byId.get(id), a) }; }
        v.submitted = { r: v.round.id, t };
      }, root);
      review(mine, force === true);
    };

    // The result a handed-in exam exports: what `scores` re-marks (portalkit/scores/results.py).
    const resultOf = (score, earned, totalPoints, byClock) => {
      const v = record.value, round = v.round, w = who() || { name: "", org: "" };
      const started = startOf();
      return {
        format: RESULT_FORMAT, version: 1, site: store, bank: data.bank, title: data.title,
        learner: { name: w.name, org: w.org }, attempt: round.id,
        questions: round.order.filter((id) => byId.has(id)).map((id) => {
          const q = byId.get(id), a = answerOf(id);
          return { bank: q.bank, id: q.id, fp: q.fp || "", answer: a === undefined ? null : a };
        }),
        started: started ? new Date(started).toISOString() : null,
        handedIn: new Date(v.submitted ? v.submitted.t : Date.now()).toISOString(),
        timeLimit: data.timeLimit || null, byClock, score, earned, total: totalPoints, passMark: data.passMark,
      };
    };
    const exportResult = (result) => pk.ui.download(
      pk.ui.safeName(fmt(T.result_file, { title: result.title, name: result.learner.name, date: result.handedIn.slice(0, 10) })),
      "application/json", JSON.stringify(result, null, 1));

    const review = (isNew, byClock = false) => {
      let correct = 0;
      const wrong = [], marks = [];
      for (const [id, view] of views) {
        const q = byId.get(id);
        const right = showResult(view, q, answerOf(id), true);
        view.el.disabled = true;
        marks.push([q.points || 1, right]);
        if (right) correct++; else wrong.push(id);
        if (isNew) recordMistake(store, q, right);
      }
      const total = views.size;
      const { score, earned, total: totalPoints } = scoreOf(marks);
      const passed = score >= data.passMark;
      if (isNew) {
        const t = S.now();
        const result = handIn ? resultOf(score, earned, totalPoints, byClock) : null;
        record.update((v) => {
          v.attempts.push({ id: v.round.id, t, at: today(), score, correct, total, passed, ...(result ? { result } : {}) });
          // answers are kept with the last attempts only (storage is small)
          const kept = v.attempts.filter((x) => x.result);
          for (const x of kept.slice(0, Math.max(0, kept.length - S.LIMITS.keptResults))) delete x.result;
        }, root);
        storageWarning(root);
        document.dispatchEvent(new CustomEvent("portal:quiz-submitted", {
          detail: { bank: data.bank, score, correct, total, passed, passMark: data.passMark,
            wrong: wrong.map((id) => byId.get(id).id) },
        }));
      }
      const submitBtn = form.querySelector(".portal-submit");
      if (submitBtn) submitBtn.disabled = true;
      fill(summary,
        h("p", { class: `portal-score portal-score--${passed ? "pass" : "fail"}`, tabindex: "-1" },
          fmt(T.result, { score, correct, total, verdict: passed ? T.pass : T.fail, mark: data.passMark })),
        handIn ? (() => {
          const mine = record.value.attempts.find((x) => x.id === record.value.round.id && x.result);
          return mine ? button(T.export_result, () => exportResult(mine.result), "md-button--primary portal-export-result") : null;
        })() : null,
        wrong.length ? button(T.retry_wrong, () => {
          record.update((v) => { v.round = { ...newRound(wrong), retry: true }; v.submitted = null; }, root);
          render();
          focusFirst();
        }, "portal-retry") : null);
      form.querySelector(".portal-quiz__history").replaceWith(history());
      if (isNew) summary.querySelector(".portal-score").focus();
    };
    const focusFirst = () => { const el = form.querySelector("input, select, .portal-order button"); if (el) el.focus(); };
    const history = () => {
      const attempts = record.value.attempts;
      return h("div", { class: "portal-quiz__history" },
        exam && attempts.length ? [h("p", {}, h("strong", {}, T.attempts)),
          h("ul", {}, attempts.slice().reverse().slice(0, 5).map((a) =>
            h("li", {}, fmt(T.attempt, { date: a.at, score: a.score, correct: a.correct, total: a.total, verdict: a.passed ? T.pass : T.fail }))))] : null);
    };

    // Another tab answered, restarted or submitted: show its state (this tab's own changes
    // were written as they happened, so nothing of this tab is lost).
    record.listen(root, () => {
      if (needsSettling(record.value)) record.update(settle, root);
      render();
    });
    if (learner) learner.listen(root, render);

    root.querySelector(".portal-quiz__list")?.remove();
    root.append(form);
    recordProblem(root, record);
    if (!root.querySelector(".portal-privacy")) root.append(privacyBar(root));
    render();
    if (limitMs) ticking = setInterval(tick, 1000);
    storageWarning(root);
  }

  pk.quiz = { initQuiz, normalize, isRight, score: scoreOf, mistakes, schema: quizSchema, mistakesSchema, RESULT_FORMAT };
  pk.normalize = normalize;
  pk.isRight = isRight;
  (pk.blocks = pk.blocks || {}).quiz = { selector: "[data-quiz]", needs: ["store"], init: (root) => initQuiz(root) };
  if (pk.start) pk.start();
})();
