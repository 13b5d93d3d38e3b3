/**
 * Calls to the tinyscaffold server extension (like the extension template's requestAPI):
 * URLs are joined to the server's base URL, credentials come from ServerConnection, and
 * every failure becomes a TinyScaffoldRequestError the views can show quietly.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { TinyScaffoldRequestError } from './errors';
import { markPhase } from '../shared/profile';

const NAMESPACE = 'tinyscaffold';

async function fetchResponse(
  endPoint: string,
  init: RequestInit,
  settings: ServerConnection.ISettings
): Promise<Response> {
  const url = URLExt.join(settings.baseUrl, NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new TinyScaffoldRequestError(String(error), null);
  }
  if (!response.ok) {
    let code: string | null = null;
    let detail: unknown = null;
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const data = (await response.json()) as {
        error?: unknown;
        detail?: unknown;
        message?: unknown;
      };
      if (typeof data.error === 'string') {
        code = data.error;
        message = data.error;
      } else if (typeof data.message === 'string') {
        message = data.message;
      }
      detail = data.detail ?? null;
      if (typeof detail === 'string' && detail) {
        message = `${message}: ${detail}`;
      }
    } catch {
      // Not JSON (e.g. a proxy error page): keep the status text.
    }
    throw new TinyScaffoldRequestError(message, response.status, code, detail);
  }
  return response;
}

/** JSON request to `<base>/tinyscaffold/<endPoint>`. */
export async function requestAPI<T>(
  endPoint = '',
  init: RequestInit = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  markPhase('request');
  const response = await fetchResponse(endPoint, init, settings);
  const text = await response.text();
  markPhase('response');
  try {
    const parsed = (text ? JSON.parse(text) : null) as T;
    markPhase('parsed');
    return parsed;
  } catch (error) {
    throw new TinyScaffoldRequestError(
      `invalid JSON from server: ${String(error)}`,
      response.status
    );
  }
}

/** Raw body (e.g. the HTML report card) from `<base>/tinyscaffold/<endPoint>`. */
export async function requestBlob(
  endPoint: string,
  init: RequestInit = { method: 'GET' },
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<Blob> {
  const response = await fetchResponse(endPoint, init, settings);
  return response.blob();
}
