import { useCallback, useState } from 'react';
import type { ListPage } from '@mesh-security/plugin-mesh-security-common';

/** What material-table asks a remote data source for. */
interface TableQuery {
  page: number;
  pageSize: number;
  search: string;
  orderBy?: { field?: unknown };
  orderDirection: string;
}

/** The part of a page query every overview table sends. */
export interface PageQuery<Sort extends string> {
  offset: number;
  limit: number;
  sort?: Sort;
  order?: 'desc';
  q?: string;
}

/**
 * A material-table data source over a backend that pages, sorts and searches:
 * maps the table's query onto `load`, and remembers whether the last page
 * failed (shown above the table: an unread page must not look empty) and
 * whether it was searched (the empty message differs).
 */
export function useServerPagedTable<T, Sort extends string>(
  load: ((query: PageQuery<Sort>) => Promise<ListPage<T>>) | undefined,
  sortByField: Record<string, Sort>,
) {
  const [error, setError] = useState<Error>();
  const [searched, setSearched] = useState(false);
  const remote = useCallback(
    async (query: TableQuery) => {
      const sort = sortByField[String(query.orderBy?.field ?? '')];
      const q = query.search.trim() || undefined;
      try {
        const page = await load!({
          offset: query.page * query.pageSize,
          limit: query.pageSize,
          sort,
          order: sort && query.orderDirection === 'desc' ? 'desc' : undefined,
          q,
        });
        setError(undefined);
        setSearched(q !== undefined);
        return {
          data: page.items,
          page: Math.floor(page.offset / page.limit),
          totalCount: page.total,
        };
      } catch (e) {
        setError(e as Error);
        throw e;
      }
    },
    [load, sortByField],
  );
  return { remote, error, searched };
}
