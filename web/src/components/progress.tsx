// A progress bar drawn in SVG (no inline style under the CSP), exposed as role progressbar
// with its numbers, so that assistive tools and tests read the same value.
export function Progress({ label, value, max, text }: { label: string; value: number; max: number; text: string }) {
  const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div class="progress">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value}
        aria-valuetext={text}>
        <svg class="progress-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="progress-track" x="0" y="0" width="100" height="8" rx="2" />
          <rect class="progress-fill" x="0" y="0" width={share * 100} height="8" rx="2" />
        </svg>
      </div>
      <span class="progress-text">{text}</span>
    </div>
  );
}
