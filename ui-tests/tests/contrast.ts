/**
 * WCAG 2 contrast of text as the page paints it, computed in the page: for every visible
 * element that holds text of its own, the text colour (its alpha and the opacity of its
 * ancestors included) over the background it actually sits on (the nearest backgrounds
 * composited down to an opaque one, the page's own background last).
 */
import { Locator } from '@playwright/test';

export interface ITextContrast {
  /** A short description: tag, classes, and the text. */
  what: string;
  contrast: number;
}

/** Runs in the page: the contrast of each text-holding element under `root`. */
function measure(root: Element): ITextContrast[] {
  const ctx = document.createElement('canvas').getContext('2d', {
    willReadFrequently: true
  })!;
  /** Any CSS colour → [r, g, b, a] with a in 0..1, through a 1-pixel canvas. */
  const rgba = (css: string): number[] => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = Array.from(ctx.getImageData(0, 0, 1, 1).data);
    return [r, g, b, a / 255];
  };
  const over = (top: number[], below: number[], alpha = top[3]): number[] => [
    top[0] * alpha + below[0] * (1 - alpha),
    top[1] * alpha + below[1] * (1 - alpha),
    top[2] * alpha + below[2] * (1 - alpha),
    1
  ];
  const luminance = (rgb: number[]): number => {
    const [r, g, b] = rgb.slice(0, 3).map(v => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  /** The opaque colour behind `el`: its own and its ancestors' backgrounds, composited. */
  const backdrop = (el: Element | null): number[] => {
    const layers: number[][] = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) {
        layers.push(colour);
        if (colour[3] >= 1) {
          break;
        }
      }
    }
    let result = rgba(getComputedStyle(document.body).backgroundColor);
    if (result[3] < 1) {
      result = [255, 255, 255, 1];
    }
    for (const layer of layers.reverse()) {
      result = over(layer, result);
    }
    return result;
  };
  const opacity = (el: Element | null): number => {
    let value = 1;
    for (let node = el; node; node = node.parentElement) {
      value *= Number(getComputedStyle(node).opacity);
    }
    return value;
  };
  const found: ITextContrast[] = [];
  const elements = [root, ...Array.from(root.querySelectorAll('*'))];
  for (const el of elements) {
    const own = Array.from(el.childNodes)
      .filter(n => n.nodeType === Node.TEXT_NODE)
      .map(n => n.textContent ?? '')
      .join('')
      .trim();
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (
      !own ||
      box.width === 0 ||
      box.height === 0 ||
      style.visibility === 'hidden' ||
      el.closest('svg, [hidden], .lm-mod-hidden') !== null
    ) {
      continue;
    }
    const back = backdrop(el);
    const fore = rgba(style.color);
    const text = over(fore, back, fore[3] * opacity(el));
    const [hi, lo] = [luminance(text), luminance(back)].sort((a, b) => b - a);
    const classes = typeof el.className === 'string' ? el.className : '';
    found.push({
      what: `<${el.tagName.toLowerCase()} class="${classes}"> ${own.slice(0, 40)}`,
      contrast: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100
    });
  }
  return found;
}

/** Every text under `locator` (first match) with its contrast. */
export async function textContrasts(
  locator: Locator
): Promise<ITextContrast[]> {
  return locator.first().evaluate(measure);
}
