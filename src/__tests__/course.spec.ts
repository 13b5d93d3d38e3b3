import { ICourseRow, liveRow } from '../course/courseModel';
import { courseChart } from '../course/courseChart';
import { sampleReport } from './fixtures';

const row: ICourseRow = {
  path: 'course/m1.ipynb',
  score: 1,
  grade: 'F',
  delta: {
    status: 'changed',
    baseline: 'HEAD',
    score_before: 3.5,
    grade_before: 'B',
    score_change: -2.5,
    regressions: 1
  }
};

describe('liveRow', () => {
  it('reads the course row numbers from a live report', () => {
    const report = sampleReport();
    const live = liveRow(row, report);
    const findings = report.cells.reduce((n, c) => n + c.findings.length, 0);
    const concepts = report.cells.reduce(
      (n, c) => n + c.new_concepts.length,
      0
    );
    expect(live).toMatchObject({
      path: 'course/m1.ipynb',
      live: true,
      score: report.summary.scaffolding.score,
      grade: report.summary.grade,
      cliffs: report.cliffs.length,
      findings,
      new_concepts: concepts,
      distribution: report.summary.distribution
    });
    // The delta keeps its baseline and follows the live score.
    const expected =
      Math.round((report.summary.scaffolding.score - 3.5) * 100) / 100;
    expect(live.delta?.score_change).toBe(expected);
    expect(live.delta?.score_before).toBe(3.5);
  });
});

describe('courseChart', () => {
  it('draws one column per analysed module, split by level, and its new concepts', () => {
    const rows: ICourseRow[] = [
      {
        path: 'a.ipynb',
        new_concepts: 4,
        distribution: { '1': 2, '2': 0, '3': 0, '4': 2, '5': 0 }
      },
      { path: 'broken.ipynb', error: 'invalid JSON' },
      {
        path: 'b.ipynb',
        new_concepts: 1,
        distribution: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 0 }
      }
    ];
    const svg = courseChart(rows);
    expect(svg.querySelectorAll('.jp-tinyscaffold-level-fill-1')).toHaveLength(
      2
    );
    const high = svg.querySelector('.jp-tinyscaffold-level-fill-4')!;
    expect(Number(high.getAttribute('height'))).toBeCloseTo(45); // half of 90
    const bars = svg.querySelectorAll('.jp-tinyscaffold-course-concepts');
    expect(bars).toHaveLength(2);
    expect(Number(bars[1].getAttribute('height'))).toBeCloseTo(30 / 4);
    expect(svg.querySelectorAll('title')[0].textContent).toContain(
      'a.ipynb: complexity 2×1, 0×2, 0×3, 2×4, 0×5; 4 new concepts'
    );
  });
});
