/**
 * 批示 and evidence on the demo plan (issue 11 item 5): a planner's 批示 reaches the lead
 * unit's inbox, the unit replies in the thread, a reporter cannot write a 批示 nor comment
 * outside its units, and evidence is checked by its bytes, kept outside the database rows,
 * read back byte for byte and audited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/permission.ts';
import { createAttachmentFiles } from '../store/attachment-files.ts';
import { testEngine } from '../store/test-database.ts';
import { createAccountService } from './account-service.ts';
import { createDemoFixture, type DemoFixture } from './collection-test-fixture.ts';
import { createCommentService } from './comment-service.ts';
import { createNotificationService } from './notification-service.ts';
import { systemActor, type Actor } from './ports.ts';

const actor = (roles: Role[], scopePaths: string[], id: string): Actor => ({
  id,
  name: id,
  requestId: `req-${id}`,
  roles,
  scopePaths,
});

const pdf = Buffer.from('%PDF-1.4\n% 佐证材料\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const b64 = (b: Buffer) => b.toString('base64');

describe(`comments, 批示 and evidence on the demo plan, on ${testEngine}`, () => {
  let fixture: DemoFixture;
  let comments: ReturnType<typeof createCommentService>;
  let directory: string;
  let task: { id: string; leadCode: string; leadPath: string; title: string };
  let otherPath: string;
  let planner: Actor;
  let leadReporter: Actor;

  beforeAll(async () => {
    fixture = await createDemoFixture('2025-11-20T02:00:00.000Z');
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-comment-test-'));
    comments = createCommentService({ ...fixture.deps, files: createAttachmentFiles(directory) });
    const db = fixture.database.db;
    const lead = await db
      .selectFrom('plan_node_unit')
      .innerJoin('plan_node', 'plan_node.id', 'plan_node_unit.node_id')
      .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
      .select(['plan_node.id', 'plan_node.title', 'unit.code', 'unit.path'])
      .where('plan_node.kind', '=', 'task')
      .where('plan_node_unit.role', '=', 'lead')
      .orderBy('plan_node.sort_order')
      .executeTakeFirstOrThrow();
    task = { id: lead.id, leadCode: lead.code, leadPath: lead.path, title: lead.title };
    otherPath = (
      await db
        .selectFrom('unit')
        .select('path')
        .where('kind', '=', 'department')
        .where('path', 'not like', `${lead.path}%`)
        .where('id', 'not in', (eb) =>
          eb.selectFrom('plan_node_unit').select('unit_id').where('node_id', '=', task.id),
        )
        .executeTakeFirstOrThrow()
    ).path;
    planner = actor(['planner'], ['/'], 'planner');
    leadReporter = actor(['reporter'], [task.leadPath], 'lead-reporter');
    await createAccountService(fixture.deps).createUser(
      {
        username: 'lead-reporter',
        password: 'correct horse battery staple',
        roles: ['reporter'],
        unitCodes: [task.leadCode],
      },
      systemActor,
    );
  });
  afterAll(async () => {
    await fixture.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('tells the lead unit’s reporters of a new 批示, and threads their reply under it', async () => {
    const instruction = await comments.addComment(
      {
        subjectKind: 'task',
        subjectId: task.id,
        body: '请加快推进，月底前报送进展。',
        instruction: true,
      },
      planner,
    );
    expect(instruction.kind).toBe('instruction');
    const inbox = await createNotificationService(fixture.deps).getInbox(
      { ...leadReporter, id: 'lead-reporter' },
      {},
    );
    const notice = inbox.items.find((n) => n.kind === 'instruction');
    expect(notice?.title.zh).toBe(`新批示：${task.title}`);
    expect(notice?.body.zh).toContain('请加快推进，月底前报送进展。');

    const reply = await comments.addComment(
      {
        subjectKind: 'task',
        subjectId: task.id,
        body: '已部署，月底前报送。',
        parentId: instruction.id,
      },
      leadReporter,
    );
    const { threads } = await comments.getThreads('task', task.id);
    const thread = threads.find((t) => t.id === instruction.id);
    expect(thread?.kind).toBe('instruction');
    expect(thread?.replies.map((r) => [r.id, r.body])).toEqual([
      [reply.id, '已部署，月底前报送。'],
    ]);
  });

  it('lets only those granted comment.instruct write a 批示', async () => {
    await expect(
      comments.addComment(
        { subjectKind: 'task', subjectId: task.id, body: '我来批示', instruction: true },
        leadReporter,
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps a reporter’s comments to subjects of its own units', async () => {
    const outsider = actor(['reporter'], [otherPath], 'outsider');
    await expect(
      comments.addComment({ subjectKind: 'task', subjectId: task.id, body: '路过' }, outsider),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });

  it('answers NOT_FOUND for a subject that does not exist', async () => {
    await expect(
      comments.addComment({ subjectKind: 'target', subjectId: 'no-such', body: '意见' }, planner),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps evidence in the attachment directory, not the database, and gives it back byte for byte', async () => {
    const progress = await fixture.services.collection.saveProgress(
      task.id,
      { period: '202510', narrative: '完成立项', percentComplete: 30, version: 0 },
      leadReporter,
    );
    const { attachments } = await comments.attachToProgress(
      progress.id,
      [{ fileName: '立项批复.pdf', contentBase64: b64(pdf) }],
      leadReporter,
    );
    expect(attachments).toMatchObject([
      { fileName: '立项批复.pdf', mediaType: 'application/pdf', size: pdf.length },
    ]);
    const row = await fixture.database.db
      .selectFrom('attachment')
      .selectAll()
      .where('id', '=', attachments[0]!.id)
      .executeTakeFirstOrThrow();
    const onDisk = path.join(directory, row.storage_key.slice(0, 2), row.storage_key);
    expect(fs.readFileSync(onDisk).equals(pdf)).toBe(true);
    expect(JSON.stringify(row)).not.toContain(b64(pdf));
    const file = await comments.getAttachmentFile(row.id);
    expect(file.content.equals(pdf)).toBe(true);
    const audit = await fixture.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('entity', '=', 'attachment')
      .where('entity_id', '=', row.id)
      .execute();
    expect(audit).toEqual([{ action: 'attachment.add', actor: 'lead-reporter' }]);
    expect((await comments.getProgressAttachments(progress.id)).attachments).toHaveLength(1);
  });

  it('refuses a comment whose file lies about its type, and stores neither comment nor file', async () => {
    const before = fs.readdirSync(directory, { recursive: true }).length;
    const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1');
    await expect(
      comments.addComment(
        {
          subjectKind: 'task',
          subjectId: task.id,
          body: '见附件',
          attachments: [
            { fileName: '说明.pdf', contentBase64: b64(pdf) },
            { fileName: '现场照片.jpg', contentBase64: b64(exe) },
          ],
        },
        leadReporter,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fs.readdirSync(directory, { recursive: true }).length).toBe(before);
    const { threads } = await comments.getThreads('task', task.id);
    expect(threads.flatMap((t) => [t.body, ...t.replies.map((r) => r.body)])).not.toContain(
      '见附件',
    );
  });

  it('lets evidence go with a comment, and only the report’s unit add it to a progress report', async () => {
    const withFile = await comments.addComment(
      {
        subjectKind: 'task',
        subjectId: task.id,
        body: '附现场照片',
        attachments: [{ fileName: 'scan.pdf', contentBase64: b64(pdf) }],
      },
      leadReporter,
    );
    expect(withFile.attachments.map((a) => a.fileName)).toEqual(['scan.pdf']);
    const progress = await fixture.database.db
      .selectFrom('task_progress')
      .select('id')
      .where('node_id', '=', task.id)
      .executeTakeFirstOrThrow();
    await expect(
      comments.attachToProgress(
        progress.id,
        [{ fileName: 'x.pdf', contentBase64: b64(pdf) }],
        actor(['reporter'], [otherPath], 'outsider'),
      ),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
  });
});
