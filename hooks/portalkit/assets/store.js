/* Shared store of the portal runtime: every block keeps its state here, in localStorage.
 *
 * A block opens one record (one key) with a schema that cleans and migrates what was stored.
 * Every change is a read-merge-write of that one record, never a write of a stale copy, and
 * other open tabs follow through the `storage` event, so two tabs never overwrite each other.
 * The merge rules live here and nowhere else (see `merge`). Stored data is untrusted: a schema
 * keeps what is valid; what it sets aside is kept once under `<key>:corrupt` and reported. */
(() => {
  "use strict";
  const pk = (window.portalKit = window.portalKit || {});
  if (pk.store) return;

  // Bounds on what a reader types or imports: portalkit/limits.py, written in at build time,
  // so the Python readers of exported files use the same numbers.
  const LIMITS = Object.freeze(/*LIMITS*/{});

  let clock = 0;
  // Milliseconds, strictly increasing within a tab: two changes in one tab never tie.
  const now = () => (clock = Math.max(Date.now(), clock + 1));

  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  // Maps keyed by ids that come from files or users: without a prototype, `__proto__` or
  // `constructor` is an ordinary key and never an inherited property.
  const dict = (entries) => {
    const d = Object.create(null);
    if (entries) for (const [k, v] of entries) d[k] = v;
    return d;
  };
  const entries = (v) => (isObj(v) ? Object.entries(v) : []);
  const own = (map, key) => Object.prototype.hasOwnProperty.call(map, key);
  const isTime = (t) => typeof t === "number" && Number.isFinite(t) && t >= 0;
  // A bounded string, or null if it is not one (numbers and objects are not text).
  const text = (v, max) => (typeof v === "string" && v.length <= max ? v : null);

  // ------------------------------------------------------------------ merge rules
  // - tombstone: an object with a numeric `deleted` wins over anything that is not one, so a
  //   stale tab cannot bring a deleted entry back;
  // - register: an object with a numeric `t` (time of change): the later one wins;
  // - epoch: an object with a numeric `epoch` (when it was created or replaced whole): a later
  //   epoch wins whole, so a stale tab cannot mix old parts into a replaced entry; equal epochs
  //   merge key by key;
  // - list: the union, by each element's `id` (or its JSON), in order of `t`, newest kept;
  // - other objects: merged key by key;
  // - anything else: the first (stored) side, unless it is absent.
  const isTomb = (v) => isObj(v) && isTime(v.deleted);
  const isReg = (v) => isObj(v) && isTime(v.t);
  const merge = (a, b) => {
    if (a === undefined) return b;
    if (b === undefined) return a;
    if (isTomb(a) || isTomb(b)) return isTomb(a) && (!isTomb(b) || a.deleted <= b.deleted) ? a : b;
    if (isReg(a) || isReg(b)) return (isReg(b) ? b.t : -1) > (isReg(a) ? a.t : -1) ? b : a;
    const ea = isObj(a) && isTime(a.epoch) ? a.epoch : -1, eb = isObj(b) && isTime(b.epoch) ? b.epoch : -1;
    if (ea !== eb) return eb > ea ? b : a;
    if (Array.isArray(a) && Array.isArray(b)) {
      const seen = new Map();
      for (const x of [...a, ...b]) {
        const id = isObj(x) && x.id != null ? String(x.id) : JSON.stringify(x);
        if (!seen.has(id)) seen.set(id, x);
      }
      return [...seen.values()].sort((x, y) => ((x && x.t) || 0) - ((y && y.t) || 0)).slice(-LIMITS.attempts);
    }
    if (isObj(a) && isObj(b)) {
      const out = dict();
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = merge(own(a, k) ? a[k] : undefined, own(b, k) ? b[k] : undefined);
      return out;
    }
    return a;
  };
  // Canonical JSON (sorted keys): equal data gives equal text, whatever the key order.
  const canonical = (v) => JSON.stringify(v, (k, x) => (isObj(x) ? dict(Object.keys(x).sort().map((n) => [n, x[n]])) : x));

  // ------------------------------------------------------------------ raw storage
  // localStorage may be disabled or full: then we keep working in memory and say so. Memory
  // holds only what localStorage refused (or everything, when it cannot even be read), so what
  // another tab stored, or cleared, is never shadowed by an old copy here.
  const memory = new Map();
  const raw = {
    failed: false,
    get(key) {
      try {
        const value = localStorage.getItem(key);
        return memory.has(key) ? memory.get(key) : value;
      } catch (e) {
        this.failed = true;
        return memory.has(key) ? memory.get(key) : null;
      }
    },
    set(key, value) {
      try {
        localStorage.setItem(key, value);
        memory.delete(key);
        this.failed = false;
        return true;
      } catch (e) {
        memory.set(key, value);
        this.failed = true;
        return false;
      }
    },
    forget(key) { memory.delete(key); },
    remove(matches) {
      for (const key of [...memory.keys()]) if (matches(key)) memory.delete(key);
      try {
        for (let i = localStorage.length - 1; i >= 0; i--) {
          const key = localStorage.key(i);
          if (key && matches(key)) localStorage.removeItem(key);
        }
      } catch (e) { this.failed = true; }
    },
  };

  // ------------------------------------------------------------------ records
  // schema: { empty(): value, clean(parsed): [value, setAside] } where clean migrates older
  // versions, keeps what is valid and counts what it set aside; tidy(value) optionally drops
  // what no longer matters after a merge (for example answers of an abandoned round).
  class Record {
    constructor(key, schema) {
      this.key = key;
      this.schema = schema;
      this.listeners = new Set();
      this.problem = null; // {setAside, kept, copy} when part of the stored data was unusable
      this.value = this.read(true);
    }

    // Parses and cleans what is stored. On first load a problem is reported, a copy of the
    // bad data kept once, and the cleaned record written back, so the next visit is clean.
    read(first) {
      const stored = raw.get(this.key);
      if (stored == null) return this.schema.empty();
      let value, setAside = 0;
      try {
        [value, setAside] = this.schema.clean(JSON.parse(stored));
      } catch (e) {
        [value, setAside] = [this.schema.empty(), 1];
      }
      if (setAside && first) {
        const copyKey = `${this.key}:corrupt`;
        const kept = raw.get(copyKey) === stored || raw.set(copyKey, stored);
        this.problem = { setAside, kept, copy: stored };
        if (kept) raw.set(this.key, JSON.stringify(value));
      }
      return value;
    }

    // One change: read what is stored now, merge in what this tab knows, apply the change, write.
    update(change, origin) {
      const value = merge(this.read(false), this.value);
      change(value);
      this.value = this.tidy(value);
      raw.set(this.key, JSON.stringify(this.value));
      this.notify(origin);
      return this.value;
    }

    replace(value, origin) {
      this.value = value;
      raw.set(this.key, JSON.stringify(value));
      this.notify(origin);
    }

    tidy(value) { return this.schema.tidy ? this.schema.tidy(value) : value; }

    // Another tab wrote this key: adopt its data, keep what only this tab has (a write that
    // raced with ours), and write back only if that changed anything.
    external(newValue) {
      if (newValue == null) { // "clear my data" in another tab
        raw.forget(this.key);
        this.value = this.schema.empty();
      }
      else {
        let theirs;
        try { [theirs] = this.schema.clean(JSON.parse(newValue)); } catch (e) { return; }
        const merged = this.tidy(merge(theirs, this.value));
        this.value = merged;
        if (canonical(merged) !== canonical(theirs)) raw.set(this.key, JSON.stringify(merged));
      }
      this.notify(null);
    }

    // Listeners belong to a block root; a root that instant navigation removed is forgotten.
    listen(root, callback) { this.listeners.add({ root, callback }); }
    notify(origin) {
      for (const l of [...this.listeners]) {
        if (!l.root.isConnected) this.listeners.delete(l);
        else if (l.root !== origin) l.callback(this.value);
      }
    }
  }

  const records = new Map();
  const open = (key, schema) => {
    let record = records.get(key);
    if (!record) records.set(key, (record = new Record(key, schema)));
    return record;
  };
  window.addEventListener("storage", (e) => {
    if (e.key == null) { for (const r of records.values()) r.external(null); return; } // localStorage.clear()
    const record = records.get(e.key);
    if (record) record.external(e.newValue);
  });

  // Clears a namespace ("portal:abc:", everything of a site) or one record with its kept copy
  // ("portal:abc:datecheck:2014" — not "…:20145").
  const clear = (scope) => {
    const matches = scope.endsWith(":") ? (key) => key.startsWith(scope) : (key) => key === scope || key.startsWith(scope + ":");
    raw.remove(matches);
    for (const [key, r] of records) if (matches(key)) { r.value = r.schema.empty(); r.problem = null; }
  };

  // Removes the keys under `prefix` except `keep` (records this page no longer uses).
  const dropOthers = (prefix, keep) => {
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (key && key.startsWith(prefix) && key !== keep && !key.startsWith(keep + ":")) localStorage.removeItem(key);
      }
    } catch (e) { raw.failed = true; }
  };

  pk.store = {
    LIMITS, now, dict, entries, own, isObj, isTime, text, merge, canonical, open, clear, dropOthers,
    get failed() { return raw.failed; },
    // Plain key/value access for what is not a mergeable record (kept for compatibility).
    getRaw: (key) => raw.get(key),
    setRaw: (key, value) => raw.set(key, value),
  };
  if (pk.start) pk.start();
})();
