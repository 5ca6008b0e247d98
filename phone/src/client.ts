// The API as the phone app talks to it: an `openapi-fetch` client over the types that
// `openapi-typescript` generated from the server's own document (src/api.d.ts).

import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./api.js";

export type Api = Client<paths>;
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type TokenPair = Schemas["TokenResponse"];

/** A client of the API at `baseUrl`; with `token`, every request carries its bearer token. */
export function connect(baseUrl: string, token?: () => string): Api {
  const api = createClient<paths>({ baseUrl });
  if (token !== undefined) {
    api.use({
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${token()}`);
        return request;
      },
    });
  }
  return api;
}

/** The phone's sign-in: the client it belongs to and its current token pair. */
export class PhoneSession {
  readonly api: Api;
  private readonly public: Api;

  constructor(
    baseUrl: string,
    readonly clientId: string,
    public tokens: TokenPair,
  ) {
    this.api = connect(baseUrl, () => this.tokens.access_token);
    this.public = connect(baseUrl);
  }

  /** Exchanges `refreshToken` (the stored one unless given) for a new pair. Does not store it. */
  async exchange(refreshToken: string = this.tokens.refresh_token) {
    return this.public.POST("/api/v1/auth/refresh", { body: { refresh_token: refreshToken } });
  }
}
