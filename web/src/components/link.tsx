// A link inside the console: a real <a href> (keyboard, new tab, copy link all work) that
// navigates without a reload.
import type { ComponentChildren } from 'preact';
import { followLink } from '../router';

export function Link({ href, children, class: cls, current }: {
  href: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean; // the page this link leads to is the one shown (header navigation)
}) {
  return (
    <a href={href} class={cls} onClick={followLink} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
