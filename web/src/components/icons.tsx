// The wizard's two icons (F5: a chain on locked mappings, a pencil to unlock), inline SVG
// so that nothing is fetched; decorative, the text beside them says the same.
export function ChainIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M6.6 9.4a.75.75 0 0 1 0-1.06l1.74-1.74a.75.75 0 1 1 1.06 1.06L7.66 9.4a.75.75 0 0 1-1.06 0Zm-1.9 3.5a2.5 2.5 0 0 1 0-3.54l1.6-1.6a.75.75 0 0 0-1.06-1.06l-1.6 1.6a4 4 0 0 0 5.66 5.66l1.6-1.6a.75.75 0 0 0-1.06-1.06l-1.6 1.6a2.5 2.5 0 0 1-3.54 0Zm6.6-9.8a2.5 2.5 0 0 1 1.6 4.26l-1.6 1.6a.75.75 0 0 0 1.06 1.06l1.6-1.6A4 4 0 0 0 8.3 2.76l-1.6 1.6a.75.75 0 0 0 1.06 1.06l1.6-1.6c.47-.47 1.1-.73 1.77-.73Z" />
    </svg>
  );
}

export function PencilIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M11.01 1.94a1.75 1.75 0 0 1 2.48 0l.57.57a1.75 1.75 0 0 1 0 2.48l-8.3 8.3a1.75 1.75 0 0 1-.8.46l-2.9.73a.75.75 0 0 1-.91-.91l.73-2.9c.08-.3.24-.58.46-.8l8.3-8.3Zm1.42 1.06a.25.25 0 0 0-.36 0L10.9 4.18l.92.92 1.18-1.18a.25.25 0 0 0 0-.36l-.57-.56ZM10.76 6.16l-.92-.92-6.06 6.06a.25.25 0 0 0-.07.12l-.43 1.72 1.72-.43a.25.25 0 0 0 .12-.07l5.64-5.64Z" />
    </svg>
  );
}
