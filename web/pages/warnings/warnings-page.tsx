/** 预警: the warnings inbox — filter by state, acknowledge, resolve with a note, evaluate the rules now. */
import { App, Button, Card, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { WarningView } from '../../../src/contract/warning.ts';
import { api } from '../../app/api.ts';
import { pickDefaultPlan } from '../../app/default-plan.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { hasRole } from '../../app/session.ts';
import { useSession } from '../../app/session-context.tsx';
import { useApi } from '../../app/use-api.ts';
import { DataText, MixedText } from '../../components/data-text.tsx';
import { Async, NoData } from '../../components/page-state.tsx';
import { documentsApi } from '../documents/documents-api.ts';

const severityColor: Record<string, string> = { critical: 'red', warning: 'orange', info: 'blue' };
const states = ['open', 'acknowledged', 'assigned', 'resolved'] as const;

/**
 * The English message without the rule's name it starts with (core words it "name: …"): the
 * rule column shows the name already, marked as data.
 */
function withoutRuleName(message: string, ruleName: string): string {
  return message.startsWith(`${ruleName}: `) ? message.slice(ruleName.length + 2) : message;
}

export default function WarningsPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { message } = App.useApp();
  const [state, setState] = useState<string>('open');
  const inbox = useApi((s) => documentsApi.warnings(state, s), [state]);
  const plans = useApi(() => api.plans(), []);
  const [resolving, setResolving] = useState<WarningView | null>(null);
  const [note, setNote] = useState('');
  const canAct = hasRole(user, 'planner', 'admin');
  const plan = plans.status === 'ok' ? pickDefaultPlan(plans.data) : null;

  const done = (p: Promise<unknown>) =>
    p.then(
      () => inbox.retry(),
      () => void message.error(t('warnings.failed')),
    );

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{t('warnings.title')}</Typography.Title>
      <Space wrap>
        <Segmented
          value={state}
          onChange={(v) => setState(String(v))}
          options={states.map((s) => ({ value: s, label: t(`warnings.state.${s}`) }))}
          data-testid="warning-state"
        />
        {canAct && plan && (
          <Button
            onClick={() =>
              void done(
                documentsApi
                  .evaluate(plan.id)
                  .then((r) =>
                    message.info(
                      t('warnings.evaluated', { raised: r.raised, recovered: r.recovered }),
                    ),
                  ),
              )
            }
            data-testid="evaluate-warnings"
          >
            {t('warnings.evaluate')}
          </Button>
        )}
      </Space>
      <Card size="small">
        <Async state={inbox}>
          {(rows) => (
            <Table<WarningView>
              size="small"
              rowKey="id"
              dataSource={rows}
              data-testid="warnings-inbox"
              locale={{ emptyText: <NoData title={t('warnings.empty')} /> }}
              pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
              columns={[
                {
                  title: t('warnings.severity'),
                  key: 'severity',
                  width: 90,
                  render: (_, w) => (
                    <Tag color={severityColor[w.severity]}>
                      {t(`warnings.severity.${w.severity as 'info'}`)}
                    </Tag>
                  ),
                },
                {
                  title: t('warnings.rule'),
                  key: 'rule',
                  width: 220,
                  render: (_, w) => <DataText zh={w.ruleName} />,
                },
                {
                  title: t('warnings.message'),
                  key: 'message',
                  render: (_, w) =>
                    lang === 'en' ? (
                      <MixedText text={withoutRuleName(w.messageEn, w.ruleName)} />
                    ) : (
                      w.message
                    ),
                },
                {
                  title: t('warnings.raisedAt'),
                  key: 'raised',
                  width: 150,
                  render: (_, w) => w.raisedAt.slice(0, 16).replace('T', ' '),
                },
                {
                  title: '',
                  key: 'actions',
                  width: 170,
                  render: (_, w) =>
                    canAct && w.state !== 'resolved' ? (
                      <Space>
                        {w.state === 'open' && (
                          <Button
                            size="small"
                            data-testid="acknowledge"
                            onClick={() =>
                              void done(documentsApi.step(w.id, { action: 'acknowledge' }))
                            }
                          >
                            {t('warnings.acknowledge')}
                          </Button>
                        )}
                        <Button
                          size="small"
                          data-testid="resolve"
                          onClick={() => {
                            setNote('');
                            setResolving(w);
                          }}
                        >
                          {t('warnings.resolve')}
                        </Button>
                      </Space>
                    ) : (
                      w.note
                    ),
                },
              ]}
            />
          )}
        </Async>
      </Card>
      <Modal
        open={resolving !== null}
        title={t('warnings.resolve')}
        okButtonProps={{ disabled: note.trim() === '', 'data-testid': 'resolve-ok' }}
        onOk={() => {
          if (resolving)
            void done(documentsApi.step(resolving.id, { action: 'resolve', note })).then(() =>
              setResolving(null),
            );
        }}
        onCancel={() => setResolving(null)}
      >
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('warnings.note')}
          data-testid="resolve-note"
        />
      </Modal>
    </Space>
  );
}
