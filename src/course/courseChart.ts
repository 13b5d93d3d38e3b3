/**
 * The chart of the Course overview: per module, in course order, the share of its cells at
 * each complexity level and the number of new concepts it introduces (numbers from the
 * server's course rows; nothing is computed here but the geometry), and its legend.
 */
import { ICourseRow } from './courseModel';
import { element } from '../shared/dom';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LEVELS = ['1', '2', '3', '4', '5'];

function swatch(className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '12');
  rect.setAttribute('height', '12');
  rect.setAttribute('class', className);
  svg.appendChild(rect);
  return svg;
}

/** What the chart's colours and bars mean. */
export function courseLegend(): HTMLElement {
  const legend = element('div', 'jp-tinyscaffold-course-legend');
  legend.setAttribute('role', 'list');
  legend.setAttribute('aria-label', 'chart legend');
  const item = (className: string, text: string) => {
    const entry = element('span', 'jp-tinyscaffold-course-legend-item');
    entry.setAttribute('role', 'listitem');
    entry.append(swatch(className), element('span', '', text));
    legend.appendChild(entry);
  };
  for (const level of LEVELS) {
    item(`jp-tinyscaffold-level-fill-${level}`, `complexity ${level}`);
  }
  item('jp-tinyscaffold-course-concepts', 'new concepts (bar height, count)');
  return legend;
}

/** Per module a 100 % column split by complexity level, and a bar of its new concepts. */
export function courseChart(rows: ICourseRow[]): SVGSVGElement {
  const ok = rows.filter(r => r.distribution);
  const step = 28;
  const width = Math.max(ok.length * step, step);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} 160`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', '160');
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    'complexity levels and new concepts per module, in course order'
  );
  svg.classList.add('jp-tinyscaffold-course-chart');
  const maxNew = Math.max(1, ...ok.map(r => r.new_concepts ?? 0));
  ok.forEach((row, i) => {
    // One group per module, so that its tooltip shows over any of its shapes.
    const group = document.createElementNS(SVG_NS, 'g');
    group.dataset.tinyscaffoldChartModule = row.path;
    const shape = (
      tag: 'rect' | 'text',
      attributes: Record<string, string>
    ) => {
      const node = document.createElementNS(SVG_NS, tag);
      for (const [name, value] of Object.entries(attributes)) {
        node.setAttribute(name, value);
      }
      group.appendChild(node);
      return node;
    };
    const x = i * step + 4;
    const middle = String(x + (step - 8) / 2);
    const dist = row.distribution ?? {};
    const total = Object.values(dist).reduce((a, b) => a + b, 0) || 1;
    let y = 90;
    for (const level of LEVELS) {
      const h = ((dist[level] ?? 0) / total) * 90;
      if (h <= 0) {
        continue;
      }
      y -= h;
      shape('rect', {
        x: String(x),
        y: String(y),
        width: String(step - 8),
        height: String(h),
        class: `jp-tinyscaffold-level-fill-${level}`
      });
    }
    const conceptsH = ((row.new_concepts ?? 0) / maxNew) * 30;
    shape('rect', {
      x: String(x),
      y: String(160 - conceptsH),
      width: String(step - 8),
      height: String(conceptsH),
      class: 'jp-tinyscaffold-course-concepts'
    });
    shape('text', {
      x: middle,
      y: String(156 - conceptsH),
      'text-anchor': 'middle'
    }).textContent = String(row.new_concepts ?? 0);
    // The course order, as the table's # column.
    const number = row.order ?? i + 1;
    shape('text', {
      x: middle,
      y: '104',
      'text-anchor': 'middle'
    }).textContent = String(number);
    const title = document.createElementNS(SVG_NS, 'title');
    const levels = LEVELS.map(l => `${dist[l] ?? 0}×${l}`).join(', ');
    title.textContent = `${number}. ${row.path}: complexity ${levels}; ${row.new_concepts ?? 0} new concepts`;
    group.prepend(title);
    svg.appendChild(group);
  });
  return svg;
}
