"use client";
import { Button, Card } from "@clustercord/ui";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { Suspense } from "react";

const errors: Record<string, string> = {
  OAuthCallback: "Discord sign-in did not complete. Please try again.",
  AccessDenied: "Discord sign-in was cancelled.",
};

function SignIn() {
  const params = useSearchParams();
  const callbackUrl = params.get("callbackUrl") ?? "/guilds";
  const error = params.get("error");
  return (
    <main className="cc-landing">
      <Card>
        <h1 className="cc-brand-title">ClusterCord</h1>
        <p>
          Operate your Kubernetes clusters from the browser and from Discord, with your Discord server's
          roles.
        </p>
        {error && (
          <p className="cc-error" role="alert">
            {errors[error] ?? "Sign-in failed. Please try again."}
          </p>
        )}
        <Button
          onClick={() =>
            signIn("discord", { callbackUrl: callbackUrl.startsWith("/") ? callbackUrl : "/guilds" })
          }
        >
          Sign in with Discord
        </Button>
      </Card>
    </main>
  );
}

export default function LandingPage() {
  return (
    <Suspense>
      <SignIn />
    </Suspense>
  );
}
