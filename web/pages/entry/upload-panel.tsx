/** Excel both ways on the entry page: templates for a unit (or all units below it) and an all-or-nothing upload with progress. */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { UnitView } from '../../../src/contract/registry.ts';
import { api, ApiError, downloadFile, type UploadJobData } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { pickLang } from '../../app/i18n.ts';
import { DataText } from '../../components/data-text.tsx';
import {
  acceptedUploadTypes,
  isAcceptedFileName,
  pollUpload,
  uploadPercent,
} from '../../app/upload.ts';
import { ForbiddenNotice, useErrorMessage } from '../../components/page-state.tsx';

type Problem = UploadJobData['problems'][number];

const cellText = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** Template downloads and the upload of a filled template for one unit × period. */
export function UploadPanel({
  unit,
  period,
  onWritten,
}: {
  unit: UnitView;
  period: string;
  onWritten: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [job, setJob] = useState<UploadJobData | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const download = async (format: 'xlsx' | 'csv', under: boolean) => {
    try {
      await downloadFile(
        api.templatePath(format, under ? { under: unit.code } : { unit: unit.code }, period),
        `${unit.code}-${period}.${format}`,
      );
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const upload = async (file: File) => {
    if (!isAcceptedFileName(file.name)) {
      void message.error(t('upload.wrongType'));
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    setRefusal(null);
    setJob(null);
    try {
      const started = await api.upload(file);
      const done = await pollUpload(started, (id, signal) => api.uploadJob(id, signal), {
        onProgress: setJob,
        signal: controller.signal,
      });
      if (done.status === 'done') onWritten();
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && (error.status === 401 || error.status === 403))
        setRefusal(error);
      void message.error(errorMessage(error));
    } finally {
      if (!controller.signal.aborted) setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('upload.title')} data-testid="upload-panel">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download('xlsx', false)}
            data-testid="template-xlsx"
          >
            {t('upload.template')}
          </Button>
          <Button onClick={() => void download('csv', false)} data-testid="template-csv">
            {t('upload.templateCsv')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download('xlsx', true)}
            data-testid="template-under"
          >
            {lang === 'en' && !unit.nameEn ? (
              // The unit's name is data: in Chinese, marked, when it has no English.
              <span>
                {t('upload.templateUnder', { unit: '\u0000' })
                  .split('\u0000')
                  .flatMap((part, i) =>
                    i === 0 ? [part] : [<DataText key={i} zh={unit.name} />, part],
                  )}
              </span>
            ) : (
              t('upload.templateUnder', { unit: pickLang(lang, unit.name, unit.nameEn) })
            )}
          </Button>
          <Upload
            accept={acceptedUploadTypes}
            showUploadList={false}
            maxCount={1}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={isBusy}
              data-testid="upload-button"
            >
              {t('upload.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('upload.hint')}</Typography.Text>
        </Space>
        {refusal ? <ForbiddenNotice error={refusal} /> : null}
        {job ? (
          <div data-testid="upload-job" data-status={job.status} data-file-name={job.fileName}>
            <Progress
              percent={uploadPercent(job)}
              status={
                job.status === 'rejected' || job.status === 'failed'
                  ? 'exception'
                  : job.status === 'done'
                    ? 'success'
                    : 'active'
              }
              data-testid="upload-progress"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('upload.counts', {
                file: job.fileName,
                total: job.total,
                parsed: job.parsed,
                validated: job.validated,
                written: job.written,
              })}
              {job.encoding && job.encoding !== 'utf-8'
                ? ` · ${t('upload.encoding', { encoding: job.encoding === 'gb18030' ? 'GB18030 (GBK)' : job.encoding.toUpperCase() })}`
                : null}
            </Typography.Text>
          </div>
        ) : null}
        {job?.status === 'done' && job.result ? (
          <Alert
            type="success"
            showIcon
            data-testid="upload-done"
            title={t('upload.done', {
              written: job.result.written,
              inserted: job.result.inserted,
              updated: job.result.updated,
              skipped: job.result.skipped,
            })}
          />
        ) : null}
        {job?.status === 'failed' && job.error ? (
          <Alert
            type="error"
            showIcon
            data-testid="upload-failed"
            title={lang === 'en' ? job.error.messageEn : job.error.message}
          />
        ) : null}
        {job?.status === 'rejected' ? (
          <>
            <Alert
              type="error"
              showIcon
              data-testid="upload-rejected"
              title={t('upload.rejected', { count: job.problemCount })}
            />
            <Table<Problem>
              size="small"
              rowKey={(p) => `${p.sheet ?? ''}-${p.row}-${p.column ?? p.field}-${p.rule}`}
              dataSource={job.problems}
              pagination={job.problems.length > 20 ? { pageSize: 20, size: 'small' } : false}
              data-testid="upload-problems"
              columns={[
                { title: t('upload.col.sheet'), dataIndex: 'sheet', width: 140 },
                { title: t('upload.col.row'), dataIndex: 'row', width: 60, align: 'right' },
                {
                  title: t('upload.col.column'),
                  key: 'column',
                  width: 130,
                  render: (_, p) => [p.column, p.columnName].filter(Boolean).join(' '),
                },
                {
                  title: t('upload.col.value'),
                  key: 'value',
                  width: 120,
                  render: (_, p) => <code>{cellText(p.value)}</code>,
                },
                {
                  title: t('upload.col.reason'),
                  key: 'reason',
                  render: (_, p) => (lang === 'en' ? p.reasonEn : p.reason),
                },
              ]}
            />
          </>
        ) : null}
      </Space>
    </Card>
  );
}
