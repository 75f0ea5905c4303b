/**
 * A guild's chart repositories (helm.repos.*). Adding one proves it: the URL
 * is checked by the chart guard and its index.yaml fetched once through it.
 * Basic-auth credentials are sealed with the credential cipher (as cluster
 * credentials are), opened only to fetch, never returned or logged.
 */
import { randomUUID } from "node:crypto";
import {
  AppError,
  type HelmRepo,
  type HelmReposAddInput,
  type HelmReposListOutput,
} from "@clustercord/contracts";
import {
  deleteHelmRepository,
  findHelmRepository,
  type HelmRepositoryRecord,
  helmRepositorySealContext,
  insertHelmRepository,
  listHelmRepositories,
  type SealedHelmRepository,
} from "@clustercord/db";
import type { ApiDeps } from "../context";
import { basicAuthHeader } from "./chart-fetch";
import { type IndexSource, indexCacheFor } from "./chart-index";
import { helmSetup } from "./chart-setup";
import type { Actor } from "./read-access";

const sealContext = helmRepositorySealContext;

function toHelmRepo(record: HelmRepositoryRecord): HelmRepo {
  return {
    name: record.name,
    url: record.url,
    hasCredentials: record.hasCredentials,
    addedBy: record.createdBy,
    addedAt: record.createdAt.toISOString(),
  };
}

/** The repository URL as stored: http(s), no credentials in it, no trailing slash. Pure. */
export function normalizeRepoUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AppError("BAD_REQUEST", {
      userMessage: "The repository URL must be an http(s) URL such as https://charts.example.com.",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("BAD_REQUEST", {
      userMessage: `The repository URL must be an http(s) URL, not ${url.protocol.replace(/:$/, "")}://.`,
    });
  }
  if (url.username || url.password) {
    throw new AppError("BAD_REQUEST", {
      userMessage: "Put the repository's username and password in their own fields, not in the URL.",
    });
  }
  if (url.search || url.hash) {
    throw new AppError("BAD_REQUEST", {
      userMessage: "The repository URL must not have a query or a fragment.",
    });
  }
  return url.toString().replace(/\/+$/, "");
}

/** The index source of a stored repository, its credentials opened for the request. */
export function repositorySource(deps: ApiDeps, repo: SealedHelmRepository): IndexSource {
  if (!repo.credential) return { name: repo.name, url: repo.url };
  const credentials = JSON.parse(deps.cipher.open(repo.credential, sealContext(repo.guildId, repo.id))) as {
    username: string;
    password: string;
  };
  return { name: repo.name, url: repo.url, authorization: basicAuthHeader(credentials) };
}

/** A guild's repository by name as an index source, or null when the guild has none of that name. */
export async function guildRepositorySource(
  deps: ApiDeps,
  guildId: string,
  name: string,
): Promise<IndexSource | null> {
  const repo = await findHelmRepository(deps.prisma, guildId, name);
  return repo ? repositorySource(deps, repo) : null;
}

/** Every repository of a guild as index sources. */
export async function guildRepositorySources(deps: ApiDeps, guildId: string): Promise<IndexSource[]> {
  return (await listHelmRepositories(deps.prisma, guildId)).map((r) => repositorySource(deps, r));
}

export async function listRepos(deps: ApiDeps, actor: Actor): Promise<HelmReposListOutput> {
  const repos = await listHelmRepositories(deps.prisma, actor.guildId);
  return { repos: repos.map((r) => toHelmRepo(r)) };
}

export async function addRepo(deps: ApiDeps, actor: Actor, input: HelmReposAddInput): Promise<HelmRepo> {
  const helm = helmSetup(deps);
  const url = normalizeRepoUrl(input.url);
  if (Boolean(input.username) !== Boolean(input.password)) {
    throw new AppError("BAD_REQUEST", {
      userMessage: "Give both a username and a password for the repository, or neither.",
    });
  }
  if (await findHelmRepository(deps.prisma, actor.guildId, input.name)) {
    throw new AppError("CONFLICT", {
      userMessage: `A chart repository named "${input.name}" already exists in this server.`,
    });
  }
  const credentials =
    input.username && input.password ? { username: input.username, password: input.password } : null;
  // Proves the repository answers with an index, through the guard; maxAgeMs 0: never a cached copy.
  const index = await indexCacheFor(helm.guard).load(
    helm.guard,
    { name: input.name, url, authorization: credentials ? basicAuthHeader(credentials) : undefined },
    { maxAgeMs: 0, staleOnError: false },
  );
  if (index.charts.size === 0) {
    throw new AppError("BAD_REQUEST", {
      userMessage: `Repository ${input.name} has no charts in its index.`,
    });
  }
  const id = randomUUID();
  const record = await insertHelmRepository(deps.prisma, {
    id,
    guildId: actor.guildId,
    name: input.name,
    url,
    credential: credentials
      ? deps.cipher.seal(JSON.stringify(credentials), sealContext(actor.guildId, id))
      : null,
    keyId: credentials ? deps.cipher.activeKeyId : null,
    createdBy: actor.userId,
  });
  return toHelmRepo(record);
}

export async function removeRepo(
  deps: ApiDeps,
  actor: Actor,
  input: { name: string },
): Promise<{ removed: string }> {
  const repo = await findHelmRepository(deps.prisma, actor.guildId, input.name);
  if (!repo || !(await deleteHelmRepository(deps.prisma, actor.guildId, input.name))) {
    throw new AppError("NOT_FOUND", {
      userMessage: `There is no chart repository named "${input.name}" in this server.`,
    });
  }
  if (deps.helm) indexCacheFor(deps.helm.guard).forget(repo.url);
  return { removed: input.name };
}
