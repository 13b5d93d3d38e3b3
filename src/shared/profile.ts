/**
 * User Timing marks along the live path (debounce → request → report → DOM), read by
 * `bench/ui_latency.js` to break the keystroke-to-badge latency down by phase. Off unless
 * the page sets `window.__tinyscaffoldProfile = true` before the extension loads: marks
 * stay in the browser's performance buffer, which a long editing session must not fill.
 */
const PREFIX = 'tinyscaffold:';

function profiling(): boolean {
  return (
    (globalThis as { __tinyscaffoldProfile?: unknown })
      .__tinyscaffoldProfile === true
  );
}

/** Record that the live path reached `phase` (e.g. "debounce", "dom-written"). */
export function markPhase(phase: string): void {
  if (profiling()) {
    performance.mark(PREFIX + phase);
  }
}
