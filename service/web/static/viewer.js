// Submission page: evidence boxes on the page images, zoom, thumbnails, keyboard review
// (j/k/c/e), inline confirm/correct through the server (which answers with the field's HTML).
(function () {
  "use strict";
  const viewer = document.querySelector(".viewer");
  const pagesEl = document.querySelector(".pages");
  const dataEl = document.querySelector(".data");
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const dpi = Number(viewer.dataset.dpi) || 110;
  const zoomSteps = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
  let zoom = 1;
  let active = null;

  // Page size in PDF points: from the result, else from the image and its rendering DPI.
  function pageSize(fig) {
    let w = Number(fig.dataset.width), h = Number(fig.dataset.height);
    const img = fig.querySelector("img");
    if ((!w || !h) && img && img.naturalWidth) {
      w = img.naturalWidth * 72 / dpi;
      h = img.naturalHeight * 72 / dpi;
    }
    return [w || 595, h || 842];
  }

  // bbox points -> percentages of the page, so boxes follow every zoom level.
  function place(el, fig, bbox) {
    const [w, h] = pageSize(fig);
    el.style.left = (bbox[0] / w * 100) + "%";
    el.style.top = (bbox[1] / h * 100) + "%";
    el.style.width = Math.max(0.4, (bbox[2] - bbox[0]) / w * 100) + "%";
    el.style.height = Math.max(0.4, (bbox[3] - bbox[1]) / h * 100) + "%";
  }

  function drawSeals(fig) {
    const boxes = fig.querySelector(".boxes");
    boxes.querySelectorAll(".seal-box").forEach((b) => b.remove());
    JSON.parse(fig.dataset.seals || "[]").forEach((bbox) => {
      const el = document.createElement("div");
      el.className = "seal-box";
      place(el, fig, bbox);
      boxes.appendChild(el);
    });
  }

  function clearHighlights() {
    pagesEl.querySelectorAll(".hl").forEach((b) => b.remove());
    pagesEl.querySelectorAll(".page.page-flash").forEach((p) => p.classList.remove("page-flash"));
  }

  // Show evidence: draw its boxes and bring the first into view.
  function showEvidence(evidence) {
    clearHighlights();
    let first = null;
    (evidence || []).forEach((e) => {
      const fig = document.getElementById("page-" + e.page);
      if (!fig) return;
      if (e.bbox) {
        const el = document.createElement("div");
        el.className = "hl";
        el.title = e.text || "";
        place(el, fig, e.bbox);
        fig.querySelector(".boxes").appendChild(el);
        first = first || el;
      } else if (!first) {
        fig.classList.add("page-flash");
        first = fig;
      }
    });
    if (first) first.scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
  }

  // Values on screen (not those folded away in a closed evidence item).
  function fields() {
    return Array.from(dataEl.querySelectorAll(".fld")).filter((f) => f.offsetParent !== null);
  }

  function select(fld, scroll) {
    if (active) active.classList.remove("active");
    active = fld;
    if (!fld) return;
    fld.classList.add("active");
    if (scroll) fld.scrollIntoView({ block: "nearest" });
    showEvidence(JSON.parse(fld.dataset.evidence || "[]"));
  }

  function move(step) {
    const all = fields();
    if (!all.length) return;
    const at = all.indexOf(active);
    const next = at < 0 ? (step > 0 ? 0 : all.length - 1)
      : Math.min(all.length - 1, Math.max(0, at + step));
    select(all[next], true);
  }

  function openEdit(fld) {
    const form = fld.querySelector(".fld-edit");
    if (!form) return;
    form.hidden = false;
    const input = form.querySelector("[name=value]");
    if (input) { input.focus(); if (input.select) input.select(); }
  }

  function closeEdit(fld) {
    const form = fld.querySelector(".fld-edit");
    if (form) form.hidden = true;
  }

  async function send(fld, body) {
    body.set("path", fld.dataset.path);
    const sid = document.getElementById("sub-status").dataset.id;
    const res = await fetch("/submissions/" + sid + "/values", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" },
    });
    if (res.status !== 200 && res.status !== 422) {
      alert("保存失败（" + res.status + "），请刷新页面后重试");
      return;
    }
    const tpl = document.createElement("template");
    tpl.innerHTML = (await res.text()).trim();
    const fresh = tpl.content.firstElementChild;
    fld.replaceWith(fresh);
    select(fresh, false);
    if (res.status === 422) openEdit(fresh);
  }

  function confirmField(fld) {
    if (!fld.querySelector(".fld-actions")) return;
    const body = new FormData();
    body.set("action", "confirm");
    send(fld, body);
  }

  dataEl.addEventListener("click", (ev) => {
    const go = ev.target.closest(".flag-go");  // a flag's link: the value it is about
    if (go) {
      const target = document.getElementById("f-" + go.dataset.path);
      if (target) { ev.preventDefault(); select(target, true); }
      return;
    }
    const fld = ev.target.closest(".fld");
    const act = ev.target.closest("[data-act]");
    if (fld && act) {
      if (act.dataset.act === "confirm") confirmField(fld);
      if (act.dataset.act === "edit") { select(fld, false); openEdit(fld); }
      if (act.dataset.act === "cancel") closeEdit(fld);
      return;
    }
    if (fld && ev.target.closest(".fld-value, .pg")) { select(fld, false); return; }
    const link = ev.target.closest(".cl-item");
    if (link) { ev.preventDefault(); openItem(link.dataset.key); return; }
    const item = ev.target.closest("[data-evidence]");
    if (item && ev.target.closest(".ev-jump")) {
      if (item.classList.contains("ev-item")) markItem(item);
      showEvidence(JSON.parse(item.dataset.evidence));
    }
  });

  // Evidence items: a count's link (or #ev-KEY on arrival) opens the item and shows its box.
  function markItem(item) {
    dataEl.querySelectorAll(".ev-item.active").forEach((x) => x.classList.remove("active"));
    item.classList.add("active");
  }

  function openItem(key) {
    const item = document.getElementById("ev-" + key);
    if (!item) return;
    item.closest("details").open = true;
    markItem(item);
    item.scrollIntoView({ block: "nearest" });
    showEvidence(JSON.parse(item.dataset.evidence || "[]"));
  }

  dataEl.addEventListener("submit", (ev) => {
    const form = ev.target.closest(".fld-edit");
    if (!form) return;
    ev.preventDefault();
    const body = new FormData(form);
    body.delete("csrf_token");
    send(form.closest(".fld"), body);
  });

  function setZoom(z) {
    zoom = z;
    pagesEl.style.setProperty("--zoom", z);
    document.querySelector(".zoom-level").textContent = Math.round(z * 100) + "%";
  }

  function stepZoom(dir) {
    if (dir === 0) return setZoom(1);
    const at = zoomSteps.indexOf(zoom);
    setZoom(zoomSteps[Math.min(zoomSteps.length - 1, Math.max(0, at + dir))]);
  }

  document.querySelector(".viewer-tools").addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-zoom]");
    if (b) stepZoom(Number(b.dataset.zoom));
  });

  document.addEventListener("keydown", (ev) => {
    const t = ev.target;
    if (ev.key === "Escape") {
      const fld = t.closest && t.closest(".fld");
      if (fld) { closeEdit(fld); fld.querySelector(".fld-value").focus(); }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (t.matches && t.matches("input, textarea, select")) return;
    const keys = {
      j: () => move(1), k: () => move(-1),
      c: () => active && confirmField(active),
      e: () => active && openEdit(active),
      "+": () => stepZoom(1), "=": () => stepZoom(1), "-": () => stepZoom(-1), "0": () => stepZoom(0),
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });

  // Thumbnails follow the page in view; the toolbar says which page that is.
  const thumbs = document.querySelectorAll(".thumb");
  const observer = new IntersectionObserver((entries) => {
    entries.forEach((en) => {
      if (!en.isIntersecting) return;
      const n = en.target.dataset.page;
      thumbs.forEach((th) => th.classList.toggle("on", th.dataset.page === n));
      document.querySelector(".page-at b").textContent = n;
    });
  }, { root: pagesEl, threshold: 0.5 });
  document.querySelectorAll(".page").forEach((fig) => {
    observer.observe(fig);
    const img = fig.querySelector("img");
    if (img.complete) drawSeals(fig); else img.addEventListener("load", () => drawSeals(fig));
  });
  thumbs.forEach((th) => th.addEventListener("click", (ev) => {
    ev.preventDefault();
    const fig = document.getElementById("page-" + th.dataset.page);
    if (fig) fig.scrollIntoView({ block: "start", behavior: "smooth" });
  }));
  document.querySelectorAll(".warnings a.pg").forEach((a) => a.addEventListener("click", (ev) => {
    ev.preventDefault();
    showEvidence([{ page: Number(a.getAttribute("href").split("-")[1]) }]);
  }));

  // #hl=PAGE:x0,y0,x1,y1 (links from the scoring page) highlights that box on arrival.
  const evHash = location.hash.match(/^#ev-(p\d+[b-z]?)$/);
  if (evHash) setTimeout(() => openItem(evHash[1]), 50);
  const m = location.hash.match(/^#hl=(\d+)(?::([\d.,-]+))?/);
  if (m) {
    const bbox = m[2] ? m[2].split(",").map(Number) : null;
    setTimeout(() => showEvidence([{ page: Number(m[1]), bbox: bbox && bbox.length === 4 ? bbox : null }]), 50);
  }

  // While processing, follow the service's status and reload once there is a result.
  const status = document.getElementById("sub-status");
  if (["queued", "processing"].includes(status.dataset.status)) {
    const timer = setInterval(async () => {
      const res = await fetch("/api/submissions/" + status.dataset.id + "/status", { credentials: "same-origin" });
      if (!res.ok) return;
      const data = await res.json();
      if (data.status !== status.dataset.status) { clearInterval(timer); location.reload(); }
    }, 2000);
  }
})();
