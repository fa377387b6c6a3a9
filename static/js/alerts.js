/* Alerts: the header notification badge.
   - Polling: the badge carries data-notif-src / data-notif-poll; this turns them into htmx attributes, so
     htmx asks for the count every N seconds (and when the page says "alerts:changed"). The server answers
     204 while the count is unchanged, a new badge (swapped outerHTML) when it changed.
   - If a poll fails (server error, network gone), the badge stops polling instead of raising the desk's
     error banner every 30 seconds, and says so in its title. */
(function () {
  "use strict";

  function arm(root) {
    const badges = root.matches && root.matches("[data-notif-src]") ? [root] : [];
    badges.push(...root.querySelectorAll("[data-notif-src]"));
    badges.forEach((badge) => {
      badge.setAttribute("hx-get", badge.dataset.notifSrc);
      badge.setAttribute("hx-trigger", badge.dataset.notifPoll);
      badge.setAttribute("hx-swap", "outerHTML");
      window.htmx.process(badge);
    });
  }

  function stopPolling(event) {
    const badge = event.target instanceof Element && event.target.closest("[data-notif-badge]");
    if (!badge) return;
    event.stopPropagation(); // a failed background poll is not an error the editor has to dismiss
    const quiet = badge.cloneNode(true); // the same link without htmx attributes: no more requests
    ["hx-get", "hx-trigger", "hx-swap", "data-notif-src"].forEach((name) => quiet.removeAttribute(name));
    quiet.title = "The notification count stopped updating. Reload the page to resume.";
    quiet.classList.add("is-stale");
    badge.replaceWith(quiet);
  }

  if (window.htmx) window.htmx.onLoad(arm);
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach((name) => {
    document.addEventListener(name, stopPolling, true);
  });
})();
