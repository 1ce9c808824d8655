/**
 * An ECharts chart as a React component: sized by its box, redrawn when the option changes.
 * ECharts (~200 KB gzip) is fetched on the first chart drawn, not with the page: the page's
 * figures paint first and the charts follow.
 */
import type { EChartsOption } from 'echarts';
import type { ECharts } from 'echarts/core';
import type * as EchartsParts from './echarts.ts';
import { useEffect, useRef } from 'react';

type EchartsModule = typeof EchartsParts;
let echartsModule: Promise<EchartsModule> | null = null;
/** ECharts with the parts the cockpit uses, loaded once. */
const loadEcharts = () => (echartsModule ??= import('./echarts.ts'));

/** What a click on a data item tells the page (for drill-down). */
export interface ChartClick {
  readonly name: string;
  readonly seriesName?: string;
  readonly dataIndex: number;
  readonly data: unknown;
}

/** Draws `option`; `dark` uses ECharts' dark theme (big screen). */
export function Chart({
  option,
  height = 300,
  dark = false,
  onClick,
  testId,
  ariaLabel,
}: {
  option: EChartsOption;
  height?: number | string;
  dark?: boolean;
  onClick?: (e: ChartClick) => void;
  testId?: string;
  ariaLabel?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let disposed = false;
    let detach = () => {};
    void loadEcharts().then(({ echarts }) => {
      if (disposed) return;
      const instance = echarts.init(el, dark ? 'dark' : undefined, { renderer: 'canvas' });
      chart.current = instance;
      instance.on('click', (e) => {
        clickRef.current?.({
          name: e.name,
          seriesName: e.seriesName,
          dataIndex: e.dataIndex,
          data: e.data,
        });
      });
      // The option of the latest render: it may have changed while ECharts loaded.
      instance.setOption(optionRef.current, { notMerge: true });
      const observer = new ResizeObserver(() => instance.resize());
      observer.observe(el);
      // Charts are drawn for the screen; redraw at the paper's width when printing.
      const onPrint = () => instance.resize();
      window.addEventListener('beforeprint', onPrint);
      window.addEventListener('afterprint', onPrint);
      detach = () => {
        observer.disconnect();
        window.removeEventListener('beforeprint', onPrint);
        window.removeEventListener('afterprint', onPrint);
        instance.dispose();
      };
    });
    return () => {
      disposed = true;
      detach();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, dark]);

  return (
    <div
      ref={box}
      className="chart"
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
}
