import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkaLogLevel } from './log-level.js';

describe('kafkaLogLevel', () => {
  it('writes a consumer crash on a loading group coordinator at WARN', () => {
    const message = "Crash: KafkaJSProtocolError: The coordinator is loading and hence can't process requests for this group";
    expect(kafkaLogLevel(logLevel.ERROR, message, undefined)).toBe(logLevel.WARN);
  });

  it('writes a response error naming a partition without a leader yet at WARN', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', 'This server does not host this topic-partition')).toBe(logLevel.WARN);
  });

  it('keeps any other error at ERROR', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', 'The request included a message larger than the max message size the server will accept')).toBe(
      logLevel.ERROR,
    );
  });

  it('leaves warnings and debug entries as they are', () => {
    expect(kafkaLogLevel(logLevel.WARN, 'Restarting the consumer in 300ms', undefined)).toBe(logLevel.WARN);
    expect(kafkaLogLevel(logLevel.DEBUG, 'Topic creation errors', undefined)).toBe(logLevel.DEBUG);
  });
});
