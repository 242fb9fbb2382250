/* Appended to Material's search worker by portalkit's opt-in search fix (search_fix.py).
 *
 * Chinese queries: Material splits a run of Han characters into words of the index, but joins
 * them with "* " and then adds another "*", so every word but the last is reported missing and
 * neither highlighted nor counted; characters that start no word are dropped silently, and
 * one-character pieces (月, 内) match every word they begin. Here a run is cut into the longest
 * words of the index from left to right; a piece that starts no word is kept (the reader sees it
 * reported missing instead of searched for something else); a piece of one character matches
 * that word exactly; what the reader is still typing at the end is a prefix.
 *
 * Zero-width spaces: the index is segmented with them (jieba); they are taken out of the
 * results before they reach the page, so titles and snippets read and copy as written. */
(function () {
  "use strict";
  var keys = null;

  function isPrefix(index, text) {
    if (keys === null) keys = Object.keys(index);
    for (var i = 0; i < keys.length; i++) if (keys[i].lastIndexOf(text, 0) === 0) return true;
    return false;
  }

  function piece(text, prefix) {
    if (prefix) return text; // Material adds the trailing "*"
    return text.length === 1 ? text + "^1" : text; // ^1 keeps Material from adding "*"
  }

  self.portalSegmentQuery = function (run, index) {
    var out = [];
    var start = 0;
    var unknown = "";
    while (start < run.length) {
      var rest = run.slice(start);
      if (rest.length > 1 || start === 0) {
        if (!(rest in index) && isPrefix(index, rest)) {
          if (unknown) out.push(piece(unknown, false));
          unknown = "";
          out.push(piece(rest, true));
          break;
        }
      }
      var end = 0;
      for (var stop = run.length; stop > start; stop--) {
        if (run.slice(start, stop) in index) { end = stop; break; }
      }
      if (end) {
        if (unknown) out.push(piece(unknown, false));
        unknown = "";
        out.push(piece(run.slice(start, end), false));
        start = end;
      } else {
        unknown += run[start];
        start += 1;
      }
    }
    if (unknown) out.push(piece(unknown, false));
    return " " + out.join(" ") + " ";
  };

  function strip(value) {
    if (typeof value === "string") return value.replace(/\u200b/g, "");
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") {
      var copy = {};
      for (var key in value) if (Object.prototype.hasOwnProperty.call(value, key)) copy[key] = strip(value[key]);
      return copy;
    }
    return value;
  }

  var post = self.postMessage;
  self.postMessage = function (message) {
    var rest = Array.prototype.slice.call(arguments, 1);
    return post.apply(self, [strip(message)].concat(rest));
  };
})();
