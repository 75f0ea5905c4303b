{{/* Names and labels */}}
{{- define "clustercord.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "clustercord.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* <fullname>-<component>, e.g. clustercord-web (component names are short, so trim the base). */}}
{{- define "clustercord.componentName" -}}
{{- printf "%s-%s" (include "clustercord.fullname" .root | trunc 56 | trimSuffix "-") .component }}
{{- end }}

{{- define "clustercord.selectorLabels" -}}
app.kubernetes.io/name: {{ include "clustercord.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "clustercord.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "clustercord.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: clustercord
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "clustercord.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "clustercord.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "clustercord.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The web Service's in-cluster URL: the worker calls the API there. */}}
{{- define "clustercord.webServiceUrl" -}}
{{- printf "http://%s.%s.svc:%v" (include "clustercord.componentName" (dict "root" . "component" "web")) .Release.Namespace .Values.web.service.port }}
{{- end }}

{{- define "clustercord.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- .Values.publicUrl }}
{{- else if and .Values.web.ingress.enabled .Values.web.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" (not (empty .Values.web.ingress.tlsSecretName))) .Values.web.ingress.host }}
{{- else }}
{{- include "clustercord.webServiceUrl" . }}
{{- end }}
{{- end }}

{{/*
Secret variables of one component, each a secretKeyRef into existingSecret.
Never a value: secrets are not rendered from values.
*/}}
{{- define "clustercord.secretEnv" -}}
{{- $secret := .root.Values.existingSecret }}
{{- range .names }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret.name }}
      key: {{ index $secret.keys . | default . }}
{{- end }}
{{- end }}

{{/* Plain variables from values; a secret's name here is refused (see values.schema.json). */}}
{{- define "clustercord.extraEnv" -}}
{{- $secretNames := keys .root.Values.existingSecret.keys }}
{{- range .env }}
{{- if has .name $secretNames }}
{{- fail (printf "%s.extraEnv: %s is a secret: put it in the Secret named by existingSecret.name and list it in %s.secretEnv, never in values" $.component .name $.component) }}
{{- end }}
{{- end }}
{{- with .env }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Settings every process reads the same way. */}}
{{- define "clustercord.commonEnv" -}}
- name: NODE_ENV
  value: production
# The root filesystem is read-only: caches (tsx, Prisma's CLI) go to the /tmp emptyDir.
- name: HOME
  value: /tmp
- name: CHECKPOINT_DISABLE
  value: "1"
- name: NEXT_TELEMETRY_DISABLED
  value: "1"
- name: DISCORD_API_BASE
  value: {{ .Values.discord.apiBase | quote }}
{{- end }}

{{/* /tmp (and, for the web, Next's cache) are the only writable paths. */}}
{{- define "clustercord.scratchVolume" -}}
- name: {{ .name }}
  emptyDir:
    sizeLimit: {{ .root.Values.scratchSizeLimit }}
{{- end }}

{{- define "clustercord.probes" -}}
{{- with .startupProbe }}
startupProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .readinessProbe }}
readinessProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .livenessProbe }}
livenessProbe:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Pod-level fields shared by every Deployment. */}}
{{- define "clustercord.podSpecCommon" -}}
serviceAccountName: {{ include "clustercord.serviceAccountName" .root }}
automountServiceAccountToken: false
# Service links would add <SERVICE>_PORT-style variables to every process.
enableServiceLinks: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
terminationGracePeriodSeconds: {{ .values.terminationGracePeriodSeconds }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Container fields shared by every process. */}}
{{- define "clustercord.containerCommon" -}}
image: {{ include "clustercord.image" .root }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
command:
  {{- toYaml .values.command | nindent 2 }}
securityContext:
  {{- toYaml .root.Values.securityContext | nindent 2 }}
resources:
  {{- toYaml .values.resources | nindent 2 }}
{{- end }}

{{- define "clustercord.podAnnotations" -}}
{{- with .values.podAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
