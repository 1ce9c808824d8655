/** The reporter's to-do (待办): every form due or overdue across periods; one click opens it in data entry. */
import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, type TodoItem } from '../../app/api.ts';
import { formatPeriod } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { RequireSession, useSession } from '../../app/session-context.tsx';
import { canEnterData } from '../../app/session.ts';
import { useApi } from '../../app/use-api.ts';
import type { ExportColumn } from '../../app/xlsx.ts';
import { DataText } from '../../components/data-text.tsx';
import { ExportButton } from '../../components/export-button.tsx';
import { Async, NoData, NoRoleNotice } from '../../components/page-state.tsx';
import { StateTag, useStateLabel } from '../../components/state-tag.tsx';

const entryPathOf = (item: TodoItem) => `/entry?unit=${item.unitCode}&period=${item.periodId}`;

function TodoList() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const stateLabel = useStateLabel();
  const state = useApi((signal) => api.todo(null, signal), []);
  return (
    <div data-page="todo">
      <div className="page-header">
        <div>
          <Typography.Title level={3}>{t('todo.title')}</Typography.Title>
          <div className="page-sub">{t('todo.subtitle')}</div>
        </div>
      </div>
      {!canEnterData(user) ? <NoRoleNotice description={t('entry.noRole')} /> : null}
      <Async state={state} rows={8}>
        {(todo) => {
          const columns: ExportColumn<TodoItem>[] = [
            { header: t('todo.col.period'), value: (r) => formatPeriod(r.periodId, lang) },
            { header: t('common.unit'), value: (r) => r.unitName },
            { header: t('todo.col.indicators'), value: (r) => r.counts.due },
            { header: t('todo.col.due'), value: (r) => r.dueDate },
            { header: t('todo.col.state'), value: (r) => stateLabel(r.state) },
            {
              header: t('timeliness.maxDays'),
              value: (r) => (r.overdue ? r.daysOverdue : null),
            },
          ];
          return (
            <Card
              size="small"
              title={
                <span data-testid="todo-summary">
                  {t('todo.summary', {
                    count: todo.items.length,
                    overdue: todo.overdue,
                    returned: todo.returned,
                  })}
                </span>
              }
              extra={
                <ExportButton
                  fileName={t('todo.title')}
                  columns={columns}
                  rows={todo.items}
                  testId="export-todo"
                />
              }
            >
              <Table<TodoItem>
                size="small"
                rowKey={(r) => `${r.unitCode}:${r.periodId}`}
                dataSource={todo.items}
                pagination={todo.items.length > 20 ? { pageSize: 20, size: 'small' } : false}
                data-testid="todo-table"
                locale={{ emptyText: <NoData title={t('todo.none')} hint={t('todo.noneHint')} /> }}
                rowClassName={(r) => (r.overdue ? 'todo-overdue' : '')}
                columns={[
                  {
                    title: t('todo.col.period'),
                    key: 'period',
                    render: (_, r) => (
                      <Space orientation="vertical" size={0}>
                        <Link
                          to={entryPathOf(r)}
                          data-testid="todo-open"
                          data-period={r.periodId}
                          data-unit={r.unitCode}
                        >
                          {formatPeriod(r.periodId, lang)}
                        </Link>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          <DataText zh={r.unitName} />
                        </Typography.Text>
                      </Space>
                    ),
                  },
                  {
                    title: t('todo.col.indicators'),
                    key: 'indicators',
                    responsive: ['sm'],
                    render: (_, r) => (
                      <span data-testid="todo-indicators">
                        {t('todo.indicators', { due: r.counts.due })}
                        {r.counts.missing > 0 && r.counts.missing < r.counts.due ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {' '}
                            · {t('todo.missing', { count: r.counts.missing })}
                          </Typography.Text>
                        ) : null}
                      </span>
                    ),
                  },
                  {
                    title: t('todo.col.due'),
                    key: 'due',
                    responsive: ['sm'],
                    render: (_, r) => r.dueDate,
                  },
                  {
                    title: t('todo.col.state'),
                    key: 'state',
                    render: (_, r) => (
                      <Space size={4} wrap data-testid="todo-state" data-state={r.state}>
                        <StateTag state={r.state} />
                        {r.overdue ? (
                          <Tag color="red" data-testid="todo-overdue">
                            {t('common.overdue', { count: r.daysOverdue })}
                          </Tag>
                        ) : r.state !== 'submitted' ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('todo.dueIn', { date: r.dueDate })}
                          </Typography.Text>
                        ) : null}
                      </Space>
                    ),
                  },
                  {
                    title: '',
                    key: 'open',
                    className: 'no-print',
                    render: (_, r) => (
                      <Link to={entryPathOf(r)} tabIndex={-1}>
                        <Button size="small" icon={<FormOutlined />}>
                          {t('todo.open')}
                        </Button>
                      </Link>
                    ),
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

/** The to-do page (`/todo`), where a reporter lands; needs a session. */
export default function TodoPage() {
  return (
    <RequireSession>
      <TodoList />
    </RequireSession>
  );
}
