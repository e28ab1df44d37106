// Sign-in with an API token (created with `upsyncd workspace create` or
// POST /api/v1/members/{id}/tokens). The token is checked against /api/v1/me before it is kept.
import { useState } from 'preact/hooks';
import { get, messageOf } from '../api';
import { Alert } from '../components/alert';
import { Working } from '../components/working';
import { clearToken, saveToken } from '../session';
import type { Me } from '../types';

export function SignIn({ onSignedIn, reason }: { onSignedIn: (me: Me) => void; reason?: string }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const t = value.trim();
    if (!t) {
      setError('Enter your API token.');
      return;
    }
    setBusy(true);
    setError(undefined);
    saveToken(t);
    try {
      onSignedIn(await get<Me>('/api/v1/me'));
    } catch (err) {
      clearToken();
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="signin">
      <h1>Sign in</h1>
      {reason && !error && <p class="note">You were signed out: {reason}</p>}
      <form onSubmit={submit} noValidate>
        <label for="token">API token</label>
        {/* A text field, not a password one: tokens are pasted, and the field must read as a textbox. */}
        <input id="token" name="token" type="text" autoComplete="off" spellcheck={false} value={value}
          aria-invalid={error ? true : undefined} aria-describedby={error ? 'token-error' : undefined}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        <Alert message={error} id="token-error" />
        <button type="submit" disabled={busy}>Sign in</button>
        {busy && <Working label="Signing in…" />}
      </form>
    </section>
  );
}
