#!/usr/bin/env bash
# Build the local test cluster's binaries from Go modules (once per version).
#
#   build.sh [component ...]     components: kubernetes etcd kwok metrics-server helm
#                                kwok-stages gateway-api argo-rollouts s3 (default: all)
#
# Output: ${CLUSTERCORD_CACHE:-$HOME/.cache/clustercord}/bin/<component>-<version>/<binary>
# Manifests from Go modules (no build, no lock): .../manifests/<component>-<version>/*.yaml
#   kwok-stages  kwok's default node and pod Stages (a kwokctl config with its own stages replaces them)
#   gateway-api  the Gateway API standard CRDs (sigs.k8s.io/gateway-api config/crd/standard)
#   argo-rollouts  Argo Rollouts' Rollout CRD and its aggregated roles (no controller)
# s3: the S3-compatible stand-in for blob-store tests (packages/testenv/s3: gofakes3 in memory plus a
# SigV4 check), built under its own lock so it never waits behind a Kubernetes build.
# A component whose directory already holds every binary (and a .complete
# stamp) is skipped. Builds run under `nice -n 19` so they stay out of the way.
#
# Environment:
#   CLUSTERCORD_CACHE        cache root (default ~/.cache/clustercord)
#   CLUSTERCORD_BUILD_JOBS   go build -p (default 2)
#   GOTOOLCHAIN              passed through to go
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

cache="${CLUSTERCORD_CACHE:-$HOME/.cache/clustercord}"
jobs="${CLUSTERCORD_BUILD_JOBS:-2}"
export PATH="/usr/local/go/bin:$PATH"
command -v go >/dev/null || { echo "build.sh: go not found (expected /usr/local/go/bin/go)" >&2; exit 1; }

export CGO_ENABLED=0
export GOFLAGS="-trimpath -buildvcs=false -mod=readonly"

log() { printf '[build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# component -> "version|module dir|package:binary ..."
spec() {
  case "$1" in
    kubernetes) echo "$KUBERNETES_VERSION|kubernetes|k8s.io/kubernetes/cmd/kube-apiserver:kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager:kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler:kube-scheduler k8s.io/kubernetes/cmd/kubectl:kubectl" ;;
    etcd) echo "$ETCD_VERSION|etcd|go.etcd.io/etcd/server/v3:etcd" ;;
    kwok) echo "$KWOK_VERSION|kwok|sigs.k8s.io/kwok/cmd/kwok:kwok sigs.k8s.io/kwok/cmd/kwokctl:kwokctl" ;;
    metrics-server) echo "$METRICS_SERVER_VERSION|metrics-server|sigs.k8s.io/metrics-server/cmd/metrics-server:metrics-server" ;;
    helm) echo "$HELM_VERSION|helm|helm.sh/helm/v3/cmd/helm:helm" ;;
    s3) echo "$GOFAKES3_VERSION|../../s3|clustercord.local/testenv/s3:s3" ;;
    *) echo "build.sh: unknown component '$1'" >&2; return 1 ;;
  esac
}

# Version-stamp ldflags so `kubectl version`, `helm version` etc. tell the truth.
ldflags_for() {
  local component="$1" version="$2"
  case "$component" in
    kubernetes)
      local v="${version#v}" major minor
      major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
      echo "-X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=$major -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$minor"
      ;;
    kwok)
      # kwok's own release script stamps versions without the leading "v";
      # KubeVersion tells kwokctl which flags the control plane understands.
      echo "-X sigs.k8s.io/kwok/pkg/consts.Version=${version#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBERNETES_VERSION#v}"
      ;;
    helm)
      echo "-X helm.sh/helm/v3/internal/version.version=$version -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
      ;;
    metrics-server)
      echo "-X k8s.io/client-go/pkg/version.gitVersion=$version -X k8s.io/component-base/version.gitVersion=$version"
      ;;
    *) echo "" ;;
  esac
}

build_one() {
  local component="$1" s version moddir pkgs out pkgspec pkg bin missing=0
  s="$(spec "$component")"
  version="${s%%|*}"; s="${s#*|}"
  moddir="$here/go/${s%%|*}"; pkgs="${s#*|}"
  out="$cache/bin/$component-$version"

  for pkgspec in $pkgs; do
    [[ -x "$out/${pkgspec##*:}" ]] || missing=1
  done
  if [[ $missing -eq 0 && -f "$out/.complete" ]]; then
    log "$component $version: cached in $out"
    return 0
  fi

  # The module must pin the same version as versions.env.
  local want_mod
  case "$component" in
    kubernetes) want_mod="k8s.io/kubernetes $version" ;;
    etcd) want_mod="go.etcd.io/etcd/server/v3 $version" ;;
    kwok) want_mod="sigs.k8s.io/kwok $version" ;;
    metrics-server) want_mod="sigs.k8s.io/metrics-server $version" ;;
    helm) want_mod="helm.sh/helm/v3 $version" ;;
    s3) want_mod="github.com/johannesboyne/gofakes3 $version" ;;
  esac
  if ! grep -qE "^[[:space:]]*(require[[:space:]]+)?${want_mod//./\\.}([[:space:]]|$)" "$moddir/go.mod"; then
    echo "build.sh: $moddir/go.mod does not require '$want_mod' (versions.env and go.mod disagree)" >&2
    return 1
  fi

  mkdir -p "$out"
  local tmp="$out.tmp.$$" start end ldf
  rm -rf "$tmp"; mkdir -p "$tmp"
  ldf="-s -w $(ldflags_for "$component" "$version")"
  local pkglist=()
  for pkgspec in $pkgs; do pkglist+=("${pkgspec%%:*}"); done

  log "$component $version: building ${pkglist[*]} (go build -p $jobs, nice 19)"
  start=$(date +%s)
  (
    cd "$moddir"
    # The stand-in's go.sum may lag its go.mod; it is ours, so let go fill it in.
    [[ "$component" == s3 ]] && export GOFLAGS="-trimpath -buildvcs=false -mod=mod"
    go mod download
    nice -n 19 go build -p "$jobs" -ldflags="$ldf" -o "$tmp/" "${pkglist[@]}"
  )
  end=$(date +%s)

  for pkgspec in $pkgs; do
    pkg="${pkgspec%%:*}"; bin="${pkgspec##*:}"
    # go build -o dir/ names each binary after the last path element of its
    # package, skipping a major-version suffix (go.etcd.io/etcd/server/v3 -> "server").
    local name; name="$(basename "$pkg")"
    [[ "$name" =~ ^v[0-9]+$ ]] && name="$(basename "$(dirname "$pkg")")"
    local built="$tmp/$name"
    [[ -f "$built" ]] || { echo "build.sh: $component: expected $built" >&2; return 1; }
    mv -f "$built" "$out/$bin"
  done
  rm -rf "$tmp"
  echo "$version built $(date -u +%FT%TZ) in $((end - start))s" > "$out/.complete"
  echo "$(date -u +%FT%TZ) $component $version $((end - start))s" >> "$cache/build-times.log"
  log "$component $version: done in $((end - start))s -> $out"
}

# Copies files of a Go module (downloaded through the module proxy, not built) into the cache.
#   fetch_manifests <component> <module> <version> <dir in module> <glob>...
fetch_manifests() {
  local component="$1" module="$2" version="$3" subdir="$4"; shift 4
  local out="$cache/manifests/$component-$version" dir tmp f n=0
  if [[ -f "$out/.complete" ]]; then
    log "$component $version: cached in $out"
    return 0
  fi
  local info
  info="$(cd "$cache" && GOFLAGS=-mod=mod go mod download -json "$module@$version" || true)"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")"
  if [[ -z "$dir" || ! -d "$dir/$subdir" ]]; then
    echo "build.sh: $module@$version: no $subdir ($(sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' <<<"$info"))" >&2
    return 1
  fi
  tmp="$out.tmp.$$"; rm -rf "$tmp"; mkdir -p "$tmp"
  for glob in "$@"; do
    for f in "$dir/$subdir"/$glob; do
      [[ -f "$f" ]] || continue
      cp "$f" "$tmp/"; n=$((n + 1))
    done
  done
  [[ $n -gt 0 ]] || { echo "build.sh: $component: nothing matched in $dir/$subdir" >&2; return 1; }
  chmod -R u+w "$tmp"
  echo "$version from $module $(date -u +%FT%TZ)" > "$tmp/.complete"
  rm -rf "$out"; mv "$tmp" "$out"
  log "$component $version: $n files -> $out"
}

mkdir -p "$cache/bin"
components=("$@")
[[ ${#components[@]} -gt 0 ]] || components=(kwok-stages gateway-api argo-rollouts s3 kubernetes etcd kwok metrics-server helm)
# Manifests first and outside the build lock: they take seconds and never wait for a build.
binaries=()
for c in "${components[@]}"; do
  case "$c" in
    kwok-stages)
      fetch_manifests kwok-stages sigs.k8s.io/kwok "$KWOK_VERSION" kustomize/stage \
        'node/fast/node-initialize.yaml' 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml' \
        'pod/fast/pod-ready.yaml' 'pod/fast/pod-complete.yaml' 'pod/fast/pod-delete.yaml' ;;
    gateway-api)
      fetch_manifests gateway-api sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION" config/crd/standard \
        'gateway.networking.k8s.io_*.yaml' ;;
    argo-rollouts)
      fetch_manifests argo-rollouts github.com/argoproj/argo-rollouts "$ARGO_ROLLOUTS_VERSION" manifests \
        'crds/rollout-crd.yaml' 'base/argo-rollouts-aggregate-roles.yaml' ;;
    s3)
      # Small (about a minute): its own lock, so it never queues behind a Kubernetes build.
      (
        exec 8>"$cache/build-s3.lock"
        flock 8
        build_one s3
      ) ;;
    *) binaries+=("$c") ;;
  esac
done
[[ ${#binaries[@]} -gt 0 ]] || exit 0
# One build at a time per cache (parallel test workers may all ask for it).
exec 9>"$cache/build.lock"
if ! flock -n 9; then
  log "another build.sh is running; waiting for it"
  flock 9
fi
for c in "${binaries[@]}"; do
  build_one "$c"
done
