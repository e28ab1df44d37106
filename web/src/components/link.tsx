// A link inside the console: a real <a href> (keyboard, new tab, copy link all work) that
// navigates without a reload.
import type { ComponentChildren } from 'preact';
import { followLink } from '../router';

export function Link({ href, children, class: cls }: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a href={href} class={cls} onClick={followLink}>
      {children}
    </a>
  );
}
