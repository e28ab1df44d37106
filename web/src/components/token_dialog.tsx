// A sign-in token just created: shown this once (only its hash is stored), in a read-only
// field to copy and hand to the member, who signs in with it as their API token.
import { useState } from 'preact/hooks';
import { Dialog } from './dialog';

export function TokenDialog({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied('Copied.');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the field stays selectable.
      setCopied('The browser did not allow copying: select the token and copy it.');
    }
  };
  return (
    <Dialog title={`Sign-in token for ${name}`} onClose={onClose}>
      <div class="field">
        <label for="new-token">Sign-in token</label>
        <input id="new-token" type="text" readOnly value={token} spellcheck={false} autoComplete="off"
          aria-describedby="new-token-hint" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        <span class="hint" id="new-token-hint">
          It cannot be shown again: copy it now and give it to {name}, who signs in with it. A lost token is
          revoked under “Tokens of {name}” and replaced by a new one.
        </span>
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={copy}>Copy token</button>
        <button type="button" onClick={onClose}>Done</button>
        <span class="hint" role="status">{copied ?? ''}</span>
      </div>
    </Dialog>
  );
}
