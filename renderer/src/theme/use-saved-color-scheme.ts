import { useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { useEngineQuery } from '../api/engine-query.ts';

/** Applies the theme saved in settings from the start, and again whenever settings change. */
export function useSavedColorScheme(): void {
  const settings = useEngineQuery('settingsGet', []);
  const { setColorScheme } = useMantineColorScheme();
  const theme = settings.data?.appearance.theme;
  useEffect(() => {
    if (theme) setColorScheme(theme === 'system' ? 'auto' : theme);
  }, [theme, setColorScheme]);
}
