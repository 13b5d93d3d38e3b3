/**
 * The overview's data: which course it asks for, and when an open module's row shows its
 * live report (only when that report was analysed in the course shown).
 */
import { CourseModel, ICourseReply } from '../course/courseModel';
import { NotebookSession } from '../notebook/notebookSession';
import { requestAPI } from '../api/request';
import { IReport } from '../api/types';
import { sampleReport } from './fixtures';

jest.mock('../api/request', () => ({ requestAPI: jest.fn() }));
const request = requestAPI as jest.MockedFunction<typeof requestAPI>;

function reply(path: string): ICourseReply {
  return {
    path,
    course: {
      root: path,
      source: 'config',
      config: `${path}/tinyscaffold.toml`,
      belongs_to: null
    },
    modules: [
      {
        path: `${path}/01/a.py`,
        order: 1,
        score: 2,
        grade: 'D',
        scored: true,
        findings: 9
      }
    ],
    total: { modules: 1, score: 2, grade: 'D' },
    truncated: false,
    strays: [],
    exclude: null
  };
}

function session(path: string, report: IReport): NotebookSession {
  const signal = { connect: () => true, disconnect: () => true };
  return {
    panel: { context: { path, fileChanged: signal }, disposed: signal },
    controller: { state: { report, error: null } },
    stateChanged: signal
  } as unknown as NotebookSession;
}

describe('CourseModel', () => {
  beforeEach(() => request.mockReset());

  it('asks for the course of a notebook, then shows the folder the server chose', async () => {
    request.mockResolvedValue(reply('course'));
    const model = new CourseModel({ notebook: 'course/01/a.py' }, () => []);
    expect(model.path).toBeNull();
    await model.refresh();
    expect(request.mock.calls[0][0]).toBe('course?for=course%2F01%2Fa.py');
    expect(request.mock.calls[1][0]).toBe(
      'course?for=course%2F01%2Fa.py&baseline=HEAD'
    );
    expect(model.path).toBe('course');
    expect(model.course?.source).toBe('config');
  });

  it('shows a live report only when it was analysed in the course shown', async () => {
    request.mockResolvedValue(reply('course'));
    const inCourse = sampleReport();
    inCourse.course = {
      root: 'course',
      source: 'config',
      position: 1,
      modules: 1,
      known_concepts: 0,
      known_from: []
    };
    let sessions = [session('course/01/a.py', inCourse)];
    const model = new CourseModel({ folder: 'course' }, () => sessions);
    await model.refresh();
    expect(model.rows[0].live).toBe(true);
    // The same module shown inside another folder's overview: its badges count another
    // course, so the row stays the server's.
    request.mockResolvedValue(reply('course/01'));
    const inner = new CourseModel({ folder: 'course/01' }, () => sessions);
    await inner.refresh();
    expect(inner.rows.some(row => row.live)).toBe(false);
    sessions = [session('course/01/a.py', sampleReport())]; // analysed alone
    expect(model.rows[0].live).toBeUndefined();
  });
});
