/**
 * Browser globals jsdom lacks that @lumino/widgets needs at import time (its drag-and-drop
 * module subclasses DragEvent), so widget classes such as the summary panel load under jest.
 */
if (typeof globalThis.DragEvent === 'undefined') {
  (globalThis as { DragEvent?: unknown }).DragEvent = class DragEvent extends (
    MouseEvent
  ) {};
}
