/* The mistakes page (/// mistakes): a practice quiz over the questions this reader last
 * answered wrong, in any bank. Needs quiz.js; the mistakes record is the quiz module's. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.blocks && pk.blocks.mistakes) return;

  // FNV-1a, 32 bits: a short stable name for a set of question ids.
  const hash = (text) => {
    let x = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193);
    return (x >>> 0).toString(36);
  };

  function initMistakes(root) {
    const { h, privacyBar, recordProblem, fmt } = pk.ui;
    const all = pk.ui.dataOf(root);
    const T = all.t.mistakes;
    const store = root.dataset.store;
    const record = pk.quiz.mistakes(store);
    const byId = new Map(all.questions.map((q) => [`${q.bank}/${q.id}`, q]));
    const ids = Object.entries(record.value.items).filter(([id, x]) => x.on && byId.has(id)).map(([id]) => id);
    root.querySelector(".portal-mistakes__empty")?.remove();
    recordProblem(root, record);
    root.append(h("p", { class: "portal-mistakes__count" }, ids.length ? fmt(T.count, { n: ids.length }) : T.empty));
    if (!ids.length) { root.append(privacyBar(root)); return; }
    const holder = h("div", { "data-store": store, "data-mistakes": "" });
    root.append(holder);
    // A practice quiz over exactly these questions, stored under a key of its own set of
    // questions: two tabs that show different sets never start rounds over each other. Rounds
    // of sets that are gone are dropped.
    const key = `mistakes-${hash(ids.slice().sort().join("\n"))}`;
    pk.store.dropOthers(`${store}:quiz:mistakes-`, `${store}:quiz:${key}`);
    pk.quiz.initQuiz(holder, { bank: key, mode: "practice", passMark: 60, draw: null, shuffle: false, fixed: true,
      questions: ids.map((id) => byId.get(id)), t: all.t });
  }

  (pk.blocks = pk.blocks || {}).mistakes = { selector: "[data-mistakes-page]", needs: ["store", "quiz"], init: initMistakes };
  if (pk.start) pk.start();
})();
