// A modal dialog on the native <dialog>: the browser traps focus, Escape closes it, and
// focus returns to the control that opened it. `wide` is for a dialog holding a table of
// many columns (the stylesheet's dialog.wide); a narrow one would scroll sideways.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let next = 0;

export function Dialog({ title, onClose, wide, children }: {
  title: string;
  onClose: () => void;
  wide?: boolean;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dialog-title-${++next}`).current;
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} class={wide ? 'wide' : undefined} aria-labelledby={id} onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}
