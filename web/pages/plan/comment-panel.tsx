/**
 * 意见与批示: the threads on a target or a task — a leader's 批示 marked, replies under it —
 * and a box to write a comment, a reply or (for planners) a 批示, with evidence files.
 */
import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, List, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { CommentThreads } from '../../../src/contract/comment.ts';
import { ApiError, requestJson } from '../../app/api.ts';
import { formatTimestamp } from '../../app/format.ts';
import { useI18n } from '../../app/i18n-context.tsx';
import { useSession } from '../../app/session-context.tsx';
import { hasRole } from '../../app/session.ts';
import { toBase64 } from '../../app/upload.ts';
import { useApi } from '../../app/use-api.ts';
import { Async } from '../../components/page-state.tsx';

type Threads = Static<typeof CommentThreads>;
type Thread = Threads['threads'][number];
type Attachment = Thread['attachments'][number];

const acceptedEvidence = '.png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt';

function Files({ files }: { files: readonly Attachment[] }) {
  if (files.length === 0) return null;
  return (
    <Space wrap size={4}>
      {files.map((f) => (
        <a
          key={f.id}
          href={`/api/attachments/${encodeURIComponent(f.id)}`}
          data-testid="attachment"
        >
          <PaperClipOutlined /> {f.fileName}
        </a>
      ))}
    </Space>
  );
}

interface CommentPanelProps {
  subjectKind: 'target' | 'task';
  subjectId: string;
}

/** The panel for a signed-in user; comments and evidence are not part of the public cockpit. */
export function CommentPanel(props: CommentPanelProps) {
  const { user } = useSession();
  return user ? <CommentThreadsPanel {...props} /> : null;
}

function CommentThreadsPanel({ subjectKind, subjectId }: CommentPanelProps) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const query = `/comments?subjectKind=${subjectKind}&subjectId=${encodeURIComponent(subjectId)}`;
  const state = useApi((signal) => requestJson<Threads>('GET', query, { signal }), [query]);
  const [body, setBody] = useState('');
  const [instruction, setInstruction] = useState(false);
  const [replyTo, setReplyTo] = useState<Thread | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mayInstruct = hasRole(user, 'admin', 'planner');
  const mayWrite = hasRole(user, 'admin', 'planner', 'reviewer', 'reporter');

  async function send() {
    setBusy(true);
    setError(null);
    try {
      const attachments = await Promise.all(
        files.map(async (f) => ({
          fileName: f.name,
          contentBase64: toBase64(new Uint8Array(await f.arrayBuffer())),
        })),
      );
      await requestJson('POST', '/comments', {
        body: {
          subjectKind,
          subjectId,
          body,
          ...(replyTo ? { parentId: replyTo.id } : {}),
          ...(instruction && !replyTo ? { instruction: true } : {}),
          ...(attachments.length > 0 ? { attachments } : {}),
        },
      });
      setBody('');
      setFiles([]);
      setReplyTo(null);
      setInstruction(false);
      state.retry();
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'zh' ? e.message : e.messageEn) : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('comments.title')} data-testid="comment-panel">
      <Async state={state}>
        {(data) => (
          <List<Thread>
            size="small"
            dataSource={data.threads}
            locale={{ emptyText: t('comments.none') }}
            renderItem={(thread) => (
              <List.Item data-testid="comment-thread">
                <div style={{ width: '100%' }}>
                  <Space wrap>
                    {thread.kind === 'instruction' ? (
                      <Tag color="red">{t('comments.instruction')}</Tag>
                    ) : null}
                    <Typography.Text strong>{thread.authorName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {formatTimestamp(thread.createdAt)}
                    </Typography.Text>
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>{thread.body}</div>
                  <Files files={thread.attachments} />
                  {thread.replies.map((r) => (
                    <div
                      key={r.id}
                      data-testid="comment-reply"
                      style={{ marginLeft: 24, paddingLeft: 8, borderLeft: '2px solid #e5e6eb' }}
                    >
                      <Space wrap>
                        <Typography.Text strong>{r.authorName}</Typography.Text>
                        <Typography.Text type="secondary">
                          {formatTimestamp(r.createdAt)}
                        </Typography.Text>
                      </Space>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{r.body}</div>
                      <Files files={r.attachments} />
                    </div>
                  ))}
                  {mayWrite ? (
                    <Button
                      size="small"
                      type="link"
                      className="screen-only"
                      onClick={() => setReplyTo(thread)}
                    >
                      {t('comments.reply')}
                    </Button>
                  ) : null}
                </div>
              </List.Item>
            )}
          />
        )}
      </Async>
      {mayWrite ? (
        <Space orientation="vertical" style={{ width: '100%' }} className="screen-only">
          {replyTo ? (
            <Alert
              type="info"
              title={t('comments.replyingTo', { name: replyTo.authorName })}
              closable
              onClose={() => setReplyTo(null)}
            />
          ) : null}
          <Input.TextArea
            value={body}
            maxLength={2000}
            rows={3}
            onChange={(e) => setBody(e.target.value)}
            placeholder={t('comments.placeholder')}
            data-testid="comment-body"
          />
          <Space wrap>
            <Upload
              accept={acceptedEvidence}
              multiple
              maxCount={5}
              beforeUpload={(file) => {
                setFiles((list) => [...list, file].slice(0, 5));
                return false;
              }}
              onRemove={(file) => setFiles((list) => list.filter((f) => f.name !== file.name))}
              fileList={files.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name }))}
            >
              <Button icon={<PaperClipOutlined />}>{t('comments.attach')}</Button>
            </Upload>
            {mayInstruct && !replyTo ? (
              <Checkbox
                checked={instruction}
                onChange={(e) => setInstruction(e.target.checked)}
                data-testid="comment-instruction"
              >
                {t('comments.asInstruction')}
              </Checkbox>
            ) : null}
            <Button
              type="primary"
              loading={busy}
              disabled={body.trim() === ''}
              onClick={() => void send()}
              data-testid="comment-send"
            >
              {t('comments.send')}
            </Button>
          </Space>
          {error ? <Alert type="error" title={error} /> : null}
        </Space>
      ) : null}
    </Card>
  );
}

/** 佐证材料 of one progress report: the files, and for its unit's reporter a button to add more. */
export function ProgressEvidence(props: { progressId: string; mayAdd: boolean }) {
  const { user } = useSession();
  return user ? <ProgressEvidenceList {...props} /> : null;
}

function ProgressEvidenceList({ progressId, mayAdd }: { progressId: string; mayAdd: boolean }) {
  const { t, lang } = useI18n();
  const path = `/tasks/progress/${encodeURIComponent(progressId)}/attachments`;
  const state = useApi(
    (signal) => requestJson<{ attachments: Attachment[] }>('GET', path, { signal }),
    [path],
  );
  const [error, setError] = useState<string | null>(null);
  async function add(file: File) {
    setError(null);
    try {
      await requestJson('POST', path, {
        body: {
          attachments: [
            {
              fileName: file.name,
              contentBase64: toBase64(new Uint8Array(await file.arrayBuffer())),
            },
          ],
        },
      });
      state.retry();
    } catch (e) {
      setError(e instanceof ApiError ? (lang === 'zh' ? e.message : e.messageEn) : String(e));
    }
  }
  return (
    <div data-testid="progress-evidence">
      <Async state={state}>{(data) => <Files files={data.attachments} />}</Async>
      {mayAdd ? (
        <Upload
          accept={acceptedEvidence}
          showUploadList={false}
          beforeUpload={(file) => {
            void add(file);
            return false;
          }}
        >
          <Button size="small" type="link" icon={<PaperClipOutlined />} className="screen-only">
            {t('comments.attach')}
          </Button>
        </Upload>
      ) : null}
      {error ? <Alert type="error" title={error} /> : null}
    </div>
  );
}
