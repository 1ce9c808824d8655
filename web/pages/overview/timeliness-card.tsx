/** The Overview's timeliness card: completeness and timeliness of the plan year, and who is late. */
import { Card, Col, List, Row, Skeleton, Statistic, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useApi } from '../../app/use-api.ts';
import { DataText } from '../../components/data-text.tsx';
import { ErrorState } from '../../components/page-state.tsx';
import { RateStatistic } from '../timeliness/rate-statistic.tsx';
import { summarizeTimeliness } from '../timeliness/timeliness-rows.ts';

/** Completeness and timeliness rates for a year, with the units most overdue. */
export function TimelinessCard({ year }: { year: number }) {
  const { t } = useI18n();
  const state = useApi(
    async (signal) =>
      summarizeTimeliness(
        await api.timeliness(year, null, signal),
        await api.overdue(null, signal),
      ),
    [year],
  );
  return (
    <Card
      size="small"
      title={t('timeliness.cardTitle', { year })}
      extra={<Link to={`/timeliness?year=${year}`}>{t('common.more')}</Link>}
      data-testid="timeliness-card"
    >
      {state.status === 'loading' ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : state.status === 'error' ? (
        <ErrorState error={state.error} retry={state.retry} />
      ) : (
        <>
          <Row gutter={12}>
            <Col span={8}>
              <RateStatistic
                title={t('timeliness.completeness')}
                rate={state.data.completeness}
                fontSize={20}
                testId="card-completeness"
              />
            </Col>
            <Col span={8}>
              <RateStatistic
                title={t('timeliness.timeliness')}
                rate={state.data.timeliness}
                fontSize={20}
                testId="card-timeliness"
              />
            </Col>
            <Col span={8}>
              <Statistic
                title={t('timeliness.overdueUnits')}
                value={state.data.overdueUnits}
                styles={{ content: { fontSize: 20 } }}
                data-testid="card-overdue-units"
              />
            </Col>
          </Row>
          {state.data.worst.length > 0 ? (
            <List
              size="small"
              style={{ marginTop: 8 }}
              dataSource={[...state.data.worst]}
              renderItem={(u) => (
                <List.Item
                  extra={<Tag color="red">{t('common.overdue', { count: u.maxDaysOverdue })}</Tag>}
                >
                  <Link to={`/entry?unit=${u.unitCode}`}>
                    <DataText zh={u.unitName} />
                  </Link>
                  <span style={{ color: '#6b7785', marginInlineStart: 8 }}>
                    {t('timeliness.valuesOverdue', { count: u.overdueValues })}
                  </span>
                </List.Item>
              )}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}
