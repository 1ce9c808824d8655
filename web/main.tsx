/** Entry of the web cockpit. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App, loadLandingPage } from './app/app.tsx';
// Ant Design's component styles as one static file (zeroRuntime in app/app.tsx), before ours.
import 'antd/dist/antd.css';
import './app/styles.css';

const root = document.getElementById('root');
const render = (el: HTMLElement) =>
  createRoot(el).render(
    <StrictMode>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </StrictMode>,
  );
// The first render waits for the landing page's code (preloaded beside the app's, see
// vite.config.ts), so the shell and the page are drawn in one pass, with no fallback between.
if (root) void loadLandingPage(window.location.pathname).finally(() => render(root));
