// A short state word on a coloured pill; the colour only repeats the word (never alone).
export function Badge({ text, tone }: { text: string; tone: 'ok' | 'warn' | 'bad' | 'info' }) {
  return <span class={`badge badge-${tone}`}>{text}</span>;
}
