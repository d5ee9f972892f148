{{/* Names and labels. */}}
{{- define "hone.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hone.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "hone.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "hone.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "hone.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "hone.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: server, or worker-<pool>. */}}
{{- define "hone.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hone.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "hone.workerName" -}}
{{- printf "%s-worker-%s" (include "hone.fullname" .root) .pool.name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hone.image" -}}
{{- $image := .image | default dict }}
{{- $repository := $image.repository | default .root.Values.image.repository }}
{{- $tag := $image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- printf "%s:%s" $repository $tag }}
{{- end }}

{{/* The Secret every credential comes from; the chart never holds a secret value. */}}
{{- define "hone.secretName" -}}
{{- required "secrets.existingSecret must name an existing Secret holding the credentials" .Values.secrets.existingSecret }}
{{- end }}

{{/*
Environment shared by server and workers: external services from values, credentials from the
existing Secret, Temporal TLS files from the mounted Secret.
*/}}
{{- define "hone.commonEnv" -}}
{{- $secret := include "hone.secretName" . -}}
- name: JAVA_OPTS
  value: {{ .Values.javaOpts | quote }}
- name: HONE_DB_URL
  value: {{ required "database.url is required" .Values.database.url | quote }}
- name: HONE_DB_USER
  value: {{ .Values.database.user | quote }}
- name: HONE_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.dbPasswordKey }}
- name: HONE_RUNTIME_TEMPORAL_TARGET
  value: {{ required "temporal.target is required" .Values.temporal.target | quote }}
- name: HONE_RUNTIME_TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if or .Values.temporal.tls.enabled .Values.temporal.apiKey.enabled }}
{{- /* An API key travels over TLS only (Temporal Cloud): TLS with the system's CAs. */}}
- name: HONE_RUNTIME_TEMPORAL_TLS_ENABLED
  value: "true"
{{- end }}
{{- if .Values.temporal.tls.enabled }}
- name: HONE_RUNTIME_TEMPORAL_TLS_CLIENT_CERT
  value: /etc/hone/temporal-tls/{{ .Values.temporal.tls.certKey }}
- name: HONE_RUNTIME_TEMPORAL_TLS_CLIENT_KEY
  value: /etc/hone/temporal-tls/{{ .Values.temporal.tls.keyKey }}
- name: HONE_RUNTIME_TEMPORAL_TLS_SERVER_CA
  value: /etc/hone/temporal-tls/{{ .Values.temporal.tls.caKey }}
{{- with .Values.temporal.tls.serverName }}
- name: HONE_RUNTIME_TEMPORAL_TLS_SERVER_NAME
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .Values.temporal.apiKey.enabled }}
- name: HONE_RUNTIME_TEMPORAL_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.temporalApiKeyKey }}
{{- end }}
- name: HONE_REGISTRY_ARTIFACT_STORE
  value: s3
{{- with .Values.artifactStore.s3 }}
{{- if .endpoint }}
- name: HONE_REGISTRY_S3_ENDPOINT
  value: {{ .endpoint | quote }}
{{- end }}
- name: HONE_REGISTRY_S3_BUCKET
  value: {{ required "artifactStore.s3.bucket is required" .bucket | quote }}
- name: HONE_REGISTRY_S3_REGION
  value: {{ .region | quote }}
{{- if .prefix }}
- name: HONE_REGISTRY_S3_PREFIX
  value: {{ .prefix | quote }}
{{- end }}
- name: HONE_REGISTRY_S3_PATH_STYLE
  value: {{ .pathStyle | quote }}
{{- end }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.s3AccessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secrets.s3SecretAccessKeyKey }}
- name: HONE_SECURITY_IDENTITY
  value: keycloak
- name: HONE_OIDC_URL
  value: {{ required "identity.oidcUrl is required" .Values.identity.oidcUrl | quote }}
- name: HONE_OIDC_AUDIENCE
  value: {{ .Values.identity.audience | quote }}
{{- with .Values.identity.consoleIssuer }}
- name: HONE_CONSOLE_OIDC_ISSUER
  value: {{ . | quote }}
{{- end }}
{{- with .Values.tracing.otlpEndpoint }}
- name: QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Writable directories under a read-only root filesystem, and the Temporal TLS files. */}}
{{- define "hone.volumeMounts" -}}
- name: work
  mountPath: /var/lib/hone
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: /etc/hone/temporal-tls
  readOnly: true
{{- end }}
{{- end }}

{{- define "hone.volumes" -}}
- name: work
  emptyDir:
    sizeLimit: {{ .Values.workDirSizeLimit }}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ required "temporal.tls.existingSecret must name the Secret with the client certificate, key and CA" .Values.temporal.tls.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.temporal.tls.certKey }}
        path: {{ .Values.temporal.tls.certKey }}
      - key: {{ .Values.temporal.tls.keyKey }}
        path: {{ .Values.temporal.tls.keyKey }}
      - key: {{ .Values.temporal.tls.caKey }}
        path: {{ .Values.temporal.tls.caKey }}
{{- end }}
{{- end }}

{{- define "hone.podSpecCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
