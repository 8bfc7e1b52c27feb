package v1alpha1_test

import (
	"testing"

	"github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// TestEnvoyProxyTelemetryValidate covers the telemetry settings of
// EnvoyProxy: access logs, tracing, metrics and health check logs.
func TestEnvoyProxyTelemetryValidate(t *testing.T) {
	runValidationCases(t, v1alpha1.KindEnvoyProxy, newEnvoyProxy, []validationCase{
		{
			name: "access logs to a file, a log service and a collector",
			spec: `
telemetry:
  accessLog:
    settings:
    - format: {type: JSON, json: {status: "%RESPONSE_CODE%"}}
      matches: ["response.code >= 400"]
      sinks:
      - type: File
        file: {path: /dev/stdout}
      - type: ALS
        als:
          type: HTTP
          logName: accesslog
          http: {requestHeaders: [x-request-id]}
          backendRefs: [{name: als, namespace: monitoring, port: 9000}]
      - type: OpenTelemetry
        openTelemetry:
          host: otel-collector.monitoring.svc.cluster.local
          port: 4317
          resourceAttributes: {k8s.cluster.name: prod}
      type: Route
`,
		},
		{
			name: "format without text or JSON",
			spec: `
telemetry:
  accessLog:
    settings:
    - format: {}
      sinks: [{type: File, file: {path: /dev/stdout}}]
`,
			want: []wantErr{required("spec.telemetry.accessLog.settings[0].format")},
		},
		{
			name: "formats that do not match their type",
			spec: `
telemetry:
  accessLog:
    settings:
    - format: {type: JSON, text: "%START_TIME%"}
      sinks: [{type: File, file: {path: /dev/stdout}}]
    - format: {type: Text, json: {a: b}}
      sinks: [{type: File, file: {path: /dev/stdout}}]
`,
			want: []wantErr{
				forbidden("spec.telemetry.accessLog.settings[0].format.text"), required("spec.telemetry.accessLog.settings[0].format.json"),
				required("spec.telemetry.accessLog.settings[1].format.text"), forbidden("spec.telemetry.accessLog.settings[1].format.json"),
			},
		},
		{
			name: "sinks that do not match their type",
			spec: `
telemetry:
  accessLog:
    settings:
    - sinks:
      - {type: File, openTelemetry: {host: otel}}
      - {type: ALS}
      - {type: OpenTelemetry, file: {path: /dev/stdout}}
      - {file: {path: /dev/stdout}}
`,
			want: []wantErr{
				required("spec.telemetry.accessLog.settings[0].sinks[0].file"), forbidden("spec.telemetry.accessLog.settings[0].sinks[0].openTelemetry"),
				required("spec.telemetry.accessLog.settings[0].sinks[1].als"),
				forbidden("spec.telemetry.accessLog.settings[0].sinks[2].file"), required("spec.telemetry.accessLog.settings[0].sinks[2].openTelemetry"),
				required("spec.telemetry.accessLog.settings[0].sinks[3].type"),
			},
		},
		{
			name: "log service without backends, or with a single backendRef",
			spec: `
telemetry:
  accessLog:
    settings:
    - sinks:
      - type: ALS
        als: {type: TCP, backendRef: {name: als, port: 9000}, http: {}}
`,
			want: []wantErr{
				forbidden("spec.telemetry.accessLog.settings[0].sinks[0].als.backendRef"),
				required("spec.telemetry.accessLog.settings[0].sinks[0].als.backendRefs"),
				forbidden("spec.telemetry.accessLog.settings[0].sinks[0].als.http"),
			},
		},
		{
			name: "log service backends of foreign kinds and groups",
			spec: `
telemetry:
  accessLog:
    settings:
    - sinks:
      - type: ALS
        als:
          type: HTTP
          backendRefs:
          - {group: multicluster.x-k8s.io, kind: ServiceImport, name: als, port: 9000}
          - {group: gateway.envoyproxy.io, kind: Backend, name: als}
`,
			want: []wantErr{
				notSupported("spec.telemetry.accessLog.settings[0].sinks[0].als.backendRefs[0].kind"),
				notSupported("spec.telemetry.accessLog.settings[0].sinks[0].als.backendRefs[0].group"),
			},
		},
		{
			name: "collector without an address, with both resource fields",
			spec: `
telemetry:
  accessLog:
    settings:
    - sinks:
      - type: OpenTelemetry
        openTelemetry:
          resources: {a: b}
          resourceAttributes: {a: b}
          headers: []
`,
			want: []wantErr{
				required("spec.telemetry.accessLog.settings[0].sinks[0].openTelemetry.backendRefs"),
				invalid("spec.telemetry.accessLog.settings[0].sinks[0].openTelemetry.headers"),
				forbidden("spec.telemetry.accessLog.settings[0].sinks[0].openTelemetry.resources"),
			},
		},
		{
			name: "access log without sinks, or settings",
			spec: `
telemetry:
  accessLog:
    settings:
    - type: Cluster
`,
			want: []wantErr{required("spec.telemetry.accessLog.settings[0].sinks"), notSupported("spec.telemetry.accessLog.settings[0].type")},
		},
		{
			name: "tracing to a collector",
			spec: `
telemetry:
  tracing:
    samplingFraction: {numerator: 1, denominator: 100}
    provider:
      type: OpenTelemetry
      backendRefs: [{name: otel-collector, namespace: monitoring, port: 4317}]
      serviceName: gateway
      openTelemetry:
        headers: [{name: X-Api-Key, value: secret}]
        sampler: {type: ParentBasedTraceIdRatio, samplingPercentage: {numerator: 5}}
`,
		},
		{
			name: "sampling rate and sampling fraction",
			spec: `
telemetry:
  tracing:
    samplingRate: 10
    samplingFraction: {numerator: 1}
    provider: {host: otel-collector}
`,
			want: []wantErr{forbidden("spec.telemetry.tracing.samplingFraction")},
		},
		{
			name: "OpenTelemetry settings for Zipkin, empty service name",
			spec: `
telemetry:
  tracing:
    provider:
      type: Zipkin
      host: zipkin
      serviceName: ""
      openTelemetry: {}
`,
			want: []wantErr{invalid("spec.telemetry.tracing.provider.serviceName"), forbidden("spec.telemetry.tracing.provider.openTelemetry")},
		},
		{
			name: "sampling percentage for an always-on sampler",
			spec: `
telemetry:
  tracing:
    provider:
      host: otel-collector
      openTelemetry:
        sampler: {samplingPercentage: {numerator: 200}}
`,
			want: []wantErr{
				invalid("spec.telemetry.tracing.provider.openTelemetry.sampler.samplingPercentage.numerator"),
				forbidden("spec.telemetry.tracing.provider.openTelemetry.sampler.samplingPercentage"),
			},
		},
		{
			name: "tracing provider without an address",
			spec: `
telemetry:
  tracing:
    samplingRate: 101
    provider: {type: Jaeger, backendRef: {name: jaeger, port: 4317}}
`,
			want: []wantErr{
				invalid("spec.telemetry.tracing.samplingRate"), notSupported("spec.telemetry.tracing.provider.type"),
				forbidden("spec.telemetry.tracing.provider.backendRef"), required("spec.telemetry.tracing.provider.backendRefs"),
			},
		},
		{
			name: "metrics",
			spec: `
telemetry:
  metrics:
    prometheus: {compression: {type: Gzip}}
    sinks:
    - type: OpenTelemetry
      openTelemetry: {host: otel-collector, port: 4317, reportCountersAsDeltas: true}
    matches: [{type: Prefix, value: cluster.}]
    enableVirtualHostStats: true
`,
		},
		{
			name: "metrics sink without its settings, and bad fields",
			spec: `
telemetry:
  metrics:
    prometheus: {compression: {type: Deflate}}
    sinks:
    - {type: OpenTelemetry}
    - openTelemetry: {port: 65536, backendRefs: [{name: otel, port: 4317}]}
    matches: [{type: Glob, value: "*"}]
`,
			want: []wantErr{
				notSupported("spec.telemetry.metrics.prometheus.compression.type"),
				required("spec.telemetry.metrics.sinks[0].openTelemetry"), invalid("spec.telemetry.metrics.sinks[1].openTelemetry.port"),
				notSupported("spec.telemetry.metrics.matches[0].type"),
			},
		},
		{
			name: "health check log and request ID",
			spec: `
telemetry:
  requestID: {tracing: Sample}
  healthCheckLog:
    sinks: [{type: File, file: {path: /dev/stdout}}]
    matches: [FailureSeriesStart, Success]
`,
		},
		{
			name: "health check log with success events only",
			spec: `
telemetry:
  requestID: {tracing: Always}
  healthCheckLog:
    sinks: [{type: File, file: {path: /dev/stdout}}, {type: Socket}]
    matches: [Success]
`,
			want: []wantErr{
				notSupported("spec.telemetry.requestID.tracing"), tooMany("spec.telemetry.healthCheckLog.sinks"),
				notSupported("spec.telemetry.healthCheckLog.sinks[1].type"), invalid("spec.telemetry.healthCheckLog.matches"),
			},
		},
	})
}
