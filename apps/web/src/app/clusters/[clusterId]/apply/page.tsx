import { headers } from "next/headers";
import { ApplyWorkbench } from "~/components/manifests/apply-workbench";
import { cspNonce } from "~/components/manifests/format";

/**
 * The Apply page. Rendered on the server only to hand the client this
 * response's CSP nonce (server/security.ts puts the policy on the request):
 * the YAML editor adds its styles at run time and marks them with it.
 */
export default async function ApplyPage() {
  const nonce = cspNonce((await headers()).get("content-security-policy"));
  return <ApplyWorkbench nonce={nonce} />;
}
