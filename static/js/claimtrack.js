/* Claimtrack review desk: keyboard shortcuts, text selection → character offsets, visible errors.
   Plain JS, no inline handlers (CSP: script-src 'self'); htmx does the requests. */
(function () {
  "use strict";

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // --- Errors are shown, never swallowed ----------------------------------------------------------

  function showAlert(message) {
    const region = $("#alerts");
    if (!region) return;
    const box = document.createElement("div");
    box.className = "alert";
    const text = document.createElement("span");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "link";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => region.replaceChildren());
    box.append(text, close);
    region.replaceChildren(box);
  }

  function announce(message, undo, ms) {
    const region = $("#announcer");
    if (!region || !message) return;
    region.textContent = message;
    if (undo) {
      // "Dismissed. Undo": the toast stays a few seconds longer and offers to take the decision back
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link undo";
      button.dataset.undo = "";
      button.textContent = "Undo";
      region.append(" ", button);
    }
    region.classList.add("is-visible");
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(() => region.classList.remove("is-visible"), ms || (undo ? UNDO_TOAST_MS : 3500));
  }

  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    const messages = {
      403: "You are not allowed to do that: only editors can review claims. Nothing was changed.",
      404: "That item no longer exists. Reload the page.",
      503: "Claimtrack cannot reach its database just now (it may be restarting). Nothing was saved; try again in a moment.",
    };
    if (event.detail.xhr && event.detail.xhr.getResponseHeader("X-Claimtrack-Error") === "csrf") {
      showAlert("This page is out of date (you signed in again, perhaps in another tab). Nothing was saved: reload the page and try again.");
      return;
    }
    showAlert(messages[status] || `Claimtrack could not do that (server error ${status}). Nothing was changed; try again.`);
  });
  document.addEventListener("htmx:sendError", () => {
    showAlert("Could not reach Claimtrack: check your connection. Nothing was saved; try again.");
  });
  document.addEventListener("htmx:timeout", () => {
    showAlert("Claimtrack took too long to answer. Nothing was saved; try again.");
  });
  // An error stays up until the editor's next successful action; requests the page makes by itself
  // (polling, parts loaded after the page: [data-background]) must not wipe it before it is read.
  // (Marked when the request starts: by the time it ends, a swapped-out element is no longer in the page.)
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (event.detail.xhr && elt && elt.closest) {
      event.detail.xhr.claimtrackBackground = Boolean(elt.closest("[hx-trigger^='every'], [data-background]"));
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful && !event.detail.failed && !(event.detail.xhr && event.detail.xhr.claimtrackBackground)) {
      const region = $("#alerts");
      if (region && region.firstChild) region.replaceChildren();
    }
  });
  document.addEventListener("claimtrack:announce", (event) => {
    const detail = event.detail || {};
    rememberUndo(detail.message || detail.value, detail.undo);
    announce(detail.message || detail.value, detail.undo);
  });

  // --- Confirmation for destructive forms (data-confirm) ------------------------------------------

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // --- Shortcuts dialog ---------------------------------------------------------------------------

  function toggleShortcuts() {
    const dialog = $("#shortcuts");
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-shortcuts-open]")) toggleShortcuts();
  });

  // --- Narrow screens: panels folded behind one button (<details data-open-when="(min-width: …)">) --
  // open while the media query matches (wide screens), closed on a phone; the CSS shows them on wide
  // screens even before this runs. The sticky bar's Edit opens the edit form below.

  $$("details[data-open-when]").forEach((details) => {
    const wide = window.matchMedia(details.dataset.openWhen);
    const sync = () => { details.open = wide.matches; };
    sync();
    wide.addEventListener("change", sync);
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-edit-open]") && openEdit()) event.preventDefault();
  });

  // --- Queue: current row, bulk selection -----------------------------------------------------------

  let current = -1;

  function rows() {
    return $$("[data-queue-item]");
  }

  function setCurrent(index) {
    const items = rows();
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("is-current", i === current));
    const link = $("[data-queue-link]", items[current]);
    if (link) link.focus();
  }

  function updateBulkCount() {
    const counter = $("[data-bulk-count]");
    if (!counter) return;
    const n = $$(".row-check:checked").length;
    counter.textContent = n ? `${n} selected` : "";
  }

  document.addEventListener("change", (event) => {
    const all = event.target.closest("[data-check-all]");
    if (all) $$(".row-check").forEach((box) => { box.checked = all.checked; });
    if (all || event.target.classList.contains("row-check")) updateBulkCount();
  });

  document.addEventListener("focusin", (event) => {
    const item = event.target.closest && event.target.closest("[data-queue-item]");
    if (item) {
      current = rows().indexOf(item);
      rows().forEach((row, i) => row.classList.toggle("is-current", i === current));
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "queue-results") {
      current = -1;
      updateBulkCount();
    }
  });

  function queueAction(action) {
    const button = $(`#bulk-form button[name="action"][value="${action}"]`);
    if (!button) return false;
    const acted = rows()[current];
    pendingAdvance = advanceOn() && acted ? { pk: acted.dataset.pk, index: current } : null;
    if (!$$(".row-check:checked").length) {
      const item = rows()[current];
      const box = item && $(".row-check", item);
      if (!box) return false;
      box.checked = true;
    }
    button.click();
    return true;
  }

  // --- Keyboard ------------------------------------------------------------------------------------

  function isTyping(target) {
    return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }

  function openEdit() {
    const details = $("#edit-claim");
    if (!details) return false;
    details.open = true;
    const field = $("input:not([type=hidden]), select, textarea", details);
    if (field) field.focus();
    return true;
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const dialog = $("#shortcuts");
    if (event.key === "?") {
      event.preventDefault();
      toggleShortcuts();
      return;
    }
    if (dialog && dialog.open) return;
    if (event.key === "/") {
      event.preventDefault();
      const search = $("#id_q");
      if (search) {
        search.focus();
        search.select();
      } else {
        window.location.href = "/claims/#search";
      }
      return;
    }
    const onQueue = Boolean($("#queue-results"));
    let handled = false;
    if (event.key === "z") {
      const undo = stored(UNDO_KEY);
      if (undo) runUndo(undo);
      else announce("Nothing to undo.");
      handled = true;
    } else if (onQueue) {
      if (event.key === "j") { setCurrent(current + 1); handled = true; }
      else if (event.key === "k") { setCurrent(current < 0 ? 0 : current - 1); handled = true; }
      else if (event.key === "x" && rows()[current]) {
        const box = $(".row-check", rows()[current]);
        if (box) { box.checked = !box.checked; updateBulkCount(); handled = true; }
      }
      else if (event.key === "o" && rows()[current]) { $("[data-queue-link]", rows()[current]).click(); handled = true; }
      else if (event.key === "c") handled = queueAction("confirm");
      else if (event.key === "u") handled = queueAction("flag");
      else if (event.key === "d") handled = queueAction("dismiss");
    } else if (event.key === "e") {
      handled = openEdit();
    } else if (["j", "k", "c", "u", "d"].includes(event.key)) {
      const target = $(`[data-key="${event.key}"]`);
      if (target && !target.disabled) {
        target.click();
        handled = true;
      }
    }
    if (handled) event.preventDefault();
  });

  if (window.location.hash === "#search") {
    const search = $("#id_q");
    if (search) search.focus();
  }

  // --- Undo, and the next claim after an action ------------------------------------------------------
  // A decision's toast offers Undo for a few seconds ("Claim dismissed. Undo"); `z` undoes the last decision
  // made in this tab. Both outlive a change of page (sessionStorage), so after the desk moved on to the next
  // claim by itself the toast is still there and `z` still undoes the decision on the claim before.

  const UNDO_KEY = "claimtrack:last-undo";
  const TOAST_KEY = "claimtrack:toast";
  const UNDO_TOAST_MS = 8000;
  let pendingAdvance = null; // the queue row an action was for, while "next claim after an action" is on

  function stored(key) {
    try {
      return JSON.parse(window.sessionStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function store(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) { /* storage off: the toast still works on this page */ }
  }

  function rememberUndo(message, undo) {
    if (undo) {
      store(UNDO_KEY, undo);
      store(TOAST_KEY, { message, undo, until: Date.now() + UNDO_TOAST_MS });
    } else {
      store(TOAST_KEY, null);
    }
  }

  function runUndo(undo) {
    store(UNDO_KEY, null);
    store(TOAST_KEY, null);
    const region = $("#announcer");
    if (region) region.classList.remove("is-visible");
    let target = undo.target ? $(undo.target) : null;
    if (target && undo.claim && target.dataset.claim !== String(undo.claim)) target = null; // another claim's page
    let headers = {};
    try {
      headers = JSON.parse($("#main").getAttribute("hx-headers") || "{}");
    } catch (error) { /* no token: the server refuses and says so */ }
    return htmx.ajax("POST", undo.url, {
      source: target || "#main",
      target: target || "#main",
      swap: target ? "outerHTML" : "none",
      values: undo.values,
      headers,
    });
  }

  function advanceOn() {
    const toggle = $("[data-advance-toggle]");
    return Boolean(toggle && toggle.checked);
  }

  // the switch gives the keyboard back at once (j, c, u, d are ignored while a form field has the focus)
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("[data-advance-toggle]")) event.target.blur();
  });

  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-undo]")) return;
    const undo = stored(UNDO_KEY);
    if (undo) runUndo(undo);
  });

  // a toast that offered an undo comes back on the next page for the rest of its time
  const toast = stored(TOAST_KEY);
  if (toast && toast.until > Date.now()) announce(toast.message, toast.undo, toast.until - Date.now());

  // claim page: after confirm / flag / dismiss, on to the next claim (the j link) when the setting is on.
  // (Marked when the request starts: when it ends, the form has been swapped out with the claim card.)
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (event.detail.xhr && elt && elt.closest) {
      event.detail.xhr.claimtrackReviewAction = Boolean(elt.closest("form[data-review-action]"));
    }
  });
  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    if (!xhr || !xhr.claimtrackReviewAction || xhr.status !== 200 || !advanceOn()) return;
    const next = $('a[data-key="j"]');
    if (next) window.location.assign(next.href);
    else announce("That was the last claim here.");
  });

  // queue: after an action, the row after the one acted on becomes the current one (when the setting is on)
  document.addEventListener("htmx:afterSwap", (event) => {
    if (!pendingAdvance || !event.detail.target || event.detail.target.id !== "queue-results") return;
    const items = rows();
    const still = items.findIndex((item) => item.dataset.pk === pendingAdvance.pk);
    // the row is still listed: the one after it; it left the list (a status filter): the one now in its place
    const index = still >= 0 ? still + 1 : pendingAdvance.index;
    pendingAdvance = null;
    if (index < items.length) setCurrent(index);
    else if (items.length) setCurrent(items.length - 1);
  });

  // claim page: a selection in the text beside the open edit form sets the claim's span
  function applyEditSelection() {
    const form = $("#edit-claim[open] [data-selection-form]");
    const found = form && selectionOffsets();
    if (!found) return;
    form.elements.start.value = found.start;
    form.elements.end.value = found.end;
    const preview = $("[data-selection-preview]", form);
    if (preview) {
      preview.hidden = false;
      preview.textContent = `Selected (${found.start}–${found.end}): “${found.text.slice(0, 200)}${found.text.length > 200 ? "…" : ""}”`;
    }
    form.classList.add("has-selection");
  }

  document.addEventListener("mouseup", () => window.setTimeout(applyEditSelection, 0));
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey && !isTyping(event.target)) applyEditSelection();
  });

  // --- Text selection → character offsets into the article ---------------------------------------
  // Each rendered segment carries data-start (its offset into the article text) and holds one text node,
  // so a selection boundary inside it is data-start + the offset within that node.

  function segmentOf(node) {
    if (!node || node.nodeType !== Node.ELEMENT_NODE) return null;
    return node.matches("[data-start]") ? node : node.querySelector("[data-start]");
  }

  function lastSegmentOf(node) {
    if (!node || node.nodeType !== Node.ELEMENT_NODE) return null;
    if (node.matches("[data-start]")) return node;
    const all = node.querySelectorAll("[data-start]");
    return all.length ? all[all.length - 1] : null;
  }

  function boundaryOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const segment = node.parentElement && node.parentElement.closest("[data-start]");
      return segment ? Number(segment.dataset.start) + offset : null;
    }
    const children = node.childNodes;
    if (offset < children.length) {
      const segment = segmentOf(children[offset]);
      if (segment) return Number(segment.dataset.start);
    }
    if (offset > 0) {
      const segment = lastSegmentOf(children[offset - 1]);
      if (segment) return Number(segment.dataset.start) + segment.textContent.length;
    }
    return null;
  }

  function selectionOffsets() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    const root = range.commonAncestorContainer.nodeType === Node.ELEMENT_NODE
      ? range.commonAncestorContainer.closest("[data-offsets-root]")
      : range.commonAncestorContainer.parentElement.closest("[data-offsets-root]");
    if (!root) return null;
    let start = boundaryOffset(range.startContainer, range.startOffset);
    let end = boundaryOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    const text = selection.toString();
    const lead = text.length - text.replace(/^\s+/, "").length;
    const trail = text.length - text.replace(/\s+$/, "").length;
    start += lead;
    end -= trail;
    return end > start ? { start, end, text: text.trim(), root } : null;
  }

  // --- Add a claim from a selection: a floating button by the selection opens the form there ------
  // The offsets go to hidden inputs; the speaker is guessed (the claim before the selection in its
  // paragraph, else a speaker of this article named in the selected sentence) and said to be a guess.

  let picked = null; // the last selection in the article: {start, end, text, anchor (a rect), paragraph}
  let floatPressed = false;

  function anchorRect(range) {
    const rects = range.getClientRects();
    return rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  }

  function place(element, rect, layout) {
    // absolute within the layout, just below the anchor, kept inside the layout's width
    const box = layout.getBoundingClientRect();
    element.hidden = false;
    const width = element.offsetWidth;
    const left = Math.max(0, Math.min(rect.left - box.left, box.width - width));
    element.style.left = `${Math.round(left)}px`;
    element.style.top = `${Math.round(rect.bottom - box.top + 6)}px`;
  }

  function popOpen() {
    const pop = $("[data-add-claim-pop]");
    return Boolean(pop && !pop.hidden);
  }

  function readSelection() {
    // the current selection in the article, or null
    const found = selectionOffsets();
    if (!found) return null;
    const range = window.getSelection().getRangeAt(0);
    const start = range.startContainer;
    const paragraph = (start.nodeType === Node.ELEMENT_NODE ? start : start.parentElement).closest("p");
    return { ...found, anchor: anchorRect(range), paragraph };
  }

  function trackSelection() {
    const button = $("[data-add-claim-float]");
    if (!button) return;
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) {
      if (!floatPressed) button.hidden = true;
      return;
    }
    const found = readSelection();
    const layout = button.closest("[data-article-layout]");
    if (!found || !layout) {
      button.hidden = true;
      return;
    }
    picked = found;
    if (!popOpen()) place(button, picked.anchor, layout);
  }

  function sentenceAround(text, from, to) {
    const before = text.slice(0, from);
    const stops = [...before.matchAll(/[.!?]["”’)]*\s/g)];
    const left = stops.length ? stops[stops.length - 1].index + stops[stops.length - 1][0].length : 0;
    const after = text.slice(to).search(/[.!?](\s|$)/);
    return text.slice(left, after === -1 ? text.length : to + after + 1);
  }

  function guessSpeaker(form) {
    const select = form.elements.speaker;
    const hint = $("[data-speaker-guess]", form);
    if (!select || !hint) return;
    const options = Array.from(select.options).filter((option) => option.value);
    let guess = null;
    let why = "";
    const paragraph = picked.paragraph;
    if (paragraph) {
      const before = $$("a[data-claim]", paragraph).filter((a) => Number(a.dataset.start) < picked.start).pop();
      const row = before && $(`.mini-claims li[data-claim="${before.dataset.claim}"]`);
      guess = row && options.find((option) => option.value === row.dataset.speaker);
      if (guess) why = "the speaker of the claim before it in this paragraph";
      if (!guess) {
        const first = $("[data-start]", paragraph);
        const base = first ? Number(first.dataset.start) : 0;
        const sentence = sentenceAround(paragraph.textContent, picked.start - base, picked.end - base);
        const named = (name) => {
          const words = name.split(/\s+/).filter((w) => w.length > 2 && /^\p{Lu}/u.test(w));
          const surname = words.length > 1 ? words[words.length - 1] : null;
          const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          return [name, surname].filter(Boolean).some((needle) => new RegExp(`(^|[^\\p{L}])${escape(needle)}([^\\p{L}]|$)`, "u").test(sentence));
        };
        guess = options.find((option) => named(option.textContent.trim()));
        if (guess) why = "named in the selected sentence";
      }
    }
    select.value = guess ? guess.value : "";
    if (form.elements.new_speaker) form.elements.new_speaker.value = "";
    hint.hidden = !guess;
    hint.textContent = guess ? `Guessed: ${guess.textContent.trim()}, ${why}. Change it if it is wrong.` : "";
  }

  function openAddClaim() {
    const pop = $("[data-add-claim-pop]");
    const button = $("[data-add-claim-float]");
    picked = readSelection() || picked; // the selection now (a tap may have cleared it: then the last one)
    if (!pop || !picked) return false;
    const form = $("[data-selection-form]", pop);
    form.elements.start.value = picked.start;
    form.elements.end.value = picked.end;
    const preview = $("[data-selection-preview]", form);
    if (preview) {
      preview.hidden = false;
      preview.textContent = `“${picked.text.slice(0, 200)}${picked.text.length > 200 ? "…" : ""}”`;
    }
    $$(".form-error", form).forEach((error) => error.remove());
    guessSpeaker(form);
    if (button) button.hidden = true;
    place(pop, picked.anchor, pop.closest("[data-article-layout]"));
    (form.elements.speaker || form.elements.new_speaker).focus({ preventScroll: true });
    return true;
  }

  function closeAddClaim() {
    const pop = $("[data-add-claim-pop]");
    if (!pop || pop.hidden) return false;
    pop.hidden = true;
    const button = $("[data-add-claim-float]");
    if (button && picked && !window.getSelection().isCollapsed) {
      place(button, picked.anchor, button.closest("[data-article-layout]"));
      button.focus({ preventScroll: true });
    }
    return true;
  }

  document.addEventListener("selectionchange", () => {
    window.clearTimeout(trackSelection.timer);
    trackSelection.timer = window.setTimeout(trackSelection, 120);
  });
  // pressing the button must not lose the selection it is for (mouse and touch)
  document.addEventListener("pointerdown", (event) => {
    floatPressed = Boolean(event.target.closest && event.target.closest("[data-add-claim-float]"));
    if (floatPressed && event.pointerType === "mouse") event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-add-claim-float]")) {
      floatPressed = false;
      openAddClaim();
    } else if (event.target.closest("[data-add-claim-cancel]")) {
      closeAddClaim();
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && closeAddClaim()) {
      event.preventDefault();
    } else if (event.key === "a" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)
      && $("[data-add-claim-float]:not([hidden])") && openAddClaim()) {
      event.preventDefault();
    }
  });
  // a form sent back with an error opens by the words it was for
  document.addEventListener("htmx:afterSwap", () => {
    const pop = $("[data-add-claim-pop]:not([hidden])");
    if (!pop) return;
    const form = $("[data-selection-form]", pop);
    const start = Number(form.elements.start.value);
    const segment = $$("[data-offsets-root] [data-start]").filter((s) => Number(s.dataset.start) <= start).pop();
    if (segment) place(pop, segment.getBoundingClientRect(), pop.closest("[data-article-layout]"));
  });

  // --- Text too long for the extractor: refused before it uploads ---------------------------------
  // (textarea[data-max-chars]; HTML may be longer, up to data-max-html-chars, as it is cleaned first)

  const HTML_TAG = /<\/?(?:html|head|body|p|div|span|br|a|h[1-6]|li|ul|ol|article|section|main|header|footer|script|style|strong|em|b|i|img|table|td|tr)(?:\s[^<>]*)?\/?>/gi;

  function lengthProblem(area) {
    const value = area.value.replace(/\r\n/g, "\n");
    const head = value.slice(0, 100000);
    const html = /^\s*<(?:!doctype\s+html|html[\s>])/i.test(head) || (head.match(HTML_TAG) || []).length >= 3;
    const limit = Number(html ? area.dataset.maxHtmlChars : area.dataset.maxChars);
    if (!limit || value.length <= limit) return "";
    const n = (x) => x.toLocaleString("en");
    return `The ${html ? "HTML" : "text"} is ${n(value.length)} characters long, over the ${n(limit)}-character limit. Nothing was sent: shorten it or split it.`;
  }

  function showLengthProblem(area) {
    const problem = lengthProblem(area);
    area.setCustomValidity(problem);
    let note = area.parentElement.querySelector("[data-length-error]");
    if (problem && !note) {
      note = document.createElement("p");
      note.className = "form-error";
      note.setAttribute("role", "alert");
      note.dataset.lengthError = "";
      area.insertAdjacentElement("afterend", note);
    }
    if (note) {
      note.textContent = problem;
      note.hidden = !problem;
    }
    return problem;
  }

  document.addEventListener("input", (event) => {
    const area = event.target.closest && event.target.closest("textarea[data-max-chars]");
    if (area) showLengthProblem(area);
  });
  document.addEventListener("submit", (event) => {
    const areas = $$("textarea[data-max-chars]", event.target);
    const problems = areas.filter((area) => showLengthProblem(area));
    if (problems.length) {
      event.preventDefault();
      event.stopImmediatePropagation();
      problems[0].focus();
    }
  }, true);

  // --- Re-run extraction asks first: its question opens below the button (htmx); Cancel closes it ------

  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.target.id !== "rerun-slot") return;
    const confirm = $("[data-rerun-confirm]", event.target);
    if (confirm) confirm.focus();
  });
  document.addEventListener("click", (event) => {
    if (!(event.target.closest && event.target.closest("#rerun-slot [data-rerun-cancel]"))) return;
    event.preventDefault();
    $("#rerun-slot").replaceChildren();
    const ask = $("[data-rerun-ask]");
    if (ask) ask.focus();
  });
})();
