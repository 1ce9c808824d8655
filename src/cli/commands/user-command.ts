/**
 * `lantu user add | list | set-password`: accounts from the command line, which is
 * how the first administrator is created. Passwords come from $LANTU_PASSWORD or
 * a prompt on a terminal that does not echo them.
 */
import type { Command } from 'commander';
import { roles, type Role } from '../../core/permission.ts';
import { openLantuDatabase } from '../../http/server.ts';
import { createAccountService, type AccountService } from '../../services/account-service.ts';
import { systemActor } from '../../services/ports.ts';
import { databaseLocation } from './options.ts';

const say = (message: string) => process.stderr.write(`${message}\n`);
const collect = (value: string, previous: string[]) => [...previous, value];

/** Exits with status 2, as for any usage error. */
function usageError(message: string): never {
  say(message);
  process.exit(2);
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let answer = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new Error('cancelled / 已取消'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    input.on('data', onData);
  });
}

/** The new password: $LANTU_PASSWORD, or asked twice on a terminal. */
async function readNewPassword(): Promise<string> {
  const fromEnv = process.env.LANTU_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    usageError(
      '请用环境变量 LANTU_PASSWORD 提供密码，或在终端中运行 / give the password in LANTU_PASSWORD, or run on a terminal',
    );
  const first = await promptHidden('密码 password: ');
  const second = await promptHidden('再输一次 again: ');
  if (first !== second) usageError('两次输入的密码不一致 / the passwords differ');
  return first;
}

async function withAccounts<T>(program: Command, work: (accounts: AccountService) => Promise<T>) {
  const deps = await openLantuDatabase(databaseLocation(program), {
    loadDemo: false,
    onProgress: say,
  });
  try {
    return await work(createAccountService(deps));
  } finally {
    await deps.database.close();
  }
}

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('管理用户 / manage user accounts');

  user
    .command('add <username>')
    .description(
      '新增用户（第一个管理员由此创建） / add a user (this is how the first admin is created)',
    )
    .option('--role <role>', `角色 role, repeatable: ${roles.join(' | ')}`, collect, [])
    .option(
      '--unit <code>',
      '单位编码 unit code (scope, with its descendants), repeatable',
      collect,
      [],
    )
    .option('--name <displayName>', '显示名 display name')
    .option('--email <address>', '接收提醒的邮箱 where notices are mailed')
    .action(
      async (
        username: string,
        options: { role: string[]; unit: string[]; name?: string; email?: string },
      ) => {
        const bad = options.role.filter((r) => !(roles as readonly string[]).includes(r));
        if (options.role.length === 0 || bad.length > 0)
          usageError(`--role 须为 / must be one of: ${roles.join(', ')}`);
        const password = await readNewPassword();
        await withAccounts(program, async (accounts) => {
          const created = await accounts.createUser(
            {
              username,
              password,
              displayName: options.name,
              roles: options.role as Role[],
              unitCodes: options.unit,
              ...(options.email ? { email: options.email } : {}),
            },
            systemActor,
          );
          say(
            `已创建 / created: ${created.username} [${created.roles.join(', ')}] ${
              created.units.map((u) => u.name).join('、') || '（不限单位 / all units）'
            }`,
          );
        });
      },
    );

  user
    .command('list')
    .description('列出用户 / list users')
    .action(async () => {
      await withAccounts(program, async (accounts) => {
        for (const u of await accounts.listUsers())
          process.stdout.write(
            `${u.username}\t${u.displayName}\t${u.roles.join(',')}\t${
              u.units.map((x) => x.code).join(',') || '*'
            }\t${u.isActive ? 'active' : 'disabled'}\n`,
          );
      });
    });

  user
    .command('set-password <username>')
    .description('重置密码并结束其所有登录 / reset a password and end the user’s sessions')
    .action(async (username: string) => {
      const password = await readNewPassword();
      await withAccounts(program, async (accounts) => {
        await accounts.updateUser(username, { password }, systemActor, 'lantu user set-password');
        say(`已重置 / reset: ${username}`);
      });
    });
}
