// An organization's picture, or its initials on a grey disc when Upwork has none (or the
// picture fails to load). Decorative: the name is always written beside it.
import { useState } from 'preact/hooks';

export function Avatar({ url, name }: { url: string | null; name: string }) {
  const [failed, setFailed] = useState(false);
  if (url && !failed) return <img class="avatar" src={url} alt="" onError={() => setFailed(true)} />;
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
  return <span class="avatar avatar-placeholder" aria-hidden="true">{initials || '?'}</span>;
}
