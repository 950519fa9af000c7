import { setTimeout as sleep } from 'node:timers/promises';
import { invoicingV1 } from '@ledgerline/contracts';
import { createLogger, getTracer, startTelemetry, trace, context } from '@ledgerline/telemetry';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGrpcClient,
  GrpcStatus,
  GrpcStatusError,
  httpStatusFromGrpc,
  serviceRegistration,
  startGrpcServer,
  type RunningGrpcServer,
} from '../src/index.js';

const exporter = new InMemorySpanExporter();
const processor = new SimpleSpanProcessor(exporter);
const telemetry = startTelemetry({ serviceName: 'grpc-test', spanProcessors: [processor] });
const SLOW_ANSWER_MS = 500;

let server: RunningGrpcServer;
let client: ReturnType<typeof createGrpcClient<invoicingV1.InvoicingServiceClient>>;
let traceIdSeenByServer: string | undefined;

beforeAll(async () => {
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('grpc-test', 'silent'),
    services: [
      serviceRegistration<invoicingV1.InvoicingServiceServer>(
        'invoicing.v1.InvoicingService',
        invoicingV1.InvoicingServiceService,
        {
          async getInvoice(request) {
            traceIdSeenByServer = trace.getActiveSpan()?.spanContext().traceId;
            if (request.invoiceId === 'slow') await sleep(SLOW_ANSWER_MS);
            if (request.invoiceId === 'broken') throw new Error('database password is hunter2');
            if (request.invoiceId !== 'known') throw new GrpcStatusError(GrpcStatus.NOT_FOUND, 'no such invoice');
            return { invoice: invoicingV1.Invoice.fromPartial({ invoiceId: 'known', totalAmount: '100.10' }) };
          },
        },
      ),
    ],
  });
  server.health.setServing(true);
  client = createGrpcClient(invoicingV1.InvoicingServiceClient, { address: `127.0.0.1:${server.port}`, deadlineMs: 2_000 });
});

afterAll(async () => {
  client.close();
  await server.shutdown(100);
  await telemetry.shutdown();
});

describe('gRPC server and client', () => {
  it('answers a unary call with exact decimal strings', async () => {
    const response = await client.getInvoice({ companyId: 'c1', invoiceId: 'known' });
    expect(response.invoice?.totalAmount).toBe('100.10');
  });

  it('fails a call that outlives its deadline with DEADLINE_EXCEEDED, mapped to 504', async () => {
    const call = client.getInvoice({ companyId: 'c1', invoiceId: 'slow' }, { deadlineMs: 50 });
    await expect(call).rejects.toMatchObject({ code: GrpcStatus.DEADLINE_EXCEEDED });
    expect(httpStatusFromGrpc(GrpcStatus.DEADLINE_EXCEEDED)).toBe(504);
  });

  it('carries a status error thrown by the handler to the caller', async () => {
    await expect(client.getInvoice({ companyId: 'c1', invoiceId: 'missing' })).rejects.toMatchObject({
      code: GrpcStatus.NOT_FOUND,
      details: 'no such invoice',
    });
  });

  it('hides the message of an unexpected failure behind INTERNAL', async () => {
    const failure = await client.getInvoice({ companyId: 'c1', invoiceId: 'broken' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: GrpcStatus.INTERNAL, details: 'internal error' });
  });

  it('answers UNIMPLEMENTED for an RPC the service has not built', async () => {
    await expect(client.discardInvoice({ companyId: 'c1', invoiceId: 'x' })).rejects.toMatchObject({
      code: GrpcStatus.UNIMPLEMENTED,
    });
  });

  it("continues the caller's trace on the server", async () => {
    const span = getTracer('test').startSpan('caller');
    await context.with(trace.setSpan(context.active(), span), () => client.getInvoice({ companyId: 'c1', invoiceId: 'known' }));
    span.end();
    expect(traceIdSeenByServer).toBe(span.spanContext().traceId);
  });
});
