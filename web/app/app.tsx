/** The cockpit application: language, Ant Design theme and locale, routes split per page. */
import { App as AntApp, ConfigProvider, theme, type ConfigProviderProps } from 'antd';
import enUSModule from 'antd/locale/en_US.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useSearchParams } from 'react-router-dom';
import { Loading } from '../components/page-state.tsx';
import { I18nProvider, useI18n } from './i18n-context.tsx';
import { SessionGate, SessionProvider } from './session-context.tsx';
import { Shell } from './shell.tsx';
import type * as OverviewModule from '../pages/overview/overview-page.tsx';

let overviewModule: typeof OverviewModule | null = null;
const loadOverviewPage = () =>
  import('../pages/overview/overview-page.tsx').then((m) => (overviewModule = m));

/**
 * The code of the page at `pathname` when it is the landing page (the Overview), loaded
 * before the first render; other pages load lazily.
 */
export const loadLandingPage = (pathname: string): Promise<unknown> =>
  pathname === '/' ? loadOverviewPage() : Promise.resolve();

const LazyOverviewPage = lazy(loadOverviewPage);

/**
 * The Overview, drawn in the same pass as the shell once its code is in: through `lazy` it
 * would first show the fallback, and React holds a fallback's replacement back for up to
 * 300 ms (its reveal throttle) — on the landing page's critical path.
 */
function OverviewPage() {
  const Loaded = overviewModule?.default;
  return Loaded ? <Loaded /> : <LazyOverviewPage />;
}
const BigScreenPage = lazy(() => import('../pages/overview/big-screen-page.tsx'));
const PlansPage = lazy(() => import('../pages/plan/plans-page.tsx'));
const PlanPage = lazy(() => import('../pages/plan/plan-page.tsx'));
const TargetPage = lazy(() => import('../pages/plan/target-page.tsx'));
const IndicatorsPage = lazy(() => import('../pages/indicators/indicators-page.tsx'));
const UnitPage = lazy(() => import('../pages/units/unit-page.tsx'));
const NotFoundPage = lazy(() => import('../pages/not-found-page.tsx'));
const LoginPage = lazy(() => import('../pages/login/login-page.tsx'));
const EntryPage = lazy(() => import('../pages/entry/entry-page.tsx'));
const TodoPage = lazy(() => import('../pages/todo/todo-page.tsx'));
const ReviewPage = lazy(() => import('../pages/review/review-page.tsx'));
const TimelinessPage = lazy(() => import('../pages/timeliness/timeliness-page.tsx'));
const SettingsPage = lazy(() => import('../pages/settings/settings-page.tsx'));
const DocumentsPage = lazy(() => import('../pages/documents/documents-page.tsx'));
const WarningsPage = lazy(() => import('../pages/warnings/warnings-page.tsx'));
const RankingsPage = lazy(() => import('../pages/rankings/rankings-page.tsx'));
const ProjectsPage = lazy(() => import('../pages/projects/projects-page.tsx'));
const ProjectPage = lazy(() => import('../pages/projects/project-page.tsx'));
const GanttPage = lazy(() => import('../pages/projects/gantt-page.tsx'));
const DispatchPage = lazy(() => import('../pages/projects/dispatch-page.tsx'));

type Locale = NonNullable<ConfigProviderProps['locale']>;
// antd's locale files are CommonJS: depending on the interop the locale is the module or its `default`.
const unwrap = (m: unknown): Locale => ((m as { default?: Locale }).default ?? m) as Locale;
const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);

const brand = {
  colorPrimary: '#1f4fa3',
  borderRadius: 6,
  fontFamily: `-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif`,
};

function Themed() {
  const { lang } = useI18n();
  const [params] = useSearchParams();
  const isBig = params.get('screen') === 'big';
  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={{
        // The component styles come from antd/dist/antd.css (main.tsx) instead of being
        // generated in the browser on each component's first render — most of the Overview's
        // first render was that; the theme still sets the tokens, as CSS variables.
        zeroRuntime: true,
        token: brand,
        algorithm: isBig ? theme.darkAlgorithm : theme.defaultAlgorithm,
      }}
    >
      <AntApp>
        <SessionGate>
          {isBig ? (
            <Suspense fallback={<Loading />}>
              <BigScreenPage />
            </Suspense>
          ) : (
            <Shell>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/" element={<OverviewPage />} />
                  <Route path="/overview" element={<Navigate to="/" replace />} />
                  <Route path="/plans" element={<PlansPage />} />
                  <Route path="/plans/:id" element={<PlanPage />} />
                  <Route path="/targets/:id" element={<TargetPage />} />
                  <Route path="/indicators" element={<IndicatorsPage />} />
                  <Route path="/indicators/:code" element={<IndicatorsPage />} />
                  <Route path="/units" element={<UnitPage />} />
                  <Route path="/units/:code" element={<UnitPage />} />
                  <Route path="/login" element={<LoginPage />} />
                  <Route path="/todo" element={<TodoPage />} />
                  <Route path="/entry" element={<EntryPage />} />
                  <Route path="/review" element={<ReviewPage />} />
                  <Route path="/timeliness" element={<TimelinessPage />} />
                  <Route path="/settings" element={<SettingsPage />} />
                  <Route path="/documents" element={<DocumentsPage />} />
                  <Route path="/warnings" element={<WarningsPage />} />
                  <Route path="/rankings" element={<RankingsPage />} />
                  <Route path="/projects" element={<ProjectsPage />} />
                  <Route path="/projects/gantt" element={<GanttPage />} />
                  <Route path="/projects/dispatch" element={<DispatchPage />} />
                  <Route path="/projects/:code" element={<ProjectPage />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Suspense>
            </Shell>
          )}
        </SessionGate>
      </AntApp>
    </ConfigProvider>
  );
}

/** The whole cockpit, under a router. */
export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Themed />
      </SessionProvider>
    </I18nProvider>
  );
}
