/**
 * Errors of the tinyscaffold REST API, in a module free of JupyterLab imports so that
 * the controller (and its tests) can reason about them without a running lab.
 */
export class TinyScaffoldRequestError extends Error {
  /**
   * @param message - human readable; shown in the panel's notice.
   * @param status - HTTP status, or null when the server could not be reached at all.
   * @param code - the server's short `error` code (e.g. "unknown-cell"), when it sent one.
   * @param detail - the server's `detail`, passed through for the console.
   */
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
    readonly detail: unknown = null
  ) {
    super(message);
    this.name = 'TinyScaffoldRequestError';
  }

  /** The server forgot a cell we referenced as unchanged: resend everything in full. */
  get isUnknownCell(): boolean {
    return this.status === 409;
  }

  get isUnreachable(): boolean {
    return this.status === null;
  }
}

/** The one-line notice the panel shows for a failed analysis. */
export function describeError(error: unknown): string {
  if (error instanceof TinyScaffoldRequestError) {
    if (error.isUnreachable) {
      return 'tinyscaffold server is not reachable; feedback is paused (the notebook keeps working).';
    }
    return `tinyscaffold: the server answered ${error.status}: ${error.message}`;
  }
  return `tinyscaffold: request failed: ${String(error)}`;
}

/**
 * Why a git baseline cannot be had, as the note shown while the panel compares with the
 * notebook as opened instead; null when the error is not one of those: the file is not in
 * a repository (`not-in-git`), or the server's path rules keep git from its repository (a
 * `.git` under the root that leads outside it: `forbidden-path`, whose detail says which).
 */
export function gitFallbackNote(error: unknown): string | null {
  if (!(error instanceof TinyScaffoldRequestError)) {
    return null;
  }
  if (error.code === 'not-in-git') {
    return 'not in a git repository: comparing with the notebook as opened';
  }
  if (error.code === 'forbidden-path') {
    const why =
      typeof error.detail === 'string' ? error.detail : 'not readable';
    return `git history not read (${why}): comparing with the notebook as opened`;
  }
  return null;
}
