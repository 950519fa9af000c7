import { context, propagation, trace, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, hostDetector, osDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  /** OTLP/HTTP base URL such as http://127.0.0.1:4318; without it spans are created but not exported. */
  otlpEndpoint?: string | undefined;
  /** Extra span processors, used by tests to capture spans in memory. */
  spanProcessors?: SpanProcessor[];
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for a process. Instrumentation is explicit at our own
 * boundaries (REST, gRPC, Kafka) rather than by monkey-patching, because ESM modules cannot be
 * patched after import and those boundaries are where a trace must cross process lines.
 * Cloud resource detectors are left out on purpose: they probe metadata addresses and stall
 * on machines without them.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const spanProcessors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint !== undefined && options.otlpEndpoint !== '') {
    const url = `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  // The SDK registers no tracer provider when it has no processor, and then spans carry no
  // trace ids: a no-op processor keeps ids flowing into logs and headers without an exporter.
  if (spanProcessors.length === 0) spanProcessors.push(new NoopSpanProcessor());
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    resourceDetectors: [envDetector, hostDetector, osDetector, processDetector],
    spanProcessors,
    instrumentations: [],
    textMapPropagator: new W3CTraceContextPropagator(),
    logRecordProcessors: [],
    metricReaders: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/** Header map as it travels in Kafka message headers or gRPC metadata, one value per key. */
export type TraceCarrier = Record<string, string>;

const carrierSetter: TextMapSetter<TraceCarrier> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

const carrierGetter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/**
 * The W3C propagator is used directly rather than through the global API so trace context
 * crosses Kafka and gRPC the same way whether or not a process has started the SDK.
 */
const w3cPropagator = new W3CTraceContextPropagator();

/** Writes `traceparent` (and `tracestate`) of the given or active context into the carrier. */
export function injectTraceContext(carrier: TraceCarrier, from: Context = context.active()): TraceCarrier {
  w3cPropagator.inject(from, carrier, carrierSetter);
  return carrier;
}

/** Returns a context whose parent span is the one named by the carrier's `traceparent`. */
export function extractTraceContext(carrier: TraceCarrier, into: Context = context.active()): Context {
  return w3cPropagator.extract(into, carrier, carrierGetter);
}

export function getTracer(name: string) {
  return trace.getTracer(name);
}

export { context, propagation, trace };
export { SpanKind, SpanStatusCode } from '@opentelemetry/api';
export type { Context, Span } from '@opentelemetry/api';
