// Queue page: rows still queued or processing follow the service's status endpoint; when one
// changes, the server's rendering of that row replaces it.
(function () {
  "use strict";
  const LIVE = ["queued", "processing"];

  async function refreshRow(tr) {
    const res = await fetch("/queue/rows/" + tr.dataset.id, { credentials: "same-origin" });
    if (!res.ok) return;
    const tpl = document.createElement("template");
    tpl.innerHTML = (await res.text()).trim();
    tr.replaceWith(tpl.content.firstElementChild);
  }

  // The tab counts were computed with the page; fetch them again once a row has moved on.
  async function refreshTabs() {
    const res = await fetch(location.href, { credentials: "same-origin" });
    if (!res.ok) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    const fresh = doc.querySelector(".tabs");
    const tabs = document.querySelector(".tabs");
    if (fresh && tabs) tabs.innerHTML = fresh.innerHTML;
  }

  async function poll() {
    const rows = Array.from(document.querySelectorAll("#queue tbody tr[data-status]"))
      .filter((tr) => LIVE.includes(tr.dataset.status));
    await Promise.all(rows.map(async (tr) => {
      const res = await fetch("/api/submissions/" + tr.dataset.id + "/status", { credentials: "same-origin" });
      if (!res.ok) return;
      const data = await res.json();
      const progress = data.progress && data.progress.total ? data.progress.done + "/" + data.progress.total : "";
      if (data.status !== tr.dataset.status || progress !== (tr.dataset.progress || "")) {
        tr.dataset.progress = progress;
        await refreshRow(tr);
        if (data.status !== tr.dataset.status) await refreshTabs();
      }
    }));
    if (rows.length) setTimeout(poll, 2000);
  }
  setTimeout(poll, 1500);

  // Keyboard: j/k (or arrows) move through the rows, Enter opens one, / goes to the search.
  let at = -1;
  function rows() { return Array.from(document.querySelectorAll("#queue tbody tr[data-id]")); }
  function mark(index) {
    const all = rows();
    if (!all.length) return;
    at = Math.min(all.length - 1, Math.max(0, index));
    all.forEach((tr, i) => tr.classList.toggle("kbd-on", i === at));
    all[at].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.matches && t.matches("input, textarea, select")) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    if (ev.key === "j" || ev.key === "ArrowDown") { ev.preventDefault(); mark(at + 1); }
    else if (ev.key === "k" || ev.key === "ArrowUp") { ev.preventDefault(); mark(at - 1); }
    else if (ev.key === "Enter" && at >= 0) {
      const link = rows()[at] && rows()[at].querySelector("a");
      if (link) { ev.preventDefault(); location.href = link.href; }
    } else if (ev.key === "/") {
      ev.preventDefault();
      document.querySelector("input[name=q]").focus();
    }
  });
})();
