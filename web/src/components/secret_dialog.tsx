// A webhook's signing secret just created: shown this once (only its sealed form is kept),
// in a read-only field to copy into the receiver, with how the receiver checks what it gets.
import { useState } from 'preact/hooks';
import { Dialog } from './dialog';

export function SecretDialog({ url, secret, onClose }: { url: string; secret: string; onClose: () => void }) {
  const [copied, setCopied] = useState<string | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied.');
    } catch {
      // No clipboard (an insecure origin, a refused permission): the field stays selectable.
      setCopied('The browser did not allow copying: select the secret and copy it.');
    }
  };
  return (
    <Dialog title={`Signing secret for ${url}`} onClose={onClose}>
      <div class="field">
        <label for="webhook-secret">Signing secret</label>
        <input id="webhook-secret" type="text" readOnly value={secret} spellcheck={false} autoComplete="off"
          aria-describedby="webhook-secret-hint" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        <span class="hint" id="webhook-secret-hint">
          It cannot be shown again: copy it now into the receiver at {url}. A lost secret is replaced by
          deleting the webhook and adding it again.
        </span>
      </div>
      {/* What the dispatcher signs (webhooks/signature.hpp), said for whoever writes the receiver. */}
      <p class="hint">
        Each delivery is a POST with the header <code>X-Upsync-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>,
        where v1 is the HMAC-SHA256 under this secret of <code>&lt;t&gt;.</code> followed by the raw body. The
        receiver compares it in constant time, refuses a t older than 5 minutes (a replay), and drops an event
        id it has already seen (a delivery may come more than once).
      </p>
      <div class="actions">
        <button type="button" class="secondary" onClick={copy}>Copy secret</button>
        <button type="button" onClick={onClose}>Done</button>
        <span class="hint" role="status">{copied ?? ''}</span>
      </div>
    </Dialog>
  );
}
