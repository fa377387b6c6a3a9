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

  function announce(message) {
    const region = $("#announcer");
    if (!region || !message) return;
    region.textContent = message;
    region.classList.add("is-visible");
    window.clearTimeout(announce.timer);
    announce.timer = window.setTimeout(() => region.classList.remove("is-visible"), 3500);
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
    announce(detail.message || detail.value);
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
    if (onQueue) {
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

  function applySelection() {
    const picked = selectionOffsets();
    if (!picked) return;
    const form = $("[data-selection-form]");
    if (!form || form.closest("details:not([open])")) return;
    form.elements.start.value = picked.start;
    form.elements.end.value = picked.end;
    const preview = $("[data-selection-preview]", form);
    if (preview) {
      preview.hidden = false;
      preview.textContent = `Selected (${picked.start}–${picked.end}): “${picked.text.slice(0, 200)}${picked.text.length > 200 ? "…" : ""}”`;
    }
    form.classList.add("has-selection");
  }

  document.addEventListener("mouseup", () => window.setTimeout(applySelection, 0));
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey && !isTyping(event.target)) applySelection();
  });
})();
