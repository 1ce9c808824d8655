/**
 * 批示 and evidence over HTTP on the demo plan: a planner's 批示 on a target lands in the
 * target unit's inbox, a file is downloaded with its own type and name, and a file whose
 * name lies about its content answers 400 with the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../services/demo-service.ts';
import { systemActor } from '../../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../../store/test-database.ts';
import { buildApp, buildServices, type LantuApp } from '../app.ts';
import { readDemoData } from '../server.ts';
import { buildTestAppDeps } from '../test-app.ts';
import { loginAs, type SessionHeaders } from '../test-session.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);

describe(`comment routes on the demo, on ${testEngine}`, () => {
  let database: TestDatabase;
  let app: LantuApp;
  let directory: string;
  let target: { id: string; metric: string; unitCode: string };
  let planner: SessionHeaders;
  let unitReporter: SessionHeaders;

  beforeAll(async () => {
    database = await createTestDatabase();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-comment-routes-'));
    const deps = { ...buildTestAppDeps(database, 'cr'), attachmentDir: directory };
    await loadDemo(readDemoData(), buildServices(deps), systemActor);
    app = await buildApp(deps);
    const row = await database.db
      .selectFrom('target')
      .innerJoin('unit', 'unit.id', 'target.unit_id')
      .select(['target.id', 'target.metric', 'unit.code'])
      .orderBy('target.id')
      .executeTakeFirstOrThrow();
    target = { id: row.id, metric: row.metric, unitCode: row.code };
    planner = await loginAs(app, deps, 'planner');
    unitReporter = await loginAs(app, deps, 'reporter', { unitCodes: [row.code] });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('records a 批示 with a photo, tells the target’s unit, and serves the photo back', async () => {
    const written = await app.inject({
      method: 'POST',
      url: '/api/comments',
      headers: planner,
      payload: {
        subjectKind: 'target',
        subjectId: target.id,
        body: '此项目标要确保完成。',
        instruction: true,
        attachments: [{ fileName: '现场.png', contentBase64: png.toString('base64') }],
      },
    });
    expect(written.statusCode, written.body).toBe(201);
    const comment = written.json<{ id: string; attachments: { id: string }[] }>();

    const inbox = await app.inject({
      method: 'GET',
      url: '/api/notifications',
      headers: unitReporter,
    });
    const notice = inbox
      .json<{ items: { kind: string; link: string; title: { zh: string } }[] }>()
      .items.find((n) => n.kind === 'instruction');
    expect(notice).toMatchObject({
      title: { zh: `新批示：${target.metric}` },
      link: `/targets/${target.id}`,
    });

    const file = await app.inject({
      method: 'GET',
      url: `/api/attachments/${comment.attachments[0]!.id}`,
      headers: unitReporter,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('现场.png'));
    expect(file.rawPayload.equals(png)).toBe(true);

    const threads = await app.inject({
      method: 'GET',
      url: `/api/comments?subjectKind=target&subjectId=${target.id}`,
      headers: unitReporter,
    });
    expect(threads.json<{ threads: { id: string; kind: string }[] }>().threads).toContainEqual(
      expect.objectContaining({ id: comment.id, kind: 'instruction' }),
    );
  });

  it('answers 400 for a PDF that is really a PNG, and 403 for a reporter’s 批示', async () => {
    const lying = await app.inject({
      method: 'POST',
      url: '/api/comments',
      headers: unitReporter,
      payload: {
        subjectKind: 'target',
        subjectId: target.id,
        body: '见附件',
        attachments: [{ fileName: '报告.pdf', contentBase64: png.toString('base64') }],
      },
    });
    expect(lying.statusCode).toBe(400);
    expect(lying.json<{ message: string }>().message).toContain('内容与文件类型不符');
    const instruct = await app.inject({
      method: 'POST',
      url: '/api/comments',
      headers: unitReporter,
      payload: { subjectKind: 'target', subjectId: target.id, body: '批示', instruction: true },
    });
    expect(instruct.statusCode).toBe(403);
  });
});
