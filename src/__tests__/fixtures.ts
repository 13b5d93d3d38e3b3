/** Small hand-written reports shaped like report.schema.json (version 1). */
import { ICellReport, IReport } from '../api/types';

export function cellReport(
  index: number,
  overrides: Partial<ICellReport> = {}
): ICellReport {
  return {
    index,
    id: `cell-${index}`,
    cell_type: 'code',
    role: 'solution',
    ignored: false,
    lines: 5,
    sloc: 4,
    words: null,
    math_lines: null,
    cc: { value: 1, rank: 'A', where: '<module>' },
    complexity: 1,
    complexity_why: ['base 1', 'SLOC 4 → +0'],
    terms: [
      { name: 'base', value: null, points: 1, text: 'base 1' },
      { name: 'sloc', value: 4, points: 0, text: 'SLOC 4 → +0' }
    ],
    note: null,
    new_concepts: [],
    concepts: [],
    guidance: {
      todo: true,
      approach: true,
      approach_steps: 2,
      example: false,
      hints: false,
      present: ['TODO', 'APPROACH'],
      score: 0.5
    },
    blocks: [],
    findings: [],
    ...overrides
  };
}

export function sampleReport(seq: number | null = null): IReport {
  const cells: ICellReport[] = [
    cellReport(0, {
      cell_type: 'markdown',
      role: 'explanation',
      sloc: 0,
      words: 40,
      math_lines: 0,
      cc: null,
      guidance: null,
      new_concepts: ['ReLU'],
      concepts: [
        { name: 'ReLU', key: 'relu', kind: 'term', line: 1, aliases: [] }
      ]
    }),
    cellReport(1, {
      complexity: 4,
      new_concepts: ['numpy.maximum', 'forward pass'],
      concepts: [
        {
          name: 'numpy.maximum',
          key: 'numpy maximum',
          kind: 'call',
          line: 3,
          aliases: ['np.maximum']
        },
        {
          name: 'forward pass',
          key: 'forward pass',
          kind: 'term',
          line: 5,
          aliases: []
        }
      ],
      terms: [
        { name: 'base', value: null, points: 1, text: 'base 1' },
        { name: 'sloc', value: 42, points: 2, text: 'SLOC 42 → +2' },
        { name: 'cc', value: 7, points: 1, text: 'CC 7 (B) → +1' }
      ],
      findings: [
        {
          rule: 'cell-sloc',
          severity: 'warning',
          message: 'cell has 42 SLOC (limit 30)',
          suggestion: 'split it before line 14 (`def forward_batch`): 2 parts',
          cell_index: 1,
          lines: [1, 42],
          links: [{ text: 'line 14', lines: [14, 14] }]
        },
        {
          rule: 'solution-levels',
          severity: 'warning',
          message: 'complexity 4 is above the solution-cell maximum 3',
          suggestion:
            'bring this cell to complexity 3 or less: SLOC 42 → +2; split it before line 14 (`def forward_batch`): 2 parts',
          cell_index: 1,
          links: [{ text: 'line 14', lines: [14, 14] }]
        },
        {
          rule: 'implementation-ladder',
          severity: 'info',
          message: '`def forward` (lines 2–40, 41 SLOC, CC 7) is one big step',
          suggestion:
            'turn `def forward` into 2 rungs: rung 1 (lines 3–12); rung 2 (lines 13–40)',
          cell_index: 1,
          lines: [3, 40],
          links: [
            { text: 'lines 3–12', lines: [3, 12] },
            { text: 'lines 13–40', lines: [13, 40] }
          ]
        }
      ],
      advice: {
        severity: 'warning',
        steps: [
          {
            rules: ['cell-sloc', 'solution-levels'],
            text: 'bring this cell to complexity 3 or less: SLOC 42 → +2; split it before line 14 (`def forward_batch`): 2 parts',
            links: [{ text: 'line 14', lines: [14, 14] }]
          },
          {
            rules: ['implementation-ladder'],
            text: 'turn `def forward` into 2 rungs: rung 1 (lines 3–12); rung 2 (lines 13–40)',
            links: [
              { text: 'lines 3–12', lines: [3, 12] },
              { text: 'lines 13–40', lines: [13, 40] }
            ]
          }
        ]
      }
    }),
    cellReport(2, {
      role: 'test',
      complexity: null,
      note: 'unparseable: line 3: invalid syntax',
      guidance: null,
      terms: [],
      complexity_why: []
    }),
    cellReport(3, { cell_type: 'raw', role: 'raw', complexity: null })
  ];
  return {
    version: 1,
    cells,
    cliffs: [
      {
        track: 'solution',
        from_index: 0,
        to_index: 1,
        from: 1,
        to: 4,
        message: 'complexity 1 → 4 between cells 1 and 2 (solution cells)',
        suggestion: 'add a stepping stone between cells 1 and 2'
      }
    ],
    summary: {
      counts: {
        cells: 4,
        code: 2,
        markdown: 1,
        raw: 1,
        other: 0,
        ignored: 0,
        analysed: 2,
        lines: 20,
        by_role: { explanation: 1, solution: 1, test: 1, raw: 1 }
      },
      distribution: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 0 },
      pct_high: 50,
      pct_high_facing: 50,
      scaffolding: {
        score: 3.2,
        G: { value: 0.5, why: '2 of 4 guidance markers', cells: [1] },
        F: { value: 1, why: 'every solution is followed by a test' },
        L: { value: 1, why: 'no cell over 3 new concepts' },
        B: { value: null, why: 'no implementation blocks' },
        P: { value: 0.5, why: 'one cliff', cells: [1] }
      },
      grade: 'C',
      recommendations: [
        { part: 'P', message: 'add a stepping stone before cell 2', cells: [1] }
      ],
      targets: [
        {
          id: 'module-lines',
          label: 'Module length',
          met: false,
          value: 20,
          unit: 'lines',
          target: '200–400 lines'
        },
        {
          id: 'score',
          label: 'Scaffolding score',
          met: false,
          value: 3.2,
          unit: '',
          target: '≥ 4'
        },
        {
          id: 'pct-high',
          label: 'High-complexity cells',
          met: false,
          value: 50,
          unit: '%',
          target: '≤ 30 %'
        }
      ]
    },
    config: {},
    seq,
    path: 'module.ipynb'
  };
}
