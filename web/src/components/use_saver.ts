// Saving one field at a time (wizard step 2 saves every change as it is made): which field
// is being saved, and each field's refusal in words, to show beside that field.
import { useState } from 'preact/hooks';
import { messageOf } from '../api';

export interface Saver {
  errors: Record<string, string>;
  saving: string | undefined;
  saved: string | undefined;
  save: <T>(field: string, run: () => Promise<T>) => Promise<T | undefined>;
  /// Forgets a field's refusal (its value is back to what is saved).
  clear: (field: string) => void;
}

export function useSaver(): Saver {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);

  async function save<T>(field: string, run: () => Promise<T>): Promise<T | undefined> {
    setSaving(field);
    setSaved(undefined);
    try {
      const result = await run();
      setErrors(({ [field]: _gone, ...rest }) => rest);
      setSaved(field);
      return result;
    } catch (e) {
      setErrors((all) => ({ ...all, [field]: messageOf(e) }));
      return undefined;
    } finally {
      setSaving(undefined);
    }
  }

  const clear = (field: string) => setErrors(({ [field]: _gone, ...rest }) => rest);

  return { errors, saving, saved, save, clear };
}
