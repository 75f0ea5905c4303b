/**
 * A cluster's schemas and discovery, cached with ClusterCord's own
 * credentials (schemas are not secret, and every authenticated user may read
 * them: system:discovery): the OpenAPI v3 index (`/openapi/v3`) and the
 * aggregated discovery documents refreshed at most every `ttlMs`, or earlier
 * when a batch names a group-version they lack; per group-version documents
 * kept by their `?hash=` URL, which the server changes whenever the content
 * does, so a cached document never goes stale. Once warm, validating a
 * batch of known kinds asks the cluster nothing.
 */
import type { KubeConfig } from "@kubernetes/client-node";
import { kubeRequest } from "../apply/request";
import { fromHttpAnswer } from "../client/errors";
import { AGGREGATED_DISCOVERY_ACCEPT, type Discovery, openApiPathOf, parseDiscovery } from "./discovery";

/** `components.schemas` of one group-version's OpenAPI v3 document. */
export type OpenApiSchemaMap = Record<string, unknown>;

/** What reached the cluster, per process: the bench checks that a warm validate adds nothing. */
export const schemaRequestCounts = { openApi: 0, discovery: 0 };

export interface SchemaCacheOptions {
  /** How long the index and discovery are trusted (default 60 s). */
  ttlMs?: number;
  /** A forced refresh (an unknown group-version) at most this often (default 2 s). */
  minRefreshMs?: number;
  /** Documents kept (least recently used dropped first; default 64). */
  maxDocuments?: number;
  now?: () => number;
}

/** OpenAPI documents are big (api/v1 is several MB) but not unbounded. */
const DOCUMENT_MAX_BYTES = 48 * 1024 * 1024;
const DISCOVERY_MAX_BYTES = 16 * 1024 * 1024;

interface Timed<T> {
  at: number;
  value: Promise<T>;
}

export class ClusterSchemaCache {
  readonly #kc: KubeConfig;
  readonly #ttl: number;
  readonly #minRefresh: number;
  readonly #maxDocuments: number;
  readonly #now: () => number;
  #discovery: Timed<Discovery> | null = null;
  #index: Timed<Map<string, string>> | null = null;
  readonly #documents = new Map<string, Promise<OpenApiSchemaMap>>();

  constructor(kc: KubeConfig, options: SchemaCacheOptions = {}) {
    this.#kc = kc;
    this.#ttl = options.ttlMs ?? 60_000;
    this.#minRefresh = options.minRefreshMs ?? 2_000;
    this.#maxDocuments = options.maxDocuments ?? 64;
    this.#now = options.now ?? Date.now;
  }

  /** Forgets discovery and the index (after a CRD is established); documents stay (hash-keyed). */
  invalidate(): void {
    this.#discovery = null;
    this.#index = null;
  }

  /** Discovery, refreshed if older than the TTL or (at most every minRefreshMs) if it lacks one of `apiVersions`. */
  async discovery(apiVersions: readonly string[] = []): Promise<Discovery> {
    let held = this.#fresh(this.#discovery);
    if (held) {
      const current = await held.value;
      const missing = apiVersions.some((v) => !current.hasGroupVersion(v));
      if (!missing || this.#now() - held.at < this.#minRefresh) return current;
    }
    held = { at: this.#now(), value: this.#fetchDiscovery() };
    this.#discovery = held;
    return this.#settle(held, () => {
      if (this.#discovery === held) this.#discovery = null;
    });
  }

  /** The schemas of `apiVersion` (`apps/v1`), or null when the cluster publishes none for it. */
  async schemas(apiVersion: string): Promise<OpenApiSchemaMap | null> {
    const path = openApiPathOf(apiVersion);
    let index = this.#fresh(this.#index);
    let urls = index ? await index.value : null;
    if (!index || (urls && !urls.has(path) && this.#now() - index.at >= this.#minRefresh)) {
      index = { at: this.#now(), value: this.#fetchIndex() };
      this.#index = index;
      const held = index;
      urls = await this.#settle(held, () => {
        if (this.#index === held) this.#index = null;
      });
    }
    const url = urls?.get(path);
    if (!url) return null;
    let doc = this.#documents.get(url);
    if (doc) {
      // Most recently used last.
      this.#documents.delete(url);
    } else {
      doc = this.#fetchDocument(url);
      doc.catch(() => this.#documents.delete(url));
    }
    this.#documents.set(url, doc);
    while (this.#documents.size > this.#maxDocuments) {
      const oldest = this.#documents.keys().next().value;
      if (oldest === undefined) break;
      this.#documents.delete(oldest);
    }
    return doc;
  }

  #fresh<T>(held: Timed<T> | null): Timed<T> | null {
    return held && this.#now() - held.at < this.#ttl ? held : null;
  }

  async #settle<T>(held: Timed<T>, forget: () => void): Promise<T> {
    try {
      return await held.value;
    } catch (error) {
      forget();
      throw error;
    }
  }

  async #getJson(path: string, accept: string, maxBytes: number): Promise<unknown> {
    const answer = await kubeRequest(this.#kc, { method: "GET", path, accept, maxBytes });
    let body: unknown = answer.text;
    try {
      body = JSON.parse(answer.text);
    } catch {
      // quoted only if it is a Status (it is not)
    }
    if (answer.status !== 200) throw fromHttpAnswer(answer.status, body);
    if (typeof body !== "object" || body === null) {
      throw fromHttpAnswer(502, body);
    }
    return body;
  }

  async #fetchDiscovery(): Promise<Discovery> {
    schemaRequestCounts.discovery += 2;
    const [core, groups] = await Promise.all([
      this.#getJson("/api", AGGREGATED_DISCOVERY_ACCEPT, DISCOVERY_MAX_BYTES),
      this.#getJson("/apis", AGGREGATED_DISCOVERY_ACCEPT, DISCOVERY_MAX_BYTES),
    ]);
    return parseDiscovery([core, groups]);
  }

  async #fetchIndex(): Promise<Map<string, string>> {
    schemaRequestCounts.openApi += 1;
    const body = (await this.#getJson("/openapi/v3", "application/json", DISCOVERY_MAX_BYTES)) as {
      paths?: Record<string, { serverRelativeURL?: string }>;
    };
    const urls = new Map<string, string>();
    for (const [path, entry] of Object.entries(body.paths ?? {})) {
      if (
        typeof entry?.serverRelativeURL === "string" &&
        entry.serverRelativeURL.startsWith("/openapi/v3/")
      ) {
        urls.set(path, entry.serverRelativeURL);
      }
    }
    return urls;
  }

  async #fetchDocument(url: string): Promise<OpenApiSchemaMap> {
    schemaRequestCounts.openApi += 1;
    const body = (await this.#getJson(url, "application/json", DOCUMENT_MAX_BYTES)) as {
      components?: { schemas?: OpenApiSchemaMap };
    };
    return body.components?.schemas ?? {};
  }
}
