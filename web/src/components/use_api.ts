// Loading a page's data: the value, the error in words, a reload, and optional polling.
// Polling skips a tick while a request is still out, so a slow server is never flooded.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from '../api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  /// Replaces the data; give a function of the current data when the change builds on it
  /// (two saves answering close together must not drop each other's change).
  set: (data: T | ((current: T | undefined) => T | undefined)) => void;
}

export function useApi<T>(load: () => Promise<T>, deps: unknown[] = [], pollMs?: (data: T | undefined) => number | undefined): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const busy = useRef(false);
  const alive = useRef(true);

  const reload = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const value = await load();
      if (!alive.current) return;
      setData(value);
      setError(undefined);
    } catch (e) {
      if (alive.current) setError(messageOf(e));
    } finally {
      busy.current = false;
      if (alive.current) setLoading(false);
    }
  }, deps);

  useEffect(() => {
    alive.current = true;
    setLoading(true);
    void reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);

  const interval = pollMs ? pollMs(data) : undefined;
  useEffect(() => {
    if (!interval) return undefined;
    const id = window.setInterval(() => void reload(), interval);
    return () => window.clearInterval(id);
  }, [interval, reload]);

  return { data, error, loading, reload, set: setData };
}
