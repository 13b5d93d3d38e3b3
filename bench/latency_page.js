/**
 * The page side of bench/ui_latency.js: functions that run inside JupyterLab's page
 * (`page.addInitScript` / `page.evaluate`), so each is self-contained.
 */
'use strict';

/**
 * Cells JupyterLab has not rendered yet: a windowed notebook renders its off-screen cells in
 * idle time after opening. Installed as a page global by `addInitScript`.
 */
function defineCellsLeftToRender() {
  window.cellsLeftToRender = () => {
    const notebook = window.jupyterapp?.shell.currentWidget?.content;
    return notebook
      ? notebook.widgets.filter(cell => cell.isPlaceholder()).length
      : Infinity;
  };
}

/**
 * The probes: last keydown time, badge value changes, and the end of the frame that
 * paints each change. Every requestAnimationFrame callback is wrapped: the first one of a
 * frame posts a message, which runs once that frame's style, layout, paint and commit are
 * done, so its arrival is the frame's end. A change written inside a frame's callbacks is
 * painted by that frame; a change written in an ordinary task asks for a frame, and the
 * first frame that starts after it paints it. The probe asks for no other frame (a probe
 * that asked for one every vsync kept a rendered 1,000-cell notebook's main thread a
 * third busy, and the latency it measured waited behind its own frames).
 * A probe timer is re-armed on every keydown like the extension's debounce, in both
 * phases: how late it fires says how busy the main thread is when the debounce is due,
 * with the extension's analysis on and off.
 */
function installProbe({ cellSel, debounceMs }) {
  const probe = (window.__tsBench = {
    lastKey: 0,
    keys: [],
    changes: [],
    frames: [],
    longtasks: [],
    timer: null,
    timerLate: []
  });
  document.addEventListener(
    'keydown',
    () => {
      probe.lastKey = performance.now();
      probe.keys.push(probe.lastKey);
      // Is JupyterLab still rendering off-screen cells in idle time as this edit ends?
      probe.rendering =
        window.jupyterapp.shell.currentWidget.content.widgets.some(cell =>
          cell.isPlaceholder()
        );
      clearTimeout(probe.timer);
      const armed = probe.lastKey;
      probe.timer = setTimeout(
        () => probe.timerLate.push(performance.now() - armed - debounceMs),
        debounceMs
      );
      performance
        .getEntriesByType('mark')
        .filter(m => m.name.startsWith('tinyscaffold:'))
        .forEach(m => performance.clearMarks(m.name));
    },
    true
  );
  // The analyze requests' resource timings carry the server's own Server-Timing.
  performance.setResourceTimingBufferSize(100000);
  const channel = new MessageChannel();
  /** Frames whose end message is on its way, oldest first. */
  const ending = [];
  let current = null;
  let inCallback = false;
  channel.port1.onmessage = () => {
    const frame = ending.shift();
    frame.end = performance.now();
    if (current === frame) {
      current = null;
    }
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = callback =>
    raf(time => {
      if (!current || current.time !== time) {
        current = { time, start: performance.now(), end: null };
        ending.push(current);
        probe.frames.push(current);
        if (probe.frames.length > 4000) {
          probe.frames.splice(0, 2000);
        }
        channel.port2.postMessage(null);
      }
      inCallback = true;
      try {
        callback(time);
      } finally {
        // After this callback's microtasks, mutation records included.
        queueMicrotask(() => (inCallback = false));
      }
    });
  /** End of the frame that painted `change`, or null while it is not painted yet. */
  probe.paintedAt = change => {
    const frame = change.frame || probe.frames.find(f => f.start > change.at);
    return frame && frame.end !== null ? frame.end : null;
  };
  const notebook = window.jupyterapp.shell.currentWidget.content.node;
  new MutationObserver(() => {
    const badge = document.querySelector(`${cellSel} .jp-tinyscaffold-badge`);
    const value = badge ? badge.dataset.tinyscaffoldComplexity : null;
    const last = probe.changes[probe.changes.length - 1];
    if (!last || last.value !== value) {
      const frame = inCallback ? current : null;
      probe.changes.push({ value, at: performance.now(), frame });
      if (!frame) {
        window.requestAnimationFrame(() => {}); // the frame that paints it
      }
    }
  }).observe(notebook, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-tinyscaffold-complexity']
  });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      probe.longtasks.push({ at: entry.startTime, ms: entry.duration });
    }
  }).observe({ type: 'longtask' });
}

/** One edit's figures, read once its badge is painted; `early` when the change came mid-edit. */
function readEdit({ expected, phases }) {
  const probe = window.__tsBench;
  const change = probe.changes.find(
    c => c.value === expected && c.at >= probe.lastKey
  );
  // On a loaded machine a key can arrive more than a debounce after the previous
  // one: an analysis then ran mid-edit and the badge may have changed early.
  const gaps = probe.keys.slice(1).map((t, i) => t - probe.keys[i]);
  const maxGap = Math.max(0, ...gaps);
  if (!change) {
    return { early: true, maxGap };
  }
  const painted = probe.paintedAt(change);
  const marks = {};
  for (const name of phases) {
    const mark = performance
      .getEntriesByName(`tinyscaffold:${name}`, 'mark')
      .find(m => m.startTime >= probe.lastKey);
    if (mark) {
      marks[name] = mark.startTime - probe.lastKey;
    }
  }
  marks.painted = painted - probe.lastKey;
  const resource = performance
    .getEntriesByType('resource')
    .filter(
      e =>
        e.name.includes('/tinyscaffold/analyze') && e.startTime >= probe.lastKey
    )
    .pop();
  const serverMs = resource
    ? (resource.serverTiming.find(t => t.name === 'total') || {}).duration
    : undefined;
  return {
    rendering: probe.rendering,
    dom: change.at - probe.lastKey,
    marks,
    serverMs,
    responseKB: resource ? resource.encodedBodySize / 1024 : undefined,
    maxGap
  };
}

module.exports = { defineCellsLeftToRender, installProbe, readEdit };
