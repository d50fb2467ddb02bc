/**
 * Hand-written DDL that fails when run twice. Prisma-generated statements are left alone: Prisma
 * runs each migration once and records it, so a guard there is noise (the guide's own correction).
 */
import { alterCommands, columnDefOf, constraintOf, droppedNames, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit, StatementInfo } from './types.ts';

const objectWord: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_VIEW: 'view',
  OBJECT_TYPE: 'type',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
  OBJECT_FUNCTION: 'function',
  OBJECT_MATVIEW: 'materialized view',
};

const createWord: Record<string, string> = {
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateExtensionStmt: 'CREATE EXTENSION',
};

function messages(statement: StatementInfo): string[] {
  const stmt = statement.node;
  const table = tableOf(stmt.relation) ?? 'the table';
  switch (statement.kind) {
    case 'CreateStmt':
      return stmt.if_not_exists ? [] : [`CREATE TABLE ${table} fails with 42P07 if the table exists (IF NOT EXISTS would skip it).`];
    case 'IndexStmt':
      return stmt.if_not_exists
        ? []
        : [
            `CREATE INDEX ${stmt.idxname ? `${String(stmt.idxname)} ` : ''}fails with 42P07 if the index exists (IF NOT EXISTS would skip it).`,
          ];
    case 'CreateSeqStmt':
    case 'CreateSchemaStmt':
    case 'CreateExtensionStmt':
      return stmt.if_not_exists ? [] : [`${createWord[statement.kind]} fails if it already exists (IF NOT EXISTS would skip it).`];
    case 'CreateEnumStmt':
      return ['CREATE TYPE … AS ENUM has no IF NOT EXISTS: a second run fails with 42710 unless a DO block checks pg_type first.'];
    case 'DropStmt': {
      const word = objectWord[stmt.removeType as string] ?? 'object';
      return stmt.missing_ok
        ? []
        : [`DROP ${word.toUpperCase()} ${droppedNames(stmt).join(', ')} fails if the ${word} is already gone (IF EXISTS would skip it).`];
    }
    case 'RenameStmt':
      return ['A rename fails on a second run: the old name no longer exists.'];
    case 'AlterTableStmt':
      return alterCommands(statement).flatMap(({ subtype, cmd }) => {
        if (subtype === 'AT_AddColumn' && !cmd.missing_ok)
          return [
            `ADD COLUMN ${String(columnDefOf(cmd)?.colname ?? '')} fails with 42701 if ${table} already has it (ADD COLUMN IF NOT EXISTS would skip it).`,
          ];
        if (subtype === 'AT_AddConstraint')
          return [
            `ADD CONSTRAINT ${String(constraintOf(cmd)?.conname ?? '')} has no IF NOT EXISTS: a second run fails with 42710 (or 42P07 for an index-backed one) unless a DO block checks pg_constraint first.`,
          ];
        if (subtype === 'AT_DropColumn' && !cmd.missing_ok)
          return [`DROP COLUMN ${String(cmd.name)} fails with 42703 if it is already gone (IF EXISTS would skip it).`];
        if (subtype === 'AT_DropConstraint' && !cmd.missing_ok)
          return [`DROP CONSTRAINT ${String(cmd.name)} fails with 42704 if it is already gone (IF EXISTS would skip it).`];
        return [];
      });
    default:
      return [];
  }
}

export const unguardedDdlInfo: RuleInfo = {
  id: 'unguarded-ddl',
  severity: 'warning',
  title: 'Not idempotent: fails if the object already exists (or is already gone)',
  why: 'A retry after a partial failure, or a database that already has the object, stops here with an error. Prisma-generated migrations run once and are fine without guards; hand-written and retried scripts need them.',
  safe: 'IF NOT EXISTS / IF EXISTS where PostgreSQL has them; a DO block that checks the catalog (pg_type, pg_constraint filtered on conrelid) where it has not.',
  section: '/guide/defensive-sql/#why-plain-ddl-breaks-on-a-retry',
  example: '/guide/defensive-sql/#ex-defensive-create-table-naive',
};

export const unguardedDdl: Rule = {
  ...unguardedDdlInfo,
  check: ({ statement }): RuleHit[] => (statement.prismaGenerated ? [] : messages(statement).map((message) => ({ message }))),
};
