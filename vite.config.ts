// Vite build of the web cockpit: web/ → dist/web, served by the Lantu server (see src/http).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const vendorGroups: { name: string; test: RegExp; priority: number }[] = [
  // React and the router change rarely: one long-cached chunk.
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
    priority: 40,
  },
  // ECharts and zrender are only needed by pages with charts; a separate chunk keeps them off the shell.
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 30 },
  // exceljs is loaded on the first export only.
  { name: 'exceljs', test: /node_modules[\\/]exceljs[\\/]/, priority: 30 },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs|@babel[\\/]runtime)[\\/]/,
    priority: 20,
  },
];

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
