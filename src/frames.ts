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
