/** The parts of node-wpapi (which ships no types) that the REST API's tests use. */
declare module 'wpapi' {
  interface WPRequest<T = unknown> extends PromiseLike<T> {
    id(id: number): WPRequest<Record<string, unknown>>;
    slug(slug: string): WPRequest<T>;
    include(ids: number[]): WPRequest<T>;
    perPage(n: number): WPRequest<T>;
    page(n: number): WPRequest<T>;
    search(words: string): WPRequest<T>;
    param(name: string, value: unknown): WPRequest<T>;
    forPost(id: number): WPRequest<T>;
    categories(ids: number[]): WPRequest<T>;
    order(order: 'asc' | 'desc'): WPRequest<T>;
    orderby(by: string): WPRequest<T>;
    toString(): string;
    get(): Promise<T>;
    context(name: 'view' | 'embed' | 'edit'): WPRequest<T>;
    embed(): WPRequest<T>;
    auth(credentials: { username: string; password: string }): WPRequest<T>;
    create(data: Record<string, unknown>): Promise<Record<string, unknown>>;
    update(data: Record<string, unknown>): Promise<Record<string, unknown>>;
    delete(data?: Record<string, unknown>): Promise<Record<string, unknown>>;
  }
  export interface Paging {
    total: number;
    totalPages: number;
    next?: WPRequest<Page>;
    prev?: WPRequest<Page>;
  }
  export type Page = Array<Record<string, unknown>> & { _paging?: Paging };
  export default class WPAPI {
    constructor(options: { endpoint: string; username?: string; password?: string });
    auth(credentials: { username: string; password: string }): WPAPI;
    static discover(url: string): Promise<WPAPI>;
    posts(): WPRequest<Page>;
    categories(): WPRequest<Page>;
    tags(): WPRequest<Page>;
    users(): WPRequest<Page>;
    comments(): WPRequest<Page>;
    root(path?: string): WPRequest<Record<string, unknown>>;
    namespace(name: string): { sources(): WPRequest<Page> };
  }
}
