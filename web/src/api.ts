// The one HTTP client of the console: same origin, bearer token, JSON both ways. Every
// failure becomes an ApiError whose message is meant for a person (the API's `message`),
// so pages can show it as it is.
import { clearToken, token } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

// Pages listen for this to send the person back to sign-in when the token stops working.
export const unauthenticatedEvent = 'upsync:unauthenticated';

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    const e = body?.error;
    if (e && typeof e.message === 'string')
      return new ApiError(response.status, String(e.code ?? 'error'), e.message, e.field ?? undefined);
  } catch {
    // not JSON (a proxy's page, say): fall through to the status line
  }
  return new ApiError(response.status, 'http_' + response.status,
    `The server answered ${response.status} ${response.statusText}`.trim());
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', `The server could not be reached (${(e as Error).message}).`);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) {
      clearToken();
      window.dispatchEvent(new CustomEvent(unauthenticatedEvent, { detail: error.message }));
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/// A path segment from an id: ids come from the API, but are still encoded.
export const seg = (id: string) => encodeURIComponent(id);

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
