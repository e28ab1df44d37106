// "Saving…" then "Saved" beside fields that save as they change, read politely.
export function SaveState({ saving, saved }: { saving: string | undefined; saved: string | undefined }) {
  return (
    <span class="saved" role="status">
      {saving ? 'Saving…' : saved ? 'Saved' : ''}
    </span>
  );
}
