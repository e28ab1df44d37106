// What a long operation shows while it runs: a status line screen readers read politely.
export function Working({ label = 'Working…' }: { label?: string }) {
  return (
    <p class="working" role="status">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
