/** The list of plans; with one plan it opens it directly. */
import { Card, Table, Tag, Typography } from 'antd';
import { Link, Navigate } from 'react-router-dom';
import type { PlanListItem } from '../../../src/contract/plan.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import type { MessageKey } from '../../app/i18n.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { api } from '../../app/api.ts';
import { DataText } from '../../components/data-text.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { Async, NoData } from '../../components/page-state.tsx';

const statusKey = (s: string): MessageKey | null =>
  s === 'draft' || s === 'adopted' || s === 'closed' ? (`plan.status.${s}` as const) : null;

/** The plans page (`/plans`). */
export default function PlansPage() {
  const { t } = useI18n();
  const state = useApi(() => api.plans(), []);
  const status = (s: string) => {
    const k = statusKey(s);
    return k ? t(k) : s;
  };
  const columns: ExportColumn<PlanListItem>[] = [
    { header: t('plan.year'), value: (p) => p.year },
    { header: t('common.name'), value: (p) => p.title },
    { header: t('common.unit'), value: (p) => p.unitName },
    { header: t('plan.status'), value: (p) => status(p.status) },
  ];
  return (
    <div data-page="plans">
      <Async state={state}>
        {(plans) => {
          if (plans.length === 0)
            return <NoData title={t('empty.noPlan')} hint={t('empty.noPlanHint')} />;
          if (plans.length === 1 && plans[0])
            return <Navigate to={`/plans/${plans[0].id}`} replace />;
          return (
            <Card
              title={
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('plan.list')}
                </Typography.Title>
              }
              extra={<ExportButton fileName={t('plan.list')} columns={columns} rows={plans} />}
            >
              <Table<PlanListItem>
                rowKey="id"
                dataSource={plans}
                pagination={false}
                columns={[
                  { title: t('plan.year'), dataIndex: 'year', width: 90 },
                  {
                    title: t('common.name'),
                    render: (_, p) => (
                      <Link to={`/plans/${p.id}`}>
                        <DataText zh={p.title} />
                      </Link>
                    ),
                  },
                  {
                    title: t('common.unit'),
                    width: 160,
                    render: (_, p) => <DataText zh={p.unitName} />,
                  },
                  {
                    title: t('plan.status'),
                    width: 110,
                    render: (_, p) => <Tag>{status(p.status)}</Tag>,
                  },
                ]}
              />
            </Card>
          );
        }}
      </Async>
    </div>
  );
}
