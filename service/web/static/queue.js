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
})();
