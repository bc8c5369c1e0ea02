/* The interactive explorer of a chaingrad computation graph (autograd/pictures/explorer.py makes the page).

   The page holds three things, and this script brings them together:
   - the drawing: SVG laid out by Graphviz, where each value's group has data-node="v3" (its id in
     to_dot), each op's data-op="v3_op", each edge data-from and data-to (and, from an operand,
     data-position: which operand it is), and each value's data and grad texts data-field;
   - the data: JSON with every value, every step of backward_steps(root) with its caption, and the
     colourings, all numbers already written by Python, as draw_dot and explain write them;
   - the controls: buttons, slider, keys, search, colour switch, and the details panel.

   startExplorer(root) runs once per explorer and keeps all of its state in its own closure, so
   several explorers on one page never share anything.

   Safety: labels are user text. They reach the page only as JSON (read with JSON.parse) and are
   shown only through textContent, never innerHTML, so a label is always just text. */
(function () {
  "use strict";

  const MIN_VIEW_WIDTH = 60; // the closest zoom: this many drawing units (points) across
  const SEARCH_VIEW_WIDTH = 900; // a value found is shown at least this close
  const DRAG_THRESHOLD = 4; // pixels the pointer moves before a press becomes a drag (not a click)

  function startExplorer(root) {
    const part = (name) => root.querySelector('[data-part="' + name + '"]');
    const data = JSON.parse(part("data").textContent);
    const values = data.values; // in topological order: values[k] is "v<k>" in the drawing
    const steps = data.steps; // in the order backward() applies them
    const svg = part("drawing");
    const viewport = part("viewport");
    const caption = part("caption");
    const counter = part("step");
    const slider = part("slider");
    const details = part("details");
    const playButton = root.querySelector('[data-action="play"]');

    // ------------------------------------------------------------------ the drawing, indexed
    const nodeOf = []; // nodeOf[k]: the SVG group of value k (undefined when it is not drawn)
    const opOf = []; // opOf[k]: the group of the op that made value k
    const fields = []; // fields[k]: its data and grad texts, their fixed start ("grad ") and what they show
    const operandEdges = new Map(); // "v3_op:1": the edge from operand 1 of v3 into its op
    const resultEdges = new Map(); // "v3": the edge from v3's op to v3
    const summaryEdges = new Map(); // "v3_op": the edges into that op from values not drawn (summaries)
    const summaries = new Map(); // "omitted": the summary node of values not drawn

    svg.querySelectorAll("[data-node]").forEach((group) => {
      const k = Number(group.dataset.node.slice(1));
      nodeOf[k] = group;
      fields[k] = {};
      for (const name of ["data", "grad"]) {
        const text = group.querySelector('[data-field="' + name + '"]');
        if (text) {
          // the field reads "grad -3": keep everything up to the number, as Python wrote it
          fields[k][name] = { text: text, start: text.textContent.replace(/\S*$/, ""), shown: null };
        }
      }
    });
    svg.querySelectorAll("[data-op]").forEach((group) => {
      opOf[parseInt(group.dataset.op.slice(1), 10)] = group;
    });
    svg.querySelectorAll("[data-summary]").forEach((group) => summaries.set(group.dataset.summary, group));
    svg.querySelectorAll("g[data-to]").forEach((edge) => {
      const from = edge.dataset.from;
      const to = edge.dataset.to;
      if (edge.dataset.position !== undefined) {
        operandEdges.set(to + ":" + edge.dataset.position, edge);
      } else if (from === to + "_op") {
        resultEdges.set(to, edge);
      } else if (summaries.has(from)) {
        if (!summaryEdges.has(to)) summaryEdges.set(to, []);
        summaryEdges.get(to).push(edge);
      }
    });

    // ------------------------------------------------------------------ the graph, derived
    const drawn = []; // the drawn values, in topological order: the order of the forward pass
    values.forEach((value, k) => { if (value.drawn && nodeOf[k]) drawn.push(k); });
    const users = values.map(() => []); // users[k]: the values that have k as an operand
    values.forEach((value, k) => value.parents.forEach((p) => {
      if (users[p][users[p].length - 1] !== k) users[p].push(k); // a * a: one user, not two
    }));
    // finalAfter[k]: the step after which value k's gradient is complete (its last contribution)
    const finalAfter = values.map(() => Infinity);
    finalAfter[data.root] = 0; // the root's gradient is the seed, 1, from the start
    steps.forEach((step, i) => { finalAfter[step.parent] = i + 1; });

    // ------------------------------------------------------------------ state (this explorer only)
    let forwardFirst = false; // step through the forward pass before the backward pass
    let position = 0; // where we are: forward values first (when asked for), then backward steps 0..n
    let grads = []; // grads[k]: value k's gradient as of the current step, null where not reached yet
    let highlighted = []; // [element, class] pairs set for the current step, cleared at the next
    let hovered = null; // the value or op under the pointer: {kind: "value" | "op", k}
    let pinned = null; // the value or op clicked last
    let timer = null; // the pending tick while playing

    const forwardLength = () => (forwardFirst ? drawn.length : 0);
    const lastPosition = () => forwardLength() + steps.length;

    // The gradients after the first k steps of the backward pass: the seed, then each step's new grad.
    function gradsAfter(k) {
      const result = values.map(() => null);
      result[data.root] = data.seed;
      for (let i = 0; i < k; i++) result[steps[i].parent] = steps[i].grad;
      return result;
    }

    function showField(k, name, number) {
      const field = fields[k] && fields[k][name];
      if (field && field.shown !== number) {
        field.text.textContent = field.start + number;
        field.shown = number;
      }
    }

    function highlight(element, name) {
      if (element) {
        element.classList.add(name);
        highlighted.push([element, name]);
      }
    }

    // Show the current position: the numbers in the drawing, the marked nodes and edges, the caption.
    function render() {
      const k = position - forwardLength(); // the backward step; negative during the forward pass
      const forward = k < 0;
      grads = forward ? values.map(() => null) : gradsAfter(k);
      highlighted.forEach(([element, name]) => element.classList.remove(name));
      highlighted = [];
      drawn.forEach((v, rank) => {
        const pending = forward && rank > position; // the forward pass has not computed it yet
        showField(v, "data", pending ? "?" : values[v].data);
        showField(v, "grad", grads[v] === null ? "?" : grads[v]);
        nodeOf[v].classList.toggle("pending", pending);
        if (opOf[v]) opOf[v].classList.toggle("pending", pending);
        nodeOf[v].classList.toggle("done", !forward && finalAfter[v] <= k);
      });
      if (forward) {
        const v = drawn[position];
        highlight(nodeOf[v], "computing");
        highlight(opOf[v], "computing");
        counter.textContent = "forward: value " + (position + 1) + " of " + drawn.length;
        caption.textContent = values[v].forward;
      } else if (k === 0) {
        highlight(nodeOf[data.root], "seeded");
        counter.textContent = "step 0 of " + steps.length;
        caption.textContent = data.start;
      } else {
        const step = steps[k - 1];
        const op = "v" + step.node + "_op";
        highlight(nodeOf[step.node], "passing");
        highlight(nodeOf[step.parent], "receiving");
        highlight(opOf[step.node], "flowing");
        highlight(operandEdges.get(op + ":" + step.position), "flowing");
        highlight(resultEdges.get("v" + step.node), "flowing");
        if (!nodeOf[step.parent]) { // the parent is not drawn: its summary receives
          (summaryEdges.get(op) || []).forEach((edge) => {
            highlight(edge, "flowing");
            highlight(summaries.get(edge.dataset.from), "receiving");
          });
        }
        counter.textContent = "step " + k + " of " + steps.length;
        caption.textContent = step.caption;
      }
      slider.max = String(lastPosition());
      slider.value = String(position);
      showDetails();
    }

    function go(to) {
      position = Math.max(0, Math.min(lastPosition(), to));
      render();
    }

    // ------------------------------------------------------------------ play / pause
    function play() {
      if (position >= lastPosition()) go(0);
      playButton.textContent = "\u275a\u275a pause";
      tick();
    }
    function tick() {
      timer = setTimeout(() => {
        if (position < lastPosition()) go(position + 1);
        if (position < lastPosition()) tick(); else pause();
      }, 1000 / Number(part("speed").value));
    }
    function pause() {
      clearTimeout(timer);
      timer = null;
      playButton.textContent = "\u25b6 play";
    }
    const togglePlay = () => (timer === null ? play() : pause());

    // ------------------------------------------------------------------ details of a value or an op
    function element(tag, text, className) {
      const made = document.createElement(tag);
      if (text !== undefined) made.textContent = text;
      if (className) made.className = className;
      return made;
    }

    // rows: [term, text or list of lines]; every piece of text goes in with textContent
    function showRows(heading, rows) {
      const list = element("dl");
      for (const [term, description] of rows) {
        list.append(element("dt", term));
        const cell = element("dd");
        const lines = Array.isArray(description) ? description : [description];
        if (lines.length === 0) cell.append(element("span", "none", "none"));
        lines.forEach((line) => cell.append(element("div", line)));
        list.append(cell);
      }
      details.replaceChildren(element("h2", heading), list);
    }

    function describeValue(k) {
      const value = values[k];
      const name = (p) => values[p].name;
      const shownStep = position - forwardLength(); // the backward step shown (negative: forward pass)
      const now = grads[k] !== null ? grads[k] + " (after step " + shownStep + ")"
        : (shownStep >= 0 ? "? (not reached yet)" : "? (the backward pass has not started)");
      const rows = [
        ["id", value.id],
        ["label", value.label || "(none)"],
        ["computed as", value.expression],
        ["data", value.data],
        ["grad", value.grad + " (its .grad)"],
        ["grad now", now],
      ];
      if (value.parents.length) {
        rows.push(["local derivatives", value.parents.map((p, i) =>
          "d" + value.name + "/d" + name(p) + " = " + value.local[i])]);
      }
      rows.push(["parents", value.parents.map(name)], ["users", users[k].map(name)]);
      showRows(value.name, rows);
    }

    function describeOp(k) {
      const value = values[k];
      const name = (p) => values[p].name;
      showRows("op " + value.op + " (makes " + value.name + ")", [
        ["op", value.op],
        ["inputs", value.parents.map((p) => name(p) + " = " + values[p].data)],
        ["output", value.name + " = " + value.data],
        ["local derivatives", value.parents.map((p, i) => "d" + value.name + "/d" + name(p) + " = " + value.local[i])],
      ]);
    }

    function showDetails() {
      const item = hovered || pinned;
      if (item === null) {
        details.replaceChildren(element("p", "Hover over or click a value or an op to see its numbers.", "none"));
      } else if (item.kind === "value") {
        describeValue(item.k);
      } else {
        describeOp(item.k);
      }
    }

    // the value or op an event happened on, or null
    function itemAt(target) {
      const group = target.closest ? target.closest("[data-node], [data-op]") : null;
      if (!group || !svg.contains(group)) return null;
      if (group.dataset.node) return { kind: "value", k: Number(group.dataset.node.slice(1)) };
      return { kind: "op", k: parseInt(group.dataset.op.slice(1), 10) };
    }
    const groupOf = (item) => (item.kind === "value" ? nodeOf[item.k] : opOf[item.k]);

    function pin(item) {
      if (pinned) groupOf(pinned).classList.remove("selected");
      pinned = item;
      if (pinned) groupOf(pinned).classList.add("selected");
      showDetails();
    }

    // ------------------------------------------------------------------ pan and zoom (the SVG viewBox)
    const box = svg.viewBox.baseVal;
    const fit = { x: box.x, y: box.y, w: box.width, h: box.height }; // the whole drawing
    let view = Object.assign({}, fit);

    function setView(x, y, w, h) {
      view = { x: x, y: y, w: w, h: h };
      svg.setAttribute("viewBox", [x, y, w, h].map((n) => n.toFixed(2)).join(" "));
    }
    // a point of the window (pixels) in the drawing's units
    function toDrawing(clientX, clientY) {
      const matrix = svg.getScreenCTM();
      if (!matrix) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
      return new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    }
    function unitsPerPixel() {
      const matrix = svg.getScreenCTM();
      return matrix && matrix.a ? 1 / matrix.a : 1;
    }
    // zoom by `factor` (> 1: closer) keeping the point under the pointer where it is
    function zoomAt(clientX, clientY, factor) {
      const widest = Math.max(fit.w, fit.h * view.w / view.h) * 3;
      const w = Math.max(Math.min(MIN_VIEW_WIDTH, fit.w), Math.min(widest, view.w / factor));
      const scale = view.w / w;
      const p = toDrawing(clientX, clientY);
      setView(p.x - (p.x - view.x) / scale, p.y - (p.y - view.y) / scale, w, view.h / scale);
    }
    function centreOn(group) {
      const rect = group.getBoundingClientRect();
      const c = toDrawing(rect.left + rect.width / 2, rect.top + rect.height / 2);
      const w = Math.min(view.w, SEARCH_VIEW_WIDTH);
      const h = view.h * w / view.w;
      setView(c.x - w / 2, c.y - h / 2, w, h);
    }

    const pointers = new Map(); // the pointers pressed on the drawing: id -> last position
    let dragged = false; // the press moved: the click that ends it is not a click on a node
    let pressedAt = null;

    viewport.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 && event.pointerType === "mouse") return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (pointers.size === 1) { dragged = false; pressedAt = { x: event.clientX, y: event.clientY }; }
    });
    viewport.addEventListener("pointermove", (event) => {
      const last = pointers.get(event.pointerId);
      if (!last) return;
      if (!dragged && Math.hypot(event.clientX - pressedAt.x, event.clientY - pressedAt.y) < DRAG_THRESHOLD) return;
      if (!dragged) { // a drag starts: follow the pointer even outside the drawing
        dragged = true;
        viewport.setPointerCapture(event.pointerId);
        viewport.classList.add("dragging");
      }
      if (pointers.size === 2) { // a pinch: zoom by how much the two pointers spread, about their middle
        const [a, b] = [...pointers.values()];
        const other = a === last ? b : a;
        const before = Math.hypot(last.x - other.x, last.y - other.y);
        const after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
        if (before > 0) zoomAt((event.clientX + other.x) / 2, (event.clientY + other.y) / 2, after / before);
      } else {
        const units = unitsPerPixel();
        setView(view.x - (event.clientX - last.x) * units, view.y - (event.clientY - last.y) * units, view.w, view.h);
      }
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    });
    const release = (event) => {
      pointers.delete(event.pointerId);
      if (pointers.size === 0) viewport.classList.remove("dragging");
    };
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);
    viewport.addEventListener("wheel", (event) => {
      event.preventDefault(); // zoom the drawing, not scroll the page
      const lines = event.deltaMode === 1 ? 16 : 1; // some browsers scroll by lines
      const speed = event.ctrlKey ? 0.01 : 0.0015; // a trackpad pinch comes as a wheel with ctrlKey
      zoomAt(event.clientX, event.clientY, Math.exp(-event.deltaY * lines * speed));
    }, { passive: false });

    // ------------------------------------------------------------------ hover and click
    svg.addEventListener("pointerover", (event) => {
      if (pointers.size) return; // dragging
      hovered = itemAt(event.target);
      showDetails();
    });
    svg.addEventListener("pointerleave", () => { hovered = null; showDetails(); });
    svg.addEventListener("click", (event) => {
      if (dragged) { dragged = false; return; }
      pin(itemAt(event.target));
    });

    // ------------------------------------------------------------------ search
    const search = part("search");
    const searchResult = part("search-result");
    let matches = [];
    let matchAt = 0;
    function showMatch() {
      if (matches.length === 0) {
        searchResult.textContent = search.value ? "no value found" : "";
        return;
      }
      const k = matches[matchAt];
      searchResult.textContent = (matchAt + 1) + " of " + matches.length + ": " + values[k].name;
      centreOn(nodeOf[k]);
      svg.querySelectorAll(".found").forEach((group) => group.classList.remove("found"));
      nodeOf[k].classList.add("found");
      pin({ kind: "value", k: k });
    }
    search.addEventListener("input", () => {
      const wanted = search.value.trim().toLowerCase();
      matches = wanted ? drawn.filter((k) => (values[k].label || values[k].name).toLowerCase().includes(wanted)
        || values[k].name.toLowerCase() === wanted) : [];
      matchAt = 0;
      if (!wanted) svg.querySelectorAll(".found").forEach((group) => group.classList.remove("found"));
      showMatch();
    });
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && matches.length) { // Enter: the next match
        event.preventDefault();
        matchAt = (matchAt + 1) % matches.length;
        showMatch();
      }
    });

    // ------------------------------------------------------------------ colourings
    const colourSelect = part("colour");
    function applyColouring(name) {
      const colouring = data.colourings[name]; // undefined for "plain"
      viewport.classList.toggle("colour-plain", !colouring);
      drawn.forEach((v) => {
        const style = colouring ? colouring.values[values[v].id] : null;
        const outline = nodeOf[v].querySelector("polygon");
        outline.setAttribute("fill", style ? style.fill : "white");
        if (style && style.dashed) outline.setAttribute("stroke-dasharray", "5,2");
        else outline.removeAttribute("stroke-dasharray");
        nodeOf[v].querySelectorAll("text").forEach((text) => text.setAttribute("fill", style ? style.text : "black"));
      });
      const legend = part("legend");
      legend.replaceChildren();
      (colouring ? colouring.legend : []).forEach((entry) => {
        const swatch = element("span", undefined, entry.dashed ? "swatch dashed" : "swatch");
        swatch.style.backgroundColor = entry.fill;
        const item = element("span");
        item.append(swatch, element("span", entry.caption));
        legend.append(item);
      });
      colourSelect.value = colouring ? name : "plain";
    }
    colourSelect.addEventListener("change", () => applyColouring(colourSelect.value));

    // ------------------------------------------------------------------ controls and keys
    const actions = {
      start: () => go(0),
      back: () => go(position - 1),
      next: () => go(position + 1),
      end: () => go(lastPosition()),
      play: togglePlay,
      fit: () => setView(fit.x, fit.y, fit.w, fit.h),
    };
    root.querySelectorAll("[data-action]").forEach((button) => {
      button.addEventListener("click", () => {
        actions[button.dataset.action]();
        root.focus({ preventScroll: true }); // the keys keep working after a click on a button
      });
    });
    slider.addEventListener("input", () => go(Number(slider.value)));
    part("forward").addEventListener("change", (event) => {
      const backwardStep = position - forwardLength();
      forwardFirst = event.target.checked;
      position = forwardFirst ? 0 : Math.max(0, backwardStep);
      render();
      root.focus({ preventScroll: true });
    });

    const keys = {
      ArrowRight: () => go(position + 1),
      ArrowLeft: () => go(position - 1),
      Home: () => go(0),
      End: () => go(lastPosition()),
      " ": togglePlay,
    };
    root.addEventListener("keydown", (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.target.matches('input[type="search"], select')) return; // typing, or choosing an option
      const action = keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    });
    // a click anywhere in the explorer gives it the keys (but leaves the search box and menus theirs)
    root.addEventListener("pointerdown", (event) => {
      if (!event.target.closest("input, select, button")) root.focus({ preventScroll: true });
    });

    // ------------------------------------------------------------------ start
    for (const name of ["passing", "receiving", "done"]) root.style.setProperty("--" + name, data.step_colours[name]);
    applyColouring(data.colour_by);
    render();
    root.dataset.ready = "true";
    performance.mark("chaingrad explorer ready"); // for benchmarks/explorer_paint.py
  }

  const explorers = document.querySelectorAll("[data-chaingrad-explorer]");
  explorers.forEach((root) => {
    if (!root.dataset.started) {
      root.dataset.started = "true";
      startExplorer(root);
    }
  });
  // a page of its own (a saved file): the keys work at once, without a click first
  if (window.self === window.top && explorers.length === 1) explorers[0].focus({ preventScroll: true });
})();
