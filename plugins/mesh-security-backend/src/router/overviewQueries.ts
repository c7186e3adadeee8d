import { InputError } from '@backstage/errors';
import { STRICT_MIGRATION_MAX_PAGE } from '@mesh-security/plugin-mesh-security-common';
import type {
  OverviewFindingSort,
  OverviewServiceSort,
  Severity,
} from '@mesh-security/plugin-mesh-security-common';
import { z } from 'zod';
import type { PageQuery } from '../views/overviewPages';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

const SERVICE_SORTS = [
  'findings',
  'name',
  'mode',
  'rps',
  'mtlsShare',
  'health',
] as const satisfies readonly OverviewServiceSort[];
const FINDING_SORTS = [
  'severity',
  'rule',
  'subject',
  'cluster',
  'reason',
] as const satisfies readonly OverviewFindingSort[];
const SEVERITY_NAMES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const satisfies readonly Severity[];

const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().max(max));

const paging = {
  offset: wholeNumber(Number.MAX_SAFE_INTEGER).default('0'),
  limit: wholeNumber(MAX_PAGE_SIZE)
    .pipe(z.number().min(1))
    .default(String(DEFAULT_PAGE_SIZE)),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().max(200).optional(),
};

// strict: a misspelt parameter is a 400 naming it, not a silently unfiltered list
const servicesQuery = z
  .object({ ...paging, sort: z.enum(SERVICE_SORTS).default('findings') })
  .strict();

const findingsQuery = z
  .object({
    ...paging,
    sort: z.enum(FINDING_SORTS).default('severity'),
    /** comma-separated: `critical,high` */
    severity: z
      .string()
      .transform(s => s.split(','))
      .pipe(z.array(z.enum(SEVERITY_NAMES)))
      .optional(),
  })
  .strict();

// no paging asked for: every namespace, as before paging existed
const strictMigrationQuery = z
  .object({
    offset: wholeNumber(Number.MAX_SAFE_INTEGER).optional(),
    limit: wholeNumber(STRICT_MIGRATION_MAX_PAGE)
      .pipe(z.number().min(1))
      .optional(),
  })
  .strict();

function parseQuery<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  query: unknown,
): T {
  const result = schema.safeParse(query);
  if (!result.success) {
    const why = result.error.issues
      .map(i => `${i.path.join('.') || 'query'} ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid request: ${why}`);
  }
  return result.data;
}

/** `?offset=&limit=&sort=&order=&q=` of GET /overview/services; anything else is a 400. */
export function parseServicesQuery(
  query: unknown,
): PageQuery<OverviewServiceSort> {
  return parseQuery(servicesQuery, query);
}

/** `?offset=&limit=&severity=&sort=&order=&q=` of GET /overview/findings; anything else is a 400. */
export function parseFindingsQuery(
  query: unknown,
): PageQuery<OverviewFindingSort> & { severity?: Severity[] } {
  return parseQuery(findingsQuery, query);
}

/** `?offset=&limit=` of GET /overview/strict-migration (both optional); anything else is a 400. */
export function parseStrictMigrationQuery(query: unknown): {
  offset?: number;
  limit?: number;
} {
  return parseQuery(strictMigrationQuery, query);
}
