// Scoring page: the total follows the inputs as they are typed; suggested scores can be
// taken with one click. The server checks every bound again on save.
(function () {
  "use strict";
  const form = document.getElementById("score-form");
  const inputs = Array.from(form.querySelectorAll("input[name^=score_]"));

  function update() {
    let total = 0, filled = 0, bad = false;
    inputs.forEach((inp) => {
      const v = inp.value.trim();
      const max = Number(inp.dataset.max);
      const n = Number(v);
      const wrong = v !== "" && (!Number.isFinite(n) || n < 0 || n > max);
      inp.setCustomValidity(wrong ? "得分应在 0 到 " + max + " 之间" : "");
      inp.closest("tr").classList.toggle("has-err", wrong);
      if (v !== "" && !wrong) { total += n; filled += 1; }
      bad = bad || wrong;
    });
    const text = filled === inputs.length && !bad
      ? String(Math.round(total * 100) / 100) : (filled ? Math.round(total * 100) / 100 + "…" : "—");
    document.getElementById("total").textContent = text;
    const bar = document.getElementById("total-bar");
    if (bar) bar.textContent = text;
    document.getElementById("scored").textContent = filled + "/" + inputs.length + " 项";
  }

  form.addEventListener("input", update);
  form.addEventListener("click", (ev) => {
    const b = ev.target.closest(".use-suggested");
    if (b) { document.getElementById(b.dataset.target).value = b.dataset.value; update(); }
  });
  const all = document.getElementById("use-all");
  if (all) all.addEventListener("click", () => {
    form.querySelectorAll(".use-suggested").forEach((b) => {
      const inp = document.getElementById(b.dataset.target);
      if (inp.value.trim() === "") inp.value = b.dataset.value;
    });
    update();
  });
  update();
})();
