// overrideSettings(): other settings for the length of a function, put back even when
// it throws; what caches a value derived from settings hears of both changes
// (onSettingChanged in hyperdjango/conf).
import { overrideSettingValues } from '../conf/settings';

export async function overrideSettings<T>(values: Record<string, unknown>, fn: () => Promise<T> | T): Promise<T> {
  const restore = overrideSettingValues(values);
  try {
    return await fn();
  } finally {
    restore();
  }
}
