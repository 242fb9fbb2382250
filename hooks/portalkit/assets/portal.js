/* Portal runtime: quizzes, the mistakes page and checklists. Plain JavaScript, no framework.
 * Starts on Material's document$ (instant navigation) and is idempotent: a root that is
 * already running is left alone. All state lives in localStorage, keyed by ids, versioned. */
(() => {
  "use strict";

  // All UI strings, in one table.
  const T = {
    check: "检查答案", right: "回答正确", wrong: "回答错误", answer: "正确答案：",
    see: "查看依据", hint: "提示", submit: "交卷", retryWrong: "只重做错题",
    restart: "重新开始", restartConfirm: "重新开始会清空本次已填的答案，确定吗？", unanswered: (n) => `还有 ${n} 题没有作答。再点一次“交卷”确认交卷。`,
    score: (s, c, t) => `得分 ${s} 分（答对 ${c} / ${t} 题）`, pass: "及格", fail: "不及格",
    passMark: (m) => `及格线 ${m} 分`, yours: "你的答案：", none: "（未作答）",
    up: "上移", down: "下移", pick: "请选择", blankLabel: "填写答案",
    attempts: "历次成绩", clear: "清除本机数据",
    clearConfirm: "确定清除本站在这台电脑上保存的全部数据（答题进度、成绩、错题和核查记录）吗？此操作不能撤销。",
    cleared: "已清除本机数据。",
    noStorage: "无法保存到本机浏览器（存储已被禁用或已满）。本页仍可使用，但内容只保存在内存中，关闭页面就会丢失：请及时导出。",
    corrupt: "本机保存的数据已损坏，无法读取。已另存一份副本，并重新开始。",
    privacy: "答题记录和核查记录只保存在这台电脑的浏览器里，不会上传。",
    mistakesEmpty: "错题本是空的：练习和考试中答错的题会记在这里，答对后自动移出。",
    mistakesCount: (n) => `共 ${n} 道错题。答对后会从错题本中移出。`,
    tf: ["正确", "错误"], q: (i, n) => `第 ${i} 题，共 ${n} 题`,
    types: { single: "单选题", multiple: "多选题（选出全部正确项）", truefalse: "判断题", blank: "填空题", order: "排序题", match: "连线题" },
    // checklists
    states: { unchecked: "未查", ok: "符合", issue: "不符合", na: "不适用" },
    newRun: "新建核查", rename: "重命名", del: "删除", runName: (s) => `${s}名称`,
    askName: (s) => `请输入${s}的名称（例如姓名或会议日期）：`,
    delConfirm: (n) => `确定删除“${n}”的核查记录吗？此操作不能撤销。`,
    currentRun: "当前核查对象", noRun: (s) => `还没有核查记录。点击“新建核查”，为一个${s}开始核查。`,
    progress: (c, t) => `已查 ${c} / ${t} 项`, issues: (n) => `不符合 ${n} 项`,
    note: "备注", addNote: "添加备注", removed: "清单中已删除的项（保留原记录）",
    exportJson: "导出 JSON", exportCsv: "导出 CSV（Excel）", importJson: "导入 JSON",
    print: "打印报告", checker: "检查人", date: "日期", subject: "核查对象",
    toFix: "需要整改的问题（缺什么补什么）", noIssues: "没有发现不符合的项。",
    unchecked: (n) => `另有 ${n} 项尚未检查。`, allItems: "全部检查项",
    badFile: (why) => `无法导入：${why}`, notJson: "文件不是有效的 JSON。",
    foreign: "这不是本站导出的核查记录。", otherList: (id) => `这份记录属于另一份清单（${id}）。`,
    overwrite: (n) => `已有同一份核查记录“${n}”。确定用导入的内容覆盖它吗？选“取消”则作为新记录导入。`,
    imported: (n) => `已导入“${n}”。`, summary: "全部核查记录", required: "必查", optional: "建议",
    saved: "已保存", copySuffix: "（导入）",
  };
  const STATES = ["unchecked", "ok", "issue", "na"];

  // ---------------------------------------------------------------- small helpers
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "html") el.innerHTML = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) if (kid != null && kid !== false) el.append(kid);
    return el;
  };
  // replaceChildren() would print null/false as text and does not flatten arrays.
  const fill = (el, ...kids) => el.replaceChildren(...kids.flat(Infinity).filter((k) => k != null && k !== false));
  const button = (text, onclick, cls, attrs) =>
    h("button", { type: "button", class: "md-button " + (cls || ""), onclick, ...attrs }, text);
  const live = () => h("div", { class: "portal-live", "aria-live": "polite", role: "status" });
  const today = () => new Date().toISOString().slice(0, 10);
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
  const readData = (root) => JSON.parse(root.querySelector(":scope > .portal-data").content.textContent);
  const newSeed = () => (Math.random() * 2 ** 31) | 0;
  const download = (name, type, text) => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  // ---------------------------------------------------------------- storage
  // localStorage may be disabled or full: then we keep working in memory and say so.
  const memory = new Map();
  const Store = {
    failed: false,
    read(key) {
      let raw = null;
      try { raw = localStorage.getItem(key); } catch (e) { this.failed = true; }
      if (raw == null) raw = memory.has(key) ? memory.get(key) : null;
      return raw;
    },
    // Returns [value, corrupt]: corrupt data is kept under another key, never lost.
    load(key, check) {
      const raw = this.read(key);
      if (raw == null) return [null, false];
      try {
        const value = JSON.parse(raw);
        if (value && value.v === 1 && (!check || check(value))) return [value, false];
      } catch (e) { /* fall through */ }
      this.write(`${key}:corrupt:${Date.now()}`, raw);
      return [null, true];
    },
    write(key, raw) {
      memory.set(key, raw);
      try { localStorage.setItem(key, raw); return true; } catch (e) { this.failed = true; return false; }
    },
    save(key, value) { return this.write(key, JSON.stringify(value)); },
    clear(prefix) {
      for (const key of [...memory.keys()]) if (key.startsWith(prefix)) memory.delete(key);
      try {
        for (let i = localStorage.length - 1; i >= 0; i--) {
          const key = localStorage.key(i);
          if (key && key.startsWith(prefix)) localStorage.removeItem(key);
        }
      } catch (e) { this.failed = true; }
    },
  };
  const banner = (root, text, cls) => {
    let el = root.querySelector(`:scope > .${cls}`);
    if (!el) root.prepend((el = h("p", { class: `portal-banner ${cls}`, role: "alert" })));
    el.textContent = text;
  };
  const storageWarning = (root) => { if (Store.failed) banner(root, T.noStorage, "portal-banner--storage"); };
  const privacyBar = (root) => h("p", { class: "portal-privacy" }, T.privacy + " ",
    button(T.clear, () => {
      if (!confirm(T.clearConfirm)) return;
      Store.clear(root.dataset.store + ":");
      location.reload();
    }, "portal-clear"));

  // ---------------------------------------------------------------- answers
  const CN = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const cnNumber = (s) => {
    // 十 → 10, 十二 → 12, 二十四 → 24, 一百 → 100
    let total = 0, digit = 0;
    for (const ch of s) {
      if (ch in CN) digit = CN[ch];
      else {
        const unit = ch === "十" ? 10 : ch === "百" ? 100 : 1000;
        total += (digit || 1) * unit;
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
  const answerText = (q) => {
    switch (q.type) {
      case "truefalse": return q.answer ? T.tf[0] : T.tf[1];
      case "blank": return q.answer.join(" / ");
      case "order": return q.items.join(" → ");
      case "match": return q.pairs.map((p) => `${p[0]} — ${p[1]}`).join("；");
    }
    return q.answer.join("、");
  };
  const givenText = (q, a) => {
    if (!answered(q, a)) return T.none;
    if (q.type === "truefalse") return a ? T.tf[0] : T.tf[1];
    if (q.type === "match") return q.pairs.map((p, i) => `${p[0]} — ${a[i] || "？"}`).join("；");
    if (q.type === "order") return a.join(" → ");
    return Array.isArray(a) ? a.join("、") : a;
  };

  // Mistakes across all banks: {v:1, items: {"bank/id": {bank, id, at}}}
  const mistakesKey = (store) => `${store}:mistakes`;
  const recordMistake = (store, q, right) => {
    const key = mistakesKey(store);
    const data = Store.load(key, (v) => v.items)[0] || { v: 1, items: {} };
    const id = `${q.bank}/${q.id}`;
    if (right) delete data.items[id];
    else data.items[id] = { bank: q.bank, id: q.id, at: today() };
    Store.save(key, data);
  };

  // ---------------------------------------------------------------- one question
  // Builds the form controls of a question; `get()` returns the current answer.
  function questionView(q, n, total, saved, random, shuffle, onChange) {
    const name = `pq-${Math.random().toString(36).slice(2)}`;
    const fs = h("fieldset", {},
      h("legend", {}, h("span", { class: "portal-question__type" }, `${T.types[q.type]} · ${T.q(n, total)}`), " ",
        h("span", { html: q.prompt })));
    let get;
    if (q.type === "single" || q.type === "multiple" || q.type === "truefalse") {
      const opts = q.type === "truefalse" ? [[true, T.tf[0], ""], [false, T.tf[1], ""]]
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
      const input = h("input", { type: "text", autocomplete: "off", oninput: onChange });
      input.value = saved || "";
      fs.append(h("label", { class: "portal-blank" }, T.blankLabel, " ", input));
      get = () => input.value;
    } else if (q.type === "order") {
      let order = Array.isArray(saved) && saved.length === q.items.length
        && q.items.every((x) => saved.includes(x)) ? saved.slice() : null;
      if (!order) {
        order = shuffled(q.items, random);
        if (order.join() === q.items.join() && order.length > 1) order.reverse();
      }
      const list = h("ol", { class: "portal-order" });
      const draw = (focus) => {
        fill(list, ...order.map((item, i) => h("li", {},
          h("span", {}, item),
          button("↑", () => move(i, -1), "portal-order__up", { "aria-label": `${T.up}：${item}`, disabled: i === 0 }),
          button("↓", () => move(i, 1), "portal-order__down", { "aria-label": `${T.down}：${item}`, disabled: i === order.length - 1 }))));
        if (focus) {
          const btn = list.children[focus[0]].querySelector(focus[1] < 0 ? ".portal-order__up" : ".portal-order__down");
          (btn && !btn.disabled ? btn : list.children[focus[0]].querySelector("button:not([disabled])")).focus();
        }
      };
      const move = (i, d) => {
        [order[i], order[i + d]] = [order[i + d], order[i]];
        draw([i + d, d]);
        onChange();
      };
      draw();
      fs.append(list);
      get = () => order.slice();
      get.touched = () => true;
    } else if (q.type === "match") {
      const rights = shuffled(q.pairs.map((p) => p[1]), random);
      const selects = q.pairs.map(([left], i) => {
        const sel = h("select", { onchange: onChange }, h("option", { value: "" }, T.pick),
          rights.map((r) => h("option", { value: r }, r)));
        sel.value = (saved && saved[i]) || "";
        return h("label", {}, h("span", {}, left), sel);
      });
      fs.append(h("div", { class: "portal-match" }, selects));
      get = () => selects.map((l) => l.querySelector("select").value);
    }
    const result = live();
    fs.append(result);
    return { el: fs, get, result };
  }

  function showResult(view, q, a, withAnswer) {
    const right = isRight(q, a);
    const opt = q.options && q.options.find((o) => o[0] === a);
    view.el.parentElement.dataset.result = right ? "right" : "wrong";
    fill(view.result, 
      h("p", { class: "portal-verdict" }, right ? T.right : T.wrong),
      !right && opt && opt[2] ? h("p", { class: "portal-feedback", html: opt[2] }) : null,
      withAnswer ? h("p", {}, h("strong", {}, T.yours), givenText(q, a)) : null,
      right ? null : h("p", {}, h("strong", {}, T.answer), answerText(q)),
      h("div", { class: "portal-explain", html: q.explain }),
      h("p", {}, h("a", { href: q.see }, T.see)));
    return right;
  }

  // ---------------------------------------------------------------- quiz
  function initQuiz(root, dataOverride) {
    const data = dataOverride || readData(root);
    const store = root.dataset.store;
    const key = `${store}:quiz:${data.bank}`;
    const byId = new Map(data.questions.map((q) => [`${q.bank}/${q.id}`, q]));
    const exam = data.mode === "exam";
    let [state, corrupt] = Store.load(key, (v) => v.answers && Array.isArray(v.order));
    const fresh = (ids) => {
      const seed = newSeed();
      let pool = ids || [...byId.keys()];
      if (!ids && data.draw) pool = shuffled(pool, rng(seed)).slice(0, data.draw);
      else if (data.shuffle) pool = shuffled(pool, rng(seed));
      return { v: 1, seed, order: pool, answers: {}, submitted: false, attempts: (state && state.attempts) || [] };
    };
    if (!state) state = fresh();
    // The YAML may have changed since: drop questions that are gone, top a draw up again.
    state.order = state.order.filter((id) => byId.has(id));
    if (!state.order.length) state = fresh();
    else if (data.draw && state.order.length < data.draw && !state.submitted) {
      const unused = shuffled([...byId.keys()].filter((id) => !state.order.includes(id)), rng(state.seed));
      state.order.push(...unused.slice(0, data.draw - state.order.length));
    }
    const save = () => Store.save(key, state);
    save();  // the drawn questions and their order must survive a reload before any answer

    const form = h("form", { class: "portal-quiz__form", onsubmit: (e) => e.preventDefault() });
    const summary = live();
    summary.classList.add("portal-quiz__summary");
    const views = new Map();

    const render = () => {
      views.clear();
      const random = rng(state.seed);
      const list = h("ol", { class: "portal-quiz__list" });
      state.order.forEach((id, i) => {
        const q = byId.get(id);
        const li = h("li", { class: "portal-question", "data-question": q.id, "data-bank": q.bank, "data-type": q.type });
        const view = questionView(q, i + 1, state.order.length, state.answers[id], random, data.shuffle, () => {
          state.answers[id] = view.get();
          save();
          storageWarning(root);
        });
        views.set(id, view);
        li.append(view.el);
        if (q.hint) li.append(h("details", { class: "portal-hint" }, h("summary", {}, T.hint), h("div", { html: q.hint })));
        if (!exam) {
          li.append(button(T.check, () => {
            const a = view.get();
            state.answers[id] = a;
            const right = showResult(view, q, a, false);
            recordMistake(store, q, right);
            save();
            storageWarning(root);
            if (root.dataset.mistakes != null && right) li.dataset.cleared = "";
          }, "portal-check"));
        }
        list.append(li);
      });
      const controls = h("div", { class: "portal-quiz__controls" });
      if (exam) controls.append(button(T.submit, submit, "md-button--primary portal-submit"));
      controls.append(button(T.restart, () => {
        if (Object.values(state.answers).some((a) => a != null && a !== "") && !state.submitted && !confirm(T.restartConfirm)) return;
        state = fresh(); save(); render();
      }, "portal-restart"));
      fill(form, list, controls, summary, history());
      if (exam && state.submitted) review(false);
    };

    let warned = false;
    const submit = () => {
      const missing = state.order.filter((id) => !answered(byId.get(id), views.get(id).get()));
      if (missing.length && !warned) {
        warned = true;
        fill(summary, h("p", { class: "portal-warning" }, T.unanswered(missing.length)));
        const first = views.get(missing[0]).el.querySelector("input, select, button");
        if (first) first.focus();
        return;
      }
      warned = false;
      for (const id of state.order) state.answers[id] = views.get(id).get();
      state.submitted = true;
      review(true);
    };

    const review = (record) => {
      let correct = 0;
      const wrong = [];
      for (const id of state.order) {
        const q = byId.get(id);
        const right = showResult(views.get(id), q, state.answers[id], true);
        views.get(id).el.disabled = true;
        if (right) correct++; else wrong.push(id);
        if (record) recordMistake(store, q, right);
      }
      const total = state.order.length;
      const score = Math.round((correct / total) * 100);
      const passed = score >= data.passMark;
      if (record) {
        state.attempts = [...(state.attempts || []), { at: today(), score, correct, total, passed }].slice(-20);
        save();
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
          `${T.score(score, correct, total)} · ${passed ? T.pass : T.fail}（${T.passMark(data.passMark)}）`),
        wrong.length ? button(T.retryWrong, () => { state = fresh(wrong); save(); render(); focusFirst(); }, "portal-retry") : null);
      form.querySelector(".portal-quiz__history").replaceWith(history());
      if (record) summary.querySelector(".portal-score").focus();
    };
    const focusFirst = () => { const el = form.querySelector("input, select, .portal-order button"); if (el) el.focus(); };
    const history = () => h("div", { class: "portal-quiz__history" },
      exam && state.attempts && state.attempts.length ? [h("p", {}, h("strong", {}, T.attempts)),
        h("ul", {}, state.attempts.slice().reverse().slice(0, 5).map((a) =>
          h("li", {}, `${a.at}：${a.score} 分（${a.correct}/${a.total}）${a.passed ? T.pass : T.fail}`)))] : null);

    root.querySelector(".portal-quiz__list")?.remove();
    root.append(form);
    if (corrupt) banner(root, T.corrupt, "portal-banner--corrupt");
    if (!root.querySelector(".portal-privacy")) root.append(privacyBar(root));
    render();
    storageWarning(root);
  }

  function initMistakes(root) {
    const all = readData(root);
    const store = root.dataset.store;
    const items = (Store.load(mistakesKey(store), (v) => v.items)[0] || { items: {} }).items;
    const byId = new Map(all.questions.map((q) => [`${q.bank}/${q.id}`, q]));
    const ids = Object.keys(items).filter((id) => byId.has(id));
    root.querySelector(".portal-mistakes__empty")?.remove();
    root.append(h("p", { class: "portal-mistakes__count" }, ids.length ? T.mistakesCount(ids.length) : T.mistakesEmpty));
    if (!ids.length) { root.append(privacyBar(root)); return; }
    const holder = h("div", { "data-store": store, "data-mistakes": "" });
    root.append(holder);
    // A practice quiz over exactly these questions, stored under its own key.
    Store.save(`${store}:quiz:mistakes`, { v: 1, seed: 1, order: ids, answers: {}, attempts: [] });
    initQuiz(holder, { bank: "mistakes", mode: "practice", passMark: 60, draw: null, shuffle: false,
      questions: ids.map((id) => byId.get(id)) });
  }

  // ---------------------------------------------------------------- checklists
  function initChecklist(root) {
    const data = readData(root);
    const store = root.dataset.store;
    const key = `${store}:checklist:${data.id}`;
    const known = new Map();
    data.sections.forEach((s) => s.items.forEach((it) => known.set(it.id, { ...it, section: s.title })));
    let [state, corrupt] = Store.load(key, (v) => v.runs && typeof v.runs === "object");
    if (!state) state = { v: 1, current: null, runs: {} };
    const subject = data.subject;
    const say = live();
    const save = () => {
      const ok = Store.save(key, state);
      storageWarning(root);
      return ok;
    };
    const run = () => state.runs[state.current] || null;
    const changed = (item, status) => document.dispatchEvent(new CustomEvent("portal:checklist-changed", {
      detail: { checklist: data.id, run: state.current, subject: run() && run().subject, item, status },
    }));
    const counts = (r) => {
      const c = { unchecked: 0, ok: 0, issue: 0, na: 0 };
      for (const id of known.keys()) c[(r.items[id] && r.items[id].s) || "unchecked"]++;
      return c;
    };
    const uid = () => `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const newRun = (name) => {
      const id = uid();
      state.runs[id] = { id, subject: name, created: today(), updated: today(), checker: "", items: {} };
      state.current = id;
      return id;
    };

    const toolbar = h("div", { class: "portal-runs" });
    const body = h("div", { class: "portal-checklist__body" });
    const report = h("section", { class: "portal-report", "aria-hidden": "true" });
    const fileInput = h("input", { type: "file", accept: ".json,application/json", class: "portal-file", onchange: (e) => importFile(e.target) });

    const drawToolbar = () => {
      const runs = Object.values(state.runs);
      const select = h("select", { id: `${data.id}-run`, onchange: (e) => { state.current = e.target.value; save(); draw(); } },
        runs.map((r) => h("option", { value: r.id, selected: r.id === state.current }, r.subject)));
      fill(toolbar, 
        runs.length ? h("label", { for: `${data.id}-run` }, T.currentRun + " ") : null, runs.length ? select : null,
        button(T.newRun, () => {
          const name = (prompt(T.askName(subject)) || "").trim();
          if (!name) return;
          newRun(name); save(); draw();
          say.textContent = `已新建核查：${name}`;
          body.querySelector("input")?.focus();
        }, "md-button--primary portal-new"),
        runs.length ? button(T.rename, () => {
          const name = (prompt(T.askName(subject), run().subject) || "").trim();
          if (name) { run().subject = name; save(); draw(); }
        }, "portal-rename") : null,
        runs.length ? button(T.del, () => {
          if (!confirm(T.delConfirm(run().subject))) return;
          delete state.runs[state.current];
          state.current = Object.keys(state.runs)[0] || null;
          save(); draw();
        }, "portal-delete") : null,
        runs.length ? button(T.exportJson, exportJson, "portal-export-json") : null,
        runs.length ? button(T.exportCsv, exportCsv, "portal-export-csv") : null,
        button(T.importJson, () => fileInput.click(), "portal-import"), fileInput,
        runs.length ? button(T.print, () => { drawReport(); window.print(); }, "portal-print") : null);
    };

    const itemView = (it, r) => {
      const entry = r.items[it.id] || {};
      const status = entry.s || "unchecked";
      const name = `${data.id}-${it.id}`;
      const li = h("li", { class: "portal-item", "data-item": it.id, "data-status": status });
      const note = h("textarea", { rows: 2, "aria-label": `${T.note}：${it.text}`,
        oninput: (e) => { set(it, { note: e.target.value }); } });
      note.value = entry.note || "";
      const noteBox = h("div", { class: "portal-note", hidden: !(status === "issue" || entry.note) }, h("label", {}, T.note), note);
      const radios = STATES.map((s) => h("label", { class: `portal-state portal-state--${s}` },
        h("input", { type: "radio", name, value: s, checked: s === status,
          onchange: () => {
            li.dataset.status = s;
            set(it, { s });
            if (s === "issue") { noteBox.hidden = false; li.querySelector(".portal-add-note")?.remove(); }
            drawProgress();
            changed(it.id, s);
          } }), " ", T.states[s]));
      li.append(h("fieldset", {},
        h("legend", {}, h("span", { html: it.html }), it.required ? null : h("span", { class: "portal-badge" }, T.optional)),
        h("div", { class: "portal-states" }, radios),
        noteBox.hidden ? button(T.addNote, (e) => { noteBox.hidden = false; e.target.remove(); note.focus(); }, "portal-add-note") : null,
        noteBox,
        it.help ? h("details", { class: "portal-help" }, h("summary", {}, "怎么查"), h("div", { html: it.help })) : null,
        h("a", { href: it.see, class: "portal-see" }, T.see)));
      return li;
    };
    const set = (it, change) => {
      const r = run();
      const entry = r.items[it.id] || { s: "unchecked", note: "" };
      Object.assign(entry, change, { text: it.text, section: it.section });
      r.items[it.id] = entry;
      r.updated = today();
      save();
    };

    const drawProgress = () => {
      const r = run();
      if (!r) return;
      body.querySelectorAll(".portal-section:not(.portal-removed)").forEach((sec) => {
        const items = [...sec.querySelectorAll(".portal-item")];
        const done = items.filter((li) => li.dataset.status !== "unchecked").length;
        const bad = items.filter((li) => li.dataset.status === "issue").length;
        sec.querySelector(".portal-section__progress").textContent =
          `${T.progress(done, items.length)}${bad ? "，" + T.issues(bad) : ""}`;
      });
      const c = counts(r);
      const total = known.size;
      const done = total - c.unchecked;
      fill(body.querySelector(".portal-progress"), 
        h("progress", { max: total, value: done, "aria-label": T.progress(done, total) }),
        h("span", {}, `${T.progress(done, total)}：${STATES.map((s) => `${T.states[s]} ${c[s]}`).join("，")}`));
      drawSummary();
    };
    const summaryBox = h("div", { class: "portal-summary" });
    const drawSummary = () => {
      const runs = Object.values(state.runs);
      fill(summaryBox, runs.length > 1 ? h("details", {}, h("summary", {}, `${T.summary}（${runs.length}）`),
        h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, T.subject), h("th", {}, T.progress("", "").replace(/\s/g, "")),
          h("th", {}, T.states.issue), h("th", {}, T.date))),
          h("tbody", {}, runs.map((r) => { const c = counts(r); return h("tr", {},
            h("td", {}, r.subject), h("td", {}, `${known.size - c.unchecked}/${known.size}`),
            h("td", {}, String(c.issue)), h("td", {}, r.updated)); })))) : null);
    };

    const draw = () => {
      drawToolbar();
      const r = run();
      if (!r) {
        fill(body, h("p", { class: "portal-empty" }, T.noRun(subject)));
        fill(summaryBox);
        return;
      }
      const checker = h("input", { type: "text", value: r.checker || "", oninput: (e) => { r.checker = e.target.value; save(); } });
      fill(body, 
        h("p", { class: "portal-meta" }, h("label", {}, `${T.checker} `, checker)),
        h("div", { class: "portal-progress" }),
        data.sections.map((s) => h("section", { class: "portal-section" },
          h("h2", {}, s.title, " ", h("small", { class: "portal-section__progress" })),
          h("ol", { class: "portal-items" }, s.items.map((it) => itemView(known.get(it.id), r))))),
        removedView(r));
      drawProgress();
    };
    const removedView = (r) => {
      const gone = Object.entries(r.items).filter(([id]) => !known.has(id));
      if (!gone.length) return null;
      return h("section", { class: "portal-section portal-removed" }, h("h2", {}, T.removed),
        h("ul", {}, gone.map(([id, e]) => h("li", { "data-item": id, "data-status": e.s || "unchecked" },
          `${e.text || id}：${T.states[e.s || "unchecked"]}${e.note ? "（" + e.note + "）" : ""}`))));
    };

    // Exports carry the checklist id and the item texts at export time.
    const exported = () => {
      const r = run();
      return { format: "portal-checklist-run", version: 1, checklist: data.id, title: data.title,
        exported: new Date().toISOString(), run: { ...r },
        items: [...known.values()].map((it) => ({ id: it.id, section: it.section, text: it.text,
          required: it.required, status: (r.items[it.id] && r.items[it.id].s) || "unchecked", note: (r.items[it.id] && r.items[it.id].note) || "" })) };
    };
    const fileName = (ext) => `${data.title}-${run().subject}-${today()}.${ext}`.replace(/[\\/:*?"<>|]/g, "_");
    const exportJson = () => download(fileName("json"), "application/json", JSON.stringify(exported(), null, 2));
    const csvCell = (v) => /[",\r\n]/.test(v) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    const exportCsv = () => {
      const e = exported();
      const rows = [["清单", "核查对象", "分节", "检查项", "必查", "状态", "备注"],
        ...e.items.map((it) => [data.title, e.run.subject, it.section, it.text, it.required ? "是" : "否", T.states[it.status], it.note])];
      // BOM + CRLF: Excel then opens the Chinese text correctly.
      download(fileName("csv"), "text/csv;charset=utf-8", "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n");
    };
    const importFile = (input) => {
      const file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      file.text().then((text) => {
        let e;
        try { e = JSON.parse(text); } catch (err) { return fail(T.notJson); }
        if (!e || e.format !== "portal-checklist-run" || e.version !== 1 || !e.run || typeof e.run.items !== "object" || !e.run.subject) return fail(T.foreign);
        if (e.checklist !== data.id) return fail(T.otherList(e.checklist));
        const items = {};
        for (const [id, v] of Object.entries(e.run.items)) {
          if (!v || !STATES.includes(v.s)) return fail(T.foreign);
          items[id] = { s: v.s, note: String(v.note || ""), text: String(v.text || ""), section: String(v.section || "") };
        }
        let id = String(e.run.id || uid());
        if (state.runs[id] && !confirm(T.overwrite(state.runs[id].subject))) id = uid();
        state.runs[id] = { id, subject: String(e.run.subject), created: String(e.run.created || today()),
          updated: String(e.run.updated || today()), checker: String(e.run.checker || ""), items };
        state.current = id;
        save(); draw();
        say.textContent = T.imported(e.run.subject);
      });
      const fail = (why) => { say.textContent = T.badFile(why); banner(root, T.badFile(why), "portal-banner--import"); };
    };

    const drawReport = () => {
      const r = run();
      const rows = [...known.values()].map((it) => ({ it, e: r.items[it.id] || { s: "unchecked" } }));
      const issues = rows.filter((x) => x.e.s === "issue");
      const open = rows.filter((x) => x.e.s === "unchecked");
      fill(report, 
        h("h2", {}, data.title),
        h("p", {}, `${T.subject}：${r.subject}　${T.date}：${today()}　${T.checker}：${r.checker || "＿＿＿＿"}`),
        h("h3", {}, T.toFix),
        issues.length ? h("ol", {}, issues.map(({ it, e }) => h("li", {}, it.text, e.note ? `（${e.note}）` : ""))) : h("p", {}, T.noIssues),
        open.length ? h("p", {}, T.unchecked(open.length)) : null,
        h("h3", {}, T.allItems),
        h("table", {}, h("tbody", {}, rows.map(({ it, e }) => h("tr", {},
          h("td", {}, it.text), h("td", {}, T.states[e.s]), h("td", {}, e.note || ""))))));
    };
    root._portalPrint = () => { if (run()) drawReport(); };

    root.querySelector(".portal-checklist__static")?.remove();
    root.append(toolbar, say, summaryBox, body, report, privacyBar(root));
    if (corrupt) banner(root, T.corrupt, "portal-banner--corrupt");
    draw();
    storageWarning(root);
  }

  // ---------------------------------------------------------------- start
  const start = () => {
    // Material's search dialog has no accessible name.
    document.querySelector(".md-search[role=dialog]:not([aria-label])")?.setAttribute("aria-label", "搜索");
    for (const [sel, fn] of [["[data-quiz]", initQuiz], ["[data-mistakes-page]", initMistakes], ["[data-checklist]", initChecklist]]) {
      document.querySelectorAll(`${sel}:not([data-ready])`).forEach((root) => {
        root.setAttribute("data-ready", "");
        root.classList.add("portal-js");
        try { fn(root); } catch (e) { console.error("portal:", e); }
      });
    }
  };
  // One listener for the whole visit: checklists come and go with instant navigation.
  window.addEventListener("beforeprint", () =>
    document.querySelectorAll("[data-checklist]").forEach((root) => root._portalPrint && root._portalPrint()));
  window.portalKit = { normalize, isRight };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
