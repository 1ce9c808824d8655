/** The header's bell: the signed-in user's notices (提醒), the unread count, mark read, follow a link. */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { Inbox, NoticeView } from '../../src/contract/notification.ts';
import { requestJson } from './api.ts';
import { useI18n } from './i18n-context.tsx';
import { pickLang } from './i18n.ts';
import { useSession } from './session-context.tsx';

// Often enough that a returned report shows up within a minute, rarely enough to cost nothing.
const refreshMs = 60_000;

export function NoticeBell() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      setInbox(await requestJson<Inbox>('GET', '/notifications?limit=20'));
    } catch {
      // The bell is a convenience: a failed refresh leaves the last list in place.
    }
  }, []);
  useEffect(() => {
    if (!user) return;
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => clearInterval(timer);
  }, [user, load]);

  if (!user) return null;
  const markRead = async (id: string | null) => {
    await requestJson('POST', '/notifications/read', { body: id === null ? {} : { id } });
    await load();
  };
  const follow = async (notice: NoticeView) => {
    setOpen(false);
    if (notice.readAt === null) await markRead(notice.id).catch(() => undefined);
    void navigate(notice.link);
  };
  const items = inbox?.items ?? [];
  const content = (
    <div style={{ width: 360, maxHeight: 420, overflow: 'auto' }} data-testid="notice-list">
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: 'pointer', opacity: n.readAt === null ? 1 : 0.6 }}
              onClick={() => void follow(n)}
              data-testid="notice-item"
              data-kind={n.kind}
            >
              <List.Item.Meta
                title={
                  <Typography.Text strong={n.readAt === null}>
                    {pickLang(lang, n.title.zh, n.title.en)}
                  </Typography.Text>
                }
                description={
                  <span>
                    {pickLang(lang, n.body.zh, n.body.en)}
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.createdAt.slice(0, 16).replace('T', ' ')}
                    </Typography.Text>
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) void load();
      }}
      title={
        <span style={{ display: 'flex', justifyContent: 'space-between' }}>
          {t('notice.title')}
          {(inbox?.unread ?? 0) > 0 ? (
            <Button size="small" type="link" onClick={() => void markRead(null)}>
              {t('notice.readAll')}
            </Button>
          ) : null}
        </span>
      }
      content={content}
    >
      <Badge count={inbox?.unread ?? 0} size="small">
        <Button icon={<BellOutlined />} aria-label={t('notice.title')} data-testid="notice-bell" />
      </Badge>
    </Popover>
  );
}
