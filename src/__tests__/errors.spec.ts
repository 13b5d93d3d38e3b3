import { gitFallbackNote, TinyScaffoldRequestError } from '../api/errors';

describe('gitFallbackNote', () => {
  it('falls back to the notebook as opened outside a repository', () => {
    const error = new TinyScaffoldRequestError(
      'x',
      422,
      'not-in-git',
      'm.py: not in a git repository'
    );
    expect(gitFallbackNote(error)).toBe(
      'not in a git repository: comparing with the notebook as opened'
    );
  });

  it('says why when the server may not read the repository', () => {
    const detail =
      "'course/.git': its git directory is outside the server root";
    const error = new TinyScaffoldRequestError(
      'x',
      403,
      'forbidden-path',
      detail
    );
    expect(gitFallbackNote(error)).toBe(
      `git history not read (${detail}): comparing with the notebook as opened`
    );
  });

  it('leaves every other failure to the error notice', () => {
    expect(
      gitFallbackNote(new TinyScaffoldRequestError('x', 400, 'invalid-ref'))
    ).toBeNull();
    expect(gitFallbackNote(new TinyScaffoldRequestError('x', null))).toBeNull();
    expect(gitFallbackNote(new Error('boom'))).toBeNull();
  });
});
