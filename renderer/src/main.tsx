import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { receiveOpenedSitePacks } from './api/opened-site-packs.ts';
import { queryClient } from './api/query-client.ts';
import { App } from './app.tsx';
import { showOpenedSitePacks } from './pages/site-packs/show-opened-site-packs.ts';
import { theme } from './theme/mantine-theme.ts';

// Before the first render: a pack double-clicked to start the app is waiting already.
showOpenedSitePacks();
receiveOpenedSitePacks();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <App />
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);
