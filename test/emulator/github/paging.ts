/**
 * GitHub's page-based pagination: `per_page` (default 30, at most 100; larger values are cut
 * to 100, as GitHub does) and `page` (from 1), with a `Link` header naming the `prev`, `next`,
 * `last` and `first` pages in GitHub's order ("Using pagination in the REST API").
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

/** One page of `items` and its `Link` header (absent when everything fits on page 1). */
export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/**
 * Cuts `items` to the page the query asks for. `requestUrl` is the request's own absolute
 * URL: the links repeat its query with only `page` (and a cut `per_page`) changed.
 */
export function paginate<T>(
  items: readonly T[],
  query: Record<string, unknown>,
  requestUrl: URL,
): Page<T> {
  const asked = typeof query['per_page'] === 'number' ? query['per_page'] : DEFAULT_PER_PAGE;
  const perPage = Math.min(Math.max(asked, 1), MAX_PER_PAGE);
  const page = Math.max(typeof query['page'] === 'number' ? query['page'] : 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);

  const link = (n: number, rel: string): string => {
    const url = new URL(requestUrl);
    url.searchParams.set('page', String(n));
    if (url.searchParams.has('per_page')) url.searchParams.set('per_page', String(perPage));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { items: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
