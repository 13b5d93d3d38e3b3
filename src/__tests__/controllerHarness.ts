/** A notebook, a transport whose answers the test releases, and a controller over them. */
import {
  AnalysisController,
  AnalyzeTransport,
  IAnalysisState
} from '../notebook/controller';
import {
  IAnalyzeRequest,
  ICellPayload,
  INotebookSnapshot,
  IReport,
  IReportPatchAnswer
} from '../api/types';
import { sampleReport } from './fixtures';

export interface IPending {
  body: IAnalyzeRequest;
  resolve(answer: IReport | IReportPatchAnswer): void;
  reject(error: unknown): void;
}

export function setup(
  options: {
    visible?: boolean;
    debounceMs?: number;
    answerDue?: (due: boolean) => void;
  } = {}
) {
  const cells: ICellPayload[] = [
    { id: 'a', cell_type: 'markdown', source: '# Intro', metadata: {} },
    {
      id: 'b',
      cell_type: 'code',
      source: 'x = 1',
      metadata: { nbgrader: { solution: true } }
    },
    { id: 'c', cell_type: 'code', source: 'assert x', metadata: {} }
  ];
  const notebook: INotebookSnapshot = { cells, metadata: {} };
  const pending: IPending[] = [];
  const transport = jest.fn<
    Promise<IReport | IReportPatchAnswer>,
    [IAnalyzeRequest]
  >(
    body =>
      new Promise<IReport | IReportPatchAnswer>((resolve, reject) =>
        pending.push({ body, resolve, reject })
      )
  );
  let visible = options.visible ?? true;
  const controller = new AnalysisController({
    docId: 'doc-1',
    getPath: () => 'course/module.ipynb',
    snapshot: () => ({
      cells: notebook.cells.map(cell => ({ ...cell })),
      metadata: notebook.metadata
    }),
    transport: transport as AnalyzeTransport,
    isVisible: () => visible,
    debounceMs: options.debounceMs ?? 300,
    answerDue: options.answerDue
  });
  const states: IAnalysisState[] = [];
  controller.reportChanged.connect((_, state) => states.push(state));
  /** Answer request number `n` (0-based) with a report echoing its seq. */
  const answer = async (n: number) => {
    pending[n].resolve(sampleReport(pending[n].body.seq));
    await flush();
  };
  const fail = async (n: number, error: unknown) => {
    pending[n].reject(error);
    await flush();
  };
  return {
    notebook,
    pending,
    transport,
    controller,
    states,
    answer,
    fail,
    setVisible: (value: boolean) => {
      visible = value;
    }
  };
}

/** An edit, then the 300 ms debounce elapses: the controller sends if it is going to. */
export function editThenWaitDebounce(controller: AnalysisController): void {
  controller.contentChanged();
  jest.advanceTimersByTime(300);
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}
