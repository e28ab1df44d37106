// The API token lives in sessionStorage (key upsync.token): it ends with the tab, and no
// cookie means no CSRF surface for the API.
const key = 'upsync.token';

export function token(): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null; // storage disabled: behave as signed out
  }
}

export function saveToken(value: string): void {
  sessionStorage.setItem(key, value);
}

export function clearToken(): void {
  sessionStorage.removeItem(key);
}
