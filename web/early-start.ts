/**
 * The first script of the page, kept apart from the app's entry so that it runs as soon as it
 * arrives — before React and Ant Design have downloaded and evaluated — and sends the landing
 * page's requests (app/early-answers.ts).
 */
import { askLandingData } from './app/early-answers.ts';

askLandingData(window.location.pathname);
