/** A small REST client for end-to-end tests: JSON in and out, API key and Idempotency-Key headers. */
export interface RestAnswer<Body = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  body: Body;
}

export interface RestOptions {
  key?: string | null;
  idempotencyKey?: string;
}

export function restClient(baseUrl: string, defaultKey: string) {
  async function call<Body = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    options: RestOptions = {},
  ): Promise<RestAnswer<Body>> {
    const key = options.key === undefined ? defaultKey : options.key;
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: (text === '' ? {} : JSON.parse(text)) as Body,
    };
  }
  return {
    get: <Body = Record<string, unknown>>(path: string, options?: RestOptions) => call<Body>('GET', path, undefined, options),
    post: <Body = Record<string, unknown>>(path: string, body?: unknown, options?: RestOptions) => call<Body>('POST', path, body ?? {}, options),
    patch: <Body = Record<string, unknown>>(path: string, body: unknown, options?: RestOptions) => call<Body>('PATCH', path, body, options),
    put: <Body = Record<string, unknown>>(path: string, body: unknown, options?: RestOptions) => call<Body>('PUT', path, body, options),
    delete: <Body = Record<string, unknown>>(path: string, options?: RestOptions) => call<Body>('DELETE', path, undefined, options),
    /** A GET whose answer is a document (e.g. a PDF), not JSON. */
    async bytes(path: string): Promise<{ status: number; contentType: string | null; bytes: Uint8Array }> {
      const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${defaultKey}` } });
      return { status: response.status, contentType: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
    },
  };
}

export type RestClient = ReturnType<typeof restClient>;
