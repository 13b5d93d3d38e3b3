/**
 * The chart of the Course overview: per module, in course order, the share of its cells at
 * each complexity level and the number of new concepts it introduces (numbers from the
 * server's course rows; nothing is computed here but the geometry).
 */
import { ICourseRow } from './courseModel';

const SVG_NS = 'http://www.w3.org/2000/svg';

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
    const x = i * step + 4;
    const dist = row.distribution ?? {};
    const total = Object.values(dist).reduce((a, b) => a + b, 0) || 1;
    let y = 90;
    for (const level of ['1', '2', '3', '4', '5']) {
      const h = ((dist[level] ?? 0) / total) * 90;
      if (h <= 0) {
        continue;
      }
      y -= h;
      const rect = document.createElementNS(SVG_NS, 'rect');
      rect.setAttribute('x', String(x));
      rect.setAttribute('y', String(y));
      rect.setAttribute('width', String(step - 8));
      rect.setAttribute('height', String(h));
      rect.setAttribute('class', `jp-tinyscaffold-level-fill-${level}`);
      svg.appendChild(rect);
    }
    const conceptsH = ((row.new_concepts ?? 0) / maxNew) * 30;
    const bar = document.createElementNS(SVG_NS, 'rect');
    bar.setAttribute('x', String(x));
    bar.setAttribute('y', String(160 - conceptsH));
    bar.setAttribute('width', String(step - 8));
    bar.setAttribute('height', String(conceptsH));
    bar.setAttribute('class', 'jp-tinyscaffold-course-concepts');
    svg.appendChild(bar);
    const count = document.createElementNS(SVG_NS, 'text');
    count.setAttribute('x', String(x + (step - 8) / 2));
    count.setAttribute('y', String(156 - conceptsH));
    count.setAttribute('text-anchor', 'middle');
    count.textContent = String(row.new_concepts ?? 0);
    svg.appendChild(count);
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(x + (step - 8) / 2));
    label.setAttribute('y', '104');
    label.setAttribute('text-anchor', 'middle');
    label.textContent = String(i + 1);
    svg.appendChild(label);
    const title = document.createElementNS(SVG_NS, 'title');
    const levels = ['1', '2', '3', '4', '5']
      .map(l => `${dist[l] ?? 0}×${l}`)
      .join(', ');
    title.textContent = `${i + 1}. ${row.path}: complexity ${levels}; ${row.new_concepts ?? 0} new concepts`;
    const group = document.createElementNS(SVG_NS, 'g');
    group.appendChild(title);
    svg.appendChild(group);
  });
  return svg;
}
