"use client";
import { Button, Card, EmptyState, ErrorNotice } from "@clustercord/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { userMessage, useTRPC } from "~/lib/trpc";

/**
 * The server's chart repositories (searched beside ArtifactHub). Admins add
 * and remove them here; credentials are sent once and never shown again.
 */
export function RepositoriesCard({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const repos = useQuery(trpc.helm.repos.list.queryOptions());
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.helm.repos.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.helm.search.queryKey() });
  };
  const remove = useMutation(trpc.helm.repos.remove.mutationOptions({ onSuccess: refresh }));
  const list = repos.data?.repos ?? [];
  return (
    <Card title="Repositories">
      {repos.error && <ErrorNotice>{userMessage(repos.error)}</ErrorNotice>}
      {repos.data && list.length === 0 && (
        <EmptyState>No repositories yet: search uses ArtifactHub.</EmptyState>
      )}
      {list.length > 0 && (
        <ul className="cc-helm-problems-list" style={{ color: "inherit" }} aria-label="Repositories">
          {list.map((r) => (
            <li key={r.name} data-repo={r.name}>
              <span className="cc-inline">
                <strong>{r.name}</strong>
                <span className="cc-mono">{r.url}</span>
                {r.hasCredentials && <span className="cc-muted">(with credentials)</span>}
                {isAdmin && (
                  <Button
                    variant="secondary"
                    aria-label={`Remove repository ${r.name}`}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ name: r.name })}
                  >
                    Remove
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {remove.error && <ErrorNotice>{userMessage(remove.error)}</ErrorNotice>}
      {isAdmin && <AddRepository onAdded={refresh} />}
    </Card>
  );
}

function AddRepository({ onAdded }: { onAdded: () => Promise<void> }) {
  const trpc = useTRPC();
  const ids = { name: useId(), url: useId(), user: useId(), pass: useId() };
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const add = useMutation(
    trpc.helm.repos.add.mutationOptions({
      onSuccess: async () => {
        setName("");
        setUrl("");
        setUsername("");
        setPassword("");
        await onAdded();
      },
    }),
  );
  return (
    <form
      className="cc-helm-form"
      aria-label="Add a repository"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({
          name: name.trim(),
          url: url.trim(),
          ...(username ? { username } : {}),
          ...(password ? { password } : {}),
        });
      }}
    >
      <div className="cc-helm-row">
        <label htmlFor={ids.name}>
          Repository name
          <input
            id={ids.name}
            value={name}
            required
            autoCapitalize="off"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label htmlFor={ids.url}>
          Repository URL
          <input
            id={ids.url}
            type="url"
            value={url}
            required
            placeholder="https://charts.example.com"
            onChange={(e) => setUrl(e.target.value)}
          />
        </label>
      </div>
      <details>
        <summary>Credentials (optional)</summary>
        <div className="cc-helm-row">
          <label htmlFor={ids.user}>
            Username
            <input
              id={ids.user}
              value={username}
              autoComplete="off"
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label htmlFor={ids.pass}>
            Password
            <input
              id={ids.pass}
              type="password"
              value={password}
              autoComplete="new-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </div>
      </details>
      {add.error && <ErrorNotice>{userMessage(add.error)}</ErrorNotice>}
      {add.isSuccess && (
        <p className="cc-success" role="status">
          Repository {add.data.name} added.
        </p>
      )}
      <div className="cc-helm-actions">
        <Button type="submit" disabled={add.isPending}>
          Add repository
        </Button>
      </div>
    </form>
  );
}
