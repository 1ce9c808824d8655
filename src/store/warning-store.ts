/** Warning rules and the warnings they raise: the queries of the warning service. */
import type { Kysely } from 'kysely';
import { bumpRevision, readRevision } from './revision-counter.ts';
import type { Database, WarningRuleTable, WarningTable } from './schema.ts';

export function createWarningStore(db: Kysely<Database>) {
  return {
    /**
     * The rule table's revision: bumped in the transaction of every save, so an evaluator
     * keeps its parsed rules until one changes, here or in another instance on the database.
     */
    rulesRevision: () => readRevision(db, 'warning-rules.revision'),
    bumpRulesRevision: (trx: Kysely<Database>, at: string, by: string) =>
      bumpRevision(trx, 'warning-rules.revision', at, by),
    listRules: () => db.selectFrom('warning_rule').selectAll().orderBy('name').execute(),
    getRule: (id: string) =>
      db.selectFrom('warning_rule').selectAll().where('id', '=', id).executeTakeFirst(),
    insertRule: (trx: Kysely<Database>, row: WarningRuleTable) =>
      trx.insertInto('warning_rule').values(row).execute(),
    updateRule: (trx: Kysely<Database>, row: WarningRuleTable) =>
      trx.updateTable('warning_rule').set(row).where('id', '=', row.id).execute(),
    /** Warnings not yet resolved, of one rule or all. */
    listUnresolved: (ruleId?: string) => {
      let q = db.selectFrom('warning').selectAll().where('state', '!=', 'resolved');
      if (ruleId) q = q.where('rule_id', '=', ruleId);
      return q.execute();
    },
    list: (filter: { state?: string; limit?: number }) => {
      let q = db
        .selectFrom('warning')
        .innerJoin('warning_rule', 'warning_rule.id', 'warning.rule_id')
        .selectAll('warning')
        .select('warning_rule.name as rule_name')
        .orderBy('warning.raised_at', 'desc')
        .orderBy('warning.id')
        .limit(Math.min(filter.limit ?? 200, 1000));
      if (filter.state) q = q.where('warning.state', '=', filter.state as WarningTable['state']);
      return q.execute();
    },
    hasUnit: async (code: string) =>
      (await db.selectFrom('unit').select('id').where('code', '=', code).executeTakeFirst()) !==
      undefined,
    get: (id: string) =>
      db.selectFrom('warning').selectAll().where('id', '=', id).executeTakeFirst(),
    insert: (trx: Kysely<Database>, row: WarningTable) =>
      trx.insertInto('warning').values(row).execute(),
    update: (trx: Kysely<Database>, id: string, changes: Partial<WarningTable>) =>
      trx.updateTable('warning').set(changes).where('id', '=', id).execute(),
  };
}

export type WarningStore = ReturnType<typeof createWarningStore>;
