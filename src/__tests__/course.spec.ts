import { ICourseRow, liveRow, nothingToScore } from '../course/courseModel';
import { courseChart, courseLegend } from '../course/courseChart';
import {
  breadcrumb,
  COLUMNS,
  courseButton,
  orderCaption,
  rowCells,
  sortRows,
  sourceText
} from '../course/courseTable';
import { sampleReport } from './fixtures';
import { changeText } from '../panel/deltaFormat';

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

describe('liveRow and a module with nothing to score', () => {
  it('says so, as the server row does, instead of a 5.0', () => {
    const report = sampleReport();
    const scaffolding = report.summary.scaffolding as unknown as Record<
      string,
      { value: number | null } | number
    >;
    for (const [name, part] of Object.entries(scaffolding)) {
      if (name !== 'score' && typeof part === 'object') {
        part.value = null;
      }
    }
    expect(nothingToScore(report)).toBe(true);
    // P alone, with no cliff to find, measures nothing either; a cliff is something.
    report.summary.scaffolding.P.value = 1;
    expect(nothingToScore(report)).toBe(true);
    report.summary.scaffolding.P.value = 0.5;
    expect(nothingToScore(report)).toBe(false);
    report.summary.scaffolding.P.value = 1;
    const live = liveRow(row, report);
    expect(live).toMatchObject({ score: null, grade: null, scored: false });
    expect(live.delta?.score_change).toBeNull();
    expect(nothingToScore(sampleReport())).toBe(false);
    expect(liveRow(row, sampleReport()).scored).toBe(true);
  });
});

describe('the course table', () => {
  const rows: ICourseRow[] = [
    { path: 'c/01.py', order: 1, score: 3.2, grade: 'C', scored: true },
    { path: 'c/02.py', order: 2, score: 4.1, grade: 'B', scored: true },
    {
      path: 'c/02_backup.py',
      order: 3,
      score: null,
      grade: null,
      scored: false
    },
    { path: 'c/03.py', order: 4, error: 'invalid JSON' },
    { path: 'c/04.py', order: 5, score: 2.0, grade: 'D', scored: true }
  ];
  const paths = (sorted: ICourseRow[]) => sorted.map(r => r.path.slice(2));

  it('ranks by score worst first, and never ranks a module with nothing to score', () => {
    expect(paths(sortRows(rows, 'score', true))).toEqual([
      '03.py',
      '04.py',
      '01.py',
      '02.py',
      '02_backup.py'
    ]);
    expect(paths(sortRows(rows, 'score', false))).toEqual([
      '02.py',
      '01.py',
      '04.py',
      '03.py',
      '02_backup.py'
    ]);
    expect(paths(sortRows(rows, 'grade', true)).slice(-2)).toEqual([
      '03.py',
      '02_backup.py'
    ]);
  });

  it('sorts by course order, as the chart is drawn', () => {
    const shuffled = [rows[3], rows[0], rows[4], rows[2], rows[1]];
    expect(paths(sortRows(shuffled, 'order', true))).toEqual(paths(rows));
    expect(paths(sortRows(shuffled, 'order', false))[0]).toBe('04.py');
  });

  it('says how table and chart are ordered, with the arrow the heading shows', () => {
    expect(orderCaption('score', true)).toContain(
      'Table sorted by score ▲ (worst first); the chart stays in course order (#).'
    );
    expect(orderCaption('score', false)).toContain('score ▼ (best first)');
    expect(orderCaption('grade', true)).toContain('grade ▲ (best first)');
    expect(orderCaption('findings', false)).toContain(
      'findings ▼ (descending)'
    );
    expect(orderCaption('order', true)).toContain(
      'Table and chart in course order (#).'
    );
  });

  it('shows "n/a: nothing to score" across score and grade', () => {
    expect(rowCells(rows[2]).slice(0, 1)).toEqual([
      { text: 'n/a: nothing to score', span: 2 }
    ]);
    expect(rowCells(rows[0]).slice(0, 2)).toEqual([
      { text: '3.2', span: 1 },
      { text: 'C', span: 1 }
    ]);
  });

  it('writes % high with one decimal, as the panel and the CLI do', () => {
    const row: ICourseRow = { ...rows[0], pct_high: 4 };
    const pctHigh = COLUMNS.findIndex(([column]) => column === 'pct_high') - 2;
    expect(rowCells(row)[pctHigh].text).toBe('4.0');
    expect(rowCells({ ...row, pct_high: 6.8 })[pctHigh].text).toBe('6.8');
    // The before → after block and the student view write it the same way.
    const entry = { before: 7, after: 6.8, change: -0.2 };
    expect(changeText('pct_high', entry)).toBe('7.0 → 6.8 (-0.2)');
    expect(changeText('score', { before: 4, after: 4, change: 0 })).toBe(
      '4.0 → 4.0'
    );
  });

  it('turns a folder into steps up to the server root', () => {
    expect(breadcrumb('tinytorch/modules')).toEqual([
      { label: '/', path: '' },
      { label: 'tinytorch', path: 'tinytorch' },
      { label: 'modules', path: 'tinytorch/modules' }
    ]);
    expect(breadcrumb('')).toEqual([{ label: '/', path: '' }]);
  });

  it('says why a folder is the course', () => {
    const info = {
      root: 'c',
      source: 'config' as const,
      config: 'c/tinyscaffold.toml',
      belongs_to: null
    };
    expect(sourceText(info)).toBe('the course of c/tinyscaffold.toml');
    expect(sourceText({ ...info, source: 'git', config: null })).toContain(
      'git repository'
    );
    expect(
      sourceText({
        ...info,
        source: 'folder',
        belongs_to: { root: 'c', source: 'config' }
      })
    ).toBe('this folder, analysed as a course of its own');
  });
});

describe('the panel’s course button', () => {
  it('says where the module stands and what it knows from earlier modules', () => {
    const button = courseButton({
      root: 'course',
      source: 'config',
      position: 3,
      modules: 12,
      known_concepts: 49,
      known_from: [
        { path: 'course/01_tensor/tensor.py', concepts: 34 },
        { path: 'course/02_act/act.py', concepts: 15 }
      ]
    });
    expect(button.text).toBe('Course (module 3 of 12)');
    expect(button.title).toBe(
      'Module 3 of 12 in course/; 49 concepts known from earlier modules: tensor.py (34), act.py (15). Opens the course overview.'
    );
    expect(courseButton(undefined).text).toBe('Course overview');
    expect(courseButton(undefined).title).toContain('analysed alone');
  });
});

describe('the chart', () => {
  it('numbers its columns by course order and has a legend', () => {
    const svg = courseChart([
      { path: 'a.ipynb', order: 1, distribution: { '1': 1 } },
      { path: 'broken.ipynb', order: 2, error: 'invalid JSON' },
      { path: 'b.ipynb', order: 3, distribution: { '2': 1 } }
    ]);
    const numbers = [...svg.querySelectorAll('g')].map(
      g => g.querySelectorAll('text')[1].textContent
    );
    expect(numbers).toEqual(['1', '3']); // the broken module keeps its number
    // Each module's tooltip covers its shapes.
    expect(svg.querySelector('g title')?.textContent).toMatch(/^1\. a\.ipynb/);
    expect(svg.querySelector('g rect')).not.toBeNull();
    const legend = courseLegend();
    expect(
      [...legend.querySelectorAll('[role=listitem]')].map(e => e.textContent)
    ).toEqual([
      'complexity 1',
      'complexity 2',
      'complexity 3',
      'complexity 4',
      'complexity 5',
      'new concepts (bar height, count)'
    ]);
  });
});
