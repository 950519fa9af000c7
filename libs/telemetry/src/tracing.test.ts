import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTraceContext, getTracer, injectTraceContext, startTelemetry, trace } from './index.js';

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
const telemetry = startTelemetry({ serviceName: 'telemetry-test', spanProcessors: [processor] });
afterAll(() => telemetry.shutdown());

describe('trace context in message headers', () => {
  it('a span started from extracted headers continues the producer trace', async () => {
    const producerSpan = getTracer('test').startSpan('produce');
    const headers = injectTraceContext({}, trace.setSpan(extractTraceContext({}), producerSpan));
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const consumerSpan = getTracer('test').startSpan('consume', {}, extractTraceContext(headers));
    expect(consumerSpan.spanContext().traceId).toBe(producerSpan.spanContext().traceId);
    consumerSpan.end();
    producerSpan.end();
    await processor.forceFlush();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['consume', 'produce']);
  });
});
