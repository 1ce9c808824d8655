/** The "导出Excel" button every table has: writes the table's rows to .xlsx in the browser. */
import { FileExcelOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../app/i18n-context.tsx';
import {
  buildSheet,
  saveFile,
  toExportFileName,
  writeXlsx,
  type ExportColumn,
} from '../app/xlsx.ts';

/** Exports `rows` through `columns` to `<fileName>-<today>.xlsx`. */
export function ExportButton<R>({
  fileName,
  sheetName,
  columns,
  rows,
  testId,
}: {
  fileName: string;
  sheetName?: string;
  columns: readonly ExportColumn<R>[];
  rows: readonly R[];
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const bytes = await writeXlsx(sheetName ?? fileName, buildSheet(columns, rows));
      saveFile(bytes, toExportFileName(fileName, new Date().toISOString().slice(0, 10)));
    } catch (error) {
      void message.error(
        `${t('common.exportFailed')}: ${error instanceof Error ? error.message : ''}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      icon={<FileExcelOutlined />}
      loading={busy}
      onClick={() => void run()}
      className="no-print"
      data-testid={testId ?? 'export-xlsx'}
    >
      {busy ? t('common.exporting') : t('common.export')}
    </Button>
  );
}
