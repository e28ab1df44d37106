// A small history router: the console's pages are paths under /console (upsyncd answers
// index.html for each), so a reload or a shared link opens the same page.
import { useEffect, useState } from 'preact/hooks';

const changed = 'upsync:navigate';

export interface Location { path: string; query: URLSearchParams }

function current(): Location {
  return { path: window.location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(changed));
  window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(changed, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(changed, update);
    };
  }, []);
  return location;
}

/// An in-console link's click: navigate without reloading, unless the person asked for a
/// new tab or window (modifier keys, middle button).
export function followLink(event: MouseEvent): void {
  const a = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return;
  event.preventDefault();
  navigate(a.getAttribute('href') ?? '/console');
}
