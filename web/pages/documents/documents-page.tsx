/** 报告: the archive of generated documents (月通报, 计划执行情况报告, 周监测, 季晒比, 督查督办台账) with download, preview and generation. */
import { App, Button, Card, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentKind, DocumentView } from '../../../src/contract/document.ts';
import { api, downloadFile } from '../../app/api.ts';
import { pickDefaultPlan } from '../../app/default-plan.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { hasRole } from '../../app/session.ts';
import { useSession } from '../../app/session-context.tsx';
import { useApi } from '../../app/use-api.ts';
import { Async, NoData } from '../../components/page-state.tsx';
import { documentsApi } from './documents-api.ts';

export default function DocumentsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const archive = useApi((s) => documentsApi.list(s), []);
  const plans = useApi(() => api.plans(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ title: string; text: string } | null>(null);
  const plan = plans.status === 'ok' ? pickDefaultPlan(plans.data) : null;
  const canGenerate = hasRole(user, 'planner', 'admin') && plan !== null;

  const generate = (kind: DocumentKind) => {
    if (!plan) return;
    setBusy(kind);
    documentsApi.generate(plan.id, kind).then(
      (d) => {
        void message.success(t('documents.generated', { title: d.title, version: d.version }));
        archive.retry();
        setBusy(null);
      },
      () => {
        void message.error(t('documents.failed'));
        setBusy(null);
      },
    );
  };
  const showPreview = (d: DocumentView) => {
    fetch(`/api${documentsApi.filePath(d.id, 'md')}`, { credentials: 'same-origin' })
      .then((r) => r.text())
      .then(
        (text) => setPreview({ title: d.title, text }),
        () => void message.error(t('documents.failed')),
      );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('documents.title')}</Typography.Title>
      {canGenerate && (
        <Space wrap>
          <Button
            type="primary"
            loading={busy === 'monthly-bulletin'}
            onClick={() => generate('monthly-bulletin')}
            data-testid="generate-monthly-bulletin"
          >
            {t('documents.generateBulletin')}
          </Button>
          <Button
            loading={busy === 'execution-report'}
            onClick={() => generate('execution-report')}
            data-testid="generate-execution-report"
          >
            {t('documents.generateReport')}
          </Button>
          {(['weekly-monitor', 'quarterly-ranking', 'supervision'] as const).map((kind) => (
            <Button
              key={kind}
              loading={busy === kind}
              onClick={() => generate(kind)}
              data-testid={`generate-${kind}`}
            >
              {t(`documents.generate.${kind}`)}
            </Button>
          ))}
        </Space>
      )}
      <Card size="small">
        <Async state={archive}>
          {(rows) => (
            <Table<DocumentView>
              size="small"
              rowKey="id"
              dataSource={rows}
              data-testid="documents-archive"
              locale={{ emptyText: <NoData title={t('documents.empty')} /> }}
              pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
              columns={[
                { title: t('documents.kind'), dataIndex: 'kindName', width: 140 },
                { title: t('documents.name'), dataIndex: 'title' },
                {
                  title: t('documents.version'),
                  key: 'version',
                  width: 80,
                  render: (_, d) => <Tag>v{d.version}</Tag>,
                },
                {
                  title: t('documents.dataThrough'),
                  key: 'through',
                  width: 130,
                  render: (_, d) =>
                    `${d.dataThrough ?? '—'}${d.dataPartial ? ` ${t('documents.partial')}` : ''}`,
                },
                {
                  title: t('documents.createdAt'),
                  key: 'created',
                  width: 170,
                  render: (_, d) => d.createdAt.slice(0, 16).replace('T', ' '),
                },
                {
                  title: t('documents.files'),
                  key: 'files',
                  render: (_, d) => (
                    <Space wrap>
                      {d.files.map((f) => (
                        <Button
                          key={f.format}
                          size="small"
                          data-testid={`download-${f.format}`}
                          onClick={() =>
                            void downloadFile(documentsApi.filePath(d.id, f.format), f.fileName)
                          }
                        >
                          {f.format}
                        </Button>
                      ))}
                      {d.files.some((f) => f.format === 'md') && (
                        <Button
                          size="small"
                          type="link"
                          data-testid="preview"
                          onClick={() => showPreview(d)}
                        >
                          {t('documents.preview')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Async>
      </Card>
      <Modal
        open={preview !== null}
        title={preview?.title}
        width={860}
        footer={null}
        onCancel={() => setPreview(null)}
      >
        <pre className="document-preview" data-testid="document-preview">
          {preview?.text}
        </pre>
      </Modal>
    </Space>
  );
}
