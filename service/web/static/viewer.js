// Submission page: evidence boxes on the page images, zoom, thumbnails, keyboard review
// (j/k/c/e), inline confirm/correct through the server (which answers with the field's HTML).
(function () {
  "use strict";
  const viewer = document.querySelector(".viewer");
  const pagesEl = document.querySelector(".pages");
  const dataEl = document.querySelector(".data");
  let csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
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

  async function post(url, body) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "X-Requested-With": "fetch" },
    });
  }

  // The session ended (signed out in another tab, expired): the server sent the login page.
  function signedOut(res) {
    return res.status === 401 || (res.redirected && new URL(res.url).pathname === "/login");
  }

  function tokenIn(html) {
    const m = html.match(/name="csrf-token" content="([^"]+)"/);
    return m ? m[1] : "";
  }

  // This page's token again (a sign-in elsewhere gives the session a new one); false when
  // the session has ended.
  async function refreshToken() {
    const res = await fetch(location.pathname, { credentials: "same-origin" });
    if (!res.ok || signedOut(res)) return false;
    csrf = tokenIn(await res.text()) || csrf;
    return true;
  }

  async function send(fld, body, retried) {
    body.set("path", fld.dataset.path);
    const sid = document.getElementById("sub-status").dataset.id;
    let res;
    try {
      res = await post("/submissions/" + sid + "/values", body);
    } catch (err) {
      alert("网络连接失败，修改未保存，请稍后重试");
      return;
    }
    if (!retried && (signedOut(res) || res.status === 403)) {
      // Keep the row as it is (what was typed stays in its box), sign in again, retry.
      const ok = (res.status === 403 && await refreshToken()) || await signInAgain();
      if (ok) return send(fld, body, true);
      return;
    }
    if (res.status !== 200 && res.status !== 422) {
      alert("保存失败（" + res.status + "），请刷新页面后重试");
      return;
    }
    const tpl = document.createElement("template");
    tpl.innerHTML = (await res.text()).trim();
    const fresh = tpl.content.firstElementChild;
    if (!fresh || !fresh.classList.contains("fld")) {
      alert("保存失败，请刷新页面后重试");
      return;
    }
    fld.replaceWith(fresh);
    select(fresh, false);
    if (res.status === 422) openEdit(fresh);
  }

  // A small sign-in dialog over the page; resolves true once signed in (the page's token is
  // then the new session's), false when the reviewer cancels.
  function signInAgain() {
    return new Promise((resolve) => {
      const dlg = document.createElement("dialog");
      dlg.className = "relogin";
      dlg.innerHTML =
        '<form method="dialog"><h2>登录已过期</h2>' +
        '<p class="muted small">请重新登录，刚才的操作会在登录后继续，已填写的内容不会丢失。</p>' +
        '<label>用户名 <input name="username" autocomplete="username" required></label>' +
        '<label>密码 <input name="password" type="password" autocomplete="current-password" required></label>' +
        '<p class="err" role="alert" hidden></p>' +
        '<div class="actions"><button type="button" value="cancel">取消</button>' +
        '<button type="submit" class="primary">登录并继续</button></div></form>';
      document.body.appendChild(dlg);
      const form = dlg.querySelector("form");
      const err = dlg.querySelector(".err");
      const done = (ok) => { dlg.close(); dlg.remove(); resolve(ok); };
      dlg.querySelector("button[value=cancel]").addEventListener("click", () => done(false));
      dlg.addEventListener("cancel", () => done(false));
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        err.hidden = true;
        try {
          // The login form's own token (a cookie on /login and a field of its page).
          const page = await fetch("/login", { credentials: "same-origin" });
          const html = await page.text();
          const m = html.match(/name="csrf_token" value="([^"]+)"/);
          const body = new FormData(form);
          body.set("csrf_token", m ? m[1] : "");
          body.set("next", location.pathname);
          const res = await fetch("/login", { method: "POST", body: body, credentials: "same-origin" });
          if (res.ok && new URL(res.url).pathname !== "/login") {
            csrf = tokenIn(await res.text()) || csrf;
            done(true);
            return;
          }
          err.textContent = res.status === 401 ? "用户名或密码错误" : "登录失败（" + res.status + "），请重试";
        } catch (e) {
          err.textContent = "网络连接失败，请重试";
        }
        err.hidden = false;
      });
      dlg.showModal();
      dlg.querySelector("input[name=username]").focus();
    });
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

  // Page text (lines with boxes) from the server, fetched once per page when needed.
  const texts = {};
  function pageText(n) {
    if (!texts[n]) {
      const sid = document.getElementById("sub-status").dataset.id;
      texts[n] = fetch("/submissions/" + sid + "/pages/" + n + "/text", {
        credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
      }).then((r) => (r.ok ? r.json() : { lines: [] })).catch(() => ({ lines: [] }));
    }
    return texts[n];
  }
  const compact = (t) => t.replace(/\s+/g, "").toLowerCase();

  // Search: every line holding the words is marked, the part that matched boxed (its share of
  // the line's width); Enter goes to the next hit.
  let hits = [], hitAt = -1, searched = "";
  async function search(words) {
    pagesEl.querySelectorAll(".search-hit").forEach((b) => b.remove());
    hits = []; hitAt = -1; searched = words;
    const hitsEl = document.querySelector(".page-search .hits");
    const needle = compact(words);
    if (!needle) { hitsEl.textContent = ""; return; }
    for (const fig of figures) {
      const data = await pageText(fig.dataset.page);
      if (searched !== words) return;  // a newer search began
      (data.lines || []).forEach((line) => {
        const text = compact(line.text);
        let from = text.indexOf(needle);
        while (from >= 0) {
          const [x0, y0, x1, y1] = line.bbox;
          const w = (x1 - x0) / Math.max(1, text.length);
          const el = document.createElement("div");
          el.className = "search-hit";
          place(el, fig, [x0 + w * from, y0, x0 + w * (from + needle.length), y1]);
          fig.querySelector(".boxes").appendChild(el);
          hits.push(el);
          from = text.indexOf(needle, from + needle.length);
        }
      });
    }
    hitsEl.textContent = hits.length ? hits.length + " 处" : "未找到";
    nextHit();
  }
  function nextHit() {
    if (!hits.length) return;
    if (hitAt >= 0) hits[hitAt].classList.remove("current");
    hitAt = (hitAt + 1) % hits.length;
    hits[hitAt].classList.add("current");
    hits[hitAt].scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
    document.querySelector(".page-search .hits").textContent = (hitAt + 1) + "/" + hits.length + " 处";
  }
  const findForm = document.querySelector(".page-search");
  findForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const words = findForm.find.value;
    if (words === searched && hits.length) nextHit(); else search(words);
  });

  // The text layer as an overlay: each line's text over its place on the page.
  let textOn = false;
  async function drawText(fig) {
    const boxes = fig.querySelector(".boxes");
    boxes.querySelectorAll(".text-line").forEach((b) => b.remove());
    if (!textOn) return;
    const data = await pageText(fig.dataset.page);
    if (!textOn) return;
    const [w, h] = pageSize(fig);
    const scale = fig.getBoundingClientRect().height / h;
    (data.lines || []).forEach((line) => {
      const el = document.createElement("div");
      el.className = "text-line";
      el.textContent = line.text;
      place(el, fig, line.bbox);
      el.style.fontSize = Math.max(6, (line.bbox[3] - line.bbox[1]) * scale * 0.8) + "px";
      boxes.appendChild(el);
    });
  }
  function toggleText(on) {
    textOn = on === undefined ? !textOn : on;
    const button = document.querySelector(".text-toggle");
    button.setAttribute("aria-pressed", String(textOn));
    button.classList.toggle("on", textOn);
    figures.forEach(drawText);
  }
  document.querySelector(".text-toggle").addEventListener("click", () => toggleText());

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

  const MIN_ZOOM = 0.5, MAX_ZOOM = 4;

  // Zoom about a point of the pane (the pointer; else the pane's centre) so what lies under it
  // stays there. Boxes are placed in percentages of their page, so they follow by themselves.
  function setZoom(z, clientX, clientY) {
    z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(z * 100) / 100));
    const pane = pagesEl.getBoundingClientRect();
    const px = (clientX === undefined ? pane.width / 2 : clientX - pane.left);
    const py = (clientY === undefined ? pane.height / 2 : clientY - pane.top);
    const fx = (pagesEl.scrollLeft + px) / Math.max(1, pagesEl.scrollWidth);
    const fy = (pagesEl.scrollTop + py) / Math.max(1, pagesEl.scrollHeight);
    zoom = z;
    pagesEl.style.setProperty("--zoom", z);
    pagesEl.style.scrollBehavior = "auto";
    pagesEl.scrollLeft = fx * pagesEl.scrollWidth - px;
    pagesEl.scrollTop = fy * pagesEl.scrollHeight - py;
    pagesEl.style.scrollBehavior = "";
    document.querySelector(".zoom-level").textContent = Math.round(z * 100) + "%";
    followPage();
    if (textOn) figures.forEach(drawText);
  }

  function stepZoom(dir) {
    if (dir === 0) return setZoom(1);
    const bigger = zoomSteps.filter((s) => s > zoom + 0.001);
    const smaller = zoomSteps.filter((s) => s < zoom - 0.001);
    const next = dir > 0 ? (bigger[0] || MAX_ZOOM) : (smaller[smaller.length - 1] || MIN_ZOOM);
    setZoom(next);
  }

  // Ctrl (or ⌘) + wheel zooms about the pointer; the plain wheel scrolls as usual.
  pagesEl.addEventListener("wheel", (ev) => {
    if (!ev.ctrlKey && !ev.metaKey) return;
    ev.preventDefault();
    setZoom(zoom * Math.exp(-ev.deltaY * 0.0015), ev.clientX, ev.clientY);
  }, { passive: false });

  // Drag to pan when the pages are larger than the pane (not the browser's image drag).
  let drag = null;
  pagesEl.addEventListener("dragstart", (ev) => ev.preventDefault());
  pagesEl.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0 || ev.target.closest("a, button, input")) return;
    drag = { x: ev.clientX, y: ev.clientY, left: pagesEl.scrollLeft, top: pagesEl.scrollTop, moved: false };
  });
  window.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    pagesEl.classList.add("panning");
    pagesEl.style.scrollBehavior = "auto";
    pagesEl.scrollLeft = drag.left - dx;
    pagesEl.scrollTop = drag.top - dy;
  });
  window.addEventListener("pointerup", () => {
    if (!drag) return;
    drag = null;
    pagesEl.classList.remove("panning");
    pagesEl.style.scrollBehavior = "";
  });

  document.querySelector(".viewer-tools").addEventListener("click", (ev) => {
    const b = ev.target.closest("[data-zoom]");
    if (b) stepZoom(Number(b.dataset.zoom));
  });

  function go(id) {
    const a = document.getElementById(id);
    if (a) location.href = a.href;
  }

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
      "[": () => go("prev-sub"), "]": () => go("next-sub"),
      t: () => toggleText(),
      "/": () => findForm.find.focus(),
    };
    if (keys[ev.key]) { ev.preventDefault(); keys[ev.key](); }
  });

  // Thumbnails follow the page in view (the one across the pane's middle, at any zoom: a page
  // taller than the pane is never half visible); the toolbar says which page that is.
  const thumbs = document.querySelectorAll(".thumb");
  const figures = Array.from(document.querySelectorAll(".page"));
  let shown = null, pending = false;
  function followPage() {
    const pane = pagesEl.getBoundingClientRect();
    const mid = pane.top + pane.height / 2;
    let at = figures[0];
    for (const fig of figures) {
      const r = fig.getBoundingClientRect();
      if (r.top <= mid) at = fig;
      if (r.top <= mid && r.bottom >= mid) break;
    }
    if (!at || at === shown) return;
    shown = at;
    const n = at.dataset.page;
    thumbs.forEach((th) => {
      const on = th.dataset.page === n;
      th.classList.toggle("on", on);
      if (on) th.scrollIntoView({ block: "nearest" });
    });
    document.querySelector(".page-at b").textContent = n;
  }
  pagesEl.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; followPage(); });
  });
  figures.forEach((fig) => {
    const img = fig.querySelector("img");
    if (img.complete) drawSeals(fig); else img.addEventListener("load", () => drawSeals(fig));
  });
  followPage();
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

  // Stage and pages done while processing (the stage names as the page's template has them).
  const STAGES = { perception: "识别页面", interpret: "分析内容" };
  function showProgress(data) {
    const box = document.getElementById("progress");
    const p = data.progress || {};
    if (!box || data.status !== "processing") return;
    status.dataset.status = "processing";
    status.textContent = "处理中";
    const stage = p.stage === "perception" && p.total && p.done >= p.total ? "interpret" : p.stage;
    box.innerHTML = '<span class="stage"></span> <span class="pages"></span> <progress></progress>，完成后自动刷新…';
    box.querySelector(".stage").textContent = "正在" + (STAGES[stage] || "处理");
    if (p.total) {
      box.querySelector(".pages").textContent = "已完成 " + (p.done || 0) + "/" + p.total + " 页";
      const bar = box.querySelector("progress");
      bar.max = p.total; bar.value = p.done || 0;
    }
  }

  // While processing, follow the service's status and reload once there is a result.
  const status = document.getElementById("sub-status");
  if (["queued", "processing"].includes(status.dataset.status)) {
    const timer = setInterval(async () => {
      const res = await fetch("/api/submissions/" + status.dataset.id + "/status", { credentials: "same-origin" });
      if (!res.ok) return;
      const data = await res.json();
      if (data.status !== status.dataset.status && data.status !== "processing") {
        clearInterval(timer); location.reload(); return;
      }
      showProgress(data);
    }, 2000);
  }
})();
