export { createLogger, type LogLevel, type Logger } from './logger.js';
export {
  context,
  extractTraceContext,
  getTracer,
  injectTraceContext,
  SpanKind,
  SpanStatusCode,
  startTelemetry,
  trace,
  type Context,
  type Span,
  type Telemetry,
  type TelemetryOptions,
  type TraceCarrier,
} from './tracing.js';
