import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * JSON-lines logger for a service. Every line carries the service name and, when a span is
 * active, its trace and span ids, so a log line can be joined to its trace across services.
 */
export function createLogger(serviceName: string, level: LogLevel = 'info'): Logger {
  return pino({
    level,
    base: { service: serviceName },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const spanContext = trace.getActiveSpan()?.spanContext();
      if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return {};
      return { traceId: spanContext.traceId, spanId: spanContext.spanId };
    },
  });
}
