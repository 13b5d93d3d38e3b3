/**
 * When DOM work runs, relative to the frames the browser paints: writes are batched into one
 * animation frame (styled, laid out and painted once), and work that is not needed for the
 * next paint waits until that paint is done.
 */

/** Run `callback` at the start of the next animation frame, before its style and layout. */
export function nextFrame(callback: () => void): void {
  requestAnimationFrame(() => callback());
}

/** Run `callback` once the next frame is painted (a task queued in a frame runs after it). */
export function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    setTimeout(callback, 0);
  });
}

/** Holds: each keeps idle callbacks off until it is released or its time is up. */
const idleHolds = new Set<{ until: number }>();
let holdChannel: MessageChannel | null = null;
let holdRunning = false;

function keepHolding(): void {
  const now = performance.now();
  for (const hold of idleHolds) {
    if (hold.until <= now) {
      idleHolds.delete(hold);
    }
  }
  holdRunning = idleHolds.size > 0;
  if (holdRunning) {
    holdChannel!.port2.postMessage(null);
  }
}

/**
 * Keeps the browser from running `requestIdleCallback` work until the returned function is
 * called, or for `maxMs` at most.
 *
 * Why: while JupyterLab renders the cells of a notebook it has just opened, it does so in idle
 * callbacks that overrun their deadline (one cell and a layout of the whole notebook each,
 * about 30 ms on 1,000 cells). One that starts while the badge's answer is on its way, or in
 * the gap before the frame that paints it, delays the badge by that much. Idle callbacks run
 * only when no other task is queued, so while held, a chain of empty message tasks keeps one
 * queued: input, network answers and frames still run first, and JupyterLab goes on
 * rendering once the hold ends.
 */
export function holdOffIdleCallbacks(maxMs: number): () => void {
  const hold = { until: performance.now() + maxMs };
  idleHolds.add(hold);
  if (!holdRunning) {
    holdRunning = true;
    if (!holdChannel) {
      holdChannel = new MessageChannel();
      holdChannel.port1.onmessage = keepHolding;
    }
    holdChannel.port2.postMessage(null);
  }
  return () => {
    idleHolds.delete(hold);
  };
}
