import { TinyScaffoldRequestError } from '../api/errors';
import { setup } from './controllerHarness';

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

/** A controller whose answerDue calls are recorded. */
function recorded(options: { visible?: boolean } = {}) {
  const calls: boolean[] = [];
  const harness = setup({ ...options, answerDue: due => calls.push(due) });
  return { ...harness, calls };
}

describe('AnalysisController answerDue', () => {
  it('is due from 50 ms before the debounce elapses until the answer is in', async () => {
    const { controller, calls, transport, answer } = recorded();
    controller.contentChanged();
    jest.advanceTimersByTime(249);
    expect(calls).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(calls).toEqual([true]);
    jest.advanceTimersByTime(50);
    expect(transport).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([true]); // no flap between the lead and the request
    await answer(0);
    expect(calls).toEqual([true, false]);
  });

  it('is not due while keys keep coming', () => {
    const { controller, calls } = recorded();
    for (let i = 0; i < 10; i++) {
      controller.contentChanged();
      jest.advanceTimersByTime(200);
    }
    expect(calls).toEqual([]);
  });

  it('a key within the last 50 ms ends "due" until the next lead', () => {
    const { controller, calls } = recorded();
    controller.contentChanged();
    jest.advanceTimersByTime(270);
    controller.contentChanged();
    expect(calls).toEqual([true, false]);
    jest.advanceTimersByTime(250);
    expect(calls).toEqual([true, false, true]);
  });

  it('ends when a request fails', async () => {
    const { controller, calls, fail } = recorded();
    controller.contentChanged();
    jest.advanceTimersByTime(300);
    await fail(0, new TinyScaffoldRequestError('down', null));
    expect(calls).toEqual([true, false]);
  });

  it('ends at the debounce when nothing changed since the last answer', async () => {
    const { controller, calls, transport, answer } = recorded();
    controller.contentChanged();
    jest.advanceTimersByTime(300);
    await answer(0);
    controller.contentChanged(); // e.g. only an output changed
    jest.advanceTimersByTime(300);
    expect(transport).toHaveBeenCalledTimes(1);
    expect(calls).toEqual([true, false, true, false]);
  });

  it('is never due for a hidden notebook', () => {
    const { controller, calls } = recorded({ visible: false });
    controller.contentChanged();
    jest.advanceTimersByTime(1000);
    expect(calls).toEqual([]);
  });

  it('ends when the controller is disposed mid-request', async () => {
    const { controller, calls, answer } = recorded();
    controller.contentChanged();
    jest.advanceTimersByTime(300);
    controller.dispose();
    expect(calls).toEqual([true, false]);
    await answer(0);
    expect(calls).toEqual([true, false]);
  });
});
