// The entry, as the React + Vite template has it: renders the README's Connect component.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Connect } from './Connect';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Connect email="client@example.com" />
  </StrictMode>,
);
